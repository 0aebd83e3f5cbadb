/** A Threads account's numbers (https://developers.facebook.com/docs/threads/insights). */
import { clampSince, dailyValues, insightValues, optional, seconds, utcIso, type AccountApi, type InsightEntry, type Numbers, type NumbersReader, type RemotePost } from "./meta-readers.ts";

interface ThreadsMedia {
  id: string;
  media_type?: string;
  permalink?: string;
  text?: string;
  timestamp?: string;
}
const TH_FIELDS = "id,media_type,permalink,text,timestamp";
const thPost = (m: ThreadsMedia): RemotePost => ({ id: m.id, publishedAt: utcIso(m.timestamp ?? new Date(0).toISOString()), permalink: m.permalink ?? "", caption: m.text ?? "", postType: (m.media_type ?? "post").toLowerCase() });

/** Threads. */
export function threadsReader(api: AccountApi, userId: string): NumbersReader {
  return {
    async recentPosts(since, max) {
      const media = await api.list<ThreadsMedia>(`/${userId}/threads`, { fields: TH_FIELDS, limit: 50, since: seconds(since) }, max, (m) => !!m.timestamp && Date.parse(utcIso(m.timestamp)) < since.getTime());
      // Another user's post reposted here is theirs (its insights are empty, as the docs say).
      return media.filter((m) => m.media_type !== "REPOST_FACADE").map(thPost);
    },
    async post(id) {
      const m = await optional(() => api.get<ThreadsMedia>(`/${id}`, { fields: TH_FIELDS }));
      return m ? thPost(m) : null;
    },
    async numbers(p) {
      const body = await optional(() => api.get<{ data?: InsightEntry[] }>(`/${p.id}/insights`, { metric: "views,likes,replies,reposts,quotes,shares" }));
      if (!body) return {};
      const v = insightValues(body);
      const out: Numbers = {};
      if (v.has("views")) out.views = v.get("views")!;
      if (v.has("likes")) out.likes = v.get("likes")!;
      if (v.has("replies")) out.comments = v.get("replies")!;
      // Reposts, quotes and shares are each a way of passing the post on (as Bluesky's reposts + quotes are).
      if (v.has("reposts") || v.has("quotes") || v.has("shares")) out.shares = (v.get("reposts") ?? 0) + (v.get("quotes") ?? 0) + (v.get("shares") ?? 0);
      return out;
    },
    async account(since, until) {
      const followers = await api.get<{ data?: InsightEntry[] }>(`/${userId}/threads_insights`, { metric: "followers_count" });
      const views = await optional(() => api.get<{ data?: InsightEntry[] }>(`/${userId}/threads_insights`, { metric: "views", since: seconds(clampSince(since, until)), until: seconds(until) }));
      // Threads' account `views` are views of the profile, not of posts: they are profile visits here.
      return { followers: insightValues(followers).get("followers_count") ?? null, daily: views ? dailyValues(views, "views", "profile_visits") : [] };
    },
  };
}
