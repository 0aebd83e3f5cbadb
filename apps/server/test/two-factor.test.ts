import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "./helpers/client.ts";
import { addMember, buildUser, buildWorkspace, PASSWORD, type TestUser } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const codeAt = (secret: string, date: Date) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: date.getTime() });

for (const dialect of DIALECTS) {
  describe(`two-factor authentication [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    async function enrol(u: TestUser) {
      const setup = await u.client.post("/api/auth/2fa/setup");
      expect(setup.statusCode).toBe(200);
      const { secret, otpauthUrl, qrDataUrl } = setup.json();
      expect(otpauthUrl).toContain("otpauth://totp/Socialplan");
      expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
      const enable = await u.client.post("/api/auth/2fa/enable", { code: codeAt(secret, t.clock.now()) });
      expect(enable.statusCode, enable.body).toBe(200);
      t.clock.advance(30);
      return { secret: secret as string, recoveryCodes: enable.json().recoveryCodes as string[] };
    }

    it("enrols with a typed code, gives ten recovery codes and keeps the secret encrypted", async () => {
      const u = await buildUser(t.app);
      const wrong = await u.client.post("/api/auth/2fa/setup").then(() => u.client.post("/api/auth/2fa/enable", { code: "000000" }));
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.fields[0].field).toBe("code");
      const { secret, recoveryCodes } = await enrol(u);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      const row = await t.deps.db.selectFrom("users").select("totp_secret").where("id", "=", u.user.id).executeTakeFirstOrThrow();
      expect(row.totp_secret).toMatch(/^v1:/);
      expect(row.totp_secret).not.toContain(secret);
      expect((await u.client.get("/api/auth/me")).json().twoFactorEnabled).toBe(true);
    });

    it("requires the code at login, refuses a wrong or replayed code, accepts the current one", async () => {
      const u = await buildUser(t.app);
      const { secret } = await enrol(u);
      const client = new TestClient(t.app);
      const first = await client.post("/api/auth/login", { email: u.email, password: PASSWORD });
      expect(first.json()).toEqual({ twoFactorRequired: true });
      expect(client.hasCookie("sp_session")).toBe(false);
      expect((await client.post("/api/auth/login", { email: u.email, password: PASSWORD, code: "123456" })).statusCode).toBe(401);
      const code = codeAt(secret, t.clock.now());
      const ok = await client.post("/api/auth/login", { email: u.email, password: PASSWORD, code });
      expect(ok.statusCode).toBe(200);
      const replay = await new TestClient(t.app).post("/api/auth/login", { email: u.email, password: PASSWORD, code });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error.code).toBe("auth.invalid_code");
    });

    it("accepts each recovery code once", async () => {
      const u = await buildUser(t.app);
      const { recoveryCodes } = await enrol(u);
      const login = (recoveryCode: string) => new TestClient(t.app).post("/api/auth/login", { email: u.email, password: PASSWORD, recoveryCode });
      expect((await login(recoveryCodes[0]!.toUpperCase())).statusCode).toBe(200);
      const again = await login(recoveryCodes[0]!);
      expect(again.statusCode).toBe(401);
      expect(again.json().error.code).toBe("auth.invalid_recovery_code");
    });

    it("turns off only with both the password and a current code", async () => {
      const u = await buildUser(t.app);
      const { secret } = await enrol(u);
      const noPassword = await u.client.post("/api/auth/2fa/disable", { password: "wrong-password", code: codeAt(secret, t.clock.now()) });
      expect(noPassword.statusCode).toBe(400);
      expect(noPassword.json().error.fields[0].field).toBe("password");
      const noCode = await u.client.post("/api/auth/2fa/disable", { password: PASSWORD, code: "000000" });
      expect(noCode.statusCode).toBe(400);
      const ok = await u.client.post("/api/auth/2fa/disable", { password: PASSWORD, code: codeAt(secret, t.clock.now()) });
      expect(ok.statusCode).toBe(200);
      expect((await new TestClient(t.app).post("/api/auth/login", { email: u.email, password: PASSWORD })).json().user).toBeDefined();
    });

    it("lets an owner with 2FA require it of every member; members without it are stopped until they enrol", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const before = await owner.client.patch(`/api/workspaces/${workspace.id}`, { requireTwoFactor: true });
      expect(before.statusCode).toBe(400);
      expect(before.json().error.code).toBe("validation.failed");
      expect(before.json().error.fields[0].code).toBe("workspace.owner_needs_two_factor");
      const { secret } = await enrol(owner);
      const admin = await addMember(t.app, owner, workspace.id, "admin");
      expect((await admin.client.patch(`/api/workspaces/${workspace.id}`, { requireTwoFactor: true })).statusCode).toBe(403);
      expect((await owner.client.patch(`/api/workspaces/${workspace.id}`, { requireTwoFactor: true })).json().requireTwoFactor).toBe(true);
      const blocked = await admin.client.get(`/api/workspaces/${workspace.id}/members`);
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error.code).toBe("workspace.two_factor_required");
      await enrol(admin);
      expect((await admin.client.get(`/api/workspaces/${workspace.id}/members`)).statusCode).toBe(200);
      const refuse = await owner.client.post("/api/auth/2fa/disable", { password: PASSWORD, code: codeAt(secret, t.clock.now()) });
      expect(refuse.statusCode).toBe(409);
    });
  });
}
