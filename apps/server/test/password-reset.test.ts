import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import { TestClient } from "./helpers/client.ts";
import { buildUser, PASSWORD } from "./helpers/factories.ts";
import { useAppWithSmtp } from "./helpers/smtp.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`forgotten password [${dialect}]`, () => {
    const env = useAppWithSmtp(dialect);

    it("emails a reset link in the user's language; the link works once and ends old sessions", async () => {
      const u = await buildUser(env.t.app, { locale: "ko" });
      const anon = new TestClient(env.t.app);
      expect((await anon.get("/api/config")).json().emailEnabled).toBe(true);
      expect((await anon.post("/api/auth/password-reset/request", { email: u.email })).statusCode).toBe(202);
      const mail = env.smtp.inbox.find((m) => m.to && JSON.stringify(m.to).includes(u.email));
      expect(mail?.subject).toBe("Socialplan 비밀번호 재설정");
      const token = /reset-password\?token=([\w-]+)/.exec(mail?.text ?? "")?.[1];
      expect(token).toBeDefined();
      const confirm = await anon.post("/api/auth/password-reset/confirm", { token, password: "brand new password" });
      expect(confirm.statusCode).toBe(200);
      expect((await u.client.get("/api/auth/me")).statusCode).toBe(401);
      expect((await anon.post("/api/auth/login", { email: u.email, password: "brand new password" })).statusCode).toBe(200);
      const reuse = await anon.post("/api/auth/password-reset/confirm", { token, password: "another password" });
      expect(reuse.statusCode).toBe(400);
      expect(reuse.json().error.code).toBe("auth.reset_invalid");
    });

    it("answers an unknown address the same way and sends nothing", async () => {
      const before = env.smtp.inbox.length;
      const res = await new TestClient(env.t.app).post("/api/auth/password-reset/request", { email: "ghost@example.com" });
      expect(res.statusCode).toBe(202);
      expect(env.smtp.inbox.length).toBe(before);
    });

    it("refuses an expired link", async () => {
      const u = await buildUser(env.t.app);
      await new TestClient(env.t.app).post("/api/auth/password-reset/request", { email: u.email });
      const token = /token=([\w-]+)/.exec(env.smtp.inbox.at(-1)?.text ?? "")?.[1];
      env.t.clock.advance(3601);
      const res = await new TestClient(env.t.app).post("/api/auth/password-reset/confirm", { token, password: "too late password" });
      expect(res.statusCode).toBe(400);
    });
  });

  describe(`password reset while the mail server is down [${dialect}]`, () => {
    it("answers as usual and logs the failure for the operator", async () => {
      const logLines: string[] = [];
      const t = await createTestApp(dialect, { env: { SMTP_URL: "smtp://127.0.0.1:1" }, logLines });
      try {
        const u = await buildUser(t.app);
        const res = await new TestClient(t.app).post("/api/auth/password-reset/request", { email: u.email });
        expect(res.statusCode).toBe(202);
        expect(logLines.map((l) => JSON.parse(l)).some((l) => l.event === "mail.failed")).toBe(true);
      } finally {
        await t.close();
      }
    });
  });

  describe(`password reset without email [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("says that email is off and points to the administrator", async () => {
      const client = new TestClient(t.app);
      expect((await client.get("/api/config")).json().emailEnabled).toBe(false);
      const res = await client.post("/api/auth/password-reset/request", { email: "x@example.com" });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe("auth.email_disabled");
    });

    it("lets an administrator reset a password from the command line", async () => {
      const u = await buildUser(t.app);
      const lines: string[] = [];
      const out = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) } as unknown as Console;
      const env = { DATA_DIR: t.config.dataDir, ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) };
      // The session has been read (and, on SQLite, cached) before another connection ends it.
      expect((await u.client.get("/api/auth/me")).statusCode).toBe(200);
      expect(await runCli(["reset-password", u.email], env, out)).toBe(0);
      const generated = /: (\S+)\n/.exec(lines.join("\n"))?.[1];
      expect(generated).toBeDefined();
      expect((await u.client.get("/api/auth/me")).statusCode).toBe(401);
      expect((await new TestClient(t.app).post("/api/auth/login", { email: u.email, password: generated })).statusCode).toBe(200);
      expect((await new TestClient(t.app).post("/api/auth/login", { email: u.email, password: PASSWORD })).statusCode).toBe(401);
      expect(await runCli(["reset-password", "nobody@example.com", "whatever long"], env, out)).toBe(1);
      expect(await runCli([], env, out)).toBe(2);
    });
  });
}
