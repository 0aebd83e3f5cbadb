import type { OutboundFetch } from "../../../lib/outbound.ts";
import { jsonOf, networkRequest } from "./network-http.ts";
import { PublishError } from "./types.ts";

/**
 * One call to the X API v2 (https://docs.x.com/x-api/introduction), as the flow, the adapter and the numbers reader
 * make it: through the outbound client and `networkUrl`, with the user's bearer token. Answers are mapped to the
 * failure they mean:
 * - 429 "Too Many Requests": wait until `x-rate-limit-reset` (UTC epoch seconds) — "retry"
 *   (https://docs.x.com/x-api/fundamentals/rate-limits);
 * - 401: the token no longer works — "auth" (https://docs.x.com/x-api/fundamentals/response-codes-and-errors);
 * - 402 (a pay-per-use app without credits) and 403: a refusal a person must act on, told apart by the problem's `reason`/`detail`: the app is not attached to a
 *   Project or its plan lacks the endpoint (`client-not-enrolled`, https://docs.x.com/x-api/fundamentals/response-codes-and-errors),
 *   a duplicate post ("You are not allowed to create a Tweet with duplicate content."), or "You are not permitted to
 *   perform this action" (app permissions) — "rejected" with our own words;
 * - 5xx: "unknown" for a write (it may have happened), "retry" for a read.
 * The answer's body goes to the log only (`detail.body`).
 */

export interface XCall {
  fetch: OutboundFetch;
  simulator: string | undefined;
  signal?: AbortSignal;
}

/** The rate-limit headers of an answer (https://docs.x.com/x-api/fundamentals/rate-limits). */
export interface XRateLimit {
  limit: number | null;
  remaining: number | null;
  /** When the window resets. */
  reset: Date | null;
}

export interface XAnswer<T> {
  status: number;
  body: T;
  rate: XRateLimit;
}

/** A refusal from X, with what X said in the problem's `reason` / `detail` (log only) and the rate headers. */
export class XError extends PublishError {
  constructor(
    base: PublishError,
    readonly status: number,
    readonly rate: XRateLimit,
    readonly duplicate: boolean,
  ) {
    super(base.kind, base.code, base.message, base.retryAfterMs, base.detail);
  }
}

type Body = { json: unknown } | { form: Record<string, string> } | { multipart: FormData } | null;

export interface XRequest {
  method: "GET" | "POST" | "DELETE";
  url: string;
  /** Query parameters (GET). */
  query?: Record<string, string | number | undefined>;
  body?: Body;
  /** Bearer token (user context), or null for the token endpoints (which take `basic`). */
  token: string | null;
  /** `client_id:client_secret` for HTTP Basic at the token endpoints (confidential clients). */
  basic?: { clientId: string; clientSecret: string };
}

function rateOf(headers: Headers): XRateLimit {
  const num = (name: string) => {
    const v = headers.get(name);
    return v !== null && /^\d+$/.test(v.trim()) ? Number(v.trim()) : null;
  };
  const reset = num("x-rate-limit-reset");
  return { limit: num("x-rate-limit-limit"), remaining: num("x-rate-limit-remaining"), reset: reset === null ? null : new Date(reset * 1000) };
}

interface Problem {
  title?: string;
  detail?: string;
  reason?: string;
  type?: string;
  error?: string;
  error_description?: string;
  errors?: Array<{ message?: string; detail?: string }>;
}

const DUPLICATE_RE = /duplicate content/i;

/** The failure an X answer that is not a success means. */
export function xFailure(method: string, status: number, text: string, rate: XRateLimit, now: Date): XError {
  let problem: Problem = {};
  try {
    problem = (text ? JSON.parse(text) : {}) as Problem;
  } catch {
    problem = {};
  }
  const detail = { body: text.slice(0, 500) };
  const said = `${problem.detail ?? ""} ${problem.title ?? ""} ${problem.reason ?? ""} ${(problem.errors ?? []).map((e) => e.message ?? e.detail ?? "").join(" ")}`;
  const duplicate = status === 403 && DUPLICATE_RE.test(said);
  let base: PublishError;
  if (status === 429) {
    const wait = rate.reset ? Math.max(1000, rate.reset.getTime() - now.getTime()) : 15 * 60_000;
    base = new PublishError("retry", "publish.rate_limited", `HTTP 429 until ${rate.reset?.toISOString() ?? "unknown"}`, wait, detail);
  } else if (status === 401 || (status === 400 && problem.error === "invalid_grant") || (status === 400 && problem.error === "invalid_request" && /token/i.test(problem.error_description ?? ""))) {
    base = new PublishError("auth", "publish.auth", `HTTP ${status}`, null, detail);
  } else if ((status === 403 && problem.reason === "client-not-enrolled") || status === 402) {
    // 402: the pay-per-use app's credits ran out (not documented in detail; chosen: the same "plan" message).
    base = new PublishError("rejected", "publish.x_tier", "HTTP 403 client-not-enrolled", null, detail);
  } else if (duplicate) {
    base = new PublishError("rejected", "publish.x_duplicate", "HTTP 403 duplicate content", null, detail);
  } else if (status === 403) {
    base = new PublishError("rejected", "publish.x_not_permitted", "HTTP 403", null, detail);
  } else if (status === 503 || status === 502) {
    base = new PublishError(method === "GET" ? "retry" : "unknown", method === "GET" ? "publish.unavailable" : "publish.server_error", `HTTP ${status}`, null, detail);
  } else if (status >= 500 || status === 408) {
    base = new PublishError(method === "GET" ? "retry" : "unknown", "publish.server_error", `HTTP ${status}`, null, detail);
  } else {
    base = new PublishError("rejected", "publish.rejected", `HTTP ${status}`, null, detail);
  }
  return new XError(base, status, rate, duplicate);
}

/** Sends one request; throws XError (an answer that is not a success) or a fetch failure. */
export async function xRequest<T>(call: XCall, req: XRequest, now: () => Date = () => new Date()): Promise<XAnswer<T>> {
  const headers: Record<string, string> = {};
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  if (req.basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(req.basic.clientId)}:${encodeURIComponent(req.basic.clientSecret)}`).toString("base64")}`;
  const res = await networkRequest(call, req.method, req.url, { query: req.query ?? {}, headers, ...(req.body ? { body: req.body } : {}) });
  const rate = rateOf(res.headers);
  if (!res.ok) throw xFailure(req.method, res.status, res.text, rate, now());
  const json = jsonOf<unknown>(req.method, res);
  return { status: res.status, body: json as T, rate };
}
