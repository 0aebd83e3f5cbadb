import type { OauthConnectionKind, PublishOptions } from "@socialplan/schema";
import type { NumbersReader } from "../../metrics/numbers-reader.ts";
import { PublishError } from "../../publishing/adapters/types.ts";
import { PROVIDERS } from "../providers.ts";
import { GoogleError, googleFetch } from "./google-http.ts";
export { GoogleError, googleFetch, nextPacificMidnight, QUOTA_REASONS, type GoogleAnswer, type GoogleRequest } from "./google-http.ts";
import type { AccountCheck, FlowCall, FlowConnection, FoundAccount, ProviderApp, ProviderFlow, Refreshed, SignInResult, StoredSecret } from "./types.ts";
import { youtubeApi } from "../../publishing/adapters/youtube-api.ts";
import { googleBusinessApi } from "./google-business.ts";

/**
 * Google's sign-in (one provider, two kinds: `youtube` and `google_business`), as documented in
 * "Using OAuth 2.0 for Web Server Applications" (https://developers.google.com/identity/protocols/oauth2/web-server):
 * - authorize: `https://accounts.google.com/o/oauth2/v2/auth` with client_id, redirect_uri, response_type=code, scope
 *   (space-separated), state, `access_type=offline` (so the code exchange also answers a refresh token),
 *   `prompt=consent` (the refresh token is only answered on the first consent otherwise: asking again gives a new one
 *   after a disconnect) and `include_granted_scopes=true` (incremental authorization: a YouTube sign-in and a
 *   Business Profile sign-in of the same Google account add up to one grant);
 * - code exchange: `POST https://oauth2.googleapis.com/token` (form: code, client_id, client_secret, redirect_uri,
 *   grant_type=authorization_code) → access_token, expires_in (3599: one hour), refresh_token, scope, token_type,
 *   id_token (with the `openid` scope), `refresh_token_expires_in` (only for time-based access);
 * - refresh: the same endpoint with grant_type=refresh_token → a new access_token (the refresh token stays);
 *   `invalid_grant` means the refresh token no longer works. Refresh tokens do not expire by time, but stop working
 *   when the person revokes the app, when unused for six months, when the password changes (Gmail scopes), past
 *   100 live refresh tokens per account per client, and after 7 days while the app's OAuth consent screen is in
 *   "Testing" publishing status with an external user type ("Refresh token expiration" in the page above);
 * - revoke: `POST https://oauth2.googleapis.com/revoke` (form: token) → 200; 400 for a token already invalid.
 *   Revoking either token ends the whole grant of this app for that Google account.
 * - the Google account: the `sub` of the id token answered by the token endpoint. It came straight from Google over
 *   TLS, so its signature need not be checked ("Obtain user information from the ID token",
 *   https://developers.google.com/identity/openid-connect/openid-connect#obtainuserinfo). `grantKey` = that `sub`,
 *   so disconnecting one of several connections of the same Google account (two channels, a channel and a Business
 *   Profile location) revokes nothing while another still uses the grant.
 *
 * Each kind's account calls are a `GoogleKindApi`: `youtubeApi` (YouTube channels, publishing/adapters/youtube-api.ts)
 * and `googleBusinessApi` (Business Profile locations, ./google-business.ts).
 */

/** One kind's account calls behind the shared Google sign-in. */
export interface GoogleKindApi {
  /** The accounts a sign-in may connect, from the access token: YouTube channels / Business Profile locations. */
  accounts(call: FlowCall, accessToken: string): Promise<Array<Omit<FoundAccount, "accessToken">>>;
  check(call: FlowCall, conn: FlowConnection): Promise<AccountCheck>;
  numbersReader?(call: FlowCall, conn: FlowConnection): NumbersReader;
  publishOptions?(call: FlowCall, conn: FlowConnection): Promise<PublishOptions>;
}

/** Looked up when called (not at load), so a kind's module may import from this one without an import-order trap. */
function apiOf(kind: OauthConnectionKind): GoogleKindApi {
  const api: GoogleKindApi | undefined = kind === "youtube" ? youtubeApi : kind === "google_business" ? googleBusinessApi : undefined;
  if (!api) throw new PublishError("rejected", "connection.oauth_not_configured", `Google sign-in does not give ${kind} connections`);
  return api;
}

// ---------------------------------------------------------------------------------------------------------------
// The sign-in.
// ---------------------------------------------------------------------------------------------------------------

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
  id_token?: string;
}

const at = (now: Date, seconds: number | undefined) => (typeof seconds === "number" && seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : undefined);

/** The `sub` (Google account id) of an id token received directly from the token endpoint. */
export function subOf(idToken: string | undefined): string | undefined {
  if (!idToken) return undefined;
  const payload = idToken.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub?: unknown };
    return typeof claims.sub === "string" ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

async function token(call: FlowCall, form: Record<string, string | undefined>, now: Date): Promise<TokenAnswer> {
  const { body } = await googleFetch<TokenAnswer>(call, "POST", PROVIDERS.google.tokenUrl, { form }, now);
  if (!body.access_token) throw new PublishError("rejected", "connection.oauth_exchange_failed", "the token answer had no access_token");
  return body;
}

/**
 * Scopes a connection works without (Google's granular consent lets the person untick each): the Google account's id
 * (then disconnecting revokes the grant whatever other connections use it) and YouTube's daily views.
 */
const OPTIONAL_SCOPES = new Set(["openid", "https://www.googleapis.com/auth/yt-analytics.readonly"]);

async function completeSignIn(call: FlowCall, kind: OauthConnectionKind, app: ProviderApp, input: { code: string; redirectUri: string; codeVerifier: string | null; now: Date }): Promise<SignInResult> {
  const api = apiOf(kind);
  const answer = await token(call, { grant_type: "authorization_code", code: input.code, client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier ?? undefined }, input.now);
  if (!answer.refresh_token) {
    // access_type=offline with prompt=consent always answers one; without it the connection would end in an hour.
    throw new PublishError("rejected", "connection.oauth_exchange_failed", "Google answered no refresh_token (access_type=offline, prompt=consent were sent)");
  }
  const granted = new Set((answer.scope ?? "").split(" ").filter(Boolean));
  const missing = (PROVIDERS.google.scopesFor?.[kind] ?? []).filter((s) => !OPTIONAL_SCOPES.has(s) && granted.size > 0 && !granted.has(s));
  if (missing.length) {
    // Google's consent screen lets the person untick scopes (granular consent): the app asks again rather than fail later.
    throw new PublishError("rejected", "connection.oauth_scopes_missing", `not granted: ${missing.join(" ")}`);
  }
  const accounts = await api.accounts(call, answer.access_token!);
  const refreshExpiresAt = at(input.now, answer.refresh_token_expires_in);
  const sub = subOf(answer.id_token);
  const secret: Omit<StoredSecret, "accessToken"> = {
    refreshToken: answer.refresh_token,
    accessExpiresAt: at(input.now, answer.expires_in ?? 3599),
    ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
    ...(sub ? { googleSub: sub } : {}),
  };
  return {
    accounts: accounts.map((a) => ({ ...a, accessToken: answer.access_token! })),
    // A refresh token has no end by time (unless granted for a time, or the app is in Testing: 7 days — the README says so).
    tokenExpiresAt: refreshExpiresAt ?? null,
    secret,
  };
}

async function refresh(call: FlowCall, _kind: OauthConnectionKind, app: ProviderApp, secret: StoredSecret, now: Date): Promise<Refreshed> {
  if (!secret.refreshToken) throw new PublishError("auth", "publish.auth", "no refresh token is stored: sign in again");
  const answer = await token(call, { grant_type: "refresh_token", refresh_token: secret.refreshToken, client_id: app.clientId, client_secret: app.clientSecret }, now);
  return {
    secret: {
      ...secret,
      accessToken: answer.access_token!,
      accessExpiresAt: at(now, answer.expires_in ?? 3599),
      // Google keeps the refresh token; should it ever answer a new one, that one is kept.
      ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    },
    tokenExpiresAt: null,
  };
}

export const googleFlow: ProviderFlow = {
  authorizeParams(url) {
    url.searchParams.set("access_type", "offline");
    url.searchParams.set("prompt", "consent");
    url.searchParams.set("include_granted_scopes", "true");
  },
  completeSignIn,
  refresh,
  grantKey: (conn) => (conn.secret.googleSub ? `google:${conn.secret.googleSub}` : null),
  async revoke(call, _app, conn) {
    const tok = conn.secret.refreshToken ?? conn.secret.accessToken;
    try {
      await googleFetch<unknown>(call, "POST", "https://oauth2.googleapis.com/revoke", { form: { token: tok } });
      return "revoked";
    } catch (err) {
      // 400 invalid_token: the token no longer works — the access is gone already.
      if (err instanceof GoogleError && (err.status === 400 || err.kind === "auth")) return "revoked";
      throw err;
    }
  },
  check: (call, conn) => apiOf(conn.kind).check(call, conn),
  numbersReader(call, conn) {
    const api = apiOf(conn.kind);
    if (!api.numbersReader) throw new PublishError("rejected", "metrics.numbers_unavailable", `no numbers for ${conn.kind}`);
    return api.numbersReader(call, conn);
  },
  async publishOptions(call, conn) {
    const api = apiOf(conn.kind);
    return api.publishOptions ? api.publishOptions(call, conn) : {};
  },
};
