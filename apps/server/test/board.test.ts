import type { AddressInfo } from "node:net";
import type { Card } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const titles = (cards: Card[], stage: string) => cards.filter((c) => c.stage === stage).map((c) => c.title);

for (const dialect of DIALECTS) {
  describe(`task board [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("keeps cards in the guide's stages, in the order they were dropped", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}/board`;
      for (const title of ["A", "B", "C"]) await owner.client.post(`${base}/cards`, { title, stage: "next", priority: "high" });
      let cards = (await owner.client.get(base)).json<{ cards: Card[] }>().cards;
      const [a, b, c] = cards;
      expect(titles(cards, "next")).toEqual(["A", "B", "C"]);
      // C between A and B; then A into In progress.
      cards = (await owner.client.post(`${base}/cards/${c!.id}/move`, { stage: "next", afterId: a!.id, beforeId: b!.id })).json().cards;
      expect(titles(cards, "next")).toEqual(["A", "C", "B"]);
      cards = (await owner.client.post(`${base}/cards/${a!.id}/move`, { stage: "in_progress" })).json().cards;
      expect(titles(cards, "next")).toEqual(["C", "B"]);
      expect(titles(cards, "in_progress")).toEqual(["A"]);
      // The backlog is unsorted: a card moved there loses its priority.
      cards = (await owner.client.post(`${base}/cards/${b!.id}/move`, { stage: "backlog" })).json().cards;
      expect(cards.find((x) => x.id === b!.id)!.priority).toBeNull();
    });

    it("needs a reason to put a card on hold", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }));
      const base = `/api/workspaces/${workspace.id}/board`;
      const card = (await owner.client.post(`${base}/cards`, { title: "촬영" })).json().cards[0] as Card;
      const refused = await owner.client.post(`${base}/cards/${card.id}/move`, { stage: "on_hold" });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.fields[0]).toMatchObject({ field: "holdReason", message: "카드를 보류하는 이유를 적으세요." });
      const held = (await owner.client.post(`${base}/cards/${card.id}/move`, { stage: "on_hold", holdReason: "모델 일정 대기" })).json().cards[0] as Card;
      expect(held).toMatchObject({ stage: "on_hold", holdReason: "모델 일정 대기" });
    });

    it("lets only an owner, an admin or the boss approve a card into Done, and records who and when", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      const base = `/api/workspaces/${workspace.id}/board`;
      const card = (await editor.client.post(`${base}/cards`, { title: "Reel", stage: "review" })).json().cards[0] as Card;
      const refused = await editor.client.post(`${base}/cards/${card.id}/move`, { stage: "done" });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe("board.approval_forbidden");
      const approved = (await owner.client.post(`${base}/cards/${card.id}/move`, { stage: "done" })).json().cards[0] as Card;
      expect(approved).toMatchObject({ stage: "done", approvedBy: owner.user.id, approvedAt: expect.any(String) });

      // The editor is given the boss hat: now they may approve.
      const people = (await owner.client.get(`/api/workspaces/${workspace.id}/members`)).json();
      const member = people.members.find((x: { userId: string }) => x.userId === editor.user.id);
      await owner.client.patch(`/api/workspaces/${workspace.id}/members/${member.id}`, { hats: ["people.boss"] });
      const second = (await editor.client.post(`${base}/cards`, { title: "Post", stage: "review" })).json().cards.find((x: Card) => x.title === "Post") as Card;
      expect((await editor.client.post(`${base}/cards/${second.id}/move`, { stage: "done" })).statusCode).toBe(200);
    });

    it("never loses or duplicates a card when two members move cards at the same time", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const other = await addMember(t.app, owner, workspace.id, "admin");
      const base = `/api/workspaces/${workspace.id}/board`;
      for (let i = 0; i < 12; i++) await owner.client.post(`${base}/cards`, { title: `Card ${i}`, stage: "next" });
      const cards = (await owner.client.get(base)).json<{ cards: Card[] }>().cards;
      const stages = ["next", "in_progress", "review", "backlog"] as const;
      await Promise.all(
        cards.flatMap((card, i) => [
          owner.client.post(`${base}/cards/${card.id}/move`, { stage: stages[i % 4], afterId: cards[(i + 1) % 12]!.id }),
          other.client.post(`${base}/cards/${card.id}/move`, { stage: stages[(i + 1) % 4], beforeId: cards[(i + 5) % 12]!.id }),
        ]),
      );
      const after = (await owner.client.get(base)).json<{ cards: Card[] }>().cards;
      expect(after.map((c) => c.id).sort()).toEqual(cards.map((c) => c.id).sort());
    });

    it("splits an initiative into backlog cards linked to it, its goal and its owner", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const s = `/api/workspaces/${workspace.id}/strategy`;
      const me = (await owner.client.get(`/api/workspaces/${workspace.id}/members`)).json().members[0];
      const goal = (await owner.client.post(`${s}/collections/goal`, { data: { title: "Double Instagram" } })).json();
      const initiative = (await owner.client.post(`${s}/collections/initiative`, { data: { action: "Open a German account", owner_member_id: me.id }, parentId: goal.id })).json();
      const res = await owner.client.post(`/api/workspaces/${workspace.id}/board/split/${initiative.id}`, { titles: ["Pick a handle", "Write the bio", "Post 9 photos"] });
      expect(res.statusCode).toBe(201);
      const cards = res.json().cards as Card[];
      expect(cards.map((c) => [c.title, c.stage, c.initiativeId, c.goalId, c.assigneeIds])).toEqual([
        ["Pick a handle", "backlog", initiative.id, goal.id, [me.id]],
        ["Write the bio", "backlog", initiative.id, goal.id, [me.id]],
        ["Post 9 photos", "backlog", initiative.id, goal.id, [me.id]],
      ]);
    });

    it("streams every change to the workspace's members within two seconds, and to nobody else", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const stranger = await buildWorkspace(t.app);
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      try {
        const { port } = t.app.server.address() as AddressInfo;
        const url = `http://127.0.0.1:${port}/api/workspaces/${workspace.id}/events`;
        expect((await fetch(url, { headers: { cookie: stranger.owner.client.cookieHeaderValue() } })).status).toBe(404);
        const controller = new AbortController();
        const res = await fetch(url, { headers: { cookie: owner.client.cookieHeaderValue() }, signal: controller.signal });
        expect(res.headers.get("content-type")).toContain("text/event-stream");
        const reader = res.body!.getReader();
        const started = Date.now();
        await owner.client.post(`/api/workspaces/${workspace.id}/board/cards`, { title: "Live" });
        let text = "";
        while (!text.includes("event: board")) text += new TextDecoder().decode((await reader.read()).value);
        expect(Date.now() - started).toBeLessThan(2000);
        controller.abort();
      } finally {
        await t.app.server.close();
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`comments and notifications [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("notifies on assignment, @mention and approval requests, lists cards due soon, and marks them read", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { name: "민지", locale: "ko" }));
      const editor = await addMember(t.app, owner, workspace.id, "editor", await buildUser(t.app, { name: "지수" }));
      const base = `/api/workspaces/${workspace.id}`;
      const people = (await owner.client.get(`${base}/members`)).json();
      const jisoo = people.members.find((x: { name: string }) => x.name === "지수");
      // Assigned by the owner: the editor hears of it; the owner does not hear of their own action.
      const card = (await owner.client.post(`${base}/board/cards`, { title: "Reel", stage: "in_progress", assigneeIds: [jisoo.id], dueDate: "2026-11-27" })).json().cards[0] as Card;
      // A comment naming the owner; then the editor asks for approval.
      const comments = await editor.client.post(`${base}/board/cards/${card.id}/comments`, { body: "@민지 please check the music rights" });
      expect(comments.statusCode).toBe(201);
      expect(comments.json()[0]).toMatchObject({ authorName: "지수", body: "@민지 please check the music rights" });
      await editor.client.post(`${base}/board/cards/${card.id}/move`, { stage: "review" });

      const ownerSees = (await owner.client.get(`${base}/notifications`)).json();
      expect(ownerSees.map((n: { kind: string }) => n.kind).sort()).toEqual(["approval_requested", "mentioned"]);
      expect(ownerSees[0]).toMatchObject({ cardTitle: "Reel", actorName: "지수", read: false });
      const editorSees = (await editor.client.get(`${base}/notifications`)).json();
      // Due 2026-11-27, the test clock's tomorrow: "due soon", worked out each time.
      expect(editorSees.map((n: { kind: string }) => n.kind)).toEqual(["due_soon", "assigned"]);

      expect((await owner.client.post("/api/me/notifications/read", {})).statusCode).toBe(204);
      expect((await owner.client.get(`${base}/notifications`)).json().every((n: { read: boolean }) => n.read)).toBe(true);
      // Someone else's notification ids change nothing.
      const editorId = editorSees.find((n: { id: string | null }) => n.id)!.id;
      await owner.client.post("/api/me/notifications/read", { ids: [editorId] });
      expect((await editor.client.get(`${base}/notifications`)).json().find((n: { id: string }) => n.id === editorId).read).toBe(false);
    });
  });
}
