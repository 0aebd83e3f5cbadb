import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
import type { Database } from "./schema.ts";
import { enableReadCache } from "./read-cache.ts";
import type { DB, Dialect } from "./types.ts";
import { SqliteFifoDialect } from "./sqlite-driver.ts";
import { WalCheckpointer } from "./wal-checkpointer.ts";

export type { DB, Dialect } from "./types.ts";

export interface DatabaseHandle {
  db: DB;
  dialect: Dialect;
  destroy: () => Promise<void>;
  /**
   * SQLite: from now on the write-ahead log is copied into the database file by a thread of its own instead of inside
   * the commit that crosses 1,000 pages (wal-checkpointer.ts) — for a long-running server, once it has migrated; a
   * command that writes a little and exits keeps SQLite's automatic checkpoint. PostgreSQL: nothing to do.
   */
  checkpointOnThread: () => void;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
}

/** The embedded database's file under the data directory. */
export const sqliteFile = (dataDir: string) => path.join(dataDir, "socialplan.db");

/** Opens PostgreSQL when a postgres URL is given, otherwise `socialplan.db` (WAL) under the data directory. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // Loaded only when used: it costs start-up time on the embedded database.
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection that the server drops (a restart, an administrator, a dropped test database) must not
    // crash the process: pg emits the error on the pool, which discards that connection and opens a new one.
    pool.on("error", (err) => console.error(JSON.stringify({ level: 40, event: "db.idle_connection_lost", msg: err.message })));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: "postgres", destroy: () => db.destroy(), checkpointOnThread: () => {} };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const location = sqliteFile(options.dataDir);
  const file = new SQLite(location);
  file.pragma("journal_mode = WAL");
  // FULL: a committed (acknowledged) write survives a crash of the process or the machine.
  file.pragma("synchronous = FULL");
  file.pragma("foreign_keys = ON");
  file.pragma("busy_timeout = 5000");
  const checkpointer = new WalCheckpointer(location, file);
  const dialect = new SqliteFifoDialect(file, checkpointer);
  const db = new Kysely<Database>({ dialect });
  enableReadCache(db, dialect.changeToken);
  // Kysely destroys only a driver it has started: close the file too, so a handle opened and never queried (an admin
  // command that stops early) does not keep its lock.
  return {
    db,
    dialect: "sqlite",
    destroy: async () => {
      await checkpointer.close();
      await db.destroy();
      if (file.open) file.close();
    },
    checkpointOnThread: () => checkpointer.takeOver(),
  };
}

