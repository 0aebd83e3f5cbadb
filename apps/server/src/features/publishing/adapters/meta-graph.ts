import type { OutboundFetch } from "../../../lib/outbound.ts";
import { networkUrl } from "../../oauth/providers.ts";
import { failureFromFetch, failureFromStatus, PublishError, type FailureKind, type OutgoingConnection } from "./types.ts";

/**
 * One client for Meta's Graph APIs (graph.facebook.com, graph.instagram.com, graph.threads.net): every call of the
 * Instagram, Facebook Pages and Threads adapters, and of the numbers import, goes through `graph()`, which maps the
 * documented errors to what the publisher does next and reads the rate-limit usage headers.
 *
 * Sources:
 * - Errors: https://developers.facebook.com/docs/graph-api/guides/error-handling (codes 1, 2, 4, 10, 17, 102, 190,
 *   200-299, 341, 368 and their recovery tactics) and, for Instagram's own subcodes,
 *   https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
 * - Rate limits: https://developers.facebook.com/docs/graph-api/overview/rate-limiting (X-App-Usage with call_count,
 *   total_cputime and total_time in percent of a rolling hour; X-Business-Use-Case-Usage per business object with
 *   the same fields, `type` and `estimated_time_to_regain_access` in minutes; codes 4, 17, 32, 613 and the BUC
 *   codes 80000-80014).
 */

export interface GraphCall {
  fetch: OutboundFetch;
  /** `deps.config.networkSimulatorUrl`: when set, every URL goes to the local simulator instead (tests). */
  simulator: string | undefined;
  signal?: AbortSignal;
}

export interface GraphUsage {
  /** The highest of the percentages the usage headers gave (0 when none came). At 100 % calls start failing. */
  highestPercent: number;
  /** The longest `estimated_time_to_regain_access` (minutes) among the business use cases, or null when none said. */
  regainAccessMinutes: number | null;
}

/** A Graph error, with Meta's code and subcode for the adapters that act on one (e.g. an expired container). */
export class GraphError extends PublishError {
  constructor(
    kind: FailureKind,
    code: string,
    message: string,
    retryAfterMs: number | null,
    detail: { body?: string; cause?: unknown },
    readonly graphCode: number | null,
    readonly graphSubcode: number | null,
    readonly usage: GraphUsage,
  ) {
    super(kind, code, message, retryAfterMs, detail);
  }
}

type Params = Record<string, string | number | boolean | undefined>;

/**
 * GET/POST/DELETE `url` (absolute production URL; networkUrl applied inside) with params (query for GET/DELETE, form
 * body for POST) and the token as access_token. Throws PublishError (a GraphError when Meta answered with an error
 * object) mapped from the Graph error: code 190 → auth; 4/17/32/613 and usage ≥ 100 % → retry with retryAfterMs;
 * permission codes 10/200-299 → rejected "publish.permission_missing"; 5xx → unknown …
 */
export async function graph<T>(call: GraphCall, method: "GET" | "POST" | "DELETE", url: string, params: Params, token: string | null): Promise<{ body: T; usage: GraphUsage }> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) form.set(k, String(v));
  if (token) form.set("access_token", token);
  const target = new URL(url);
  if (method !== "POST") for (const [k, v] of form) target.searchParams.set(k, v);
  let res: Response;
  try {
    res = await call.fetch(networkUrl(target.toString(), call.simulator), {
      method,
      headers: method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {},
      ...(method === "POST" ? { body: form.toString() } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
      redirect: "error",
    });
  } catch (err) {
    throw failureFromFetch(err);
  }
  const usage = parseUsage(res.headers);
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw failureFromFetch(err);
  }
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = null;
  }
  const error = (json as { error?: GraphErrorBody } | null)?.error;
  if (!res.ok || error) throw graphFailure(method, res.status, error, text, usage, res.headers.get("retry-after"));
  if (json === null) throw new PublishError(method === "GET" ? "retry" : "unknown", "publish.server_error", `HTTP ${res.status}, not JSON`, null, { body: text.slice(0, 200) });
  return { body: json as T, usage };
}

interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
}

/** Rate-limit codes: 4 app, 17 user, 32 Page, 613 custom; 80000-80014 business use cases (Instagram is 80002). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const isBucCode = (code: number) => code >= 80000 && code <= 80014;

/** Instagram subcodes for media the network could not fetch or take (error-codes reference). */
const MEDIA_UNREACHABLE = new Set([2207052]);
const MEDIA_REJECTED = new Set([2207004, 2207005, 2207009, 2207026, 2207023, 2207028, 2207010, 2207057]);
/** "Try again" / "generate a new container and try again": nothing was published. */
const IG_TRY_AGAIN = new Set([2207003, 2207032, 2207053]);

/** Documented "wait an hour": platform usage is counted over a rolling hour; 100 % means calls fail until it drops. */
const FULL_USAGE_WAIT_MS = 60 * 60_000;
/** Not documented how long a rate-limit error lasts when no header says; chosen: 15 minutes. */
const RATE_LIMIT_DEFAULT_MS = 15 * 60_000;
/** Code 368 ("temporarily blocked for policy violations: wait and retry"); the wait is not documented, chosen: 1 hour. */
const BLOCKED_WAIT_MS = 60 * 60_000;

function graphFailure(method: string, status: number, error: GraphErrorBody | undefined, text: string, usage: GraphUsage, retryAfter: string | null): PublishError {
  const detail = text ? { body: text.slice(0, 500) } : {};
  if (!error || typeof error.code !== "number") {
    const plain = failureFromStatus(status, text, retryAfter);
    // A GET changes nothing: a 5xx on a read is simply tried again.
    if (plain.kind === "unknown" && method === "GET") return new PublishError("retry", plain.code, plain.message, null, plain.detail);
    return plain;
  }
  const code = error.code;
  const sub = typeof error.error_subcode === "number" ? error.error_subcode : null;
  const message = `HTTP ${status}, Graph error ${code}${sub !== null ? `/${sub}` : ""}`;
  const make = (kind: FailureKind, key: string, wait: number | null = null) => new GraphError(kind, key, message, wait, detail, code, sub, usage);
  // "Code 4, subcode 2207051: we restrict certain activity" (suspected spam) — a person must look, not a rate limit.
  if (sub === 2207051) return make("rejected", "publish.restricted");
  // Instagram's publishing limit (code 9, subcode 2207042): wait for the rolling 24-hour window.
  if (sub === 2207042) return make("retry", "publish.quota_exceeded", FULL_USAGE_WAIT_MS);
  // 190 "access token expired", 102 "API session": get a new token. 458-467 subcodes ride on 190.
  if (code === 190 || code === 102) return make("auth", "publish.auth");
  if (RATE_LIMIT_CODES.has(code) || isBucCode(code)) return make("retry", "publish.rate_limited", waitFor(usage) ?? RATE_LIMIT_DEFAULT_MS);
  // 341 "application limit reached": downtime or throttling, wait and retry.
  if (code === 341) return make("retry", "publish.rate_limited", waitFor(usage) ?? RATE_LIMIT_DEFAULT_MS);
  if (code === 368) return make("retry", "publish.temporarily_blocked", BLOCKED_WAIT_MS);
  // 3 "capability or permissions issue", 10 "permission denied", 200-299 "permission not granted or removed".
  if (code === 3 || code === 10 || (code >= 200 && code <= 299)) return make("rejected", "publish.permission_missing");
  if (sub !== null && MEDIA_UNREACHABLE.has(sub)) return make("rejected", "publish.media_unreachable");
  if (sub !== null && MEDIA_REJECTED.has(sub)) return make("rejected", "publish.media_rejected");
  if (sub !== null && IG_TRY_AGAIN.has(sub)) return make("retry", sub === 2207003 ? "publish.media_unreachable" : "publish.server_error");
  // 2207027 "the media is not ready for publishing, please wait for a moment".
  if (sub === 2207027) return make("retry", "publish.media_processing", 60_000);
  // 2207020: the container expired — the adapter makes a new one (a GraphError lets it see the subcode).
  if (sub === 2207020) return make("rejected", "publish.container_expired");
  // 1 "API unknown", 2 "API service", 2207001 "Instagram server error", or an error Meta calls transient: downtime.
  // A read is tried again; a write may have been done.
  if (code === 1 || code === 2 || code === -1 || code === -2 || sub === 2207001 || error.is_transient === true || status >= 500) {
    return make(method === "GET" ? "retry" : "unknown", "publish.server_error");
  }
  return make("rejected", "publish.rejected");
}

/** How long the usage headers say to wait, or null when they do not. */
function waitFor(usage: GraphUsage): number | null {
  if (usage.regainAccessMinutes !== null && usage.regainAccessMinutes > 0) return usage.regainAccessMinutes * 60_000;
  if (usage.highestPercent >= 100) return FULL_USAGE_WAIT_MS;
  return null;
}

/**
 * Reads X-App-Usage (and X-Page-Usage, X-Ad-Account-Usage, same shape) and X-Business-Use-Case-Usage. Values are
 * percents of the limit (0-100); the BUC header is `{ "<object id>": [{ type, call_count, total_cputime, total_time,
 * estimated_time_to_regain_access }] }`. A header that does not parse counts as absent.
 */
export function parseUsage(headers: Headers): GraphUsage {
  let highest = 0;
  let regain: number | null = null;
  const percent = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : 0);
  const take = (o: unknown) => {
    if (!o || typeof o !== "object") return;
    const r = o as Record<string, unknown>;
    highest = Math.max(highest, percent(r.call_count), percent(r.total_cputime), percent(r.total_time), percent(r.acc_id_util_pct));
    if ("estimated_time_to_regain_access" in r) regain = Math.max(regain ?? 0, percent(r.estimated_time_to_regain_access));
  };
  for (const name of ["x-app-usage", "x-page-usage", "x-ad-account-usage"]) {
    const parsed = parseJson(headers.get(name));
    if (parsed) take(parsed);
  }
  const buc = parseJson(headers.get("x-business-use-case-usage"));
  if (buc && typeof buc === "object") {
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      if (Array.isArray(entries)) for (const e of entries) take(e);
      else take(entries);
    }
  }
  return { highestPercent: highest, regainAccessMinutes: regain };
}

function parseJson(value: string | null): unknown {
  if (!value) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

/** From 95 % of a limit, calls are spaced out before Meta refuses them. Not documented; chosen. */
export const USAGE_HOLD_PERCENT = 95;
/** How long a channel waits when usage is at 95-99 % and no regain time was given. Not documented; chosen. */
const NEAR_LIMIT_HOLD_MS = 10 * 60_000;

/**
 * Honours what the usage headers said: when a business use case gives a time to regain access, or usage reached
 * 95 %, the channel's queue waits (`connection.hold`) so no further delivery goes out before the limit has room.
 * Returns the time held until, or null.
 */
export async function honourUsage(usage: GraphUsage, connection: Pick<OutgoingConnection, "hold">, now: Date): Promise<Date | null> {
  const wait = waitFor(usage) ?? (usage.highestPercent >= USAGE_HOLD_PERCENT ? NEAR_LIMIT_HOLD_MS : null);
  if (wait === null) return null;
  const until = new Date(now.getTime() + wait);
  await connection.hold(until);
  return until;
}
