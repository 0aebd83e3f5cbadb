import type { OauthConnectionKind, OauthProvider } from "@socialplan/schema";
import { graph, type GraphCall } from "../publishing/adapters/meta-graph.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import type { AccountCheck, FoundAccount, ProviderApp, SignInResult } from "./flows/types.ts";
import { PROVIDERS } from "./providers.ts";

/**
 * The networks' token and account endpoints, as each documents them:
 * - Facebook Login (manual flow): https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
 *   (code → `GET /oauth/access_token?client_id&redirect_uri&client_secret&code`), long-lived user tokens:
 *   https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
 *   (`grant_type=fb_exchange_token`, about 60 days; Page tokens got with a long-lived user token do not expire),
 *   Pages: https://developers.facebook.com/docs/graph-api/reference/user/accounts (`/me/accounts` with each Page's
 *   `access_token`), a Page's Instagram account: `instagram_business_account`
 *   (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/get-started),
 *   revocation: `DELETE /{user-id}/permissions` (https://developers.facebook.com/docs/graph-api/reference/user/permissions).
 * - Business Login for Instagram:
 *   https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 *   (code → `POST https://api.instagram.com/oauth/access_token` form, 1-hour token; `GET graph.instagram.com/access_token?
 *   grant_type=ig_exchange_token` → 60 days; `GET /refresh_access_token?grant_type=ig_refresh_token` for a token at
 *   least 24 hours old and not expired). No revocation endpoint is documented.
 * - Threads: https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions and
 *   https://developers.facebook.com/docs/threads/get-started/long-lived-tokens (`th_exchange_token`, 60 days;
 *   `th_refresh_token` for a token at least 24 hours old and not expired). No revocation endpoint is documented.
 */

export type { AccountCheck, FoundAccount, ProviderApp, SignInResult } from "./flows/types.ts";

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  user_id?: string | number;
  data?: Array<{ access_token?: string; user_id?: string | number }>;
}

const expiresAt = (now: Date, seconds: number | undefined) => (typeof seconds === "number" && seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : null);

function tokenOf(body: TokenAnswer, what: string): string {
  const token = body.access_token ?? body.data?.[0]?.access_token;
  if (!token) throw new PublishError("rejected", "connection.oauth_exchange_failed", `the ${what} answer had no access_token`);
  return token;
}

/** The code → short-lived token → long-lived token exchange, then the accounts this sign-in may connect. */
export async function completeSignIn(call: GraphCall, kind: OauthConnectionKind, app: ProviderApp, input: { code: string; redirectUri: string; codeVerifier: string | null; now: Date }): Promise<SignInResult> {
  const provider: OauthProvider = kind === "instagram" ? "instagram" : kind === "threads" ? "threads" : "meta";
  const p = PROVIDERS[provider];
  const verifier = input.codeVerifier ?? undefined;
  if (provider === "meta") {
    const short = await graph<TokenAnswer>(call, "GET", p.tokenUrl, { client_id: app.clientId, redirect_uri: input.redirectUri, client_secret: app.clientSecret, code: input.code, code_verifier: verifier }, null);
    const long = await graph<TokenAnswer>(call, "GET", p.tokenUrl, { grant_type: "fb_exchange_token", client_id: app.clientId, client_secret: app.clientSecret, fb_exchange_token: tokenOf(short.body, "code exchange") }, null);
    const userToken = tokenOf(long.body, "long-lived token");
    const me = await graph<{ id: string }>(call, "GET", `${p.graphUrl}/me`, { fields: "id,name" }, userToken);
    const accounts = kind === "facebook" ? await facebookPages(call, userToken) : await linkedInstagramAccounts(call, userToken);
    return { accounts, tokenExpiresAt: expiresAt(input.now, long.body.expires_in), secret: { userAccessToken: userToken, userId: String(me.body.id) } };
  }
  // Instagram Login and Threads take the code as a form POST and answer with the user's id.
  const short = await graph<TokenAnswer>(call, "POST", p.tokenUrl, { client_id: app.clientId, client_secret: app.clientSecret, grant_type: "authorization_code", redirect_uri: input.redirectUri, code: input.code, code_verifier: verifier }, null);
  const host = new URL(p.graphUrl).origin;
  const long = await graph<TokenAnswer>(call, "GET", `${host}/access_token`, { grant_type: provider === "instagram" ? "ig_exchange_token" : "th_exchange_token", client_secret: app.clientSecret }, tokenOf(short.body, "code exchange"));
  const token = tokenOf(long.body, "long-lived token");
  const account = await readOwnAccount(call, kind, token);
  return { accounts: [{ ...account, accessToken: token }], tokenExpiresAt: expiresAt(input.now, long.body.expires_in) };
}

interface PageAnswer {
  id: string;
  name: string;
  access_token?: string;
  instagram_business_account?: { id: string };
}

async function pagesOf(call: GraphCall, userToken: string): Promise<PageAnswer[]> {
  const { body } = await graph<{ data?: PageAnswer[] }>(call, "GET", `${PROVIDERS.meta.graphUrl}/me/accounts`, { fields: "id,name,access_token,instagram_business_account", limit: 100 }, userToken);
  return (body.data ?? []).filter((pg) => pg.access_token);
}

async function facebookPages(call: GraphCall, userToken: string): Promise<FoundAccount[]> {
  return (await pagesOf(call, userToken)).map((pg) => ({ id: String(pg.id), name: pg.name, username: null, pictureUrl: null, accessToken: pg.access_token!, pageId: String(pg.id) }));
}

async function linkedInstagramAccounts(call: GraphCall, userToken: string): Promise<FoundAccount[]> {
  const out: FoundAccount[] = [];
  for (const pg of await pagesOf(call, userToken)) {
    const ig = pg.instagram_business_account;
    if (!ig) continue;
    const { body } = await graph<{ id: string; username?: string; name?: string; profile_picture_url?: string }>(call, "GET", `${PROVIDERS.meta.graphUrl}/${ig.id}`, { fields: "id,username,name,profile_picture_url" }, pg.access_token!);
    out.push({ id: String(body.id), name: body.name ?? body.username ?? pg.name, username: body.username ?? null, pictureUrl: body.profile_picture_url ?? null, accessToken: pg.access_token!, pageId: String(pg.id) });
  }
  return out;
}

/** The account behind an Instagram Login or Threads token (`/me`). */
async function readOwnAccount(call: GraphCall, kind: OauthConnectionKind, token: string): Promise<Omit<FoundAccount, "accessToken">> {
  if (kind === "threads") {
    const { body } = await graph<{ id: string; username?: string; name?: string; threads_profile_picture_url?: string }>(call, "GET", `${PROVIDERS.threads.graphUrl}/me`, { fields: "id,username,name,threads_profile_picture_url" }, token);
    return { id: String(body.id), name: body.name ?? body.username ?? "", username: body.username ?? null, pictureUrl: body.threads_profile_picture_url ?? null };
  }
  // `user_id` is the Instagram professional account's id (what publishing uses); `id` is app-scoped.
  const { body } = await graph<{ id: string; user_id?: string | number; username?: string; name?: string; profile_picture_url?: string }>(call, "GET", `${PROVIDERS.instagram.graphUrl}/me`, { fields: "user_id,username,name,profile_picture_url" }, token);
  return { id: String(body.user_id ?? body.id), name: body.name ?? body.username ?? "", username: body.username ?? null, pictureUrl: body.profile_picture_url ?? null };
}

/** A new long-lived token for an Instagram Login or Threads connection (the old one at least 24 hours old, not expired). */
export async function refreshToken(call: GraphCall, kind: "instagram" | "threads", token: string, now: Date): Promise<{ accessToken: string; expiresAt: string | null }> {
  const host = new URL(PROVIDERS[kind].graphUrl).origin;
  const { body } = await graph<TokenAnswer>(call, "GET", `${host}/refresh_access_token`, { grant_type: kind === "instagram" ? "ig_refresh_token" : "th_refresh_token" }, token);
  return { accessToken: tokenOf(body, "refresh"), expiresAt: expiresAt(now, body.expires_in) };
}

/** Withdraws the app's permissions for the Facebook user (Meta's only revocation endpoint). */
export async function revokeMetaPermissions(call: GraphCall, userId: string, userAccessToken: string): Promise<void> {
  await graph<unknown>(call, "DELETE", `${PROVIDERS.meta.graphUrl}/${userId}/permissions`, {}, userAccessToken);
}

interface QuotaAnswer {
  data?: Array<{ quota_usage?: number; config?: { quota_total?: number; quota_duration?: number } }>;
}

/**
 * A harmless read with a connection's stored token: the Page, or the Instagram / Threads account (`/me` or by id),
 * and the publishing quota where one is documented (`content_publishing_limit`, `threads_publishing_limit`).
 */
export async function checkAccount(call: GraphCall, kind: OauthConnectionKind, remoteId: string, token: string): Promise<AccountCheck> {
  let account: Omit<AccountCheck, "quota">;
  let quotaUrl: string | null = null;
  if (kind === "facebook") {
    const { body } = await graph<{ id: string; name: string }>(call, "GET", `${PROVIDERS.meta.graphUrl}/${remoteId}`, { fields: "id,name" }, token);
    account = { id: String(body.id), name: body.name, username: null };
  } else if (kind === "instagram_facebook") {
    const { body } = await graph<{ id: string; username?: string; name?: string }>(call, "GET", `${PROVIDERS.meta.graphUrl}/${remoteId}`, { fields: "id,username,name" }, token);
    account = { id: String(body.id), name: body.name ?? body.username ?? "", username: body.username ?? null };
    quotaUrl = `${PROVIDERS.meta.graphUrl}/${remoteId}/content_publishing_limit`;
  } else {
    const found = await readOwnAccount(call, kind, token);
    account = { id: found.id, name: found.name, username: found.username };
    quotaUrl = kind === "threads" ? `${PROVIDERS.threads.graphUrl}/${remoteId}/threads_publishing_limit` : `${PROVIDERS.instagram.graphUrl}/${remoteId}/content_publishing_limit`;
  }
  let quota: AccountCheck["quota"] = null;
  if (quotaUrl) {
    try {
      const { body } = await graph<QuotaAnswer>(call, "GET", quotaUrl, { fields: "quota_usage,config" }, token);
      const row = body.data?.[0];
      if (row && typeof row.quota_usage === "number" && typeof row.config?.quota_total === "number") {
        quota = { used: row.quota_usage, limit: row.config.quota_total, windowHours: (row.config.quota_duration ?? 86400) / 3600 };
      }
    } catch {
      // The quota is extra: an account that answers but hides it is still a working connection.
    }
  }
  return { ...account, quota };
}
