/**
 * A Facebook Page's numbers: Page and post insights (https://developers.facebook.com/docs/graph-api/reference/v3.0/insights,
 * https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics) and the post's own fields.
 */
import { clampSince, dailyValues, num, optional, seconds, utcIso, type AccountApi, type InsightEntry, type Numbers, type NumbersReader, type RemotePost } from "./meta-readers.ts";

interface FbPost {
  id: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
  shares?: { count?: number };
  comments?: { summary?: { total_count?: number } };
}
const FB_FIELDS = "id,message,created_time,permalink_url";
const fbLink = (url: string | undefined) => (!url ? "" : url.startsWith("/") ? `https://www.facebook.com${url}` : url);
const fbPost = (p: FbPost): RemotePost => ({ id: p.id, publishedAt: utcIso(p.created_time ?? new Date(0).toISOString()), permalink: fbLink(p.permalink_url), caption: p.message ?? "", postType: "post" });

/** Facebook Pages, through the Page's token. */
export function facebookReader(api: AccountApi, pageId: string): NumbersReader {
  return {
    async recentPosts(since, max) {
      const posts = await api.list<FbPost>(`/${pageId}/published_posts`, { fields: FB_FIELDS, limit: 50, since: seconds(since) }, max, (p) => !!p.created_time && Date.parse(utcIso(p.created_time)) < since.getTime());
      return posts.map(fbPost);
    },
    async post(id) {
      const p = await optional(() => api.get<FbPost>(`/${id}`, { fields: FB_FIELDS }));
      return p ? fbPost(p) : null;
    },
    async numbers(p) {
      const out: Numbers = {};
      // Reach, views and reactions are post insights (lifetime); reactions come by type and are added up.
      const insights = await optional(() => api.get<{ data?: InsightEntry[] }>(`/${p.id}/insights`, { metric: "post_total_media_view_unique,post_media_view,post_reactions_by_type_total" }));
      for (const e of insights?.data ?? []) {
        const v = e.values?.[0]?.value;
        if (e.name === "post_total_media_view_unique" && num(v) !== null) out.reach = num(v)!;
        if (e.name === "post_media_view" && num(v) !== null) out.views = num(v)!;
        if (e.name === "post_reactions_by_type_total" && v && typeof v === "object") out.reactions = Object.values(v as Record<string, unknown>).reduce<number>((sum, x) => sum + (num(x) ?? 0), 0);
      }
      // Comments and shares are the post's own fields (Page Post reference: `comments` edge with summary, `shares`).
      const fields = await optional(() => api.get<FbPost>(`/${p.id}`, { fields: "shares,comments.limit(0).summary(true)" }));
      const comments = num(fields?.comments?.summary?.total_count);
      if (comments !== null) out.comments = comments;
      if (fields) out.shares = num(fields.shares?.count) ?? 0;
      return out;
    },
    async account(since, until) {
      const page = await api.get<{ followers_count?: number }>(`/${pageId}`, { fields: "followers_count" });
      const reach = await optional(() => api.get<{ data?: InsightEntry[] }>(`/${pageId}/insights`, { metric: "page_total_media_view_unique", period: "day", since: seconds(clampSince(since, until)), until: seconds(until) }));
      return { followers: num(page.followers_count), daily: reach ? dailyValues(reach, "page_total_media_view_unique", "reach") : [] };
    },
  };
}
