import { BUDGET_CATEGORIES, monthPacing, periodMonths, sheetFigures, type BudgetLineInput, type MonthFigures } from "@socialplan/domain";
import { z } from "zod";
import { idSchema } from "./common.ts";
import { LOCALES } from "./locale.ts";
import { MAX_MONEY_MINOR } from "./money.ts";
import { monthSchema } from "./workspace.ts";

export const budgetCategorySchema = z.enum(BUDGET_CATEGORIES);
/** An amount in integer minor units of the workspace currency (cents, or whole won). */
export const amountSchema = z.number().int().min(0).max(MAX_MONEY_MINOR);
const amountsByMonth = z.record(monthSchema, amountSchema);

export const budgetLineSchema = z.object({
  id: idSchema,
  name: z.string(),
  category: budgetCategorySchema,
  channelId: idSchema.nullable(),
  goalId: idSchema.nullable(),
  trackActuals: z.boolean(),
  rollover: z.boolean(),
  /** First month without funding; null while the line runs. */
  stoppedFrom: monthSchema.nullable(),
  position: z.number().int(),
  sample: z.boolean(),
  planned: amountsByMonth,
  actual: amountsByMonth,
});
export type BudgetLine = z.infer<typeof budgetLineSchema>;

const figure = z.number().int();
/** One month (or a period's total) as the sheet shows it, in minor units; available and difference may be negative. */
export const monthFiguresSchema = z.object({
  /** The plan in force (0 from a stopped line's stop month on). */
  planned: figure,
  /** What may be spent: the plan plus, with rollover, what the month before left (the carry may be negative). */
  available: figure,
  /** Recorded spending, or the plan for a line whose actuals are not tracked. */
  actual: figure,
  /** available − actual: positive is underspend, negative overspend. */
  difference: figure,
});
const figuresByMonth = z.record(monthSchema, monthFiguresSchema);
const seriesSchema = z.object({ months: figuresByMonth, total: monthFiguresSchema });
export const budgetPacingSchema = z.object({
  /** The current month in the workspace's time zone, and how far into it we are. */
  month: monthSchema,
  day: z.number().int(),
  days: z.number().int(),
  spent: figure,
  available: figure,
  /** Spending so far and what may be spent this month, over the lines that track actual spending (fixed costs are not paced). */
  spentShare: z.number().nullable(),
  timeShare: z.number(),
  /** The domain's PACING_RULE: early (under a fifth of the month gone), ahead, on_track, behind, none (nothing to pace). */
  status: z.enum(["early", "ahead", "on_track", "behind", "none"]),
});
/** Every figure of the sheet, computed by the domain's sheetFigures and pacing (the exports use the same). */
export const budgetFiguresSchema = z.object({
  /** Per line id: its months, its period total and what its last month hands on. */
  lines: z.record(idSchema, seriesSchema.extend({ carryOut: figure })),
  /** Per category: the sum of its lines per month and for the period. */
  categories: z.record(budgetCategorySchema, seriesSchema),
  /** All lines per month. */
  months: figuresByMonth,
  total: monthFiguresSchema,
  /** Spending in the current month against the share of the month gone; null when today is outside the period. */
  pacing: budgetPacingSchema.nullable(),
});
export type BudgetFigures = z.infer<typeof budgetFiguresSchema>;

export const budgetSchema = z.object({
  period: z.object({ start: monthSchema, months: z.number().int() }),
  currency: z.string(),
  lines: z.array(budgetLineSchema),
  figures: budgetFiguresSchema,
});
export type Budget = z.infer<typeof budgetSchema>;
/** The stored sheet, without the figures computed from it. */
export type BudgetInput = Omit<Budget, "figures">;

export const budgetLineParamsSchema = z.object({ workspaceId: idSchema, lineId: idSchema });

/**
 * Planned amounts in one step: the same amount every month from `from` to `to` (monthly), or one amount — a year's —
 * spread over those months in whole minor units (spread; the remainder goes to the first months, see spreadPlan).
 * Other months keep what they have.
 */
export const budgetPlanSchema = z
  .object({
    kind: z.enum(["monthly", "spread"]),
    amount: amountSchema,
    from: monthSchema,
    to: monthSchema,
  })
  .strict();
export type BudgetPlan = z.infer<typeof budgetPlanSchema>;

export const createBudgetLineSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    category: budgetCategorySchema,
    channelId: idSchema.nullable().optional(),
    goalId: idSchema.nullable().optional(),
    trackActuals: z.boolean().optional(),
    /** Defaults to on for advertising lines, off for the others. */
    rollover: z.boolean().optional(),
    planned: amountsByMonth.optional(),
    plan: budgetPlanSchema.optional(),
  })
  .strict();
export type CreateBudgetLine = z.infer<typeof createBudgetLineSchema>;

export const updateBudgetLineSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    category: budgetCategorySchema,
    channelId: idSchema.nullable(),
    goalId: idSchema.nullable(),
    trackActuals: z.boolean(),
    rollover: z.boolean(),
    stoppedFrom: monthSchema.nullable(),
    plan: budgetPlanSchema,
  })
  .partial()
  .strict();
export type UpdateBudgetLine = z.infer<typeof updateBudgetLineSchema>;

export const BUDGET_FIELDS = ["planned", "actual"] as const;
export const budgetCellSchema = z
  .object({ lineId: idSchema, month: monthSchema, field: z.enum(BUDGET_FIELDS), amount: amountSchema.nullable() })
  .strict();
export const setBudgetCellsSchema = z.object({ cells: z.array(budgetCellSchema).min(1).max(5000) }).strict();
export type BudgetCell = z.infer<typeof budgetCellSchema>;

export const budgetSampleSchema = z.object({ locale: z.enum(LOCALES) }).strict();
export const budgetSampleResultSchema = z.object({ created: z.number().int(), removed: z.number().int() });

export const budgetExportQuerySchema = z.object({ format: z.enum(["xlsx", "csv"]), locale: z.enum(LOCALES).optional() }).strict();

export const budgetImportSchema = z
  .object({
    /** CSV with a header row: line, month, amount (the line by name; the month as YYYY-MM; the amount in the currency's units). */
    csv: z.string().max(2_000_000),
    field: z.enum(BUDGET_FIELDS),
    /** false: only check and preview; true: apply, all rows or none. */
    apply: z.boolean(),
  })
  .strict();
export const budgetImportRowSchema = z.object({
  row: z.number().int(),
  line: z.string(),
  month: z.string(),
  amount: z.number().nullable(),
  error: z.string().nullable(),
});
export const budgetImportResultSchema = z.object({ rows: z.array(budgetImportRowSchema), applied: z.number().int() });
export type BudgetImportResult = z.infer<typeof budgetImportResultSchema>;

/** The sheet as the domain computes it: each line's inputs by month index, and every figure. */
export function budgetFigures(budget: BudgetInput) {
  const months = periodMonths(budget.period);
  const inputs: BudgetLineInput[] = budget.lines.map((l) => ({
    category: l.category,
    planned: months.map((m) => l.planned[m]),
    actual: months.map((m) => l.actual[m]),
    trackActuals: l.trackActuals,
    rollover: l.rollover,
    stoppedFrom: l.stoppedFrom ? Math.max(0, months.indexOf(l.stoppedFrom)) : null,
  }));
  return { months, inputs, sheet: sheetFigures(inputs, months.length) };
}

/**
 * The figures the API returns with the sheet: budgetFigures keyed by month and line id, and the pacing of the
 * month `now` falls in, read in the workspace's time zone.
 */
export function budgetFiguresAt(budget: BudgetInput, at: { now: Date; timeZone: string }): BudgetFigures {
  const { months, sheet } = budgetFigures(budget);
  const byMonth = (figures: readonly MonthFigures[]) => Object.fromEntries(months.map((m, k) => [m, figures[k]!]));
  const series = (s: { months: readonly MonthFigures[]; total: MonthFigures }) => ({ months: byMonth(s.months), total: s.total });
  const k = months.indexOf(monthPacing({ spent: 0, available: 0, ...at }).month);
  // Fixed costs (lines whose actuals are not tracked) count as spent in full on the 1st: pacing leaves them out.
  const tracked = k < 0 ? [] : sheet.lines.filter((_, i) => budget.lines[i]!.trackActuals).map((l) => l.months[k]!);
  const spent = tracked.reduce((a, f) => a + f.actual, 0);
  const available = tracked.reduce((a, f) => a + f.available, 0);
  return {
    lines: Object.fromEntries(budget.lines.map((l, i) => [l.id, { ...series(sheet.lines[i]!), carryOut: sheet.lines[i]!.carryOut }])),
    categories: Object.fromEntries(BUDGET_CATEGORIES.map((c) => [c, series(sheet.categories[c])])) as BudgetFigures["categories"],
    months: byMonth(sheet.months),
    total: sheet.total,
    pacing: k < 0 ? null : { spent, available, ...monthPacing({ spent, available, ...at }) },
  };
}
