import { xNumbersReader, xReadsAllowed } from "../../metrics/x-numbers.ts";
import { xRequest, type XCall } from "../../publishing/adapters/x-api.ts";
import { PublishError } from "../../publishing/adapters/types.ts";
import { PROVIDERS } from "../providers.ts";
import type { FlowCall, FlowConnection, ProviderApp, ProviderFlow, SignInResult, StoredSecret } from "./types.ts";

/**
 * X (API v2) sign-in: OAuth 2.0 Authorization Code Flow with PKCE
 * (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code and
 * https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token):
 * - authorize at `https://x.com/i/oauth2/authorize` with response_type=code, client_id, redirect_uri, scope
 *   (space-separated), state, code_challenge and code_challenge_method=S256 (oauth-flow.service.ts sends them);
 * - the app is a confidential client ("Web App, Automated App or Bot"): the token endpoint
 *   `POST https://api.x.com/2/oauth2/token` takes HTTP Basic `client_id:client_secret`, with the form
 *   grant_type=authorization_code, code, redirect_uri, code_verifier;
 * - the access token lasts two hours (`expires_in` 7200); `offline.access` adds a refresh token, exchanged with
 *   grant_type=refresh_token. Each refresh answers with a new refresh token, and the old one stops working
 *   (rotation), so the new one is stored at once (access-token.ts claims the refresh: one process at a time).
 *   How long an unused refresh token lasts is not documented: `token_expires_at` stays unknown (null);
 * - `POST https://api.x.com/2/oauth2/revoke` (token, token_type_hint) withdraws a token;
 * - the account: `GET /2/users/me` (https://docs.x.com/x-api/users/get-my-user).
 * Scopes (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code, "Scopes"): tweet.read,
 * tweet.write, users.read, media.write (the v2 media upload), offline.access.
 */

const X = PROVIDERS.x;
const xCall = (call: FlowCall): XCall => ({ fetch: call.fetch, simulator: call.simulator, ...(call.signal ? { signal: call.signal } : {}) });

interface TokenAnswer {
  token_type?: string;
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
}

interface Me {
  data?: { id: string; name?: string; username?: string; profile_image_url?: string };
}

const basic = (app: ProviderApp) => ({ clientId: app.clientId, clientSecret: app.clientSecret });

/** The token answer as the stored secret: the access token, its end, and the (rotated) refresh token. */
function secretOf(body: TokenAnswer, now: Date, previous?: StoredSecret): StoredSecret {
  if (!body.access_token) throw new PublishError("rejected", "connection.oauth_exchange_failed", "X's token answer had no access_token");
  const secret: StoredSecret = { ...(previous ?? {}), accessToken: body.access_token };
  if (typeof body.expires_in === "number" && body.expires_in > 0) secret.accessExpiresAt = new Date(now.getTime() + body.expires_in * 1000).toISOString();
  else delete secret.accessExpiresAt;
  if (body.refresh_token) secret.refreshToken = body.refresh_token;
  return secret;
}

async function token(call: FlowCall, app: ProviderApp, form: Record<string, string>): Promise<TokenAnswer> {
  return (await xRequest<TokenAnswer>(xCall(call), { method: "POST", url: X.tokenUrl, body: { form }, token: null, basic: basic(app) })).body;
}

async function me(call: FlowCall, accessToken: string) {
  const { body } = await xRequest<Me>(xCall(call), { method: "GET", url: `${X.graphUrl}/users/me`, query: { "user.fields": "profile_image_url,username,name" }, token: accessToken });
  if (!body.data?.id) throw new PublishError("rejected", "connection.oauth_exchange_failed", "X's /2/users/me answer had no id");
  return body.data;
}

export const xFlow: ProviderFlow = {
  async completeSignIn(call, _kind, app, input): Promise<SignInResult> {
    if (!input.codeVerifier) throw new PublishError("rejected", "connection.oauth_exchange_failed", "X's sign-in needs the PKCE code verifier");
    const body = await token(call, app, { grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier, client_id: app.clientId });
    const { accessToken, ...rest } = secretOf(body, input.now);
    const user = await me(call, accessToken);
    return {
      accounts: [{ id: user.id, name: user.name ?? user.username ?? user.id, username: user.username ?? null, pictureUrl: user.profile_image_url ?? null, accessToken }],
      // The refresh token's lifetime is not documented; the access token is renewed before each use.
      tokenExpiresAt: null,
      secret: rest,
    };
  },

  async refresh(call, _kind, app, secret, now) {
    if (!secret.refreshToken) throw new PublishError("auth", "publish.auth", "no X refresh token is stored (offline.access missing); connect the account again");
    const body = await token(call, app, { grant_type: "refresh_token", refresh_token: secret.refreshToken, client_id: app.clientId });
    return { secret: secretOf(body, now, secret), tokenExpiresAt: null };
  },

  async revoke(call, app, conn) {
    // Revoking the refresh token ends the grant; the access token is revoked too, for the two hours it has left.
    const tokens: Array<[string, string]> = [];
    if (conn.secret.refreshToken) tokens.push([conn.secret.refreshToken, "refresh_token"]);
    tokens.push([conn.secret.accessToken, "access_token"]);
    for (const [value, hint] of tokens) {
      try {
        await xRequest(xCall(call), { method: "POST", url: `${X.graphUrl}/oauth2/revoke`, body: { form: { token: value, token_type_hint: hint, client_id: app.clientId } }, token: null, basic: basic(app) });
      } catch (err) {
        // A token X no longer knows is withdrawn already.
        if (!(err instanceof PublishError && err.kind === "auth")) throw err;
      }
    }
    return "revoked";
  },

  async check(call, conn: FlowConnection) {
    const user = await me(call, conn.secret.accessToken);
    return { id: user.id, name: user.name ?? user.username ?? user.id, username: user.username ?? null, quota: null };
  },

  numbersReader: (call, conn) => xNumbersReader(xCall(call), conn.accountId, conn.secret.accessToken, typeof conn.config.username === "string" ? conn.config.username : null),

  /** X's plans differ in what they may read: where the operator's plan cannot read posts, the composer says so. */
  async publishOptions(call, conn) {
    return (await xReadsAllowed(xCall(call), conn.accountId, conn.secret.accessToken)) ? {} : { note: "metrics.x_tier" };
  },
};
