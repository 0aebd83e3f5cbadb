import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspace } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const SCRIPT = `export const greeting = ${JSON.stringify("hello ".repeat(400))};\n`;
const SECRET = "secret outside the web app's folder";

/** A built web app as Vite leaves it: index.html, hashed files with brotli and gzip copies, a source map. */
function fakeWebDist(): { root: string; dist: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-web-"));
  const dist = path.join(root, "dist");
  fs.mkdirSync(path.join(dist, "assets"), { recursive: true });
  fs.writeFileSync(path.join(dist, "index.html"), '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>');
  fs.writeFileSync(path.join(dist, "favicon.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(dist, "manifest.webmanifest"), JSON.stringify({ name: "Socialplan", start_url: "/" }));
  fs.writeFileSync(path.join(dist, "assets/app-abc123.js"), SCRIPT);
  fs.writeFileSync(path.join(dist, "assets/app-abc123.js.br"), zlib.brotliCompressSync(SCRIPT));
  fs.writeFileSync(path.join(dist, "assets/app-abc123.js.gz"), zlib.gzipSync(SCRIPT));
  fs.writeFileSync(path.join(dist, "assets/app-abc123.js.map"), JSON.stringify({ version: 3, sources: ["src/app.ts"], mappings: "" }));
  fs.writeFileSync(path.join(dist, "assets/style-def456.css"), "body{margin:0}");
  fs.writeFileSync(path.join(root, "secret.txt"), SECRET);
  // What a build never holds, but a folder might: a dot file, links to a file and to a folder outside it.
  fs.writeFileSync(path.join(dist, ".env"), SECRET);
  fs.symlinkSync(path.join(root, "secret.txt"), path.join(dist, "leak.txt"));
  fs.symlinkSync(root, path.join(dist, "outside"));
  return { root, dist };
}

function expectSecurityHeaders(res: LightMyRequestResponse) {
  const csp = String(res.headers["content-security-policy"]);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(res.headers["x-frame-options"]).toBe("DENY");
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["referrer-policy"]).toBe("same-origin");
  expect(res.headers["strict-transport-security"]).toBeUndefined();
}

/** A GET with the request target sent byte for byte (fetch and inject would normalise it first). */
function rawGet(port: number, target: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(`GET ${target} HTTP/1.1\r\nHost: socialplan.test\r\nConnection: close\r\n\r\n`));
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("end", () => {
      const [head = "", ...rest] = text.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), contentType: /content-type: ([^\r]*)/i.exec(head)?.[1] ?? "", body: rest.join("\r\n\r\n") });
    });
  });
}

const isJson404 = (res: LightMyRequestResponse) => res.statusCode === 404 && String(res.headers["content-type"]).startsWith("application/json");

for (const dialect of DIALECTS) {
  describe(`security headers, caching and compression [${dialect}]`, () => {
    let t: TestApp;
    let web: ReturnType<typeof fakeWebDist>;
    let port: number;
    beforeAll(async () => {
      web = fakeWebDist();
      t = await createTestApp(dialect, { env: { WEB_DIST: web.dist } });
      // Listening too, for the tests that need a real socket.
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      port = (t.app.server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await t.close();
      fs.rmSync(web.root, { recursive: true, force: true });
    });

    it("sends the policy headers with the app's page, its files, API answers and API errors", async () => {
      const page = await t.app.inject({ url: "/w/123/board" });
      expect(page.statusCode).toBe(200);
      expect(page.headers["content-type"]).toContain("text/html");
      expectSecurityHeaders(page);
      expectSecurityHeaders(await t.app.inject({ url: "/assets/app-abc123.js" }));
      expectSecurityHeaders(await t.app.inject({ url: "/api/health" }));
      const missing = await t.app.inject({ url: "/api/no-such-thing" });
      expect(isJson404(missing)).toBe(true);
      expectSecurityHeaders(missing);
      const forged = await t.app.inject({ method: "POST", url: "/api/workspaces", payload: {} });
      expect(forged.statusCode).toBe(403);
      expectSecurityHeaders(forged);
    });

    it("keeps hashed files for a year and has index.html checked on every load", async () => {
      const script = await t.app.inject({ url: "/assets/app-abc123.js" });
      expect(script.statusCode).toBe(200);
      expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(script.headers["content-type"]).toContain("javascript");
      for (const url of ["/", "/login", "/index.html", "/w/123/board"]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers["cache-control"], url).toBe("no-cache");
        expect(res.body, url).toContain('<div id="root">');
      }
      expect((await t.app.inject({ url: "/favicon.svg" })).headers["cache-control"]).toBe("no-cache");
    });

    it("serves the web app's manifest as one, and a review link whose signature looks like an extension as the app", async () => {
      expect((await t.app.inject({ url: "/manifest.webmanifest" })).headers["content-type"]).toMatch(/^application\/manifest\+json/);
      for (const url of ["/review/0190a2b4-0000-7000-8000-000000000000.1767225600.AbC123xyz", "/review/0190a2b4-0000-7000-8000-000000000000.1767225600.a-b_c"]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toContain('<div id="root">');
      }
    });

    it("sends the brotli or gzip copy made at build time, as the browser accepts", async () => {
      const br = await t.app.inject({ url: "/assets/app-abc123.js", headers: { "accept-encoding": "gzip, deflate, br" } });
      expect(br.headers["content-encoding"]).toBe("br");
      expect(br.headers.vary).toContain("accept-encoding");
      expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
      const gz = await t.app.inject({ url: "/assets/app-abc123.js", headers: { "accept-encoding": "gzip" } });
      expect(gz.headers["content-encoding"]).toBe("gzip");
      expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
      const plain = await t.app.inject({ url: "/assets/app-abc123.js", headers: { "accept-encoding": "identity" } });
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.body).toBe(SCRIPT);
      // The copies are served in place of their original, never under their own names.
      expect(isJson404(await t.app.inject({ url: "/assets/app-abc123.js.br" }))).toBe(true);
    });

    it("compresses API answers of a kilobyte or more, and leaves small ones as they are", async () => {
      const big = await t.app.inject({ url: "/api/openapi.json", headers: { "accept-encoding": "br" } });
      expect(big.statusCode).toBe(200);
      expect(big.headers["content-encoding"]).toBe("br");
      expect(JSON.parse(zlib.brotliDecompressSync(big.rawPayload).toString()).openapi).toMatch(/^3\./);
      const gz = await t.app.inject({ url: "/api/openapi.json", headers: { "accept-encoding": "gzip" } });
      expect(gz.headers["content-encoding"]).toBe("gzip");
      const small = await t.app.inject({ url: "/api/health", headers: { "accept-encoding": "br, gzip" } });
      expect(small.headers["content-encoding"]).toBeUndefined();
    });

    it("does not serve source maps unless told to", async () => {
      expect(isJson404(await t.app.inject({ url: "/assets/app-abc123.js.map" }))).toBe(true);
    });

    it("answers a missing file with a 404, not the app", async () => {
      for (const url of ["/assets/app-old999.js", "/assets/missing.css", "/robots.txt"]) expect(isJson404(await t.app.inject({ url })), url).toBe(true);
    });

    it("never answers an API address with the app's page, however it is spelled", async () => {
      // Over a real socket: the request target reaches the server exactly as written.
      expect(await rawGet(port, "/w/123/board")).toMatchObject({ status: 200, contentType: expect.stringContaining("text/html") });
      for (const target of ["/api", "/api/", "/api/x", "//api/x", "///api/x", "/API/x", "/Api/workspaces", "/%61pi/x", "/%41PI/x", "/%2561pi/x", "/./api/x", "/x/../api/x", "/%2e/api/x", "/api%2Fx", "/%2fapi/x", "/\\api/x", "/%5Capi/x", "http://socialplan.test//api/x", "/api;x=1/x", "http:/api/x", "http:api/x", "/api/x%zz", "*"]) {
        const res = await rawGet(port, target);
        expect(res.status, target).not.toBe(200);
        expect(res.body, target).not.toContain('<div id="root">');
        expect(res.contentType, target).toContain("application/json");
      }
    });

    it("answers what the router or Node's parser cannot read in our error shape, with the policy headers, and closes", async () => {
      for (const target of ["/api/%zz", "/api/workspaces/%E0%A4%A/members", "http:/api/x"]) {
        const res = await new Promise<string>((resolve, reject) => {
          const socket = net.connect(port, "127.0.0.1", () => socket.write(`GET ${target} HTTP/1.1\r\nHost: socialplan.test\r\nConnection: close\r\n\r\n`));
          let text = "";
          socket.on("data", (chunk) => (text += chunk.toString("latin1")));
          socket.on("error", reject);
          socket.on("close", () => resolve(text));
        });
        const [head = "", body = ""] = res.split("\r\n\r\n");
        expect(head, target).toMatch(/^HTTP\/1\.1 (400|414) /);
        expect(head.toLowerCase(), target).toContain("x-content-type-options: nosniff");
        expect(head.toLowerCase(), target).toContain("frame-ancestors 'none'");
        expect(JSON.parse(body).error.code, target).toBe("request.bad_address");
      }
    });

    it("serves nothing from outside the web app's folder", async () => {
      for (const url of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/..%5csecret.txt", "/assets/%252e%252e/%252e%252e/secret.txt"]) {
        expect((await rawGet(port, url)).body, url).not.toContain(SECRET);
      }
    });

    it("serves only the folder's own regular files, by their exact names, with ranges, HEAD and revalidation", async () => {
      const page = (res: { status: number; body: string }) => res.status === 200 && res.body.includes('<div id="root">');
      const json404 = (res: { status: number; contentType: string }) => res.status === 404 && res.contentType.startsWith("application/json");
      // Links and dot files are never served, neither is anything under a linked folder.
      for (const url of ["/leak.txt", "/outside/secret.txt", "/outside/dist/index.html", "/.env", "/%2eenv"]) {
        const res = await rawGet(port, url);
        expect(res.body, url).not.toContain(SECRET);
        expect(json404(res), url).toBe(true);
      }
      // A name is matched as written: case, doubled or encoded slashes, dot segments and NUL find no file.
      for (const url of ["/ASSETS/app-abc123.js", "/assets/APP-abc123.js", "/Index.html", "/INDEX.HTML", "//assets/app-abc123.js", "/assets//app-abc123.js", "/assets%2Fapp-abc123.js", "/assets%2fapp-abc123.js", "/assets/%2e%2e/index.html", "/assets/../index.html", "/x/../favicon.svg", `/assets/${"b".repeat(5000)}.js`]) {
        expect(json404(await rawGet(port, url)), url).toBe(true);
      }
      // Percent-encoded letters and a query are the same file, as before.
      for (const url of ["/assets/%61pp-abc123.js", "/assets/app-abc123%2ejs", "/assets/app-abc123.js?v=2"]) {
        const res = await rawGet(port, url);
        expect(res.status, url).toBe(200);
        expect(res.body, url).toBe(SCRIPT);
      }
      // A folder, a file's name with a slash after it, a NUL and a very long path are addresses of the app, as before.
      for (const url of ["/assets", "/assets/", "/assets/app-abc123.js/", "/assets/app-abc123.js%00", "/%00", `/${"a".repeat(3000)}`]) {
        expect(page(await rawGet(port, url)), url).toBe(true);
      }
      const script = await t.app.inject({ url: "/assets/app-abc123.js", headers: { "accept-encoding": "identity" } });
      const head = await t.app.inject({ method: "HEAD", url: "/assets/app-abc123.js", headers: { "accept-encoding": "identity" } });
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe("");
      expect(head.headers["content-length"]).toBe(String(SCRIPT.length));
      expect(head.headers.etag).toBe(script.headers.etag);
      expect(head.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expectSecurityHeaders(head);
      const headBr = await t.app.inject({ method: "HEAD", url: "/assets/app-abc123.js", headers: { "accept-encoding": "br" } });
      expect(headBr.headers["content-encoding"]).toBe("br");
      expect(headBr.headers["content-length"]).toBe(String(fs.statSync(path.join(web.dist, "assets/app-abc123.js.br")).size));
      const pageHead = await t.app.inject({ method: "HEAD", url: "/w/123/board" });
      expect(pageHead.statusCode).toBe(200);
      expect(pageHead.headers["cache-control"]).toBe("no-cache");
      expect(pageHead.body).toBe("");
      const range = await t.app.inject({ url: "/assets/app-abc123.js", headers: { range: "bytes=0-9", "accept-encoding": "identity" } });
      expect(range.statusCode).toBe(206);
      expect(range.headers["content-range"]).toBe(`bytes 0-9/${SCRIPT.length}`);
      expect(range.body).toBe(SCRIPT.slice(0, 10));
      expect(script.headers.etag).toBeTruthy();
      expect(script.headers["last-modified"]).toBeTruthy();
      const revalidated = await t.app.inject({ url: "/assets/app-abc123.js", headers: { "if-none-match": String(script.headers.etag) } });
      expect(revalidated.statusCode).toBe(304);
      expect(revalidated.body).toBe("");
      expectSecurityHeaders(revalidated);
      // The files are read when they are asked for: a rewritten file is served as it is now.
      fs.writeFileSync(path.join(web.dist, "favicon.svg"), '<svg xmlns="http://www.w3.org/2000/svg" id="new"/>');
      expect((await t.app.inject({ url: "/favicon.svg" })).body).toContain('id="new"');
    });

    it("sends an asset's file as it is stored, with its length and its own stricter policy", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const bytes = await photo(300, 200);
      const upload = await owner.client.upload(`/api/workspaces/${workspace.id}/assets?name=shop.jpg`, bytes);
      expect(upload.statusCode, upload.body).toBe(201);
      const res = await fetch(`http://127.0.0.1:${port}/api/workspaces/${workspace.id}/assets/${upload.json().asset.id}/file`, {
        headers: { cookie: owner.client.cookieHeaderValue(), "accept-encoding": "br, gzip" },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-encoding")).toBeNull();
      expect(res.headers.get("content-length")).toBe(String(bytes.length));
      expect(res.headers.get("content-security-policy")).toContain("sandbox");
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    });

    it("keeps streaming server-sent events, uncompressed, to a browser that accepts compression", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const controller = new AbortController();
      const res = await fetch(`http://127.0.0.1:${port}/api/workspaces/${workspace.id}/events`, {
        headers: { cookie: owner.client.cookieHeaderValue(), "accept-encoding": "br, gzip" },
        signal: controller.signal,
      });
      expect(res.headers.get("content-type")).toContain("text/event-stream");
      expect(res.headers.get("content-encoding")).toBeNull();
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const reader = res.body!.getReader();
      const started = Date.now();
      await owner.client.post(`/api/workspaces/${workspace.id}/board/cards`, { title: "Live" });
      let text = "";
      while (!text.includes("event: board")) text += new TextDecoder().decode((await reader.read()).value);
      expect(Date.now() - started).toBeLessThan(2000);
      controller.abort();
    });
  });

  describe(`source maps and HSTS by setting [${dialect}]`, () => {
    let web: ReturnType<typeof fakeWebDist>;
    beforeAll(() => {
      web = fakeWebDist();
    });
    afterAll(() => fs.rmSync(web.root, { recursive: true, force: true }));

    it("serves source maps with SERVE_SOURCE_MAPS=true", async () => {
      const t = await createTestApp(dialect, { env: { WEB_DIST: web.dist, SERVE_SOURCE_MAPS: "true" } });
      try {
        const res = await t.app.inject({ url: "/assets/app-abc123.js.map" });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ version: 3 });
      } finally {
        await t.close();
      }
    });

    it("sends HSTS only for a request that came over https through a trusted proxy", async () => {
      const trusting = await createTestApp(dialect, { env: { WEB_DIST: web.dist, TRUST_PROXY: "true" } });
      const direct = await createTestApp(dialect, { env: { WEB_DIST: web.dist } });
      try {
        for (const url of ["/", "/api/health", "/assets/app-abc123.js"]) {
          const https = await trusting.app.inject({ url, headers: { "x-forwarded-proto": "https" } });
          expect(https.headers["strict-transport-security"], url).toBe("max-age=31536000");
          expect((await trusting.app.inject({ url, headers: { "x-forwarded-proto": "http" } })).headers["strict-transport-security"], url).toBeUndefined();
          expect((await trusting.app.inject({ url })).headers["strict-transport-security"], url).toBeUndefined();
          // Without TRUST_PROXY the header is anyone's to send, so it changes nothing.
          expect((await direct.app.inject({ url, headers: { "x-forwarded-proto": "https" } })).headers["strict-transport-security"], url).toBeUndefined();
        }
      } finally {
        await trusting.close();
        await direct.close();
      }
    });
  });
}
