import type { Metric } from "@socialplan/domain";
import type { FlowCall } from "../oauth/flows/types.ts";
import { allPages, pinterest, pinterestTime, pinUrl, type PinAnswer, type UserAccountAnswer } from "../publishing/adapters/pinterest-api.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { optional, stopFor, type AccountReading, type Numbers, type NumbersReader, type RemotePost } from "./numbers-reader.ts";

/**
 * Pinterest's numbers for one account:
 * - posts: `GET /v5/pins` (the account's Pins, `bookmark` paging; https://developers.pinterest.com/docs/api/v5/pins-list/);
 * - a Pin's numbers: `GET /v5/pins/{id}/analytics` (https://developers.pinterest.com/docs/api/v5/pins-analytics/),
 *   summed over the last 90 days (the API's furthest reach back): IMPRESSION → impressions, SAVE → saves,
 *   OUTBOUND_CLICK → link_clicks, VIDEO_MRC_VIEW → views. PIN_CLICK (a close-up open) has no app metric and is
 *   not stored;
 * - the account: followers from `GET /v5/user_account` (`follower_count`), and impressions, saves and outbound
 *   clicks by day from `GET /v5/user_account/analytics`
 *   (https://developers.pinterest.com/docs/api/v5/user_account-analytics/), days whose `data_status` is READY only.
 */

const METRIC_OF: Record<string, Metric> = { IMPRESSION: "impressions", SAVE: "saves", OUTBOUND_CLICK: "link_clicks", VIDEO_MRC_VIEW: "views" };
const PIN_METRICS = "IMPRESSION,SAVE,PIN_CLICK,OUTBOUND_CLICK,VIDEO_MRC_VIEW";
const ACCOUNT_METRICS = "IMPRESSION,SAVE,PIN_CLICK,OUTBOUND_CLICK";
const DAY_MS = 86_400_000;
/** Analytics reach back 90 days (the reference's start_date limit). */
const REACH_DAYS = 89;

const day = (d: Date) => d.toISOString().slice(0, 10);

interface AnalyticsAnswer {
  all?: {
    summary_metrics?: Record<string, number>;
    lifetime_metrics?: Record<string, number>;
    daily_metrics?: Array<{ date: string; data_status?: string; metrics?: Record<string, number> }>;
  };
}

function toRemote(p: PinAnswer): RemotePost {
  const kind = p.media?.media_type ?? "image";
  return { id: String(p.id), publishedAt: pinterestTime(p.created_at).toISOString(), permalink: pinUrl(String(p.id)), caption: [p.title, p.description].filter(Boolean).join("\n"), postType: kind === "multiple_images" ? "carousel" : kind };
}

function mapped(values: Record<string, number> | undefined): Numbers {
  const out: Numbers = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    const metric = METRIC_OF[k];
    if (metric && typeof v === "number" && Number.isFinite(v)) out[metric] = Math.round(v);
  }
  return out;
}

export function pinterestReader(call: FlowCall, token: string, now: () => Date = () => new Date()): NumbersReader {
  const get = async <T>(path: string, query: Record<string, string | number | undefined> = {}) => {
    try {
      return (await pinterest<T>(call, "GET", path, token, { query })).body;
    } catch (err) {
      throw stopFor(err);
    }
  };
  return {
    async recentPosts(since, max) {
      let pins: PinAnswer[];
      try {
        pins = await allPages<PinAnswer>(call, "/pins", token, { page_size: 100 }, 2000);
      } catch (err) {
        throw stopFor(err);
      }
      return pins
        .map(toRemote)
        .filter((p) => Date.parse(p.publishedAt) >= since.getTime())
        .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
        .slice(0, max);
    },
    async post(id) {
      try {
        return toRemote((await pinterest<PinAnswer>(call, "GET", `/pins/${encodeURIComponent(id)}`, token)).body);
      } catch (err) {
        if (err instanceof PublishError && err.kind === "rejected") return null;
        throw stopFor(err);
      }
    },
    async numbers(post) {
      const end = now();
      const start = new Date(Math.max(Date.parse(post.publishedAt), end.getTime() - REACH_DAYS * DAY_MS));
      const body = await optional(() => get<AnalyticsAnswer>(`/pins/${encodeURIComponent(post.id)}/analytics`, { start_date: day(start), end_date: day(end), metric_types: PIN_METRICS, app_types: "ALL", split_field: "NO_SPLIT" }));
      return mapped(body?.all?.summary_metrics ?? body?.all?.lifetime_metrics);
    },
    async account(since, until): Promise<AccountReading> {
      const me = await get<UserAccountAnswer>("/user_account");
      const start = new Date(Math.max(since.getTime(), until.getTime() - REACH_DAYS * DAY_MS));
      const body = await optional(() => get<AnalyticsAnswer>("/user_account/analytics", { start_date: day(start), end_date: day(until), metric_types: ACCOUNT_METRICS, app_types: "ALL", split_field: "NO_SPLIT" }));
      const daily: AccountReading["daily"] = [];
      for (const d of body?.all?.daily_metrics ?? []) {
        if (d.data_status && d.data_status !== "READY") continue;
        for (const [metric, value] of Object.entries(mapped(d.metrics))) daily.push({ day: d.date, metric: metric as Metric, value });
      }
      return { followers: typeof me.follower_count === "number" ? me.follower_count : null, daily };
    },
  };
}
