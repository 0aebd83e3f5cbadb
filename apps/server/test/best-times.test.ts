import { randomUUID } from "node:crypto";
import { addDays, bestTimes, MIN_BEST_TIME_SAMPLE, zonedDayBounds } from "@socialplan/domain";
import type { BestTimes } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Membership, ServiceContext } from "../src/context.ts";
import { fillBestTimeSums } from "../src/db/migrations/0022-best-time-sums.ts";
import { bestTimeSummariser } from "../src/features/metrics/best-time-summariser.ts";
import { bestTimesOf, refreshSummary } from "../src/features/metrics/best-times.service.ts";
import { channelRecords, latestFollowers, postNumbers, publishTimes, rate } from "../src/features/metrics/dashboard.service.ts";
import { buildWorkspace } from "./helpers/factories.ts";
import { addChannel } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

/** The best time to post as it was computed before the summary (migration 0020): every number and publish time of the year. */
async function straightforward(t: TestApp, workspaceId: string, timezone: string, to: string): Promise<BestTimes> {
  const ctx = { db: t.deps.db, now: new Date(), log: t.app.log } as ServiceContext;
  const m = { workspaceId, workspace: { timezone } } as Membership;
  const channels = await channelRecords(ctx, workspaceId);
  const from = addDays(to, -365);
  const ids = channels.map((c) => c.id);
  const [posts, times, followers] = await Promise.all([postNumbers(ctx, workspaceId, ids, from, to), publishTimes(ctx, m, from, to), latestFollowers(ctx, workspaceId, ids, to)]);
  // Of a post's several deliveries in the year the last read counted: SQLite reads them by publish time (its index),
  // PostgreSQL in no set order; the summary takes the latest, as SQLite did.
  const start = zonedDayBounds(from, timezone).start;
  const end = zonedDayBounds(to, timezone).end;
  const latest = await t.deps.db.selectFrom("deliveries").select(["channel_id", "post_id", (e) => e.fn.max("published_at").as("at")]).where("workspace_id", "=", workspaceId).where("status", "=", "published").where("published_at", ">=", start).where("published_at", "<", end).groupBy(["channel_id", "post_id"]).execute();
  const imported = new Set((await t.deps.db.selectFrom("metric_posts").select(["channel_id", "post_key"]).where("workspace_id", "=", workspaceId).where("published_at", ">=", start).where("published_at", "<", end).execute()).map((x) => `${x.channel_id}|${x.post_key}`));
  for (const d of latest) if (!imported.has(`${d.channel_id}|${d.post_id}`)) times.set(`${d.channel_id}|${d.post_id}`, d.at!);
  const timed = rate(posts, channels, followers).flatMap((p) => {
    const publishedAt = times.get(`${p.channelId}|${p.postKey}`);
    return publishedAt && p.rate !== null ? [{ publishedAt, rate: p.rate }] : [];
  });
  return { minSample: MIN_BEST_TIME_SAMPLE, posts: timed.length, cells: bestTimes(timed, timezone) };
}

/** A generator with a seed, so that a failure can be run again. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 2 ** 32);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const METRICS = ["reach", "reach", "impressions", "views", "likes", "likes", "comments", "shares", "saves", "reactions", "followers"];
const ZONES = ["Europe/Berlin", "Asia/Kathmandu", "America/St_Johns", "UTC", "Australia/Lord_Howe", "Asia/Seoul"];
const NOW = "2026-12-01T00:00:00.000Z";

for (const dialect of DIALECTS) {
  describe(`best time to post from the per-post summary and its quarter-hour sums [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("gives the straightforward computation's answer through edits, deletes, imported posts, a definition, a time zone and a channel changing", { timeout: 120_000 }, async () => {
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { timezone: "Europe/Berlin" });
      const ws = workspace.id;
      const db = t.deps.db;
      const r = random(dialect === "sqlite" ? 24 : 2024);
      const channels = [
        await addChannel(owner, ws, "instagram", { handle: "a" }),
        await addChannel(owner, ws, "facebook", { handle: "b" }),
        await addChannel(owner, ws, "threads", { handle: "c" }),
        await addChannel(owner, ws, "instagram", { handle: "d" }),
      ];
      // Another workspace's posts must not count.
      const other = await buildWorkspace(t.app, owner);
      const theirs = await addChannel(owner, other.workspace.id, "instagram", { handle: "x" });
      const at = NOW;

      const numbers: { workspace_id: string; channel_id: string; post_key: string; day: string; metric: string; value: number; source: string; updated_at: string }[] = [];
      type Made = { ws: string; channel: string; key: string; imported: boolean };
      const made: Made[] = [];
      const instant = (dayOffset: number) => new Date(Date.parse("2024-06-01T00:00:00Z") + dayOffset * 86_400_000 + r.int(96) * 900_000 + r.int(3) * 60_000).toISOString();
      async function makePost(workspaceId: string, channel: string) {
        const imported = r.next() < 0.3;
        const key = imported ? `ig:${r.int(1e9)}` : randomUUID();
        const when = instant(r.int(950));
        const day = when.slice(0, 10);
        if (imported) {
          await db.insertInto("metric_posts").values({ workspace_id: workspaceId, channel_id: channel, post_key: key, published_at: when, permalink: "", caption: "", post_type: "post", source: "meta" }).execute();
        } else {
          await db
            .insertInto("posts")
            .values({ id: key, workspace_id: workspaceId, title: "p", body: "b", variants: JSON.stringify([{ channelId: channel, text: null }]), media: "[]", utm: "{}", status: "published", created_at: at, updated_at: at } as never)
            .execute();
          const deliveries = r.next() < 0.1 ? 2 : 1;
          for (let d = 0; d < deliveries; d++) {
            const published = r.next() < 0.9;
            const time = d === 0 ? when : instant(r.int(950));
            await db
              .insertInto("deliveries")
              .values({ id: randomUUID(), workspace_id: workspaceId, post_id: key, channel_id: channel, due_at: time, status: published ? "published" : "failed", attempts: 1, published_at: published ? time : null, created_at: at, updated_at: at } as never)
              .execute();
          }
          // Sometimes also imported under the same key, with a time of its own.
          if (r.next() < 0.05) await db.insertInto("metric_posts").values({ workspace_id: workspaceId, channel_id: channel, post_key: key, published_at: instant(r.int(950)), permalink: "", caption: "", post_type: "post", source: "meta" }).execute();
        }
        // Numbers on a few days from about the day it went out (sometimes none, sometimes before it, now and then weeks before).
        for (let k = 0, n = r.int(7); k < n; k++) {
          numbers.push({ workspace_id: workspaceId, channel_id: channel, post_key: key, day: addDays(day, r.next() < 0.15 ? -2 - r.int(60) : r.int(12) - 1), metric: r.pick(METRICS), value: r.next() < 0.1 ? 0 : r.int(500), source: "meta", updated_at: at });
        }
        made.push({ ws: workspaceId, channel, key, imported });
      }
      for (let p = 0; p < 400; p++) await makePost(ws, r.pick(channels));
      for (let p = 0; p < 40; p++) await makePost(other.workspace.id, theirs);
      // One row per post, day and metric.
      const unique = [...new Map(numbers.map((n) => [`${n.workspace_id}|${n.day}|${n.channel_id}|${n.metric}|${n.post_key}`, n])).values()];
      for (let i = 0; i < unique.length; i += 200) await db.insertInto("metrics_per_post").values(unique.slice(i, i + 200)).execute();
      // Followers of the channel whose engagement is by followers (set below), on some days.
      for (let d = 0; d < 900; d += 7) {
        await owner.client.put(`/api/workspaces/${ws}/metrics`, { cells: [{ channelId: channels[3], day: addDays("2024-06-01", d), metric: "followers", value: 1000 + d }] });
      }

      let timezone = "Europe/Berlin";
      // The quarter-hour sums (migration 0022) are what the summary adds up to, kept so by every change.
      const sumsHold = async (label: string) => {
        const sums = await db.selectFrom("best_time_sums").select(["slot", "posts", "total"]).where("workspace_id", "=", ws).orderBy("slot").execute();
        const want = new Map<number, { posts: number; total: number }>();
        for (const p of await db.selectFrom("best_time_posts").select(["published_at", "rate"]).where("workspace_id", "=", ws).where("kind", "=", 0).where("rate", "is not", null).where("published_at", "is not", null).execute()) {
          const slot = Math.floor(Date.parse(p.published_at!) / 900_000);
          const s = want.get(slot) ?? (want.set(slot, { posts: 0, total: 0 }), want.get(slot)!);
          s.posts += 1;
          s.total += Number(p.rate);
        }
        expect(sums.map((s) => [Number(s.slot), Number(s.posts)]), label).toEqual([...want].sort((a, b) => a[0] - b[0]).map(([slot, s]) => [slot, s.posts]));
        for (const s of sums) expect(Math.abs(Number(s.total) - want.get(Number(s.slot))!.total), `${label} ${s.slot}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(Number(s.total))));
      };
      const compare = async (label: string) => {
        for (const to of ["2025-06-30", "2025-12-31", "2026-03-29", "2026-10-25", "2027-01-05"]) {
          const res = await owner.client.get(`/api/workspaces/${ws}/best-times?to=${to}`);
          expect(res.statusCode, res.body).toBe(200);
          const got = res.json<BestTimes>();
          const want = await straightforward(t, ws, timezone, to);
          expect(got.posts, `${label} ${to}`).toBe(want.posts);
          expect(got.cells.map((c) => [c.weekday, c.hour, c.posts]), `${label} ${to}`).toEqual(want.cells.map((c) => [c.weekday, c.hour, c.posts]));
          got.cells.forEach((c, i) => {
            const w = want.cells[i]!.average;
            if (w === null) expect(c.average).toBeNull();
            else expect(Math.abs(c.average! - w), `${label} ${to} ${c.weekday}-${c.hour}`).toBeLessThanOrEqual(Math.abs(w) * 1e-9 + 1e-9);
          });
        }
        await sumsHold(label);
      };
      await compare("seeded");
      // Made again from the summary as the migration does on an upgrade: the same sums, the same answers.
      await db.deleteFrom("best_time_sums").execute();
      await fillBestTimeSums(db as never);
      await compare("sums made again");
      // Some years have posts enough for averages.
      expect((await straightforward(t, ws, timezone, "2025-12-31")).posts).toBeGreaterThan(30);

      // Numbers edited and removed; posts' publish times changed, unpublished, removed; new imported posts.
      const all = () => db.selectFrom("metrics_per_post").selectAll().where("workspace_id", "=", ws).execute();
      for (const n of (await all()).filter(() => r.next() < 0.2)) {
        await db.updateTable("metrics_per_post").set({ value: r.int(900) }).where("workspace_id", "=", ws).where("day", "=", n.day).where("channel_id", "=", n.channel_id).where("metric", "=", n.metric).where("post_key", "=", n.post_key).execute();
      }
      for (const n of (await all()).filter(() => r.next() < 0.1)) {
        await db.deleteFrom("metrics_per_post").where("workspace_id", "=", ws).where("day", "=", n.day).where("channel_id", "=", n.channel_id).where("metric", "=", n.metric).where("post_key", "=", n.post_key).execute();
      }
      const sent = await db.selectFrom("deliveries").select(["id"]).where("workspace_id", "=", ws).execute();
      for (const d of sent.filter(() => r.next() < 0.1)) await db.updateTable("deliveries").set({ published_at: instant(r.int(950)) }).where("id", "=", d.id).execute();
      for (const d of sent.filter(() => r.next() < 0.05)) await db.updateTable("deliveries").set({ status: "failed" }).where("id", "=", d.id).execute();
      for (const d of sent.filter(() => r.next() < 0.05)) await db.deleteFrom("deliveries").where("id", "=", d.id).execute();
      for (const x of made.filter((p) => p.imported && p.ws === ws && r.next() < 0.1)) await db.updateTable("metric_posts").set({ published_at: instant(r.int(950)) }).where("workspace_id", "=", ws).where("channel_id", "=", x.channel).where("post_key", "=", x.key).execute();
      numbers.length = 0;
      for (let p = 0; p < 60; p++) await makePost(ws, r.pick(channels));
      for (const n of numbers) await db.insertInto("metrics_per_post").values(n).onConflict((o) => o.doNothing()).execute();
      await compare("edited");

      // The engagement definitions change (one by followers), then the time zone, several times.
      const define = async (channel: string, engagement: unknown) => {
        const row = await db.selectFrom("strategy_entries").select("data").where("id", "=", channel).executeTakeFirstOrThrow();
        await db.updateTable("strategy_entries").set({ data: JSON.stringify({ ...JSON.parse(row.data), engagement }) }).where("id", "=", channel).execute();
      };
      await define(channels[3]!, { engagements: ["likes", "comments"], per: "followers" });
      await define(channels[0]!, { engagements: ["likes", "saves"], per: "impressions_or_views" });
      await compare("definitions");
      await define(channels[3]!, { engagements: ["likes"], per: "reach" });
      await define(channels[1]!, { engagements: ["comments", "shares"], per: "followers" });
      await compare("definitions again");
      for (const zone of ZONES) {
        const res = await owner.client.patch(`/api/workspaces/${ws}`, { timezone: zone });
        expect(res.statusCode, res.body).toBe(200);
        timezone = zone;
        await compare(zone);
      }

      // A channel removed: its posts no longer count.
      const removed = await owner.client.delete(`/api/workspaces/${ws}/strategy/entries/${channels[2]}?version=1`);
      expect(removed.statusCode, removed.body).toBeLessThan(300);
      await compare("channel removed");
      expect(await db.selectFrom("best_time_posts").select("post_key").where("channel_id", "=", channels[2]!).execute()).toEqual([]);

      // Every post marked again (a large import, an upgrade): a request adds up a few chunks and says how many are
      // left; the background summariser does the rest, and the answers are the straightforward ones again.
      await db.updateTable("metrics_per_post").set((e) => ({ value: e("value", "+", 1) })).where("workspace_id", "=", ws).execute();
      const marked = Number((await db.selectFrom("best_time_dirty").select((e) => e.fn.countAll<number>().as("n")).where("workspace_id", "=", ws).executeTakeFirstOrThrow()).n);
      expect(marked).toBeGreaterThan(200);
      const ctx = { db, now: new Date(), log: t.app.log } as ServiceContext;
      expect(await refreshSummary(ctx, ws, await channelRecords(ctx, ws), 2, 50)).toBe(marked - 100);
      const m = { workspaceId: ws, workspace: { timezone } } as Membership;
      expect((await bestTimesOf(ctx, m, "2025-12-31", 0)).pending).toBe(marked - 100);
      await sumsHold("part summarised");
      const loop = bestTimeSummariser(db, t.app.log, { pauseMs: 0, rest: 1, wakeMs: 0, pollMs: 20 });
      loop.start();
      try {
        await expect.poll(async () => (await db.selectFrom("best_time_dirty").select("post_key").where("workspace_id", "=", ws).execute()).length, { timeout: 60_000, interval: 50 }).toBe(0);
      } finally {
        await loop.stop();
      }
      await compare("summarised in the background");
      expect((await owner.client.get(`/api/workspaces/${ws}/best-times?to=2025-12-31`)).json<BestTimes>().pending).toBe(0);
    });
  });
}
