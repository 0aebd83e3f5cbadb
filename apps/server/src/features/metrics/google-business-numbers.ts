import type { Metric } from "@socialplan/domain";
import { GoogleError } from "../oauth/flows/google-http.ts";
import { GBP_PERFORMANCE_API, GBP_V4_API, gbpCall, lastSegment, type GoogleCall } from "../publishing/adapters/google-business-api.ts";
import { stopFor, type AccountReading, type NumbersReader, type RemotePost } from "./numbers-reader.ts";

/**
 * A Business Profile location's numbers.
 *
 * Channel numbers by day: Business Profile Performance API `locations/{l}:fetchMultiDailyMetricsTimeSeries`
 * (https://developers.google.com/my-business/reference/performance/rest/v1/locations/fetchMultiDailyMetricsTimeSeries,
 * metrics https://developers.google.com/my-business/reference/performance/rest/v1/DailyMetric):
 * - views = BUSINESS_IMPRESSIONS_DESKTOP_MAPS + _DESKTOP_SEARCH + _MOBILE_MAPS + _MOBILE_SEARCH ("multiple impressions
 *   by a unique user within a single day are counted as a single impression" — what the Business Profile shows as
 *   profile views);
 * - link_clicks = WEBSITE_CLICKS ("the number of times the business profile website was clicked").
 * - calls = CALL_CLICKS ("the number of times the business profile call button was clicked");
 * - direction_requests = BUSINESS_DIRECTION_REQUESTS ("the number of times a direction request was requested to the
 *   business location") — what a shop on Maps lives on.
 * A DatedValue without `value` is a zero ("this will not be present when the value is zero").
 *
 * Per-post numbers: none. `accounts.locations.localPosts.reportInsights` was removed with the v4 insights
 * ("Removal of accounts.locations.localPosts.reportInsights endpoint",
 * https://developers.google.com/my-business/content/performance/change-log); the Performance API has no per-post
 * metric. So `numbers()` is empty and posts made outside Socialplan are listed (v4 localPosts.list) without numbers.
 * No follower count exists for a Business Profile.
 */

const IMPRESSIONS = ["BUSINESS_IMPRESSIONS_DESKTOP_MAPS", "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH", "BUSINESS_IMPRESSIONS_MOBILE_MAPS", "BUSINESS_IMPRESSIONS_MOBILE_SEARCH"] as const;
const METRIC_OF: Record<string, Metric> = { ...Object.fromEntries(IMPRESSIONS.map((m) => [m, "views" as Metric])), WEBSITE_CLICKS: "link_clicks", CALL_CLICKS: "calls", BUSINESS_DIRECTION_REQUESTS: "direction_requests" };
/** Pages of local posts read (100 a page). Chosen: a small shop posts a few times a week. */
const MAX_PAGES = 5;

interface LocalPostRow {
  name?: string;
  summary?: string;
  createTime?: string;
  searchUrl?: string;
  topicType?: string;
  state?: string;
}

interface MultiSeries {
  multiDailyMetricTimeSeries?: Array<{
    dailyMetricTimeSeries?: Array<{ dailyMetric?: string; timeSeries?: { datedValues?: Array<{ date?: { year?: number; month?: number; day?: number }; value?: string }> } }>;
  }>;
}

const toRemote = (p: LocalPostRow): RemotePost | null =>
  p.name && p.createTime ? { id: p.name, publishedAt: new Date(p.createTime).toISOString(), permalink: p.searchUrl ?? "", caption: p.summary ?? "", postType: `local_post_${(p.topicType ?? "standard").toLowerCase()}` } : null;

const ymd = (d: Date) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
const pad = (n: number) => String(n).padStart(2, "0");

export function googleBusinessReader(call: GoogleCall, loc: { account: string; location: string; token: string }): NumbersReader {
  const get = async <T>(url: string): Promise<T> => {
    try {
      return await gbpCall<T>(call, "GET", url, loc.token);
    } catch (err) {
      throw stopFor(err);
    }
  };
  return {
    async recentPosts(since, max) {
      const out: RemotePost[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES && out.length < max; page++) {
        const q = new URLSearchParams({ pageSize: "100", ...(pageToken ? { pageToken } : {}) });
        const res = await get<{ localPosts?: LocalPostRow[]; nextPageToken?: string }>(`${GBP_V4_API}/${loc.account}/${loc.location}/localPosts?${q}`);
        let older = false;
        for (const p of res.localPosts ?? []) {
          const r = toRemote(p);
          if (!r) continue;
          if (Date.parse(r.publishedAt) < since.getTime()) older = true;
          else if (out.length < max) out.push(r);
        }
        pageToken = res.nextPageToken;
        if (!pageToken || older) break;
      }
      return out.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    },
    async post(id) {
      if (!id.startsWith(`${loc.account}/${loc.location}/localPosts/`)) return null;
      try {
        return toRemote(await gbpCall<LocalPostRow>(call, "GET", `${GBP_V4_API}/${id}`, loc.token));
      } catch (err) {
        // NOT_FOUND: the post was deleted on Google.
        if (err instanceof GoogleError && err.status === 404) return null;
        throw stopFor(err);
      }
    },
    async numbers() {
      return {};
    },
    async account(since, until): Promise<AccountReading> {
      const q = new URLSearchParams();
      for (const m of Object.keys(METRIC_OF)) q.append("dailyMetrics", m);
      const s = ymd(since);
      const e = ymd(until);
      q.set("dailyRange.startDate.year", String(s.year));
      q.set("dailyRange.startDate.month", String(s.month));
      q.set("dailyRange.startDate.day", String(s.day));
      q.set("dailyRange.endDate.year", String(e.year));
      q.set("dailyRange.endDate.month", String(e.month));
      q.set("dailyRange.endDate.day", String(e.day));
      const res = await get<MultiSeries>(`${GBP_PERFORMANCE_API}/locations/${lastSegment(loc.location)}:fetchMultiDailyMetricsTimeSeries?${q}`);
      const sums = new Map<string, number>();
      for (const multi of res.multiDailyMetricTimeSeries ?? []) {
        for (const series of multi.dailyMetricTimeSeries ?? []) {
          const metric = series.dailyMetric ? METRIC_OF[series.dailyMetric] : undefined;
          if (!metric) continue;
          for (const v of series.timeSeries?.datedValues ?? []) {
            const d = v.date;
            if (!d?.year || !d.month || !d.day) continue;
            const key = `${d.year}-${pad(d.month)}-${pad(d.day)}|${metric}`;
            const value = v.value === undefined ? 0 : Number(v.value);
            if (Number.isFinite(value)) sums.set(key, (sums.get(key) ?? 0) + value);
          }
        }
      }
      const daily = [...sums].map(([key, value]) => {
        const [day, metric] = key.split("|") as [string, Metric];
        return { day, metric, value };
      });
      return { followers: null, daily };
    },
  };
}
