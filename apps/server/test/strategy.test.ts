import { completeness } from "@socialplan/domain";
import { strategyStatus, type Entry } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`strategy [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("saves a section, and refuses a save from an outdated version with both versions in the answer", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const colleague = await addMember(t.app, owner, workspace.id, "editor", await buildUser(t.app, { locale: "ko" }));
      const url = `/api/workspaces/${workspace.id}/strategy/sections/company`;
      const first = await owner.client.put(url, { version: 0, data: { name: "서울 캔들", hq: "서울" } });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ kind: "company", version: 1, data: { name: "서울 캔들", hq: "서울" } });

      // Both opened version 1; the colleague saves first.
      const theirs = await colleague.client.put(url, { version: 1, data: { name: "서울 캔들", hq: "부산" } });
      expect(theirs.json().version).toBe(2);
      const mine = await owner.client.put(url, { version: 1, data: { name: "서울 캔들", hq: "대구" } });
      expect(mine.statusCode).toBe(409);
      expect(mine.json().error.code).toBe("strategy.conflict");
      expect(mine.json().current).toMatchObject({ version: 2, data: { hq: "부산" }, updatedBy: colleague.user.name });
      const again = await colleague.client.put(url, { version: 1, data: {} });
      expect(again.json().error.message).toContain("다른 사람이 저장");

      const all = await owner.client.get(`/api/workspaces/${workspace.id}/strategy`);
      expect(all.json().entries).toEqual([expect.objectContaining({ kind: "company", version: 2, data: { name: "서울 캔들", hq: "부산" } })]);
      // A second "first save" cannot create a second company section.
      expect((await owner.client.put(url, { version: 0, data: { name: "X" } })).statusCode).toBe(409);
    });

    it("refuses unknown and wrongly typed answers, naming the field", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const res = await owner.client.put(`/api/workspaces/${workspace.id}/strategy/sections/distribution`, { version: 0, data: { mode: "teleport", blog: { answer: "maybe" }, colour: "red" } });
      expect(res.statusCode).toBe(400);
      const fields = res.json().error.fields.map((f: { field: string }) => f.field);
      expect(fields).toEqual(expect.arrayContaining(["data.mode", "data.blog.answer", "data.colour"]));
      expect(res.json().error.fields.find((f: { field: string }) => f.field === "data.mode").message).toContain("Offline, online, or both?");
    });

    it("checks a SMART goal: deadline after start and inside the period, a target that differs from the baseline", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }));
      const goals = `/api/workspaces/${workspace.id}/strategy/collections/goal`;
      // The test clock's period starts 2026-11 and lasts 12 months: 2026-11-01 to 2027-10-31.
      const bad = await owner.client.post(goals, {
        data: { specific: "팔로워 두 배", measurable: { metric: "팔로워", baseline: 100, target: 100 }, timebound: { start: "2027-03-01", deadline: "2027-02-01" } },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`)).toEqual([
        "data.timebound.deadline:goal.deadline_before_start",
        "data.measurable.target:goal.target_equals_baseline",
      ]);
      expect(bad.json().error.fields[0].message).toBe("마감일은 시작일보다 뒤여야 합니다.");
      const outside = await owner.client.post(goals, { data: { timebound: { start: "2026-11-01", deadline: "2027-12-31" } } });
      expect(outside.json().error.fields[0]).toMatchObject({ field: "data.timebound.deadline", code: "goal.outside_period" });
      // The period's days in words, as the goal form writes them.
      expect(outside.json().error.fields[0].message).toContain("(2026. 11. 1. ~ 2027. 10. 31.)");
      const good = await owner.client.post(goals, {
        data: {
          title: "Double Instagram",
          measurable: { metric: "Followers", baseline: 2000, target: 4000, direction: "increase", unit: "followers" },
          timebound: { start: "2026-11-01", deadline: "2027-05-01", cadence: "monthly", growth: "compound", checkpoints: [{ date: "2026-12-01", target: 2250 }] },
        },
      });
      expect(good.statusCode, good.body).toBe(201);
    });

    it("hangs initiatives under a goal of the same workspace only", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const other = await buildWorkspace(t.app);
      const goal = (await owner.client.post(`/api/workspaces/${workspace.id}/strategy/collections/goal`, { data: { title: "G" } })).json();
      const foreignGoal = (await other.owner.client.post(`/api/workspaces/${other.workspace.id}/strategy/collections/goal`, { data: { title: "F" } })).json();
      const url = `/api/workspaces/${workspace.id}/strategy/collections/initiative`;
      expect((await owner.client.post(url, { data: { action: "A" } })).json().error.code).toBe("strategy.parent_required");
      expect((await owner.client.post(url, { data: { action: "A" }, parentId: foreignGoal.id })).json().error.code).toBe("strategy.wrong_parent");
      const ok = await owner.client.post(url, { data: { action: "Open a German account", timeline: { start: "2026-11-01", end: "2026-11-08" }, status: "planned" }, parentId: goal.id });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().parentId).toBe(goal.id);
      // Deleting the goal takes its initiatives with it.
      expect((await owner.client.delete(`/api/workspaces/${workspace.id}/strategy/entries/${goal.id}?version=1`)).statusCode).toBe(204);
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/strategy`)).json().entries).toEqual([]);
    });

    it("keeps every saved change as a revision that can be restored, even after deletion", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}/strategy`;
      const created = (await owner.client.post(`${base}/collections/persona`, { data: { name: "Lena" } })).json<Entry>();
      await owner.client.put(`${base}/entries/${created.id}`, { version: 1, data: { name: "Lena", demographics: "34, Berlin" } });
      await owner.client.put(`${base}/entries/${created.id}`, { version: 2, data: { name: "Lena B." } });
      const history = (await owner.client.get(`${base}/entries/${created.id}/revisions`)).json();
      expect(history.map((r: { version: number; action: string }) => `${r.version}:${r.action}`)).toEqual(["3:update", "2:update", "1:create"]);
      expect(history[0].userName).toBe(owner.user.name);

      const restored = await owner.client.post(`${base}/entries/${created.id}/restore`, { revisionId: history[1].id, version: 3 });
      expect(restored.json()).toMatchObject({ version: 4, data: { name: "Lena", demographics: "34, Berlin" } });
      expect((await owner.client.post(`${base}/entries/${created.id}/restore`, { revisionId: history[2].id, version: 3 })).statusCode).toBe(409);

      expect((await owner.client.delete(`${base}/entries/${created.id}?version=4`)).statusCode).toBe(204);
      const afterDelete = (await owner.client.get(`${base}/entries/${created.id}/revisions`)).json();
      expect(afterDelete[0]).toMatchObject({ version: 5, action: "delete", data: null });
      const back = await owner.client.post(`${base}/entries/${created.id}/restore`, { revisionId: afterDelete[1].id, version: 5 });
      expect(back.json()).toMatchObject({ id: created.id, version: 6, data: { name: "Lena", demographics: "34, Berlin" } });
    });

    it("loads the worked example in the user's language with every strategy section filled, and clears it", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }));
      const base = `/api/workspaces/${workspace.id}/strategy`;
      const own = await owner.client.put(`${base}/sections/mission`, { version: 0, data: { business: "우리 사명" } });
      expect(own.statusCode).toBe(200);
      const loaded = await owner.client.post(`${base}/example`, { locale: "ko" });
      expect(loaded.statusCode, loaded.body).toBe(200);
      const entries = (await owner.client.get(base)).json<{ entries: Entry[] }>().entries;
      expect(entries.find((e) => e.kind === "mission")?.data).toEqual({ business: "우리 사명" });
      const goal = entries.find((e) => e.kind === "goal" && e.data.title === "독일 인스타그램 팔로워 두 배")!;
      const initiatives = entries.filter((e) => e.parentId === goal.id);
      expect(initiatives).toHaveLength(5);
      const me = (await owner.client.get(`/api/workspaces/${workspace.id}/members`)).json().members[0];
      expect(initiatives.every((i) => i.data.owner_member_id === me.id)).toBe(true);
      expect((goal.data.measurable as { channels: string[] }).channels).toEqual([entries.find((e) => e.data.handle === "@onsae.de")!.id]);

      const status = completeness(strategyStatus(entries, []));
      const missing = status.sections.flatMap((s) => s.missing.map((q) => q.id));
      expect(missing).toEqual(["mission.destination", "mission.impact", "mission.change"]);

      // An edited example record becomes the user's own and stays.
      const persona = entries.find((e) => e.kind === "persona")!;
      await owner.client.put(`${base}/entries/${persona.id}`, { version: persona.version, data: { ...persona.data, name: "레나 (수정)" } });
      const cleared = (await owner.client.delete(`${base}/example`)).json();
      expect(cleared.removed).toBe(entries.filter((e) => e.example).length - 1);
      const left = (await owner.client.get(base)).json<{ entries: Entry[] }>().entries;
      expect(left.map((e) => e.kind).sort()).toEqual(["mission", "persona"]);
    });
  });
}
