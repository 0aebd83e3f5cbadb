import { onNetworkDomain } from "./network-http.ts";
import { googleFetch, GoogleError } from "../../oauth/flows/google-http.ts";
import type { FlowCall } from "../../oauth/flows/types.ts";
import { PublishError } from "./types.ts";

/**
 * YouTube's resumable upload protocol (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol):
 * 1. `POST https://www.googleapis.com/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status` with the
 *    video resource as JSON and `X-Upload-Content-Length` / `X-Upload-Content-Type` → 200 and the session URI in
 *    `Location`. Starting a session makes no video: the video resource exists once all bytes arrived.
 * 2. `PUT <session URI>` with the bytes. In chunks: `Content-Range: bytes first-last/total`, each chunk a multiple of
 *    256 KiB except the last; the server answers `308 Resume Incomplete` with `Range: bytes=0-last` (what it has) until
 *    the last chunk, which answers 200/201 and the video resource.
 * 3. After an interruption: `PUT <session URI>` with an empty body and `Content-Range: bytes * /total` asks the status:
 *    308 with `Range` (no Range: nothing received) → send from there; 200/201 → the upload had completed, the answer
 *    is the video resource. 404 (or 410) → the session is gone ("expired"): a new upload must start. 5xx while
 *    uploading → ask the status and resume ("Step 4 - Resume an interrupted upload").
 */
export const CHUNK = 8 * 1024 * 1024; // a multiple of 256 KiB, as the guide requires for all chunks but the last

export interface UploadedVideo {
  id: string;
  snippet?: { title?: string; publishedAt?: string; channelId?: string };
  status?: { uploadStatus?: string; privacyStatus?: string; rejectionReason?: string; failureReason?: string };
}

/**
 * A resumable session's URI, checked before the token and the video go to it (when it is made, and when a later
 * attempt resumes it from the recorded step): https on googleapis.com only.
 */
export const uploadSession = (uri: string) => onNetworkDomain(uri, ["googleapis.com"], "YouTube's upload session");

export type SessionStatus = { state: "done"; video: UploadedVideo } | { state: "partial"; received: number } | { state: "gone" };

/** Starts a session: its URI (the `Location` header). */
export async function startSession(call: FlowCall, uploadUrl: string, token: string, resource: unknown, size: number, contentType: string, now: Date): Promise<string> {
  const res = await googleFetch<unknown>(call, "POST", uploadUrl, {
    query: { uploadType: "resumable", part: "snippet,status" },
    json: resource,
    token,
    headers: { "x-upload-content-length": String(size), "x-upload-content-type": contentType },
  }, now);
  const location = res.headers.get("location");
  if (!location) throw new PublishError("retry", "publish.server_error", "the upload session answer had no Location");
  return uploadSession(location);
}

/** Where a session stands (step 3). */
export async function sessionStatus(call: FlowCall, sessionUri: string, token: string, size: number, now: Date): Promise<SessionStatus> {
  try {
    const res = await googleFetch<UploadedVideo>(call, "PUT", sessionUri, { token, headers: { "content-range": `bytes */${size}` }, body: Buffer.alloc(0), accept: [308] }, now);
    if (res.status === 308) return { state: "partial", received: receivedOf(res.headers.get("range")) };
    if (res.body?.id) return { state: "done", video: res.body };
    throw new PublishError("unknown", "publish.server_error", `HTTP ${res.status} without the video`);
  } catch (err) {
    if (err instanceof GoogleError && (err.status === 404 || err.status === 410)) return { state: "gone" };
    throw err;
  }
}

/** A lost answer or a server error: the session may go on. A refusal (4xx), a rate limit or a gone session may not. */
const resumable = (e: unknown) => e instanceof PublishError && (e.kind === "unknown" || (e.kind === "retry" && (e.code === "publish.server_error" || e.code === "publish.unavailable")));

/** `Range: bytes=0-N` → N+1 bytes are stored; no header → none. */
const receivedOf = (range: string | null): number => {
  const m = range ? /bytes=0-(\d+)/.exec(range) : null;
  return m ? Number(m[1]) + 1 : 0;
};

/**
 * Sends the bytes from `from` to the end, chunk by chunk. A chunk whose answer is lost (or a 5xx) asks the status
 * and goes on from what the server has — up to `resumes` times in this attempt; after that the error is thrown and
 * the next attempt resumes the same session.
 */
export async function sendBytes(call: FlowCall, sessionUri: string, token: string, bytes: Buffer, contentType: string, from: number, now: () => Date, resumes = 3): Promise<UploadedVideo> {
  const total = bytes.length;
  let offset = from;
  let left = resumes;
  for (;;) {
    const end = Math.min(offset + CHUNK, total);
    try {
      const res = await googleFetch<UploadedVideo>(call, "PUT", sessionUri, {
        token,
        headers: { "content-type": contentType, "content-range": total === 0 ? `bytes */0` : `bytes ${offset}-${end - 1}/${total}` },
        body: bytes.subarray(offset, end),
        accept: [308],
      }, now());
      if (res.status !== 308) {
        if (!res.body?.id) throw new PublishError("unknown", "publish.server_error", `HTTP ${res.status} without the video`);
        return res.body;
      }
      offset = receivedOf(res.headers.get("range"));
      continue;
    } catch (err) {
      if (!resumable(err) || (err instanceof GoogleError && (err.status === 404 || err.status === 410))) throw err;
      let st: SessionStatus | null = null;
      let last: unknown = err;
      while (!st) {
        if (left <= 0) throw last;
        left -= 1;
        try {
          st = await sessionStatus(call, sessionUri, token, total, now());
        } catch (again) {
          if (!resumable(again)) throw again;
          last = again;
        }
      }
      if (st.state === "done") return st.video;
      if (st.state === "gone") throw new PublishError("retry", "publish.youtube_upload_expired", "the upload session expired");
      offset = st.received;
    }
  }
}
