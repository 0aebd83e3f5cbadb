import { PROVIDERS } from "../oauth/providers.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { xRequest, type XCall } from "../publishing/adapters/x-api.ts";
import { NumbersStop, type Numbers, type NumbersReader, type RemotePost } from "./numbers-reader.ts";

/**
 * An X account's numbers through the API v2:
 * - its posts: `GET /2/users/:id/tweets` (https://docs.x.com/x-api/users/get-posts) with `start_time`,
 *   `max_results` (5–100) and `pagination_token`; one post: `GET /2/tweets/:id` (https://docs.x.com/x-api/posts/get-post-by-id);
 * - each post's `public_metrics` (retweet_count, reply_count, like_count, quote_count, bookmark_count,
 *   impression_count: https://docs.x.com/x-api/fundamentals/data-dictionary, "Tweet object") → impressions,
 *   likes, comments (replies), shares (reposts + quotes), saves (bookmarks);
 * - the follower count: `GET /2/users/me?user.fields=public_metrics` (followers_count).
 * What may be read depends on the operator's X API plan (https://docs.x.com/x-api/getting-started/about-x-api):
 * a plan without the endpoint answers 403 `client-not-enrolled` → the reading stops with "metrics.x_tier", which
 * says what to change; a plan's tiny limits answer 429 → "metrics.numbers_rate_limited" until `x-rate-limit-reset`.
 */

const API = PROVIDERS.x.graphUrl;
const TWEET_FIELDS = "created_at,public_metrics,text,referenced_tweets";

interface Tweet {
  id: string;
  text?: string;
  created_at?: string;
  public_metrics?: Partial<Record<"retweet_count" | "reply_count" | "like_count" | "quote_count" | "bookmark_count" | "impression_count", number>>;
  referenced_tweets?: Array<{ type: string; id: string }>;
}

/** A read failure as the numbers import sees it (a tier without the endpoint says so). */
function stop(err: unknown): unknown {
  if (!(err instanceof PublishError)) return err;
  if (err.code === "publish.x_tier") return new NumbersStop("metrics.x_tier");
  if (err.kind === "auth") return new NumbersStop("metrics.numbers_auth");
  if (err.code === "publish.rate_limited") return new NumbersStop("metrics.numbers_rate_limited", err.retryAfterMs);
  if (err.code === "publish.x_not_permitted") return new NumbersStop("metrics.numbers_permission");
  return new NumbersStop("metrics.numbers_unavailable", err.retryAfterMs);
}

const postOf = (userName: string | null, t: Tweet): RemotePost => ({
  id: t.id,
  publishedAt: t.created_at ? new Date(t.created_at).toISOString() : new Date(0).toISOString(),
  permalink: `https://x.com/${userName ?? "i"}/status/${t.id}`,
  caption: t.text ?? "",
  postType: t.referenced_tweets?.some((r) => r.type === "replied_to") ? "reply" : t.referenced_tweets?.some((r) => r.type === "quoted") ? "quote" : "post",
});

function numbersOf(t: Tweet): Numbers {
  const m = t.public_metrics;
  if (!m) return {};
  const out: Numbers = {};
  if (typeof m.impression_count === "number") out.impressions = m.impression_count;
  if (typeof m.like_count === "number") out.likes = m.like_count;
  if (typeof m.reply_count === "number") out.comments = m.reply_count;
  if (typeof m.retweet_count === "number" || typeof m.quote_count === "number") out.shares = (m.retweet_count ?? 0) + (m.quote_count ?? 0);
  if (typeof m.bookmark_count === "number") out.saves = m.bookmark_count;
  return out;
}

/** `username`: the connection's handle (config), for the posts' permalinks. */
export function xNumbersReader(call: XCall, userId: string, token: string, username: string | null): NumbersReader {
  const seen = new Map<string, Tweet>();
  let userName = username;
  const get = async <T>(path: string, query: Record<string, string | number | undefined>): Promise<T> => {
    try {
      return (await xRequest<T>(call, { method: "GET", url: `${API}${path}`, query, token })).body;
    } catch (err) {
      throw stop(err);
    }
  };
  return {
    async recentPosts(since, max) {
      const out: RemotePost[] = [];
      let next: string | undefined;
      do {
        const page = await get<{ data?: Tweet[]; meta?: { next_token?: string } }>(`/users/${userId}/tweets`, { "tweet.fields": TWEET_FIELDS, max_results: 100, start_time: since.toISOString(), exclude: "retweets", pagination_token: next });
        for (const t of page.data ?? []) {
          seen.set(t.id, t);
          out.push(postOf(userName, t));
        }
        next = page.meta?.next_token;
      } while (next && out.length < max);
      return out.slice(0, max);
    },
    async post(id) {
      try {
        const { body } = await xRequest<{ data?: Tweet }>(call, { method: "GET", url: `${API}/tweets/${encodeURIComponent(id)}`, query: { "tweet.fields": TWEET_FIELDS }, token });
        if (!body.data) return null;
        seen.set(id, body.data);
        return postOf(userName, body.data);
      } catch (err) {
        // A deleted post answers 404 (or 200 with only `errors`): it is gone.
        if (err instanceof PublishError && err.kind === "rejected" && err.code === "publish.rejected") return null;
        throw stop(err);
      }
    },
    async numbers(p) {
      const known = seen.get(p.id);
      if (known?.public_metrics) return numbersOf(known);
      const body = await get<{ data?: Tweet }>(`/tweets/${encodeURIComponent(p.id)}`, { "tweet.fields": TWEET_FIELDS });
      return body.data ? numbersOf(body.data) : {};
    },
    async account() {
      const body = await get<{ data?: { username?: string; public_metrics?: { followers_count?: number } } }>(`/users/me`, { "user.fields": "public_metrics,username" });
      userName = body.data?.username ?? userName;
      return { followers: body.data?.public_metrics?.followers_count ?? null, daily: [] };
    },
  };
}

/**
 * Whether the operator's plan lets the app read the account's posts (and so their numbers): one small read of the
 * timeline. Only a 403 `client-not-enrolled` says no; any other failure says nothing about the plan.
 */
export async function xReadsAllowed(call: XCall, userId: string, token: string): Promise<boolean> {
  try {
    await xRequest(call, { method: "GET", url: `${API}/users/${userId}/tweets`, query: { max_results: 5 }, token });
    return true;
  } catch (err) {
    if (err instanceof PublishError && err.code === "publish.x_tier") return false;
    if (err instanceof PublishError && err.kind === "auth") throw err;
    return true;
  }
}
