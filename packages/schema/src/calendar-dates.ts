/**
 * Calendar days, months and instants as strings, checked by pure string and integer arithmetic (no zod): what
 * `vocabulary.ts`'s schemas check, kept apart so that a screen which only formats or compares dates does not carry
 * the schemas (zod's calls cannot be dropped from a bundle).
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
export const MIN_DATE = "1900-01-01";
export const MAX_DATE = "9999-12-31";

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_SHAPE = /^(\d{4})-(\d{2})$/;
const INSTANT_SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const MIN_MS = Date.UTC(MIN_YEAR, 0, 1);
const MAX_MS = Date.UTC(MAX_YEAR, 11, 31, 23, 59, 59, 999);

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const yearOk = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;

/** True for a real calendar day written "YYYY-MM-DD" between 1900-01-01 and 9999-12-31. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = DATE_SHAPE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return yearOk(y) && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** True for a month written "YYYY-MM" between 1900-01 and 9999-12. */
export function isCalendarMonth(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = MONTH_SHAPE.exec(value);
  return !!m && yearOk(Number(m[1])) && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/**
 * True for an ISO 8601 instant with a zone ("Z" or ±hh:mm) whose wall clock is a real time and whose UTC moment
 * is also within 1900–9999 (so it is stored as a plain four-digit-year ISO string).
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = INSTANT_SHAPE.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [number, number, number, number, number];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const offsetOk = m[7] === undefined || (Number(m[8]) <= 23 && Number(m[9]) <= 59);
  if (!yearOk(y) || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59 || !offsetOk) return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS;
}

/** Whole days from date `a` to date `b` (both valid "YYYY-MM-DD"); never throws. */
export function daysFromTo(a: string, b: string): number {
  const ms = (v: string) => Date.UTC(Number(v.slice(0, 4)), Number(v.slice(5, 7)) - 1, Number(v.slice(8, 10)));
  return Math.round((ms(b) - ms(a)) / 86_400_000);
}
