import { DateTime, IANAZone } from "luxon";

/** A wall-clock moment in some time zone, as people read and type it. */
export interface LocalDateTime {
  /** "YYYY-MM-DD" */
  date: string;
  /** "HH:mm" (24 h) */
  time: string;
}

/**
 * How a wall-clock time reads in a zone, the one rule for every place a person or a file gives a local time
 * (editor, CSV import, API, recurrences, calendar feed):
 * - `exact`: it happens once;
 * - `ambiguous`: it happens twice (clocks go back); `earlier` is the first, as people mean unless they say;
 * - `skipped`: it does not exist (clocks go forward); the two nearest valid times are the same wall time moved
 *   back or forward by the length of the gap (01:30 or 03:30 for a skipped 02:30), as RFC 5545 §3.3.5 and
 *   JavaScript's Temporal (`disambiguation: "earlier" | "later"`) read it.
 */
export type LocalTimeReading =
  | { kind: "exact"; instant: string }
  | { kind: "ambiguous"; earlier: string; later: string }
  | { kind: "skipped"; earlier: string; later: string; earlierLocal: LocalDateTime; laterLocal: LocalDateTime; gapMinutes: number };

export type Disambiguation = "earlier" | "later";

const MINUTE = 60_000;
const DAY = 86_400_000;
const wall = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd HH:mm");

/** Reads a wall-clock time in `zone` (throws a RangeError for a date or time that is not one, or an unknown zone). */
export function readLocalTime(local: LocalDateTime, zone: string): LocalTimeReading {
  const [y, mo, d] = local.date.split("-").map(Number) as [number, number, number];
  const [h, mi] = local.time.split(":").map(Number) as [number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(naive);
  const iana = IANAZone.create(zone);
  if (!iana.isValid || !(h >= 0 && h < 24 && mi >= 0 && mi < 60) || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) {
    throw new RangeError(`invalid local time ${local.date} ${local.time} in ${zone}`);
  }
  // The zone's offsets a day either side: a wall time is one of at most these two readings.
  const before = iana.offset(naive - DAY);
  const after = iana.offset(naive + DAY);
  // No change of offset within a day either side (nearly every time): it happens exactly once.
  if (before === after) return { kind: "exact", instant: new Date(naive - before * MINUTE).toISOString() };
  const target = `${local.date} ${local.time}`;
  const candidates = [...new Set([naive - before * MINUTE, naive - after * MINUTE])].filter((ms) => wall(ms, zone) === target).sort((a, b) => a - b);
  const iso = (ms: number) => new Date(ms).toISOString();
  if (candidates.length === 1) return { kind: "exact", instant: iso(candidates[0]!) };
  if (candidates.length === 2) return { kind: "ambiguous", earlier: iso(candidates[0]!), later: iso(candidates[1]!) };
  // Skipped: clocks went from `before` to `after` (a larger offset); move by the gap either way.
  const earlier = naive - after * MINUTE;
  const later = naive - before * MINUTE;
  return { kind: "skipped", earlier: iso(earlier), later: iso(later), earlierLocal: utcToZoned(iso(earlier), zone), laterLocal: utcToZoned(iso(later), zone), gapMinutes: after - before };
}

/**
 * The instant of a wall-clock time, choosing as asked when it is ambiguous or skipped (by default the earlier of
 * two, and for a skipped time the later reading, i.e. moved forward by the gap as RFC 5545 does). Use
 * `readLocalTime` where a person should be told or asked instead.
 */
export function zonedToUtc(local: LocalDateTime, zone: string, choose?: Disambiguation): string {
  const r = readLocalTime(local, zone);
  if (r.kind === "exact") return r.instant;
  if (r.kind === "ambiguous") return choose === "later" ? r.later : r.earlier;
  return choose === "earlier" ? r.earlier : r.later;
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
