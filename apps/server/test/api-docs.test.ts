import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

/** Swagger UI at /api/docs is loaded on its first request (plugins/api-docs.ts); everything it served must still be there. */
describe("API documentation, loaded on first use", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp("sqlite");
  });
  afterAll(async () => t.close());

  it("serves the page, its files and the document without logging in, under the app's security headers", async () => {
    for (const url of ["/api/docs", "/api/docs/"]) {
      const page = await t.app.inject({ method: "GET", url });
      expect(page.statusCode).toBe(200);
      expect(page.headers["content-type"]).toMatch(/^text\/html/);
      expect(page.body).toContain("swagger-initializer.js");
      expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(page.headers["x-frame-options"]).toBe("DENY");
    }
    const script = await t.app.inject({ method: "GET", url: "/api/docs/static/swagger-ui-bundle.js" });
    expect(script.statusCode).toBe(200);
    expect(script.headers["content-type"]).toMatch(/javascript/);
    expect(script.body.length).toBeGreaterThan(100_000);
    expect(script.headers["x-content-type-options"]).toBe("nosniff");
    // Compressed by the app, as its other dynamic answers.
    const css = await t.app.inject({ method: "GET", url: "/api/docs/static/swagger-ui.css", headers: { "accept-encoding": "gzip" } });
    expect(css.headers["content-encoding"]).toBe("gzip");
    const again = await t.app.inject({ method: "GET", url: "/api/docs/static/swagger-ui.css", headers: { "if-none-match": String(css.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });

  it("shows the same OpenAPI document as /api/openapi.json, as JSON and YAML", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const shown = await t.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual(doc);
    const yaml = await t.app.inject({ method: "GET", url: "/api/docs/yaml" });
    expect(yaml.headers["content-type"]).toMatch(/^application\/x-yaml/);
    expect(yaml.body).toContain("/api/workspaces/{workspaceId}/members:");
    // The docs' own addresses stay out of the document.
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/api/docs"))).toEqual([]);
  });

  it("redirects, answers HEAD, and gives the app's JSON 404 for what it does not have", async () => {
    const redirect = await t.app.inject({ method: "GET", url: "/api/docs/static/index.html" });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe("/api/docs/");
    const head = await t.app.inject({ method: "HEAD", url: "/api/docs/" });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe("");
    for (const url of ["/api/docs/static/missing.js", "/api/docs/nothing", "/api/docs/static/../../package.json", "/api/docs/static/%2e%2e/%2e%2e/package.json"]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe("request.not_found");
    }
    // State-changing methods are refused as before (CSRF first).
    expect((await t.app.inject({ method: "POST", url: "/api/docs/", payload: {} })).statusCode).toBe(403);
  });
});
