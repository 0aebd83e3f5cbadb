import { SqliteAdapter, sql, type CreateTableBuilder, type Kysely } from "kysely";

/**
 * Numbers of two grains in two tables (both databases):
 * - `metrics`: one row per workspace, metric, channel and day: `value`, the channel's own number that day (entered or
 *   imported for the whole channel, or null), and `posts`, the sum of its posts' numbers that day (or null). The
 *   channel's number is `coalesce(value, posts)`: its own where it has one, else its posts' — read straight off one
 *   row, where the dashboard and every goal used to group a day's own row with all its post rows (most of their time);
 * - `metrics_per_post`: one row per post and its number that day, ordered by (workspace, day, channel, metric, post)
 *   for top posts and the best time to post.
 * `metrics.posts` is kept by triggers on `metrics_per_post` (insert, update, delete, and the deletes a channel's or a
 * workspace's removal cascades to), as the exact sum of the day's post numbers: every path that writes post numbers
 * (import, grid, Bluesky, the example) keeps it right without doing anything. A channel's own numbers — the largest
 * imports — are written once, as before; only post numbers pay for the sum.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const clustered = <T extends string, C extends string>(t: CreateTableBuilder<T, C>) => (sqlite ? t.modifyEnd(sql`without rowid`) : t);
  const columns = <T extends string>(t: CreateTableBuilder<T, never>) =>
    t
      .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
      .addColumn("channel_id", "varchar(36)", (c) => c.notNull().references("strategy_entries.id").onDelete("cascade"));

  await clustered(
    columns(db.schema.createTable("metrics_per_post"))
      .addColumn("post_key", "varchar(36)", (c) => c.notNull())
      .addColumn("day", "varchar(10)", (c) => c.notNull())
      .addColumn("metric", "varchar(60)", (c) => c.notNull())
      .addColumn("value", "double precision", (c) => c.notNull())
      .addColumn("source", "varchar(80)", (c) => c.notNull())
      .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
      .addPrimaryKeyConstraint("metrics_per_post_pk", ["workspace_id", "day", "channel_id", "metric", "post_key"]),
  ).execute();
  await sql`insert into metrics_per_post (workspace_id, channel_id, post_key, day, metric, value, source, updated_at)
    select workspace_id, channel_id, post_key, day, metric, value, source, updated_at from metrics where post_key <> ''
    order by workspace_id, day, channel_id, metric, post_key`.execute(db);

  await clustered(
    columns(db.schema.createTable("metrics_next"))
      .addColumn("day", "varchar(10)", (c) => c.notNull())
      .addColumn("metric", "varchar(60)", (c) => c.notNull())
      .addColumn("value", "double precision")
      .addColumn("posts", "double precision")
      .addColumn("source", "varchar(80)", (c) => c.notNull())
      .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
      .addPrimaryKeyConstraint("metrics_day_pk", ["workspace_id", "metric", "channel_id", "day"]),
  ).execute();
  await sql`insert into metrics_next (workspace_id, channel_id, day, metric, value, posts, source, updated_at)
    select workspace_id, channel_id, day, metric,
      max(case when post_key = '' then value end), sum(case when post_key <> '' then value end),
      coalesce(max(case when post_key = '' then source end), ''), max(updated_at)
    from metrics group by workspace_id, metric, channel_id, day
    order by workspace_id, metric, channel_id, day`.execute(db);
  await db.schema.dropTable("metrics").execute();
  await db.schema.alterTable("metrics_next").renameTo("metrics").execute();

  // The day's post sum, for the key of the row a trigger fires for (`r` is `new` or `old`).
  const key = (r: "new" | "old") =>
    `workspace_id = ${r}.workspace_id and metric = ${r}.metric and channel_id = ${r}.channel_id and day = ${r}.day`;
  const recount = (r: "new" | "old") =>
    `update metrics set posts = (select sum(p.value) from metrics_per_post p where p.workspace_id = ${r}.workspace_id and p.day = ${r}.day and p.channel_id = ${r}.channel_id and p.metric = ${r}.metric) where ${key(r)};`;
  const dropEmpty = (r: "new" | "old") => `delete from metrics where ${key(r)} and value is null and posts is null;`;

  if (sqlite) {
    const ensure = `insert into metrics (workspace_id, channel_id, day, metric, value, posts, source, updated_at)
      select new.workspace_id, new.channel_id, new.day, new.metric, null, null, '', new.updated_at
      where not exists (select 1 from metrics where ${key("new")});`;
    await sql.raw(`create trigger metrics_per_post_insert after insert on metrics_per_post begin ${ensure} ${recount("new")} end`).execute(db);
    await sql.raw(`create trigger metrics_per_post_update after update on metrics_per_post begin ${recount("old")} ${dropEmpty("old")} ${ensure} ${recount("new")} end`).execute(db);
    await sql.raw(`create trigger metrics_per_post_delete after delete on metrics_per_post begin ${recount("old")} ${dropEmpty("old")} end`).execute(db);
    return;
  }
  // PostgreSQL: once per statement (an import's upsert of 2,000 numbers is one), over the days it touched, from the
  // statement's transition tables. The days' rows are locked first (inserted or updated to themselves; a deleted
  // post's day only locked, so a channel's cascaded removal never writes it again), then summed in a statement of
  // their own, which sees every post number committed meanwhile: two imports of the same day never lose a sum.
  const days = (rows: string) => `select distinct workspace_id, metric, channel_id, day from ${rows}`;
  const matches = (a: string, b: string) => `${a}.workspace_id = ${b}.workspace_id and ${a}.metric = ${b}.metric and ${a}.channel_id = ${b}.channel_id and ${a}.day = ${b}.day`;
  const ensureRows = (rows: string) => `insert into metrics (workspace_id, channel_id, day, metric, value, posts, source, updated_at)
    select workspace_id, channel_id, day, metric, null, null, '', max(updated_at) from ${rows}
    group by workspace_id, metric, channel_id, day order by workspace_id, metric, channel_id, day
    on conflict (workspace_id, metric, channel_id, day) do update set posts = metrics.posts;`;
  const lockRows = (rows: string) => `perform 1 from metrics m join (${days(rows)}) k on ${matches("m", "k")} order by m.workspace_id, m.metric, m.channel_id, m.day for update of m;`;
  const recountRows = (keys: string) => `update metrics m set posts = (select sum(p.value) from metrics_per_post p where ${matches("p", "m")})
    from (${keys}) k where ${matches("m", "k")};`;
  const dropEmptyRows = (rows: string) => `delete from metrics m using (${days(rows)}) k where ${matches("m", "k")} and m.value is null and m.posts is null;`;
  const statementTrigger = async (event: "insert" | "update" | "delete", body: string, referencing: string) => {
    await sql.raw(`create function metrics_per_post_${event}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`).execute(db);
    await sql.raw(`create trigger metrics_per_post_${event} after ${event} on metrics_per_post referencing ${referencing} for each statement execute function metrics_per_post_${event}()`).execute(db);
  };
  await statementTrigger("insert", `${ensureRows("new_rows")} ${recountRows(days("new_rows"))}`, "new table as new_rows");
  await statementTrigger(
    "update",
    `${lockRows("old_rows")} ${ensureRows("new_rows")} ${recountRows(`${days("old_rows")} union ${days("new_rows")}`)} ${dropEmptyRows("old_rows")}`,
    "old table as old_rows new table as new_rows",
  );
  await statementTrigger("delete", `${lockRows("old_rows")} ${recountRows(days("old_rows"))} ${dropEmptyRows("old_rows")}`, "old table as old_rows");
}
