import { DateTime } from "luxon";

/**
 * RFC 5545 VTIMEZONE components built from the time-zone data the server itself converts times with (luxon over
 * the runtime's ICU), so a calendar program reads an event's TZID exactly as the app meant it.
 *
 * The zone's offset changes are found by probing. Where the changes of the coming years follow yearly rules
 * ("last Sunday of March at 02:00", "first Sunday on or after the 8th"), the component states them as RRULEs, which
 * hold for every later year as the time-zone database itself projects them; earlier, irregular changes are listed
 * one by one. A zone whose changes follow no yearly rule (Morocco's, which follow Ramadan) gets every change listed
 * up to RULE_CHECK_YEARS ahead.
 */

const DAY = 86_400_000;
/** How many years ahead the yearly rules are checked against the zone's real changes (and the fallback's reach). */
export const RULE_CHECK_YEARS = 15;
/** Changes earlier than this many years before now are not described (occurrences that far back use the first). */
const MAX_YEARS_BACK = 10;

interface Change {
  /** The instant of the change. */
  at: number;
  /** Offsets from UTC in minutes, before and after. */
  from: number;
  to: number;
}

const offsetAt = (zone: string, ms: number) => DateTime.fromMillis(ms, { zone }).offset;

/** The instants in [start, end) where the zone's offset changes, found day by day and narrowed to the millisecond. */
function changesBetween(zone: string, start: number, end: number): Change[] {
  const out: Change[] = [];
  let prev = offsetAt(zone, start);
  for (let t = start; t < end; ) {
    const next = Math.min(t + DAY, end);
    const offset = offsetAt(zone, next);
    if (offset !== prev) {
      let lo = t;
      let hi = next;
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (offsetAt(zone, mid) === prev) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, from: prev, to: offset });
      prev = offset;
    }
    t = next;
  }
  return out;
}

/** The wall-clock time just before a change, as the change's onset is written (in the offset it changes from). */
const onsetOf = (c: Change) => DateTime.fromMillis(c.at + c.from * 60_000, { zone: "utc" });

interface YearlyRule {
  month: number;
  /** ISO weekday 1–7 (Monday = 1), or null for a fixed day of the month. */
  weekday: number | null;
  /** "last": the month's last such weekday; a number: the first such weekday on or after that day (or that very day). */
  day: "last" | number;
  time: string;
  from: number;
  to: number;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The day of the month a rule falls on in a year. */
function ruleDay(rule: YearlyRule, year: number): number {
  const dim = daysIn(year, rule.month);
  if (rule.weekday === null) return rule.day as number;
  const weekdayOf = (d: number) => ((new Date(Date.UTC(year, rule.month - 1, d)).getUTCDay() + 6) % 7) + 1;
  if (rule.day === "last") return dim - ((weekdayOf(dim) - rule.weekday + 7) % 7);
  return rule.day + ((rule.weekday - weekdayOf(rule.day) + 7) % 7);
}

/** The rules one change could follow, the likeliest first. */
function candidateRules(c: Change): YearlyRule[] {
  const o = onsetOf(c);
  const base = { month: o.month, time: o.toFormat("HHmmss"), from: c.from, to: c.to };
  const out: YearlyRule[] = [];
  if (o.day + 7 > o.daysInMonth!) out.push({ ...base, weekday: o.weekday, day: "last" });
  // A window of seven days inside the month in every year (February's is 28 days long in most).
  const starts = Array.from({ length: 7 }, (_, i) => o.day - i).filter((s) => s >= 1 && s + 6 <= (o.month === 2 ? 28 : o.daysInMonth!));
  // "The nth weekday" (a window starting on day 1, 8, 15 or 22) before other windows such as Israel's "Friday on or after the 23rd".
  starts.sort((a, b) => Number((b - 1) % 7 === 0) - Number((a - 1) % 7 === 0));
  for (const s of starts) out.push({ ...base, weekday: o.weekday, day: s });
  out.push({ ...base, weekday: null, day: o.day });
  return out;
}

const matches = (rule: YearlyRule, c: Change) => {
  const o = onsetOf(c);
  return rule.month === o.month && ruleDay(rule, o.year) === o.day && rule.time === o.toFormat("HHmmss") && rule.from === c.from && rule.to === c.to;
};

/** One rule per change of `year`, each holding for every year in `check`; null when no such set exists. */
function yearlyRules(byYear: Map<number, Change[]>, year: number, check: number[]): YearlyRule[] | null {
  const rules: YearlyRule[] = [];
  for (const [i, c] of (byYear.get(year) ?? []).entries()) {
    const rule = candidateRules(c).find((r) => check.every((y) => (byYear.get(y) ?? []).length === byYear.get(year)!.length && matches(r, byYear.get(y)![i]!)));
    if (!rule) return null;
    rules.push(rule);
  }
  return rules;
}

const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

function rruleOf(rule: YearlyRule): string {
  if (rule.weekday === null) return `FREQ=YEARLY;BYMONTH=${rule.month};BYMONTHDAY=${rule.day}`;
  const wd = WEEKDAYS[rule.weekday - 1]!;
  if (rule.day === "last") return `FREQ=YEARLY;BYMONTH=${rule.month};BYDAY=-1${wd}`;
  if ((rule.day - 1) % 7 === 0) return `FREQ=YEARLY;BYMONTH=${rule.month};BYDAY=${(rule.day - 1) / 7 + 1}${wd}`;
  return `FREQ=YEARLY;BYMONTH=${rule.month};BYDAY=${wd};BYMONTHDAY=${Array.from({ length: 7 }, (_, i) => (rule.day as number) + i).join(",")}`;
}

/** An offset as RFC 5545 writes it: +0900, -0330 (with seconds only where the offset has them). */
function utcOffset(minutes: number): string {
  const total = Math.round(minutes * 60);
  const a = Math.abs(total);
  const hhmm = `${String(Math.floor(a / 3600)).padStart(2, "0")}${String(Math.floor((a % 3600) / 60)).padStart(2, "0")}`;
  return `${total < 0 ? "-" : "+"}${hhmm}${a % 60 ? String(a % 60).padStart(2, "0") : ""}`;
}

function observance(onset: string, from: number, to: number, rrule?: string): string[] {
  const kind = to > from ? "DAYLIGHT" : "STANDARD";
  return [`BEGIN:${kind}`, `DTSTART:${onset}`, ...(rrule ? [`RRULE:${rrule}`] : []), `TZOFFSETFROM:${utcOffset(from)}`, `TZOFFSETTO:${utcOffset(to)}`, `END:${kind}`];
}

const cache = new Map<string, string>();

/**
 * The VTIMEZONE component for `zone`, covering wall-clock times from the start of `fromYear` (at most ten years
 * back from `now`) on. Lines end in CRLF.
 */
export function vtimezone(zone: string, fromYear: number, now: Date): string {
  const thisYear = now.getUTCFullYear();
  const firstYear = Math.min(Math.max(fromYear, thisYear - MAX_YEARS_BACK), thisYear);
  const key = `${zone}|${firstYear}|${thisYear}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const lastYear = thisYear + RULE_CHECK_YEARS;
  const start = Date.UTC(firstYear, 0, 1) - 2 * DAY;
  const changes = changesBetween(zone, start, Date.UTC(lastYear + 1, 0, 1) + 2 * DAY);
  const byYear = new Map<number, Change[]>();
  for (const c of changes) byYear.set(onsetOf(c).year, [...(byYear.get(onsetOf(c).year) ?? []), c]);

  // The rules of the last year checked; then back as far as every year follows them.
  const years = (from: number) => Array.from({ length: lastYear - from + 1 }, (_, i) => from + i);
  let rules = byYear.has(lastYear) ? yearlyRules(byYear, lastYear, years(thisYear)) : null;
  let ruleYear = thisYear;
  while (rules && ruleYear > firstYear && yearlyRules(byYear, lastYear, years(ruleYear - 1))) ruleYear -= 1;
  if (rules) rules = yearlyRules(byYear, lastYear, years(ruleYear));

  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`, `X-LIC-LOCATION:${zone}`];
  const initial = offsetAt(zone, start);
  lines.push(...observance(DateTime.fromMillis(start + initial * 60_000, { zone: "utc" }).toFormat("yyyyMMdd'T'HHmmss"), initial, initial));
  for (const c of changes) {
    if (rules && onsetOf(c).year >= ruleYear) break;
    lines.push(...observance(onsetOf(c).toFormat("yyyyMMdd'T'HHmmss"), c.from, c.to));
  }
  for (const [i, rule] of (rules ?? []).entries()) {
    const first = byYear.get(ruleYear)![i]!;
    lines.push(...observance(onsetOf(first).toFormat("yyyyMMdd'T'HHmmss"), rule.from, rule.to, rruleOf(rule)));
  }
  lines.push("END:VTIMEZONE");
  const text = lines.join("\r\n");
  if (cache.size > 200) cache.clear();
  cache.set(key, text);
  return text;
}
