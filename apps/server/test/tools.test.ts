import type { Budget, Tool } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`tools directory [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("lists the guide's tools in the user's language, and puts the cost of tools in use on software lines", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }), { currency: "USD" });
      const base = `/api/workspaces/${workspace.id}`;
      const tools = (await owner.client.get(`${base}/tools`)).json<Tool[]>();
      expect(tools.map((x) => x.key)).toEqual(["semrush", "linkedin", "google_analytics", "buffer", "canva", "unsplash", "ecwid", "trello"]);
      expect(tools.find((x) => x.key === "canva")).toMatchObject({ used: false, purpose: "게시물과 광고용 그래픽." });

      // Canva Pro, $14.99 a month: planned every month from now (the test clock's 2026-11) to the period's end.
      await owner.client.put(`${base}/tools/recommended/canva`, { used: true, plan: "monthly", cost: 1499 });
      let budget = (await owner.client.get(`${base}/budget`)).json<Budget>();
      expect(budget.lines).toHaveLength(1);
      expect(budget.lines[0]).toMatchObject({ name: "Canva", category: "software", trackActuals: false });
      expect(Object.keys(budget.lines[0]!.planned)).toHaveLength(12);
      expect(budget.lines[0]!.planned["2027-10"]).toBe(1499);

      // An annual plan is paid once, now.
      await owner.client.put(`${base}/tools/recommended/canva`, { plan: "annual", cost: 11999 });
      budget = (await owner.client.get(`${base}/budget`)).json<Budget>();
      expect(budget.lines[0]!.planned).toEqual({ "2026-11": 11999 });

      // Not used any more: the line goes.
      const after = (await owner.client.put(`${base}/tools/recommended/canva`, { used: false })).json<Tool[]>();
      expect(after.find((x) => x.key === "canva")!.budgetLineId).toBeNull();
      expect((await owner.client.get(`${base}/budget`)).json<Budget>().lines).toEqual([]);
    });

    it("adds the business's own tools, and refuses another workspace's", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const other = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}`;
      const list = (await owner.client.post(`${base}/tools`, { name: "CapCut Pro", purpose: "Video editing", used: true, plan: "monthly", cost: 9900 })).json<Tool[]>();
      const mine = list.find((x) => x.name === "CapCut Pro")!;
      expect(mine).toMatchObject({ key: null, used: true, cost: 9900 });
      expect((await other.owner.client.patch(`/api/workspaces/${other.workspace.id}/tools/${mine.id}`, { used: false })).statusCode).toBe(404);
      const bad = await owner.client.put(`${base}/tools/recommended/canva`, { plan: "weekly" });
      expect(bad.statusCode).toBe(400);
      expect((await owner.client.delete(`${base}/tools/${mine.id}`)).json<Tool[]>().some((x) => x.name === "CapCut Pro")).toBe(false);
      expect((await owner.client.get(`${base}/budget`)).json<Budget>().lines).toEqual([]);
    });

    it("takes a tool's web address with or without https, and refuses any other scheme (it becomes a link)", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}`;
      for (const url of ["javascript:alert(1)", "data:text/html,<script>x</script>", "vbscript:msgbox", " JavaScript:alert(1)"]) {
        const res = await owner.client.post(`${base}/tools`, { name: "Evil", url });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error.fields[0]).toMatchObject({ field: "url", code: "validation.url" });
      }
      for (const url of ["https://www.capcut.com", "capcut.com/pro", ""]) expect((await owner.client.post(`${base}/tools`, { name: `Ok ${url}`, url })).statusCode, url).toBe(201);
      const channel = await owner.client.post(`${base}/strategy/collections/channel`, { data: { network: "instagram", url: "javascript:alert(1)" } });
      expect(channel.statusCode).toBe(400);
    });
  });
}
