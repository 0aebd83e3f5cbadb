import { formatMoney, minorUnitDigits } from "@socialplan/domain";
import { CATALOG, cleanFileName, formatDay, formatDayRange, formatInstant, formatMonth, intlLocaleOf, REVIEW_QUESTIONS, translate, zoneLabel, type Block, type CreateReport, type Locale, type Report, type ReportSnapshot, type ReviewAnswers, type UpdateReport } from "@socialplan/schema";
import type { Membership, ServiceContext } from "../../context.ts";
import type { ReportsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { writeCsv, type CsvCell, type FormattedFigure } from "../../lib/csv.ts";
import { AppError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { checkReferences } from "../../lib/references.ts";
import type { Mailer } from "../../lib/mailer.ts";
import { dashboard } from "./dashboard.service.ts";
import { bestTimesOf } from "./best-times.service.ts";
import { goalGaps, goalProgress } from "./metrics.service.ts";

const toSummary = (r: ReportsTable) => {
  const answers = JSON.parse(r.answers) as ReviewAnswers;
  return {
    id: r.id,
    title: r.title,
    periodKind: r.period_kind as Report["periodKind"],
    from: r.period_from,
    to: r.period_to,
    createdAt: r.created_at,
    answered: REVIEW_QUESTIONS.filter((q) => (answers[q] ?? "").trim()).length,
    emailedAt: r.emailed_at,
  };
};

/** The numbers of a period as they are now: the dashboard and every goal's progress at the period's end, with the goals' titles. */
async function takeSnapshot(ctx: ServiceContext, m: Membership, from: string, to: string): Promise<ReportSnapshot> {
  const [board, best, goals, titles] = await Promise.all([
    dashboard(ctx, m, { from, to }),
    bestTimesOf(ctx, m, to),
    goalProgress(ctx, m, to),
    ctx.db.selectFrom("strategy_entries").select(["id", "data"]).where("workspace_id", "=", m.workspaceId).where("kind", "=", "goal").execute(),
  ]);
  const titleOf = (id: string) => (JSON.parse(titles.find((t) => t.id === id)?.data ?? "{}") as { title?: string }).title ?? "";
  return { generatedAt: iso(ctx.now), dashboard: board, bestTimes: best, goals: goals.map((g) => ({ ...g, title: titleOf(g.goalId) })) };
}

/** Makes a report for a period: its numbers are frozen now, and the team answers the four review questions on it. */
export async function createReport(ctx: ServiceContext, m: Membership, userId: string | null, input: CreateReport, locale: Locale, options = { example: false }): Promise<string> {
  const id = newId();
  const snapshot = await takeSnapshot(ctx, m, input.from, input.to);
  // A title made from the period says it in words ("Monthly report Nov 1 – 30, 2026"), not in ISO dates.
  const title = input.title || translate(locale, `report.title_${input.periodKind}`, { period: formatDayRange(intlLocaleOf(locale), input.from, input.to) });
  await ctx.db
    .insertInto("reports")
    .values({ id, workspace_id: m.workspaceId, title, period_kind: input.periodKind, period_from: input.from, period_to: input.to, snapshot: JSON.stringify(snapshot), answers: "{}", created_by: userId, created_at: iso(ctx.now), updated_at: iso(ctx.now), emailed_at: null, example: options.example ? 1 : 0 })
    .execute();
  return id;
}

export async function listReports(ctx: ServiceContext, workspaceId: string) {
  const rows = await ctx.db.selectFrom("reports").selectAll().where("workspace_id", "=", workspaceId).orderBy("period_from", "desc").orderBy("created_at", "desc").execute();
  return rows.map(toSummary);
}

async function requireReport(ctx: ServiceContext, workspaceId: string, reportId: string): Promise<ReportsTable> {
  const row = await ctx.db.selectFrom("reports").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", reportId).executeTakeFirst();
  if (!row) throw new AppError(404, "metrics.report_not_found");
  return row;
}

export async function getReport(ctx: ServiceContext, workspaceId: string, reportId: string): Promise<Report> {
  const row = await requireReport(ctx, workspaceId, reportId);
  return { ...toSummary(row), snapshot: readSnapshot(row.snapshot), answers: JSON.parse(row.answers) as ReviewAnswers };
}

/**
 * A stored snapshot as today's schema has it. A snapshot is frozen in the shape of the release that took it: those
 * taken before issue 19 (migration 0014) have no `missing` on their goals, which is worked out here from the goal's
 * own fields as goalProgress does (tested from an older release's database: upgrade.test.ts).
 */
export function readSnapshot(text: string): ReportSnapshot {
  const snapshot = JSON.parse(text) as ReportSnapshot;
  for (const g of snapshot.goals) {
    g.missing ??= goalGaps(g);
  }
  return snapshot;
}

/** Title and answers change; the numbers never do. */
export async function updateReport(ctx: ServiceContext, m: Membership, reportId: string, patch: UpdateReport): Promise<void> {
  const row = await requireReport(ctx, m.workspaceId, reportId);
  const answers = patch.answers ? { ...(JSON.parse(row.answers) as ReviewAnswers), ...patch.answers } : undefined;
  await ctx.db
    .updateTable("reports")
    // Edited, the example's report is the user's own: clearing the example keeps it.
    .set({ ...(patch.title !== undefined && { title: patch.title }), ...(answers && { answers: JSON.stringify(answers) }), example: 0, updated_at: iso(ctx.now) })
    .where("id", "=", reportId)
    .execute();
}

export async function deleteReport(ctx: ServiceContext, m: Membership, reportId: string): Promise<void> {
  await requireReport(ctx, m.workspaceId, reportId);
  await ctx.db.deleteFrom("reports").where("id", "=", reportId).execute();
}

/** A table cell: text, or a figure we formatted (kept apart so that the CSV writes it as a number, not as text to escape). */
type Cell = string | FormattedFigure;
const cellText = (c: Cell) => (typeof c === "string" ? c : c.text);

interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/**
 * The report as tables and answers, in one language: the source of its PDF, CSV and Excel files alike, so the
 * three always say the same thing. Dates are written in words; the time the numbers were taken is on the workspace's
 * clock (`zone`), with the zone named.
 */
export function reportContent(report: Report, locale: Locale, zone = "UTC"): { title: string; subtitle: string; tables: Table[]; answers: { question: string; answer: string }[] } {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, key, params);
  const intl = locale === "ko" ? "ko-KR" : "en-GB";
  const figure = (value: number, text: string): FormattedFigure => ({ value, text });
  const format = (n: number, digits: number) => new Intl.NumberFormat(intl, { maximumFractionDigits: digits }).format(n);
  const num = (n: number | null | undefined, digits = 0): Cell => (n === null || n === undefined ? "—" : figure(n, format(n, digits)));
  const pct = (n: number | null | undefined): Cell => (n === null || n === undefined ? "—" : figure(n, `${format(n, 1)} %`));
  const d = report.snapshot.dashboard;
  const money = (minor: number): Cell => figure(minor, formatMoney({ amount: minor, currency: d.currency }, intl));
  const major = (n: number | null): Cell => (n === null ? "—" : money(Math.round(n * 10 ** minorUnitDigits(d.currency))));
  const channel = (id: string | null) => {
    const c = id ? d.channels.find((x) => x.channelId === id) : undefined;
    if (!id) return t("report.general");
    return c ? [t(`networks.${c.network}`), c.handle && `@${c.handle}`].filter(Boolean).join(" ") : "—";
  };
  const metric = (name: string) => (name.startsWith("custom:") ? name.slice(7) : t(`fields.${name}`));

  const kpis: Table = {
    title: t("report.kpis"),
    columns: [t("fields.channel"), t("fields.metric"), t("report.this_period"), t("report.previous_period"), t("report.change")],
    rows: d.channels.flatMap((c) => [
      ...c.kpis.map((k) => [channel(c.channelId), metric(k.metric), num(k.current), num(k.previous), pct(k.change)]),
      [channel(c.channelId), t("report.engagement_rate"), pct(c.engagement.current), pct(c.engagement.previous), ""],
      [channel(c.channelId), t("report.published"), num(c.published), "", ""],
    ]),
  };
  const goals: Table = {
    title: t("report.goals"),
    columns: [t("report.goal"), t("fields.baseline"), t("report.current"), t("fields.target"), t("report.progress"), t("report.verdict"), t("report.forecast")],
    rows: report.snapshot.goals.map((g) => [g.title || "—", num(g.baseline), num(g.current), num(g.target), pct(g.progress), t(`report.verdict_${g.verdict}`), g.forecastDate ? formatDay(intl, g.forecastDate) : "—"]),
  };
  const costs: Table = {
    title: t("report.costs"),
    columns: [t("fields.channel"), t("fields.ad_spend"), "CPM", "CPC", "CPA", "ROAS"],
    rows: d.channels.filter((c) => c.costs.spend !== null).map((c) => [channel(c.channelId), major(c.costs.spend), major(c.costs.cpm), major(c.costs.cpc), major(c.costs.cpa), c.costs.roas === null ? "—" : figure(c.costs.roas, `${format(c.costs.roas, 2)}×`)]),
  };
  const budget: Table = {
    title: t("report.budget", { months: d.budget.months.map((month) => formatMonth(intl, month, "short")).join(", ") }),
    columns: [t("fields.channel"), t("report.planned"), t("report.actual")],
    rows: [...d.budget.byChannel.map((b) => [channel(b.channelId), money(b.planned), money(b.actual)]), [t("report.total"), money(d.budget.planned), money(d.budget.actual)]],
  };
  const top: Table = {
    title: t("report.top_posts"),
    columns: [t("fields.channel"), t("fields.text"), t("report.engagement_rate"), t("fields.reach")],
    rows: d.topPosts.map((p) => [channel(p.channelId), p.text.slice(0, 120) || p.permalink || "—", pct(p.rate), num(p.values.reach)]),
  };
  const links: Table = {
    title: t("report.links"),
    columns: [t("fields.campaign"), t("report.source_medium"), t("fields.link_clicks"), t("fields.sessions")],
    rows: d.links.map((l) => [l.campaign, `${l.source} / ${l.medium}`, num(l.clicks), num(l.sessions)]),
  };
  const answers = REVIEW_QUESTIONS.map((q) => ({ question: CATALOG.find((c) => c.id === `review.${q}`)![locale].label, answer: (report.answers[q] ?? "").trim() || t("export.not_answered") }));
  return {
    title: report.title,
    subtitle: t("report.subtitle", {
      period: formatDayRange(intl, report.from, report.to),
      generated: formatInstant(intl, zone, report.snapshot.generatedAt, { date: "medium", time: "short" }),
      zone: zoneLabel(zone, new Date(report.snapshot.generatedAt)),
    }),
    tables: [kpis, goals, costs, budget, top, links].filter((x) => x.rows.length),
    answers,
  };
}

export function reportBlocks(content: ReturnType<typeof reportContent>, reviewTitle: string): Block[] {
  return [
    { type: "title", text: content.title },
    { type: "paragraph", text: content.subtitle, muted: true },
    ...content.tables.flatMap((x): Block[] => [
      { type: "heading", level: 2, text: x.title },
      { type: "table", columns: x.columns, rows: x.rows.map((r) => r.map(cellText)) },
    ]),
    { type: "heading", level: 2, text: reviewTitle },
    ...content.answers.map((a): Block => ({ type: "answer", question: a.question, answer: a.answer })),
  ];
}

/** One CSV for the whole report: a section column, then the table's own columns (Excel-friendly: BOM, UTF-8; text escaped). */
export function reportCsv(content: ReturnType<typeof reportContent>, reviewTitle: string): string {
  const rows: CsvCell[][] = [];
  for (const x of content.tables) {
    rows.push([x.title, ...x.columns]);
    for (const r of x.rows) rows.push([x.title, ...r]);
    rows.push([]);
  }
  for (const a of content.answers) rows.push([reviewTitle, a.question, a.answer]);
  return writeCsv(rows);
}

/** An Excel workbook: a sheet per table and one for the review's answers. */
export async function reportWorkbook(content: ReturnType<typeof reportContent>, reviewTitle: string): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "Socialplan";
  wb.title = content.title;
  const sheetName = (s: string, i: number) => `${i + 1} ${s.replace(/[\\/?*[\]:]/g, " ")}`.slice(0, 31);
  content.tables.forEach((x, i) => {
    const ws = wb.addWorksheet(sheetName(x.title, i));
    ws.addRow(x.columns).font = { bold: true };
    for (const r of x.rows) ws.addRow(r.map(cellText));
    ws.columns.forEach((c) => (c.width = 22));
  });
  const review = wb.addWorksheet(sheetName(reviewTitle, content.tables.length));
  review.addRow([content.title]).font = { bold: true };
  review.addRow([content.subtitle]);
  for (const a of content.answers) review.addRow([a.question, a.answer]);
  review.getColumn(1).width = 40;
  review.getColumn(2).width = 80;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type ReportFormat = "pdf" | "csv" | "xlsx";
const TYPES: Record<ReportFormat, string> = { pdf: "application/pdf", csv: "text/csv; charset=utf-8", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" };

/** The report as a file in one language: its bytes, type and a file name. */
export async function reportFile(report: Report, locale: Locale, format: ReportFormat, zone: string): Promise<{ body: Buffer; type: string; name: string }> {
  const content = reportContent(report, locale, zone);
  const reviewTitle = translate(locale, "report.review");
  const name = cleanFileName(`${report.title.replace(/[\\/:*?"<>|]+/g, " ").trim() || "report"}.${format}`);
  const body =
    format === "pdf"
      ? await (await import("../strategy/export/pdf.ts")).toPdf(reportBlocks(content, reviewTitle), content.title)
      : format === "csv"
        ? Buffer.from(reportCsv(content, reviewTitle), "utf8")
        : await reportWorkbook(content, reviewTitle);
  return { body, type: TYPES[format], name };
}

/** Emails the report as a PDF to members (in each one's language); returns how many it went to. */
export async function emailReport(ctx: ServiceContext, deps: { mailer: Mailer; appUrl: string }, m: Membership, reportId: string, memberIds: readonly string[]): Promise<number> {
  if (!deps.mailer.enabled) throw new AppError(409, "email.not_configured");
  const report = await getReport(ctx, m.workspaceId, reportId);
  await checkReferences(ctx.db, m.workspaceId, [{ field: "memberIds", target: "members", ids: memberIds, key: "validation.reference_member" }]);
  const people = await ctx.db
    .selectFrom("members")
    .innerJoin("users", "users.id", "members.user_id")
    .select(["users.email", "users.locale"])
    .where("members.workspace_id", "=", m.workspaceId)
    .where("members.id", "in", [...memberIds])
    .execute();
  for (const p of people) {
    const locale: Locale = p.locale === "ko" ? "ko" : "en";
    const file = await reportFile(report, locale, "pdf", m.workspace.timezone);
    const params = { workspace: m.workspace.name, title: report.title, url: `${deps.appUrl}/w/${m.workspaceId}/reports/${report.id}` };
    await deps.mailer.send({
      to: p.email,
      subject: translate(locale, "report.email_subject", params),
      text: translate(locale, "report.email_body", params),
      attachments: [{ filename: file.name, content: file.body, contentType: file.type }],
    });
  }
  await ctx.db.updateTable("reports").set({ emailed_at: iso(ctx.now) }).where("id", "=", reportId).execute();
  return people.length;
}
