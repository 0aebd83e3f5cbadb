import type { Kysely } from "kysely";

/**
 * Numbers coming back (guide §13 `exec.tracking`): one value per channel, day and metric, optionally for one post
 * (`post_key` is the post's id, or "" for the whole channel that day — a plain column so that the unique key, and
 * with it an idempotent import, works the same on both databases).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("metrics")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull().references("strategy_entries.id").onDelete("cascade"))
    .addColumn("post_key", "varchar(36)", (c) => c.notNull())
    .addColumn("day", "varchar(10)", (c) => c.notNull())
    .addColumn("metric", "varchar(60)", (c) => c.notNull())
    .addColumn("value", "double precision", (c) => c.notNull())
    .addColumn("source", "varchar(80)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .addPrimaryKeyConstraint("metrics_pk", ["workspace_id", "channel_id", "post_key", "day", "metric"])
    .execute();
  await db.schema.createIndex("metrics_workspace_day").on("metrics").columns(["workspace_id", "day"]).execute();
}
