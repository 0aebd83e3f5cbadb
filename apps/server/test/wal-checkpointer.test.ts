import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SqliteFifoDialect } from "../src/db/sqlite-driver.ts";
import { WalCheckpointer, type WalCheckpointerOptions } from "../src/db/wal-checkpointer.ts";

// SQLite only: PostgreSQL has no write-ahead log of the application's to copy.
const PAGE = 4096;
const opened: { dir: string; file: SQLite.Database; db: Kysely<any>; checkpointer: WalCheckpointer }[] = [];

/** A WAL database as openDatabase makes it, with a table to write pages into. */
function open(options: WalCheckpointerOptions & { takeOver?: boolean; file?: string } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-wal-"));
  const location = path.join(dir, "test.db");
  const file = new SQLite(location);
  file.pragma("journal_mode = WAL");
  file.pragma("synchronous = FULL");
  file.exec("create table pages (id integer primary key, body blob not null)");
  const checkpointer = new WalCheckpointer(options.file ?? location, file, options);
  if (options.takeOver ?? true) checkpointer.takeOver();
  const db = new Kysely<any>({ dialect: new SqliteFifoDialect(file, checkpointer) });
  const entry = { dir, file, db, checkpointer };
  opened.push(entry);
  return { ...entry, wal: () => fs.statSync(`${location}-wal`).size, size: () => fs.statSync(location).size };
}

/** One commit per row, each a page or more of new data, through the driver (as requests write). */
async function write(db: Kysely<any>, rows: number) {
  for (let i = 0; i < rows; i++) await db.transaction().execute((t) => sql`insert into pages (body) values (${Buffer.alloc(PAGE, i % 251)})`.execute(t));
}

// Polls until true (vitest's own), failing the test after 10 s.
const until = (done: () => boolean) => vi.waitUntil(done, { timeout: 10_000, interval: 20 });

afterEach(async () => {
  for (const { dir, file, db, checkpointer } of opened.splice(0)) {
    await checkpointer.close();
    await db.destroy();
    if (file.open) file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("WAL checkpoint on a thread of its own", () => {
  it("turns the connection's automatic checkpoint off only once it takes over", () => {
    const waiting = open({ takeOver: false });
    expect(waiting.file.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    waiting.checkpointer.takeOver();
    expect(waiting.file.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
  });

  it("copies the log into the database file beside the writes", async () => {
    const { db, size, checkpointer } = open({ intervalMs: 10, framesPerCheckpoint: 100 });
    await write(db, 600);
    expect(checkpointer.running).toBe(true);
    // 600 pages of rows: the database file holds them once copied (nobody else checkpoints: the automatic one is off).
    await until(() => size() >= 600 * PAGE);
    expect(size()).toBeGreaterThanOrEqual(600 * PAGE);
  });

  it("keeps the log bounded under an unbroken stream of commits (the connection finishes what the thread left)", async () => {
    const { db, wal, size } = open({ intervalMs: 10, framesPerCheckpoint: 100, tailFrames: 200 });
    // The thread is up once it has copied a first write (on a loaded machine it can take a while to start).
    await write(db, 120);
    await until(() => size() >= 120 * PAGE);
    let largest = 0;
    for (let round = 0; round < 30; round++) {
      await write(db, 100);
      largest = Math.max(largest, wal());
      // A server turns its event loop between requests (the thread starts meanwhile).
      await new Promise((r) => setImmediate(r));
    }
    // 3,000 commits of one page and more: ~3,000+ frames if nothing were copied and the log never started again.
    expect(largest).toBeLessThan(1500 * PAGE);
  });

  it("without the thread the same stream grows the log without end (what the test above would catch)", async () => {
    const { db, file, wal } = open({ takeOver: false });
    file.pragma("wal_autocheckpoint = 0");
    await write(db, 3000);
    expect(wal()).toBeGreaterThan(3000 * PAGE);
  });

  it("starts no thread while the log stays short", async () => {
    const { db, checkpointer } = open({ framesPerCheckpoint: 100 });
    // Each row is two or three frames (its overflow page, the leaf, the tree above).
    await write(db, 20);
    expect(checkpointer.running).toBe(false);
    await write(db, 60);
    expect(checkpointer.running).toBe(true);
  });

  it("stops the thread after a quiet spell (copying what is left) and starts it again when the log grows long", async () => {
    const { db, checkpointer, size } = open({ intervalMs: 10, idleMs: 100, framesPerCheckpoint: 50 });
    await write(db, 60);
    expect(checkpointer.running).toBe(true);
    await until(() => !checkpointer.running);
    // Its last copy, on the way out.
    await until(() => size() >= 60 * PAGE);
    await write(db, 300);
    expect(checkpointer.running).toBe(true);
    await until(() => size() >= 360 * PAGE);
  });

  it("puts SQLite's automatic checkpoint back when the thread fails", async () => {
    const { db, file } = open({ file: path.join(os.tmpdir(), "socialplan-wal-missing", "nothing.db"), framesPerCheckpoint: 1 });
    const errors: string[] = [];
    const log = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      await write(db, 10);
      await until(() => file.pragma("wal_autocheckpoint", { simple: true }) === 1000);
    } finally {
      console.error = log;
    }
    expect(errors.join("\n")).toContain("db.wal_checkpoint_thread_failed");
    await write(db, 5);
  });
});
