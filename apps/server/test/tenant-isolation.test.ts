import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildUser, buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { fillPath, routesFromOpenApi, type RouteInfo } from "./helpers/openapi.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`tenant isolation, for every route in the OpenAPI document [${dialect}]`, () => {
    let t: TestApp;
    let routes: RouteInfo[];
    let values: Record<string, string>;
    let outsider: TestUser;
    let viewer: TestUser;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const { owner, workspace } = await buildWorkspace(t.app);
      outsider = (await buildWorkspace(t.app)).owner;
      viewer = await addMember(t.app, owner, workspace.id, "viewer");
      const invitation = (await owner.client.post(`/api/workspaces/${workspace.id}/invitations`, { role: "editor" })).json();
      const people = (await owner.client.get(`/api/workspaces/${workspace.id}/members`)).json();
      const sessions = (await owner.client.get("/api/auth/sessions")).json();
      // Real IDs from the victim's workspace, so that a missing check would find something to leak.
      values = { workspaceId: workspace.id, memberId: people.members[0].id, invitationId: invitation.invitation.id, sessionId: sessions[0].id };
      routes = await routesFromOpenApi(t.app);
    });
    afterAll(() => t.close());

    const workspaceRoutes = () => routes.filter((r) => r.path.includes("{workspaceId}"));

    it("finds the workspace routes in the document", () => {
      expect(workspaceRoutes().length).toBeGreaterThanOrEqual(7);
    });

    it("answers a member of another workspace with 403 or 404, for reads and writes", async () => {
      for (const route of workspaceRoutes()) {
        const res = await outsider.client.request(route.method, fillPath(route.path, values), route.method === "GET" ? undefined : {});
        expect([403, 404], `${route.method} ${route.path} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      }
    });

    it("refuses every write of a viewer", async () => {
      for (const route of workspaceRoutes().filter((r) => r.method !== "GET")) {
        const res = await viewer.client.request(route.method, fillPath(route.path, values), {});
        expect(res.statusCode, `${route.method} ${route.path} → ${res.statusCode} ${res.body}`).toBe(403);
      }
    });

    it("answers 401 to anyone not logged in, except on the public routes", async () => {
      const anonymous = await buildUser(t.app);
      await anonymous.client.post("/api/auth/logout");
      const publicRoutes = new Set(["GET /api/health", "GET /api/config", "GET /api/auth/csrf", "POST /api/auth/signup", "POST /api/auth/login",
        "POST /api/auth/password-reset/request", "POST /api/auth/password-reset/confirm", "GET /api/invitations/{token}",
        // The calendar feed is for calendar apps, which have no session: its secret address is the key.
        "GET /api/calendar-feeds/{token}"]);
      for (const route of routes.filter((r) => !publicRoutes.has(`${r.method} ${r.path}`))) {
        const res = await anonymous.client.request(route.method, fillPath(route.path, { ...values, token: "x".repeat(43) }), route.method === "GET" ? undefined : {});
        expect(res.statusCode, `${route.method} ${route.path}`).toBe(401);
      }
    });

    it("does not let one user end another user's session", async () => {
      const res = await outsider.client.delete(`/api/auth/sessions/${values.sessionId}`);
      expect(res.statusCode).toBe(404);
    });
  });
}
