import type { Kysely } from "kysely";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspace } from "./helpers/factories.ts";
import { runChannelPurges } from "../src/features/strategy/channel-purge.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const day = (d: number) => `2026-10-${String(d).padStart(2, "0")}`;
const AT = "2026-11-01T00:00:00.000Z";

/** Every table that holds rows of a channel (the channel's column, and how a row is told apart). */
const TABLES = {
  metrics: ["workspace_id", "metric", "channel_id", "day"],
  metrics_per_post: ["workspace_id", "day", "channel_id", "metric", "post_key"],
  metric_posts: ["workspace_id", "channel_id", "post_key"],
  connections: ["id"],
  setup_checks: ["id"],
  posting_slots: ["id"],
} as const;

/**
 * Deleting a channel (its strategy record) removes exactly its rows: its own numbers and its posts' numbers (with the
 * channel-day sums kept beside them), imported post details, its connection, setup checks and posting slots; budget
 * lines keep their row with no channel. Another channel's rows, and another workspace's, stay as they were, sums
 * included. Migration 0019 gave each of these an index by channel and stopped the day-sum recount for a removed
 * channel's rows: the outcome must be the same as before.
 */
for (const dialect of DIALECTS) {
  describe(`deleting a channel [${dialect}]`, () => {
    let t: TestApp;
    let db: Kysely<any>;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      db = t.deps.db as unknown as Kysely<any>;
    });
    afterAll(() => t.close());

    /** A channel's rows in every table, `n` days of numbers, posts with numbers on some days. */
    async function fill(ws: string, channel: string, seed: number) {
      const metrics = [];
      const perPost = [];
      for (let d = 1; d <= 20; d++) {
        for (const metric of ["followers", "reach", "likes"]) {
          // Some days have the channel's own number, some only posts' numbers (their sum), some both.
          if (d % 3 !== 0) metrics.push({ workspace_id: ws, channel_id: channel, day: day(d), metric, value: seed * 1000 + d, posts: null, source: "manual", updated_at: AT });
        }
        if (d % 2 === 0) {
          for (const post of ["p1", "p2", "p3"]) {
            for (const metric of ["reach", "likes"]) perPost.push({ workspace_id: ws, channel_id: channel, post_key: post, day: day(d), metric, value: seed + d + post.length, source: "import", updated_at: AT });
          }
        }
      }
      await db.insertInto("metrics").values(metrics).execute();
      await db.insertInto("metrics_per_post").values(perPost).execute();
      await db.insertInto("metric_posts").values({ workspace_id: ws, channel_id: channel, post_key: "p1", published_at: AT, permalink: "https://example.com/p/1", caption: "Hi", post_type: "image", source: "import" }).execute();
      await db
        .insertInto("connections")
        .values({ id: `c${seed}-conn`, workspace_id: ws, channel_id: channel, kind: "bluesky", label: "@shop", config: "{}", secret: "{}", status: "active", status_reason: null, created_at: AT, updated_at: AT })
        .execute();
      await db.insertInto("setup_checks").values({ id: `c${seed}-check`, workspace_id: ws, channel_id: channel, key: "profile", label: null, done: 1, done_by: null, done_at: AT, created_at: AT }).execute();
      await db.insertInto("posting_slots").values({ id: `c${seed}-slot`, workspace_id: ws, channel_id: channel, weekday: 2, time: "09:00", created_at: AT }).execute();
      await db
        .insertInto("budget_lines")
        .values({ id: `c${seed}-line`, workspace_id: ws, period_start: "2026-01", name: "Ads", category: "ads", channel_id: channel, goal_id: null, track_actuals: 1, rollover: 0, stopped_from: null, position: 0, sample: 0, created_at: AT, updated_at: AT })
        .execute();
    }

    // Numbers as numbers (PostgreSQL hands double precision back as a number already, bigint would be a string).
    const rowsOf = async (table: keyof typeof TABLES) =>
      ((await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[])
        .map((r): Record<string, unknown> => ({ ...r, ...(r.value != null ? { value: Number(r.value) } : {}), ...(r.posts != null ? { posts: Number(r.posts) } : {}) }))
        .sort((a, b) => JSON.stringify(TABLES[table].map((c) => a[c])).localeCompare(JSON.stringify(TABLES[table].map((c) => b[c]))));
    const snapshot = async () => Object.fromEntries(await Promise.all(Object.keys(TABLES).map(async (table) => [table, await rowsOf(table as keyof typeof TABLES)]))) as Record<keyof typeof TABLES, Record<string, unknown>[]>;

    /** Each channel-day's post sum, computed plainly from the per-post numbers. */
    const sums = async () =>
      (
        await sql<{ workspace_id: string; channel_id: string; metric: string; day: string; total: number }>`select workspace_id, channel_id, metric, day, sum(value) as total from metrics_per_post group by workspace_id, channel_id, metric, day`.execute(db)
      ).rows.map((r) => `${r.workspace_id}|${r.channel_id}|${r.metric}|${r.day}=${Number(r.total)}`);
    const keptSums = async () =>
      (await db.selectFrom("metrics").select(["workspace_id", "channel_id", "metric", "day", "posts"]).where("posts", "is not", null).execute()).map((r) => `${r.workspace_id}|${r.channel_id}|${r.metric}|${r.day}=${Number(r.posts)}`);

    it("removes exactly the channel's rows, keeps every other channel's and workspace's, and the record can be restored", async () => {
      const a = await buildWorkspace(t.app);
      const b = await buildWorkspace(t.app);
      const channel = async (ws: typeof a, handle: string) => (await ws.owner.client.post(`/api/workspaces/${ws.workspace.id}/strategy/collections/channel`, { data: { network: "instagram", handle } })).json() as { id: string; version: number };
      const gone = await channel(a, "@gone");
      const stays = await channel(a, "@stays");
      const elsewhere = await channel(b, "@other");
      const goal = await a.owner.client.post(`/api/workspaces/${a.workspace.id}/strategy/collections/goal`, {
        data: { title: "Reach", measurable: { metric: "Reach", channels: [gone.id, stays.id], baseline: 10, target: 100 }, timebound: { start: "2026-11-15", deadline: "2027-06-30" } },
      });
      expect(goal.statusCode, goal.body).toBe(201);
      await fill(a.workspace.id, gone.id, 1);
      await fill(a.workspace.id, stays.id, 2);
      await fill(b.workspace.id, elsewhere.id, 3);
      expect(await keptSums()).toEqual(expect.arrayContaining(await sums()));
      const before = await snapshot();

      const res = await a.owner.client.delete(`/api/workspaces/${a.workspace.id}/strategy/entries/${gone.id}?version=${gone.version}`);
      expect(res.statusCode, res.body).toBe(204);
      // Its numbers go after the answer (channel-purge.ts): queued in the delete's transaction, then purged.
      expect(await db.selectFrom("channel_purges").select(["workspace_id", "channel_id"]).execute()).toEqual([{ workspace_id: a.workspace.id, channel_id: gone.id }]);
      await runChannelPurges(t.deps.db, t.deps.dialect, 7);
      expect(await db.selectFrom("channel_purges").selectAll().execute()).toEqual([]);

      const after = await snapshot();
      for (const table of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
        expect(before[table].some((r) => r.channel_id === gone.id), table).toBe(true);
        expect(after[table].filter((r) => r.channel_id === gone.id), table).toEqual([]);
        expect(after[table], table).toEqual(before[table].filter((r) => r.channel_id !== gone.id));
      }
      // The day sums left are exactly the per-post numbers left, summed.
      expect((await keptSums()).sort()).toEqual((await sums()).sort());
      const lines = await db.selectFrom("budget_lines").select(["id", "channel_id"]).where("id", "in", ["c1-line", "c2-line", "c3-line"]).orderBy("id").execute();
      expect(Object.fromEntries(lines.map((l) => [l.id, l.channel_id]))).toEqual({ "c1-line": null, "c2-line": stays.id, "c3-line": elsewhere.id });
      // The goal still names it (a reference to a record deleted since, as before).
      const strategy = (await a.owner.client.get(`/api/workspaces/${a.workspace.id}/strategy`)).json() as { entries: { id: string; kind: string; data: any }[] };
      expect(strategy.entries.find((e) => e.kind === "goal")!.data.measurable.channels).toEqual([gone.id, stays.id]);
      expect(strategy.entries.some((e) => e.id === gone.id)).toBe(false);

      // Undo: the deleted record comes back from its history under its own id (its numbers do not: they never did).
      const revisions = (await a.owner.client.get(`/api/workspaces/${a.workspace.id}/strategy/entries/${gone.id}/revisions`)).json() as { id: string; version: number; action: string }[];
      const created = revisions.find((r) => r.action === "create")!;
      const restored = await a.owner.client.post(`/api/workspaces/${a.workspace.id}/strategy/entries/${gone.id}/restore`, { revisionId: created.id, version: revisions[0]!.version });
      expect(restored.statusCode, restored.body).toBe(200);
      expect(restored.json()).toMatchObject({ id: gone.id, kind: "channel", data: { handle: "@gone" } });
      expect((await db.selectFrom("metrics").select("day").where("channel_id", "=", gone.id).execute()).length).toBe(0);
      expect(await orphans(a.workspace.id)).toBe(0);
    });

    it("still keeps a live channel's day sums exact when some of its per-post numbers are deleted", async () => {
      const a = await buildWorkspace(t.app);
      const ch = (await a.owner.client.post(`/api/workspaces/${a.workspace.id}/strategy/collections/channel`, { data: { network: "facebook", handle: "@live" } })).json() as { id: string };
      await fill(a.workspace.id, ch.id, 5);
      await db.deleteFrom("metrics_per_post").where("channel_id", "=", ch.id).where("post_key", "=", "p2").execute();
      // A day with only post numbers and no posts left loses its row; the others' sums drop by the deleted post's numbers.
      await db.deleteFrom("metrics_per_post").where("channel_id", "=", ch.id).where("day", "=", day(6)).execute();
      const mine = (rows: string[]) => rows.filter((r) => r.includes(ch.id)).sort();
      expect(mine(await keptSums())).toEqual(mine(await sums()));
      expect(await db.selectFrom("metrics").select("day").where("channel_id", "=", ch.id).where("day", "=", day(6)).execute()).toEqual([]);
    });

    /** Numbers whose channel is gone (`metrics` has no foreign key to the channel since 0019: the purge deletes them). */
    const orphans = async (ws: string) =>
      (await sql<{ n: number }>`select count(*) as n from metrics m where m.workspace_id = ${ws} and not exists (select 1 from strategy_entries s where s.id = m.channel_id)`.execute(db)).rows.map((r) => Number(r.n))[0];

    it("leaves no numbers of a removed channel by any way a channel goes: the example's removal, the workspace's", async () => {
      const a = await buildWorkspace(t.app);
      const loaded = await a.owner.client.post(`/api/workspaces/${a.workspace.id}/strategy/example`, { locale: "en" });
      expect(loaded.statusCode, loaded.body).toBe(200);
      const own = (await a.owner.client.post(`/api/workspaces/${a.workspace.id}/strategy/collections/channel`, { data: { network: "threads", handle: "@mine" } })).json() as { id: string };
      await fill(a.workspace.id, own.id, 7);
      const exampleNumbers = await db.selectFrom("metrics").innerJoin("strategy_entries", "strategy_entries.id", "metrics.channel_id").select("metrics.day").where("metrics.workspace_id", "=", a.workspace.id).where("strategy_entries.example", "=", 1).execute();
      expect(exampleNumbers.length).toBeGreaterThan(0);
      // The example's channels carry the user's own numbers too, which go with the channel.
      const exampleChannel = (await db.selectFrom("strategy_entries").select("id").where("workspace_id", "=", a.workspace.id).where("kind", "=", "channel").where("example", "=", 1).executeTakeFirstOrThrow()).id;
      await fill(a.workspace.id, exampleChannel, 8);
      const cleared = await a.owner.client.delete(`/api/workspaces/${a.workspace.id}/strategy/example`);
      expect(cleared.statusCode, cleared.body).toBe(200);
      await runChannelPurges(t.deps.db, t.deps.dialect);
      expect(await orphans(a.workspace.id)).toBe(0);
      const leftPerPost = await sql<{ n: number }>`select count(*) as n from metrics_per_post p where p.workspace_id = ${a.workspace.id} and not exists (select 1 from strategy_entries s where s.id = p.channel_id)`.execute(db);
      expect(Number(leftPerPost.rows[0]!.n)).toBe(0);
      expect((await db.selectFrom("metrics").select("day").where("channel_id", "=", own.id).execute()).length).toBeGreaterThan(0);

      const mine = (await db.selectFrom("strategy_entries").select("version").where("id", "=", own.id).executeTakeFirstOrThrow()).version;
      expect((await a.owner.client.delete(`/api/workspaces/${a.workspace.id}/strategy/entries/${own.id}?version=${mine}`)).statusCode).toBe(204);
      expect((await db.selectFrom("metrics_per_post").select("day").where("workspace_id", "=", a.workspace.id).where("channel_id", "=", own.id).execute()).length).toBeGreaterThan(0);
      expect((await db.selectFrom("metrics").select("day").where("workspace_id", "=", a.workspace.id).where("channel_id", "=", own.id).execute()).length).toBeGreaterThan(0);
      // A queued purge goes with its workspace (and the numbers by the workspace's foreign key).
      expect((await db.selectFrom("channel_purges").select("channel_id").where("workspace_id", "=", a.workspace.id).execute()).length).toBe(1);
      await db.deleteFrom("workspaces").where("id", "=", a.workspace.id).execute();
      expect(await db.selectFrom("channel_purges").select("channel_id").where("workspace_id", "=", a.workspace.id).execute()).toEqual([]);
      expect(await db.selectFrom("metrics").select("day").where("workspace_id", "=", a.workspace.id).execute()).toEqual([]);
      expect(await db.selectFrom("metrics_per_post").select("day").where("workspace_id", "=", a.workspace.id).execute()).toEqual([]);
    });

    it("finds every row of a channel through an index, never by reading the whole table", async () => {
      if (dialect !== "sqlite") return;
      const plan = await sql<{ detail: string }>`explain query plan delete from strategy_entries where id = ${"x"}`.execute(db);
      const details = plan.rows.map((r) => r.detail);
      expect(details.filter((d) => d.startsWith("SCAN")), details.join("\n")).toEqual([]);
    });
  });
}
