import type SQLite from "better-sqlite3";
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";

/**
 * SQLite for Kysely over better-sqlite3, with two changes from Kysely's own driver, both for throughput
 * under many concurrent requests:
 * - the single connection is handed out first come, first served; Kysely's mutex wakes every waiter on
 *   each release, which costs O(waiters) per query;
 * - prepared statements are kept by SQL text (least recently used out first), since preparing costs more
 *   than running a small query. The app never streams results, so no statement is shared with an open iterator.
 */
export class SqliteFifoDialect implements Dialect {
  private readonly driver: SqliteFifoDriver;
  private readonly dataVersion: SQLite.Statement;

  constructor(database: SQLite.Database, upkeep?: ConnectionUpkeep) {
    this.driver = new SqliteFifoDriver(database, upkeep);
    this.dataVersion = database.prepare("PRAGMA data_version").pluck();
  }

  private otherWrites: string | undefined;

  /**
   * Changes with every write: this process's own (counted, at once) and other processes' (SQLite's
   * data_version, read at most once per turn of the event loop: a commit by another process during a
   * turn counts from the next turn, as if it had come a moment later).
   */
  changeToken = (): string => {
    if (this.otherWrites === undefined) {
      this.otherWrites = String(this.dataVersion.get());
      setImmediate(() => (this.otherWrites = undefined));
    }
    return `${this.driver.writes}:${this.otherWrites}`;
  };

  createAdapter = () => new SqliteAdapter();
  createDriver = (): Driver => this.driver;
  createQueryCompiler = () => new SqliteQueryCompiler();
  createIntrospector = (db: Kysely<any>) => new SqliteIntrospector(db);
}

const STATEMENT_CACHE_SIZE = 500;

/** Given the connection between two transactions, with the count of statements run so far that may have written (wal-checkpointer.ts). */
export interface ConnectionUpkeep {
  between(writes: number): void;
}

class SqliteFifoDriver implements Driver {
  private readonly connection: SqliteConnection;
  private locked = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly database: SQLite.Database,
    private readonly upkeep?: ConnectionUpkeep,
  ) {
    this.connection = new SqliteConnection(database, () => (this.writes += 1));
  }

  /** Statements run that may have changed data. */
  writes = 0;

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.locked) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.locked = true;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    this.upkeep?.between(this.writes);
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }

  async beginTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw("begin"));
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw("rollback"));
  }

  async destroy(): Promise<void> {
    this.database.close();
  }
}

class SqliteConnection implements DatabaseConnection {
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(
    private readonly database: SQLite.Database,
    private readonly onWrite: () => void,
  ) {}

  private prepare(sql: string): SQLite.Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      this.statements.delete(sql);
    } else {
      statement = this.database.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    this.onWrite();
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  // The driver interface asks for streaming; no query of the app streams from SQLite.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not used with SQLite in Socialplan");
  }
}
