import { linkedinReader } from "../../metrics/linkedin-numbers.ts";
import { LINKEDIN_REST, linkedin, type LinkedInCall } from "../../publishing/adapters/linkedin-api.ts";
import { PublishError } from "../../publishing/adapters/types.ts";
import { PROVIDERS } from "../providers.ts";
import type { AccountCheck, FlowConnection, FoundAccount, ProviderFlow, SignInResult, StoredSecret } from "./types.ts";

/**
 * LinkedIn sign-in: the member's own profile and the organization pages they administer.
 *
 * - 3-legged OAuth (authorization code): https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow
 *   — `GET https://www.linkedin.com/oauth/v2/authorization?response_type=code&client_id&redirect_uri&state&scope`
 *   (scopes joined by spaces), then `POST https://www.linkedin.com/oauth/v2/accessToken` as a form with
 *   grant_type=authorization_code, code, redirect_uri, client_id, client_secret → `access_token`, `expires_in`
 *   (60 days), and for apps approved for programmatic refresh tokens `refresh_token`, `refresh_token_expires_in`.
 *   PKCE is documented only for native clients, not for this web flow: not sent.
 * - Refresh tokens: https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens —
 *   grant_type=refresh_token gives a new 60-day access token; the refresh token keeps its original end (365 days
 *   from the first sign-in), so refreshing does not move `token_expires_at`. A refresh token refused
 *   (invalid_grant: expired or revoked) → "auth".
 * - The member: Sign In with LinkedIn using OpenID Connect,
 *   https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2 —
 *   `GET https://api.linkedin.com/v2/userinfo` → `sub` (the member id: author `urn:li:person:{sub}`), `name`, `picture`.
 * - The member's pages: https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role
 *   — `GET /rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED` (rw_organization_admin), then
 *   `GET /rest/organizations/{id}` (localizedName, vanityName):
 *   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api
 * - Revocation: LinkedIn documents no endpoint that revokes a 3-legged token → "not_offered"; the member removes
 *   the app under Settings → Data privacy → Permitted services (https://www.linkedin.com/psettings/permitted-services).
 */

const P = PROVIDERS.linkedin;
const USERINFO_URL = "https://api.linkedin.com/v2/userinfo";

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

const after = (now: Date, seconds: number | undefined) => (typeof seconds === "number" && seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : undefined);

/** The token endpoint: code or refresh token → tokens. A refusal (400 invalid_grant, 401) means the grant is gone: "auth". */
async function tokenCall(call: LinkedInCall, form: Record<string, string>): Promise<TokenAnswer> {
  try {
    const { body } = await linkedin<TokenAnswer>(call, "POST", P.tokenUrl, { token: null, form, rest: false });
    if (!body.access_token) throw new PublishError("rejected", "connection.oauth_exchange_failed", "the token answer had no access_token");
    return body;
  } catch (err) {
    if (err instanceof PublishError && err.code === "publish.rejected" && form.grant_type === "refresh_token") {
      throw new PublishError("auth", "publish.auth", err.message, null, err.detail);
    }
    if (err instanceof PublishError && err.code === "publish.rejected") throw new PublishError("rejected", "connection.oauth_exchange_failed", err.message, null, err.detail);
    throw err;
  }
}

/** Tokens as the connection keeps them, and when the connection stops working without the person. */
function secretOf(body: TokenAnswer, now: Date, previous?: StoredSecret): { secret: Omit<StoredSecret, "accessToken">; end: string | null } {
  const accessExpiresAt = after(now, body.expires_in);
  const refreshToken = body.refresh_token ?? previous?.refreshToken;
  const refreshExpiresAt = after(now, body.refresh_token_expires_in) ?? previous?.refreshExpiresAt;
  const secret: Omit<StoredSecret, "accessToken"> = {
    ...(refreshToken ? { refreshToken } : {}),
    ...(accessExpiresAt ? { accessExpiresAt } : {}),
    ...(refreshToken && refreshExpiresAt ? { refreshExpiresAt } : {}),
  };
  return { secret, end: (refreshToken ? refreshExpiresAt : undefined) ?? accessExpiresAt ?? null };
}

interface UserInfo {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
}

interface Organization {
  id: number;
  localizedName?: string;
  vanityName?: string;
}

const orgId = (urn: string) => urn.replace(/^urn:li:organization:/, "");

async function readMember(call: LinkedInCall, token: string): Promise<Omit<FoundAccount, "accessToken">> {
  const { body } = await linkedin<UserInfo>(call, "GET", USERINFO_URL, { token, rest: false });
  const urn = `urn:li:person:${body.sub}`;
  const name = body.name ?? [body.given_name, body.family_name].filter(Boolean).join(" ");
  return { id: urn, name: name || urn, username: null, pictureUrl: body.picture ?? null, extra: { author: urn, authorType: "person" } };
}

async function readOrganization(call: LinkedInCall, token: string, urn: string): Promise<Omit<FoundAccount, "accessToken">> {
  const { body } = await linkedin<Organization>(call, "GET", `${LINKEDIN_REST}/organizations/${orgId(urn)}`, { token });
  // A page's vanity name is its address (linkedin.com/company/…), not an @handle: kept in the config, not as the username.
  return { id: urn, name: body.localizedName ?? urn, username: null, pictureUrl: null, extra: { author: urn, authorType: "organization", ...(body.vanityName ? { vanityName: body.vanityName } : {}) } };
}

/** The organizations the member is an approved ADMINISTRATOR of (a token without rw_organization_admin: none). */
async function administeredOrganizations(call: LinkedInCall, token: string): Promise<string[]> {
  const urns: string[] = [];
  let start = 0;
  for (let page = 0; page < 10; page++) {
    let body: { elements?: Array<{ organization?: string; organizationTarget?: string; state?: string }>; paging?: { total?: number } };
    try {
      body = (await linkedin<typeof body>(call, "GET", `${LINKEDIN_REST}/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&start=${start}&count=100`, { token })).body;
    } catch (err) {
      // 403: the app has no Community Management API (or the member did not grant it): the member's profile only.
      if (err instanceof PublishError && err.code === "publish.linkedin_permission") return urns;
      throw err;
    }
    const rows = body.elements ?? [];
    for (const r of rows) {
      const urn = r.organization ?? r.organizationTarget;
      if (urn && urn.startsWith("urn:li:organization:") && !urns.includes(urn)) urns.push(urn);
    }
    start += rows.length;
    if (!rows.length || start >= (body.paging?.total ?? 0)) break;
  }
  return urns;
}

async function completeSignIn(call: LinkedInCall, _kind: unknown, app: { clientId: string; clientSecret: string }, input: { code: string; redirectUri: string; now: Date }): Promise<SignInResult> {
  const body = await tokenCall(call, { grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri, client_id: app.clientId, client_secret: app.clientSecret });
  const token = body.access_token!;
  const { secret, end } = secretOf(body, input.now);
  const accounts: FoundAccount[] = [{ ...(await readMember(call, token)), accessToken: token }];
  for (const urn of await administeredOrganizations(call, token)) {
    try {
      accounts.push({ ...(await readOrganization(call, token, urn)), accessToken: token });
    } catch (err) {
      // A page LinkedIn will not describe to this app (removed, or outside its access): left out of the choice.
      if (err instanceof PublishError && err.kind === "rejected") continue;
      throw err;
    }
  }
  return { accounts, tokenExpiresAt: end, secret };
}

/** The author URN a connection posts as (`config.author`, else its account id, which is the URN). */
export function authorOf(conn: { config: Record<string, unknown>; accountId?: string | null }): string {
  const a = conn.config.author ?? conn.config.accountId ?? conn.accountId;
  if (typeof a !== "string" || !/^urn:li:(person|organization):\S+$/.test(a)) throw new PublishError("rejected", "publish.linkedin_no_author", "the connection names no LinkedIn member or organization");
  return a;
}

export const linkedinFlow: ProviderFlow = {
  completeSignIn: (call, kind, app, input) => completeSignIn(call, kind, app, input),
  refresh: async (call, _kind, app, secret, now) => {
    if (!secret.refreshToken) throw new PublishError("auth", "publish.auth", "LinkedIn gave no refresh token: the member must sign in again");
    const body = await tokenCall(call, { grant_type: "refresh_token", refresh_token: secret.refreshToken, client_id: app.clientId, client_secret: app.clientSecret });
    const { secret: next, end } = secretOf(body, now, secret);
    return { secret: { ...secret, ...next, accessToken: body.access_token! }, tokenExpiresAt: end };
  },
  check: async (call, conn: FlowConnection): Promise<AccountCheck> => {
    const author = authorOf(conn);
    const found = author.startsWith("urn:li:person:") ? await readMember(call, conn.secret.accessToken) : await readOrganization(call, conn.secret.accessToken, author);
    if (found.id !== author) throw new PublishError("auth", "publish.auth", "the token belongs to another LinkedIn member");
    return { id: found.id, name: found.name, username: found.username, quota: null };
  },
  numbersReader: (call, conn) => linkedinReader(call, authorOf(conn), conn.secret.accessToken),
};

