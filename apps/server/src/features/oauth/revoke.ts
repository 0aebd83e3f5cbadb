import type { Revocation } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../../context.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { oauthConnections } from "./oauth.repository.ts";
import { revokeMetaPermissions } from "./provider-api.ts";

/** A connection just deleted, as its revocation needs it. */
export interface RemovedConnection {
  id: string;
  kind: string;
  /** Still sealed. */
  secret: string;
}

/**
 * After a disconnect (outside its transaction): withdraws the app's access at the network where one is offered.
 * Meta: `DELETE /{user-id}/permissions` with the Facebook user's token — unless another connection (in any
 * workspace) came from the same Facebook sign-in, whose Page tokens that would end too. Instagram Login and Threads
 * document no revocation endpoint: the member removes the app in the account's settings. A network error never
 * blocks the disconnect: it is logged and the answer says the app may still be listed at the network.
 */
export async function revokeAtNetwork(deps: Pick<AppDeps, "db" | "secrets" | "outbound" | "config">, log: FastifyBaseLogger, removed: RemovedConnection | null): Promise<Revocation> {
  if (!removed) return "none";
  if (removed.kind === "instagram" || removed.kind === "threads") return "not_offered";
  if (removed.kind !== "facebook" && removed.kind !== "instagram_facebook") return "none";
  const secret = JSON.parse(deps.secrets.open(removed.secret)) as { userAccessToken?: string; userId?: string };
  if (!secret.userAccessToken || !secret.userId) return "not_offered";
  const others = await oauthConnections(deps.db, ["facebook", "instagram_facebook"]);
  for (const o of others) {
    if (o.id === removed.id) continue;
    const s = JSON.parse(deps.secrets.open(o.secret)) as { userId?: string };
    if (s.userId === secret.userId) return "kept";
  }
  try {
    await revokeMetaPermissions({ fetch: deps.outbound.fetch, simulator: deps.config.networkSimulatorUrl }, secret.userId, secret.userAccessToken);
    return "revoked";
  } catch (err) {
    const e = err instanceof PublishError ? err : null;
    // A token the network already refuses (190) means the access is gone already.
    if (e?.kind === "auth") return "revoked";
    log.warn({ event: "oauth.revoke_failed", connectionId: removed.id, code: e?.code, err: e?.message ?? String(err), remote: e?.detail.body }, "a disconnected account's access could not be withdrawn at the network");
    return "failed";
  }
}
