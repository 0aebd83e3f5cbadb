import { DateTime } from "luxon";
import * as rruleModule from "rrule";
import { zonedToUtc, type LocalDateTime } from "./zoned-time.ts";

// rrule ships CommonJS to Node (no named exports there) and ES modules to bundlers: take it from either.
const { RRule, rrulestr } = "RRule" in rruleModule ? rruleModule : (rruleModule as unknown as { default: typeof rruleModule }).default;
type Rule = InstanceType<typeof RRule>;

/**
 * Occurrences of a recurrence rule (RFC 5545 RRULE, e.g. "FREQ=WEEKLY;BYDAY=MO") that starts at a wall-clock
 * time in `zone`, as UTC ISO strings within [from, to). The rule is expanded in "floating" wall-clock time and
 * each occurrence converted on its own day, so "every Monday 09:00" stays 09:00 across daylight-saving changes.
 */
export function occurrences(rule: string, start: LocalDateTime, zone: string, from: string, to: string, limit = 1000): string[] {
  const floatingStart = new Date(`${start.date}T${start.time}:00.000Z`);
  const parsed = parseRule(rule, floatingStart);
  // Floating bounds: widen by a day either way, then filter on the real instants.
  const fromFloat = DateTime.fromISO(from, { zone: "utc" }).setZone(zone).setZone("utc", { keepLocalTime: true }).minus({ days: 1 }).toJSDate();
  const toFloat = DateTime.fromISO(to, { zone: "utc" }).setZone(zone).setZone("utc", { keepLocalTime: true }).plus({ days: 1 }).toJSDate();
  const out: string[] = [];
  for (const d of parsed.between(fromFloat, toFloat, true)) {
    const iso = d.toISOString();
    const utc = zonedToUtc({ date: iso.slice(0, 10), time: iso.slice(11, 16) }, zone);
    if (utc >= from && utc < to) out.push(utc);
    if (out.length >= limit) break;
  }
  return out;
}

/** A readable check that a rule parses; returns null when it does, an error key when not. */
export function recurrenceError(rule: string): string | null {
  try {
    const r = parseRule(rule, new Date("2026-01-05T09:00:00Z"));
    if (r.options.freq > RRule.DAILY) return "validation.recurrence_too_often";
    return null;
  } catch {
    return "validation.recurrence";
  }
}

function parseRule(rule: string, dtstart: Date): Rule {
  const body = rule.replace(/^RRULE:/i, "").trim();
  if (!/^[A-Z0-9=;,+-]+$/i.test(body) || /DTSTART|TZID/i.test(body)) throw new Error("unsupported rule");
  const parsed = rrulestr(`RRULE:${body}`, { dtstart, forceset: false });
  if (!(parsed instanceof RRule)) throw new Error("unsupported rule");
  return parsed;
}
