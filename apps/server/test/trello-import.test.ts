import fs from "node:fs";
import path from "node:path";
import type { Card, Comment } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const board = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "fixtures/trello-board.json"), "utf8"));
const mapping = { l1: "backlog", l2: "next", l3: "in_progress", l4: "done" };

for (const dialect of DIALECTS) {
  describe(`Trello import [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("brings open cards of the mapped lists with labels, checklists, due dates and comments", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}/board`;
      const res = await owner.client.post(`${base}/import/trello`, { board, mapping });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ cards: 4, comments: 1, checklistItems: 2 });
      const cards = (await owner.client.get(base)).json<{ cards: Card[] }>().cards;
      expect(cards.map((c) => `${c.stage}:${c.title}`)).toEqual(expect.arrayContaining(["backlog:TikTok someday", "next:Shoot product photos", "in_progress:Write captions", "done:Open Instagram account"]));
      expect(cards).toHaveLength(4);
      const photos = cards.find((c) => c.title === "Shoot product photos")!;
      expect(photos).toMatchObject({ description: "**Natural light**, white background", dueDate: "2026-12-05", labels: ["Photo", "red"], checklist: [{ text: "Mugs", done: true }, { text: "Bowls", done: false }] });
      const comments = (await owner.client.get(`${base}/cards/${photos.id}/comments`)).json<Comment[]>();
      expect(comments[0]!.body).toBe("Jiwoo Han (Trello): Use the new lens");
    });

    it("refuses a file that is not a Trello export, imports nothing, and is for owners and admins", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}/board`;
      const bad = await owner.client.post(`${base}/import/trello`, { board: { name: "x", lists: "nope" }, mapping: {} });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe("board.trello_invalid");
      expect(bad.json().error.fields[0].field).toBe("board.lists");
      expect((await owner.client.get(base)).json().cards).toEqual([]);
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      expect((await editor.client.post(`${base}/import/trello`, { board, mapping })).statusCode).toBe(403);
    });
  });
}
