import type { OauthConnectionKind, OauthProvider } from "@socialplan/schema";

/**
 * Where each provider's sign-in and API live. The versions are Meta's current Graph API and Threads API versions;
 * adapters build every URL through `networkUrl`, so a test (or an operator checking against a simulator) can send
 * them all to one local server with NETWORK_SIMULATOR_URL.
 */
export const META_GRAPH_VERSION = "v24.0";
export const THREADS_API_VERSION = "v1.0";

export interface ProviderInfo {
  provider: OauthProvider;
  /** The consent screen the member's browser is sent to. */
  authorizeUrl: string;
  /** Where the code is exchanged for a token. */
  tokenUrl: string;
  /** The API's base (with its version) for this provider's kinds. */
  graphUrl: string;
  /** What the app asks for; documented in the README per provider. */
  scopes: string[];
  /** Where a kind of this provider asks for fewer scopes than all (Google: YouTube or Business Profile only). */
  scopesFor?: Partial<Record<OauthConnectionKind, string[]>>;
  /** How the authorize URL joins the scopes: Meta and TikTok and Pinterest use commas, OAuth 2.0 itself a space. */
  scopeSeparator: "," | " ";
  /** The authorize URL's name for the app's id (TikTok calls it `client_key`). */
  clientIdParam: "client_id" | "client_key";
  /** Whether the provider takes PKCE (code_challenge S256) with the authorization code. */
  pkce: boolean;
  /** The connection kinds this sign-in gives. */
  kinds: OauthConnectionKind[];
  /** Environment variables that set the developer app instead of the admin screen. */
  env: { clientId: string; clientSecret: string };
}

/**
 * The providers. Each field is filled from the provider's official documentation (cited where the sign-in and
 * token code uses it, in features/oauth/); the lists of scopes are the README's too.
 */
export const PROVIDERS: Record<OauthProvider, ProviderInfo> = {
  meta: {
    provider: "meta",
    authorizeUrl: `https://www.facebook.com/${META_GRAPH_VERSION}/dialog/oauth`,
    tokenUrl: `https://graph.facebook.com/${META_GRAPH_VERSION}/oauth/access_token`,
    graphUrl: `https://graph.facebook.com/${META_GRAPH_VERSION}`,
    scopes: ["pages_show_list", "pages_read_engagement", "pages_manage_posts", "read_insights", "business_management", "instagram_basic", "instagram_content_publish", "instagram_manage_insights", "instagram_manage_comments", "publish_video"],
    // PKCE is documented only for the OIDC code flow, "still in testing"
    // (https://developers.facebook.com/documentation/facebook-login/guides/advanced/oidc-token), not for the
    // manual login flow with business permissions: not sent.
    pkce: false,
    scopeSeparator: ",",
    clientIdParam: "client_id",
    kinds: ["facebook", "instagram_facebook"],
    env: { clientId: "META_APP_ID", clientSecret: "META_APP_SECRET" },
  },
  instagram: {
    provider: "instagram",
    authorizeUrl: "https://www.instagram.com/oauth/authorize",
    tokenUrl: "https://api.instagram.com/oauth/access_token",
    graphUrl: `https://graph.instagram.com/${META_GRAPH_VERSION}`,
    scopes: ["instagram_business_basic", "instagram_business_content_publish", "instagram_business_manage_insights", "instagram_business_manage_comments"],
    // Business Login for Instagram documents no code_challenge parameter (instagram-api-with-instagram-login/business-login).
    pkce: false,
    scopeSeparator: ",",
    clientIdParam: "client_id",
    kinds: ["instagram"],
    env: { clientId: "INSTAGRAM_APP_ID", clientSecret: "INSTAGRAM_APP_SECRET" },
  },
  threads: {
    provider: "threads",
    authorizeUrl: "https://threads.net/oauth/authorize",
    tokenUrl: "https://graph.threads.net/oauth/access_token",
    graphUrl: `https://graph.threads.net/${THREADS_API_VERSION}`,
    scopes: ["threads_basic", "threads_content_publish", "threads_manage_insights", "threads_manage_replies"],
    // The Threads authorization window takes client_id, redirect_uri, scope, response_type and state only
    // (https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions).
    pkce: false,
    scopeSeparator: ",",
    clientIdParam: "client_id",
    kinds: ["threads"],
    env: { clientId: "THREADS_APP_ID", clientSecret: "THREADS_APP_SECRET" },
  },
  // The entries below are checked and cited by each network's flow file in features/oauth/flows/.
  linkedin: {
    provider: "linkedin",
    authorizeUrl: "https://www.linkedin.com/oauth/v2/authorization",
    tokenUrl: "https://www.linkedin.com/oauth/v2/accessToken",
    graphUrl: "https://api.linkedin.com/rest",
    // Sign In with LinkedIn using OpenID Connect: openid, profile; Share on LinkedIn: w_member_social; Community
    // Management API: r_organization_social, w_organization_social, rw_organization_admin (organizationAcls, share
    // statistics, follower counts) and r_member_postAnalytics (a member's own post numbers). Space-separated
    // (authorization-code-flow page); PKCE is documented for native clients only, not this web flow.
    scopes: ["openid", "profile", "w_member_social", "r_organization_social", "w_organization_social", "rw_organization_admin", "r_member_postAnalytics"],
    pkce: false,
    scopeSeparator: " ",
    clientIdParam: "client_id",
    kinds: ["linkedin"],
    env: { clientId: "LINKEDIN_CLIENT_ID", clientSecret: "LINKEDIN_CLIENT_SECRET" },
  },
  x: {
    provider: "x",
    authorizeUrl: "https://x.com/i/oauth2/authorize",
    tokenUrl: "https://api.x.com/2/oauth2/token",
    graphUrl: "https://api.x.com/2",
    scopes: ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"],
    pkce: true,
    scopeSeparator: " ",
    clientIdParam: "client_id",
    kinds: ["x"],
    env: { clientId: "X_CLIENT_ID", clientSecret: "X_CLIENT_SECRET" },
  },
  google: {
    provider: "google",
    authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    graphUrl: "https://www.googleapis.com/youtube/v3",
    // `openid`: the id token's `sub` identifies the Google account (flows/google.ts grantKey). YouTube: upload and
    // thumbnails.set (youtube.upload), channels/videos/playlistItems reads (youtube.readonly), Analytics reports
    // (yt-analytics.readonly) — https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps#identify-access-scopes
    scopes: ["openid", "https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.readonly", "https://www.googleapis.com/auth/yt-analytics.readonly", "https://www.googleapis.com/auth/business.manage"],
    scopesFor: {
      youtube: ["openid", "https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.readonly", "https://www.googleapis.com/auth/yt-analytics.readonly"],
      google_business: ["openid", "https://www.googleapis.com/auth/business.manage"],
    },
    pkce: false,
    scopeSeparator: " ",
    clientIdParam: "client_id",
    kinds: ["youtube", "google_business"],
    env: { clientId: "GOOGLE_CLIENT_ID", clientSecret: "GOOGLE_CLIENT_SECRET" },
  },
  tiktok: {
    provider: "tiktok",
    authorizeUrl: "https://www.tiktok.com/v2/auth/authorize/",
    tokenUrl: "https://open.tiktokapis.com/v2/oauth/token/",
    graphUrl: "https://open.tiktokapis.com/v2",
    scopes: ["user.info.basic", "user.info.profile", "user.info.stats", "video.list", "video.publish", "video.upload"],
    pkce: false,
    scopeSeparator: ",",
    clientIdParam: "client_key",
    kinds: ["tiktok"],
    env: { clientId: "TIKTOK_CLIENT_KEY", clientSecret: "TIKTOK_CLIENT_SECRET" },
  },
  pinterest: {
    provider: "pinterest",
    authorizeUrl: "https://www.pinterest.com/oauth/",
    tokenUrl: "https://api.pinterest.com/v5/oauth/token",
    graphUrl: "https://api.pinterest.com/v5",
    scopes: ["boards:read", "pins:read", "pins:write", "user_accounts:read"],
    pkce: false,
    scopeSeparator: ",",
    clientIdParam: "client_id",
    kinds: ["pinterest"],
    env: { clientId: "PINTEREST_APP_ID", clientSecret: "PINTEREST_APP_SECRET" },
  },
};

/** The scopes a sign-in for `kind` asks for. */
export const scopesOf = (kind: OauthConnectionKind): string[] => {
  const p = Object.values(PROVIDERS).find((x) => x.kinds.includes(kind))!;
  return p.scopesFor?.[kind] ?? p.scopes;
};

/**
 * A network URL as this instance reaches it: unchanged, or, when NETWORK_SIMULATOR_URL is set (tests, and an
 * operator trying the simulators), `https://graph.facebook.com/v24.0/me` becomes
 * `<simulator>/graph.facebook.com/v24.0/me`. The simulator serves every host under its name. Pass
 * `deps.config.networkSimulatorUrl`.
 */
export function networkUrl(url: string, simulator: string | undefined): string {
  if (!simulator) return url;
  const u = new URL(url);
  return `${simulator.replace(/\/+$/, "")}/${u.host}${u.pathname}${u.search}`;
}
