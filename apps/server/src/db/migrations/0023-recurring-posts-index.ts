import { sql, type Kysely } from "kysely";

/**
 * An index of the recurring posts only: (workspace, first time) where `recurrence` is set. Every screen that places
 * posts on days asks for "the posts dated in this range, and every recurring post that started before its end" —
 * home's week, the calendar, the slot planner, the calendar feed — and the publisher asks for every scheduled recurring
 * post of the instance. Without it the recurring half of those questions read the workspace's whole past through
 * `posts_workspace_time` (500,000 posts: ~280–340 ms a request on SQLite, the publisher's question a scan of the
 * whole table, ~120 ms) to find a handful. A partial index holds only the recurring posts, so it costs nothing for the
 * others' writes, and each question becomes searches of its own indexes (posts.repository.ts, planning.repository.ts,
 * post-files.ts, home.service.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("posts_recurring").on("posts").columns(["workspace_id", "scheduled_at"]).where(sql.ref("recurrence"), "is not", null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("posts_recurring").execute();
}
