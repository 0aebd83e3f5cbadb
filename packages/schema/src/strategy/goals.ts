import { addMonths, type StrategyPeriod } from "@socialplan/domain";
import { daysInMonth, MAX_DATE } from "../vocabulary.ts";
import type { FieldIssue } from "../issues.ts";
import type { GoalData } from "./types.ts";

/** The first and last day of a strategy period (a period running past 9999 ends on 9999-12-31). */
export function periodDates(period: StrategyPeriod): { first: string; last: string } {
  const end = addMonths(period.start, period.months - 1);
  // Past 9999 the month has five digits, and strings would no longer sort as dates.
  if (end.length !== 7) return { first: `${period.start}-01`, last: MAX_DATE };
  return { first: `${period.start}-01`, last: `${end}-${daysInMonth(Number(end.slice(0, 4)), Number(end.slice(5, 7)))}` };
}

/**
 * The rules a SMART goal must keep beyond the shape of its fields, checked wherever the goal is saved and
 * shown beside the fields in the editor: a deadline after the start and inside the strategy period, a target
 * different from the baseline and in the goal's direction. Missing values are not errors: a draft may be incomplete.
 */
export function goalIssues(goal: GoalData, period: StrategyPeriod): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { first, last } = periodDates(period);
  const t = goal.timebound ?? {};
  if (t.start && t.deadline && t.deadline <= t.start) {
    issues.push({ field: "data.timebound.deadline", key: "goal.deadline_before_start" });
  }
  for (const field of ["start", "deadline"] as const) {
    const value = t[field];
    if (value && (value < first || value > last)) {
      issues.push({ field: `data.timebound.${field}`, key: "goal.outside_period", params: { first, last } });
    }
  }
  for (const [i, c] of (t.checkpoints ?? []).entries()) {
    if ((t.start && c.date <= t.start) || (t.deadline && c.date > t.deadline)) {
      issues.push({ field: `data.timebound.checkpoints.${i}.date`, key: "goal.checkpoint_outside" });
    }
  }
  const m = goal.measurable ?? {};
  if (m.baseline !== undefined && m.target !== undefined) {
    if (m.baseline === m.target) issues.push({ field: "data.measurable.target", key: "goal.target_equals_baseline" });
    else if (m.direction === "increase" && m.target < m.baseline) issues.push({ field: "data.measurable.target", key: "goal.target_below_baseline" });
    else if (m.direction === "decrease" && m.target > m.baseline) issues.push({ field: "data.measurable.target", key: "goal.target_above_baseline" });
  }
  return issues;
}
