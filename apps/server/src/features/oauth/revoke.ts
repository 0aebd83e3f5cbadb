import { OAUTH_PROVIDER_OF, type OauthConnectionKind, type Revocation } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../../context.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { isOauthKind } from "./connection-check.ts";
import { flowOf } from "./flows/index.ts";
import type { FlowConnection, StoredSecret } from "./flows/types.ts";
import { appCredentials } from "./oauth-apps.service.ts";
import { oauthConnections } from "./oauth.repository.ts";

/** A connection just deleted, as its revocation needs it. */
export interface RemovedConnection {
  id: string;
  kind: string;
  /** Still sealed. */
  secret: string;
  config?: string;
  remoteAccountId?: string | null;
}

/**
 * After a disconnect (outside its transaction): withdraws the app's access at the network where its flow offers
 * it (`ProviderFlow.revoke`) — unless another connection (in any workspace) shares the same grant (`grantKey`: the
 * same Facebook or Google sign-in), whose tokens that would end too. Networks that document no revocation: the
 * member removes the app in the account's settings ("not_offered"). A network error never blocks the disconnect:
 * it is logged and the answer says the app may still be listed at the network.
 */
export async function revokeAtNetwork(deps: Pick<AppDeps, "db" | "secrets" | "outbound" | "config">, log: FastifyBaseLogger, removed: RemovedConnection | null): Promise<Revocation> {
  if (!removed || !isOauthKind(removed.kind)) return "none";
  const kind: OauthConnectionKind = removed.kind;
  const flow = flowOf(kind);
  if (!flow.revoke) return "not_offered";
  const config = removed.config ? (JSON.parse(removed.config) as Record<string, unknown>) : {};
  const conn: FlowConnection = { kind, accountId: removed.remoteAccountId ?? String(config.accountId ?? ""), config, secret: JSON.parse(deps.secrets.open(removed.secret)) as StoredSecret };
  const key = flow.grantKey?.(conn) ?? null;
  if (key) {
    const provider = OAUTH_PROVIDER_OF[kind];
    const siblings = (await oauthConnections(deps.db, Object.keys(OAUTH_PROVIDER_OF).filter((k) => OAUTH_PROVIDER_OF[k as OauthConnectionKind] === provider))).filter((o) => o.id !== removed.id);
    for (const o of siblings) {
      const other: FlowConnection = { kind: o.kind as OauthConnectionKind, accountId: o.remote_account_id ?? "", config: JSON.parse(o.config) as Record<string, unknown>, secret: JSON.parse(deps.secrets.open(o.secret)) as StoredSecret };
      if (flow.grantKey?.(other) === key) return "kept";
    }
  }
  const app = await appCredentials(deps, OAUTH_PROVIDER_OF[kind]);
  try {
    return await flow.revoke({ fetch: deps.outbound.fetch, simulator: deps.config.networkSimulatorUrl }, app ?? { clientId: "", clientSecret: "" }, conn);
  } catch (err) {
    const e = err instanceof PublishError ? err : null;
    log.warn({ event: "oauth.revoke_failed", connectionId: removed.id, code: e?.code, err: e?.message ?? String(err), remote: e?.detail.body }, "a disconnected account's access could not be withdrawn at the network");
    return "failed";
  }
}
