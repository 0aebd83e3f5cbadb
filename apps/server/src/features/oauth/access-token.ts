import { OAUTH_PROVIDER_OF, type OauthConnectionKind } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../../context.ts";
import type { ConnectionsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { flowOf } from "./flows/index.ts";
import type { FlowCall, FlowConnection, StoredSecret } from "./flows/types.ts";
import { appCredentials } from "./oauth-apps.service.ts";
import { claimConnection, pauseConnection, updateConnection } from "./oauth.repository.ts";
import { warnOwners } from "./owner-notices.ts";

export type TokenDeps = Pick<AppDeps, "db" | "clock" | "mailer" | "config" | "secrets" | "outbound">;

/** An access token this close to its end is refreshed before it is used (a send or a reading may take minutes). */
const EARLY_MS = 10 * 60_000;
/** While another process refreshes the same connection, its new token is awaited this long (re-reading the row). */
const WAIT_STEPS = 20;
const WAIT_STEP_MS = 250;

export const flowCall = (deps: Pick<AppDeps, "outbound" | "config">, signal?: AbortSignal): FlowCall => ({ fetch: deps.outbound.fetch, simulator: deps.config.networkSimulatorUrl, ...(signal ? { signal } : {}) });

/**
 * A signed-in connection as its flow's calls need it, with an access token good for at least ten more minutes:
 * one that runs out sooner (X two hours, Google one hour, TikTok a day…) is refreshed first and the new tokens
 * stored sealed. Two processes never refresh the same connection at once (a rotating refresh token works once):
 * the refresh is claimed with a conditional update, and a process that loses the claim waits for the winner's
 * token. A refresh the network refuses for good pauses the connection and tells its owners and admins
 * (`connection_revoked`), then throws PublishError "auth".
 */
export async function openConnection(deps: TokenDeps, log: FastifyBaseLogger, row: ConnectionsTable): Promise<FlowConnection> {
  const kind = row.kind as OauthConnectionKind;
  const config = JSON.parse(row.config) as Record<string, unknown>;
  const secret = await freshSecret(deps, log, row);
  return { kind, accountId: row.remote_account_id ?? String(config.accountId ?? ""), config, secret };
}

/** The connection's sealed secret, opened, with its access token refreshed when it runs out within ten minutes. */
export async function freshSecret(deps: TokenDeps, log: FastifyBaseLogger, row: ConnectionsTable): Promise<StoredSecret> {
  const secret = JSON.parse(deps.secrets.open(row.secret)) as StoredSecret;
  const flow = flowOf(row.kind as OauthConnectionKind);
  if (!flow.refresh || !secret.accessExpiresAt) return secret;
  if (Date.parse(secret.accessExpiresAt) - deps.clock().getTime() > EARLY_MS) return secret;
  return (await refreshConnection(deps, log, row, secret)) ?? (await awaitOthersRefresh(deps, row));
}

/**
 * Refreshes one connection's tokens now (before use, or by the upkeep job): null when another process holds the
 * refresh (its result is then read back by the caller). Stores the new secret and `token_expires_at`.
 */
export async function refreshConnection(deps: TokenDeps, log: FastifyBaseLogger, row: ConnectionsTable, secret: StoredSecret): Promise<StoredSecret | null> {
  const kind = row.kind as OauthConnectionKind;
  const flow = flowOf(kind);
  if (!flow.refresh) return secret;
  const now = deps.clock();
  // The claim moves updated_at to a value it never had (a later millisecond even when two processes read the same
  // clock), so of two processes that read the same row only one claim matches; the refreshed row keeps that value,
  // so a process still holding the old row cannot claim it again with the spent refresh token.
  const seen = Date.parse(row.updated_at);
  const claimedAt = iso(new Date(Math.max(now.getTime(), seen + 1)));
  if (!(await claimConnection(deps.db, row.id, row.updated_at, claimedAt))) return null;
  const app = await appCredentials(deps, OAUTH_PROVIDER_OF[kind]);
  if (!app) throw new PublishError("auth", "connection.oauth_not_configured", `no developer app is set for ${OAUTH_PROVIDER_OF[kind]}`);
  try {
    const fresh = await flow.refresh(flowCall(deps), kind, app, secret, now);
    const expires = fresh.tokenExpiresAt ?? row.token_expires_at;
    await updateConnection(deps.db, row.id, {
      secret: deps.secrets.seal(JSON.stringify(fresh.secret)),
      token_expires_at: expires,
      ...(expires !== row.token_expires_at ? { expiry_warned_at: null } : {}),
      updated_at: claimedAt,
    });
    log.info({ event: "oauth.token_refreshed", connectionId: row.id, kind, expiresAt: expires }, "a connection's token was refreshed");
    return fresh.secret;
  } catch (err) {
    const e = err instanceof PublishError ? err : null;
    log.warn({ event: "oauth.refresh_failed", connectionId: row.id, kind, code: e?.code, err: e?.message ?? String(err), remote: e?.detail.body }, "a connection's token could not be refreshed");
    if (e?.kind === "auth" && (await pauseConnection(deps.db, row.id, "connection.revoked", iso(now)))) await warnOwners(deps, log, row, "connection_revoked", now);
    throw err;
  }
}

async function awaitOthersRefresh(deps: TokenDeps, row: ConnectionsTable): Promise<StoredSecret> {
  for (let i = 0; i < WAIT_STEPS; i++) {
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
    const now = await deps.db.selectFrom("connections").select(["secret", "status"]).where("id", "=", row.id).executeTakeFirst();
    if (!now || now.status !== "active") throw new PublishError("auth", "connection.revoked", "the connection was paused or removed while its token was refreshed");
    const secret = JSON.parse(deps.secrets.open(now.secret)) as StoredSecret;
    if (secret.accessExpiresAt && Date.parse(secret.accessExpiresAt) - deps.clock().getTime() > EARLY_MS) return secret;
  }
  throw new PublishError("retry", "publish.token_refreshing", "another process is refreshing this connection's token");
}
