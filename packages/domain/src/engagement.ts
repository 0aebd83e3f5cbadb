import { DateTime } from "luxon";

/** The metrics a post or a channel-day can have (guide §13 `exec.tracking`). */
export const METRICS = ["followers", "follows", "reach", "impressions", "views", "likes", "reactions", "comments", "shares", "saves", "link_clicks", "profile_visits", "calls", "direction_requests", "sessions", "orders", "revenue", "ad_spend"] as const;
export type Metric = (typeof METRICS)[number];
export type Metrics = Partial<Record<Metric, number>>;

/**
 * An engagement rate made explicit: which interactions count as engagement and what they are divided by. Every
 * tool defines it differently; here the definition is chosen per channel and its formula is shown with the number.
 */
export interface EngagementDefinition {
  engagements: Metric[];
  per: "reach" | "followers" | "impressions_or_views";
}

/** The usual definitions: Instagram counts saves, Facebook counts reactions; both by reach. */
export const DEFAULT_ENGAGEMENT: Record<string, EngagementDefinition> = {
  instagram: { engagements: ["likes", "comments", "saves", "shares"], per: "reach" },
  facebook: { engagements: ["reactions", "comments", "shares"], per: "reach" },
  threads: { engagements: ["likes", "comments", "shares"], per: "impressions_or_views" },
  default: { engagements: ["likes", "comments", "shares"], per: "reach" },
};

/** The formula as people read it, e.g. "(likes + comments + saves + shares) ÷ reach". */
export function engagementFormula(d: EngagementDefinition, label: (m: string) => string = (m) => m): string {
  const per = d.per === "impressions_or_views" ? `${label("impressions")}/${label("views")}` : label(d.per);
  return `(${d.engagements.map(label).join(" + ")}) ÷ ${per}`;
}

/**
 * The engagement rate in percent, or null when the denominator is missing or zero. Meta replaced impressions with
 * views in 2024–25: "impressions or views" takes views where a number has them, else impressions.
 */
export function engagementRate(m: Metrics, d: EngagementDefinition): number | null {
  const per = d.per === "impressions_or_views" ? (m.views ?? m.impressions) : m[d.per];
  if (per === undefined || per <= 0) return null;
  const engaged = d.engagements.reduce((sum, k) => sum + (m[k] ?? 0), 0);
  return (engaged / per) * 100;
}

export interface TimedPost {
  /** When it went out (UTC ISO). */
  publishedAt: string;
  rate: number;
}

export interface BestTimeCell {
  /** ISO weekday, 1 = Monday … 7 = Sunday, in the workspace's zone. */
  weekday: number;
  hour: number;
  posts: number;
  /** Average engagement rate, or null when the cell has fewer posts than the minimum (noise, not advice). */
  average: number | null;
}

/** A cell needs at least this many posts before its average is shown. */
export const MIN_BEST_TIME_SAMPLE = 3;

/** Engagement by weekday and hour in the workspace's time zone, from the workspace's own posts. */
export function bestTimes(posts: readonly TimedPost[], zone: string, minSample = MIN_BEST_TIME_SAMPLE): BestTimeCell[] {
  const cells = new Map<string, { weekday: number; hour: number; sum: number; n: number }>();
  // Local weekday and hour per quarter hour of UTC (every zone's offset is a multiple of 15 minutes): a year of posts
  // needs a few thousand zone conversions, not one per post.
  const slots = new Map<number, { weekday: number; hour: number }>();
  for (const p of posts) {
    const slot = Math.floor(Date.parse(p.publishedAt) / 900_000);
    let local = slots.get(slot);
    if (!local) {
      const dt = DateTime.fromMillis(slot * 900_000, { zone });
      slots.set(slot, (local = { weekday: dt.weekday, hour: dt.hour }));
    }
    const key = `${local.weekday}-${local.hour}`;
    const c = cells.get(key) ?? { weekday: local.weekday, hour: local.hour, sum: 0, n: 0 };
    c.sum += p.rate;
    c.n += 1;
    cells.set(key, c);
  }
  return [...cells.values()]
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour)
    .map((c) => ({ weekday: c.weekday, hour: c.hour, posts: c.n, average: c.n >= minSample ? c.sum / c.n : null }));
}

/** Posts that went out in one quarter hour (UTC): `slot` is the instant divided by 15 minutes, rounded down. */
export interface BestTimeSlot {
  slot: number;
  posts: number;
  /** The sum of their engagement rates. */
  sum: number;
}

/** Posts already placed in a local weekday (1 Monday … 7 Sunday) and hour, with the sum of their rates. */
export interface BestTimeLocalSum {
  weekday: number;
  hour: number;
  posts: number;
  sum: number;
}

/** UTC offsets (minutes) at the start of each UTC day, by zone: a zone's offset at an instant does not change, and
 * finding it is a luxon/Intl call of several microseconds (a year of days per best-time answer). Bounded. */
const OFFSETS = new Map<string, Map<number, number>>();
function zoneOffsets(zone: string): Map<number, number> {
  let days = OFFSETS.get(zone);
  if (!days || days.size > 20_000) {
    if (!days && OFFSETS.size >= 64) OFFSETS.clear();
    OFFSETS.set(zone, (days = new Map()));
  }
  return days;
}

const offsetAt = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).offset;
/** The zone's offset at the start of a UTC day (remembered: see OFFSETS). */
const dayOffsetIn = (offsets: Map<number, number>, day: number, zone: string) => offsets.get(day) ?? (offsets.set(day, offsetAt(day * 86_400_000, zone)), offsets.get(day)!);

/**
 * The quarter hours of UTC in [from, to) cut where the zone's offset changes: in each span every quarter hour has
 * the same offset (minutes), so a database can place them in local weekdays and hours with integer arithmetic. The
 * offset is looked up once per UTC day; on a day it changes, the quarter hour it changes at is found by halving
 * (offsets change on quarter hours, at most once a day — as bestTimeCells assumes).
 */
export function offsetSpans(from: number, to: number, zone: string): { from: number; to: number; offset: number }[] {
  if (from >= to) return [];
  const offsets = zoneOffsets(zone);
  const spans: { from: number; to: number; offset: number }[] = [];
  const at = (slot: number) => offsetAt(slot * 900_000, zone);
  const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
  let start = from;
  let offset = at(from);
  for (let day = Math.floor(from / 96) + 1; ; day++) {
    // The offset at the next day's start, or at the last quarter hour asked for on the last (partial) day.
    const last = day * 96 >= to;
    const probe = last ? to - 1 : day * 96;
    const next = last ? at(probe) : dayOffsetIn(offsets, day, zone);
    if (!same(next, offset)) {
      // `lo` has the old offset, `hi` the new one: the first quarter hour with it, by halving.
      let lo = Math.max(start, (day - 1) * 96);
      let hi = probe;
      while (lo + 1 < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (same(at(mid), offset)) lo = mid;
        else hi = mid;
      }
      spans.push({ from: start, to: hi, offset });
      start = hi;
      offset = at(hi);
    }
    if (last) break;
  }
  spans.push({ from: start, to, offset });
  return spans;
}

/**
 * The cells of `bestTimes` from posts already added up per quarter hour of UTC (a summary kept in the database), or
 * already placed in local hours (`offsetSpans`): the zone's offset is looked up once per UTC day (twice where it
 * changes that day, then per quarter hour), not once per quarter hour. A part may take posts away (negative counts);
 * a cell left without posts is not shown.
 */
export function bestTimeCells(slots: Iterable<BestTimeSlot | BestTimeLocalSum>, zone: string, minSample = MIN_BEST_TIME_SAMPLE): BestTimeCell[] {
  const cells = new Map<number, { weekday: number; hour: number; sum: number; n: number }>();
  const offsets = zoneOffsets(zone);
  const dayOffset = (day: number) => dayOffsetIn(offsets, day, zone);
  for (const s of slots) {
    if (!("slot" in s)) {
      const key = s.weekday * 24 + s.hour;
      const c = cells.get(key) ?? (cells.set(key, { weekday: s.weekday, hour: s.hour, sum: 0, n: 0 }), cells.get(key)!);
      c.sum += s.sum;
      c.n += s.posts;
      continue;
    }
    const ms = s.slot * 900_000;
    const day = Math.floor(ms / 86_400_000);
    const start = dayOffset(day);
    let weekday: number;
    let hour: number;
    if (Number.isFinite(start) && start === dayOffset(day + 1)) {
      const local = new Date(ms + start * 60_000);
      weekday = local.getUTCDay() || 7;
      hour = local.getUTCHours();
    } else {
      // A day the offset changes on (or an instant or zone luxon cannot place): as bestTimes does.
      const dt = DateTime.fromMillis(ms, { zone });
      weekday = dt.weekday;
      hour = dt.hour;
    }
    const key = weekday * 24 + hour;
    const c = cells.get(key) ?? (cells.set(key, { weekday, hour, sum: 0, n: 0 }), cells.get(key)!);
    c.sum += s.sum;
    c.n += s.posts;
  }
  return [...cells.values()]
    .filter((c) => c.n > 0)
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour)
    .map((c) => ({ weekday: c.weekday, hour: c.hour, posts: c.n, average: c.n >= minSample ? c.sum / c.n : null }));
}
