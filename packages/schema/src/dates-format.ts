import type { MessageParams } from "./i18n/translate.ts";
import type { Locale } from "./locale.ts";
import { isCalendarDate } from "./calendar-dates.ts";

/**
 * Dates and times in words, the same on every screen, e-mail and export: through Intl, in the reader's language.
 * Two kinds of value, never mixed up:
 * - an instant ("2026-12-07T00:30:00Z", a post's time, a comment's) is shown in the workspace's time zone;
 * - a calendar day or month ("2026-12-01", "2026-12": a deadline, a strategy period) has no zone: it is read and shown
 *   in UTC on both sides, so no reader east or west of UTC sees it a day early or late.
 */

/** The Intl tag the app writes a language with (the web's `intlLocale` message says the same). */
export const intlLocaleOf = (locale: Locale): string => (locale === "ko" ? "ko-KR" : "en-US");

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
/** A calendar day as a Date at midnight UTC (only ever formatted in UTC). Anything after the date (a time) is ignored. */
const dayAsDate = (day: string) => new Date(`${day.slice(0, 10)}T00:00:00Z`);
const monthAsDate = (month: string) => new Date(`${month.slice(0, 7)}-01T00:00:00Z`);

export type DateStyle = "full" | "long" | "medium" | "short";

/**
 * A message's parameters with each calendar day ("2026-12-01") written in words for the reader ("Dec 1, 2026"), for
 * messages whose dates come from the app (a period's first and last day). `value`, an echo of what the user typed,
 * stays as typed.
 */
export function datesInWords(locale: Locale, params: MessageParams = {}): MessageParams {
  const intl = intlLocaleOf(locale);
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, k !== "value" && typeof v === "string" && isCalendarDate(v) ? formatDay(intl, v) : v]));
}

/** "Dec 1, 2026" / "2026. 12. 1.": a calendar day, whatever zone the reader is in. */
export function formatDay(intl: string, day: string, style: DateStyle = "medium"): string {
  if (!DAY.test(day.slice(0, 10))) return day;
  return new Intl.DateTimeFormat(intl, { dateStyle: style, timeZone: "UTC" }).format(dayAsDate(day));
}

/** "Dec 1, 2026 – Nov 30, 2027" / "2026년 12월 1일~2027년 11월 30일": two calendar days, the shared parts written once. */
export function formatDayRange(intl: string, first: string, last: string, style: DateStyle = "medium"): string {
  if (!DAY.test(first.slice(0, 10)) || !DAY.test(last.slice(0, 10))) return `${first} – ${last}`;
  return new Intl.DateTimeFormat(intl, { dateStyle: style, timeZone: "UTC" }).formatRange(dayAsDate(first), dayAsDate(last));
}

/** "Dec 2026" (short) or "December 2026" (long): a month that cannot be read as a day ("Dec 26" could be). */
export function formatMonth(intl: string, month: string, style: "short" | "long" = "long"): string {
  if (!MONTH.test(month.slice(0, 7))) return month;
  return new Intl.DateTimeFormat(intl, { year: "numeric", month: style, timeZone: "UTC" }).format(monthAsDate(month));
}

/** "Dec 2026 – Nov 2027" / "2026년 12월~2027년 11월" (a single month when both are the same). */
export function formatMonthRange(intl: string, from: string, to: string, style: "short" | "long" = "short"): string {
  if (!MONTH.test(from.slice(0, 7)) || !MONTH.test(to.slice(0, 7))) return `${from} – ${to}`;
  return new Intl.DateTimeFormat(intl, { year: "numeric", month: style, timeZone: "UTC" }).formatRange(monthAsDate(from), monthAsDate(to));
}

export interface InstantStyle {
  date?: DateStyle;
  time?: "short" | "medium";
}

/** "Dec 7, 2026, 9:30 AM": an instant on the workspace's clock (both parts medium/short unless told). */
export function formatInstant(intl: string, zone: string | undefined, instant: string, style: InstantStyle = { date: "medium", time: "short" }): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return new Intl.DateTimeFormat(intl, { ...(style.date ? { dateStyle: style.date } : {}), ...(style.time ? { timeStyle: style.time } : {}), ...(zone ? { timeZone: zone } : {}) }).format(d);
}

/** The calendar day an instant falls on in a zone, "2026-12-07" (for comparing with calendar days, not for showing). */
export function dayInZone(instant: string | Date, zone: string): string {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

/** The zone as people read it next to a time: "Asia/Seoul (GMT+9)"; UTC stays "UTC". */
export function zoneLabel(zone: string, at: Date = new Date()): string {
  if (zone === "UTC" || zone === "Etc/UTC") return "UTC";
  const offset = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "shortOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value;
  return offset ? `${zone} (${offset})` : zone;
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
];

/**
 * "3 hours ago", "in 2 days", "now" / "3시간 전": how long ago an instant is, for feeds; null past a week either way
 * (then the date says more than "5 weeks ago"). Seconds are rounded down to "now".
 */
export function formatRelative(intl: string, instant: string, now: Date): string | null {
  const then = new Date(instant).getTime();
  if (Number.isNaN(then)) return null;
  let value = (then - now.getTime()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(intl, { numeric: "auto" });
  if (Math.abs(value) < 45) return rtf.format(0, "second");
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return rtf.format(Math.trunc(value), unit);
    value /= size;
  }
  return null;
}
