import type { Setup } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`setup checklist [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("lists the guide's six items per channel with reasons, records who ticked them and when, and takes items of the business's own", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko", name: "민지" }));
      const base = `/api/workspaces/${workspace.id}`;
      const channel = (await owner.client.post(`${base}/strategy/collections/channel`, { data: { network: "instagram", handle: "@shop" } })).json();
      let setup = (await owner.client.get(`${base}/setup`)).json<Setup>();
      expect(setup.channels).toHaveLength(1);
      expect(setup.channels[0]!.items.map((i) => i.key)).toEqual(["handle", "links", "two_factor", "business_email", "password", "monthly_billing"]);
      expect(setup.channels[0]!.items[2]).toMatchObject({ label: "2단계 인증 켜기", done: false });
      expect(setup.channels[0]!.items[2]!.reason).toContain("2단계 인증");

      setup = (await owner.client.put(`${base}/setup/${channel.id}/standard/two_factor`, { done: true })).json<Setup>();
      expect(setup.channels[0]!.items[2]).toMatchObject({ done: true, doneBy: "민지", doneAt: expect.any(String) });
      setup = (await owner.client.put(`${base}/setup/${channel.id}/standard/two_factor`, { done: false })).json<Setup>();
      expect(setup.channels[0]!.items[2]).toMatchObject({ done: false, doneBy: null });

      setup = (await owner.client.post(`${base}/setup/${channel.id}/items`, { label: "비즈니스 계정으로 전환" })).json<Setup>();
      const custom = setup.channels[0]!.items.at(-1)!;
      expect(custom).toMatchObject({ key: null, label: "비즈니스 계정으로 전환", done: false });
      setup = (await owner.client.patch(`${base}/setup/items/${custom.id}`, { done: true })).json<Setup>();
      expect(setup.channels[0]!.items.at(-1)!.done).toBe(true);
      setup = (await owner.client.delete(`${base}/setup/items/${custom.id}`)).json<Setup>();
      expect(setup.channels[0]!.items).toHaveLength(6);
    });

    it("refuses channels and items of another workspace", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const other = await buildWorkspace(t.app);
      const channel = (await other.owner.client.post(`/api/workspaces/${other.workspace.id}/strategy/collections/channel`, { data: { network: "x" } })).json();
      const res = await owner.client.put(`/api/workspaces/${workspace.id}/setup/${channel.id}/standard/handle`, { done: true });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("setup.channel_not_found");
    });
  });
}
