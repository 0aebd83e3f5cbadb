import type { Kysely } from "kysely";
import { sql } from "kysely";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChannelPurger, purgeBatch, runChannelPurges } from "../src/features/strategy/channel-purge.ts";
import { buildWorkspace } from "./helpers/factories.ts";
import { createStore, createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";
import { readZip } from "./helpers/zip.ts";

const day = (d: number) => `2026-10-${String(d).padStart(2, "0")}`;
const AT = "2026-11-01T00:00:00.000Z";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-purge-"));

/**
 * A deleted channel's numbers — its own and day sums (`metrics`) and its per-post numbers — go after the answer, in
 * batches in the background (channel-purge.ts, migration 0021). Until they are gone nobody sees them: every screen and export answers exactly as it does once they are gone;
 * restoring the channel brings it back without them (as before); a restart resumes the purge; other channels' numbers
 * are untouched; a channel that is gone still takes no new numbers.
 */
for (const dialect of DIALECTS) {
  describe(`a deleted channel's numbers [${dialect}]`, () => {
    let t: TestApp;
    let db: Kysely<any>;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      db = t.deps.db as unknown as Kysely<any>;
    });
    afterAll(() => t.close());

    type Made = Awaited<ReturnType<typeof buildWorkspace>>;
    const channel = async (ws: Made, handle: string) => (await ws.owner.client.post(`/api/workspaces/${ws.workspace.id}/strategy/collections/channel`, { data: { network: "instagram", handle } })).json() as { id: string; version: number };

    /** Imported posts of a channel (their publish times) with numbers on the days after, and the channel's own numbers. */
    async function fill(ws: string, ch: string, seed: number, posts = 12) {
      const perPost = [];
      for (let p = 0; p < posts; p++) {
        const key = `m:${seed}-${p}`;
        const out = 1 + (p % 25);
        await db.insertInto("metric_posts").values({ workspace_id: ws, channel_id: ch, post_key: key, published_at: `${day(out)}T${String(8 + (p % 10)).padStart(2, "0")}:00:00.000Z`, permalink: "", caption: `post ${p}`, post_type: "post", source: "meta" }).execute();
        for (let d = out; d < Math.min(out + 3, 31); d++) {
          for (const metric of ["reach", "likes", "comments"]) perPost.push({ workspace_id: ws, channel_id: ch, post_key: key, day: day(d), metric, value: seed * 10 + p + d, source: "meta", updated_at: AT });
        }
      }
      await db.insertInto("metrics_per_post").values(perPost).execute();
      await db
        .insertInto("metrics")
        .values([1, 10, 20].map((d) => ({ workspace_id: ws, channel_id: ch, day: day(d), metric: "followers", value: 1000 * seed + d, posts: null, source: "manual", updated_at: AT })))
        .execute();
    }

    const perPostOf = async (ws: string, ch: string) => Number((await sql<{ n: number }>`select count(*) as n from metrics_per_post where workspace_id = ${ws} and channel_id = ${ch}`.execute(db)).rows[0]!.n);
    const ownOf = async (ws: string, ch: string) => Number((await sql<{ n: number }>`select count(*) as n from metrics where workspace_id = ${ws} and channel_id = ${ch}`.execute(db)).rows[0]!.n);
    const rowsOf = async (ws: string, ch: string) =>
      (await db.selectFrom("metrics_per_post").selectAll().where("workspace_id", "=", ws).where("channel_id", "=", ch).execute()).map((r) => `${r.day}|${r.metric}|${r.post_key}=${Number(r.value)}|${r.source}`).sort();
    const queued = async () => (await db.selectFrom("channel_purges").select(["workspace_id", "channel_id"]).orderBy("channel_id").execute()) as { workspace_id: string; channel_id: string }[];

    /**
     * Everything a member sees of a channel's numbers: the grid's numbers (all, and asked for by the deleted channel's
     * id), the dashboard, goal progress, home, the best time, the archive's numbers.
     */
    async function seen(ws: Made, asked: string) {
      const base = `/api/workspaces/${ws.workspace.id}`;
      const cells = (await ws.owner.client.get(`${base}/metrics?from=${day(1)}&to=${day(31)}`)).json<{ cells: { channelId: string; postId: string | null }[] }>().cells;
      const byChannel = await ws.owner.client.get(`${base}/metrics?from=${day(1)}&to=${day(31)}&channelId=${asked}`);
      const goals = await ws.owner.client.get(`${base}/goals/progress`);
      expect(goals.statusCode, goals.body).toBe(200);
      const dash = await ws.owner.client.get(`${base}/dashboard?from=${day(1)}&to=${day(31)}`);
      expect(dash.statusCode, dash.body).toBe(200);
      const best = await ws.owner.client.get(`${base}/best-times?to=${day(31)}`);
      expect(best.statusCode, best.body).toBe(200);
      const archive = await ws.owner.client.get(`${base}/archive`);
      expect(archive.statusCode).toBe(200);
      const file = path.join(tmp, `${ws.workspace.id}-${Math.random().toString(36).slice(2)}.zip`);
      fs.writeFileSync(file, archive.rawPayload);
      const entries = await readZip(file);
      const lines = (table: string) =>
        (entries.find((e) => e.name.endsWith(`${table}.jsonl`))?.data.toString("utf8") ?? "")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { channel_id: string; post_key?: string; day: string; metric: string })
          .map((r) => `${r.channel_id}|${r.post_key ?? ""}|${r.day}|${r.metric}`)
          .sort();
      const { generatedAt: _g, ...bestTimes } = best.json<Record<string, unknown>>();
      const { generatedAt: _d, ...dashboard } = dash.json<Record<string, unknown>>();
      return { cells, byChannel: byChannel.json<unknown>(), dashboard, goals: goals.json<unknown>(), bestTimes, archived: lines("metrics_per_post"), archivedOwn: lines("metrics") };
    }

    it("hides them from the answer on, removes them in bounded batches, and leaves every other channel's numbers alone", async () => {
      const a = await buildWorkspace(t.app);
      const b = await buildWorkspace(t.app);
      const gone = await channel(a, "@gone");
      const stays = await channel(a, "@stays");
      const elsewhere = await channel(b, "@other");
      await fill(a.workspace.id, gone.id, 1);
      await fill(a.workspace.id, stays.id, 2);
      await fill(b.workspace.id, elsewhere.id, 3);
      // A goal counting the followers of both channels of `a` (it still names the deleted one afterwards).
      const goal = await a.owner.client.post(`/api/workspaces/${a.workspace.id}/strategy/collections/goal`, {
        data: { title: "Followers", measurable: { metric: "Followers", channels: [gone.id, stays.id], baseline: 100, target: 5000 }, timebound: { start: "2026-11-01", deadline: "2027-06-30" } },
      });
      expect(goal.statusCode, goal.body).toBe(201);
      const staysBefore = await rowsOf(a.workspace.id, stays.id);
      const elsewhereBefore = await rowsOf(b.workspace.id, elsewhere.id);
      const withIt = await seen(a, gone.id);
      // The channel's numbers are there to be seen before (the comparison below proves something).
      expect(withIt.cells.some((c) => c.channelId === gone.id && c.postId !== null)).toBe(true);
      expect(withIt.cells.some((c) => c.channelId === gone.id && c.postId === null)).toBe(true);
      expect(JSON.stringify(withIt.byChannel)).toContain(gone.id);
      expect(withIt.archived.some((k) => k.startsWith(gone.id))).toBe(true);
      expect(withIt.archivedOwn.some((k) => k.startsWith(gone.id))).toBe(true);
      expect(JSON.stringify(withIt.dashboard)).toContain(gone.id);
      // Both channels' followers on the goal's last measured day (1020 + 2020 on day 20).
      expect(withIt.goals).toMatchObject({ goals: [{ current: 3040 }] });

      const res = await a.owner.client.delete(`/api/workspaces/${a.workspace.id}/strategy/entries/${gone.id}?version=${gone.version}`);
      expect(res.statusCode, res.body).toBe(204);
      // The answer came before the purge: the numbers are still stored, and queued.
      const stored = await perPostOf(a.workspace.id, gone.id);
      const storedOwn = await ownOf(a.workspace.id, gone.id);
      expect(stored).toBeGreaterThan(20);
      expect(storedOwn).toBeGreaterThan(20);
      expect(await queued()).toEqual([{ workspace_id: a.workspace.id, channel_id: gone.id }]);
      const pending = await seen(a, gone.id);
      expect(pending.cells.filter((c) => c.channelId === gone.id)).toEqual([]);
      expect(pending.byChannel).toEqual({ cells: [] });
      expect(pending.archived.filter((k) => k.startsWith(gone.id))).toEqual([]);
      expect(pending.archivedOwn.filter((k) => k.startsWith(gone.id))).toEqual([]);
      expect(JSON.stringify(pending.dashboard)).not.toContain(gone.id);
      expect(pending.goals).toMatchObject({ goals: [{ current: 2020 }] });
      // A deleted channel takes no new numbers, as before.
      const put = await a.owner.client.put(`/api/workspaces/${a.workspace.id}/metrics`, { cells: [{ channelId: gone.id, postId: null, day: day(5), metric: "reach", value: 5 }] });
      expect(put.statusCode).toBe(400);

      // A batch: exactly its size goes, the channel's own numbers first; the queue row stays until none is left.
      expect(await purgeBatch(t.deps.db, t.deps.dialect, 10)).toBe(true);
      expect(await ownOf(a.workspace.id, gone.id)).toBe(storedOwn - 10);
      expect(await perPostOf(a.workspace.id, gone.id)).toBe(stored);
      for (let own = storedOwn - 10; own > 0; own -= 10) expect(await purgeBatch(t.deps.db, t.deps.dialect, 10)).toBe(true);
      expect(await ownOf(a.workspace.id, gone.id)).toBe(0);
      expect(await perPostOf(a.workspace.id, gone.id)).toBe(stored - ((10 - (storedOwn % 10)) % 10));
      expect(await queued()).toHaveLength(1);
      await runChannelPurges(t.deps.db, t.deps.dialect, 10);
      expect(await perPostOf(a.workspace.id, gone.id)).toBe(0);
      expect(await queued()).toEqual([]);
      expect(await purgeBatch(t.deps.db, t.deps.dialect)).toBe(false);

      // What was seen while they were stored is what is seen now that they are gone.
      expect(await seen(a, gone.id)).toEqual(pending);
      expect(await rowsOf(a.workspace.id, stays.id)).toEqual(staysBefore);
      expect(await rowsOf(b.workspace.id, elsewhere.id)).toEqual(elsewhereBefore);
      // The day sums of what is left are exact (the purge recounted nothing of the channel that is gone).
      const sums = await sql<{ k: string }>`select p.channel_id || '|' || p.metric || '|' || p.day || '=' || cast(sum(p.value) as integer) as k from metrics_per_post p where p.workspace_id = ${a.workspace.id} group by p.channel_id, p.metric, p.day`.execute(db);
      const kept = await sql<{ k: string }>`select channel_id || '|' || metric || '|' || day || '=' || cast(posts as integer) as k from metrics where workspace_id = ${a.workspace.id} and posts is not null`.execute(db);
      expect(kept.rows.map((r) => r.k).sort()).toEqual(sums.rows.map((r) => r.k).sort());
    });

    it("brings a restored channel back without its old numbers, even before the purge ran", async () => {
      const a = await buildWorkspace(t.app);
      const gone = await channel(a, "@back");
      const stays = await channel(a, "@stays");
      await fill(a.workspace.id, gone.id, 4);
      await fill(a.workspace.id, stays.id, 5);
      const staysBefore = await rowsOf(a.workspace.id, stays.id);
      // The best time summarises its posts first (its summary has no foreign key to the channel).
      expect((await a.owner.client.get(`/api/workspaces/${a.workspace.id}/best-times?to=${day(31)}`)).statusCode).toBe(200);
      const base = `/api/workspaces/${a.workspace.id}/strategy/entries/${gone.id}`;
      expect((await a.owner.client.delete(`${base}?version=${gone.version}`)).statusCode).toBe(204);
      expect(await perPostOf(a.workspace.id, gone.id)).toBeGreaterThan(0);
      expect(await ownOf(a.workspace.id, gone.id)).toBeGreaterThan(0);
      const revisions = (await a.owner.client.get(`${base}/revisions`)).json() as { id: string; version: number; action: string }[];
      const restored = await a.owner.client.post(`${base}/restore`, { revisionId: revisions.find((r) => r.action === "create")!.id, version: revisions[0]!.version });
      expect(restored.statusCode, restored.body).toBe(200);
      expect(await perPostOf(a.workspace.id, gone.id)).toBe(0);
      expect(await ownOf(a.workspace.id, gone.id)).toBe(0);
      expect(await queued()).toEqual([]);
      const cells = (await a.owner.client.get(`/api/workspaces/${a.workspace.id}/metrics?from=${day(1)}&to=${day(31)}`)).json<{ cells: { channelId: string; postId: string | null }[] }>().cells;
      expect(cells.filter((c) => c.channelId === gone.id)).toEqual([]);
      // Its old posts do not count for the best time any more (the summary of them is taken off).
      await a.owner.client.get(`/api/workspaces/${a.workspace.id}/best-times?to=${day(31)}`);
      expect(await db.selectFrom("best_time_posts").select("post_key").where("workspace_id", "=", a.workspace.id).where("channel_id", "=", gone.id).execute()).toEqual([]);
      expect(await rowsOf(a.workspace.id, stays.id)).toEqual(staysBefore);
      // New numbers for it are taken again.
      const put = await a.owner.client.put(`/api/workspaces/${a.workspace.id}/metrics`, { cells: [{ channelId: gone.id, postId: null, day: day(5), metric: "reach", value: 5 }] });
      expect(put.statusCode, put.body).toBe(200);
    });

    it.runIf(dialect === "postgres")("refuses per-post numbers for a channel that does not exist, as the foreign key did", async () => {
      const a = await buildWorkspace(t.app);
      const insert = db.insertInto("metrics_per_post").values({ workspace_id: a.workspace.id, channel_id: "00000000-0000-4000-8000-000000000000", post_key: "p", day: day(1), metric: "reach", value: 1, source: "x", updated_at: AT }).execute();
      await expect(insert).rejects.toThrow(/foreign key/);
    });
  });

  describe(`the purge queue across a restart [${dialect}]`, () => {
    it("keeps the queue row until the numbers are gone, and the restarted server finishes the purge", async () => {
      const store = await createStore(dialect);
      try {
        let t = await createTestApp(dialect, { store });
        const a = await buildWorkspace(t.app);
        const ch = (await a.owner.client.post(`/api/workspaces/${a.workspace.id}/strategy/collections/channel`, { data: { network: "instagram", handle: "@x" } })).json() as { id: string; version: number };
        const rows = Array.from({ length: 40 }, (_, i) => ({ workspace_id: a.workspace.id, channel_id: ch.id, post_key: `p${i % 8}`, day: day(1 + (i % 5)), metric: "reach", value: i, source: "x", updated_at: AT }));
        await (t.deps.db as unknown as Kysely<any>).insertInto("metrics_per_post").values(rows).execute();
        expect((await a.owner.client.delete(`/api/workspaces/${a.workspace.id}/strategy/entries/${ch.id}?version=${ch.version}`)).statusCode).toBe(204);
        // Killed half way: one batch done, the rest and the queue row left.
        expect(await purgeBatch(t.deps.db, t.deps.dialect, 15)).toBe(true);
        await t.close();

        t = await createTestApp(dialect, { store });
        const db = t.deps.db as unknown as Kysely<any>;
        // 40 per-post numbers and the 5 day sums their triggers wrote; the batch took the 5 sums and 10 numbers.
        const left = async () => Number((await sql<{ n: number }>`select (select count(*) from metrics_per_post where channel_id = ${ch.id}) + (select count(*) from metrics where channel_id = ${ch.id}) as n`.execute(db)).rows[0]!.n);
        expect(await left()).toBe(30);
        expect(await db.selectFrom("channel_purges").select("channel_id").execute()).toEqual([{ channel_id: ch.id }]);
        // The server's purger starts once it listens, and resumes the purge.
        await t.app.listen({ port: 0, host: "127.0.0.1" });
        for (let i = 0; i < 200 && ((await left()) > 0 || (await db.selectFrom("channel_purges").select("channel_id").execute()).length > 0); i++) await new Promise((r) => setTimeout(r, 25));
        expect(await left()).toBe(0);
        expect(await db.selectFrom("channel_purges").select("channel_id").execute()).toEqual([]);
        await t.close();
      } finally {
        await store.drop();
      }
    });

    it("wakes a running purger when a channel is deleted", async () => {
      const t = await createTestApp(dialect);
      try {
        const db = t.deps.db as unknown as Kysely<any>;
        const purger = new ChannelPurger(t.deps.db, t.deps.dialect, t.app.log, { batch: 4, pauseMs: 0, wakeMs: 10, pollMs: 60_000 });
        purger.start();
        const a = await buildWorkspace(t.app);
        const ch = (await a.owner.client.post(`/api/workspaces/${a.workspace.id}/strategy/collections/channel`, { data: { network: "instagram", handle: "@y" } })).json() as { id: string; version: number };
        await db
          .insertInto("metrics_per_post")
          .values(Array.from({ length: 10 }, (_, i) => ({ workspace_id: a.workspace.id, channel_id: ch.id, post_key: `p${i}`, day: day(2), metric: "likes", value: i, source: "x", updated_at: AT })))
          .execute();
        expect((await a.owner.client.delete(`/api/workspaces/${a.workspace.id}/strategy/entries/${ch.id}?version=${ch.version}`)).statusCode).toBe(204);
        const left = async () => (await db.selectFrom("metrics_per_post").select("post_key").where("channel_id", "=", ch.id).execute()).length + (await db.selectFrom("channel_purges").select("channel_id").execute()).length;
        for (let i = 0; i < 200 && (await left()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
        expect(await left()).toBe(0);
        await purger.stop();
      } finally {
        await t.close();
      }
    });
  });
}
