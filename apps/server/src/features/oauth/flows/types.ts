import type { OauthConnectionKind, PublishOptions, Revocation } from "@socialplan/schema";
import type { Config } from "../../../config.ts";
import type { OutboundFetch } from "../../../lib/outbound.ts";
import type { NumbersReader } from "../../metrics/numbers-reader.ts";

/**
 * One provider's sign-in and account calls, behind one interface: `FLOWS` (flows/index.ts) holds one per provider,
 * and the sign-in (oauth-flow.service.ts), the token upkeep (token-jobs.ts, access-token.ts), the disconnect
 * (revoke.ts), the check (connection-check.ts), the numbers import (metrics/network-numbers.ts) and the publishing
 * options route call it. Every request goes through `networkUrl(url, call.simulator)` (providers.ts) and
 * `call.fetch` (the outbound client: private addresses refused).
 */
export interface FlowCall {
  fetch: OutboundFetch;
  /** `deps.config.networkSimulatorUrl` */
  simulator: string | undefined;
  signal?: AbortSignal;
}

/** The developer app (client id and secret) the operator registered at the network. */
export interface ProviderApp {
  clientId: string;
  clientSecret: string;
}

/**
 * What a signed-in connection keeps sealed in `connections.secret` (JSON). Every flow stores at least
 * `accessToken`; the rest where its network has them. Flow-specific extra fields are allowed (strings only).
 */
export interface StoredSecret {
  /** What the API calls use (Meta: the Page token for Pages and linked Instagram accounts). */
  accessToken: string;
  /** OAuth 2.0 refresh token (LinkedIn, X, Google, TikTok, Pinterest). */
  refreshToken?: string;
  /** When `accessToken` runs out (ISO); absent: it does not, or the network did not say. `access-token.ts` refreshes it shortly before. */
  accessExpiresAt?: string;
  /** When `refreshToken` runs out (ISO), where the network says. */
  refreshExpiresAt?: string;
  /** Meta: the long-lived user token (kept to revoke) and the Facebook user's id. */
  userAccessToken?: string;
  userId?: string;
  [extra: string]: string | undefined;
}

/** An account the sign-in found, with the tokens its API calls use. */
export interface FoundAccount {
  id: string;
  name: string;
  username: string | null;
  pictureUrl: string | null;
  accessToken: string;
  /** The Page an Instagram account (Facebook Login) is linked to. */
  pageId?: string;
  /** Anything else the adapter needs in the connection's (non-secret) config: a LinkedIn author URN, a Business Profile account/location name… Strings only. */
  extra?: Record<string, string>;
}

export interface SignInResult {
  accounts: FoundAccount[];
  /**
   * When the connection stops working unless the person signs in again (ISO): the refresh token's end where there
   * is one, else the access token's. Stored as `connections.token_expires_at`; members are warned a week before.
   */
  tokenExpiresAt: string | null;
  /** Stored in the sealed secret beside each account's accessToken (refreshToken, accessExpiresAt, userAccessToken…). */
  secret?: Omit<StoredSecret, "accessToken">;
}

export interface Refreshed {
  secret: StoredSecret;
  /** The new `token_expires_at` (null: unchanged / not known). */
  tokenExpiresAt: string | null;
}

export interface AccountCheck {
  id: string;
  name: string;
  username: string | null;
  /** The publishing quota, when the network let us read it. */
  quota: { used: number; limit: number; windowHours: number } | null;
}

/** A connection as a flow's account calls need it. */
export interface FlowConnection {
  kind: OauthConnectionKind;
  /** `connections.remote_account_id` (else config.accountId). */
  accountId: string;
  /** `connections.config` parsed: `{ provider, accountId, username, name, pictureUrl?, pageId?, ...extra }`. */
  config: Record<string, unknown>;
  secret: StoredSecret;
}

export interface ProviderFlow {
  /**
   * The authorize URL's extra parameters beyond client id, redirect_uri, response_type=code, scope, state and the
   * PKCE challenge (Google: access_type=offline, prompt=consent; TikTok nothing…).
   */
  authorizeParams?(url: URL, kind: OauthConnectionKind, config: Config): void;
  /** Code → tokens → the accounts this sign-in may connect (a member, their organizations; channels; locations…). */
  completeSignIn(call: FlowCall, kind: OauthConnectionKind, app: ProviderApp, input: { code: string; redirectUri: string; codeVerifier: string | null; now: Date }): Promise<SignInResult>;
  /**
   * A new access token from the stored secret (refresh token, or the long-lived token itself for Instagram Login and
   * Threads). Throws PublishError "auth" when the network refuses it for good (revoked, expired): the connection
   * is then paused and its owners told. Absent: nothing can be refreshed without the person (Meta).
   */
  refresh?(call: FlowCall, kind: OauthConnectionKind, app: ProviderApp, secret: StoredSecret, now: Date): Promise<Refreshed>;
  /**
   * The token upkeep job refreshes a connection whose `token_expires_at` is this close (ms), where refreshing moves
   * it (Instagram Login, Threads: 30 days; a rotating refresh token). Absent: only before use, when the access token runs out.
   */
  renewWithinMs?: number;
  /**
   * Identifies the network's grant behind a connection (Meta: the Facebook user; Google: the Google account) where
   * one sign-in serves several connections and revoking ends them all: while another connection shares the key, a
   * disconnect revokes nothing ("kept").
   */
  grantKey?(conn: FlowConnection): string | null;
  /** Withdraws the app's access at the network on disconnect; absent → "not_offered" (the README says where to remove the app). */
  revoke?(call: FlowCall, app: ProviderApp, conn: FlowConnection): Promise<Revocation>;
  /** A harmless read with the stored token: the account, and the quota where one is documented. */
  check(call: FlowCall, conn: FlowConnection): Promise<AccountCheck>;
  /** The numbers import's reader for the account (see metrics/numbers-reader.ts). */
  numbersReader?(call: FlowCall, conn: FlowConnection): NumbersReader;
  /** What to choose from when publishing (Pinterest boards, TikTok creator info); absent → `{}`. */
  publishOptions?(call: FlowCall, conn: FlowConnection): Promise<PublishOptions>;
}
