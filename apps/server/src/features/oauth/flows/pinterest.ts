import { pinterestReader } from "../../metrics/pinterest-numbers.ts";
import { allPages, pinterest, type UserAccountAnswer } from "../../publishing/adapters/pinterest-api.ts";
import { failureFromFetch, PublishError } from "../../publishing/adapters/types.ts";
import { networkUrl, PROVIDERS } from "../providers.ts";
import type { FlowCall, FoundAccount, ProviderApp, ProviderFlow, StoredSecret } from "./types.ts";

/**
 * Pinterest's sign-in (https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/):
 * the browser goes to `https://www.pinterest.com/oauth/` with client_id, redirect_uri, response_type=code, the
 * scopes joined by commas and state; the code is exchanged at `POST https://api.pinterest.com/v5/oauth/token`
 * (form body, the app authenticated with HTTP Basic `client_id:client_secret` — the token endpoint's only client
 * authentication, https://developers.pinterest.com/docs/api/v5/oauth-token/).
 *
 * Tokens: the access token lasts 30 days (`expires_in` 2,592,000). With continuous refresh (`continuous_refresh=true`
 * on the code exchange; Pinterest's announced default) every refresh answers a NEW refresh token good for 60 more
 * days (`refresh_token_expires_in`), so a connection used or kept up at least every 60 days never needs the person;
 * an app still on the older "legacy" refresh tokens gets a one-year refresh token and no new one on refresh — both
 * are handled: a refresh answer without `refresh_token` keeps the stored one and its end.
 *
 * Scopes: boards:read (the boards to choose from), pins:read (the Pins and their analytics; list pins after a lost
 * answer), pins:write (create Pins, upload video), user_accounts:read (the account, its followers and analytics).
 * No endpoint withdraws an app's access (the v5 reference has none): disconnecting answers "not_offered" and the
 * README says where the person removes the app (Settings → Security and logins → Apps).
 */

const DAY_MS = 86_400_000;

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  refresh_token_expires_in?: number;
  refresh_token_expires_at?: number;
  scope?: string;
}

const at = (now: Date, seconds: number | undefined) => (typeof seconds === "number" && seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : undefined);

/** `POST /v5/oauth/token` with HTTP Basic client authentication. A refused grant (400/401) is "auth". */
async function tokenCall(call: FlowCall, app: ProviderApp, form: Record<string, string>): Promise<TokenAnswer> {
  let res: Response;
  try {
    res = await call.fetch(networkUrl(PROVIDERS.pinterest.tokenUrl, call.simulator), {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
      ...(call.signal ? { signal: call.signal } : {}),
      redirect: "error",
    });
  } catch (err) {
    throw failureFromFetch(err);
  }
  const text = await res.text().catch(() => "");
  const detail = { body: text.slice(0, 500) };
  if (res.status === 400 || res.status === 401) throw new PublishError("auth", "connection.oauth_exchange_failed", `token endpoint: HTTP ${res.status}`, null, detail);
  if (!res.ok) throw new PublishError(res.status === 429 || res.status >= 500 ? "retry" : "rejected", "connection.oauth_exchange_failed", `token endpoint: HTTP ${res.status}`, null, detail);
  try {
    const body = JSON.parse(text) as TokenAnswer;
    if (!body.access_token) throw new Error("no access_token");
    return body;
  } catch {
    throw new PublishError("rejected", "connection.oauth_exchange_failed", "the token answer had no access_token", null, detail);
  }
}

/** The stored secret from a token answer (the refresh token and its end kept when the answer has none). */
function secretFrom(body: TokenAnswer, now: Date, before?: StoredSecret): StoredSecret {
  const refreshToken = body.refresh_token ?? before?.refreshToken;
  const refreshExpiresAt = body.refresh_token
    ? (typeof body.refresh_token_expires_at === "number" ? new Date(body.refresh_token_expires_at * 1000).toISOString() : at(now, body.refresh_token_expires_in))
    : before?.refreshExpiresAt;
  const accessExpiresAt = at(now, body.expires_in);
  return {
    ...(before ?? {}),
    accessToken: body.access_token!,
    ...(refreshToken ? { refreshToken } : {}),
    ...(accessExpiresAt ? { accessExpiresAt } : {}),
    ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
  };
}

async function account(call: FlowCall, token: string): Promise<Omit<FoundAccount, "accessToken">> {
  const { body } = await pinterest<UserAccountAnswer>(call, "GET", "/user_account", token);
  const username = body.username ?? null;
  return { id: String(body.id ?? username ?? ""), name: body.business_name || username || "", username, pictureUrl: body.profile_image ?? null };
}

interface BoardAnswer {
  id: string;
  name: string;
  privacy?: string | null;
}

export const pinterestFlow: ProviderFlow = {
  completeSignIn: async (call, _kind, app, input) => {
    const body = await tokenCall(call, app, { grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri, continuous_refresh: "true" });
    const secret = secretFrom(body, input.now);
    const found = await account(call, secret.accessToken);
    const { accessToken, ...rest } = secret;
    return { accounts: [{ ...found, accessToken }], tokenExpiresAt: secret.refreshExpiresAt ?? secret.accessExpiresAt ?? null, secret: rest };
  },
  refresh: async (call, _kind, app, secret, now) => {
    if (!secret.refreshToken) throw new PublishError("auth", "connection.revoked", "no refresh token is stored");
    const body = await tokenCall(call, app, { grant_type: "refresh_token", refresh_token: secret.refreshToken });
    const fresh = secretFrom(body, now, secret);
    return { secret: fresh, tokenExpiresAt: fresh.refreshExpiresAt ?? fresh.accessExpiresAt ?? null };
  },
  // A continuous refresh token is replaced (60 more days) on each refresh: the upkeep refreshes once 30 are left.
  renewWithinMs: 30 * DAY_MS,
  check: async (call, conn) => ({ ...(await account(call, conn.secret.accessToken)), quota: null }),
  numbersReader: (call, conn) => pinterestReader(call, conn.secret.accessToken),
  /** The account's boards (`GET /v5/boards`, 250 a page, following `bookmark`): where a Pin can go. */
  publishOptions: async (call, conn) => {
    const boards = await allPages<BoardAnswer>(call, "/boards", conn.secret.accessToken, { page_size: 250 }, 2000);
    return { boards: boards.map((b) => ({ id: String(b.id), name: b.name, privacy: b.privacy ?? null })) };
  },
};
