import { DateTime } from "luxon";

/**
 * Budget pacing: is this month's money being spent faster or slower than the month goes by?
 *
 * The rule, as the budget page and Home state it:
 * - the share spent is spending so far / the month's available money; the share of time gone is the exact
 *   fraction of the calendar month (in the workspace's time zone) that has passed at `now`;
 * - `early`: before PACING_RULE.earliest (20 %) of the month has gone — about the first six days — nothing is
 *   said: one invoice in the first days says nothing about the month. Only when the month's money is already
 *   all spent (or more) is that said at once (`ahead`);
 * - `ahead`: spent share more than PACING_RULE.tolerance (10 points) above the time share; `behind`: more than
 *   10 points below; `on_track` in between;
 * - `none`: nothing available to spend this month.
 */
export const PACING_RULE = { earliest: 0.2, tolerance: 0.1 } as const;

export type PacingStatus = "early" | "ahead" | "on_track" | "behind" | "none";

export interface PacingInput {
  /** Spending recorded in the month so far, minor units. */
  readonly spent: number;
  /** What may be spent this month (plan plus carry), minor units. */
  readonly available: number;
  /** The caller's clock. */
  readonly now: Date;
  /** IANA zone the month is read in (the workspace's). */
  readonly timeZone: string;
}

export interface MonthPacing {
  /** The month `now` falls in, "YYYY-MM", in the zone. */
  readonly month: string;
  /** Day of the month (1-based) and the month's length. */
  readonly day: number;
  readonly days: number;
  /** Share of the month's available money spent, 0–1 or more when overspent; null with nothing available. */
  readonly spentShare: number | null;
  /** Share of the month gone, 0–1. */
  readonly timeShare: number;
  readonly status: PacingStatus;
}

/** Where `now` is in its month, in the zone: month, day, length, and the exact share gone. */
export function monthProgress(now: Date, timeZone: string): Pick<MonthPacing, "month" | "day" | "days" | "timeShare"> {
  const local = DateTime.fromJSDate(now).setZone(timeZone);
  if (!local.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  const start = local.startOf("month");
  const next = start.plus({ months: 1 });
  const timeShare = (local.toMillis() - start.toMillis()) / (next.toMillis() - start.toMillis());
  return { month: local.toFormat("yyyy-MM"), day: local.day, days: local.daysInMonth!, timeShare: Math.min(1, Math.max(0, timeShare)) };
}

/** Spending in the month `now` falls in against the share of that month gone (see PACING_RULE). */
export function monthPacing(input: PacingInput): MonthPacing {
  const progress = monthProgress(input.now, input.timeZone);
  if (input.available <= 0) return { ...progress, spentShare: null, status: "none" };
  const spentShare = Math.max(0, input.spent) / input.available;
  return { ...progress, spentShare, status: paceStatus(spentShare, progress.timeShare) };
}

/** The status for a spent share and a time share (both 0–1), by PACING_RULE. */
export function paceStatus(spentShare: number, timeShare: number): Exclude<PacingStatus, "none"> {
  if (timeShare < PACING_RULE.earliest && spentShare < 1) return "early";
  if (spentShare > timeShare + PACING_RULE.tolerance) return "ahead";
  if (spentShare < timeShare - PACING_RULE.tolerance) return "behind";
  return "on_track";
}
