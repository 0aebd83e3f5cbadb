import { DateTime } from "luxon";

/** A wall-clock moment in some time zone, as people read and type it. */
export interface LocalDateTime {
  /** "YYYY-MM-DD" */
  date: string;
  /** "HH:mm" (24 h) */
  time: string;
}

/**
 * The UTC instant (ISO string) of a wall-clock time in `zone`. A time that does not exist (the hour skipped
 * when clocks go forward) moves forward by the gap, as people expect ("02:30" on a spring-forward night
 * becomes 03:30); a time that happens twice (clocks go back) is the first of the two.
 */
export function zonedToUtc(local: LocalDateTime, zone: string): string {
  const [y, mo, d] = local.date.split("-").map(Number) as [number, number, number];
  const [h, mi] = local.time.split(":").map(Number) as [number, number];
  const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi }, { zone });
  if (!dt.isValid) throw new RangeError(`invalid local time ${local.date} ${local.time} in ${zone}`);
  // Luxon takes the later of two instants that share a wall-clock time; people mean the first.
  const wall = dt.toFormat("yyyy-MM-dd HH:mm");
  for (const minutes of [60, 30]) {
    const earlier = dt.minus({ minutes });
    if (earlier.toFormat("yyyy-MM-dd HH:mm") === wall) return earlier.toUTC().toISO()!;
  }
  return dt.toUTC().toISO()!;
}

/** The wall-clock date and time of a UTC instant in `zone`. */
export function utcToZoned(instant: string | Date, zone: string): LocalDateTime {
  const dt = (typeof instant === "string" ? DateTime.fromISO(instant, { zone: "utc" }) : DateTime.fromJSDate(instant)).setZone(zone);
  return { date: dt.toFormat("yyyy-MM-dd"), time: dt.toFormat("HH:mm") };
}

/** The UTC instants where a calendar day in `zone` starts and ends (23 or 25 hours apart on DST days). */
export function zonedDayBounds(date: string, zone: string): { start: string; end: string } {
  const start = DateTime.fromISO(date, { zone }).startOf("day");
  return { start: start.toUTC().toISO()!, end: start.plus({ days: 1 }).toUTC().toISO()! };
}

/** ISO week key ("2026-W48") of a UTC instant as seen in `zone`, for counting posts per week. */
export function zonedWeekStart(instant: string, zone: string, weekStart = 1): string {
  const dt = DateTime.fromISO(instant, { zone: "utc" }).setZone(zone).startOf("day");
  const back = (dt.weekday - weekStart + 7) % 7;
  return dt.minus({ days: back }).toFormat("yyyy-MM-dd");
}
