import type { Card, Entry, Report } from "@socialplan/schema";
import JSZip from "jszip";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildUser, buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { pdfText } from "./helpers/pdf.ts";
import { addChannel } from "./helpers/posts.ts";
import { startSmtp } from "./helpers/smtp.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const BAD_DATES = ["2026-13-45", "0000-00-00", "2026-02-30", "1899-12-31", "10000-01-01", "9999-19-39"];
const BAD_MONTHS = ["0000-01", "2026-13", "1899-12", "10000-01", "9999-19"];

/** A 400 whose field `field` carries `code`; returns that field's message. */
function fieldError(res: LightMyRequestResponse, field: string, code: string): string {
  expect(res.statusCode, res.body).toBe(400);
  const fields = res.json<{ error: { fields?: { field: string; code: string; message: string }[] } }>().error.fields ?? [];
  const found = fields.find((f) => f.field === field);
  expect(found, `${field} in ${res.body}`).toBeDefined();
  expect(found!.code).toBe(code);
  return found!.message;
}

const ok = (res: LightMyRequestResponse, status = 200) => expect(res.statusCode, res.body).toBe(status);

async function memberIdOf(owner: TestUser, workspaceId: string, userId: string): Promise<string> {
  const people = (await owner.client.get(`/api/workspaces/${workspaceId}/members`)).json<{ members: { id: string; userId: string }[] }>();
  return people.members.find((m) => m.userId === userId)!.id;
}

for (const dialect of DIALECTS) {
  describe(`dates, text and references at the boundary [${dialect}]`, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let owner: TestUser;
    let korean: TestUser;
    let ws: string;
    let base: string;
    beforeAll(async () => {
      smtp = await startSmtp();
      t = await createTestApp(dialect, { env: { SMTP_URL: smtp.url } });
      const built = await buildWorkspace(t.app);
      owner = built.owner;
      ws = built.workspace.id;
      base = `/api/workspaces/${ws}`;
      korean = await addMember(t.app, owner, ws, "admin", await buildUser(t.app, { locale: "ko" }));
    });
    afterAll(async () => {
      await t.close();
      await smtp.close();
    });

    it("answers an impossible or out-of-range date in metrics, dashboard, best-time and report queries with 400 naming the field", async () => {
      for (const bad of BAD_DATES) {
        const q = encodeURIComponent(bad);
        fieldError(await owner.client.get(`${base}/metrics?from=${q}`), "from", "validation.date");
        fieldError(await owner.client.get(`${base}/dashboard?from=2026-11-01&to=${q}`), "to", "validation.date");
        fieldError(await owner.client.get(`${base}/best-times?to=${q}`), "to", "validation.date");
        fieldError(await owner.client.post(`${base}/reports`, { periodKind: "custom", from: bad, to: "2026-11-30" }), "from", "validation.date");
      }
      const en = fieldError(await owner.client.get(`${base}/dashboard?from=2026-13-45&to=2026-11-30`), "from", "validation.date");
      expect(en).toBe("From must be a real calendar date written as YYYY-MM-DD, for example 2027-03-01, between 1900-01-01 and 9999-12-31.");
      const ko = fieldError(await korean.client.get(`${base}/dashboard?from=2026-13-45&to=2026-11-30`), "from", "validation.date");
      expect(ko).toBe("시작은(는) 2027-03-01처럼 YYYY-MM-DD 형식의 실제 날짜여야 하며, 1900-01-01부터 9999-12-31 사이여야 합니다.");
    });

    it("refuses such dates in a review, a card's due date and a tool's date, and such months as the period start", async () => {
      for (const bad of BAD_DATES) {
        fieldError(await owner.client.post(`${base}/strategy/collections/review`, { data: { date: bad } }), "data.date", "validation.date");
        fieldError(await owner.client.post(`${base}/board/cards`, { title: "Reel", dueDate: bad }), "dueDate", "validation.date");
        fieldError(await owner.client.post(`${base}/tools`, { name: "Canva", tryingSince: bad }), "tryingSince", "validation.date");
      }
      expect(fieldError(await korean.client.post(`${base}/board/cards`, { title: "릴스", dueDate: "9999-19-39" }), "dueDate", "validation.date")).toContain("마감일");
      for (const bad of BAD_MONTHS) fieldError(await owner.client.patch(base, { periodStart: bad }), "periodStart", "validation.month");
      const en = fieldError(await owner.client.patch(base, { periodStart: "0000-01" }), "periodStart", "validation.month");
      expect(en).toContain("between 1900-01 and 9999-12");
      const ko = fieldError(await korean.client.patch(base, { periodStart: "0000-01" }), "periodStart", "validation.month");
      expect(ko).toContain("1900-01부터 9999-12 사이");
      // Nothing was stored.
      expect((await owner.client.get(`${base}/board`)).json<{ cards: Card[] }>().cards).toEqual([]);
    });

    it("accepts 1900-01-01 and 9999-12-31 wherever a date is allowed", async () => {
      for (const day of ["1900-01-01", "9999-12-31"]) {
        ok(await owner.client.get(`${base}/metrics?from=${day}&to=${day}`));
        ok(await owner.client.get(`${base}/best-times?to=${day}`));
        ok(await owner.client.post(`${base}/strategy/collections/review`, { data: { date: day } }), 201);
        const card = await owner.client.post(`${base}/board/cards`, { title: `Due ${day}`, dueDate: day });
        ok(card, 201);
        expect(card.json<{ cards: Card[] }>().cards.find((c) => c.title === `Due ${day}`)!.dueDate).toBe(day);
        ok(await owner.client.post(`${base}/tools`, { name: `Tool ${day}`, tryingSince: day }), 201);
      }
      ok(await owner.client.get(`${base}/dashboard?from=1900-01-01&to=1900-01-31`));
      ok(await owner.client.get(`${base}/dashboard?from=9999-12-01&to=9999-12-31`));
      ok(await owner.client.post(`${base}/reports`, { periodKind: "custom", from: "9999-12-01", to: "9999-12-31" }), 201);
      ok(await owner.client.post(`${base}/reports`, { periodKind: "custom", from: "1900-01-01", to: "1900-01-31" }), 201);
      for (const month of ["1900-01", "9999-12"]) {
        ok(await owner.client.patch(base, { periodStart: month }));
        // A goal inside a period at either end of the range is checked, not a crash.
        const goal = await owner.client.post(`${base}/strategy/collections/goal`, { data: { timebound: { start: `${month}-01`, deadline: `${month}-28` } } });
        ok(goal, 201);
      }
      ok(await owner.client.patch(base, { periodStart: "2026-01" }));
    });

    it("stores a card title and a strategy answer without NUL or control characters (tab and newline kept)", async () => {
      const created = await owner.client.post(`${base}/board/cards`, { title: "Re\u0000el\u0007 plan\u001B", description: "one\r\ntwo\tthree\u0000\rfour\u0085" });
      ok(created, 201);
      const card = created.json<{ cards: Card[] }>().cards.find((c) => c.title.startsWith("Re"))!;
      expect(card.title).toBe("Reel plan");
      expect(card.description).toBe("one\ntwo\tthree\nfour");
      const saved = await owner.client.put(`${base}/strategy/sections/company`, { version: 0, data: { name: "Seoul\u0000 Candle\u000B Co.\u0008", hq: "Seongsu\u0001\nSeoul" } });
      ok(saved);
      expect(saved.json<Entry>().data).toMatchObject({ name: "Seoul Candle Co.", hq: "Seongsu\nSeoul" });
      // Query strings too.
      ok(await owner.client.get(`${base}/assets?q=${encodeURIComponent("can\u0000dle")}`));
    });

    it("exports a DOCX holding only characters XML allows, and a PDF, even from text stored with characters XML forbids", async () => {
      const product = await owner.client.post(`${base}/strategy/collections/product`, { data: { name: "Candle" } });
      ok(product, 201);
      // As if written before text was cleaned (or by another way in): controls, U+FFFE and a lone surrogate.
      await t.deps.db
        .updateTable("strategy_entries")
        .set({ data: JSON.stringify({ name: "Old\u0001 name\uFFFE\uD800", materials: "Busan\u0002 wax" }) })
        .where("id", "=", product.json<Entry>().id)
        .execute();
      const docx = await owner.client.get(`${base}/strategy/export?format=docx&pages=products`);
      ok(docx);
      const xml = await (await JSZip.loadAsync(docx.rawPayload)).file("word/document.xml")!.async("string");
      // Every character is one XML 1.0 allows (Word refuses the whole file otherwise).
      expect(xml).toMatch(/^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u);
      expect(xml).toContain("Old name");
      expect(xml).toContain("Busan");
      const pdf = await owner.client.get(`${base}/strategy/export?format=pdf&pages=products`);
      ok(pdf);
      expect(await pdfText(pdf.rawPayload)).toContain("Busan");
    });

    it("stores an asset named with a right-to-left override without it", async () => {
      const bytes = await photo(40, 30, "png");
      const up = await owner.client.upload(`${base}/assets?name=${encodeURIComponent("\u202Egnp.exe")}`, bytes);
      ok(up, 201);
      const asset = up.json<{ asset: { id: string; name: string } }>().asset;
      expect(asset.name).toBe("gnp.exe");
      const renamed = await owner.client.patch(`${base}/assets/${asset.id}`, { name: "photo\u2067\u200F\u0000.png" });
      ok(renamed);
      expect(renamed.json<{ name: string }>().name).toBe("photo.png");
      fieldError(await owner.client.patch(`${base}/assets/${asset.id}`, { name: "\u202E\u202C" }), "name", "validation.required");
      const file = await owner.client.get(`${base}/assets/${asset.id}/file?download=1`);
      expect(file.headers["content-disposition"]).not.toContain("%E2%80%AE");
    });

    it("refuses references to another workspace's records, naming the field, and accepts its own", async () => {
      // The other workspace and its records.
      const other = await buildWorkspace(t.app);
      const ob = `/api/workspaces/${other.workspace.id}`;
      const theirAsset = (await other.owner.client.upload(`${ob}/assets?name=theirs.png`, await photo(20, 20, "png", 90))).json<{ asset: { id: string } }>().asset.id;
      const theirMember = await memberIdOf(other.owner, other.workspace.id, other.owner.user.id);
      const theirReport = (await other.owner.client.post(`${ob}/reports`, { periodKind: "custom", from: "2026-11-01", to: "2026-11-30" })).json<Report>().id;
      const theirCard = (await other.owner.client.post(`${ob}/board/cards`, { title: "Theirs" })).json<{ cards: Card[] }>().cards[0]!.id;
      const theirChannel = await addChannel(other.owner, other.workspace.id, "instagram");

      // Ours.
      const ourAsset = (await owner.client.upload(`${base}/assets?name=ours.png`, await photo(20, 20, "png", 30))).json<{ asset: { id: string } }>().asset.id;
      const ourMember = await memberIdOf(owner, ws, owner.user.id);
      const ourReport = (await owner.client.post(`${base}/reports`, { periodKind: "custom", from: "2026-11-01", to: "2026-11-30" })).json<Report>().id;
      const ourCard = (await owner.client.post(`${base}/board/cards`, { title: "Ours" })).json<{ cards: Card[] }>().cards.find((c) => c.title === "Ours")!.id;
      const ourChannel = await addChannel(owner, ws, "instagram");
      const goal = (await owner.client.post(`${base}/strategy/collections/goal`, { data: {} })).json<Entry>();

      const col = (kind: string) => `${base}/strategy/collections/${kind}`;
      const persona = fieldError(await owner.client.post(col("persona"), { data: { photo_upload_id: theirAsset } }), "data.photo_upload_id", "validation.reference_asset");
      expect(persona).toBe("Photo must be a file from this workspace's asset library. Choose or upload it there.");
      fieldError(await owner.client.post(col("initiative"), { parentId: goal.id, data: { owner_member_id: theirMember } }), "data.owner_member_id", "validation.reference_member");
      fieldError(await owner.client.post(col("review"), { data: { report_id: theirReport } }), "data.report_id", "validation.reference_report");
      fieldError(await owner.client.post(col("review"), { data: { decisions: [{ text: "Do it", action: "card", card_id: theirCard }] } }), "data.decisions.0.card_id", "validation.reference_card");
      fieldError(await owner.client.put(`${base}/strategy/entries/${goal.id}`, { version: goal.version, data: { measurable: { channels: [ourChannel, theirChannel] } } }), "data.measurable.channels", "validation.reference_channel");
      const ko = fieldError(await korean.client.patch(base, { reportRecipients: [ourMember, theirMember] }), "reportRecipients", "validation.reference_member");
      expect(ko).toBe("보고서 받는 사람은(는) 이 워크스페이스의 멤버여야 합니다. 멤버 목록에서 선택하세요.");
      fieldError(await owner.client.post(`${base}/reports/${ourReport}/email`, { memberIds: [theirMember] }), "memberIds", "validation.reference_member");
      fieldError(await owner.client.post(`${base}/board/cards`, { title: "Borrowed", attachmentIds: [theirAsset] }), "attachmentIds", "board.unknown_asset");
      fieldError(await owner.client.post(`${base}/board/cards`, { title: "Borrowed", assigneeIds: [theirMember] }), "assigneeIds", "board.unknown_member");

      // The workspace's own records are accepted everywhere.
      ok(await owner.client.post(col("persona"), { data: { photo_upload_id: ourAsset } }), 201);
      ok(await owner.client.post(col("initiative"), { parentId: goal.id, data: { owner_member_id: ourMember } }), 201);
      ok(await owner.client.post(col("review"), { data: { report_id: ourReport, decisions: [{ text: "Do it", action: "card", card_id: ourCard }] } }), 201);
      ok(await owner.client.put(`${base}/strategy/entries/${goal.id}`, { version: goal.version, data: { measurable: { channels: [ourChannel] } } }));
      ok(await owner.client.post(`${base}/reports/${ourReport}/email`, { memberIds: [ourMember] }));

      // A recipient who has since left does not block saving the settings again; adding an outsider still does.
      const leaving = await addMember(t.app, owner, ws, "viewer");
      const leavingId = await memberIdOf(owner, ws, leaving.user.id);
      ok(await owner.client.patch(base, { reportRecipients: [ourMember, leavingId] }));
      ok(await owner.client.delete(`${base}/members/${leavingId}`), 204);
      ok(await owner.client.patch(base, { name: "Seoul Candle Co.", reportRecipients: [ourMember, leavingId] }));
      fieldError(await owner.client.patch(base, { reportRecipients: [ourMember, leavingId, theirMember] }), "reportRecipients", "validation.reference_member");
    });
  });
}
