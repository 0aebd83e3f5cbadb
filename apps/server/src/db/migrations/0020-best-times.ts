import { SqliteAdapter, sql, type Kysely } from "kysely";

/**
 * The best time to post from a summary per post instead of every per-post number and delivery of the year:
 * - `best_time_posts`: one row per post (channel and post key) with numbers: the sums of its numbers (JSON), the
 *   first and last day they were counted on, when it went out (UTC; `kind` 1 where it has several publish times — a
 *   recurring post, or one both published here and imported — and is worked out from its rows on each request), and
 *   its engagement rate by its channel's definition (null for "by followers": followers change with the day asked for);
 * - `best_time_channels`: the definition each channel's rates were computed with (a changed one recomputes them);
 * - `best_time_dirty`: posts whose numbers or publish times changed since. Triggers on `metrics_per_post`,
 *   `deliveries` (published ones only) and `metric_posts` add the post's key; the next best-time request recomputes
 *   those posts and takes them off. Writes pay one small insert (once per statement on PostgreSQL), not a summary.
 * The time zone is applied when reading (the summary is in UTC), so changing it needs no recomputation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  // No foreign key to the channel: a channel's removal cascades to its numbers and must not also walk this table
  // (rows of removed channels are skipped when read and dropped by the next request).
  await db.schema
    .createTable("best_time_posts")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull())
    .addColumn("post_key", "varchar(36)", (c) => c.notNull())
    .addColumn("kind", "integer", (c) => c.notNull())
    .addColumn("published_at", "varchar(30)")
    .addColumn("first_day", "varchar(10)", (c) => c.notNull())
    .addColumn("last_day", "varchar(10)", (c) => c.notNull())
    .addColumn("numbers", "text", (c) => c.notNull())
    .addColumn("rate", "double precision")
    .addColumn("early", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("best_time_posts_pk", ["workspace_id", "channel_id", "post_key"])
    .execute();
  // The request's scan: a year of publish times, everything it filters on and adds up in the index.
  await db.schema.createIndex("best_time_posts_published").on("best_time_posts").columns(["workspace_id", "published_at", "kind", "first_day", "last_day", "channel_id", "rate"]).execute();
  await db.schema.createIndex("best_time_posts_kind").on("best_time_posts").columns(["workspace_id", "kind"]).execute();
  // The few posts worked out from their rows: numbers after the day asked for, numbers from well before publishing.
  await db.schema.createIndex("best_time_posts_last_day").on("best_time_posts").columns(["workspace_id", "last_day"]).execute();
  await db.schema.createIndex("best_time_posts_early").on("best_time_posts").columns(["workspace_id", "early"]).execute();
  await db.schema
    .createTable("best_time_channels")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("best_time_channels_pk", ["workspace_id", "channel_id"])
    .execute();
  await db.schema
    .createTable("best_time_dirty")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull())
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull())
    .addColumn("post_key", "varchar(36)", (c) => c.notNull())
    .addPrimaryKeyConstraint("best_time_dirty_pk", ["workspace_id", "channel_id", "post_key"])
    .execute();
  // A post's numbers, by post (the table's order is by day): the recomputation of a changed post reads them.
  await db.schema.createIndex("metrics_per_post_post").on("metrics_per_post").columns(["workspace_id", "channel_id", "post_key"]).execute();
  // Every post there is now, to be summarised by the first request.
  await sql`insert into best_time_dirty (workspace_id, channel_id, post_key) select distinct workspace_id, channel_id, post_key from metrics_per_post`.execute(db);

  // [table, key column, which rows count]
  const sources = [
    ["metrics_per_post", "post_key", "true"],
    ["deliveries", "post_id", "r.status = 'published'"],
    ["metric_posts", "post_key", "true"],
  ] as const;
  if (sqlite) {
    for (const [table, key, counts] of sources) {
      // Not `insert or ignore`: the statement that fires a trigger overrides its conflict clause (an `or replace` would
      // fail the trigger's insert on a key already marked).
      const mark = (r: "new" | "old") =>
        `insert into best_time_dirty (workspace_id, channel_id, post_key) select ${r}.workspace_id, ${r}.channel_id, ${r}.${key} where not exists (select 1 from best_time_dirty where workspace_id = ${r}.workspace_id and channel_id = ${r}.channel_id and post_key = ${r}.${key});`;
      const when = (r: "new" | "old") => counts.replaceAll("r.", `${r}.`);
      // A removed channel's rows (its cascade) are not marked: the channel is gone before its rows are.
      const live = `exists (select 1 from strategy_entries where id = old.channel_id)`;
      await sql.raw(`create trigger ${table}_best_time_insert after insert on ${table} when ${when("new")} begin ${mark("new")} end`).execute(db);
      await sql.raw(`create trigger ${table}_best_time_update after update on ${table} when ${when("new")} or ${when("old")} begin ${mark("old")} ${mark("new")} end`).execute(db);
      await sql.raw(`create trigger ${table}_best_time_delete after delete on ${table} when ${when("old")} and ${live} begin ${mark("old")} end`).execute(db);
    }
    await sql.raw(`create trigger workspaces_best_time_delete after delete on workspaces begin delete from best_time_dirty where workspace_id = old.id; end`).execute(db);
    return;
  }
  // PostgreSQL: once per statement, from its transition tables.
  for (const [table, key, counts] of sources) {
    const marks = (rows: string, extra = "true") =>
      `insert into best_time_dirty (workspace_id, channel_id, post_key) select distinct r.workspace_id, r.channel_id, r.${key} from ${rows} r where ${counts} and ${extra} on conflict do nothing;`;
    const live = `exists (select 1 from strategy_entries s where s.id = r.channel_id)`;
    const trigger = async (event: "insert" | "update" | "delete", body: string, referencing: string) => {
      await sql.raw(`create function ${table}_best_time_${event}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`).execute(db);
      await sql.raw(`create trigger ${table}_best_time_${event} after ${event} on ${table} referencing ${referencing} for each statement execute function ${table}_best_time_${event}()`).execute(db);
    };
    await trigger("insert", marks("new_rows"), "new table as new_rows");
    await trigger("update", `${marks("old_rows")} ${marks("new_rows")}`, "old table as old_rows new table as new_rows");
    await trigger("delete", marks("old_rows", live), "old table as old_rows");
  }
  await sql.raw(`create function workspaces_best_time_delete() returns trigger language plpgsql as $$ begin delete from best_time_dirty where workspace_id = old.id; return null; end $$`).execute(db);
  await sql.raw(`create trigger workspaces_best_time_delete after delete on workspaces for each row execute function workspaces_best_time_delete()`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  for (const table of ["metrics_per_post", "deliveries", "metric_posts"]) {
    for (const event of ["insert", "update", "delete"]) {
      await sql.raw(`drop trigger if exists ${table}_best_time_${event}${sqlite ? "" : ` on ${table}`}`).execute(db);
      if (!sqlite) await sql.raw(`drop function if exists ${table}_best_time_${event}()`).execute(db);
    }
  }
  await sql.raw(`drop trigger if exists workspaces_best_time_delete${sqlite ? "" : " on workspaces"}`).execute(db);
  if (!sqlite) await sql.raw(`drop function if exists workspaces_best_time_delete()`).execute(db);
  await db.schema.dropIndex("metrics_per_post_post").execute();
  await db.schema.dropTable("best_time_dirty").execute();
  await db.schema.dropTable("best_time_channels").execute();
  await db.schema.dropTable("best_time_posts").execute();
}
