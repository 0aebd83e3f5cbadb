import type { Metric } from "@socialplan/domain";
import { graph, USAGE_HOLD_PERCENT, type GraphCall } from "../publishing/adapters/meta-graph.ts";
import { PublishError } from "../publishing/adapters/types.ts";

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

export type Numbers = Partial<Record<Metric, number>>;

/** A post on the account as the network lists it. */
export interface RemotePost {
  id: string;
  /** UTC ISO time. */
  publishedAt: string;
  permalink: string;
  caption: string;
  /** e.g. "image", "carousel", "reel", "story", "text_post". */
  postType: string;
}

export interface AccountReading {
  /** The follower count now (null when the network did not give it). */
  followers: number | null;
  /** Numbers of whole days: the day (the network's own day, as its `end_time` says) and the value. */
  daily: { day: string; metric: Metric; value: number }[];
}

export interface NumbersReader {
  /** The account's posts published since `since`, newest first, at most `max`. */
  recentPosts(since: Date, max: number): Promise<RemotePost[]>;
  /** One post by its id (a post of ours that the recent list did not hold); null when the network has it no more. */
  post(id: string): Promise<RemotePost | null>;
  /** A post's numbers; empty when the network has none for it (too few viewers, an expired story…). */
  numbers(post: RemotePost): Promise<Numbers>;
  account(since: Date, until: Date): Promise<AccountReading>;
}

/** Why an account's reading stopped: a message key for `failed`, and how long to wait where the network said. */
export class NumbersStop extends Error {
  constructor(
    readonly code: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(code);
  }
}

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

/** A Graph failure as the numbers import sees it: which stop ends the account's reading, which only skips a number. */
function stopFor(err: unknown): unknown {
  if (err instanceof NumbersStop || !(err instanceof PublishError)) return err;
  if (err.kind === "auth") return new NumbersStop("metrics.numbers_auth");
  if (err.kind === "retry" && (err.code === "publish.rate_limited" || err.code === "publish.temporarily_blocked")) return new NumbersStop("metrics.numbers_rate_limited", err.retryAfterMs);
  if (err.code === "publish.permission_missing") return new NumbersStop("metrics.numbers_permission");
  if (err.kind === "rejected") return err;
  return new NumbersStop("metrics.numbers_unavailable", err.retryAfterMs);
}

/** Runs a read whose refusal (kind "rejected": not available for this post or account) only means "no number". */
export async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof PublishError && err.kind === "rejected") return null;
    throw err;
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
