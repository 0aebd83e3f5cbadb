// Bulk rows straight into a server's database, for the benchmarks that need more data than the API could make in
// reasonable time. SQLite: multi-row prepared statements in one transaction; PostgreSQL: INSERT … SELECT FROM unnest(arrays), in
// one transaction.
import Database from "better-sqlite3";
import pg from "pg";

export interface Seeder {
  /** Adds rows (values in the order of `columns`) to `table`. */
  insert(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Runs a statement of the database's own dialect. */
  exec(sql: string): Promise<void>;
  count(table: string): Promise<number>;
  /** Fresh planner statistics midway (PostgreSQL: ANALYZE, as autovacuum would on a table that grew; SQLite: nothing). */
  settle(): Promise<void>;
  /** Commits what was inserted and closes the connection. */
  close(): Promise<void>;
}

/** One transaction over the embedded database's file (WAL: the server may keep it open meanwhile). */
export function sqliteSeeder(file: string): Seeder {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  // Room for the whole transaction's pages (up to 1 GiB, taken only as used): a small cache spills changed pages to
  // the WAL again and again (a 2.6M-number seed wrote 1.6 GB of WAL before this).
  db.pragma("cache_size = -1048576");
  db.exec("begin");
  // Multi-row INSERTs (up to 200 rows, a statement per table, columns and row count): a fraction of the calls.
  const statements = new Map<string, Database.Statement>();
  const statement = (table: string, columns: readonly string[], count: number) => {
    const key = `${table}(${columns.join(",")})×${count}`;
    let st = statements.get(key);
    const one = `(${columns.map(() => "?").join(", ")})`;
    if (!st) statements.set(key, (st = db.prepare(`insert into ${table} (${columns.join(", ")}) values ${Array(count).fill(one).join(", ")}`)));
    return st;
  };
  const ROWS = 200;
  return {
    async insert(table, columns, rows) {
      for (let i = 0; i < rows.length; i += ROWS) {
        const chunk = rows.slice(i, i + ROWS);
        statement(table, columns, chunk.length).run(...chunk.flat());
      }
    },
    async exec(sql) {
      db.exec(sql);
    },
    async count(table) {
      return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    },
    async settle() {},
    async close() {
      db.exec("commit");
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
    },
  };
}

/**
 * One transaction on a PostgreSQL database; rows go in 10,000 at a time as one INSERT … SELECT FROM unnest($1, $2, …)
 * with an array per column (a statement of few parameters: much cheaper to parse and bind than multi-row VALUES).
 */
export async function pgSeeder(url: string): Promise<Seeder> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("begin");
  const types = new Map<string, Map<string, string>>();
  const typesOf = async (table: string) => {
    let t = types.get(table);
    if (!t) {
      const rows = (await client.query("select column_name, udt_name from information_schema.columns where table_schema = current_schema() and table_name = $1", [table])).rows as { column_name: string; udt_name: string }[];
      types.set(table, (t = new Map(rows.map((r) => [r.column_name, r.udt_name]))));
    }
    return t;
  };
  return {
    async insert(table, columns, rows) {
      const t = await typesOf(table);
      const casts = columns.map((c, i) => `$${i + 1}::${t.get(c) ?? "text"}[]`);
      for (let i = 0; i < rows.length; i += 10_000) {
        const chunk = rows.slice(i, i + 10_000);
        const arrays = columns.map((_, k) => chunk.map((row) => row[k] ?? null));
        await client.query(`insert into ${table} (${columns.join(", ")}) select * from unnest(${casts.join(", ")})`, arrays);
      }
    },
    async exec(sql) {
      await client.query(sql);
    },
    async count(table) {
      return Number((await client.query(`select count(*) as n from ${table}`)).rows[0].n);
    },
    async settle() {
      // Without it the per-post numbers' statement triggers are planned against an "empty" metrics table (sequential
      // scans of millions of channel-days per statement).
      await client.query("analyze");
    },
    async close() {
      await client.query("commit");
      // Fresh statistics, as autovacuum would have gathered on a database that grew over time.
      await client.query("analyze");
      await client.end();
    },
  };
}
