/**
 * Calendar dates as "YYYY-MM-DD" strings, computed in UTC so that no time zone shifts a day. The strings sort
 * as dates only while the year has four digits, so a date computed past 9999-12-31 (a deadline plus a cadence…)
 * stays at 9999-12-31, and one before 0000-01-01 at that day: comparisons and loops keep working at the ends.
 */

const DAY_MS = 86_400_000;
const FIRST_MS = new Date(0).setUTCFullYear(0, 0, 1);
const LAST_MS = Date.UTC(9999, 11, 31);
// Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes them as written.
const utc = (year: number, monthIndex: number, day: number) => new Date(0).setUTCFullYear(year, monthIndex, day);

/** Milliseconds of a "YYYY-MM-DD" date at 00:00 UTC (years below 100 too, which `Date.UTC` would move to 19xx). */
export function parseDate(date: string): number {
  return utc(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** The "YYYY-MM-DD" date of an instant (UTC), kept within 0000-01-01 … 9999-12-31. */
export function formatDate(ms: number): string {
  return new Date(Math.min(Math.max(ms, FIRST_MS), LAST_MS)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseDate(b) - parseDate(a)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date) + days * DAY_MS);
}

/** `n` calendar months after `date`; the day is clamped to the month's length (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsToDate(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const d = Number(date.slice(8, 10));
  const lastDay = new Date(utc(y, m + 1, 0)).getUTCDate();
  return formatDate(utc(y, m, Math.min(d, lastDay)));
}

/** True for a real calendar date written "YYYY-MM-DD". */
export function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && formatDate(parseDate(value)) === value;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return ((new Date(parseDate(date)).getUTCDay() + 6) % 7) + 1;
}

/**
 * The last whole week (starting on `weekStart`, an ISO weekday) or calendar month before `today`: the period a
 * weekly or monthly report covers.
 */
export function lastWholePeriod(kind: "week" | "month", today: string, weekStart: number): { from: string; to: string } {
  if (kind === "month") {
    const first = `${today.slice(0, 7)}-01`;
    return { from: addMonthsToDate(first, -1), to: addDays(first, -1) };
  }
  const thisWeek = addDays(today, -((isoWeekday(today) - weekStart + 7) % 7));
  return { from: addDays(thisWeek, -7), to: addDays(thisWeek, -1) };
}
