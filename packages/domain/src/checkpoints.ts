import { addDays, addMonthsToDate, daysBetween } from "./dates.ts";

export type Cadence = "monthly" | "weekly";
export type Growth = "linear" | "compound";

export interface CheckpointPlan {
  /** "YYYY-MM-DD" */
  readonly start: string;
  /** "YYYY-MM-DD", after start */
  readonly deadline: string;
  readonly baseline: number;
  readonly target: number;
  readonly cadence: Cadence;
  /**
   * linear: the same step each period. compound: the same growth rate each period — the natural reading of
   * "double X in 6 months" (×1.12 a month rather than +1/6 of the gain); needs a positive baseline and target.
   */
  readonly growth: Growth;
}

export interface Checkpoint {
  readonly date: string;
  readonly target: number;
}

/** Checkpoint dates: every month or week after the start, and always the deadline itself as the last. */
export function checkpointDates(start: string, deadline: string, cadence: Cadence): string[] {
  const dates: string[] = [];
  for (let i = 1; ; i++) {
    const date = cadence === "monthly" ? addMonthsToDate(start, i) : addDays(start, 7 * i);
    if (date >= deadline) break;
    dates.push(date);
  }
  dates.push(deadline);
  return dates;
}

/** Whether compound growth can be used for these values (it needs both ends above zero). */
export function canCompound(baseline: number, target: number): boolean {
  return baseline > 0 && target > 0;
}

/**
 * Suggested targets for each checkpoint between start and deadline, ending exactly at the goal's target.
 * Values are interpolated by elapsed days, so uneven months weigh correctly; whole-number goals (followers,
 * orders) get whole-number checkpoints, others keep two decimals.
 */
export function suggestCheckpoints(plan: CheckpointPlan): Checkpoint[] {
  const total = daysBetween(plan.start, plan.deadline);
  if (!(total > 0)) return [];
  const whole = Number.isInteger(plan.baseline) && Number.isInteger(plan.target);
  const compound = plan.growth === "compound" && canCompound(plan.baseline, plan.target);
  const round = (v: number) => (whole ? Math.round(v) : Math.round(v * 100) / 100);
  return checkpointDates(plan.start, plan.deadline, plan.cadence).map((date) => {
    const share = daysBetween(plan.start, date) / total;
    const value = compound
      ? plan.baseline * Math.pow(plan.target / plan.baseline, share)
      : plan.baseline + (plan.target - plan.baseline) * share;
    return { date, target: date === plan.deadline ? plan.target : round(value) };
  });
}

export interface CheckpointStanding {
  /** The last checkpoint due by today, and whether the current value has reached it (null without a value). */
  readonly due: (Checkpoint & { readonly reached: boolean | null }) | null;
  /** The next checkpoint after today. */
  readonly next: Checkpoint | null;
}

/**
 * Where a goal stands against its checkpoints today: the last one due, reached when the current value is at or past
 * its target (below it for a goal that decreases), and the next one to aim for. Checkpoints may come in any order.
 */
export function checkpointStanding(input: { checkpoints: readonly Checkpoint[]; today: string; current: number | null; direction?: "increase" | "decrease" }): CheckpointStanding {
  const sorted = [...input.checkpoints].sort((a, b) => a.date.localeCompare(b.date));
  const due = sorted.filter((c) => c.date <= input.today).at(-1) ?? null;
  const next = sorted.find((c) => c.date > input.today) ?? null;
  const reached = (c: Checkpoint) => (input.current === null ? null : input.direction === "decrease" ? input.current <= c.target : input.current >= c.target);
  return { due: due ? { ...due, reached: reached(due) } : null, next };
}
