import { SqliteAdapter, sql, type Kysely } from "kysely";

/**
 * A deleted channel's per-post numbers go after the answer, in a background job, instead of inside the request.
 *
 * `metrics_per_post` is ordered by (workspace, day, channel, metric, post) for the dashboard and the best time, so one
 * channel's per-post numbers lie on thousands of pages (a few rows per day): their removal by the foreign key's
 * cascade rewrote ~3,000 pages (12 MB written and fsynced) inside `DELETE …/strategy/entries/:id` (bench:channel-delete).
 *
 * - `channel_purges`: the channels whose per-post numbers are still to go (workspace, channel, when deleted). The
 *   delete writes its row in the same transaction as the record's removal; the purger (features/strategy/
 *   channel-purge.ts) removes the numbers in bounded batches, and the row last, when none is left. A workspace's
 *   removal takes its rows with it (its numbers go by the workspace's foreign key).
 * - `metrics_per_post` without its foreign key to `strategy_entries` (SQLite: the table rebuilt — same columns, key,
 *   order, WITHOUT ROWID, the workspace's foreign key, every index and trigger; PostgreSQL: the constraint dropped).
 *   Readers only read the channels that exist; the archive export leaves out rows of channels that are gone; writers
 *   check the channel (imports, the grid, the archive import), and PostgreSQL keeps the foreign key's insert check as
 *   a statement trigger that locks the channels it names (`for key share`, as the foreign key did), so an import that
 *   races the channel's removal still fails instead of leaving numbers behind.
 * - without the index `metrics_per_post_channel` (channel, workspace, post) of 0019, made for the foreign key's
 *   cascade: every query of per-post numbers names the workspace first, and `metrics_per_post_post` (workspace,
 *   channel, post; 0020) serves them and the purge. One index less for every per-post number written or removed.
 *
 * Every other child of a channel stays with its cascade: `metric_posts` (one row per imported post, contiguous by
 * channel in its key), `connections`, `setup_checks`, `posting_slots` are a few pages per channel.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable("channel_purges")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull())
    .addColumn("deleted_at", "varchar(30)", (c) => c.notNull())
    .addPrimaryKeyConstraint("channel_purges_pk", ["workspace_id", "channel_id"])
    .execute();
  await db.schema.dropIndex("metrics_per_post_channel").execute();
  if (sqlite) await rebuildPerPost(db, false);
  else {
    const fks = await sql<{ conname: string }>`select conname from pg_constraint where conrelid = 'metrics_per_post'::regclass and confrelid = 'strategy_entries'::regclass and contype = 'f'`.execute(db);
    for (const fk of fks.rows) await sql`alter table metrics_per_post drop constraint ${sql.id(fk.conname)}`.execute(db);
    // The foreign key's insert check, once per statement: the channels named are locked against removal until the
    // transaction ends (a removal that came first has them gone, and the insert fails as it did).
    await sql
      .raw(
        `create function metrics_per_post_channel_check() returns trigger language plpgsql as $$
        declare missing varchar(36);
        begin
          perform 1 from strategy_entries s where s.id in (select distinct channel_id from new_rows) for key share;
          select r.channel_id into missing from new_rows r where not exists (select 1 from strategy_entries s where s.id = r.channel_id) limit 1;
          if missing is not null then
            raise exception 'insert or update on table "metrics_per_post" violates foreign key constraint: channel % is not present in table "strategy_entries"', missing using errcode = 'foreign_key_violation';
          end if;
          return null;
        end $$`,
      )
      .execute(db);
    await sql.raw(`create trigger metrics_per_post_channel_check after insert on metrics_per_post referencing new table as new_rows for each statement execute function metrics_per_post_channel_check()`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  // Numbers still waiting for their purge would break the foreign key: they go now.
  await sql`delete from metrics_per_post where not exists (select 1 from strategy_entries s where s.id = metrics_per_post.channel_id)`.execute(db);
  if (sqlite) await rebuildPerPost(db, true);
  else {
    await sql.raw(`drop trigger if exists metrics_per_post_channel_check on metrics_per_post`).execute(db);
    await sql.raw(`drop function if exists metrics_per_post_channel_check()`).execute(db);
    await sql`alter table metrics_per_post add foreign key (channel_id) references strategy_entries (id) on delete cascade`.execute(db);
  }
  await db.schema.createIndex("metrics_per_post_channel").on("metrics_per_post").columns(["channel_id", "workspace_id", "post_key"]).execute();
  await db.schema.dropTable("channel_purges").execute();
}

/**
 * SQLite: `metrics_per_post` again — the same columns, key, order and WITHOUT ROWID, the workspace's foreign key, and
 * the channel's only with `channelKey` — with its indexes and every trigger that names it put back as they were.
 */
async function rebuildPerPost(db: Kysely<unknown>, channelKey: boolean): Promise<void> {
  // Triggers on the table, and any elsewhere that name it (a rename checks every trigger of the schema), kept aside.
  const triggers = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and (tbl_name = 'metrics_per_post' or sql like '%metrics_per_post%') order by name`.execute(db);
  const indexes = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'metrics_per_post' and sql is not null order by name`.execute(db);
  for (const t of triggers.rows) await sql.raw(`drop trigger ${t.name}`).execute(db);
  await db.schema
    .createTable("metrics_per_post_next")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => (channelKey ? c.notNull().references("strategy_entries.id").onDelete("cascade") : c.notNull()))
    .addColumn("post_key", "varchar(36)", (c) => c.notNull())
    .addColumn("day", "varchar(10)", (c) => c.notNull())
    .addColumn("metric", "varchar(60)", (c) => c.notNull())
    .addColumn("value", "double precision", (c) => c.notNull())
    .addColumn("source", "varchar(80)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .addPrimaryKeyConstraint("metrics_per_post_pk", ["workspace_id", "day", "channel_id", "metric", "post_key"])
    .modifyEnd(sql`without rowid`)
    .execute();
  await sql`insert into metrics_per_post_next (workspace_id, channel_id, post_key, day, metric, value, source, updated_at)
    select workspace_id, channel_id, post_key, day, metric, value, source, updated_at from metrics_per_post
    order by workspace_id, day, channel_id, metric, post_key`.execute(db);
  await db.schema.dropTable("metrics_per_post").execute();
  await db.schema.alterTable("metrics_per_post_next").renameTo("metrics_per_post").execute();
  for (const i of indexes.rows) await sql.raw(i.sql).execute(db);
  for (const t of triggers.rows) await sql.raw(t.sql).execute(db);
}
