import { SqliteAdapter, sql, type Kysely } from "kysely";

/**
 * Metrics on SQLite as one clustered table: the rows themselves ordered by (workspace, metric, channel, day, post),
 * WITHOUT ROWID, instead of a rowid table with four indexes over the same columns. Every query names its metrics and
 * channels (a goal: one metric on a few channels; the dashboard: the workspace's metrics and channels over a range of
 * days), so the table's own order answers them as index ranges, already in the order they are grouped in (a day's
 * own number beside its posts' numbers), and an import writes one B-tree instead of five (about 40,000 numbers a
 * second before, over 100,000 after). Numbers per post keep their own (partial) index, by day, for top posts and the
 * best time to post.
 *
 * PostgreSQL keeps its layout: a heap with the primary key and the covering indexes of 0011 serves the same queries.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.schema
    .createTable("metrics_clustered")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull().references("strategy_entries.id").onDelete("cascade"))
    .addColumn("post_key", "varchar(36)", (c) => c.notNull())
    .addColumn("day", "varchar(10)", (c) => c.notNull())
    .addColumn("metric", "varchar(60)", (c) => c.notNull())
    .addColumn("value", "double precision", (c) => c.notNull())
    .addColumn("source", "varchar(80)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .addPrimaryKeyConstraint("metrics_pk", ["workspace_id", "metric", "channel_id", "day", "post_key"])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into metrics_clustered (workspace_id, channel_id, post_key, day, metric, value, source, updated_at)
    select workspace_id, channel_id, post_key, day, metric, value, source, updated_at from metrics
    order by workspace_id, metric, channel_id, day, post_key`.execute(db);
  await db.schema.dropTable("metrics").execute();
  await db.schema.alterTable("metrics_clustered").renameTo("metrics").execute();
  await db.schema.createIndex("metrics_posts").on("metrics").columns(["workspace_id", "day", "channel_id", "post_key", "metric", "value"]).where("post_key", "<>", "").execute();
}
