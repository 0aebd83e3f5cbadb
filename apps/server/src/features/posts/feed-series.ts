import { occurrences, utcToZoned, zonedToUtc } from "@socialplan/domain";
import { DateTime } from "luxon";

const DAY_MS = 86_400_000;

export interface FeedSeries {
  /** The first occurrence (UTC ISO), the event's DTSTART: RFC 5545 counts DTSTART as an instance, rrule does not. */
  first: string;
  /** The rule for a DTSTART with TZID: an UNTIL made the UTC instant RFC 5545 requires there. */
  rrule: string;
}

/**
 * A recurring post as one calendar event whose rule the calendar program expands, with exactly the occurrences the
 * publisher uses (domain `occurrences`: the rule read in wall-clock time of the workspace's zone). Null when the
 * rule has no occurrence at all.
 */
export function feedSeries(rule: string, scheduledAt: string, zone: string): FeedSeries | null {
  const start = utcToZoned(scheduledAt, zone);
  const after = (days: number) => new Date(Date.parse(scheduledAt) + days * DAY_MS).toISOString();
  // Nearly every rule has an occurrence within the year; a sparse one ("every 29 February") is looked for further.
  const first = occurrences(rule, start, zone, scheduledAt, after(400), 1)[0] ?? occurrences(rule, start, zone, scheduledAt, after(366 * 30), 1)[0];
  if (!first) return null;
  const parts = rule
    .replace(/^RRULE:/i, "")
    .trim()
    .toUpperCase()
    .split(";")
    .filter(Boolean)
    .map((part) => (part.startsWith("UNTIL=") ? `UNTIL=${untilInstant(part.slice(6), zone)}` : part));
  return { first, rrule: parts.join(";") };
}

/**
 * The app reads UNTIL as a wall-clock time in the zone (rrule compares it with the floating occurrences); with a
 * TZID start RFC 5545 wants the UTC instant. A time that happens twice is taken at its later reading so that an
 * occurrence at that very time stays in.
 */
function untilInstant(value: string, zone: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!m) return value;
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = m;
  try {
    const instant = Date.parse(zonedToUtc({ date: `${y}-${mo}-${d}`, time: `${h}:${mi}` }, zone, "later")) + Number(s) * 1000;
    return DateTime.fromMillis(instant, { zone: "utc" }).toFormat("yyyyMMdd'T'HHmmss'Z'");
  } catch {
    return value.includes("T") ? value.replace(/Z?$/, "Z") : value;
  }
}
