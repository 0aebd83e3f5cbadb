import { connectionQuotaSchema, createConnectionSchema, issuesToFields, type Connection, type ConnectionKind, type CreateConnection, type SecretConnectionKind } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { Membership, ServiceContext } from "../../context.ts";
import type { ConnectionsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import type { SecretBox } from "../../lib/crypto.ts";
import { AppError, badRequest, conflict } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { findRefusal, type Outbound, type OutboundRefused } from "../../lib/outbound.ts";
import type { RemovedConnection } from "../oauth/revoke.ts";
import { channelsOf } from "../posts/posts.service.ts";
import { ADAPTERS } from "./adapters/index.ts";
import { PublishError } from "./adapters/types.ts";

/** The field of each kind's settings that holds the address Socialplan connects to. */
const ADDRESS_FIELDS: Record<SecretConnectionKind, string | null> = { bluesky: "service", wordpress: "siteUrl", webhook: "url", mastodon: "instance", telegram: null };

/**
 * Checks a connection's address and then its credentials with the service, outside any transaction (these are
 * network calls). An address that is not http(s) or is private or internal (directly, through what its name
 * resolves to, or through a redirect) names the address field, as does a service that cannot be reached; a
 * refused login names the secret field. What the service answered is logged, never shown.
 */
export async function verifyCredentials(outbound: Outbound, log: FastifyBaseLogger, kind: SecretConnectionKind, config: Record<string, unknown>, secret: Record<string, string>, simulator?: string): Promise<void> {
  // A new secret (a reconnect) is held to the create form's rules before it is sent anywhere: a Telegram bot token
  // is part of the Bot API's URL path, and "123:abc/../x" would change it.
  const checked = SECRET_SCHEMAS[kind]?.safeParse(secret);
  if (checked && !checked.success) throw badRequest("validation.failed", {}, issuesToFields(checked.error.issues.map((i) => ({ ...i, path: ["secret", ...i.path] }))));
  const address = ADDRESS_FIELDS[kind];
  // A network at a fixed address (Telegram's Bot API) has no address field: the secret names what failed.
  const field = address ? `config.${address}` : `secret.${SECRET_FIELDS[kind]}`;
  const refused = (r: OutboundRefused) => badRequest("validation.failed", {}, [{ field, key: r.code, params: { host: r.host } }]);
  if (address) {
    try {
      await outbound.check(String(config[address] ?? ""));
    } catch (err) {
      const r = findRefusal(err);
      if (r) throw refused(r);
      throw badRequest("validation.failed", {}, [{ field, key: "connection.unreachable", params: { reason: (err as { code?: string }).code ?? "DNS" } }]);
    }
  }
  const adapter = ADAPTERS[kind];
  if (!adapter?.verify) return;
  try {
    await adapter.verify(config, secret, outbound.fetch, simulator);
  } catch (err) {
    // An adapter that names the field itself (Telegram: the channel or the bot's rights there).
    if (err instanceof AppError) throw err;
    const r = findRefusal(err);
    if (r) throw refused(r);
    const e = err instanceof PublishError ? err : null;
    log.warn({ event: "connection.check_failed", kind, code: e?.code, err: e?.message ?? String(err), remote: e?.detail.body }, "a connection's check did not pass");
    if (e?.kind === "auth") throw badRequest("validation.failed", {}, [{ field: `secret.${SECRET_FIELDS[kind]}`, key: "connection.login_failed" }]);
    throw badRequest("validation.failed", {}, [{ field, key: "connection.unreachable", params: { reason: e?.message ?? "?" } }]);
  }
}

/** The connection's kind and settings, to check new credentials against before they are stored. */
export async function connectionForCheck(ctx: ServiceContext, workspaceId: string, id: string): Promise<{ kind: SecretConnectionKind; config: Record<string, unknown> }> {
  const row = await requireConnection(ctx, workspaceId, id);
  if (!SECRET_FIELDS[row.kind as SecretConnectionKind]) throw badRequest("validation.failed", {}, [{ field: "secret", key: "connection.oauth_sign_in_again" }]);
  return { kind: row.kind as SecretConnectionKind, config: JSON.parse(row.config) as Record<string, unknown> };
}

/** Each kind's secret as the create form takes it (createConnectionSchema). */
const SECRET_SCHEMAS = Object.fromEntries(createConnectionSchema.options.map((o) => [o.shape.kind.value, o.shape.secret])) as Partial<Record<SecretConnectionKind, (typeof createConnectionSchema.options)[number]["shape"]["secret"]>>;

/** The secret fields each kind needs; what the client sends is checked against this list. */
const SECRET_FIELDS: Record<SecretConnectionKind, string> = { bluesky: "appPassword", wordpress: "applicationPassword", webhook: "signingSecret", mastodon: "accessToken", telegram: "botToken" };

function label(kind: SecretConnectionKind, config: Record<string, unknown>): string {
  if (kind === "bluesky") return `@${String(config.handle)}`;
  if (kind === "telegram") return String(config.chat);
  const url = String(config.siteUrl ?? config.url ?? config.instance ?? "");
  return URL.canParse(url) ? new URL(url).host : url;
}

/** A connection as the screens see it: never its secret. */
const toConnection = (r: ConnectionsTable): Connection => ({
  id: r.id,
  channelId: r.channel_id,
  kind: r.kind as ConnectionKind,
  label: r.label,
  config: JSON.parse(r.config) as Record<string, unknown>,
  status: r.status as Connection["status"],
  statusReason: r.status_reason,
  tokenExpiresAt: r.token_expires_at,
  holdUntil: r.hold_until,
  quota: r.quota ? connectionQuotaSchema.parse(JSON.parse(r.quota)) : null,
  numbersSyncedAt: r.numbers_synced_at,
  createdAt: r.created_at,
});

export async function listConnections(ctx: ServiceContext, workspaceId: string): Promise<Connection[]> {
  const rows = await ctx.db.selectFrom("connections").selectAll().where("workspace_id", "=", workspaceId).orderBy("created_at").execute();
  return rows.map(toConnection);
}

/**
 * Connects a channel of the strategy to an account. The secret (app password, token, signing secret) is sealed
 * with the server's key before it is stored.
 */
export async function createConnection(ctx: ServiceContext, m: Membership, secrets: SecretBox, body: CreateConnection): Promise<string> {
  if (!ADAPTERS[body.kind]) throw badRequest("validation.failed", {}, [{ field: "kind", key: "connection.kind_unavailable", params: { kind: body.kind } }]);
  const channels = await channelsOf(ctx.db, m.workspaceId);
  if (!channels.has(body.channelId)) throw badRequest("validation.failed", {}, [{ field: "channelId", key: "post.unknown_channel" }]);
  const existing = await ctx.db.selectFrom("connections").select("id").where("workspace_id", "=", m.workspaceId).where("channel_id", "=", body.channelId).executeTakeFirst();
  if (existing) throw conflict("connection.exists");
  const id = newId();
  await ctx.db
    .insertInto("connections")
    .values({
      id,
      workspace_id: m.workspaceId,
      channel_id: body.channelId,
      kind: body.kind,
      label: label(body.kind, body.config),
      config: JSON.stringify(body.config),
      secret: secrets.seal(JSON.stringify(body.secret)),
      status: "active",
      status_reason: null,
      created_at: iso(ctx.now),
      updated_at: iso(ctx.now),
    })
    .execute();
  return id;
}

async function requireConnection(ctx: ServiceContext, workspaceId: string, id: string): Promise<ConnectionsTable> {
  const row = await ctx.db.selectFrom("connections").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
  if (!row) throw new AppError(404, "connection.not_found");
  return row;
}

/** New credentials for a connection (after a password change or revocation): checked, sealed, and the channel's queue resumes. */
export async function reconnect(ctx: ServiceContext, m: Membership, secrets: SecretBox, id: string, secret: Record<string, string>): Promise<void> {
  const row = await requireConnection(ctx, m.workspaceId, id);
  const kind = row.kind as SecretConnectionKind;
  const field = SECRET_FIELDS[kind];
  // A signed-in network gets its new token by signing in again (POST …/connections/oauth with connectionId).
  if (!field) throw badRequest("validation.failed", {}, [{ field: "secret", key: "connection.oauth_sign_in_again" }]);
  const keys = Object.keys(secret);
  if (keys.length !== 1 || keys[0] !== field || !secret[field]) throw badRequest("validation.failed", {}, [{ field: `secret.${field}`, key: "validation.required" }]);
  await ctx.db
    .updateTable("connections")
    .set({ secret: secrets.seal(JSON.stringify(secret)), status: "active", status_reason: null, updated_at: iso(ctx.now) })
    .where("id", "=", row.id)
    .execute();
}

/** Resumes a paused channel once the problem was fixed on the other side (e.g. the receiver's access restored). */
export async function resumeConnection(ctx: ServiceContext, m: Membership, id: string): Promise<void> {
  const row = await requireConnection(ctx, m.workspaceId, id);
  await ctx.db.updateTable("connections").set({ status: "active", status_reason: null, updated_at: iso(ctx.now) }).where("id", "=", row.id).execute();
}

/**
 * Disconnects a channel. Answers what the network's revocation needs (kind and sealed secret), for
 * `revokeAtNetwork` (features/oauth/revoke.ts) to run after the transaction: a network call never holds it open.
 */
export async function deleteConnection(ctx: ServiceContext, m: Membership, id: string): Promise<RemovedConnection> {
  const row = await requireConnection(ctx, m.workspaceId, id);
  const busy = await ctx.db.selectFrom("deliveries").select("id").where("workspace_id", "=", m.workspaceId).where("channel_id", "=", row.channel_id).where("status", "in", ["claimed", "publishing"]).executeTakeFirst();
  if (busy) throw conflict("post.publishing_now");
  await ctx.db.deleteFrom("connections").where("id", "=", row.id).execute();
  return { id: row.id, kind: row.kind, secret: row.secret, config: row.config, remoteAccountId: row.remote_account_id };
}
