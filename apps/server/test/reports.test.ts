import type { Notification, Report } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runTrackingJobs } from "../src/features/metrics/tracking-jobs.ts";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { pdfText } from "./helpers/pdf.ts";
import { addChannel } from "./helpers/posts.ts";
import { startSmtp } from "./helpers/smtp.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const START = new Date("2026-11-26T09:00:00Z");

for (const dialect of DIALECTS) {
  describe(`reports and reviews [${dialect}]`, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    beforeAll(async () => {
      smtp = await startSmtp();
      t = await createTestApp(dialect, { env: { SMTP_URL: smtp.url } });
    });
    beforeEach(() => {
      t.clock.current = new Date(START);
    });
    afterAll(async () => {
      await t.close();
      await smtp.close();
    });

    async function withNumbers() {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { name: "민지", locale: "ko" }));
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "onsae.kr" });
      await owner.client.put(`/api/workspaces/${workspace.id}/metrics`, {
        cells: [
          { channelId: insta, day: "2026-11-02", metric: "followers", value: 800 },
          { channelId: insta, day: "2026-11-20", metric: "followers", value: 950 },
          { channelId: insta, day: "2026-11-10", metric: "reach", value: 4200 },
        ],
      });
      return { owner, workspace, insta };
    }

    it("freezes a period's numbers, keeps the team's answers, and exports PDF (Korean text), CSV and XLSX", async () => {
      const { owner, workspace, insta } = await withNumbers();
      const viewer = await addMember(t.app, owner, workspace.id, "viewer");
      const base = `/api/workspaces/${workspace.id}/reports`;
      const created = await owner.client.post(base, { periodKind: "month", from: "2026-11-01", to: "2026-11-30" });
      expect(created.statusCode, created.body).toBe(201);
      const report = created.json<Report>();
      // A title made from the period says it as Korean readers write dates, not in ISO.
      expect(report.title).toBe("월간 보고서 2026. 11. 1. ~ 2026. 11. 30.");
      expect(report.snapshot.dashboard.channels[0]!.kpis.find((k) => k.metric === "followers")).toMatchObject({ current: 950 });

      // Later numbers change the dashboard, not the report.
      await owner.client.put(`/api/workspaces/${workspace.id}/metrics`, { cells: [{ channelId: insta, day: "2026-11-25", metric: "followers", value: 1200 }] });
      const again = (await viewer.client.get(`${base}/${report.id}`)).json<Report>();
      expect(again.snapshot).toEqual(report.snapshot);

      const answers = { results: "팔로워가 150명 늘었습니다.", next: "릴스를 주 3회 올립니다.", effective: "네, 도달이 늘었습니다.", improve: "저장 수를 늘릴 캡션" };
      const patched = await owner.client.patch(`${base}/${report.id}`, { answers });
      expect(patched.json()).toMatchObject({ answers, answered: 4 });
      expect((await viewer.client.patch(`${base}/${report.id}`, { answers })).statusCode).toBe(403);
      expect((await viewer.client.post(base, { periodKind: "week", from: "2026-11-16", to: "2026-11-22" })).statusCode).toBe(403);

      const pdf = await owner.client.get(`${base}/${report.id}/export?format=pdf`);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, "");
      for (const s of ["월간보고서", "채널별KPI", "팔로워가150명늘었습니다.", "릴스를주3회올립니다.", "우리가한일의결과는무엇입니까?"]) expect(text).toContain(s);

      const csv = await owner.client.get(`${base}/${report.id}/export?format=csv`);
      expect(csv.body.startsWith("\uFEFF")).toBe(true);
      expect(csv.body).toContain("팔로워가 150명 늘었습니다.");
      expect(csv.body).toContain("950");

      const xlsx = await viewer.client.get(`${base}/${report.id}/export?format=xlsx`);
      const { default: ExcelJS } = await import("exceljs");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as never);
      const values = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String));
      expect(values).toContain("저장 수를 늘릴 캡션");
      expect(values).toContain("950");
      // When the numbers were taken: on the workspace's clock (Seoul), with the zone named; no "UTC" time.
      // (The file is in the reader's language: the owner reads English.)
      const subtitle = values.find((v) => v.startsWith("Period "));
      expect(subtitle?.replace(/[\u2009\u202f]/g, " ")).toBe("Period 1 – 30 Nov 2026 · numbers as of 26 Nov 2026, 18:00 Asia/Seoul (GMT+9)");
      expect(subtitle).not.toContain("UTC");

      expect((await owner.client.get(`${base}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
      const bad = await owner.client.post(base, { periodKind: "custom", from: "2026-12-01", to: "2026-11-01" });
      expect(bad.statusCode).toBe(400);
    });

    it("measures the goals as of the end of the report's period", async () => {
      const { owner, workspace, insta } = await withNumbers();
      const goal = await owner.client.post(`/api/workspaces/${workspace.id}/strategy/collections/goal`, {
        data: { title: "팔로워 2,000명", measurable: { metric: "Followers", channels: [insta], baseline: 500, target: 2000 }, timebound: { start: "2026-11-01", deadline: "2027-06-30" } },
      });
      expect(goal.statusCode, goal.body).toBe(201);
      const early = (await owner.client.post(`/api/workspaces/${workspace.id}/reports`, { periodKind: "week", from: "2026-11-02", to: "2026-11-08" })).json<Report>();
      expect(early.snapshot.goals[0]).toMatchObject({ title: "팔로워 2,000명", current: 800, points: 1 });
      const now = (await owner.client.get(`/api/workspaces/${workspace.id}/goals/progress`)).json<{ goals: { current: number; points: number }[] }>();
      expect(now.goals[0]).toMatchObject({ current: 950, points: 2 });
    });

    it("emails a report as a PDF to chosen members, and sends the scheduled weekly report once", async () => {
      const { owner, workspace } = await withNumbers();
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      const members = (await owner.client.get(`/api/workspaces/${workspace.id}/members`)).json<{ members: { id: string; email: string }[] }>().members;
      const editorMember = members.find((m) => m.email === editor.email)!;
      const report = (await owner.client.post(`/api/workspaces/${workspace.id}/reports`, { periodKind: "custom", from: "2026-11-01", to: "2026-11-25" })).json<Report>();
      const sent = await owner.client.post(`/api/workspaces/${workspace.id}/reports/${report.id}/email`, { memberIds: [editorMember.id] });
      expect(sent.statusCode, sent.body).toBe(200);
      await expect.poll(() => smtp.inbox.filter((m) => JSON.stringify(m.to).includes(editor.email)).length).toBe(1);
      const mail = smtp.inbox.find((m) => JSON.stringify(m.to).includes(editor.email))!;
      expect(mail.attachments[0]).toMatchObject({ contentType: "application/pdf" });
      expect(mail.attachments[0]!.filename).toMatch(/\.pdf$/);

      await owner.client.patch(`/api/workspaces/${workspace.id}`, { reportSchedule: "weekly", reportRecipients: [editorMember.id], weekStart: 1 });
      const publisherless = { db: t.deps.db, clock: t.clock.now, mailer: t.deps.mailer, config: t.config, secrets: t.deps.secrets, outbound: t.deps.outbound };
      await runTrackingJobs(publisherless, t.app.log);
      await runTrackingJobs(publisherless, t.app.log);
      const list = (await owner.client.get(`/api/workspaces/${workspace.id}/reports`)).json<{ reports: Report[] }>().reports;
      // Thursday 26 November: the week that ended is Monday 16 – Sunday 22 November.
      expect(list.filter((r) => r.periodKind === "week").map((r) => [r.from, r.to])).toEqual([["2026-11-16", "2026-11-22"]]);
      await expect.poll(() => smtp.inbox.filter((m) => JSON.stringify(m.to).includes(editor.email)).length).toBe(2);
    });

    it("reminds owners and admins once when a strategy review is due at the workspace's cadence", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      await owner.client.patch(`/api/workspaces/${workspace.id}`, { reviewCadenceDays: 14 });
      const jobs = { db: t.deps.db, clock: t.clock.now, mailer: t.deps.mailer, config: t.config, secrets: t.deps.secrets, outbound: t.deps.outbound };
      const dueCount = async () => (await owner.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>().filter((n) => n.kind === "review_due").length;
      await runTrackingJobs(jobs, t.app.log);
      expect(await dueCount()).toBe(0);
      t.clock.advance(15 * 86_400);
      await runTrackingJobs(jobs, t.app.log);
      await runTrackingJobs(jobs, t.app.log);
      expect(await dueCount()).toBe(1);
      await expect.poll(() => smtp.inbox.some((m) => JSON.stringify(m.to).includes(owner.email) && /strategy review is due/.test(m.subject ?? ""))).toBe(true);
      // A review held today moves the next one 14 days on.
      const review = await owner.client.post(`/api/workspaces/${workspace.id}/strategy/collections/review`, { data: { date: "2026-12-11", results: "Reach doubled", decisions: [{ text: "More reels", action: "card" }] } });
      expect(review.statusCode, review.body).toBe(201);
      t.clock.advance(10 * 86_400);
      await runTrackingJobs(jobs, t.app.log);
      expect(await dueCount()).toBe(1);
      t.clock.advance(5 * 86_400);
      await runTrackingJobs(jobs, t.app.log);
      expect(await dueCount()).toBe(2);
    });
  });
}
