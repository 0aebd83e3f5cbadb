import type { Slot } from "@socialplan/schema";
import type { DB } from "../../db/database.ts";
import type { DeliveriesTable, LinkClicksTable, NotificationsTable, PostCommentsTable, PostEventsTable, PostsTable, ShortLinksTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";

/** How long a change can be undone. */
export const UNDO_WINDOW_MS = 30 * 60_000;

/** A post as it was before a change, with its deliveries. */
export interface ChangedSnapshot {
  post: PostsTable;
  deliveries: DeliveriesTable[];
}

/** A post as it was before it was deleted, with every row its deletion removed by cascade. */
export interface DeletedSnapshot extends ChangedSnapshot {
  comments: PostCommentsTable[];
  events: PostEventsTable[];
  shortLinks: ShortLinksTable[];
  linkClicks: LinkClicksTable[];
  notifications: NotificationsTable[];
}

/** What an undo puts back: posts the change created (removed again), changed (times, status, deliveries) and deleted (re-inserted). */
export interface UndoData {
  created: string[];
  changed: ChangedSnapshot[];
  deleted: DeletedSnapshot[];
}

export async function slotRows(db: DB, workspaceId: string, channelId?: string) {
  let q = db.selectFrom("posting_slots").select(["channel_id", "weekday", "time"]).where("workspace_id", "=", workspaceId);
  if (channelId) q = q.where("channel_id", "=", channelId);
  return q.orderBy("channel_id").orderBy("weekday").orderBy("time").execute();
}

export async function replaceSlots(db: DB, workspaceId: string, channelId: string, slots: readonly Slot[], now: Date): Promise<void> {
  await db.deleteFrom("posting_slots").where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId).execute();
  if (!slots.length) return;
  await db
    .insertInto("posting_slots")
    .values(slots.map((s) => ({ id: newId(), workspace_id: workspaceId, channel_id: channelId, weekday: s.weekday, time: s.time, created_at: iso(now) })))
    .execute();
}

/**
 * Posts with a time up to `to` that may take a slot in [from, to]: those at a time within it, and every recurring one
 * starting before its end — two index searches (`posts_workspace_time`, `posts_recurring`) that never share a post,
 * not one `or` that read the workspace's every post.
 */
export async function postsWithTimes(db: DB, workspaceId: string, from: string, to: string): Promise<PostsTable[]> {
  const posts = () => db.selectFrom("posts").selectAll().where("workspace_id", "=", workspaceId);
  return posts()
    .where("recurrence", "is", null)
    .where("scheduled_at", ">=", from)
    .where("scheduled_at", "<=", to)
    .unionAll(posts().where("recurrence", "is not", null).where("scheduled_at", "<=", to))
    .execute();
}

export async function postsIn(db: DB, workspaceId: string, ids: readonly string[]): Promise<PostsTable[]> {
  if (!ids.length) return [];
  return db.selectFrom("posts").selectAll().where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
}

export async function deliveriesIn(db: DB, postIds: readonly string[]): Promise<DeliveriesTable[]> {
  if (!postIds.length) return [];
  return db.selectFrom("deliveries").selectAll().where("post_id", "in", postIds).orderBy("due_at").execute();
}

const byPost = <T extends { post_id: string | null }>(rows: readonly T[], id: string) => rows.filter((r) => r.post_id === id);

/** The posts (of one workspace) as they are now, with their deliveries. */
export async function snapshotChanged(db: DB, rows: readonly PostsTable[]): Promise<Map<string, ChangedSnapshot>> {
  const deliveries = await deliveriesIn(db, rows.map((r) => r.id));
  return new Map(rows.map((post) => [post.id, { post, deliveries: byPost(deliveries, post.id) }]));
}

/** The posts as they are now with everything their deletion would remove by cascade (see the migrations' ON DELETE CASCADE). */
export async function snapshotDeleted(db: DB, rows: readonly PostsTable[]): Promise<Map<string, DeletedSnapshot>> {
  const ids = rows.map((r) => r.id);
  if (!ids.length) return new Map();
  const [deliveries, comments, events, shortLinks, notifications] = await Promise.all([
    deliveriesIn(db, ids),
    db.selectFrom("post_comments").selectAll().where("post_id", "in", ids).execute(),
    db.selectFrom("post_events").selectAll().where("post_id", "in", ids).execute(),
    db.selectFrom("short_links").selectAll().where("post_id", "in", ids).execute(),
    db.selectFrom("notifications").selectAll().where("post_id", "in", ids).execute(),
  ]);
  const codes = shortLinks.map((l) => l.code);
  const linkClicks = codes.length ? await db.selectFrom("link_clicks").selectAll().where("code", "in", codes).execute() : [];
  return new Map(
    rows.map((post) => {
      const links = byPost(shortLinks, post.id);
      return [
        post.id,
        {
          post,
          deliveries: byPost(deliveries, post.id),
          comments: byPost(comments, post.id),
          events: byPost(events, post.id),
          shortLinks: links,
          linkClicks: linkClicks.filter((c) => links.some((l) => l.code === c.code)),
          notifications: byPost(notifications, post.id),
        },
      ];
    }),
  );
}

/** Re-inserts a deleted post and everything that went with it, as it was. */
export async function reinsertDeleted(db: DB, s: DeletedSnapshot): Promise<void> {
  await db.insertInto("posts").values(s.post).execute();
  if (s.deliveries.length) await db.insertInto("deliveries").values(s.deliveries).execute();
  if (s.comments.length) await db.insertInto("post_comments").values(s.comments).execute();
  if (s.events.length) await db.insertInto("post_events").values(s.events).execute();
  if (s.shortLinks.length) await db.insertInto("short_links").values(s.shortLinks).execute();
  if (s.linkClicks.length) await db.insertInto("link_clicks").values(s.linkClicks).execute();
  if (s.notifications.length) await db.insertInto("notifications").values(s.notifications).execute();
}

/** Keeps a member's last change (and only it, and only for the undo window); returns its id. */
export async function writeUndo(db: DB, at: { workspaceId: string; memberId: string; now: Date }, kind: string, data: UndoData): Promise<string> {
  await db.deleteFrom("undo_records").where("created_at", "<", iso(new Date(at.now.getTime() - UNDO_WINDOW_MS))).execute();
  await db.deleteFrom("undo_records").where("workspace_id", "=", at.workspaceId).where("member_id", "=", at.memberId).execute();
  const id = newId();
  await db.insertInto("undo_records").values({ id, workspace_id: at.workspaceId, member_id: at.memberId, kind, data: JSON.stringify(data), created_at: iso(at.now) }).execute();
  return id;
}

export async function findUndo(db: DB, workspaceId: string, id: string) {
  return db.selectFrom("undo_records").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
}

/** Takes the record for one undo: false when another request took it first (it waits for that one's commit). */
export async function claimUndo(db: DB, id: string): Promise<boolean> {
  const gone = await db.deleteFrom("undo_records").where("id", "=", id).executeTakeFirst();
  return Number(gone.numDeletedRows) === 1;
}
