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

/**
 * The cells of `bestTimes` from posts already added up per quarter hour of UTC (a summary kept in the database):
 * the zone's offset is looked up once per UTC day (twice where it changes that day, then per quarter hour), not
 * once per quarter hour, so a year of them costs a few hundred zone conversions.
 */
export function bestTimeCells(slots: Iterable<BestTimeSlot>, zone: string, minSample = MIN_BEST_TIME_SAMPLE): BestTimeCell[] {
  const cells = new Map<number, { weekday: number; hour: number; sum: number; n: number }>();
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const dayOffset = (day: number) => offsets.get(day) ?? (offsets.set(day, offsetAt(day * 86_400_000)), offsets.get(day)!);
  for (const s of slots) {
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
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour)
    .map((c) => ({ weekday: c.weekday, hour: c.hour, posts: c.n, average: c.n >= minSample ? c.sum / c.n : null }));
}
