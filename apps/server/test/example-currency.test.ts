import type { Entry } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleAmount } from "../src/features/strategy/example-content.ts";
import { buildUser, buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

describe("the worked example's amounts", () => {
  it("are the Korean shop's won prices in won, and sensible prices in a currency with cents or without", () => {
    expect(exampleAmount(38_000, "KRW")).toBe(38_000);
    expect(exampleAmount(38_000, "USD")).toBe(3_800); // $38.00
    expect(exampleAmount(38_000, "EUR")).toBe(3_800);
    expect(exampleAmount(38_000, "JPY")).toBe(3_800); // ¥3,800
  });
});

for (const dialect of DIALECTS) {
  describe(`the worked example in the workspace's currency [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("prices a US workspace's example in dollars and writes its budget in dollars, not won", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "en" }), { name: "Portland Candles", timezone: "America/Los_Angeles", currency: "USD" });
      const ws = `/api/workspaces/${workspace.id}`;
      expect((await owner.client.post(`${ws}/strategy/example`, { locale: "en" })).statusCode).toBe(200);
      const entries = (await owner.client.get(`${ws}/strategy`)).json<{ entries: Entry[] }>().entries;
      const mug = entries.find((e) => e.kind === "product" && String(e.data.name).startsWith("Moon mug"))!;
      expect(mug.data).toMatchObject({ price: 3_800, margin: { unit_cost: 1_400 } });
      const outline = entries.find((e) => e.kind === "outline")!;
      expect(outline.data.limits).toContain("a monthly ad budget of about $300.");
      expect(JSON.stringify(entries)).not.toContain("KRW");
    });

    it("keeps won, written the Korean way, in a Korean workspace", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }));
      const ws = `/api/workspaces/${workspace.id}`;
      await owner.client.post(`${ws}/strategy/example`, { locale: "ko" });
      const entries = (await owner.client.get(`${ws}/strategy`)).json<{ entries: Entry[] }>().entries;
      expect(entries.find((e) => e.kind === "outline")!.data.limits).toContain("월 광고 예산 약 30만 원");
      expect(entries.find((e) => e.kind === "product" && String(e.data.name).startsWith("달 머그"))!.data).toMatchObject({ price: 38_000 });
    });
  });
}
