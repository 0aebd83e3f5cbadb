import type { Kysely } from "kysely";

/**
 * Planning many posts at once (issue 20):
 * - `posting_slots`: a channel's weekly posting times (ISO weekday and wall-clock "HH:mm" in the workspace's zone),
 *   removed with the channel's strategy record;
 * - `undo_records`: what the last change of a member (bulk change, duplicate, next free slot) touched, as it was
 *   before (JSON of the rows), so that it can be put back within 30 minutes; one per member, older ones deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("posting_slots")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull().references("strategy_entries.id").onDelete("cascade"))
    .addColumn("weekday", "integer", (c) => c.notNull())
    .addColumn("time", "varchar(5)", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("posting_slots_channel").on("posting_slots").columns(["workspace_id", "channel_id", "weekday", "time"]).unique().execute();
  await db.schema
    .createTable("undo_records")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("member_id", "varchar(36)", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addColumn("kind", "varchar(30)", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("undo_records_member").on("undo_records").columns(["workspace_id", "member_id", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("undo_records").execute();
  await db.schema.dropTable("posting_slots").execute();
}
