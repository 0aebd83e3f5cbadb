import type { OutboundFetch } from "../../../lib/outbound.ts";
import { networkRequest } from "./network-http.ts";
import { parseRetryAfter, PublishError } from "./types.ts";

/**
 * One client for TikTok's Open API v2 (open.tiktokapis.com): the sign-in's token calls, the account and creator
 * reads, the Content Posting API and the numbers import all go through `tiktok()` / `tiktokForm()`, which map the
 * documented errors to what the publisher does next.
 *
 * Sources:
 * - Error struct and codes: https://developers.tiktok.com/doc/tiktok-api-v2-error-handling — every answer carries
 *   `error: { code, message, log_id }`, `code` "ok" on success; access_token_invalid 401, scope_not_authorized 401,
 *   rate_limit_exceeded 429, invalid_params 400, internal_error 500.
 * - Content Posting API codes (Direct Post / Upload / Photo reference pages, "Error codes"):
 *   https://developers.tiktok.com/doc/content-posting-api-reference-direct-post — spam_risk_too_many_posts,
 *   spam_risk_user_banned_from_posting, reached_active_user_cap, unaudited_client_can_only_post_to_private_accounts,
 *   url_ownership_unverified, privacy_level_option_mismatch (403/400);
 *   https://developers.tiktok.com/doc/content-posting-api-reference-upload-video — spam_risk_too_many_pending_share.
 * - OAuth token endpoint errors: https://developers.tiktok.com/doc/oauth-user-access-token-management — the token
 *   endpoint answers `{ error, error_description, log_id }` (an OAuth 2.0 style error string, not the struct above).
 */

export interface TikTokCall {
  fetch: OutboundFetch;
  simulator: string | undefined;
  signal?: AbortSignal;
}

/** An error TikTok answered with, keeping its code for the callers that act on one. */
export class TikTokError extends PublishError {
  constructor(
    kind: PublishError["kind"],
    code: string,
    message: string,
    retryAfterMs: number | null,
    detail: { body?: string; cause?: unknown },
    readonly tiktokCode: string,
    readonly status: number,
  ) {
    super(kind, code, message, retryAfterMs, detail);
  }
}

/** The per-token limits are per minute (6 inits, 20 creator reads, 30 status reads); a refused call waits a minute. */
export const RATE_LIMIT_WAIT_MS = 60_000;
/**
 * The creator's daily posting cap (spam_risk_too_many_posts), the unaudited app's cap of 5 posting users a day
 * (reached_active_user_cap) and 5 pending inbox shares a day (spam_risk_too_many_pending_share): TikTok says when
 * nothing frees up again; chosen: look again in an hour.
 */
export const CAP_WAIT_MS = 60 * 60_000;

interface ErrorStruct {
  code?: string;
  message?: string;
  log_id?: string;
}

/** What a TikTok error code means for us. */
export function tiktokFailure(status: number, tcode: string, text: string, retryAfter: string | null, method: string): TikTokError {
  const detail = { body: text.slice(0, 500) };
  const msg = `TikTok ${status} ${tcode}`;
  const make = (kind: PublishError["kind"], code: string, wait: number | null = null) => new TikTokError(kind, code, msg, wait, detail, tcode, status);
  switch (tcode) {
    case "access_token_invalid":
      return make("auth", "publish.auth");
    case "scope_not_authorized":
    case "scope_permission_missed":
      return make("rejected", "publish.permission_missing");
    case "rate_limit_exceeded":
      return make("retry", "publish.rate_limited", parseRetryAfter(retryAfter) ?? RATE_LIMIT_WAIT_MS);
    case "spam_risk_too_many_posts":
      return make("retry", "publish.tiktok_too_many_posts", CAP_WAIT_MS);
    case "spam_risk_too_many_pending_share":
      return make("retry", "publish.tiktok_too_many_pending", CAP_WAIT_MS);
    case "reached_active_user_cap":
      return make("retry", "publish.tiktok_user_cap", CAP_WAIT_MS);
    case "spam_risk_user_banned_from_posting":
      return make("rejected", "publish.tiktok_banned");
    case "unaudited_client_can_only_post_to_private_accounts":
      return make("rejected", "publish.tiktok_unaudited");
    case "privacy_level_option_mismatch":
      return make("rejected", "publish.tiktok_privacy_mismatch");
    case "url_ownership_unverified":
      return make("rejected", "publish.tiktok_domain_unverified");
  }
  if (status === 429) return make("retry", "publish.rate_limited", parseRetryAfter(retryAfter) ?? RATE_LIMIT_WAIT_MS);
  if (status === 401) return make("auth", "publish.auth");
  if (status === 503) return make("retry", "publish.unavailable", parseRetryAfter(retryAfter));
  // A read that failed on TikTok's side is simply read again; a write may have happened.
  if (status >= 500 || tcode === "internal_error") return make(method === "GET" ? "retry" : "unknown", "publish.server_error");
  return make("rejected", "publish.rejected");
}

/**
 * `publicaly_available_post_id` is a list of int64 (Get Post Status): post ids of 19 digits that a JavaScript number
 * cannot hold. They are read as strings (the video list and query give ids as strings already).
 */
export function keepBigIds(text: string): string {
  return text.replace(/("publicaly_available_post_id"\s*:\s*\[)([^\]]*)\]/g, (_m, head: string, list: string) => `${head}${list.replace(/-?\d+/g, '"$&"')}]`);
}

async function send<T>(call: TikTokCall, method: "GET" | "POST", url: string, init: { headers: Record<string, string>; body?: string }): Promise<T> {
  const { "content-type": contentType, ...headers } = init.headers;
  const res = await networkRequest(call, method, url, { headers, ...(init.body !== undefined ? { body: { text: init.body, contentType: contentType ?? "application/json" } } : {}) });
  const text = res.text;
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(keepBigIds(text)) as Record<string, unknown>) : {};
  } catch {
    json = null;
  }
  const err = json?.error;
  // The token endpoint's OAuth error: `{ error: "invalid_grant", error_description }`.
  if (typeof err === "string" && err) {
    const kind = err === "invalid_grant" || err === "invalid_client" || err === "access_denied" ? "auth" : res.status >= 500 ? "unknown" : "rejected";
    throw new TikTokError(kind, kind === "auth" ? "publish.auth" : "publish.rejected", `TikTok ${res.status} ${err}`, null, { body: text.slice(0, 500) }, err, res.status);
  }
  const struct = err && typeof err === "object" ? (err as ErrorStruct) : null;
  if (!res.ok || (struct?.code && struct.code !== "ok")) throw tiktokFailure(res.status, struct?.code ?? `http_${res.status}`, text, res.headers.get("retry-after"), method);
  if (json === null) throw new PublishError(method === "GET" ? "retry" : "unknown", "publish.server_error", `TikTok ${res.status}, not JSON`, null, { body: text.slice(0, 200) });
  return json as T;
}

/** A JSON call with the user's access token (Bearer); `fields` go in the query. Answers the whole body (`data`, `error`). */
export function tiktok<T>(call: TikTokCall, method: "GET" | "POST", url: string, token: string, body?: unknown, query?: Record<string, string>): Promise<T> {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query ?? {})) u.searchParams.set(k, v);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (method === "POST") headers["content-type"] = "application/json; charset=UTF-8";
  return send<T>(call, method, u.toString(), { headers, ...(method === "POST" ? { body: JSON.stringify(body ?? {}) } : {}) });
}

/** A form POST without a user token (the OAuth token and revoke endpoints: application/x-www-form-urlencoded). */
export function tiktokForm<T>(call: TikTokCall, url: string, form: Record<string, string>): Promise<T> {
  return send<T>(call, "POST", url, { headers: { "content-type": "application/x-www-form-urlencoded", "cache-control": "no-cache" }, body: new URLSearchParams(form).toString() });
}
