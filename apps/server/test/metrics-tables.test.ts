import { sql, type Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../src/db/database.ts";
import { migrateTo, migrateToLatest } from "../src/db/migrate.ts";
import { enqueueChannelPurge, runChannelPurges } from "../src/features/strategy/channel-purge.ts";
import { createStore, DIALECTS, type TestStore } from "./helpers/test-app.ts";

const day = (d: number) => `2026-11-${String(d).padStart(2, "0")}`;

/**
 * Migrations 0012 and 0013 rebuild the numbers' tables (a channel's numbers per day in `metrics`, posts' numbers in
 * `metrics_per_post`, their day's sum kept by triggers): nothing may be lost, and the sum must stay exact.
 */
describe.each(DIALECTS)("the metrics tables (%s)", (dialect) => {
  let store: TestStore;
  let handle: DatabaseHandle;

  beforeEach(async () => {
    store = await createStore(dialect);
    handle = await openDatabase({ databaseUrl: store.databaseUrl, dataDir: store.dataDir });
  });
  afterEach(async () => {
    await handle.destroy();
    await store.drop();
  });

  async function workspaceWithChannels(db: Kysely<any>) {
    await db
      .insertInto("workspaces")
      .values({ id: "w1", name: "Shop", timezone: "UTC", currency: "USD", locale: "en", week_start: 1, period_start: "2026-11", period_months: 12, require_two_factor: 0, require_post_approval: 0, missed_post_minutes: 60, short_links: 0, review_cadence_days: 30, report_schedule: "off", report_recipients: "[]", created_at: "x", updated_at: "x" })
      .execute();
    for (const id of ["c1", "c2"]) {
      await db.insertInto("strategy_entries").values({ id, workspace_id: "w1", kind: "channel", singleton: null, parent_id: null, position: 1, data: "{}", version: 1, example: 0, created_at: "x", updated_at: "x", updated_by: null }).execute();
    }
  }
  const channelDays = (db: Kysely<any>) => db.selectFrom("metrics").select(["channel_id", "metric", "day", "value", "posts", "source"]).orderBy("channel_id").orderBy("metric").orderBy("day").execute();
  const numbers = <R extends { value: unknown; posts: unknown }>(rows: R[]) => rows.map((r) => ({ ...r, value: r.value === null ? null : Number(r.value), posts: r.posts === null ? null : Number(r.posts) }));

  it("keeps every number written in the layout of 0011: channels' own per day, posts' apart with their day's sum", async () => {
    const db = handle.db as unknown as Kysely<any>;
    await migrateTo(db, "0011-tracking");
    await workspaceWithChannels(db);
    const rows = [];
    for (const channel of ["c1", "c2"]) {
      for (const metric of ["followers", "likes"]) {
        for (let d = 1; d <= 30; d++) rows.push({ workspace_id: "w1", channel_id: channel, post_key: "", day: day(d), metric, value: d, source: "manual", updated_at: "x" });
      }
    }
    const posts = [
      { workspace_id: "w1", channel_id: "c1", post_key: "m:42", day: day(3), metric: "likes", value: 7, source: "import:meta", updated_at: "x" },
      { workspace_id: "w1", channel_id: "c1", post_key: "m:43", day: day(3), metric: "likes", value: 5, source: "import:meta", updated_at: "x" },
      { workspace_id: "w1", channel_id: "c2", post_key: "m:50", day: day(4), metric: "reach", value: 9, source: "import:meta", updated_at: "x" },
    ];
    await db.insertInto("metrics").values([...rows, ...posts]).execute();

    await migrateToLatest(db);
    const after = numbers(await channelDays(db));
    expect(after).toHaveLength(rows.length + 1);
    expect(after.filter((r) => r.value !== null)).toHaveLength(rows.length);
    expect(after.find((r) => r.channel_id === "c1" && r.metric === "likes" && r.day === day(3))).toEqual({ channel_id: "c1", metric: "likes", day: day(3), value: 3, posts: 12, source: "manual" });
    expect(after.find((r) => r.channel_id === "c2" && r.metric === "reach")).toEqual({ channel_id: "c2", metric: "reach", day: day(4), value: null, posts: 9, source: "" });
    expect(after.filter((r) => r.posts !== null)).toHaveLength(2);
    const perPost = await db.selectFrom("metrics_per_post").select(["channel_id", "post_key", "day", "metric", "value", "source"]).orderBy("post_key").execute();
    expect(perPost.map((r) => [r.post_key, r.channel_id, r.day, r.metric, Number(r.value), r.source])).toEqual(posts.map((p) => [p.post_key, p.channel_id, p.day, p.metric, p.value, p.source]));

    if (dialect === "sqlite") {
      for (const table of ["metrics", "metrics_per_post"]) {
        const created = await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
        expect(created.rows[0]!.sql.toLowerCase()).toContain("without rowid");
      }
      const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name in ('metrics', 'metrics_per_post')`.execute(db);
      // Besides the tables' own order: per-post numbers by post (0020; also a removed channel's purge, 0021).
      expect(indexes.rows.map((r) => r.name).sort()).toEqual(["metrics_per_post_post"]);
      // A goal's query (one metric, its channels, a range of days) is a range of the table itself.
      const plan = await sql<{ detail: string }>`explain query plan select day, coalesce(value, posts) from metrics where workspace_id = 'w1' and metric = 'likes' and channel_id in ('c1', 'c2') and day >= '2026-11-10'`.execute(db);
      expect(plan.rows.map((r) => r.detail).join(" ")).toMatch(/SEARCH metrics USING PRIMARY KEY \(workspace_id=\? AND metric=\? AND channel_id=\? AND day>\?\)/);
    }
  });

  it("keeps each day's post sum exact through inserts, updates, deletes and a channel's removal", async () => {
    const db = handle.db as unknown as Kysely<any>;
    await migrateToLatest(db);
    await workspaceWithChannels(db);
    const post = (key: string, value: number, d = 5, channel = "c1") => ({ workspace_id: "w1", channel_id: channel, post_key: key, day: day(d), metric: "reach", value, source: "test", updated_at: "x" });
    const reach = async (d = 5, channel = "c1") => numbers(await channelDays(db)).filter((r) => r.metric === "reach" && r.day === day(d) && r.channel_id === channel);
    const upsert = (rows: ReturnType<typeof post>[]) =>
      db
        .insertInto("metrics_per_post")
        .values(rows)
        .onConflict((oc) => oc.columns(["workspace_id", "day", "channel_id", "metric", "post_key"]).doUpdateSet((eb) => ({ value: eb.ref("excluded.value") })))
        .execute();

    await upsert([post("a", 100), post("b", 20), post("c", 3), post("z", 1, 6)]);
    expect(await reach()).toEqual([{ channel_id: "c1", metric: "reach", day: day(5), value: null, posts: 123, source: "" }]);
    // The same post again (an import repeated with a newer number): replaced, never added twice.
    await upsert([post("b", 40)]);
    expect((await reach())[0]!.posts).toBe(143);
    // The channel's own number for the day wins over its posts', and the sum stays beside it.
    await db
      .insertInto("metrics")
      .values({ workspace_id: "w1", channel_id: "c1", day: day(5), metric: "reach", value: 500, source: "manual", updated_at: "x" })
      .onConflict((oc) => oc.columns(["workspace_id", "metric", "channel_id", "day"]).doUpdateSet({ value: 500, source: "manual" }))
      .execute();
    await db.deleteFrom("metrics_per_post").where("post_key", "=", "a").execute();
    expect(await reach()).toEqual([{ channel_id: "c1", metric: "reach", day: day(5), value: 500, posts: 43, source: "manual" }]);
    await db.deleteFrom("metrics_per_post").where("day", "=", day(5)).execute();
    expect(await reach()).toEqual([{ channel_id: "c1", metric: "reach", day: day(5), value: 500, posts: null, source: "manual" }]);
    // A day with post numbers only goes when its last post number goes.
    await db.updateTable("metrics_per_post").set({ value: 2 }).where("post_key", "=", "z").execute();
    expect((await reach(6))[0]!.posts).toBe(2);
    await db.deleteFrom("metrics_per_post").where("post_key", "=", "z").execute();
    expect(await reach(6)).toEqual([]);
    // Removing a channel takes both tables' rows with it (the triggers run on the cascaded deletes too).
    await upsert([post("x", 4, 7, "c2"), post("y", 5, 7, "c1")]);
    await db.deleteFrom("strategy_entries").where("id", "=", "c2").execute();
    // The channel's numbers — own `metrics` rows (no foreign key to the channel since 0019) and per-post numbers
    // (0021) — are deleted by the purge after the answer.
    await enqueueChannelPurge(db as never, "w1", "c2", "x");
    await runChannelPurges(db as never, dialect);
    expect(await db.selectFrom("metrics_per_post").select("post_key").execute()).toEqual([{ post_key: "y" }]);
    expect((await channelDays(db)).map((r) => r.channel_id)).toEqual(["c1", "c1"]);
    await db.deleteFrom("workspaces").where("id", "=", "w1").execute();
    expect(await channelDays(db)).toEqual([]);
    expect(await db.selectFrom("metrics_per_post").selectAll().execute()).toEqual([]);
  });

  // Two writers at once exist only on PostgreSQL (SQLite has one writer at a time).
  it.runIf(dialect === "postgres")("loses no post's number when two imports write the same day at once", async () => {
    const db = handle.db as unknown as Kysely<any>;
    await migrateToLatest(db);
    await workspaceWithChannels(db);
    const post = (key: string, value: number) => ({ workspace_id: "w1", channel_id: "c1", post_key: key, day: day(9), metric: "likes", value, source: "test", updated_at: "x" });
    // The day already has a number: the two writers meet on its row.
    await db.insertInto("metrics_per_post").values([post("z", 1)]).execute();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const firstWrote = new Promise<void>((r) => (written = r));
    const first = db.transaction().execute(async (trx) => {
      await trx.insertInto("metrics_per_post").values([post("a", 10)]).execute();
      written();
      await held;
    });
    await firstWrote;
    // The second waits for the first's day row, then sums with the first's number committed.
    const second = db.transaction().execute((trx) => trx.insertInto("metrics_per_post").values([post("b", 5)]).execute());
    await new Promise((r) => setTimeout(r, 300));
    release();
    await Promise.all([first, second]);
    const row = await db.selectFrom("metrics").select(["value", "posts"]).where("day", "=", day(9)).executeTakeFirstOrThrow();
    expect([row.value, Number(row.posts)]).toEqual([null, 16]);
  });
});
