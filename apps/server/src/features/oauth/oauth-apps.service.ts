import { OAUTH_PROVIDERS, type OauthApp, type OauthProvider } from "@socialplan/schema";
import type { AppDeps, UserRow } from "../../context.ts";
import type { DB } from "../../db/database.ts";
import { iso } from "../../lib/clock.ts";
import { conflict, forbidden } from "../../lib/errors.ts";
import { appUrlReachability, type AppUrlReachability } from "./app-url.ts";
import { deleteOauthApp, findOauthApp, findOauthApps, upsertOauthApp } from "./oauth.repository.ts";
import { PROVIDERS } from "./providers.ts";

type Deps = Pick<AppDeps, "db" | "config" | "secrets">;

/** A provider's developer app as the sign-in uses it. */
export interface AppCredentials {
  clientId: string;
  clientSecret: string;
  source: "settings" | "environment";
}

/** The redirect URL the operator enters in the network's developer console, and the sign-in sends. */
export const redirectUrl = (appUrl: string, provider: OauthProvider) => `${appUrl}/api/oauth/${provider}/callback`;

/** Only instance admins see and set the developer apps (they hold the instance's secrets). */
export function requireInstanceAdmin(user: UserRow): void {
  if (user.instance_admin !== 1) throw forbidden("instance.admin_only");
}

/** The provider's developer app: its environment variables win over the admin screen's settings; null when neither. */
export async function appCredentials(deps: Deps, provider: OauthProvider, db: DB = deps.db): Promise<AppCredentials | null> {
  const env = deps.config.oauthEnv[provider];
  if (env) return { ...env, source: "environment" };
  const row = await findOauthApp(db, provider);
  if (!row) return null;
  return { clientId: row.client_id, clientSecret: deps.secrets.open(row.client_secret), source: "settings" };
}

/** The admin screen: each provider's app (never its secret), the redirect URL and scopes, and whether APP_URL is public. */
export async function listOauthApps(deps: Deps, now: Date): Promise<{ apps: OauthApp[]; appUrl: AppUrlReachability }> {
  const rows = await findOauthApps(deps.db);
  const apps = OAUTH_PROVIDERS.map((provider): OauthApp => {
    const env = deps.config.oauthEnv[provider];
    const row = rows.find((r) => r.provider === provider);
    return {
      provider,
      configured: !!env || !!row,
      source: env ? "environment" : row ? "settings" : null,
      clientId: env?.clientId ?? row?.client_id ?? null,
      redirectUrl: redirectUrl(deps.config.appUrl, provider),
      scopes: PROVIDERS[provider].scopes,
      updatedAt: env ? null : (row?.updated_at ?? null),
    };
  });
  return { apps, appUrl: await appUrlReachability(deps.config.appUrl, now.getTime()) };
}

/** Sets a provider's app; the secret is sealed and never returned. Refused while environment variables set it. */
export async function saveOauthApp(deps: Deps, db: DB, user: UserRow, provider: OauthProvider, body: { clientId: string; clientSecret: string }, now: Date): Promise<void> {
  requireInstanceAdmin(user);
  if (deps.config.oauthEnv[provider]) throw conflict("instance.oauth_app_from_environment", { variable: PROVIDERS[provider].env.clientId });
  await upsertOauthApp(db, { provider, client_id: body.clientId, client_secret: deps.secrets.seal(body.clientSecret), updated_by: user.id, updated_at: iso(now) });
}

export async function removeOauthApp(deps: Deps, db: DB, user: UserRow, provider: OauthProvider): Promise<void> {
  requireInstanceAdmin(user);
  if (deps.config.oauthEnv[provider]) throw conflict("instance.oauth_app_from_environment", { variable: PROVIDERS[provider].env.clientId });
  await deleteOauthApp(db, provider);
}
