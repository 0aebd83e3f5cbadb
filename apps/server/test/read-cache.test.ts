import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { cachedRead } from "../src/db/read-cache.ts";

describe("the embedded database's read cache", () => {
  let dir: string;
  let handle: DatabaseHandle;
  let loads = 0;
  const read = () =>
    cachedRead(handle.db, "w", async () => {
      loads += 1;
      return handle.db.selectFrom("workspaces").select("name").executeTakeFirst();
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-cache-"));
    handle = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await migrateToLatest(handle.db);
    await handle.db
      .insertInto("workspaces")
      .values({ id: "w1", name: "Before", timezone: "UTC", currency: "USD", locale: "en", week_start: 1, period_start: "2026-11", period_months: 12, require_two_factor: 0, require_post_approval: 0, missed_post_minutes: 60, short_links: 0, review_cadence_days: 30, report_schedule: "off", report_recipients: "[]", created_at: "x", updated_at: "x" })
      .execute();
  });
  afterAll(async () => {
    await handle.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers from memory while nothing was written", async () => {
    loads = 0;
    expect((await read())?.name).toBe("Before");
    expect((await read())?.name).toBe("Before");
    expect(loads).toBe(1);
  });

  it("reads again after a write of this process", async () => {
    await handle.db.updateTable("workspaces").set({ name: "Mine" }).execute();
    expect((await read())?.name).toBe("Mine");
  });

  it("reads again after another process wrote to the file (the admin command)", async () => {
    await read();
    const other = new SQLite(path.join(dir, "socialplan.db"));
    other.prepare("update workspaces set name = 'Theirs'").run();
    other.close();
    // Another process's commit is seen from the next turn of the event loop, as a request arriving after it would be.
    await new Promise((resolve) => setImmediate(resolve));
    expect((await read())?.name).toBe("Theirs");
  });
});
