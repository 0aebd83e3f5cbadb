import { BUDGET_CATEGORIES, periodMonths, sheetFigures, type BudgetLineInput } from "@socialplan/domain";
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

export const budgetSchema = z.object({
  period: z.object({ start: monthSchema, months: z.number().int() }),
  currency: z.string(),
  lines: z.array(budgetLineSchema),
});
export type Budget = z.infer<typeof budgetSchema>;

export const budgetLineParamsSchema = z.object({ workspaceId: idSchema, lineId: idSchema });

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
export function budgetFigures(budget: Budget) {
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
