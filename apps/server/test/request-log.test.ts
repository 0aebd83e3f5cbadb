import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createServer } from "../src/server.ts";
import { TestClient } from "./helpers/client.ts";
import { buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { createStore, DIALECTS, TestClock, type TestDialect } from "./helpers/test-app.ts";

// A request is "slow" past LOG_SLOW_MS; the test route below waits well past it, every other request stays far under.
const SLOW_MS = 300;
const SLOW_ROUTE_WAIT_MS = SLOW_MS + 150;

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  err?: { message: string; stack: string };
}

/** The app with the production logger at info (as LOG_LEVEL's default), its lines captured, and two test routes. */
async function loggedApp(dialect: TestDialect, env: Record<string, string> = {}) {
  const store = await createStore(dialect);
  const config = loadConfig({
    DATA_DIR: store.dataDir,
    ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
    APP_URL: "http://socialplan.test",
    WEB_DIST: path.join(store.dataDir, "no-web"),
    LOG_SLOW_MS: String(SLOW_MS),
    ...env,
  });
  const lines: string[] = [];
  const logger = { level: "info", stream: { write: (line: string) => void lines.push(line) } };
  const { app } = await createServer(config, { clock: new TestClock().now, logger });
  app.get("/api/test/slow", { config: { public: true } }, async () => {
    await new Promise((r) => setTimeout(r, SLOW_ROUTE_WAIT_MS));
    return { ok: true };
  });
  app.get("/api/test/broken", { config: { public: true } }, async () => {
    throw new Error("the test route broke");
  });
  await app.ready();
  const read = () => lines.map((l) => JSON.parse(l) as LogLine);
  /** The lines of the requests to `url` (by request id: lines a request writes itself carry no address). */
  const linesOf = (url: string) => {
    const all = read();
    const ids = new Set(all.filter((l) => l.req?.url === url).map((l) => l.reqId));
    return all.filter((l) => l.reqId !== undefined && ids.has(l.reqId));
  };
  return {
    app,
    lines,
    read,
    linesOf,
    close: async () => {
      await app.close();
      await store.drop();
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`request log [${dialect}]`, () => {
    describe("by default (LOG_REQUESTS=slow)", () => {
      let t: Awaited<ReturnType<typeof loggedApp>>;
      let owner: TestUser;
      let workspaceId: string;
      beforeAll(async () => {
        t = await loggedApp(dialect);
        ({ owner, workspace: { id: workspaceId } } = await buildWorkspace(t.app));
      });
      afterAll(() => t.close());

      it("writes no line for a fast successful request", async () => {
        const url = `/api/workspaces/${workspaceId}`;
        expect((await owner.client.get(url)).statusCode).toBe(200);
        expect((await owner.client.get("/api/auth/me")).statusCode).toBe(200);
        expect(t.linesOf(url)).toEqual([]);
        expect(t.linesOf("/api/auth/me")).toEqual([]);
        expect(t.lines.join("")).not.toContain("incoming request");
      });

      it("logs a slow request once, at warn, with its time, address, status and request id", async () => {
        const res = await t.app.inject({ method: "GET", url: "/api/test/slow" });
        expect(res.statusCode).toBe(200);
        const lines = t.linesOf("/api/test/slow");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({ level: 40, msg: "slow request", req: { method: "GET", url: "/api/test/slow" }, res: { statusCode: 200 } });
        expect(lines[0]!.responseTime).toBeGreaterThanOrEqual(SLOW_ROUTE_WAIT_MS - 1);
        expect(lines[0]!.reqId).toEqual(expect.any(String));
      });

      it("logs a 5xx at error, beside the handler's own line with the stack under the same request id", async () => {
        const res = await t.app.inject({ method: "GET", url: "/api/test/broken" });
        expect(res.statusCode).toBe(500);
        const lines = t.linesOf("/api/test/broken");
        expect(lines.map((l) => [l.level, l.msg])).toEqual(
          expect.arrayContaining([
            [50, "request failed"],
            [50, "request completed"],
          ]),
        );
        expect(new Set(lines.map((l) => l.reqId)).size).toBe(1);
        expect(lines.find((l) => l.msg === "request failed")?.err?.stack).toContain("the test route broke");
        expect(lines.find((l) => l.msg === "request completed")?.res?.statusCode).toBe(500);
      });

      it("logs refused requests (401, 403, 404) at info, as before", async () => {
        const anonymous = new TestClient(t.app);
        expect((await anonymous.get(`/api/workspaces/${workspaceId}`)).statusCode).toBe(401);
        const forged = await t.app.inject({ method: "POST", url: "/api/workspaces", headers: { cookie: owner.client.cookieHeaderValue(), "content-type": "application/json" }, payload: "{}" });
        expect(forged.statusCode).toBe(403);
        const other = "00000000-0000-4000-8000-000000000000";
        expect((await owner.client.get(`/api/workspaces/${other}`)).statusCode).toBe(404);
        const statuses = t
          .read()
          .filter((l) => l.msg === "request completed" && l.level === 30)
          .map((l) => [l.req?.url, l.res?.statusCode]);
        expect(statuses).toEqual(
          expect.arrayContaining([
            [`/api/workspaces/${workspaceId}`, 401],
            ["/api/workspaces", 403],
            [`/api/workspaces/${other}`, 404],
          ]),
        );
      });

      it("redacts credentials in the logged address of a refused request", async () => {
        await t.app.inject({ method: "GET", url: "/api/nothing-here?code=sign-in-code-123&state=state-456" });
        const text = t.lines.join("\n");
        expect(text).toContain("/api/nothing-here?code=[redacted]&state=[redacted]");
        expect(text).not.toContain("sign-in-code-123");
        expect(text).not.toContain("state-456");
      });
    });

    describe("LOG_REQUESTS=all", () => {
      let t: Awaited<ReturnType<typeof loggedApp>>;
      beforeAll(async () => {
        t = await loggedApp(dialect, { LOG_REQUESTS: "all" });
      });
      afterAll(() => t.close());

      it("logs every request, fast successful ones too, on arrival and on completion", async () => {
        const { owner, workspace } = await buildWorkspace(t.app);
        const url = `/api/workspaces/${workspace.id}`;
        expect((await owner.client.get(url)).statusCode).toBe(200);
        const lines = t.linesOf(url);
        expect(lines.map((l) => l.msg)).toEqual(["incoming request", "request completed"]);
        expect(lines[1]).toMatchObject({ level: 30, res: { statusCode: 200 } });
      });
    });

    describe("LOG_REQUESTS=errors and off", () => {
      let errorsOnly: Awaited<ReturnType<typeof loggedApp>>;
      let off: Awaited<ReturnType<typeof loggedApp>>;
      beforeAll(async () => {
        errorsOnly = await loggedApp(dialect, { LOG_REQUESTS: "errors" });
        off = await loggedApp(dialect, { LOG_REQUESTS: "off" });
      });
      afterAll(async () => {
        await errorsOnly.close();
        await off.close();
      });

      it("errors: logs failed requests but not slow successful ones", async () => {
        await errorsOnly.app.inject({ method: "GET", url: "/api/test/slow" });
        await errorsOnly.app.inject({ method: "GET", url: "/api/test/broken" });
        expect(errorsOnly.linesOf("/api/test/slow")).toEqual([]);
        expect(errorsOnly.linesOf("/api/test/broken").map((l) => l.msg)).toEqual(expect.arrayContaining(["request failed", "request completed"]));
      });

      it("off: writes no request line, but a 5xx still leaves its error with the stack and request id", async () => {
        await off.app.inject({ method: "GET", url: "/api/nothing-here" });
        await off.app.inject({ method: "GET", url: "/api/test/broken" });
        const lines = off.read();
        expect(lines.filter((l) => l.msg === "request completed" || l.msg === "incoming request")).toEqual([]);
        const failed = lines.filter((l) => l.msg === "request failed");
        expect(failed).toHaveLength(1);
        expect(failed[0]).toMatchObject({ level: 50, reqId: expect.any(String), err: { message: "the test route broke" } });
      });
    });

    it("refuses an unknown LOG_REQUESTS value at start", () => {
      expect(() => loadConfig({ LOG_REQUESTS: "verbose" })).toThrow(/LOG_REQUESTS must be all, slow, errors or off/);
      expect(() => loadConfig({ LOG_SLOW_MS: "0" })).toThrow(/LOG_SLOW_MS/);
    });
  });
}
