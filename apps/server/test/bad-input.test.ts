import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspace } from "./helpers/factories.ts";
import { fillPath, routesFromOpenApi, type RouteInfo } from "./helpers/openapi.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const ID_LIKE = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.constant("../../etc/passwd"), fc.constant("1 OR 1=1"));
const BODY = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom("name", "email", "password", "role", "hats", "timezone", "currency", "code", "locale", "weekStart", "periodMonths", "token", "__proto__"), fc.jsonValue({ maxDepth: 2 })),
);

for (const dialect of DIALECTS) {
  describe(`bad input never crashes the server [${dialect}]`, () => {
    let t: TestApp;
    let routes: RouteInfo[];
    beforeAll(async () => {
      t = await createTestApp(dialect);
      routes = await routesFromOpenApi(t.app);
    });
    afterAll(() => t.close());

    it("answers generated bodies and IDs on every route with a 4xx or success, never a 5xx", async () => {
      for (const route of routes) {
        // A fresh owner per route: some routes log out or end sessions.
        const { owner, workspace } = await buildWorkspace(t.app);
        await fc.assert(
          fc.asyncProperty(BODY, ID_LIKE, fc.boolean(), async (body, id, realWorkspace) => {
            const url = fillPath(route.path, { workspaceId: realWorkspace ? workspace.id : id, memberId: id, invitationId: id, sessionId: id, token: id });
            const res = await owner.client.request(route.method, url, route.method === "GET" ? undefined : body);
            expect(res.statusCode, `${route.method} ${url} ${JSON.stringify(body)} → ${res.body}`).toBeLessThan(500);
            // Errors are JSON; a success may be a download (the calendar's CSV export).
            if (res.statusCode >= 400) expect(res.headers["content-type"] ?? "application/json").toMatch(/json/);
          }),
          { numRuns: 25 },
        );
      }
      expect((await t.app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
    });

    it("names the problem for malformed JSON, wrong types, missing and unknown fields, oversize bodies and bad IDs", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const malformed = await owner.client.request("POST", "/api/workspaces", undefined, { raw: "{\"name\": " });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe("request.invalid_json");

      const wrongType = await owner.client.post("/api/workspaces", { name: 42 });
      expect(wrongType.json().error.fields[0]).toMatchObject({ field: "name", code: "validation.invalid_type" });

      const missing = await owner.client.post("/api/auth/password", {});
      expect(missing.json().error.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`)).toEqual([
        "currentPassword:validation.required",
        "newPassword:validation.required",
      ]);

      const unknown = await owner.client.post("/api/workspaces", { name: "A", isAdmin: true });
      expect(unknown.json().error.fields[0]).toMatchObject({ field: "isAdmin", code: "validation.unknown_field" });

      const huge = await owner.client.post("/api/workspaces", { name: "x".repeat(70_000) });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().error.message).toContain("65536");

      const badId = await owner.client.get(`/api/workspaces/${workspace.id}/members`.replace(workspace.id, "not-an-id"));
      expect(badId.statusCode).toBe(400);
      expect(badId.json().error.fields[0]).toMatchObject({ field: "workspaceId", code: "validation.uuid" });

      const badMember = await owner.client.patch(`/api/workspaces/${workspace.id}/members/42`, { hats: [] });
      expect(badMember.statusCode).toBe(400);
      expect(badMember.json().error.fields[0].field).toBe("memberId");

      const text = await owner.client.request("POST", "/api/workspaces", undefined, { raw: "name=A", headers: { "content-type": "text/plain" } });
      expect(text.statusCode).toBe(415);
    });
  });
}
