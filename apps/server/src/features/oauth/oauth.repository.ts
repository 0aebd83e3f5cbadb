import type { Insertable, Updateable } from "kysely";
import type { DB } from "../../db/database.ts";
import type { ConnectionsTable, OauthStatesTable } from "../../db/schema.ts";

/** Every SQL query of the sign-in with the networks: developer apps, sign-ins in progress, OAuth connections. */

export const findOauthApps = (db: DB) => db.selectFrom("oauth_apps").selectAll().execute();

export const findOauthApp = (db: DB, provider: string) => db.selectFrom("oauth_apps").selectAll().where("provider", "=", provider).executeTakeFirst();

export async function upsertOauthApp(db: DB, row: { provider: string; client_id: string; client_secret: string; updated_by: string; updated_at: string }): Promise<void> {
  await db
    .insertInto("oauth_apps")
    .values(row)
    .onConflict((oc) => oc.column("provider").doUpdateSet({ client_id: row.client_id, client_secret: row.client_secret, updated_by: row.updated_by, updated_at: row.updated_at }))
    .execute();
}

export async function deleteOauthApp(db: DB, provider: string): Promise<void> {
  await db.deleteFrom("oauth_apps").where("provider", "=", provider).execute();
}

export async function insertOauthState(db: DB, row: Insertable<OauthStatesTable>): Promise<void> {
  await db.insertInto("oauth_states").values(row).execute();
}

export const findStateByHash = (db: DB, stateHash: string) => db.selectFrom("oauth_states").selectAll().where("state_hash", "=", stateHash).executeTakeFirst();

/** A sign-in of this member in this workspace. */
export const findMemberState = (db: DB, workspaceId: string, userId: string, id: string) =>
  db.selectFrom("oauth_states").selectAll().where("id", "=", id).where("workspace_id", "=", workspaceId).where("user_id", "=", userId).executeTakeFirst();

/** Takes the state for its one callback: true only for the first caller, and only before it expires. */
export async function claimState(db: DB, id: string, now: string): Promise<boolean> {
  const r = await db.updateTable("oauth_states").set({ used_at: now }).where("id", "=", id).where("used_at", "is", null).where("expires_at", ">", now).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateState(db: DB, id: string, patch: Updateable<OauthStatesTable>): Promise<void> {
  await db.updateTable("oauth_states").set(patch).where("id", "=", id).execute();
}

/** Sign-ins over a day past their expiry: nothing there is needed any more (tokens not picked are dropped with them). */
export async function deleteOldStates(db: DB, before: string): Promise<void> {
  await db.deleteFrom("oauth_states").where("expires_at", "<", before).execute();
}

export const findConnection = (db: DB, workspaceId: string, id: string) =>
  db.selectFrom("connections").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();

export const connectionOfChannel = (db: DB, workspaceId: string, channelId: string) =>
  db.selectFrom("connections").select(["id", "kind"]).where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId).executeTakeFirst();

export async function insertConnection(db: DB, row: Insertable<ConnectionsTable>): Promise<void> {
  await db.insertInto("connections").values(row).execute();
}

export async function updateConnection(db: DB, id: string, patch: Updateable<ConnectionsTable>): Promise<void> {
  await db.updateTable("connections").set(patch).where("id", "=", id).execute();
}

/** Connections made through a sign-in (any workspace), for the token jobs and the revocation check. */
export const oauthConnections = (db: DB, kinds: readonly string[]) => db.selectFrom("connections").selectAll().where("kind", "in", kinds).execute();

/** Owners and admins of a workspace, who hear about its connections. */
export const connectionKeepers = (db: DB, workspaceId: string) =>
  db
    .selectFrom("members")
    .innerJoin("users", "users.id", "members.user_id")
    .select(["users.id", "users.email", "users.locale"])
    .where("members.workspace_id", "=", workspaceId)
    .where("members.role", "in", ["owner", "admin"])
    .execute();

export async function insertNotification(db: DB, row: { id: string; workspace_id: string; user_id: string; kind: string; created_at: string }): Promise<void> {
  await db.insertInto("notifications").values({ ...row, card_id: null, post_id: null, actor_id: null, read_at: null }).execute();
}

/** Takes a connection for a token refresh: only if nobody changed it since it was read (another worker, a reconnect). */
export async function claimConnection(db: DB, id: string, seenUpdatedAt: string, now: string): Promise<boolean> {
  const r = await db.updateTable("connections").set({ updated_at: now }).where("id", "=", id).where("updated_at", "=", seenUpdatedAt).where("status", "=", "active").executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Pauses an active connection whose token the network refused; true when this call paused it. */
export async function pauseConnection(db: DB, id: string, reason: string, now: string): Promise<boolean> {
  const r = await db.updateTable("connections").set({ status: "paused", status_reason: reason, updated_at: now }).where("id", "=", id).where("status", "=", "active").executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks a token's expiry as announced; true for the one caller that did it first (once per token). */
export async function claimExpiryWarning(db: DB, id: string, now: string): Promise<boolean> {
  const r = await db.updateTable("connections").set({ expiry_warned_at: now }).where("id", "=", id).where("expiry_warned_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const workspaceForNotice = (db: DB, id: string) => db.selectFrom("workspaces").select(["id", "name", "timezone"]).where("id", "=", id).executeTakeFirst();
