import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/db/database.ts";
import { migrateTo, migrateToLatest } from "../src/db/migrate.ts";

/** Migration 0012 rebuilds the embedded database's metrics table in the order its queries read: nothing may be lost. */
describe("the metrics table's layout on SQLite (migration 0012)", () => {
  let dir: string;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-layout-"));
    handle = await openDatabase({ databaseUrl: undefined, dataDir: dir });
  });
  afterAll(async () => {
    await handle.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps every number written in the layout before, and reads them by metric, channel and day", async () => {
    const db = handle.db;
    await migrateTo(db, "0011-tracking");
    await db
      .insertInto("workspaces")
      .values({ id: "w1", name: "Shop", timezone: "UTC", currency: "USD", locale: "en", week_start: 1, period_start: "2026-11", period_months: 12, require_two_factor: 0, require_post_approval: 0, missed_post_minutes: 60, short_links: 0, review_cadence_days: 30, report_schedule: "off", report_recipients: "[]", created_at: "x", updated_at: "x" })
      .execute();
    for (const id of ["c1", "c2"]) {
      await db.insertInto("strategy_entries").values({ id, workspace_id: "w1", kind: "channel", singleton: null, parent_id: null, position: 1, data: "{}", version: 1, example: 0, created_at: "x", updated_at: "x", updated_by: null }).execute();
    }
    const rows = [];
    for (const channel of ["c1", "c2"]) {
      for (const metric of ["followers", "likes"]) {
        for (let d = 1; d <= 30; d++) rows.push({ workspace_id: "w1", channel_id: channel, post_key: "", day: `2026-11-${String(d).padStart(2, "0")}`, metric, value: d, source: "manual", updated_at: "x" });
      }
    }
    rows.push({ workspace_id: "w1", channel_id: "c1", post_key: "m:42", day: "2026-11-03", metric: "likes", value: 7, source: "import:meta", updated_at: "x" });
    await db.insertInto("metrics").values(rows).execute();

    await migrateToLatest(db);
    const table = await sql<{ sql: string }>`select sql from sqlite_master where name = 'metrics'`.execute(db);
    expect(table.rows[0]!.sql.toLowerCase()).toContain("without rowid");
    const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'metrics' order by name`.execute(db);
    expect(indexes.rows.map((r) => r.name)).toEqual(["metrics_posts"]);
    const after = await db.selectFrom("metrics").selectAll().orderBy("channel_id").orderBy("metric").orderBy("day").orderBy("post_key").execute();
    expect(after).toHaveLength(rows.length);
    expect(after.map((r) => [r.channel_id, r.post_key, r.day, r.metric, Number(r.value), r.source])).toEqual(
      [...rows]
        .sort((a, b) => a.channel_id.localeCompare(b.channel_id) || a.metric.localeCompare(b.metric) || a.day.localeCompare(b.day) || a.post_key.localeCompare(b.post_key))
        .map((r) => [r.channel_id, r.post_key, r.day, r.metric, r.value, r.source]),
    );
    // A goal's query (one metric, its channels, a range of days) is a range of the table itself.
    const plan = await sql<{ detail: string }>`explain query plan select day, value from metrics where workspace_id = 'w1' and metric = 'likes' and channel_id in ('c1', 'c2') and day >= '2026-11-10'`.execute(db);
    expect(plan.rows.map((r) => r.detail).join(" ")).toMatch(/SEARCH metrics USING PRIMARY KEY \(workspace_id=\? AND metric=\? AND channel_id=\? AND day>\?\)/);
    // Deleting a channel still takes its numbers with it.
    await db.deleteFrom("strategy_entries").where("id", "=", "c2").execute();
    expect(await db.selectFrom("metrics").select("channel_id").distinct().execute()).toEqual([{ channel_id: "c1" }]);
  });
});
