/** A strategy period: a start month ("YYYY-MM") and a length in months. */
export interface StrategyPeriod {
  readonly start: string;
  readonly months: number;
}

/** Adds `n` months to a "YYYY-MM" month. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Every month of the period, in order. */
export function periodMonths(period: StrategyPeriod): string[] {
  return Array.from({ length: period.months }, (_, i) => addMonths(period.start, i));
}

/** The last month of the period. */
export function periodEnd(period: StrategyPeriod): string {
  return addMonths(period.start, period.months - 1);
}

/** The calendar month ("YYYY-MM") of an instant in a time zone. */
export function monthIn(instant: Date, timeZone: string): string {
  return dayIn(instant, timeZone).month;
}

/** The calendar month, day of the month and the month's length of an instant in a time zone (for pacing). */
export function dayIn(instant: Date, timeZone: string): { month: string; day: number; days: number } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "numeric" }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const [year, month] = [Number(get("year")), Number(get("month"))];
  return { month: `${get("year")}-${get("month")}`, day: Number(get("day")), days: new Date(Date.UTC(year, month, 0)).getUTCDate() };
}
