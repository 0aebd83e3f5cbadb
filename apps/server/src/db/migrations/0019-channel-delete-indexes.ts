import { SqliteAdapter, sql, type Kysely } from "kysely";

/**
 * Deleting a strategy record (a channel, a goal, an initiative) without reading every workspace's rows. The database
 * carries out the record's foreign keys as one statement per referencing column — `delete from metrics_per_post where
 * channel_id = ?`, `update posts set goal_id = null where goal_id = ?`, … — whatever the record's kind; where no index
 * starts with that column, SQLite reads the whole table (every workspace's numbers and posts) and PostgreSQL too. A
 * channel's removal took 0.3–0.5 s on 2.9 million numbers and grew with them (`npm run bench:channel-delete`).
 *
 * - an index starting with the column on each referencing table; partial (`is not null`) where most rows have none,
 *   as a post's goal; the one on `metrics_per_post` also serves a post's numbers by (channel, workspace, post);
 * - `metrics` (channels' own numbers and the day's post sums): on SQLite an index by channel would be a second copy
 *   of each row (a WITHOUT ROWID index carries the whole key) and cost every import 60 % more writing, so the table is
 *   rebuilt without the foreign key to the channel instead (its workspace's stays), and PostgreSQL drops it: removing
 *   a channel deletes its rows itself, per metric, as ranges of the primary key's order (strategy.repository
 *   `deleteChannelNumbers`, in the one delete path every caller uses);
 * - the per-post numbers' delete trigger no longer recounts a day's post sum for a channel that is gone: its
 *   `metrics` rows go in the same transaction, so the recount was work for rows about to be deleted.
 */
const INDEXES: [name: string, table: string, columns: string[], partial: boolean][] = [
  ["metrics_per_post_channel", "metrics_per_post", ["channel_id", "workspace_id", "post_key"], false],
  ["metric_posts_channel", "metric_posts", ["channel_id"], false],
  ["connections_channel_id", "connections", ["channel_id"], false],
  ["posting_slots_channel_id", "posting_slots", ["channel_id"], false],
  ["strategy_entries_parent", "strategy_entries", ["parent_id"], true],
  ["posts_goal", "posts", ["goal_id"], true],
  ["posts_initiative", "posts", ["initiative_id"], true],
  ["board_cards_goal", "board_cards", ["goal_id"], true],
  ["board_cards_initiative", "board_cards", ["initiative_id"], true],
  ["budget_lines_channel", "budget_lines", ["channel_id"], true],
  ["budget_lines_goal", "budget_lines", ["goal_id"], true],
];

const key = (r: string) => `workspace_id = ${r}.workspace_id and metric = ${r}.metric and channel_id = ${r}.channel_id and day = ${r}.day`;
const recount = `update metrics set posts = (select sum(p.value) from metrics_per_post p where p.workspace_id = old.workspace_id and p.day = old.day and p.channel_id = old.channel_id and p.metric = old.metric) where ${key("old")};`;
const dropEmpty = `delete from metrics where ${key("old")} and value is null and posts is null;`;

/** PostgreSQL's statement trigger (as 0013's), over the deleted rows whose channel still exists (`live`) or all. */
function pgDeleteBody(live: boolean): string {
  const rows = live ? `(select * from old_rows r where exists (select 1 from strategy_entries s where s.id = r.channel_id))` : "old_rows";
  const days = `select distinct workspace_id, metric, channel_id, day from ${rows} o`;
  const matches = (a: string, b: string) => `${a}.workspace_id = ${b}.workspace_id and ${a}.metric = ${b}.metric and ${a}.channel_id = ${b}.channel_id and ${a}.day = ${b}.day`;
  return `perform 1 from metrics m join (${days}) k on ${matches("m", "k")} order by m.workspace_id, m.metric, m.channel_id, m.day for update of m;
    update metrics m set posts = (select sum(p.value) from metrics_per_post p where ${matches("p", "m")}) from (${days}) k where ${matches("m", "k")};
    delete from metrics m using (${days}) k where ${matches("m", "k")} and m.value is null and m.posts is null;`;
}

async function deleteTrigger(db: Kysely<unknown>, live: boolean): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql.raw(`drop trigger metrics_per_post_delete`).execute(db);
    const when = live ? ` when exists (select 1 from strategy_entries where id = old.channel_id)` : "";
    await sql.raw(`create trigger metrics_per_post_delete after delete on metrics_per_post${when} begin ${recount} ${dropEmpty} end`).execute(db);
    return;
  }
  await sql.raw(`create or replace function metrics_per_post_delete() returns trigger language plpgsql as $$ begin ${pgDeleteBody(live)} return null; end $$`).execute(db);
}

/** SQLite: `metrics` again, the same columns, key and order, without the channel's foreign key. */
async function rebuildMetrics(db: Kysely<unknown>, channelKey: boolean): Promise<void> {
  // The per-post triggers name `metrics`: kept aside while the table is replaced (a rename checks every trigger).
  const triggers = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'metrics_per_post' and sql like '%update metrics%'`.execute(db);
  for (const t of triggers.rows) await sql.raw(`drop trigger ${t.name}`).execute(db);
  await db.schema
    .createTable("metrics_next")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => (channelKey ? c.notNull().references("strategy_entries.id").onDelete("cascade") : c.notNull()))
    .addColumn("day", "varchar(10)", (c) => c.notNull())
    .addColumn("metric", "varchar(60)", (c) => c.notNull())
    .addColumn("value", "double precision")
    .addColumn("posts", "double precision")
    .addColumn("source", "varchar(80)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .addPrimaryKeyConstraint("metrics_day_pk", ["workspace_id", "metric", "channel_id", "day"])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into metrics_next (workspace_id, channel_id, day, metric, value, posts, source, updated_at)
    select workspace_id, channel_id, day, metric, value, posts, source, updated_at from metrics order by workspace_id, metric, channel_id, day`.execute(db);
  await db.schema.dropTable("metrics").execute();
  await db.schema.alterTable("metrics_next").renameTo("metrics").execute();
  for (const t of triggers.rows) await sql.raw(t.sql).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  for (const [name, table, columns, partial] of INDEXES) {
    const index = db.schema.createIndex(name).on(table).columns(columns);
    await (partial ? index.where(sql.ref(columns[0]!), "is not", null) : index).execute();
  }
  if (sqlite) await rebuildMetrics(db, false);
  else {
    const fks = await sql<{ conname: string }>`select conname from pg_constraint where conrelid = 'metrics'::regclass and confrelid = 'strategy_entries'::regclass and contype = 'f'`.execute(db);
    for (const fk of fks.rows) await sql`alter table metrics drop constraint ${sql.id(fk.conname)}`.execute(db);
  }
  await deleteTrigger(db, true);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await deleteTrigger(db, false);
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
  if (sqlite) await rebuildMetrics(db, true);
  else await sql`alter table metrics add foreign key (channel_id) references strategy_entries (id) on delete cascade`.execute(db);
}
