import { PROVIDERS } from "../oauth/providers.ts";
import { tiktok, type TikTokCall } from "../publishing/adapters/tiktok-api.ts";
import { optional, stopFor, type Numbers, type NumbersReader, type RemotePost } from "./numbers-reader.ts";

/**
 * A TikTok account's numbers (Display API, scopes video.list and user.info.stats):
 * - `POST /v2/video/list/?fields=…` body `{ max_count ≤ 20, cursor }` → `data: { videos, cursor, has_more }`, newest
 *   first; the cursor is the last video's create_time in ms (https://developers.tiktok.com/doc/tiktok-api-v2-video-list).
 * - `POST /v2/video/query/?fields=…` body `{ filters: { video_ids ≤ 20 } }` → `data: { videos }`
 *   (https://developers.tiktok.com/doc/tiktok-api-v2-video-query).
 * - Video fields view_count, like_count, comment_count, share_count (https://developers.tiktok.com/doc/tiktok-api-v2-video-object).
 * - `GET /v2/user/info/?fields=follower_count` (user.info.stats; https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info).
 * TikTok gives totals only: no per-day account numbers, so `daily` is empty and followers are the count today.
 */

const API = PROVIDERS.tiktok.graphUrl;
const FIELDS = "id,create_time,share_url,title,video_description,view_count,like_count,comment_count,share_count";
/** "The maximum number of videos that will be returned from each page" is 20 (video list, max_count). */
const PAGE = 20;

interface Video {
  id: string;
  create_time?: number;
  share_url?: string;
  title?: string;
  video_description?: string;
  view_count?: number;
  like_count?: number;
  comment_count?: number;
  share_count?: number;
}

const toPost = (v: Video): RemotePost => ({
  id: String(v.id),
  publishedAt: new Date((v.create_time ?? 0) * 1000).toISOString(),
  permalink: v.share_url ?? "",
  caption: v.video_description ?? v.title ?? "",
  postType: "video",
});

function numbersOf(v: Video): Numbers {
  const out: Numbers = {};
  if (typeof v.view_count === "number") out.views = v.view_count;
  if (typeof v.like_count === "number") out.likes = v.like_count;
  if (typeof v.comment_count === "number") out.comments = v.comment_count;
  if (typeof v.share_count === "number") out.shares = v.share_count;
  return out;
}

export function tiktokReader(call: TikTokCall, token: string): NumbersReader {
  /** The numbers come with the list: kept so a listed video is not read again. */
  const seen = new Map<string, Video>();
  const wrap = async <T>(read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      throw stopFor(err);
    }
  };
  const query = async (id: string): Promise<Video | null> => {
    const body = await optional(() => tiktok<{ data?: { videos?: Video[] } }>(call, "POST", `${API}/video/query/`, token, { filters: { video_ids: [id] } }, { fields: FIELDS }));
    const v = body?.data?.videos?.find((x) => String(x.id) === id) ?? null;
    if (v) seen.set(id, v);
    return v;
  };
  return {
    recentPosts: (since, max) =>
      wrap(async () => {
        const out: Video[] = [];
        let cursor: number | undefined;
        for (;;) {
          const body = await tiktok<{ data?: { videos?: Video[]; cursor?: number; has_more?: boolean } }>(call, "POST", `${API}/video/list/`, token, { max_count: PAGE, ...(cursor !== undefined ? { cursor } : {}) }, { fields: FIELDS });
          const videos = body.data?.videos ?? [];
          let older = false;
          for (const v of videos) {
            if ((v.create_time ?? 0) * 1000 < since.getTime()) {
              older = true;
              break;
            }
            seen.set(String(v.id), v);
            out.push(v);
            if (out.length >= max) return out.map(toPost);
          }
          if (older || !body.data?.has_more || !videos.length || body.data.cursor === undefined || body.data.cursor === cursor) break;
          cursor = body.data.cursor;
        }
        return out.map(toPost);
      }),
    post: (id) => wrap(async () => ((await query(id)) ? toPost(seen.get(id)!) : null)),
    numbers: (p) => wrap(async () => numbersOf(seen.get(p.id) ?? (await query(p.id)) ?? { id: p.id })),
    account: () =>
      wrap(async () => {
        const body = await tiktok<{ data?: { user?: { follower_count?: number } } }>(call, "GET", `${API}/user/info/`, token, undefined, { fields: "open_id,follower_count" });
        const n = body.data?.user?.follower_count;
        return { followers: typeof n === "number" ? n : null, daily: [] };
      }),
  };
}
