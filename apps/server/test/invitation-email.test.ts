import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, buildWorkspace } from "./helpers/factories.ts";
import { useAppWithSmtp } from "./helpers/smtp.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`emailed invitations [${dialect}]`, () => {
    const env = useAppWithSmtp(dialect);

    it("emails the link, in the workspace's language, to the address the invitation names; the emailed link works", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app, undefined, { name: "서울 캔들", locale: "ko" });
      const res = await owner.client.post(`/api/workspaces/${workspace.id}/invitations`, { role: "editor", email: "Jisoo@Example.com" });
      expect(res.statusCode).toBe(201);
      expect(res.json().emailed).toBe(true);
      const mail = env.smtp.inbox.find((m) => JSON.stringify(m.to).includes("jisoo@example.com"));
      expect(mail?.subject).toContain("서울 캔들");
      expect(mail?.text).toContain("편집자");
      // Until when, in Korean and on the workspace's clock, with the zone named (the invitee may live elsewhere).
      expect(mail?.text).toMatch(/2026년 12월 \d{1,2}일 .*\d{1,2}:\d{2} — Asia\/Seoul \(GMT\+9\)/);
      const token = /\/invite\/([\w-]+)/.exec(mail?.text ?? "")?.[1];
      expect(res.json().url).toContain(token);
      const jisoo = await buildUser(env.t.app, { email: "jisoo@example.com" });
      expect((await jisoo.client.post(`/api/invitations/${token}/accept`)).statusCode).toBe(200);
    });

    it("sends nothing for a link without an address", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const before = env.smtp.inbox.length;
      const res = await owner.client.post(`/api/workspaces/${workspace.id}/invitations`, { role: "viewer" });
      expect(res.json().emailed).toBe(false);
      expect(env.smtp.inbox.length).toBe(before);
    });
  });

  describe(`invitations without email [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("still gives the link to copy and says it was not emailed", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const res = await owner.client.post(`/api/workspaces/${workspace.id}/invitations`, { role: "viewer", email: "x@example.com" });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ emailed: false });
      expect(res.json().url).toMatch(/\/invite\//);
    });
  });
}
