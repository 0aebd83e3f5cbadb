import { SqliteAdapter, sql, type Kysely } from "kysely";

/**
 * The best time to post from sums per UTC quarter hour instead of a year of per-post summaries: `best_time_sums`
 * holds, per workspace and quarter hour (`slot`: quarter hours since 1970-01-01 UTC), how many of the summarised
 * posts with one publish time and a stored rate went out in it (`posts`) and the sum of their rates (`total`). A
 * request reads at most 35,040 rows for a year (~5,500 on the benchmark workspace) rather than every post of it, and
 * takes off the few posts it works out from their rows. Kept by the code that writes `best_time_posts`
 * (best-times.service.ts), in the same transaction, from the rows it removes and adds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable("best_time_sums")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("slot", "integer", (c) => c.notNull())
    .addColumn("posts", "integer", (c) => c.notNull())
    .addColumn("total", "double precision", (c) => c.notNull())
    .addPrimaryKeyConstraint("best_time_sums_pk", ["workspace_id", "slot"])
    // SQLite: rows stored in the key's order, so that a year is one range of the table (not a lookup per row).
    .$call((b) => (sqlite ? b.modifyEnd(sql`without rowid`) : b))
    .execute();
  await fillBestTimeSums(db);
}

/** The sums from the summary as it stands (rows still marked are summed again, with their sums, by the next request). */
export async function fillBestTimeSums(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ workspace_id: string; published_at: string; posts: number | string; total: number | string }>`
    select workspace_id, published_at, count(*) as posts, sum(rate) as total from best_time_posts
    where kind = 0 and rate is not null and published_at is not null group by workspace_id, published_at`.execute(db);
  const sums = new Map<string, { workspace_id: string; slot: number; posts: number; total: number }>();
  for (const r of rows) {
    const slot = Math.floor(Date.parse(r.published_at) / 900_000);
    if (!Number.isFinite(slot)) continue;
    const key = `${r.workspace_id}|${slot}`;
    const s = sums.get(key) ?? (sums.set(key, { workspace_id: r.workspace_id, slot, posts: 0, total: 0 }), sums.get(key)!);
    s.posts += Number(r.posts);
    s.total += Number(r.total);
  }
  const values = [...sums.values()];
  for (let i = 0; i < values.length; i += 500) await db.insertInto("best_time_sums" as never).values(values.slice(i, i + 500) as never).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("best_time_sums").execute();
}
