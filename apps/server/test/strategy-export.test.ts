import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, buildWorkspace } from "./helpers/factories.ts";
import { pdfText } from "./helpers/pdf.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

async function docxText(bytes: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
}

for (const dialect of DIALECTS) {
  describe(`strategy export [${dialect}]`, () => {
    let t: TestApp;
    let url: string;
    let client: Awaited<ReturnType<typeof buildUser>>["client"];
    beforeAll(async () => {
      t = await createTestApp(dialect);
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }), { name: "서울 캔들" });
      client = owner.client;
      const base = `/api/workspaces/${workspace.id}/strategy`;
      await client.put(`${base}/sections/company`, { version: 0, data: { name: "서울 캔들 공방", hq: "서울 성수동" } });
      await client.put(`${base}/sections/mission`, { version: 0, data: { business: "손으로 만든 향초로 집을 따뜻하게" } });
      await client.post(`${base}/collections/product`, { data: { name: "라벤더 향초", price: 30000, margin: { unit_cost: 12000 } } });
      url = `${base}/export`;
    });
    afterAll(() => t.close());

    it("exports Markdown with the user's Korean answers under the catalog's Korean questions", async () => {
      const res = await client.get(`${url}?format=md`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toContain("text/markdown");
      expect(res.headers["content-disposition"]).toContain("attachment");
      expect(res.body).toContain("# 서울 캔들 — 소셜 미디어 전략");
      expect(res.body).toContain("**본사는 어디에 있습니까?**\n\n서울 성수동");
      expect(res.body).toContain("마진율 60 %");
      expect(res.body).toContain("아직 답하지 않음");
    });

    it("exports a PDF whose text (Hangul included) can be extracted", async () => {
      const res = await client.get(`${url}?format=pdf`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("application/pdf");
      const text = await pdfText(res.rawPayload);
      expect(text).toContain("서울 캔들 공방");
      expect(text).toContain("손으로 만든 향초로 집을 따뜻하게");
      expect(text).toContain("회사 개요");
    });

    it("exports a DOCX containing the Korean answers, and only the chosen sections", async () => {
      const res = await client.get(`${url}?format=docx&pages=company,products`);
      expect(res.statusCode).toBe(200);
      const text = await docxText(res.rawPayload);
      expect(text).toContain("서울 성수동");
      expect(text).toContain("라벤더 향초");
      expect(text).not.toContain("손으로 만든 향초로");
    });

    it("exports in another language on request and refuses unknown sections", async () => {
      const en = await client.get(`${url}?format=md&locale=en&pages=company`);
      expect(en.body).toContain("**Where is the headquarters?**");
      const bad = await client.get(`${url}?format=md&pages=company,secrets`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields[0].field).toBe("pages");
    });

    it("writes dates in words in the reader's language (the export day on the workspace's clock), never as ISO dates", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "en" }), { name: "Portland Candles", timezone: "America/Los_Angeles", currency: "USD", periodStart: "2026-12" });
      const base = `/api/workspaces/${workspace.id}/strategy`;
      const goal = await owner.client.post(`${base}/collections/goal`, {
        data: { title: "More followers", timebound: { start: "2026-12-01", deadline: "2027-05-31", checkpoints: [{ date: "2026-12-31", target: 600 }] } },
      });
      expect(goal.statusCode, goal.body).toBe(201);
      await owner.client.post(`${base}/collections/review`, { data: { date: "2027-01-04" } });
      const md = (await owner.client.get(`${base}/export?format=md&locale=en`)).body;
      // The test clock says 2026-11-26 09:00 UTC: 01:00 that morning in Los Angeles.
      expect(md).toContain("Exported on 26 November 2026");
      expect(md).toContain("1 Dec 2026 to 31 May 2027");
      expect(md).toContain("31 Dec 2026");
      expect(md).toContain("4 January 2027");
      expect(md).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    });
  });
}
