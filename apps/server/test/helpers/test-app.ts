import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { FastifyInstance } from "fastify";
import { loadConfig, type Config } from "../../src/config.ts";
import type { AppDeps } from "../../src/context.ts";
import type { Mailer } from "../../src/lib/mailer.ts";
import { createServer } from "../../src/server.ts";

export type TestDialect = "sqlite" | "postgres";

/** The dialects this run covers: `npm test` uses SQLite, `npm run test:pg` a real PostgreSQL server. */
export const DIALECTS: TestDialect[] = (process.env.TEST_DIALECTS ?? "sqlite").split(",").map((d) => d.trim() as TestDialect);

export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5433/postgres";
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public current = new Date("2026-11-26T09:00:00Z")) {}
  now = (): Date => new Date(this.current);
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/**
 * The setting tests need to publish to the local servers they start: outbound requests refuse loopback addresses
 * unless the administrator allows them (OUTBOUND_ALLOW_PRIVATE).
 */
export const ALLOW_LOOPBACK = { OUTBOUND_ALLOW_PRIVATE: "127.0.0.0/8,::1/128" } as const;

export interface TestStore {
  dataDir: string;
  databaseUrl: string | undefined;
  drop: () => Promise<void>;
}

/** A fresh, empty database: a SQLite file in a temporary folder, or a new PostgreSQL database. */
export async function createStore(dialect: TestDialect): Promise<TestStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-test-"));
  if (dialect === "sqlite") {
    return { dataDir, databaseUrl: undefined, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const admin = adminDatabaseUrl();
  const name = `sp_test_${path.basename(dataDir).replace(/[^a-z0-9]/gi, "").toLowerCase()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  clock: TestClock;
  config: Config;
  close: () => Promise<void>;
}

/**
 * Today's app on a fresh store (migrated at start). With `store`, on that one instead (a database made beforehand,
 * e.g. by an older release): it is the caller's, so `close` leaves it for the caller to drop.
 */
export async function createTestApp(dialect: TestDialect, options: { mailer?: Mailer; env?: Record<string, string>; logLines?: string[]; publish?: boolean; store?: TestStore } = {}): Promise<TestApp> {
  const store = options.store ?? (await createStore(dialect));
  const config = loadConfig({
    DATA_DIR: store.dataDir,
    ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
    APP_URL: "http://socialplan.test",
    WEB_DIST: path.join(store.dataDir, "no-web"),
    BODY_LIMIT: "65536",
    ...options.env,
  });
  const clock = new TestClock();
  const logLines = options.logLines;
  const logger = logLines ? { level: "warn", stream: { write: (line: string) => void logLines.push(line) } } : false;
  const { app, deps } = await createServer(config, { clock: clock.now, logger, ...(options.mailer ? { mailer: options.mailer } : {}), ...(options.publish ? { publish: true } : {}) });
  await app.ready();
  return {
    app,
    deps,
    clock,
    config,
    close: async () => {
      await app.close();
      if (!options.store) await store.drop();
    },
  };
}
