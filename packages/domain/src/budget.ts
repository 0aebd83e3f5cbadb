/**
 * The guide's budget sheet (§12) as pure functions over integer minor units: one column per month of the
 * strategy period, planned against actual, and unspent advertising money rolling into the next month.
 */

export const BUDGET_CATEGORIES = ["software", "ads", "services", "assets", "other"] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

export interface BudgetLineInput {
  readonly category: BudgetCategory;
  /** Planned amount per month index (0 = first month of the period); missing months are 0. */
  readonly planned: readonly (number | null | undefined)[];
  /** Actual amount per month index; null/undefined = nothing recorded (yet). */
  readonly actual: readonly (number | null | undefined)[];
  /** When off, the line's spending is taken to be its plan (a fixed subscription needs no bookkeeping). */
  readonly trackActuals: boolean;
  readonly rollover: boolean;
  /** First month index with no funding; earlier months stay as they are. null = never stopped. */
  readonly stoppedFrom: number | null;
}

export interface MonthFigures {
  readonly planned: number;
  /** What may be spent this month: the plan, plus (with rollover) what the previous month left. */
  readonly available: number;
  readonly actual: number;
  /** available − actual: positive is underspend, negative overspend. */
  readonly difference: number;
}

export interface LineFigures {
  readonly months: readonly MonthFigures[];
  readonly total: MonthFigures;
  /** What the last month hands on (with rollover, the carry into a following period). */
  readonly carryOut: number;
}

const amount = (v: number | null | undefined) => (typeof v === "number" ? v : 0);

/**
 * One line's months. With rollover on, available(m) = planned(m) + available(m−1) − actual(m−1) from the second
 * month on, so an underspend adds to next month and an overspend is taken from it (the carry may be negative).
 * A stopped line gets no funding and carries nothing from its stop month on; spending there shows as overspend.
 */
export function lineFigures(line: BudgetLineInput, monthCount: number): LineFigures {
  const months: MonthFigures[] = [];
  let carry = 0;
  for (let m = 0; m < monthCount; m++) {
    const stopped = line.stoppedFrom !== null && m >= line.stoppedFrom;
    const planned = stopped ? 0 : amount(line.planned[m]);
    const actual = line.trackActuals ? amount(line.actual[m]) : planned;
    const available = stopped ? 0 : planned + (line.rollover ? carry : 0);
    months.push({ planned, available, actual, difference: available - actual });
    carry = line.rollover && !stopped ? available - actual : 0;
  }
  return { months, total: totalOf(months), carryOut: carry };
}

/**
 * Totals over months. Available over several months counts each month's new money once (the plan plus the carry
 * into the first month), not the carried amounts again; the difference is the total available minus the total spent.
 */
function totalOf(months: readonly MonthFigures[]): MonthFigures {
  const planned = sum(months.map((m) => m.planned));
  const actual = sum(months.map((m) => m.actual));
  const firstCarry = months.length ? months[0]!.available - months[0]!.planned : 0;
  const available = planned + firstCarry;
  return { planned, available, actual, difference: available - actual };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function addFigures(rows: readonly MonthFigures[]): MonthFigures {
  return {
    planned: sum(rows.map((r) => r.planned)),
    available: sum(rows.map((r) => r.available)),
    actual: sum(rows.map((r) => r.actual)),
    difference: sum(rows.map((r) => r.difference)),
  };
}

export interface SheetFigures {
  readonly lines: readonly LineFigures[];
  /** Per month over all lines. */
  readonly months: readonly MonthFigures[];
  /** Per category: per month and for the period. */
  readonly categories: Readonly<Record<BudgetCategory, { months: readonly MonthFigures[]; total: MonthFigures }>>;
  readonly total: MonthFigures;
}

/** The whole sheet: every line, and totals per month, per category and for the period. */
export function sheetFigures(lines: readonly BudgetLineInput[], monthCount: number): SheetFigures {
  const figures = lines.map((l) => lineFigures(l, monthCount));
  const monthsOf = (subset: readonly LineFigures[]) => Array.from({ length: monthCount }, (_, m) => addFigures(subset.map((f) => f.months[m]!)));
  const categories = Object.fromEntries(
    BUDGET_CATEGORIES.map((c) => {
      const subset = figures.filter((_, i) => lines[i]!.category === c);
      return [c, { months: monthsOf(subset), total: addFigures(subset.map((f) => f.total)) }];
    }),
  ) as unknown as SheetFigures["categories"];
  return { lines: figures, months: monthsOf(figures), categories, total: addFigures(figures.map((f) => f.total)) };
}

/** Splits an amount of minor units into `parts` whole amounts that add up exactly (the first ones get the remainder). */
export function splitEvenly(total: number, parts: number): number[] {
  if (parts <= 0) return [];
  const base = Math.floor(total / parts);
  const remainder = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < remainder ? 1 : 0));
}

/**
 * How a planned amount fills months, in one step:
 * - `monthly`: the same amount in every month from `from` to `to`;
 * - `spread`: the amount (e.g. a yearly one) split over those months in whole minor units, the months adding up
 *   exactly to it; what does not divide evenly goes one minor unit each to the first months (splitEvenly), so
 *   ₩1,000,000 over 12 months is 4 × ₩83,334 and 8 × ₩83,333.
 */
export interface PlanSpread {
  readonly kind: "monthly" | "spread";
  /** Integer minor units of the workspace's currency. */
  readonly amount: number;
  /** The months it fills, in order (e.g. periodMonths between the chosen first and last month). */
  readonly months: readonly string[];
}

/** The planned amount per month of a PlanSpread ("YYYY-MM" → minor units). */
export function spreadPlan(plan: PlanSpread): Record<string, number> {
  const parts = plan.kind === "monthly" ? plan.months.map(() => plan.amount) : splitEvenly(plan.amount, plan.months.length);
  return Object.fromEntries(plan.months.map((m, i) => [m, parts[i]!]));
}
