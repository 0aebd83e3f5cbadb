import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "./helpers/client.ts";
import { buildUser, PASSWORD } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";
import { LATEST_MIGRATION } from "../src/db/migrate.ts";

for (const dialect of DIALECTS) {
  describe(`accounts [${dialect}]`, () => {
    let t: TestApp;
    const logLines: string[] = [];
    beforeAll(async () => {
      t = await createTestApp(dialect, { logLines });
    });
    afterAll(() => t.close());

    it("signs up, keeps the user logged in with an HttpOnly SameSite cookie, and stores an argon2id hash", async () => {
      const client = new TestClient(t.app);
      const res = await client.post("/api/auth/signup", { email: "Owner@Example.com", password: PASSWORD, name: "Mina" });
      expect(res.statusCode).toBe(201);
      const cookie = res.cookies.find((c) => c.name === "sp_session");
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe("Lax");
      expect(cookie?.secure).toBeFalsy();
      const me = await client.get("/api/auth/me");
      expect(me.json()).toMatchObject({ email: "owner@example.com", name: "Mina", twoFactorEnabled: false });
      const row = await t.deps.db.selectFrom("users").select("password_hash").where("email", "=", "owner@example.com").executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it("marks the cookie Secure when the request came over https through a trusted proxy", async () => {
      const proxied = await createTestApp(dialect, { env: { TRUST_PROXY: "true" } });
      try {
        const client = new TestClient(proxied.app, { "x-forwarded-proto": "https" });
        const res = await client.post("/api/auth/signup", { email: "secure@example.com", password: PASSWORD, name: "S" });
        expect(res.cookies.find((c) => c.name === "sp_session")?.secure).toBe(true);
      } finally {
        await proxied.close();
      }
    });

    it("refuses a second account with the same email, in the user's language", async () => {
      await buildUser(t.app, { email: "taken@example.com" });
      const client = new TestClient(t.app, { "accept-language": "ko-KR,ko;q=0.9" });
      const res = await client.post("/api/auth/signup", { email: "TAKEN@example.com", password: PASSWORD, name: "X" });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toContain("이미");
    });

    it("refuses state-changing requests without the CSRF token", async () => {
      const res = await t.app.inject({ method: "POST", url: "/api/auth/signup", payload: { email: "c@example.com", password: PASSWORD, name: "C" } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("request.csrf");
    });

    it("logs in and out; a logged-out cookie no longer works", async () => {
      const u = await buildUser(t.app);
      const client = new TestClient(t.app);
      const login = await client.post("/api/auth/login", { email: u.email, password: PASSWORD });
      expect(login.statusCode).toBe(200);
      expect(login.json().user.email).toBe(u.email);
      expect((await client.get("/api/auth/me")).statusCode).toBe(200);
      expect((await client.post("/api/auth/logout")).statusCode).toBe(200);
      const after = await client.get("/api/auth/me");
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe("auth.unauthenticated");
    });

    it("lists sessions and revokes another one at once", async () => {
      const u = await buildUser(t.app);
      const laptop = new TestClient(t.app, { "user-agent": "Laptop" });
      await laptop.post("/api/auth/login", { email: u.email, password: PASSWORD });
      const sessions = (await u.client.get("/api/auth/sessions")).json<{ id: string; current: boolean; userAgent: string | null }[]>();
      expect(sessions).toHaveLength(2);
      const other = sessions.find((s) => !s.current)!;
      expect(other.userAgent).toBe("Laptop");
      expect((await u.client.delete(`/api/auth/sessions/${other.id}`)).statusCode).toBe(204);
      expect((await laptop.get("/api/auth/me")).statusCode).toBe(401);
      expect((await u.client.get("/api/auth/me")).statusCode).toBe(200);
      expect((await u.client.delete(`/api/auth/sessions/${other.id}`)).statusCode).toBe(404);
    });

    it("changes the password: the old one stops working and other sessions end", async () => {
      const u = await buildUser(t.app);
      const phone = new TestClient(t.app);
      await phone.post("/api/auth/login", { email: u.email, password: PASSWORD });
      const wrong = await u.client.post("/api/auth/password", { currentPassword: "nope-nope", newPassword: "a new long password" });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.fields[0].field).toBe("currentPassword");
      const ok = await u.client.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: "a new long password" });
      expect(ok.statusCode).toBe(200);
      expect((await phone.get("/api/auth/me")).statusCode).toBe(401);
      expect((await u.client.get("/api/auth/me")).statusCode).toBe(200);
      const old = await new TestClient(t.app).post("/api/auth/login", { email: u.email, password: PASSWORD });
      expect(old.statusCode).toBe(401);
    });

    it("changes the user's language and answers in it", async () => {
      const u = await buildUser(t.app);
      const res = await u.client.patch("/api/auth/me", { locale: "ko" });
      expect(res.json().locale).toBe("ko");
      const bad = await u.client.post("/api/workspaces", { name: "" });
      expect(bad.json().error.message).toBe("이름을(를) 입력하세요.");
    });

    it("locks an account at an address after five failures with 429 and Retry-After, logs it, and unlocks after the lock time", async () => {
      const u = await buildUser(t.app);
      const client = new TestClient(t.app);
      for (let i = 0; i < 5; i++) {
        const res = await client.post("/api/auth/login", { email: u.email, password: "wrong password" });
        expect(res.statusCode).toBe(401);
      }
      const locked = await client.post("/api/auth/login", { email: u.email, password: PASSWORD });
      expect(locked.statusCode).toBe(429);
      expect(Number(locked.headers["retry-after"])).toBeGreaterThan(800);
      expect(locked.json().error.code).toBe("auth.locked");
      const key = `account:${u.email}|address:127.0.0.1`;
      const row = await t.deps.db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirstOrThrow();
      expect(row.locked_until).not.toBeNull();
      const lockout = logLines.map((l) => JSON.parse(l)).find((l) => l.event === "auth.lockout" && l.key === key);
      expect(lockout).toMatchObject({ level: 40, failures: 5 });
      // The owner, elsewhere, is not locked out by a stranger's guesses.
      expect((await loginFrom(u.email, PASSWORD, "203.0.113.9")).statusCode).toBe(200);
      t.clock.advance(15 * 60 + 1);
      expect((await client.post("/api/auth/login", { email: u.email, password: PASSWORD })).statusCode).toBe(200);
    });

    it("counts a burst of parallel guesses one by one: five passwords are checked, the rest refused before any check", async () => {
      const u = await buildUser(t.app);
      const answers = await Promise.all(Array.from({ length: 20 }, () => loginFrom(u.email, "wrong password", "198.51.100.200")));
      const codes = answers.map((r) => r.statusCode).sort();
      expect(codes.filter((c) => c === 401)).toHaveLength(5);
      expect(codes.filter((c) => c === 429)).toHaveLength(15);
      // Even the right password waits out the lock at that address.
      expect((await loginFrom(u.email, PASSWORD, "198.51.100.200")).statusCode).toBe(429);
    });

    it("does not count right passwords from a shared address towards its lock", async () => {
      const users = await Promise.all(Array.from({ length: 3 }, () => buildUser(t.app)));
      for (let round = 0; round < 8; round++) for (const u of users) expect((await loginFrom(u.email, PASSWORD, "198.51.100.201")).statusCode).toBe(200);
    });

    it("locks an account everywhere after fifty failures from many addresses", async () => {
      const u = await buildUser(t.app);
      for (let a = 0; a < 10; a++) for (let i = 0; i < 5; i++) expect((await loginFrom(u.email, "wrong password", `198.51.100.${a + 1}`)).statusCode).toBe(401);
      const res = await loginFrom(u.email, PASSWORD, "203.0.113.77");
      expect(res.statusCode).toBe(429);
      t.clock.advance(15 * 60 + 1);
      expect((await loginFrom(u.email, PASSWORD, "203.0.113.77")).statusCode).toBe(200);
    });

    /** A login from another address (inject's remote address), with a CSRF token of its own. */
    async function loginFrom(email: string, password: string, remoteAddress: string) {
      const c = new TestClient(t.app);
      const csrf = await c.csrfToken();
      return t.app.inject({ method: "POST", url: "/api/auth/login", remoteAddress, headers: { cookie: c.cookieHeaderValue(), "x-csrf-token": csrf, "content-type": "application/json" }, payload: JSON.stringify({ email, password }) });
    }

    it("answers an unknown email exactly like a wrong password", async () => {
      const res = await new TestClient(t.app).post("/api/auth/login", { email: "nobody@example.com", password: "whatever1" });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("auth.invalid_credentials");
    });

    it("reports the database dialect and migration level", async () => {
      const res = await t.app.inject({ method: "GET", url: "/api/health" });
      expect(LATEST_MIGRATION).toMatch(/^\d{4}-/);
      expect(res.json()).toMatchObject({ status: "ok", database: { dialect, migration: LATEST_MIGRATION, upToDate: true } });
    });
  });
}

describe("API documentation", () => {
  it("serves the OpenAPI document and the browsable docs without logging in", async () => {
    const t = await createTestApp("sqlite");
    try {
      const doc = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
      expect(doc.statusCode).toBe(200);
      expect(Object.keys(doc.json().paths)).toContain("/api/workspaces/{workspaceId}/members");
      const docs = await t.app.inject({ method: "GET", url: "/api/docs/" });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers["content-type"]).toMatch(/html/);
    } finally {
      await t.close();
    }
  });
});
