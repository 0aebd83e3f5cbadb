import { OAUTH_CONNECTION_KINDS, type OauthConnectionKind, type PublishOptions, type SecretConnectionKind } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { ConnectionsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { findRefusal } from "../../lib/outbound.ts";
import { verifyCredentials } from "../publishing/connections.service.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { updateConnection } from "./oauth.repository.ts";
import { flowCall, openConnection, type TokenDeps } from "./access-token.ts";
import { flowOf } from "./flows/index.ts";
import type { AccountCheck } from "./flows/types.ts";

type Deps = TokenDeps;

export interface ConnectionCheck {
  ok: boolean;
  account: Omit<AccountCheck, "quota"> | null;
  tokenExpiresAt: string | null;
  quota: AccountCheck["quota"];
  /** A message key saying what failed, or null. */
  error: string | null;
  /** For the operator's command line only: what went wrong, in the network's terms (never shown in the app). */
  detail: string | null;
}

export const isOauthKind = (kind: string): kind is OauthConnectionKind => (OAUTH_CONNECTION_KINDS as readonly string[]).includes(kind);

/**
 * A harmless read with the connection's stored credentials: for a signed-in network, the account (`/me`, the Page
 * or the Instagram account) and the publishing quota, which is kept on the connection; for the others, the same
 * check as when it was connected. Nothing is published or changed at the network.
 */
export async function checkConnection(deps: Deps, log: FastifyBaseLogger, row: ConnectionsTable): Promise<ConnectionCheck> {
  const secret = JSON.parse(deps.secrets.open(row.secret)) as Record<string, string>;
  const config = JSON.parse(row.config) as Record<string, unknown>;
  if (!isOauthKind(row.kind)) {
    try {
      await verifyCredentials(deps.outbound, log, row.kind as SecretConnectionKind, config, secret, deps.config.networkSimulatorUrl);
      return { ok: true, account: { id: "", name: row.label, username: null }, tokenExpiresAt: null, quota: null, error: null, detail: null };
    } catch (err) {
      const e = err instanceof AppError ? err : null;
      return { ok: false, account: null, tokenExpiresAt: null, quota: null, error: e?.fields[0]?.key ?? e?.key ?? "connection.unreachable", detail: String((err as Error).message) };
    }
  }
  const flow = flowOf(row.kind);
  try {
    const conn = await openConnection(deps, log, row);
    const found = await flow.check(flowCall(deps), conn);
    if (found.quota) await updateConnection(deps.db, row.id, { quota: JSON.stringify({ ...found.quota, checkedAt: iso(deps.clock()) }) });
    const { quota, ...account } = found;
    return { ok: true, account, tokenExpiresAt: row.token_expires_at, quota, error: null, detail: null };
  } catch (err) {
    const e = err instanceof PublishError ? err : null;
    const refused = findRefusal(err);
    log.warn({ event: "connection.check_failed", kind: row.kind, code: e?.code, err: e?.message ?? String(err), remote: e?.detail.body }, "a connection's check did not pass");
    const error = refused ? refused.code : e?.kind === "auth" ? "connection.check_auth" : e?.code === "publish.permission_missing" ? "publish.permission_missing" : "connection.check_failed";
    return { ok: false, account: null, tokenExpiresAt: row.token_expires_at, quota: null, error, detail: `${e?.message ?? String(err)}${e?.detail.body ? ` — ${e.detail.body}` : ""}` };
  }
}

/**
 * What a connection offers to choose from when publishing (Pinterest boards, TikTok's creator info), read from the
 * network now; `{}` for a kind whose flow has nothing to offer. A refusal is an error naming the connection.
 */
export async function publishOptionsOf(deps: Deps, log: FastifyBaseLogger, row: ConnectionsTable): Promise<PublishOptions> {
  const flow = isOauthKind(row.kind) ? flowOf(row.kind) : undefined;
  if (!flow?.publishOptions) return {};
  if (row.status !== "active") throw new AppError(409, "connection.paused");
  try {
    return await flow.publishOptions(flowCall(deps), await openConnection(deps, log, row));
  } catch (err) {
    const e = err instanceof PublishError ? err : null;
    log.warn({ event: "connection.options_failed", kind: row.kind, code: e?.code, err: e?.message ?? String(err), remote: e?.detail.body }, "a connection's publishing options could not be read");
    if (e?.kind === "auth") throw new AppError(409, "connection.check_auth");
    throw new AppError(502, "connection.options_unavailable");
  }
}
