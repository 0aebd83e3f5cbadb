/**
 * Instagram's numbers: media insights (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights)
 * and account insights (https://developers.facebook.com/docs/instagram-platform/api-reference/instagram-user/insights).
 */
import { clampSince, dailyValues, insightValues, num, optional, seconds, utcIso, type AccountApi, type InsightEntry, type Numbers, type NumbersReader, type RemotePost } from "./meta-readers.ts";

interface IgMedia {
  id: string;
  caption?: string;
  media_type?: string;
  media_product_type?: string;
  permalink?: string;
  timestamp?: string;
}
const IG_FIELDS = "id,caption,media_type,media_product_type,permalink,timestamp";
const igType = (m: IgMedia) => (m.media_product_type === "STORY" ? "story" : m.media_product_type === "REELS" ? "reel" : m.media_type === "CAROUSEL_ALBUM" ? "carousel" : (m.media_type ?? "post").toLowerCase());
const igPost = (m: IgMedia): RemotePost => ({ id: m.id, publishedAt: utcIso(m.timestamp ?? new Date(0).toISOString()), permalink: m.permalink ?? "", caption: m.caption ?? "", postType: igType(m) });

/** Instagram professional accounts, through Instagram Login (graph.instagram.com) or Facebook Login (graph.facebook.com). */
export function instagramReader(api: AccountApi, accountId: string): NumbersReader {
  return {
    async recentPosts(since, max) {
      const media = await api.list<IgMedia>(`/${accountId}/media`, { fields: IG_FIELDS, limit: 50 }, max, (m) => !!m.timestamp && Date.parse(utcIso(m.timestamp)) < since.getTime());
      return media.map(igPost);
    },
    async post(id) {
      const m = await optional(() => api.get<IgMedia>(`/${id}`, { fields: IG_FIELDS }));
      return m ? igPost(m) : null;
    },
    async numbers(p) {
      // Stories: reach, views and shares (no likes, comments or saves); feed posts and reels the full set.
      const metric = p.postType === "story" ? "reach,views,shares" : "reach,likes,comments,saved,shares,views";
      const body = await optional(() => api.get<{ data?: InsightEntry[] }>(`/${p.id}/insights`, { metric }));
      const v = body ? insightValues(body) : new Map<string, number>();
      const out: Numbers = {};
      for (const [name, metric] of [["reach", "reach"], ["views", "views"], ["likes", "likes"], ["comments", "comments"], ["saved", "saves"], ["shares", "shares"]] as const) {
        if (v.has(name)) out[metric] = v.get(name)!;
      }
      return out;
    },
    async account(since, until) {
      const me = await api.get<{ followers_count?: number }>(`/${accountId}`, { fields: "followers_count" });
      const reach = await optional(() => api.get<{ data?: InsightEntry[] }>(`/${accountId}/insights`, { metric: "reach", period: "day", since: seconds(clampSince(since, until)), until: seconds(until) }));
      return { followers: num(me.followers_count), daily: reach ? dailyValues(reach, "reach", "reach") : [] };
    },
  };
}
