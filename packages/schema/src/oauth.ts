import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import type { Network } from "./strategy/catalog.ts";

/**
 * Sign-in with the network (OAuth 2.0 authorization code). A provider is one developer app the operator registers
 * at the network; each gives one or more connection kinds:
 * - `meta`: Facebook Login for Business: Facebook Pages (`facebook`) and Instagram professional accounts linked to a
 *   Page (`instagram_facebook`);
 * - `instagram`: Instagram API with Instagram Login: Instagram professional accounts without a Page (`instagram`);
 * - `threads`: the Threads API (`threads`);
 * - `linkedin`: Sign In with LinkedIn + the Community Management API: the member's own profile and the
 *   organization pages they administer (`linkedin`; the account picked says which);
 * - `x`: X API v2 with OAuth 2.0 Authorization Code + PKCE (`x`);
 * - `google`: Google OAuth 2.0 for web server apps: YouTube channels (`youtube`) and Business Profile locations
 *   (`google_business`);
 * - `tiktok`: Login Kit for Web + the Content Posting API (`tiktok`);
 * - `pinterest`: Pinterest API v5 OAuth (`pinterest`).
 * Telegram is not here: a bot token is pasted (a secret kind, `telegram`).
 */
export const OAUTH_PROVIDERS = ["meta", "instagram", "threads", "linkedin", "x", "google", "tiktok", "pinterest"] as const;
export type OauthProvider = (typeof OAUTH_PROVIDERS)[number];

/** Connection kinds made through a provider's sign-in, never with a pasted secret. */
export const OAUTH_CONNECTION_KINDS = ["instagram", "instagram_facebook", "facebook", "threads", "linkedin", "x", "youtube", "google_business", "tiktok", "pinterest"] as const;
export type OauthConnectionKind = (typeof OAUTH_CONNECTION_KINDS)[number];

/** Which provider signs in each OAuth kind. */
export const OAUTH_PROVIDER_OF: Record<OauthConnectionKind, OauthProvider> = {
  instagram: "instagram",
  instagram_facebook: "meta",
  facebook: "meta",
  threads: "threads",
  linkedin: "linkedin",
  x: "x",
  youtube: "google",
  google_business: "google",
  tiktok: "tiktok",
  pinterest: "pinterest",
};

/** The network of the channel each OAuth kind publishes to. */
export const OAUTH_NETWORK_OF: Record<OauthConnectionKind, Network> = {
  instagram: "instagram",
  instagram_facebook: "instagram",
  facebook: "facebook",
  threads: "threads",
  linkedin: "linkedin",
  x: "x",
  youtube: "youtube",
  google_business: "google_business",
  tiktok: "tiktok",
  pinterest: "pinterest",
};

export const oauthProviderParamsSchema = z.object({ provider: z.enum(OAUTH_PROVIDERS) });

/** Instance settings: one provider's developer app as the admin screen sees it (never its secret). */
export const oauthAppSchema = z.object({
  provider: z.enum(OAUTH_PROVIDERS),
  /** Set here or by environment variables (then the screen cannot change it). */
  configured: z.boolean(),
  source: z.enum(["settings", "environment"]).nullable(),
  clientId: z.string().nullable(),
  /** The redirect URL to enter in the network's developer console: `${APP_URL}/api/oauth/<provider>/callback`. */
  redirectUrl: z.string(),
  /** The permissions (scopes) the app must have. */
  scopes: z.array(z.string()),
  updatedAt: timestampSchema.nullable(),
});
export type OauthApp = z.infer<typeof oauthAppSchema>;

/** Whether the networks can fetch media from APP_URL (they fetch each image and video from a URL we give). */
export const appUrlReachabilitySchema = z.object({
  appUrl: z.string(),
  /** False when APP_URL is localhost, a private address or plain http to a name that resolves to one. */
  publiclyReachable: z.boolean(),
  /** A message key saying why not (null when reachable). */
  reason: z.string().nullable(),
});
export const oauthAppsSchema = z.object({ apps: z.array(oauthAppSchema), appUrl: appUrlReachabilitySchema });
export const saveOauthAppSchema = z.object({ clientId: z.string().trim().min(1).max(200), clientSecret: z.string().trim().min(1).max(500) }).strict();

/** Starts a sign-in: for a channel of the strategy (new connection) or to sign in again (`connectionId`). */
export const startOauthSchema = z
  .object({ kind: z.enum(OAUTH_CONNECTION_KINDS), channelId: idSchema, connectionId: idSchema.optional() })
  .strict();
export const startOauthResultSchema = z.object({
  /** Where the browser goes next: the network's consent screen. */
  authorizeUrl: z.string(),
  appUrl: appUrlReachabilitySchema,
});

/** After the network's answer: the accounts the member may pick (Pages, Instagram accounts linked to them). */
export const oauthAccountSchema = z.object({ id: z.string(), name: z.string(), username: z.string().nullable(), pictureUrl: z.string().nullable() });
export const oauthPendingParamsSchema = z.object({ workspaceId: idSchema, pendingId: idSchema });
/**
 * A sign-in after the network answered (the callback sends the browser to `/w/<workspace>/connect/<id>`): the
 * accounts to pick from, or the connection made (one account only), or why it did not work (a message key).
 */
export const oauthPendingSchema = z.object({
  id: idSchema,
  kind: z.enum(OAUTH_CONNECTION_KINDS),
  channelId: idSchema,
  accounts: z.array(oauthAccountSchema),
  connectionId: idSchema.nullable(),
  error: z.string().nullable(),
  expiresAt: timestampSchema,
});
export const pickOauthAccountSchema = z.object({ accountId: z.string().min(1).max(100) }).strict();

/**
 * What disconnecting did at the network: `revoked` (the app's access withdrawn), `not_offered` (the network has no
 * way to do it from here: remove the app in the account's settings), `kept` (another connection came from the same
 * Facebook sign-in, so the access stays for it), `failed` (the network could not be reached: the app may still be
 * listed there), `none` (not a signed-in connection).
 */
export const REVOCATIONS = ["revoked", "not_offered", "kept", "failed", "none"] as const;
export type Revocation = (typeof REVOCATIONS)[number];
export const revocationSchema = z.enum(REVOCATIONS);

/** `check`: a harmless read with a connection's stored credentials (the account, and the quota where readable). */
export const connectionCheckSchema = z.object({
  ok: z.boolean(),
  account: z.object({ id: z.string(), name: z.string(), username: z.string().nullable() }).nullable(),
  tokenExpiresAt: timestampSchema.nullable(),
  quota: z.object({ used: z.number().int(), limit: z.number().int(), windowHours: z.number() }).nullable(),
  /** A message key saying what failed (null when it worked). */
  error: z.string().nullable(),
});
export type ConnectionCheckResult = z.infer<typeof connectionCheckSchema>;

/** The publishing quota last read from the network (Instagram: 100 API-published posts per 24 hours). */
export const connectionQuotaSchema = z.object({ used: z.number().int(), limit: z.number().int(), windowHours: z.number(), checkedAt: timestampSchema });
export type ConnectionQuota = z.infer<typeof connectionQuotaSchema>;

/** "Refresh now" (query or body): every OAuth account of the workspace, or only the one named. */
export const numbersRefreshSchema = z.object({ connectionId: idSchema.optional() }).strict();

/** What "refresh now" read from the networks. */
export const numbersSyncSchema = z.object({
  accounts: z.number().int(),
  /** Our posts whose numbers were read. */
  posts: z.number().int(),
  /** Posts made on the network outside Socialplan, imported so the dashboard sees the whole account. */
  imported: z.number().int(),
  numbers: z.number().int(),
  /** Accounts that could not be read, with a message key. */
  failed: z.array(z.object({ connectionId: idSchema, code: z.string() })),
});
export type NumbersSync = z.infer<typeof numbersSyncSchema>;
