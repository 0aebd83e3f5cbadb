import { googleFetch } from "../oauth/flows/google-http.ts";
import type { FlowCall, FlowConnection } from "../oauth/flows/types.ts";
import { YOUTUBE_ANALYTICS, YOUTUBE_API } from "../publishing/adapters/youtube-api.ts";
import { optional, type AccountReading, type Numbers, type NumbersReader, type RemotePost } from "./numbers-reader.ts";

/**
 * A YouTube channel's numbers:
 * - its videos: the channel's uploads playlist (`playlistItems.list`, https://developers.google.com/youtube/v3/docs/playlistItems/list;
 *   the playlist id is `contentDetails.relatedPlaylists.uploads` of channels.list, kept in the connection's config),
 *   1 quota unit per page of 50;
 * - per video: `videos.list?part=statistics` (https://developers.google.com/youtube/v3/docs/videos#statistics):
 *   viewCount → views, likeCount → likes, commentCount → comments (a count the owner hid is absent);
 * - the channel: `channels.list?part=statistics` subscriberCount → followers (absent when hiddenSubscriberCount);
 * - daily views: YouTube Analytics `reports.query` (https://developers.google.com/youtube/analytics/reference/reports/query)
 *   `ids=channel==MINE&metrics=views&dimensions=day&startDate&endDate` (dates in Pacific time, YouTube's reporting day);
 *   needs the yt-analytics.readonly scope — a refusal only leaves the daily numbers out.
 */
interface PlaylistItem {
  snippet?: { title?: string; description?: string; publishedAt?: string; resourceId?: { videoId?: string } };
  contentDetails?: { videoId?: string; videoPublishedAt?: string };
}
interface Video {
  id: string;
  snippet?: { title?: string; description?: string; publishedAt?: string };
  statistics?: { viewCount?: string; likeCount?: string; commentCount?: string };
}

const watchUrl = (id: string) => `https://www.youtube.com/watch?v=${id}`;
const count = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
/** YouTube's reporting day is Pacific time (Analytics "startDate … in YYYY-MM-DD format" — days of the channel's reports). */
const pacificDay = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);

/** The uploads playlist of a channel: from the config, else by YouTube's documented convention (UC… → UU…). */
export const uploadsPlaylist = (conn: Pick<FlowConnection, "accountId" | "config">): string =>
  typeof conn.config.uploads === "string" && conn.config.uploads ? conn.config.uploads : conn.accountId.replace(/^UC/, "UU");

export function youtubeReader(call: FlowCall, conn: FlowConnection): NumbersReader {
  const token = conn.secret.accessToken;
  const get = <T>(url: string, query: Record<string, string | number | boolean | undefined>) => googleFetch<T>(call, "GET", url, { query, token }).then((r) => r.body);
  const toPost = (v: Video): RemotePost => ({ id: v.id, publishedAt: new Date(v.snippet?.publishedAt ?? 0).toISOString(), permalink: watchUrl(v.id), caption: v.snippet?.description ?? v.snippet?.title ?? "", postType: "video" });
  return {
    async recentPosts(since, max) {
      const out: RemotePost[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < 20 && out.length < max; page++) {
        const body = await get<{ items?: PlaylistItem[]; nextPageToken?: string }>(`${YOUTUBE_API}/playlistItems`, { part: "snippet,contentDetails", playlistId: uploadsPlaylist(conn), maxResults: 50, pageToken });
        let older = false;
        for (const it of body.items ?? []) {
          const id = it.contentDetails?.videoId ?? it.snippet?.resourceId?.videoId;
          const at = it.contentDetails?.videoPublishedAt ?? it.snippet?.publishedAt;
          if (!id || !at) continue;
          if (Date.parse(at) < since.getTime()) {
            older = true;
            continue;
          }
          if (out.length < max) out.push({ id, publishedAt: new Date(at).toISOString(), permalink: watchUrl(id), caption: it.snippet?.description ?? it.snippet?.title ?? "", postType: "video" });
        }
        if (older || !body.nextPageToken) break;
        pageToken = body.nextPageToken;
      }
      return out.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
    },
    async post(id) {
      const body = await get<{ items?: Video[] }>(`${YOUTUBE_API}/videos`, { part: "snippet", id });
      const v = body.items?.[0];
      return v ? toPost(v) : null;
    },
    async numbers(p) {
      const body = await get<{ items?: Video[] }>(`${YOUTUBE_API}/videos`, { part: "statistics", id: p.id });
      const s = body.items?.[0]?.statistics;
      const out: Numbers = {};
      if (!s) return out;
      const views = count(s.viewCount);
      const likes = count(s.likeCount);
      const comments = count(s.commentCount);
      if (views !== undefined) out.views = views;
      if (likes !== undefined) out.likes = likes;
      if (comments !== undefined) out.comments = comments;
      return out;
    },
    async account(since, until): Promise<AccountReading> {
      const ch = await get<{ items?: Array<{ statistics?: { subscriberCount?: string; hiddenSubscriberCount?: boolean } }> }>(`${YOUTUBE_API}/channels`, { part: "statistics", id: conn.accountId });
      const st = ch.items?.[0]?.statistics;
      const followers = st && !st.hiddenSubscriberCount ? (count(st.subscriberCount) ?? null) : null;
      const report = await optional(() =>
        get<{ columnHeaders?: Array<{ name?: string }>; rows?: Array<Array<string | number>> }>(`${YOUTUBE_ANALYTICS}/reports`, {
          ids: "channel==MINE",
          startDate: pacificDay(since),
          endDate: pacificDay(until),
          metrics: "views",
          dimensions: "day",
          sort: "day",
        }),
      );
      const daily: AccountReading["daily"] = [];
      if (report) {
        const names = (report.columnHeaders ?? []).map((h) => h.name);
        const dayAt = names.indexOf("day");
        const viewsAt = names.indexOf("views");
        for (const row of report.rows ?? []) {
          const day = row[dayAt < 0 ? 0 : dayAt];
          const value = Number(row[viewsAt < 0 ? 1 : viewsAt]);
          if (typeof day === "string" && Number.isFinite(value)) daily.push({ day, metric: "views", value });
        }
      }
      return { followers, daily };
    },
  };
}
