import { CONNECTABLE_NETWORKS, OAUTH_PROVIDER_OF, type Connection, type Network, type OauthProvider } from "@socialplan/schema";
import { isOauthKind, oauthKindsFor, pastedKindsFor } from "../connections/oauth-logic.ts";

/**
 * What the web knows of the instance's sign-in apps: the providers set up (instance admins read them), or null when
 * the reader may not know (anyone else).
 */
export type ConfiguredProviders = ReadonlySet<OauthProvider> | null;

/**
 * Whether the editor offers to connect a channel of `network` before scheduling ("connect this channel first").
 * Networks connected with a pasted secret (Bluesky, Mastodon, a website, a Telegram bot) always can. A network
 * connected by signing in can only once the instance has that network's app: an instance admin knows it from the
 * instance settings; anyone else knows it when the workspace already has an account signed in with that app (else
 * offering would lead to "an instance admin must add the app first").
 */
export function canConnect(network: Network, configured: ConfiguredProviders, connections: Pick<Connection, "kind">[] | undefined): boolean {
  if (!CONNECTABLE_NETWORKS.includes(network)) return false;
  if (pastedKindsFor(network).length) return true;
  const providers = new Set(oauthKindsFor(network).map((k) => OAUTH_PROVIDER_OF[k]));
  if (configured) return [...providers].some((p) => configured.has(p));
  return (connections ?? []).some((c) => isOauthKind(c.kind) && providers.has(OAUTH_PROVIDER_OF[c.kind]));
}
