import { TIKTOK_PRIVACY, type PublishOptions } from "@socialplan/schema";
import { tiktokReader } from "../../metrics/tiktok-numbers.ts";
import { tiktok, TikTokError, tiktokForm } from "../../publishing/adapters/tiktok-api.ts";
import { PublishError } from "../../publishing/adapters/types.ts";
import { PROVIDERS } from "../providers.ts";
import type { FlowCall, FoundAccount, ProviderApp, ProviderFlow, Refreshed, SignInResult, StoredSecret } from "./types.ts";

/**
 * TikTok: Login Kit for Web and the Content Posting API.
 *
 * - Authorize: https://developers.tiktok.com/doc/login-kit-web — `https://www.tiktok.com/v2/auth/authorize/` with
 *   `client_key`, `scope` (comma-separated), `redirect_uri`, `state`, `response_type=code` (PROVIDERS.tiktok). The
 *   web flow documents no PKCE (code_challenge is for Login Kit for Desktop), so none is sent.
 * - Tokens: https://developers.tiktok.com/doc/oauth-user-access-token-management — `POST /v2/oauth/token/` form
 *   `client_key, client_secret, code, grant_type=authorization_code, redirect_uri` → `open_id, scope, access_token,
 *   expires_in` (86,400 s: 24 hours), `refresh_token, refresh_expires_in` (31,536,000 s: 365 days). Refresh:
 *   `grant_type=refresh_token, refresh_token` — "the refresh token may be different": the answer's is kept, with its
 *   own end. Revoke: `POST /v2/oauth/revoke/` form `client_key, client_secret, token`.
 * - Account: https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info — `GET /v2/user/info/?fields=…`
 *   (open_id, avatar_url, display_name: user.info.basic; username: user.info.profile; follower_count: user.info.stats).
 * - Creator info: https://developers.tiktok.com/doc/content-posting-api-reference-query-creator-info —
 *   `POST /v2/post/publish/creator_info/query/`; the app must query it when the post settings are shown and build
 *   the screen from it (content-sharing-guidelines#required_ux_implementation_in_your_app).
 *
 * Posting mode: Direct Post needs the `video.publish` scope, which TikTok grants only to an app whose Content Posting
 * API has Direct Post enabled; without it, videos and photos are uploaded to the creator's TikTok inbox
 * (`video.upload`), where the creator finishes the post in the app. The mode is read from the scopes the person
 * granted at sign-in and stored in the connection's config (`postMode`: "direct" | "inbox"). An operator whose app
 * has no Direct Post sets TIKTOK_POST_MODE=inbox so the sign-in does not ask for `video.publish` (TikTok refuses a
 * sign-in that asks for a scope the app lacks).
 */

const API = PROVIDERS.tiktok.graphUrl;
const TOKEN_URL = PROVIDERS.tiktok.tokenUrl;
const REVOKE_URL = `${API}/oauth/revoke/`;
const DAY_MS = 86_400_000;
const USER_FIELDS = "open_id,union_id,avatar_url,display_name,username";

export type TikTokPostMode = "direct" | "inbox";
export const postModeOf = (config: Record<string, unknown>): TikTokPostMode => (config.postMode === "inbox" ? "inbox" : "direct");


interface TokenAnswer {
  open_id?: string;
  scope?: string;
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_expires_in?: number;
}

interface UserInfo {
  open_id?: string;
  union_id?: string;
  avatar_url?: string;
  display_name?: string;
  username?: string;
  follower_count?: number;
}

const at = (now: Date, seconds: number | undefined, fallbackMs: number) => new Date(now.getTime() + (typeof seconds === "number" && seconds > 0 ? seconds * 1000 : fallbackMs)).toISOString();

function secretOf(body: TokenAnswer, now: Date, previous?: StoredSecret): StoredSecret {
  if (!body.access_token) throw new PublishError("rejected", "connection.oauth_exchange_failed", "the token answer had no access_token");
  const refreshToken = body.refresh_token ?? previous?.refreshToken;
  return {
    ...(previous ?? {}),
    accessToken: body.access_token,
    accessExpiresAt: at(now, body.expires_in, DAY_MS),
    ...(refreshToken ? { refreshToken } : {}),
    ...(body.refresh_token ? { refreshExpiresAt: at(now, body.refresh_expires_in, 365 * DAY_MS) } : previous?.refreshExpiresAt ? { refreshExpiresAt: previous.refreshExpiresAt } : {}),
    ...(body.open_id ? { openId: body.open_id } : {}),
  };
}

export async function readUser(call: FlowCall, token: string, fields = USER_FIELDS): Promise<UserInfo> {
  const body = await tiktok<{ data?: { user?: UserInfo } }>(call, "GET", `${API}/user/info/`, token, undefined, { fields });
  const user = body.data?.user;
  if (!user?.open_id) throw new PublishError("unknown", "publish.server_error", "TikTok's user info had no open_id");
  return user;
}

async function completeSignIn(call: FlowCall, _kind: unknown, app: ProviderApp, input: { code: string; redirectUri: string; now: Date }): Promise<SignInResult> {
  const body = await tiktokForm<TokenAnswer>(call, TOKEN_URL, { client_key: app.clientId, client_secret: app.clientSecret, code: input.code, grant_type: "authorization_code", redirect_uri: input.redirectUri });
  const secret = secretOf(body, input.now);
  const scopes = (body.scope ?? "").split(/[,\s]+/).filter(Boolean);
  // Nothing can be posted without one of the two posting scopes (the person unticked them on TikTok's screen).
  const postMode: TikTokPostMode | null = scopes.includes("video.publish") ? "direct" : scopes.includes("video.upload") ? "inbox" : null;
  if (!postMode) return { accounts: [], tokenExpiresAt: null };
  const user = await readUser(call, secret.accessToken);
  const account: FoundAccount = {
    id: user.open_id!,
    name: user.display_name || (user.username ? `@${user.username}` : "TikTok"),
    username: user.username ?? null,
    pictureUrl: user.avatar_url ?? null,
    accessToken: secret.accessToken,
    extra: { postMode, scopes: scopes.join(",") },
  };
  const { accessToken: _a, ...rest } = secret;
  return { accounts: [account], tokenExpiresAt: rest.refreshExpiresAt ?? rest.accessExpiresAt ?? null, secret: rest };
}

async function refresh(call: FlowCall, _kind: unknown, app: ProviderApp, secret: StoredSecret, now: Date): Promise<Refreshed> {
  if (!secret.refreshToken) throw new PublishError("auth", "connection.revoked", "the connection has no refresh token; sign in again");
  let body: TokenAnswer;
  try {
    body = await tiktokForm<TokenAnswer>(call, TOKEN_URL, { client_key: app.clientId, client_secret: app.clientSecret, grant_type: "refresh_token", refresh_token: secret.refreshToken });
  } catch (err) {
    // An unknown, expired or revoked refresh token is answered invalid_grant (or a 4xx invalid_request): for good.
    if (err instanceof TikTokError && (err.kind === "auth" || err.tiktokCode === "invalid_request")) throw new PublishError("auth", "connection.revoked", err.message, null, err.detail);
    throw err;
  }
  const fresh = secretOf(body, now, secret);
  return { secret: fresh, tokenExpiresAt: fresh.refreshExpiresAt ?? null };
}

const isPrivacy = (v: string): v is (typeof TIKTOK_PRIVACY)[number] => (TIKTOK_PRIVACY as readonly string[]).includes(v);

interface CreatorInfo {
  creator_avatar_url?: string;
  creator_username?: string;
  creator_nickname?: string;
  privacy_level_options?: string[];
  comment_disabled?: boolean;
  duet_disabled?: boolean;
  stitch_disabled?: boolean;
  max_video_post_duration_sec?: number;
}

/** The creator can post nothing more now: the answer the creator_info query gives instead of the creator's data. */
const CANNOT_POST = new Set(["spam_risk_too_many_posts", "spam_risk_user_banned_from_posting", "reached_active_user_cap"]);

async function publishOptions(call: FlowCall, conn: { config: Record<string, unknown>; secret: StoredSecret }): Promise<PublishOptions> {
  // Inbox uploads carry no post settings (the creator chooses them in the TikTok app), and creator_info needs video.publish.
  if (postModeOf(conn.config) === "inbox") return {};
  try {
    const body = await tiktok<{ data?: CreatorInfo }>(call, "POST", `${API}/post/publish/creator_info/query/`, conn.secret.accessToken, {});
    const d = body.data ?? {};
    return {
      tiktokCreator: {
        nickname: d.creator_nickname ?? String(conn.config.name ?? ""),
        username: d.creator_username ?? null,
        avatarUrl: d.creator_avatar_url ?? null,
        privacyLevelOptions: (d.privacy_level_options ?? []).filter(isPrivacy),
        commentDisabled: d.comment_disabled === true,
        duetDisabled: d.duet_disabled === true,
        stitchDisabled: d.stitch_disabled === true,
        maxVideoPostDurationSec: typeof d.max_video_post_duration_sec === "number" ? d.max_video_post_duration_sec : null,
        canPost: true,
      },
    };
  } catch (err) {
    if (!(err instanceof TikTokError) || !CANNOT_POST.has(err.tiktokCode)) throw err;
    return {
      tiktokCreator: {
        nickname: String(conn.config.name ?? ""),
        username: typeof conn.config.username === "string" ? conn.config.username : null,
        avatarUrl: null,
        privacyLevelOptions: [],
        commentDisabled: true,
        duetDisabled: true,
        stitchDisabled: true,
        maxVideoPostDurationSec: null,
        canPost: false,
      },
    };
  }
}

export const tiktokFlow: ProviderFlow = {
  authorizeParams(url, _kind, config) {
    // TIKTOK_POST_MODE=inbox (config.ts): the developer app has no Direct Post.
    if (config.tiktokPostMode !== "inbox") return;
    const scopes = (url.searchParams.get("scope") ?? "").split(",").filter((s) => s && s !== "video.publish");
    url.searchParams.set("scope", scopes.join(","));
  },
  completeSignIn,
  refresh,
  // No `renewWithinMs`: the refresh token is "valid for 365 days after the initial issuance" (token management
  // page), so refreshing early does not move the connection's end; the upkeep would refresh in vain every few
  // minutes and never warn. Access tokens are refreshed before use; a refresh answer's own refresh token and end are
  // kept (`secretOf`), and members are warned a week before the 365 days run out.
  async revoke(call, app, conn) {
    try {
      await tiktokForm<unknown>(call, REVOKE_URL, { client_key: app.clientId, client_secret: app.clientSecret, token: conn.secret.accessToken });
      return "revoked";
    } catch (err) {
      // A token TikTok no longer knows means the access is gone already.
      if (err instanceof PublishError && err.kind === "auth") return "revoked";
      throw err;
    }
  },
  async check(call, conn) {
    const user = await readUser(call, conn.secret.accessToken);
    return { id: user.open_id!, name: user.display_name ?? user.username ?? "", username: user.username ?? null, quota: null };
  },
  numbersReader: (call, conn) => tiktokReader(call, conn.secret.accessToken),
  publishOptions,
};
