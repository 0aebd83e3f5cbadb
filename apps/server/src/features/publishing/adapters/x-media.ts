import { setTimeout as delay } from "node:timers/promises";
import { PROVIDERS } from "../../oauth/providers.ts";
import { PublishError, type Outgoing, type OutgoingMedia } from "./types.ts";
import type { XAnswer, XRequest } from "./x-api.ts";

/**
 * X's v2 media upload (https://docs.x.com/x-api/media/quickstart/media-upload-chunked and the endpoint pages under
 * https://docs.x.com/x-api/media/):
 * - an image: one `POST /2/media/upload` (multipart `media`, `media_category=tweet_image`, `media_type`);
 * - a video or an animated GIF: `POST /2/media/upload/initialize` (JSON media_type, total_bytes, media_category
 *   tweet_video / tweet_gif) → id; `POST /2/media/upload/{id}/append` (multipart `media`, `segment_index` 0–999) for
 *   each chunk; `POST /2/media/upload/{id}/finalize`; when the answer has `processing_info`, `GET /2/media/upload?
 *   command=STATUS&media_id=…` after `check_after_secs` until `state` is `succeeded` (or `failed`);
 * - alt text: `POST /2/media/metadata` `{ id, metadata: { alt_text: { text } } }` (at most 1,000 characters:
 *   https://docs.x.com/x-api/media/create-media-metadata).
 * An uploaded id is recorded (`media<i>` = "<id> <expires ISO>") once it is ready, so a send that starts again
 * reuses it until it expires; a finalized video or GIF still processing (`upload<i>`) is polled again, not uploaded
 * again; an upload interrupted before that is simply made again (an unused upload expires, it never becomes a post).
 */

const API = PROVIDERS.x.graphUrl;
/**
 * APPEND chunks: the v1.1 page says "must be <= 5 MB" (post-media-upload-append); `segment_index` goes from 0 to 999
 * (media-upload-append). Chosen: 4 MiB, larger only where a file needs more than 1,000 of them.
 */
export const CHUNK_BYTES = 4 * 1024 * 1024;
const MAX_SEGMENTS = 1000;
const ALT_MAX = 1000;
/** How long one attempt waits for X to process a video; then the send is tried again later (same upload). Chosen. */
const PROCESSING_BUDGET_MS = 5 * 60_000;

interface Upload {
  data?: { id?: string; media_key?: string; expires_after_secs?: number; processing_info?: Processing };
}
interface Processing {
  state?: "pending" | "in_progress" | "succeeded" | "failed";
  check_after_secs?: number;
  error?: { code?: number; name?: string; message?: string };
}

export type Call = <T>(req: XRequest) => Promise<XAnswer<T>>;

const isChunked = (m: OutgoingMedia) => m.contentType.startsWith("video/") || m.contentType === "image/gif";
const category = (m: OutgoingMedia) => (m.contentType.startsWith("video/") ? "tweet_video" : m.contentType === "image/gif" ? "tweet_gif" : "tweet_image");

/** Waits `ms`; a send that is stopped meanwhile is tried again later (the same upload is polled then). */
async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw new PublishError("retry", "publish.media_processing", "stopped waiting for X to process the video", 60_000);
  }
}

function blobOf(bytes: Buffer, type: string): Blob {
  return new Blob([new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)], { type });
}

/** Reads STATUS until the upload is ready; throws rejected when X failed to process it. */
async function awaitProcessing(out: Outgoing, call: Call, id: string, first: Processing | undefined): Promise<void> {
  let p = first;
  const deadline = Date.now() + PROCESSING_BUDGET_MS;
  while (p && p.state !== "succeeded") {
    if (p.state === "failed") throw new PublishError("rejected", "publish.x_media_failed", `X could not process media ${id}: ${p.error?.name ?? ""} ${p.error?.message ?? ""}`.trim());
    const wait = Math.min(Math.max(1, p.check_after_secs ?? 5), 60) * 1000;
    if (Date.now() + wait > deadline) throw new PublishError("retry", "publish.media_processing", `media ${id} still processing`, 60_000);
    await sleep(wait, out.signal);
    const { body } = await call<Upload>({ method: "GET", url: `${API}/media/upload`, query: { command: "STATUS", media_id: id }, token: null });
    p = body.data?.processing_info ?? { state: "succeeded" };
  }
}

async function uploadOne(out: Outgoing, call: Call, m: OutgoingMedia, index: number): Promise<{ id: string; expiresAt: Date }> {
  let answer: Upload;
  const finalized = out.steps[`upload${index}`];
  if (finalized && isChunked(m)) {
    // An earlier attempt finalized this upload and stopped while X processed it: its status says where it is. An
    // upload X no longer knows (expired: 400) is made again.
    const status = await call<Upload>({ method: "GET", url: `${API}/media/upload`, query: { command: "STATUS", media_id: finalized }, token: null }).catch((err: unknown) => {
      if (err instanceof PublishError && err.code === "publish.rejected") return null;
      throw err;
    });
    if (status) {
      await awaitProcessing(out, call, finalized, status.body.data?.processing_info);
      return finish(out, call, m, { data: { ...status.body.data, id: finalized } });
    }
  }
  const bytes = await m.bytes();
  if (!isChunked(m)) {
    const form = new FormData();
    form.set("media", blobOf(bytes, m.contentType), m.name || "image");
    form.set("media_category", category(m));
    form.set("media_type", m.contentType);
    answer = (await call<Upload>({ method: "POST", url: `${API}/media/upload`, body: { multipart: form }, token: null })).body;
  } else {
    const init = await call<Upload>({ method: "POST", url: `${API}/media/upload/initialize`, body: { json: { media_type: m.contentType, total_bytes: bytes.length, media_category: category(m) } }, token: null });
    const id = init.body.data?.id;
    if (!id) throw new PublishError("retry", "publish.server_error", "X's upload initialize answered without an id");
    const chunk = Math.max(CHUNK_BYTES, Math.ceil(bytes.length / MAX_SEGMENTS));
    for (let i = 0, at = 0; at < bytes.length; i++, at += chunk) {
      const form = new FormData();
      form.set("segment_index", String(i));
      form.set("media", blobOf(bytes.subarray(at, at + chunk), "application/octet-stream"), "chunk");
      await call({ method: "POST", url: `${API}/media/upload/${id}/append`, body: { multipart: form }, token: null });
    }
    answer = (await call<Upload>({ method: "POST", url: `${API}/media/upload/${id}/finalize`, token: null })).body;
    // Finalized: a later attempt waits for this upload's processing instead of uploading again.
    await out.recordStep(`upload${index}`, id);
    await awaitProcessing(out, call, id, answer.data?.processing_info);
  }
  return finish(out, call, m, answer);
}

/** The alt text on a ready upload; its id and when it expires. */
async function finish(out: Outgoing, call: Call, m: OutgoingMedia, answer: Upload): Promise<{ id: string; expiresAt: Date }> {
  const id = answer.data?.id;
  if (!id) throw new PublishError("retry", "publish.server_error", "X's upload answered without a media id");
  const alt = m.alt.trim();
  if (alt) await call({ method: "POST", url: `${API}/media/metadata`, body: { json: { id, metadata: { alt_text: { text: [...alt].slice(0, ALT_MAX).join("") } } } }, token: null });
  // An upload's id lasts `expires_after_secs`; chosen when X does not say: 24 hours (the simple upload's documented value).
  return { id, expiresAt: new Date(out.now().getTime() + (answer.data?.expires_after_secs ?? 86_400) * 1000) };
}

/**
 * The media ids of the post's images or video, uploaded once: each is recorded as `media<i>` when ready, and reused
 * by a later attempt while it has more than an hour left (chosen margin).
 */
export async function uploadMedia(out: Outgoing, call: Call): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, m] of out.media.entries()) {
    const [known, until] = (out.steps[`media${i}`] ?? "").split(" ");
    if (known && until && Date.parse(until) - out.now().getTime() > 3600_000) {
      ids.push(known);
      continue;
    }
    const made = await uploadOne(out, call, m, i);
    await out.recordStep(`media${i}`, `${made.id} ${made.expiresAt.toISOString()}`);
    ids.push(made.id);
  }
  return ids;
}
