import { periodMonths, spreadPlan } from "@socialplan/domain";
import { recordImport } from "../../lib/metrics.ts";
import type { Budget, BudgetCell, BudgetImportResult, BudgetLine, BudgetPlan, CreateBudgetLine, Locale, UpdateBudgetLine } from "@socialplan/schema";
import { budgetFiguresAt, decimalMarkOf, moneyProblemMessage, parseMoney, translate } from "@socialplan/schema";
import type { Membership, ServiceContext } from "../../context.ts";
import type { BudgetLinesTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { unescapeText } from "../../lib/csv.ts";
import { AppError, badRequest, type FieldIssue } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { findEntry } from "../strategy/strategy.repository.ts";
import { deleteLines, findLine, insertLine, listCells, listLines, nextLinePosition, updateLine, upsertCell } from "./budget.repository.ts";

/** The workspace's current strategy period: the budget shown is the one for it. */
export const periodOf = (m: Membership) => ({ start: m.workspace.period_start, months: m.workspace.period_months });

/** The sheet with every figure it shows (available, difference, totals, pacing) computed as the browser and exports do. */
export async function getBudget(ctx: ServiceContext, m: Membership): Promise<Budget> {
  const period = periodOf(m);
  const rows = await listLines(ctx.db, m.workspaceId, period.start);
  const cells = await listCells(ctx.db, rows.map((r) => r.id));
  const months = new Set(periodMonths(period));
  const lines: BudgetLine[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category as BudgetLine["category"],
    channelId: r.channel_id,
    goalId: r.goal_id,
    trackActuals: r.track_actuals === 1,
    rollover: r.rollover === 1,
    stoppedFrom: r.stopped_from,
    position: r.position,
    sample: r.sample === 1,
    planned: {},
    actual: {},
  }));
  const byId = new Map(lines.map((l) => [l.id, l]));
  for (const c of cells) {
    const line = byId.get(c.line_id);
    // A shortened period hides, but keeps, the months that fall outside it.
    if (!line || !months.has(c.month)) continue;
    if (c.planned !== null) line.planned[c.month] = Number(c.planned);
    if (c.actual !== null) line.actual[c.month] = Number(c.actual);
  }
  const sheet = { period, currency: m.workspace.currency, lines };
  return { ...sheet, figures: budgetFiguresAt(sheet, { now: ctx.now, timeZone: m.workspace.timezone }) };
}

function checkMonth(m: Membership, month: string, field: string): FieldIssue | null {
  return periodMonths(periodOf(m)).includes(month) ? null : { field, key: "budget.month_outside", params: { month } };
}

/** A channel or goal named by a line must be one of this workspace's strategy records of that kind. */
async function checkLink(ctx: ServiceContext, m: Membership, id: string | null | undefined, kind: "channel" | "goal", field: string) {
  if (!id) return;
  const entry = await findEntry(ctx.db, m.workspaceId, id);
  if (!entry || entry.kind !== kind) throw badRequest("validation.failed", {}, [{ field, key: `budget.unknown_${kind}` }]);
}

/**
 * The planned cells of a one-step plan ("€300 a month from December to November", or a yearly amount spread over
 * those months): the months from `from` to `to` of the period, filled by the domain's spreadPlan. Wrong months are
 * reported on the plan's own fields.
 */
function planCells(m: Membership, plan: BudgetPlan): { cells: Record<string, number>; issues: FieldIssue[] } {
  const months = periodMonths(periodOf(m));
  const issues: FieldIssue[] = [];
  if (!months.includes(plan.from)) issues.push({ field: "plan.from", key: "budget.plan_month" });
  if (!months.includes(plan.to)) issues.push({ field: "plan.to", key: "budget.plan_month" });
  else if (plan.to < plan.from) issues.push({ field: "plan.to", key: "budget.plan_order" });
  if (issues.length) return { cells: {}, issues };
  return { cells: spreadPlan({ kind: plan.kind, amount: plan.amount, months: months.filter((x) => x >= plan.from && x <= plan.to) }), issues };
}

export async function createLine(ctx: ServiceContext, m: Membership, body: CreateBudgetLine, sample = false): Promise<string> {
  await checkLink(ctx, m, body.channelId, "channel", "channelId");
  await checkLink(ctx, m, body.goalId, "goal", "goalId");
  const plan = body.plan ? planCells(m, body.plan) : { cells: {}, issues: [] };
  const issues = [...Object.keys(body.planned ?? {}).map((month) => checkMonth(m, month, `planned.${month}`)).filter((i): i is FieldIssue => i !== null), ...plan.issues];
  if (issues.length) throw badRequest("validation.failed", {}, issues);
  const id = newId();
  const now = iso(ctx.now);
  const period = periodOf(m);
  await insertLine(ctx.db, {
    id,
    workspace_id: m.workspaceId,
    period_start: period.start,
    name: body.name,
    category: body.category,
    channel_id: body.channelId ?? null,
    goal_id: body.goalId ?? null,
    track_actuals: body.trackActuals === false ? 0 : 1,
    rollover: (body.rollover ?? body.category === "ads") ? 1 : 0,
    stopped_from: null,
    position: await nextLinePosition(ctx.db, m.workspaceId, period.start),
    sample: sample ? 1 : 0,
    created_at: now,
    updated_at: now,
  });
  for (const [month, amount] of Object.entries({ ...body.planned, ...plan.cells })) await upsertCell(ctx.db, id, month, "planned", amount);
  return id;
}

async function requireLine(ctx: ServiceContext, m: Membership, lineId: string) {
  const line = await findLine(ctx.db, m.workspaceId, lineId);
  if (!line || line.period_start !== periodOf(m).start) throw new AppError(404, "budget.line_not_found");
  return line;
}

export async function changeLine(ctx: ServiceContext, m: Membership, lineId: string, patch: UpdateBudgetLine): Promise<void> {
  await requireLine(ctx, m, lineId);
  await checkLink(ctx, m, patch.channelId, "channel", "channelId");
  await checkLink(ctx, m, patch.goalId, "goal", "goalId");
  const plan = patch.plan ? planCells(m, patch.plan) : { cells: {}, issues: [] };
  const issues = [...(patch.stoppedFrom ? [checkMonth(m, patch.stoppedFrom, "stoppedFrom")] : []), ...plan.issues].filter((i): i is FieldIssue => i !== null);
  if (issues.length) throw badRequest("validation.failed", {}, issues);
  const set: Partial<BudgetLinesTable> = { updated_at: iso(ctx.now) };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.category !== undefined) set.category = patch.category;
  if (patch.channelId !== undefined) set.channel_id = patch.channelId;
  if (patch.goalId !== undefined) set.goal_id = patch.goalId;
  if (patch.trackActuals !== undefined) set.track_actuals = patch.trackActuals ? 1 : 0;
  if (patch.rollover !== undefined) set.rollover = patch.rollover ? 1 : 0;
  if (patch.stoppedFrom !== undefined) set.stopped_from = patch.stoppedFrom;
  // Any edit makes a sample line the user's own.
  set.sample = 0;
  await updateLine(ctx.db, lineId, set);
  for (const [month, amount] of Object.entries(plan.cells)) await upsertCell(ctx.db, lineId, month, "planned", amount);
}

export async function removeLine(ctx: ServiceContext, m: Membership, lineId: string): Promise<void> {
  await requireLine(ctx, m, lineId);
  await deleteLines(ctx.db, [lineId]);
}

/** Writes a block of cells (typed or pasted) all together, or none when any of them is wrong. */
export async function setCells(ctx: ServiceContext, m: Membership, cells: readonly BudgetCell[]): Promise<void> {
  const period = periodOf(m);
  const lines = new Map((await listLines(ctx.db, m.workspaceId, period.start)).map((l) => [l.id, l]));
  const issues: FieldIssue[] = [];
  cells.forEach((c, i) => {
    if (!lines.has(c.lineId)) issues.push({ field: `cells.${i}.lineId`, key: "budget.line_not_found" });
    const month = checkMonth(m, c.month, `cells.${i}.month`);
    if (month) issues.push(month);
  });
  if (issues.length) throw badRequest("validation.failed", {}, issues.slice(0, 20));
  for (const c of cells) await upsertCell(ctx.db, c.lineId, c.month, c.field, c.amount);
  // A sample line someone has typed into is theirs now (once per line, however many cells were pasted).
  for (const id of new Set(cells.map((c) => c.lineId))) {
    if (lines.get(id)!.sample === 1) await updateLine(ctx.db, id, { sample: 0, updated_at: iso(ctx.now) });
  }
}

/**
 * CSV import of planned or actual amounts: header `line,month,amount`; lines by name (as on the sheet), months
 * as YYYY-MM inside the period, amounts in the currency's units read strictly (parseMoney: no exponent, no stray
 * letters, never rounded; an empty amount clears the cell; negative amounts are refused, as on the sheet). Every row
 * is checked and reported with its reason; nothing is written unless every row is right.
 */
export async function importCsv(ctx: ServiceContext, m: Membership, locale: Locale, body: { csv: string; field: "planned" | "actual"; apply: boolean }): Promise<BudgetImportResult> {
  const started = performance.now();
  const { default: Papa } = await import("papaparse");
  const parsed = Papa.parse<Record<string, string>>(body.csv.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: "greedy", transformHeader: (h) => h.trim().toLowerCase() });
  const period = periodOf(m);
  const lines = await listLines(ctx.db, m.workspaceId, period.start);
  const byName = new Map(lines.map((l) => [l.name.trim().toLowerCase(), l]));
  const months = new Set(periodMonths(period));
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, key, params);
  const decimal = decimalMarkOf(m.workspace.locale);
  const missingColumns = ["line", "month", "amount"].filter((c) => !(parsed.meta.fields ?? []).includes(c));
  if (missingColumns.length) throw badRequest("budget.csv_columns", { columns: missingColumns.join(", ") }, [{ field: "csv", key: "budget.csv_columns", params: { columns: missingColumns.join(", ") } }]);
  const rows = parsed.data.map((r, i) => {
    // A name from our own CSV export may carry the quote that keeps a spreadsheet from reading it as a formula.
    const lineName = unescapeText((r.line ?? "").trim());
    const month = (r.month ?? "").trim();
    const amountText = (r.amount ?? "").trim();
    // The workspace's language decides "1,180" against "1.180" (English and Korean: a decimal point); "1.180,50" is clear either way.
    const reading = amountText === "" ? null : parseMoney(amountText, { currency: m.workspace.currency, decimal });
    const amount = reading?.ok ? reading.minor : null;
    const line = byName.get(lineName.toLowerCase());
    const error = !line
      ? t("budget.csv_unknown_line", { line: lineName })
      : !months.has(month)
        ? t("budget.csv_bad_month", { month, first: period.start, last: [...months].at(-1)! })
        : reading && !reading.ok
          ? moneyProblemMessage(locale, amountText, reading)
          : null;
    return { row: i + 2, line: lineName, month, amount, error, lineId: line?.id };
  });
  const valid = rows.every((r) => r.error === null) && rows.length > 0;
  if (body.apply && valid) {
    await setCells(ctx, m, rows.map((r) => ({ lineId: r.lineId!, month: r.month, field: body.field, amount: r.amount })));
    recordImport("budget_csv", rows.length, (performance.now() - started) / 1000);
  }
  return { rows: rows.map(({ lineId: _l, ...r }) => r), applied: body.apply && valid ? rows.length : 0 };
}
