import type { DB } from "../../db/database.ts";
import type { DeliveriesTable, PostsTable } from "../../db/schema.ts";

/** Every SQL query of the posts service, as plain functions that take `db` first. */

export async function channelEntries(db: DB, workspaceId: string): Promise<{ id: string; data: string }[]> {
  return db.selectFrom("strategy_entries").select(["id", "data"]).where("workspace_id", "=", workspaceId).where("kind", "=", "channel").execute();
}

export async function strategyEntryOfKind(db: DB, workspaceId: string, id: string, kind: string): Promise<{ id: string } | undefined> {
  return db.selectFrom("strategy_entries").select("id").where("workspace_id", "=", workspaceId).where("id", "=", id).where("kind", "=", kind).executeTakeFirst();
}

/** Ids of the workspace's channels that have a connection (active or paused). */
export async function connectedChannelIds(db: DB, workspaceId: string): Promise<string[]> {
  const rows = await db.selectFrom("connections").select("channel_id").where("workspace_id", "=", workspaceId).execute();
  return rows.map((r) => r.channel_id);
}

export async function workspaceTimezone(db: DB, workspaceId: string): Promise<string> {
  const row = await db.selectFrom("workspaces").select("timezone").where("id", "=", workspaceId).executeTakeFirstOrThrow();
  return row.timezone;
}

export async function memberExists(db: DB, workspaceId: string, memberId: string): Promise<boolean> {
  return !!(await db.selectFrom("members").select("id").where("workspace_id", "=", workspaceId).where("id", "=", memberId).executeTakeFirst());
}

export async function assetKinds(db: DB, workspaceId: string, ids: readonly string[]) {
  return db.selectFrom("assets").select(["id", "kind", "content_type"]).where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
}

export async function assetFacts(db: DB, workspaceId: string, ids: readonly string[]) {
  return db
    .selectFrom("assets")
    .select(["id", "kind", "width", "height", "duration_ms", "size", "content_type"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .execute();
}

export async function shortLinksOf(db: DB, postIds: readonly string[]) {
  if (!postIds.length) return [];
  return db.selectFrom("short_links").select(["code", "post_id", "channel_id"]).where("post_id", "in", postIds).execute();
}

// --- posts

export async function findPost(db: DB, workspaceId: string, postId: string): Promise<PostsTable | undefined> {
  return db.selectFrom("posts").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", postId).executeTakeFirst();
}

const LIST_LIMIT = 5000;

export async function postsWithStatus(db: DB, workspaceId: string, status: string): Promise<PostsTable[]> {
  return db.selectFrom("posts").selectAll().where("workspace_id", "=", workspaceId).where("status", "=", status).orderBy("scheduled_at").orderBy("created_at").limit(LIST_LIMIT).execute();
}

/**
 * Posts without a date, every recurring post, and those dated within [after, before) (an open side when null). Three
 * questions, each a search of an index of its own — undated and dated posts through `posts_workspace_time`, recurring
 * ones through `posts_recurring` (0023) — put together with `union all` (they never share a post): asked as one
 * `or`, the database read the workspace's every post (~300 ms for 500,000 posts on SQLite).
 */
export async function postsForCalendar(db: DB, workspaceId: string, after: string | null, before: string | null): Promise<PostsTable[]> {
  const posts = () => db.selectFrom("posts").selectAll().where("workspace_id", "=", workspaceId);
  if (!after && !before) return posts().orderBy("scheduled_at").orderBy("created_at").limit(LIST_LIMIT).execute();
  let dated = posts().where("recurrence", "is", null);
  if (after) dated = dated.where("scheduled_at", ">=", after);
  if (before) dated = dated.where("scheduled_at", "<", before);
  return posts()
    .where("scheduled_at", "is", null)
    .unionAll(posts().where("recurrence", "is not", null).where("scheduled_at", "is not", null))
    .unionAll(dated)
    .orderBy("scheduled_at")
    .orderBy("created_at")
    .limit(LIST_LIMIT)
    .execute();
}

/** Posts dated strictly between the two instants. */
export async function postsBetween(db: DB, workspaceId: string, after: string, before: string): Promise<PostsTable[]> {
  return db.selectFrom("posts").selectAll().where("workspace_id", "=", workspaceId).where("scheduled_at", ">", after).where("scheduled_at", "<", before).execute();
}

export async function insertPost(db: DB, row: PostsTable): Promise<void> {
  await db.insertInto("posts").values(row).execute();
}

export async function updatePostRow(db: DB, postId: string, set: Partial<PostsTable>): Promise<void> {
  await db.updateTable("posts").set(set).where("id", "=", postId).execute();
}

export async function deletePostRow(db: DB, postId: string): Promise<void> {
  await db.deleteFrom("posts").where("id", "=", postId).execute();
}

// --- deliveries

export async function deliveriesOf(db: DB, postIds: readonly string[]): Promise<DeliveriesTable[]> {
  if (!postIds.length) return [];
  return db.selectFrom("deliveries").selectAll().where("post_id", "in", postIds).orderBy("due_at").execute();
}

export async function deliveryStates(db: DB, postId: string) {
  return db.selectFrom("deliveries").select(["id", "status", "attempts"]).where("post_id", "=", postId).execute();
}

/** A delivery of the post being sent right now (taken by a worker or under way), if any. */
export async function busyDelivery(db: DB, postId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom("deliveries").select("id").where("post_id", "=", postId).where("status", "in", ["claimed", "publishing"]).executeTakeFirst();
}

export async function findDelivery(db: DB, workspaceId: string, postId: string, deliveryId: string): Promise<DeliveriesTable | undefined> {
  return db.selectFrom("deliveries").selectAll().where("workspace_id", "=", workspaceId).where("post_id", "=", postId).where("id", "=", deliveryId).executeTakeFirst();
}

/** Inserts deliveries, skipping those whose identity (post, channel, time) exists already. */
export async function insertDeliveries(db: DB, rows: readonly DeliveriesTable[]): Promise<void> {
  if (rows.length) await db.insertInto("deliveries").values(rows).onConflict((oc) => oc.columns(["post_id", "channel_id", "due_at"]).doNothing()).execute();
}

export async function deleteDeliveries(db: DB, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.deleteFrom("deliveries").where("id", "in", ids).execute();
}

/** Changes a delivery only while it is still in `status`; says whether it did. */
export async function updateDeliveryFrom(db: DB, deliveryId: string, status: string, set: Partial<DeliveriesTable>): Promise<boolean> {
  const done = await db.updateTable("deliveries").set(set).where("id", "=", deliveryId).where("status", "=", status).executeTakeFirst();
  return done.numUpdatedRows > 0n;
}
