import type { Metric } from "@socialplan/domain";
import { graph, USAGE_HOLD_PERCENT, type GraphCall } from "../publishing/adapters/meta-graph.ts";
import { NumbersStop, stopFor, type AccountReading } from "./numbers-reader.ts";

/**
 * What the numbers import reads from Meta's APIs: one reader per network (meta-instagram.ts, meta-facebook.ts,
 * meta-threads.ts) behind the interface below, and the calls they share. Every call goes
 * through `graph()` (production URLs; the simulator in tests). Metric names are the documented ones as of Graph
 * API v24.0 / Threads API v1.0, and the deprecated ones are not asked for:
 * - Instagram media: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
 *   (`impressions`, `plays`, `clips_replays_count`, `ig_reels_aggregated_all_plays_count` deprecated for all versions
 *   on April 21, 2025 in favour of `views`; `video_views` deprecated). Stories have no likes, comments or saves.
 * - Instagram account: https://developers.facebook.com/docs/instagram-platform/api-reference/instagram-user/insights
 *   (`reach` by day; `impressions` deprecated April 21, 2025); followers from the account's `followers_count` field.
 * - Facebook Pages: https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics
 *   (`page_impressions_unique` and `post_impressions_unique` deprecated by June 15, 2025, alternatives
 *   `page_total_media_view_unique` and `post_total_media_view_unique`; `page_fans` deprecated November 15, 2025 —
 *   followers are the Page's `followers_count` field); post reach, views (`post_media_view`) and reactions by type
 *   are post insights, comments and shares the post's own fields.
 * - Threads: https://developers.facebook.com/docs/threads/insights (media: views, likes, replies, reposts, quotes,
 *   shares; user: `views` — profile views — by day and `followers_count` as a total).
 */

export { NumbersStop, optional, type AccountReading, type Numbers, type NumbersReader, type RemotePost } from "./numbers-reader.ts";

type Params = Record<string, string | number | boolean | undefined>;
interface Page<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}
export interface InsightEntry {
  name: string;
  values?: { value?: unknown; end_time?: string }[];
  total_value?: { value?: unknown };
}

/**
 * One account's calls. The usage headers are honoured (https://developers.facebook.com/docs/graph-api/overview/rate-limiting):
 * once an answer says an app or business use case is at `USAGE_HOLD_PERCENT` or more, no further call is made for
 * this account (publishing shares the same limits); the numbers read so far are kept.
 */
export class AccountApi {
  private nearLimit = false;
  constructor(
    private readonly call: GraphCall,
    private readonly base: string,
    private readonly token: string,
  ) {}

  async get<T>(path: string, params: Params = {}): Promise<T> {
    if (this.nearLimit) throw new NumbersStop("metrics.numbers_rate_limited");
    try {
      const { body, usage } = await graph<T>(this.call, "GET", `${this.base}${path}`, params, this.token);
      if (usage.highestPercent >= USAGE_HOLD_PERCENT) this.nearLimit = true;
      return body;
    } catch (err) {
      throw stopFor(err);
    }
  }

  /** Pages of an edge (by the `after` cursor) until `enough` says so or `max` items came. */
  async list<T>(path: string, params: Params, max: number, enough: (item: T) => boolean): Promise<T[]> {
    const out: T[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await this.get<Page<T>>(path, { ...params, ...(after ? { after } : {}) });
      for (const item of page.data ?? []) {
        if (enough(item)) return out;
        out.push(item);
        if (out.length >= max) return out;
      }
      after = page.paging?.cursors?.after ?? (page.paging?.next ? (new URL(page.paging.next).searchParams.get("after") ?? undefined) : undefined);
      if (!after || !page.paging?.next || !page.data?.length) break;
    }
    return out;
  }
}

/** Meta writes offsets without a colon ("+0000"). */
export const utcIso = (t: string): string => new Date(Date.parse(t.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"))).toISOString();
export const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
export const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A lifetime insight's value: `values[0].value`, or `total_value.value` (metrics of the newer metric type). */
export function insightValues(body: { data?: InsightEntry[] }): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of body.data ?? []) {
    const v = num(e.values?.[0]?.value) ?? num(e.total_value?.value);
    if (v !== null) out.set(e.name, v);
  }
  return out;
}

/**
 * A day's values of a `period=day` insight. Each value's `end_time` is the end of the day it counts (midnight of
 * the next day in the account's zone, e.g. 07:00 or 08:00 UTC for Pacific time), so the day is the date half a day
 * before it.
 */
export function dailyValues(body: { data?: InsightEntry[] }, name: string, metric: Metric): AccountReading["daily"] {
  const entry = (body.data ?? []).find((e) => e.name === name);
  return (entry?.values ?? []).flatMap((v) => {
    const value = num(v.value);
    if (value === null || !v.end_time) return [];
    const day = new Date(Date.parse(utcIso(v.end_time)) - 12 * 3600_000).toISOString().slice(0, 10);
    return [{ day, metric, value }];
  });
}

/** Day-insight ranges: Instagram takes at most 30 days between since and until; 28 leaves room. */
const MAX_RANGE_DAYS = 28;
export const clampSince = (since: Date, until: Date) => new Date(Math.max(since.getTime(), until.getTime() - MAX_RANGE_DAYS * 86_400_000));
