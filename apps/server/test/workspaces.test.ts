import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "./helpers/client.ts";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`workspaces, members and invitations [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("creates a workspace with the guide's defaults; its creator owns it and wears every hat", async () => {
      const owner = await buildUser(t.app, { locale: "ko" });
      const res = await owner.client.post("/api/workspaces", { name: "꽃집" });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ name: "꽃집", timezone: "Asia/Seoul", currency: "KRW", locale: "ko", periodMonths: 12, periodStart: "2026-11", role: "owner" });
      const people = (await owner.client.get(`/api/workspaces/${res.json().id}/members`)).json();
      expect(people.members[0].hats).toHaveLength(7);
      expect(people.uncoveredHats).toEqual([]);
    });

    it("lets one user own or join several workspaces", async () => {
      const u = await buildUser(t.app);
      await buildWorkspace(t.app, u, { name: "Shop A" });
      const { owner: other, workspace } = await buildWorkspace(t.app, undefined, { name: "Client B" });
      await addMember(t.app, other, workspace.id, "editor", u);
      const list = (await u.client.get("/api/workspaces")).json();
      expect(list.map((w: { name: string; role: string }) => `${w.name}:${w.role}`)).toEqual(["Client B:editor", "Shop A:owner"]);
    });

    it("updates settings, refusing invalid ones with the field named", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const url = `/api/workspaces/${workspace.id}`;
      const ok = await owner.client.patch(url, { timezone: "Europe/Berlin", currency: "EUR", weekStart: 1, periodStart: "2027-01", periodMonths: 6 });
      expect(ok.json()).toMatchObject({ timezone: "Europe/Berlin", currency: "EUR", periodStart: "2027-01", periodMonths: 6 });
      for (const [body, field] of [
        [{ timezone: "Europe/Atlantis" }, "timezone"],
        [{ currency: "XYZ" }, "currency"],
        [{ periodStart: "2027-13" }, "periodStart"],
        [{ periodMonths: 0 }, "periodMonths"],
        [{ weekStart: 9 }, "weekStart"],
        [{ color: "red" }, "color"],
      ] as const) {
        const res = await owner.client.patch(url, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
    });

    it("keeps viewers from changing anything and editors from managing members or settings", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const viewer = await addMember(t.app, owner, workspace.id, "viewer");
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      const base = `/api/workspaces/${workspace.id}`;
      expect((await viewer.client.get(`${base}/members`)).statusCode).toBe(200);
      const people = (await owner.client.get(`${base}/members`)).json();
      const viewerMember = people.members.find((m: { userId: string }) => m.userId === viewer.user.id);
      const editorMember = people.members.find((m: { userId: string }) => m.userId === editor.user.id);
      const denied = await viewer.client.patch(`${base}/members/${viewerMember.id}`, { hats: ["people.community"] });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.message).toContain("viewer");
      expect((await editor.client.patch(base, { name: "Mine now" })).statusCode).toBe(403);
      expect((await editor.client.post(`${base}/invitations`, { role: "viewer" })).statusCode).toBe(403);
      expect((await editor.client.patch(`${base}/members/${viewerMember.id}`, { role: "admin" })).statusCode).toBe(403);
      const ownHats = await editor.client.patch(`${base}/members/${editorMember.id}`, { hats: ["people.scripts", "people.creative"] });
      expect(ownHats.statusCode).toBe(200);
      expect((await editor.client.patch(`${base}/members/${viewerMember.id}`, { hats: ["people.ads"] })).statusCode).toBe(403);
    });

    it("shows who wears which hat and which hats nobody wears", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}`;
      const me = (await owner.client.get(`${base}/members`)).json().members[0];
      const res = await owner.client.patch(`${base}/members/${me.id}`, { hats: ["people.community", "people.boss", "people.community"] });
      expect(res.json().members[0].hats).toEqual(["people.boss", "people.community"]);
      expect(res.json().uncoveredHats).toEqual(["people.scripts", "people.creative", "people.ads", "people.distribution", "people.influencers"]);
      const bad = await owner.client.patch(`${base}/members/${me.id}`, { hats: ["people.juggler"] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields[0].field).toBe("hats.0");
    });

    it("invites by link: the link works once, expires, can be withdrawn, and may be bound to an email", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}`;
      const created = await owner.client.post(`${base}/invitations`, { role: "editor", expiresInDays: 2 });
      expect(created.statusCode).toBe(201);
      const token = created.json().url.split("/invite/")[1];
      expect(created.json().url).toMatch(/^http:\/\/socialplan\.test\/invite\//);
      const preview = await new TestClient(t.app).get(`/api/invitations/${token}`);
      expect(preview.json()).toMatchObject({ workspaceName: workspace.name, role: "editor", status: "pending" });
      const joiner = await buildUser(t.app);
      expect((await joiner.client.post(`/api/invitations/${token}/accept`)).json().workspaceId).toBe(workspace.id);
      const second = await buildUser(t.app);
      expect((await second.client.post(`/api/invitations/${token}/accept`)).statusCode).toBe(410);

      const late = (await owner.client.post(`${base}/invitations`, { role: "viewer", expiresInDays: 1 })).json().url.split("/invite/")[1];
      t.clock.advance(86_401);
      expect((await second.client.post(`/api/invitations/${late}/accept`)).statusCode).toBe(410);

      const withdrawn = (await owner.client.post(`${base}/invitations`, { role: "viewer" })).json();
      expect((await owner.client.delete(`${base}/invitations/${withdrawn.invitation.id}`)).statusCode).toBe(204);
      expect((await second.client.post(`/api/invitations/${withdrawn.url.split("/invite/")[1]}/accept`)).statusCode).toBe(410);
      const statuses = (await owner.client.get(`${base}/invitations`)).json().map((i: { status: string }) => i.status).sort();
      expect(statuses).toEqual(["accepted", "expired", "revoked"]);

      const bound = (await owner.client.post(`${base}/invitations`, { role: "viewer", email: "someone@example.com" })).json();
      const mismatch = await second.client.post(`/api/invitations/${bound.url.split("/invite/")[1]}/accept`);
      expect(mismatch.statusCode).toBe(403);
      expect(mismatch.json().error.message).toContain("someone@example.com");
    });

    it("ends a removed member's access at once, and keeps the last owner", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}`;
      const admin = await addMember(t.app, owner, workspace.id, "admin");
      const people = (await owner.client.get(`${base}/members`)).json();
      const ownerMember = people.members.find((m: { role: string }) => m.role === "owner");
      const adminMember = people.members.find((m: { role: string }) => m.role === "admin");
      expect((await admin.client.delete(`${base}/members/${ownerMember.id}`)).statusCode).toBe(403);
      expect((await admin.client.patch(`${base}/members/${adminMember.id}`, { role: "owner" })).statusCode).toBe(403);
      const lastOwner = await owner.client.patch(`${base}/members/${ownerMember.id}`, { role: "admin" });
      expect(lastOwner.statusCode).toBe(409);
      expect(lastOwner.json().error.code).toBe("workspace.last_owner");
      expect((await owner.client.delete(`${base}/members/${adminMember.id}`)).statusCode).toBe(204);
      const gone = await admin.client.get(base);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe("workspace.not_found");
    });
  });
}
