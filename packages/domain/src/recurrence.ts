import { DateTime } from "luxon";
import * as rruleModule from "rrule";
import { readLocalTime, type LocalDateTime, type LocalTimeReading } from "./zoned-time.ts";

// Everything loads rrule's CommonJS build (`main`; apps/web/vite.config.ts points the browser bundle at it too): under a
// bundler its namespace has the named exports, under Node only `default`. Take it from either.
const { RRule, rrulestr } = "RRule" in rruleModule ? rruleModule : (rruleModule as unknown as { default: typeof rruleModule }).default;
type Rule = InstanceType<typeof RRule>;

/**
 * Occurrences of a recurrence rule (RFC 5545 RRULE, e.g. "FREQ=WEEKLY;BYDAY=MO") that starts at a wall-clock
 * time in `zone`, as UTC ISO strings within [from, to). The rule is expanded in "floating" wall-clock time and
 * each occurrence converted on its own day, so "every Monday 09:00" stays 09:00 across daylight-saving changes.
 */
export function occurrences(rule: string, start: LocalDateTime, zone: string, fromAt: string, toAt: string, limit = 1000): string[] {
  return expand(rule, start, zone, fromAt, toAt, limit).map((o) => o.instant);
}

/** Each occurrence within [from, to): the wall-clock time the rule asks for, how it reads, and the instant it is. */
function expand(rule: string, start: LocalDateTime, zone: string, fromAt: string, toAt: string, limit: number): { local: LocalDateTime; reading: LocalTimeReading; instant: string }[] {
  // Compared as ISO strings below: normalised first, so "…T09:00:00Z" and "…T09:00:00.000Z" are the same bound.
  const from = new Date(fromAt).toISOString();
  const to = new Date(toAt).toISOString();
  const floatingStart = new Date(`${start.date}T${start.time}:00.000Z`);
  let parsed: Rule;
  try {
    parsed = parseRule(rule, floatingStart);
  } catch {
    // A rule stored before today's rules were this strict (e.g. a negative INTERVAL) has no occurrences.
    return [];
  }
  // Floating bounds: widen by a day either way, then filter on the real instants.
  const fromFloat = DateTime.fromISO(from, { zone: "utc" }).setZone(zone).setZone("utc", { keepLocalTime: true }).minus({ days: 1 }).toJSDate();
  const toFloat = DateTime.fromISO(to, { zone: "utc" }).setZone(zone).setZone("utc", { keepLocalTime: true }).plus({ days: 1 }).toJSDate();
  const out: { local: LocalDateTime; reading: LocalTimeReading; instant: string }[] = [];
  for (const d of parsed.between(fromFloat, toFloat, true)) {
    const iso = d.toISOString();
    const local = { date: iso.slice(0, 10), time: iso.slice(11, 16) };
    const reading = readLocalTime(local, zone);
    // The one rule for a recurrence: a skipped time moves forward by the gap, a repeated one is the first.
    const instant = reading.kind === "exact" ? reading.instant : reading.kind === "ambiguous" ? reading.earlier : reading.later;
    if (instant >= from && instant < to) out.push({ local, reading, instant });
    if (out.length >= limit) break;
  }
  return out;
}

/** An occurrence whose wall-clock time does not exist (moved forward by the gap) or happens twice (the first taken). */
export interface OccurrenceNote {
  kind: "moved" | "twice";
  /** The wall-clock time the rule asks for. */
  local: LocalDateTime;
  /** The instant the post goes out. */
  instant: string;
  /** For "twice": the other reading, not used. */
  other: string | null;
}

/**
 * The occurrences within [from, to) that the one local-time rule (`readLocalTime`) had to decide, so the editor can
 * say so: a recurring 02:30 on the night clocks go forward goes out at 03:30; on the night they go back, at the
 * first 02:30.
 */
export function occurrenceNotes(rule: string, start: LocalDateTime, zone: string, from: string, to: string, limit = 20): OccurrenceNote[] {
  const notes: OccurrenceNote[] = [];
  for (const { local, reading, instant } of expand(rule, start, zone, from, to, 5000)) {
    if (reading.kind === "skipped") notes.push({ kind: "moved", local, instant, other: null });
    else if (reading.kind === "ambiguous") notes.push({ kind: "twice", local, instant, other: reading.later });
    if (notes.length >= limit) break;
  }
  return notes;
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

const WEEKDAY = "(MO|TU|WE|TH|FR|SA|SU)";
const list = (item: string) => new RegExp(`^${item}(,${item})*$`);
/**
 * The RRULE parts a posting rule may use, each with the values it may take (RFC 5545 §3.3.10). Anything else is
 * refused before the rrule library sees it: it loops for ever on some values (a negative or zero INTERVAL).
 */
const RULE_PARTS: Record<string, RegExp> = {
  FREQ: /^(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)$/,
  INTERVAL: /^[1-9]\d{0,2}$/,
  COUNT: /^[1-9]\d{0,3}$/,
  UNTIL: /^\d{8}(T\d{6}Z?)?$/,
  BYDAY: list(`[+-]?([1-9]|[1-4]\\d|5[0-3])?${WEEKDAY}`),
  BYMONTHDAY: list("-?([1-9]|[12]\\d|3[01])"),
  BYMONTH: list("([1-9]|1[0-2])"),
  BYSETPOS: list("-?([1-9]|[1-9]\\d|[12]\\d\\d|3[0-5]\\d|36[0-6])"),
  WKST: new RegExp(`^${WEEKDAY}$`),
};

function parseRule(rule: string, dtstart: Date): Rule {
  const body = rule.replace(/^RRULE:/i, "").trim().toUpperCase();
  const parts = body.split(";").map((p) => p.split("="));
  const seen = new Set<string>();
  for (const part of parts) {
    const [key, value, extra] = part;
    if (!key || value === undefined || extra !== undefined || seen.has(key) || !RULE_PARTS[key]?.test(value)) throw new Error("unsupported rule");
    seen.add(key);
  }
  if (!seen.has("FREQ") || (seen.has("COUNT") && seen.has("UNTIL"))) throw new Error("unsupported rule");
  const parsed = rrulestr(`RRULE:${body}`, { dtstart, forceset: false });
  if (!(parsed instanceof RRule)) throw new Error("unsupported rule");
  return parsed;
}
