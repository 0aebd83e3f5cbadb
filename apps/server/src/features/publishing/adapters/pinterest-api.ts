import type { FlowCall } from "../../oauth/flows/types.ts";
import { PROVIDERS } from "../../oauth/providers.ts";
import { jsonOf, networkRequest, onNetworkDomain } from "./network-http.ts";
import { parseRetryAfter, PublishError } from "./types.ts";

/**
 * One client for Pinterest's API v5 (https://developers.pinterest.com/docs/api/v5/): the sign-in flow, the adapter
 * and the numbers reader call it. Every URL goes through `networkUrl`; the token goes in `Authorization: Bearer`.
 *
 * Errors (https://developers.pinterest.com/docs/api/v5/#tag/Response-codes): the body is `{ code, message }`.
 * 401 → the token no longer works ("auth": the channel pauses); 403 → the account may not do this ("rejected",
 * e.g. a board of someone else); 429 → rate limited: wait as the answer says (Retry-After, else the
 * X-RateLimit-Reset header of https://developers.pinterest.com/docs/reference/rate-limits/ — seconds until the
 * window resets; when neither came, chosen: one minute); 5xx → a read is tried again, a write may have happened.
 */

export const PINTEREST_API = PROVIDERS.pinterest.graphUrl;
/** No wait documented when no header says; chosen. */
const RATE_LIMIT_DEFAULT_MS = 60_000;

type Query = Record<string, string | number | undefined>;

export interface PinterestAnswer<T> {
  body: T;
  headers: Headers;
}

/** How long a 429 says to wait: Retry-After, else X-RateLimit-Reset (seconds from now, or an epoch time). */
export function rateLimitWait(headers: Headers, now = Date.now()): number {
  const after = parseRetryAfter(headers.get("retry-after"), now);
  if (after !== null) return Math.max(1000, after);
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (Number.isFinite(reset) && reset > 0) return Math.max(1000, reset > 1e9 ? reset * 1000 - now : reset * 1000);
  return RATE_LIMIT_DEFAULT_MS;
}

/** The failure a Pinterest error answer means. */
export function pinterestFailure(method: string, status: number, text: string, headers: Headers): PublishError {
  const detail = text ? { body: text.slice(0, 500) } : {};
  const message = `HTTP ${status}`;
  if (status === 429) return new PublishError("retry", "publish.rate_limited", message, rateLimitWait(headers), detail);
  if (status === 401) return new PublishError("auth", "publish.auth", message, null, detail);
  if (status === 403) return new PublishError("rejected", "publish.permission_missing", message, null, detail);
  if (status === 503) return new PublishError("retry", "publish.unavailable", message, parseRetryAfter(headers.get("retry-after")), detail);
  if (status === 408 || status >= 500) return new PublishError(method === "GET" ? "retry" : "unknown", "publish.server_error", message, null, detail);
  return new PublishError("rejected", "publish.rejected", message, null, detail);
}

/** A JSON call to `https://api.pinterest.com/v5<path>` (or an absolute URL) with the access token. */
export async function pinterest<T>(call: FlowCall, method: "GET" | "POST" | "DELETE", path: string, token: string, opts: { query?: Query; json?: unknown } = {}): Promise<PinterestAnswer<T>> {
  const url = path.startsWith("https://") ? onNetworkDomain(path, ["pinterest.com"], "a Pinterest address") : `${PINTEREST_API}${path}`;
  // A failure before the answer's last byte (refused, reset, timed out) is mapped the same way, sent or not.
  const res = await networkRequest(call, method, url, { query: opts.query ?? {}, headers: { authorization: `Bearer ${token}` }, ...(opts.json !== undefined ? { body: { json: opts.json } } : {}) });
  if (!res.ok) throw pinterestFailure(method, res.status, res.text, res.headers);
  return { body: jsonOf<T>(method, res), headers: res.headers };
}

/** Every item of a list answered page by page (`{ items, bookmark }`), at most `max`. */
export async function allPages<T>(call: FlowCall, path: string, token: string, query: Query, max: number, stop?: (item: T) => boolean): Promise<T[]> {
  const out: T[] = [];
  let bookmark: string | undefined;
  do {
    const { body } = await pinterest<{ items?: T[]; bookmark?: string | null }>(call, "GET", path, token, { query: { ...query, bookmark } });
    for (const item of body.items ?? []) {
      if (stop?.(item)) return out;
      out.push(item);
      if (out.length >= max) return out;
    }
    bookmark = body.bookmark ?? undefined;
  } while (bookmark);
  return out;
}

/** Pinterest's `created_at` ("2020-01-01T20:10:40", UTC without a zone) as a Date. */
export const pinterestTime = (t: string | undefined): Date => new Date(t ? (/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`) : 0);

export const pinUrl = (id: string) => `https://www.pinterest.com/pin/${id}/`;

/** A Pin as the API answers (the fields used here). */
export interface PinAnswer {
  id: string;
  created_at?: string;
  link?: string | null;
  title?: string | null;
  description?: string | null;
  board_id?: string;
  media?: { media_type?: string };
}

/** The account (`GET /v5/user_account`). */
export interface UserAccountAnswer {
  id?: string;
  username?: string;
  business_name?: string | null;
  profile_image?: string | null;
  follower_count?: number;
  account_type?: string;
}
