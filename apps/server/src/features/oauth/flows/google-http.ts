import { networkRequest, type NetworkBody } from "../../publishing/adapters/network-http.ts";
import { PublishError, type FailureKind } from "../../publishing/adapters/types.ts";
import type { FlowCall } from "./types.ts";

/**
 * One HTTP client for Google's APIs (the OAuth endpoints, YouTube Data and Analytics, Business Profile): flows/google.ts,
 * the YouTube adapter and numbers, and the Business Profile calls use it. Every URL goes through `networkUrl`.
 */

// ---------------------------------------------------------------------------------------------------------------

/**
 * Google's JSON error answer (https://cloud.google.com/apis/design/errors#http_mapping and, for the YouTube Data
 * API's reasons, https://developers.google.com/youtube/v3/docs/errors): `{ error: { code, message, status,
 * errors: [{ domain, reason, message }], details: [{ reason… }] } }`.
 */
interface GoogleErrorBody {
  code?: number;
  message?: string;
  status?: string;
  errors?: Array<{ domain?: string; reason?: string; message?: string }>;
  details?: Array<{ reason?: string; "@type"?: string }>;
}

/** A Google API refusal with its reasons (`errors[].reason`, `details[].reason`, `status`) for callers that act on one. */
export class GoogleError extends PublishError {
  constructor(
    kind: FailureKind,
    code: string,
    message: string,
    retryAfterMs: number | null,
    detail: { body?: string; cause?: unknown },
    readonly status: number,
    readonly reasons: string[],
  ) {
    super(kind, code, message, retryAfterMs, detail);
  }
}

/** The daily quota's reasons: YouTube's `quotaExceeded` (domain youtube.quota) and Google's generic daily limits. */
export const QUOTA_REASONS = new Set(["quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg"]);
/** Short-term limits: wait and try again. */
const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED", "uploadRateLimitExceeded"]);
/** The token lacks a scope: the person must sign in again and allow it. */
const PERMISSION_REASONS = new Set(["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "forbidden", "PERMISSION_DENIED"]);

/**
 * When Google's daily API quotas start again: "Daily quotas reset at midnight Pacific Time"
 * (https://developers.google.com/youtube/v3/getting-started#quota and
 * https://cloud.google.com/docs/quotas/overview). America/Los_Angeles, with its daylight-saving changes.
 */
export function nextPacificMidnight(now: Date): Date {
  const wall = pacificWall(now);
  const nextWallMidnight = Date.UTC(wall.year, wall.month - 1, wall.day + 1);
  // The offset at that midnight may differ from now's (the night of a daylight-saving change): take the offset there.
  const guess = nextWallMidnight - offsetAt(now);
  return new Date(nextWallMidnight - offsetAt(new Date(guess)));
}

// Made on first use: a formatter with a time zone loads its rules (a few ms of a server's start).
let pacific: Intl.DateTimeFormat | undefined;
const pacificFormat = () => (pacific ??= new Intl.DateTimeFormat("en-US", { timeZone: "America/Los_Angeles", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }));

function pacificWall(at: Date) {
  const parts = pacificFormat().formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** Pacific wall-clock time minus UTC at `at` (ms): −8 h in winter, −7 h in summer. */
function offsetAt(at: Date): number {
  const w = pacificWall(at);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at.getTime() / 1000) * 1000;
}

export interface GoogleRequest {
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: Record<string, string | undefined>;
  token?: string | null;
  headers?: Record<string, string>;
  /** Raw bytes (an upload chunk); `headers` carry its content type and range. */
  body?: Buffer;
  /** Statuses that are not failures for this call (the resumable upload's 308). */
  accept?: number[];
}

export interface GoogleAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * One call to a Google API (`url`: the production URL; `networkUrl` applied here). Maps Google's errors:
 * 401 → "auth"; 403/429 quota reasons → retry "publish.quota_exceeded" (until midnight Pacific); rate reasons and
 * 429/503 → retry "publish.rate_limited"; scope/permission reasons → rejected "publish.permission_missing"; other
 * 4xx → rejected; 5xx → retry for a read, unknown for a write.
 */
export async function googleFetch<T>(call: FlowCall, method: "GET" | "POST" | "PUT" | "DELETE", url: string, req: GoogleRequest = {}, now: Date = new Date()): Promise<GoogleAnswer<T>> {
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.form ?? {})) if (v !== undefined) form[k] = v;
  const body: NetworkBody | undefined =
    req.json !== undefined ? { json: req.json } : req.form ? { form } : req.body ? { bytes: req.body, contentType: headers["content-type"] ?? "application/octet-stream" } : undefined;
  if (req.json !== undefined) headers["content-type"] ??= "application/json; charset=UTF-8";
  const res = await networkRequest(call, method, url, {
    query: req.query ?? {},
    headers,
    ...(body ? { body } : {}),
    // The resumable upload answers 308 "Resume Incomplete" (no Location): fetch's "error" mode would fail on any 3xx.
    redirect: req.accept?.some((x) => x >= 300 && x < 400) ? "manual" : "error",
  });
  const text = res.text;
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = null;
  }
  if (res.ok || req.accept?.includes(res.status)) return { status: res.status, headers: res.headers, body: (json ?? {}) as T };
  throw googleFailure(method, res.status, json, text, res.headers.get("retry-after"), now);
}

function googleFailure(method: string, status: number, json: unknown, text: string, retryAfter: string | null, now: Date): GoogleError {
  const detail = text ? { body: text.slice(0, 500) } : {};
  const raw = (json as { error?: unknown } | null)?.error;
  const error: GoogleErrorBody = raw && typeof raw === "object" ? (raw as GoogleErrorBody) : {};
  // The OAuth endpoints answer `{ error: "invalid_grant", error_description }` (RFC 6749 §5.2).
  const oauthError = typeof raw === "string" ? raw : null;
  const reasons = [...(error.errors ?? []).map((e) => e.reason ?? ""), ...(error.details ?? []).map((d) => d.reason ?? ""), error.status ?? "", oauthError ?? ""].filter(Boolean);
  const has = (set: Set<string>) => reasons.some((r) => set.has(r));
  const message = `HTTP ${status}${reasons.length ? ` (${reasons.join(", ")})` : ""}`;
  const make = (kind: FailureKind, code: string, wait: number | null = null) => new GoogleError(kind, code, message, wait, detail, status, reasons);
  const waitHeader = retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) * 1000 : null;
  if (oauthError === "invalid_grant" || oauthError === "invalid_token" || oauthError === "unauthorized_client") return make("auth", "publish.auth");
  if (oauthError === "invalid_client") return make("auth", "connection.oauth_exchange_failed");
  if (has(QUOTA_REASONS)) return make("retry", "publish.quota_exceeded", nextPacificMidnight(now).getTime() - now.getTime());
  if (has(RATE_REASONS) || status === 429) return make("retry", "publish.rate_limited", waitHeader ?? 15 * 60_000);
  if (status === 401) return make("auth", "publish.auth");
  if (has(PERMISSION_REASONS)) return make("rejected", "publish.permission_missing");
  if (status === 503) return make("retry", "publish.unavailable", waitHeader);
  if (status >= 500 || status === 408) return make(method === "GET" ? "retry" : "unknown", "publish.server_error");
  if (status === 403) return make("rejected", "publish.rejected");
  return make("rejected", "publish.rejected");
}

