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
    kinds: ["threads"],
    env: { clientId: "THREADS_APP_ID", clientSecret: "THREADS_APP_SECRET" },
  },
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
