import type { GoalProgress } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildWorkspace } from "./helpers/factories.ts";
import { addChannel } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`metrics and goal progress [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("keeps one number per channel, day and metric: saving again replaces, an empty cell removes", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const viewer = await addMember(t.app, owner, workspace.id, "viewer");
      const insta = await addChannel(owner, workspace.id, "instagram");
      const base = `/api/workspaces/${workspace.id}/metrics`;
      const cells = [
        { channelId: insta, day: "2026-11-01", metric: "followers", value: 1200 },
        { channelId: insta, day: "2026-11-01", metric: "reach", value: 5400 },
        { channelId: insta, day: "2026-11-02", metric: "custom:dm_requests", value: 3 },
      ];
      expect((await owner.client.put(base, { cells })).statusCode).toBe(200);
      const again = await owner.client.put(base, { cells: [...cells.slice(0, 2), { ...cells[2], value: 5 }] });
      expect(again.json().cells.map((c: { metric: string; value: number }) => [c.metric, c.value])).toEqual([
        ["followers", 1200],
        ["reach", 5400],
        ["custom:dm_requests", 5],
      ]);
      await owner.client.put(base, { cells: [{ channelId: insta, day: "2026-11-01", metric: "reach", value: null }] });
      expect((await viewer.client.get(base)).json().cells).toHaveLength(2);
      expect((await viewer.client.put(base, { cells })).statusCode).toBe(403);
      const bad = await owner.client.put(base, { cells: [{ channelId: insta, day: "2026-11-31", metric: "likes!", value: 1 }] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(["cells.0.day", "cells.0.metric"]);
    });

    it("measures a goal's KPI on its channels and forecasts it", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const fb = await addChannel(owner, workspace.id, "facebook");
      const goal = await owner.client.post(`/api/workspaces/${workspace.id}/strategy/collections/goal`, {
        data: { title: "1,500 followers", measurable: { metric: "팔로워", channels: [insta, fb], baseline: 1000, target: 1500 }, timebound: { start: "2026-11-01", deadline: "2027-03-31" } },
      });
      expect(goal.statusCode, goal.body).toBe(201);
      const cells = [];
      for (let week = 0; week < 12; week++) {
        const day = new Date(Date.UTC(2026, 8, 1) + week * 7 * 86_400_000).toISOString().slice(0, 10);
        cells.push({ channelId: insta, day, metric: "followers", value: 700 + 20 * week }, { channelId: fb, day, metric: "followers", value: 300 + 10 * week });
      }
      await owner.client.put(`/api/workspaces/${workspace.id}/metrics`, { cells });
      const [g] = (await owner.client.get(`/api/workspaces/${workspace.id}/goals/progress`)).json<GoalProgress>().goals;
      // Both channels together: 30 followers a week from 1,000 on 1 September; 1,330 on 17 November (66 % of the way
      // to 1,500); 1,500 on day 117 (30/7 a day), 27 December — before the deadline.
      expect(g).toMatchObject({ metric: "followers", points: 12, current: 1330, verdict: "on_track", fit: { kind: "linear" }, forecastDate: "2026-12-27" });
      expect(g!.progress).toBeCloseTo(66, 6);
      // 170 still to go over the 125 days from today (the test clock's 26 November) to 31 March.
      expect(g!.neededPerWeek).toBeCloseTo((170 / 125) * 7, 6);
    });
  });
}
