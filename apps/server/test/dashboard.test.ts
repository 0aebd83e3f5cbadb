import fs from "node:fs";
import path from "node:path";
import type { Dashboard } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspace } from "./helpers/factories.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", "metrics", name));

for (const dialect of DIALECTS) {
  describe(`tracking dashboard [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("joins entered numbers, an imported Meta export, a published post, its short-link clicks, GA4 sessions, the budget and competitors", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const ws = `/api/workspaces/${workspace.id}`;
      await owner.client.patch(ws, { shortLinks: true, currency: "EUR", timezone: "Europe/Berlin" });
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "onsae.de", kpis: ["Followers", "Reach", "Saves"] });

      // A post from the calendar, published by reminder and confirmed with its permalink; two people click its link.
      const post = await addPost(owner, workspace.id, { body: "Pouring the winter batch", variants: [{ channelId: insta, text: null }], link: "https://onsae.example/winter", campaign: "winter_launch" });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      await testPublisher(t).round();
      const delivery = (await readPost(owner, workspace.id, post.id)).deliveries[0]!;
      const ok = await owner.client.post(`${ws}/posts/${post.id}/deliveries/${delivery.id}/confirm`, { permalink: "https://www.instagram.com/p/DAbc123/" });
      expect(ok.statusCode, ok.body).toBe(200);
      for (let i = 0; i < 2; i++) await t.app.inject({ method: "GET", url: delivery.shortPath!, headers: { "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148" } });

      // Numbers typed in for the channel, the Meta export (its first row is that post), GA4, an ad budget, a competitor.
      await owner.client.put(`${ws}/metrics`, {
        cells: [
          { channelId: insta, day: "2026-10-31", metric: "followers", value: 1000 },
          { channelId: insta, day: "2026-11-20", metric: "followers", value: 1100 },
          { channelId: insta, day: "2026-10-10", metric: "reach", value: 7410 },
          // The channel's own reach that day wins over the sum of its posts' reach.
          { channelId: insta, day: "2026-11-05", metric: "reach", value: 10000 },
        ],
      });
      expect((await owner.client.upload(`${ws}/metrics/import?preset=meta&dryRun=false`, fixture("meta-instagram-en.csv"), "text/csv")).json()).toMatchObject({ good: 3 });
      await owner.client.upload(`${ws}/metrics/import?preset=ga4&dryRun=false`, fixture("ga4-traffic.csv"), "text/csv");
      const line = await owner.client.post(`${ws}/budget/lines`, { name: "Instagram ads", category: "ads", channelId: insta, planned: { "2026-11": 60000 } });
      expect(line.statusCode, line.body).toBe(201);
      const lineId = line.json().lines.find((l: { name: string }) => l.name === "Instagram ads").id;
      await owner.client.put(`${ws}/budget/cells`, { cells: [{ lineId, month: "2026-11", field: "actual", amount: 50000 }] });
      const rival = await owner.client.post(`${ws}/strategy/collections/competitor`, {
        data: { name: "Lumi Candles", channel_stats: [{ date: "2026-10-31", channel: "instagram", followers: 5000 }, { date: "2026-11-20", channel: "instagram", followers: 5200 }] },
      });
      expect(rival.statusCode, rival.body).toBe(201);

      const res = await owner.client.get(`${ws}/dashboard?from=2026-11-01&to=2026-11-30`);
      expect(res.statusCode, res.body).toBe(200);
      const d = res.json<Dashboard>();
      expect(d.period).toEqual({ from: "2026-11-01", to: "2026-11-30", previousFrom: "2026-10-02", previousTo: "2026-10-31" });
      const c = d.channels[0]!;
      expect(c.kpis).toEqual([
        { metric: "followers", kind: "level", current: 1100, previous: 1000, change: 10 },
        { metric: "reach", kind: "flow", current: 3120 + 10000 + 1700, previous: 7410, change: 100 },
        { metric: "saves", kind: "flow", current: 655, previous: null, change: null },
      ]);
      expect(c.published).toBe(1);
      expect(c.engagement.definition).toEqual({ engagements: ["likes", "comments", "saves", "shares"], per: "reach" });
      expect(c.engagement.current).toBeCloseTo((5454 / 14820) * 100, 6);
      // Spend from the budget's actual (500.00 €): per thousand views, per short-link click.
      expect(c.costs).toMatchObject({ spend: 500, spendSource: "budget", cpa: null, roas: null });
      expect(c.costs.cpm).toBeCloseTo((500 / 19060) * 1000, 6);
      expect(c.costs.cpc).toBeCloseTo(500 / 2, 6);
      expect(d.topPosts.map((p) => [p.postId, Math.round(p.rate! * 10) / 10])).toEqual([
        [post.id, 58.1],
        [null, 42.8],
        [null, 30.8],
      ]);
      expect(d.topPosts[0]).toMatchObject({ text: "Pouring the winter batch", permalink: "https://www.instagram.com/p/DAbc123/", publishedAt: expect.stringMatching(/^2026-11-26T09:0/) });
      expect(d.topPosts[1]).toMatchObject({ text: "Customer photo of the week", permalink: "https://www.instagram.com/p/DAbc125/", publishedAt: "2026-11-07T11:15:00.000Z" });
      expect(d.links.find((l) => l.campaign === "winter_launch" && l.source === "instagram")).toEqual({ campaign: "winter_launch", source: "instagram", medium: "social", clicks: 2, sessions: 218, keyEvents: 6, revenue: 1550.5 });
      expect(d.budget).toMatchObject({ planned: 60000, actual: 50000, months: ["2026-11"] });
      expect(d.competitors).toEqual([
        {
          network: "instagram",
          series: [
            { name: workspace.name, ours: true, points: [{ date: "2026-10-31", followers: 1000 }, { date: "2026-11-20", followers: 1100 }] },
            { name: "Lumi Candles", ours: false, points: [{ date: "2026-10-31", followers: 5000 }, { date: "2026-11-20", followers: 5200 }] },
          ],
        },
      ]);
      const best = (await owner.client.get(`${ws}/best-times?to=2026-11-30`)).json();
      expect(best.posts).toBe(3);
      expect(best.cells.every((cell: { average: number | null }) => cell.average === null)).toBe(true);
      const bad = await owner.client.get(`${ws}/dashboard?from=2026-12-01&to=2026-11-01`);
      expect(bad.statusCode).toBe(400);
    });

    it("gives the worked example a year of labelled numbers: a full dashboard and a goal forecast at once, gone with the example", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const ws = `/api/workspaces/${workspace.id}`;
      expect((await owner.client.post(`${ws}/strategy/example`, { locale: "en" })).statusCode).toBe(200);
      const d = (await owner.client.get(`${ws}/dashboard?from=2026-10-28&to=2026-11-26`)).json<Dashboard>();
      expect(d.exampleNumbers).toBe(true);
      const insta = d.channels.find((c) => c.network === "instagram")!;
      expect(insta.kpis.find((k) => k.metric === "followers")!.current).toBeGreaterThan(2200);
      const year = (await owner.client.get(`${ws}/dashboard?from=2025-11-27&to=2026-11-26`)).json<Dashboard>();
      expect(year.channels.find((c) => c.network === "instagram")!.viewsFrom).toBe("2026-07-29");
      expect(insta.engagement.current).toBeGreaterThan(0);
      expect(d.topPosts.length).toBe(10);
      const best = (await owner.client.get(`${ws}/best-times?to=2026-11-26`)).json();
      expect(best.cells.some((c: { average: number | null }) => c.average !== null)).toBe(true);
      const goals = (await owner.client.get(`${ws}/goals/progress`)).json<{ goals: { metric: string | null; verdict: string; forecastDate: string | null; fit: unknown }[] }>().goals;
      const followers = goals.find((g) => g.metric === "followers")!;
      expect(followers.fit).not.toBeNull();
      expect(["on_track", "behind"]).toContain(followers.verdict);
      await owner.client.delete(`${ws}/strategy/example`);
      expect((await owner.client.get(`${ws}/metrics`)).json().cells).toHaveLength(0);
    });

    it("keeps a chart continuous across Meta's switch from impressions to views and says where it happened", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const fb = await addChannel(owner, workspace.id, "facebook");
      const cells = [];
      for (let i = 1; i <= 20; i++) {
        const day = `2026-11-${String(i).padStart(2, "0")}`;
        cells.push({ channelId: fb, day, metric: i < 12 ? "impressions" : "views", value: 100 + i });
      }
      await owner.client.put(`/api/workspaces/${workspace.id}/metrics`, { cells });
      const d = (await owner.client.get(`/api/workspaces/${workspace.id}/dashboard?from=2026-11-01&to=2026-11-30`)).json<Dashboard>();
      expect(d.channels[0]!.viewsFrom).toBe("2026-11-12");
      expect(d.channels[0]!.series).toHaveLength(20);
    });
  });
}
