import type { OutboundFetch } from "../../../lib/outbound.ts";
import { networkRequest, type NetworkBody } from "./network-http.ts";
import { parseRetryAfter, PublishError, type FailureKind } from "./types.ts";

/**
 * One client for LinkedIn's versioned REST API (`https://api.linkedin.com/rest/…`): every call of the LinkedIn
 * adapter, flow and numbers reader goes through `linkedin()`, which sends the two headers every versioned call needs
 * and maps LinkedIn's documented errors to what the publisher does next.
 *
 * Sources:
 * - Versioning: https://learn.microsoft.com/en-us/linkedin/marketing/versioning — "LinkedIn-Version: YYYYMM" on
 *   every call to /rest; a version is supported for at least a year; an inactive one answers 426 NONEXISTENT_VERSION.
 * - Rest.li 2.0: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version
 *   (`X-Restli-Protocol-Version: 2.0.0`; URNs in query strings and paths URL-encoded; `List(a,b)` for arrays).
 * - Errors: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling (401 expired or
 *   revoked token, 403 ACCESS_DENIED — missing permission or role, 404, 422 validation, 429 throttled, 5xx).
 * - Rate limits: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits — daily
 *   application and member limits per endpoint, reset at midnight UTC; a throttled call answers 429.
 */

/** The Marketing API version every /rest call names: May 2026 (li-lms-2026-05 in the docs' version picker), active until about May 2027. */
export const LINKEDIN_VERSION = "202605";
export const LINKEDIN_REST = "https://api.linkedin.com/rest";

export interface LinkedInCall {
  fetch: OutboundFetch;
  simulator: string | undefined;
  signal?: AbortSignal;
  /** The clock a wait is counted from (the app's; tests move it). Default: the system's. */
  now?: () => number;
}

export interface LinkedInAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A LinkedIn error answer, with its status and `serviceErrorCode` for callers that act on one. */
export class LinkedInError extends PublishError {
  constructor(
    kind: FailureKind,
    code: string,
    message: string,
    retryAfterMs: number | null,
    detail: { body?: string; cause?: unknown },
    readonly status: number,
    readonly serviceErrorCode: number | null,
  ) {
    super(kind, code, message, retryAfterMs, detail);
  }
}

/** Encodes a URN (or any value) for a Rest.li 2.0 path or query: every reserved character escaped. */
export const restli = (value: string) => encodeURIComponent(value);
/** A Rest.li 2.0 list parameter: `List(urn%3Ali%3Ashare%3A1,…)`. */
export const restliList = (values: string[]) => `List(${values.map(restli).join(",")})`;

/**
 * Calls `url` (a production URL; the query must already be Rest.li-encoded) with the token as Bearer. `json` is
 * sent as the body of a POST; `bytes` as the body of an upload PUT (upload URLs are not /rest calls: no version
 * header). Throws PublishError mapped from the status.
 */
export async function linkedin<T>(call: LinkedInCall, method: "GET" | "POST" | "PUT" | "DELETE", url: string, o: { token: string | null; json?: unknown; bytes?: Buffer; form?: Record<string, string>; rest?: boolean }): Promise<LinkedInAnswer<T>> {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const rest = o.rest ?? url.startsWith(LINKEDIN_REST);
  if (rest) {
    headers["linkedin-version"] = LINKEDIN_VERSION;
    headers["x-restli-protocol-version"] = "2.0.0";
  }
  const body: NetworkBody | undefined = o.json !== undefined ? { json: o.json } : o.form ? { form: o.form } : o.bytes ? { bytes: o.bytes } : undefined;
  const res = await networkRequest(call, method, url, { headers, ...(body ? { body } : {}) });
  const text = res.text;
  if (!res.ok) throw linkedinFailure(method, res.status, text, res.headers.get("retry-after"), call.now?.() ?? Date.now());
  let json: unknown = {};
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      // Upload PUTs answer with an empty or non-JSON body; their headers (ETag) are what counts.
      json = {};
    }
  }
  return { status: res.status, body: json as T, headers: res.headers };
}

/** The next midnight UTC after `now`: when LinkedIn's daily limits start again (rate-limits page). */
export function nextUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** Maps a LinkedIn error answer (JSON `{ status, serviceErrorCode, code, message }`) to a PublishError. */
export function linkedinFailure(method: string, status: number, text: string, retryAfter: string | null, now: number): LinkedInError {
  let parsed: { serviceErrorCode?: number; code?: string } = {};
  try {
    parsed = text ? (JSON.parse(text) as typeof parsed) : {};
  } catch {
    parsed = {};
  }
  const service = typeof parsed.serviceErrorCode === "number" ? parsed.serviceErrorCode : null;
  const detail = text ? { body: text.slice(0, 500) } : {};
  const message = `HTTP ${status}${parsed.code ? ` ${parsed.code}` : ""}${service !== null ? ` (${service})` : ""}`;
  const make = (kind: FailureKind, code: string, wait: number | null = null) => new LinkedInError(kind, code, message, wait, detail, status, service);
  if (status === 401) return make("auth", "publish.auth");
  // 403 ACCESS_DENIED: the token lacks the permission (w_organization_social…) or the member lost the page role.
  if (status === 403) return make("rejected", "publish.linkedin_permission");
  // Daily limits reset at midnight UTC; a Retry-After, when sent, says sooner.
  if (status === 429) return make("retry", "publish.rate_limited", parseRetryAfter(retryAfter, now) ?? nextUtcMidnight(now) - now);
  // 426: the LinkedIn-Version we send is no longer active — an update of Socialplan is needed, not a retry.
  if (status === 426) return make("rejected", "publish.linkedin_version");
  if (status === 503 || status === 504) return make(method === "GET" ? "retry" : "unknown", "publish.unavailable");
  if (status >= 500 || status === 408) return make(method === "GET" ? "retry" : "unknown", "publish.server_error");
  return make("rejected", "publish.rejected");
}
