import type { OutboundFetch } from "../../../lib/outbound.ts";
import { GoogleError, googleFetch } from "../../oauth/flows/google-http.ts";
import { PublishError } from "./types.ts";

/**
 * The Business Profile APIs' calls (Account Management v1, Business Information v1, the v4
 * `mybusiness.googleapis.com` local posts, Business Profile Performance v1), through the shared Google client
 * (flows/google-http.ts: 401 → auth; PERMISSION_DENIED → rejected publish.permission_missing; 429 / rate reasons →
 * retry; 5xx → retry for a read, unknown for a write). On top of it, what is Business Profile's own:
 * - a 400 whose v4 ErrorDetail codes are photo codes (1000-1099, "photos-related error codes",
 *   https://developers.google.com/my-business/reference/rest/Shared.Types/ErrorCode, carried in
 *   `details[].errorDetails[].code` of a `google.mybusiness.v4.ValidationError`): the photo could not be fetched from
 *   `sourceUrl` (PHOTO_FETCH_FAILED) → rejected publish.media_unreachable; Google refused the photo → publish.gbp_photo;
 * - a bare 403 (no reason: the Google account no longer manages the location) → rejected publish.permission_missing;
 * - a 5xx or dropped answer on a read → retry (a read changed nothing).
 * Network answers go to the log only (`detail.body`).
 */

export interface GoogleCall {
  fetch: OutboundFetch;
  simulator: string | undefined;
  signal?: AbortSignal;
}

export const GBP_ACCOUNTS_API = "https://mybusinessaccountmanagement.googleapis.com/v1";
export const GBP_INFO_API = "https://mybusinessbusinessinformation.googleapis.com/v1";
export const GBP_V4_API = "https://mybusiness.googleapis.com/v4";
export const GBP_PERFORMANCE_API = "https://businessprofileperformance.googleapis.com/v1";

/** The v4 ErrorDetail codes of a refusal (`details[].errorDetails[].code`), read from the logged answer. */
export function detailCodes(err: GoogleError): number[] {
  try {
    const body = JSON.parse(err.detail.body ?? "{}") as { error?: { details?: Array<{ errorDetails?: Array<{ code?: unknown }> }> } };
    return (body.error?.details ?? []).flatMap((d) => (d.errorDetails ?? []).map((e) => e.code)).filter((c): c is number => typeof c === "number");
  } catch {
    return [];
  }
}

type Method = "GET" | "POST" | "DELETE";

/** `method url` (production URL) with the bearer token and a JSON body; the JSON answer. */
export async function gbpCall<T>(call: GoogleCall, method: Method, url: string, token: string, body?: unknown): Promise<T> {
  try {
    return (await googleFetch<T>(call, method, url, { token, ...(body === undefined ? {} : { json: body }) })).body;
  } catch (err) {
    if (err instanceof GoogleError) {
      const codes = err.status === 400 ? detailCodes(err) : [];
      // 1000: the photo could not be fetched from sourceUrl; the other photo codes: Google refused the photo itself.
      if (codes.includes(1000)) throw new GoogleError("rejected", "publish.media_unreachable", err.message, null, err.detail, err.status, err.reasons);
      if (codes.some((c) => c > 1000 && c <= 1099)) throw new GoogleError("rejected", "publish.gbp_photo", err.message, null, err.detail, err.status, err.reasons);
      if (err.status === 403 && err.code === "publish.rejected") throw new GoogleError("rejected", "publish.permission_missing", err.message, null, err.detail, err.status, err.reasons);
    }
    if (err instanceof PublishError && err.kind === "unknown" && method === "GET") throw new PublishError("retry", err.code, err.message, err.retryAfterMs, { ...err.detail, cause: err });
    throw err;
  }
}

/** `accounts/1/locations/2` → `2`; `locations/2` → `2`. */
export const lastSegment = (name: string) => name.slice(name.lastIndexOf("/") + 1);
