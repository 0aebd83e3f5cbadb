import { setTimeout as delay } from "node:timers/promises";
import { postModeOf } from "../../oauth/flows/tiktok.ts";
import { PROVIDERS, networkUrl } from "../../oauth/providers.ts";
import { tiktok, type TikTokCall } from "./tiktok-api.ts";
import { failureFromFetch, failureFromStatus, PublishError, refuseBrokenRules, type Adapter, type Outgoing, type OutgoingMedia, type Published } from "./types.ts";

/**
 * TikTok, written to the Content Posting API:
 * - Direct Post of a video: https://developers.tiktok.com/doc/content-posting-api-reference-direct-post —
 *   `POST /v2/post/publish/video/init/` `{ post_info: { title, privacy_level, disable_comment, disable_duet,
 *   disable_stitch, brand_content_toggle, brand_organic_toggle }, source_info: { source: "FILE_UPLOAD", video_size,
 *   chunk_size, total_chunk_count } }` → `{ publish_id, upload_url }`; then the file is PUT to upload_url in chunks
 *   (Media Transfer Guide, https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide: chunks of
 *   5-64 MB, the last up to 128 MB, total_chunk_count = floor(video_size / chunk_size), a video under 5 MB in one
 *   chunk, over 64 MB in several, at most 1,000, sent in order with `Content-Range: bytes first-last/total`;
 *   206 for a part, 201 when complete). FILE_UPLOAD, not PULL_FROM_URL: pulling needs the media's domain verified
 *   in the developer app, which a self-hosted instance's APP_URL usually is not.
 * - Upload to the creator's inbox (the app has no Direct Post): https://developers.tiktok.com/doc/content-posting-api-reference-upload-video
 *   — `POST /v2/post/publish/inbox/video/init/` `{ source_info }`; the video waits in the creator's TikTok inbox
 *   until they finish the post in the app (status SEND_TO_USER_INBOX).
 * - Photos: https://developers.tiktok.com/doc/content-posting-api-reference-photo-post — `POST
 *   /v2/post/publish/content/init/` `{ media_type: "PHOTO", post_mode: "DIRECT_POST" | "MEDIA_UPLOAD", post_info:
 *   { title ≤ 90, description ≤ 4000, privacy_level, disable_comment, … }, source_info: { source: "PULL_FROM_URL",
 *   photo_images, photo_cover_index } }`. Photos can only be pulled: the domain or URL prefix of APP_URL (or the
 *   S3 public host) must be verified under the developer app's "URL properties", else TikTok answers
 *   url_ownership_unverified (said to the person as publish.tiktok_domain_unverified).
 * - Status: https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status — `POST
 *   /v2/post/publish/status/fetch/` `{ publish_id }` → PROCESSING_UPLOAD, PROCESSING_DOWNLOAD, SEND_TO_USER_INBOX,
 *   PUBLISH_COMPLETE (with `publicaly_available_post_id` once moderation passed), FAILED (`fail_reason`).
 * - Unaudited apps: everything they post is SELF_ONLY, at most 5 creators a day, whose accounts must be private
 *   (https://developers.tiktok.com/doc/content-sharing-guidelines, "Direct Post API - Developer Guidelines");
 *   TikTok's refusals are said translated (publish.tiktok_unaudited, publish.tiktok_user_cap).
 *
 * TikTok forbids a default privacy: a direct post without `options.tiktok.privacyLevel` (chosen on the post
 * settings screen built from creator_info) is refused before anything is sent.
 *
 * Never twice: the init's `publish_id` is recorded (`publish`) before the upload starts. A send that starts again
 * polls it: complete → done; still uploading with fewer bytes than the file → that upload can never publish, a new
 * one starts; FAILED → nothing was posted: a reason TikTok calls temporary starts again, the others fail. A photo
 * post is pulled by TikTok at init: the time is recorded (`photoInit`) before asking, and an init whose answer was
 * lost cannot be looked up (photos have no list to search), so it needs a person (publish.outcome_unknown).
 * Verified only against the simulator built from these pages (test-peers/tiktok).
 */

const API = PROVIDERS.tiktok.graphUrl;
const MB = 1024 * 1024;
/** Media Transfer Guide, "Chunk restrictions". */
export const CHUNK_MIN = 5 * MB;
export const CHUNK_MAX = 64 * MB;
const MAX_CHUNKS = 1000;
/** Direct Post: title "max length 2200 in UTF-16 runes"; photo post title 90 and description 4000 UTF-16 runes. */
const VIDEO_TITLE_MAX = 2200;
const PHOTO_TITLE_MAX = 90;
const PHOTO_DESCRIPTION_MAX = 4000;

export const PUBLISH_STEP = "publish";
export const PHOTO_INIT_STEP = "photoInit";
/** Recorded once TikTok answered the last chunk (201): that upload is never given up for a new one. */
export const UPLOADED_STEP = "uploaded";

export interface TikTokPollPolicy {
  delaysMs: number[];
  budgetMs: number;
}
/** Status reads: 30 a minute per token (status page). 1 s, 2 s, 4 s, then every 10 s, for at most 3 minutes per attempt. Chosen. */
export const TIKTOK_POLL: TikTokPollPolicy = { delaysMs: [1000, 2000, 4000, 10_000], budgetMs: 180_000 };
/** How long a later attempt waits when TikTok was still processing. Not documented; chosen. */
const PROCESSING_RETRY_MS = 60_000;

/** fail_reason values after which nothing was posted and a new try may work (status page: "internal" etc.). */
const TEMPORARY_FAIL = new Set(["internal", "internal_error", "upload_timeout", "upload_url_expired"]);
/** fail_reason values about the file itself (status page): a person must change the video or photos. */
const MEDIA_FAIL = new Set(["file_format_check_failed", "duration_check_failed", "frame_rate_check_failed", "picture_size_check_failed", "invalid_file_upload"]);
const PULL_FAIL = new Set(["video_pull_failed", "photo_pull_failed"]);

type Status = { status: string; fail_reason?: string; publicaly_available_post_id?: Array<string | number>; uploaded_bytes?: number; downloaded_bytes?: number };

const isVideo = (m: OutgoingMedia) => m.contentType.startsWith("video/");
const utf16 = (s: string) => s.length;
/** At most `max` UTF-16 units, never cutting a surrogate pair. */
function cut(s: string, max: number): string {
  let out = "";
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** Chunk size and count as the Media Transfer Guide asks: chunks of `preferred` bytes (kept within 5-64 MB; 10 MB chosen). */
export function chunking(size: number, preferred = 10 * MB): { chunkSize: number; count: number } {
  const chunkSize = Math.min(CHUNK_MAX, Math.max(CHUNK_MIN, preferred, Math.ceil(size / MAX_CHUNKS)));
  // Under 5 MB (or within one chunk): the whole file at once. The last chunk takes the trailing bytes (< 2 chunks, ≤ 128 MB).
  if (size <= chunkSize) return { chunkSize: size, count: 1 };
  return { chunkSize, count: Math.floor(size / chunkSize) };
}

function callOf(out: Outgoing): TikTokCall {
  return { fetch: out.fetch, simulator: out.networkSimulatorUrl, signal: out.signal };
}

/** A call for this delivery; a rate limit or daily cap holds the channel until it passes. */
async function api<T>(out: Outgoing, token: string, path: string, body: unknown): Promise<T> {
  try {
    return await tiktok<T>(callOf(out), "POST", `${API}${path}`, token, body);
  } catch (err) {
    if (err instanceof PublishError && err.kind === "retry" && err.retryAfterMs) await out.connection.hold(new Date(out.now().getTime() + err.retryAfterMs));
    throw err;
  }
}

/** Refuses, before anything is sent, what TikTok would refuse (or forbids us to choose for the person). */
function check(out: Outgoing, mode: "direct" | "inbox"): void {
  if (!out.media.length) throw new PublishError("rejected", "publish.tiktok_media_needed", "TikTok posts need a video or photos");
  refuseBrokenRules(out, "tiktok");
  const video = out.media.some(isVideo);
  if (video && out.media.length > 1) throw new PublishError("rejected", "publish.breaks_rules", "Breaks tiktok's rules: one video per post, without photos");
  if (video && utf16(out.text) > VIDEO_TITLE_MAX) throw new PublishError("rejected", "publish.breaks_rules", `Breaks tiktok's rules: text_too_long length=${utf16(out.text)} max=${VIDEO_TITLE_MAX} (UTF-16 units)`);
  if (!video && utf16(out.text) > PHOTO_DESCRIPTION_MAX) throw new PublishError("rejected", "publish.breaks_rules", `Breaks tiktok's rules: text_too_long length=${utf16(out.text)} max=${PHOTO_DESCRIPTION_MAX} (UTF-16 units)`);
  if (mode === "inbox") return;
  const o = out.options.tiktok;
  if (!o?.privacyLevel) throw new PublishError("rejected", "publish.tiktok_privacy_missing", "options.tiktok.privacyLevel is not set: TikTok forbids a default privacy");
  if (o.brandedContent && o.privacyLevel === "SELF_ONLY") throw new PublishError("rejected", "publish.tiktok_branded_private", "branded content cannot be posted with privacy SELF_ONLY");
}

/**
 * Before a new direct post, the creator info again (query-creator-info: "use the latest creator information"): a
 * creator who cannot post now waits (spam_risk_too_many_posts holds the channel), a video longer than the account's
 * max_video_post_duration_sec and a privacy the account no longer offers are refused before anything is uploaded.
 */
async function checkCreator(out: Outgoing, token: string, video: OutgoingMedia | undefined): Promise<void> {
  const body = await api<{ data?: { max_video_post_duration_sec?: number; privacy_level_options?: string[] } }>(out, token, "/post/publish/creator_info/query/", {});
  const max = body.data?.max_video_post_duration_sec;
  if (video?.durationMs && typeof max === "number" && max > 0 && video.durationMs > max * 1000) {
    throw new PublishError("rejected", "publish.tiktok_too_long", `the video lasts ${Math.ceil(video.durationMs / 1000)} s; this TikTok account may post at most ${max} s`);
  }
  const offered = body.data?.privacy_level_options;
  const chosen = out.options.tiktok?.privacyLevel;
  if (offered && chosen && !offered.includes(chosen)) throw new PublishError("rejected", "publish.tiktok_privacy_mismatch", `privacy ${chosen} is not among the account's options (${offered.join(", ")})`);
}

async function readStatus(out: Outgoing, token: string, publishId: string): Promise<Status> {
  const body = await api<{ data?: Status }>(out, token, "/post/publish/status/fetch/", { publish_id: publishId });
  if (!body.data?.status) throw new PublishError("retry", "publish.server_error", `status of ${publishId} had no status`, PROCESSING_RETRY_MS);
  return body.data;
}

/** Waits between status reads; a send cut short (its time limit) is tried again later, the same publish_id polled then. */
async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw new PublishError("retry", "publish.media_processing", "stopped waiting for TikTok to process the post", PROCESSING_RETRY_MS);
  }
}

const PENDING = new Set(["PROCESSING_UPLOAD", "PROCESSING_DOWNLOAD"]);

/** Reads the status until it leaves processing (or the upload is seen incomplete), within the attempt's budget. */
async function poll(out: Outgoing, token: string, publishId: string, policy: TikTokPollPolicy, deadline: number, uploadSize: number | null): Promise<Status> {
  let s = await readStatus(out, token, publishId);
  for (let i = 0; PENDING.has(s.status); i++) {
    // Only a byte count TikTok states as short proves the upload unfinished (no count: keep waiting).
    if (uploadSize !== null && s.status === "PROCESSING_UPLOAD" && typeof s.uploaded_bytes === "number" && s.uploaded_bytes < uploadSize) return s;
    const wait = policy.delaysMs[Math.min(i, policy.delaysMs.length - 1)] ?? 1000;
    if (Date.now() + wait > deadline) throw new PublishError("retry", "publish.media_processing", `publish ${publishId} still ${s.status}`, PROCESSING_RETRY_MS);
    await sleep(wait, out.signal);
    s = await readStatus(out, token, publishId);
  }
  return s;
}

/** A FAILED status: what it means for the delivery (nothing was posted in any case). */
function failedWith(reason: string | undefined): PublishError {
  const r = reason ?? "";
  if (r === "auth_removed") return new PublishError("auth", "publish.auth", `TikTok: ${r}`);
  if (r === "spam_risk_too_many_posts") return new PublishError("retry", "publish.tiktok_too_many_posts", `TikTok: ${r}`, 60 * 60_000);
  if (r === "spam_risk_user_banned_from_posting") return new PublishError("rejected", "publish.tiktok_banned", `TikTok: ${r}`);
  if (MEDIA_FAIL.has(r)) return new PublishError("rejected", "publish.tiktok_media_rejected", `TikTok refused the media (${r})`);
  if (PULL_FAIL.has(r)) return new PublishError("rejected", "publish.media_unreachable", `TikTok could not fetch the media (${r})`);
  return new PublishError("rejected", "publish.tiktok_failed", `TikTok did not publish the post${r ? ` (${r})` : ""}`);
}

/** Sends the file to upload_url in order, each chunk with its Content-Range. */
async function upload(out: Outgoing, uploadUrl: string, m: OutgoingMedia, bytes: Buffer, chunkSize: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const first = i * chunkSize;
    const last = i === count - 1 ? bytes.length - 1 : first + chunkSize - 1;
    const part = bytes.subarray(first, last + 1);
    let res: Response;
    try {
      res = await out.fetch(networkUrl(uploadUrl, out.networkSimulatorUrl), {
        method: "PUT",
        headers: { "content-type": m.contentType, "content-length": String(part.length), "content-range": `bytes ${first}-${last}/${bytes.length}` },
        body: part,
        signal: out.signal,
        redirect: "error",
        timeoutMs: 10 * 60_000,
      });
    } catch (err) {
      throw failureFromFetch(err);
    }
    const text = await res.text().catch(() => "");
    if (res.status !== 200 && res.status !== 201 && res.status !== 206) {
      // The upload URL refusing a part: the publish_id stays recorded; the next attempt sees the upload incomplete and starts anew.
      const f = failureFromStatus(res.status, text, res.headers.get("retry-after"));
      throw f.kind === "auth" ? new PublishError("retry", "publish.server_error", f.message, PROCESSING_RETRY_MS, f.detail) : f;
    }
  }
}

async function initVideo(out: Outgoing, token: string, mode: "direct" | "inbox", m: OutgoingMedia, preferredChunk: number | undefined): Promise<{ publishId: string; uploadUrl: string; chunkSize: number; count: number }> {
  const { chunkSize, count } = chunking(m.size, preferredChunk);
  const source_info = { source: "FILE_UPLOAD", video_size: m.size, chunk_size: chunkSize, total_chunk_count: count };
  const o = out.options.tiktok;
  const body =
    mode === "inbox"
      ? { source_info }
      : {
          post_info: {
            title: out.text,
            privacy_level: o!.privacyLevel,
            disable_comment: o!.disableComment,
            disable_duet: o!.disableDuet,
            disable_stitch: o!.disableStitch,
            brand_content_toggle: o!.brandedContent,
            brand_organic_toggle: o!.brandOrganic,
          },
          source_info,
        };
  const res = await api<{ data?: { publish_id?: string; upload_url?: string } }>(out, token, mode === "inbox" ? "/post/publish/inbox/video/init/" : "/post/publish/video/init/", body);
  if (!res.data?.publish_id || !res.data.upload_url) throw new PublishError("unknown", "publish.server_error", "TikTok answered the init without publish_id or upload_url");
  return { publishId: res.data.publish_id, uploadUrl: res.data.upload_url, chunkSize, count };
}

async function initPhotos(out: Outgoing, token: string, mode: "direct" | "inbox"): Promise<string> {
  const urls: string[] = [];
  for (const m of out.media) urls.push(await out.mediaUrl(m));
  const text = out.text.trim();
  const o = out.options.tiktok;
  const post_info: Record<string, unknown> = { title: cut(text.split("\n")[0] ?? "", PHOTO_TITLE_MAX), description: text };
  if (mode === "direct") Object.assign(post_info, { privacy_level: o!.privacyLevel, disable_comment: o!.disableComment, brand_content_toggle: o!.brandedContent, brand_organic_toggle: o!.brandOrganic });
  const body = { post_info, source_info: { source: "PULL_FROM_URL", photo_cover_index: 0, photo_images: urls }, post_mode: mode === "inbox" ? "MEDIA_UPLOAD" : "DIRECT_POST", media_type: "PHOTO" };
  await out.recordStep(PHOTO_INIT_STEP, out.now().toISOString());
  let res: { data?: { publish_id?: string } };
  try {
    res = await api<{ data?: { publish_id?: string } }>(out, token, "/post/publish/content/init/", body);
  } catch (err) {
    // TikTok refused (or nothing was sent): no post was made, the marker no longer counts. A 5xx or a lost answer
    // ("unknown") may have made one: the marker stays, and the next attempt asks a person.
    if (err instanceof PublishError && err.kind !== "unknown") await out.recordStep(PHOTO_INIT_STEP, "");
    throw err;
  }
  if (!res.data?.publish_id) throw new PublishError("attention", "publish.outcome_unknown", "TikTok answered the photo init without a publish_id");
  return res.data.publish_id;
}

function published(out: Outgoing, publishId: string, s: Status, photo: boolean): Published {
  const postId = s.publicaly_available_post_id?.[0];
  const username = typeof out.config.username === "string" ? out.config.username : null;
  if (s.status === "SEND_TO_USER_INBOX" || postId === undefined) return { remoteId: postId !== undefined ? String(postId) : publishId, permalink: null };
  return { remoteId: String(postId), permalink: username ? `https://www.tiktok.com/@${username}/${photo ? "photo" : "video"}/${postId}` : null };
}

export function createTikTokAdapter(options: { poll?: TikTokPollPolicy; chunkBytes?: number } = {}): Adapter {
  const policy = options.poll ?? TIKTOK_POLL;
  return {
    kind: "tiktok",
    resendSafe: true,
    sendTimeoutMs: policy.budgetMs + 15 * 60_000,
    // TikTok posts are a video, or photos: a text alone or photos with a video go out by reminder.
    byReminder: (post) => !post.media.length || (post.media.some((m) => m.contentType.startsWith("video/")) && post.media.length > 1),
    async send(out: Outgoing): Promise<Published> {
      const mode = postModeOf(out.config);
      check(out, mode);
      const token = out.secret.accessToken ?? "";
      if (!token) throw new PublishError("auth", "publish.auth", "the connection has no TikTok token; connect it again");
      const deadline = Date.now() + policy.budgetMs;
      const video = out.media.find(isVideo);
      const done = (id: string, s: Status) => {
        if (s.status === "PUBLISH_COMPLETE" || s.status === "SEND_TO_USER_INBOX") return published(out, id, s, !video);
        return null;
      };

      if (!video) {
        let id = out.steps[PUBLISH_STEP];
        if (!id) {
          if (out.steps[PHOTO_INIT_STEP]) throw new PublishError("attention", "publish.outcome_unknown", "a photo post was asked for and its answer was lost; TikTok offers no way to look it up");
          if (mode === "direct") await checkCreator(out, token, undefined);
          id = await initPhotos(out, token, mode);
          await out.recordStep(PUBLISH_STEP, id);
        }
        const s = await poll(out, token, id, policy, deadline, null);
        const ok = done(id, s);
        if (ok) return ok;
        throw failedWith(s.fail_reason);
      }

      let id: string | undefined = out.steps[PUBLISH_STEP];
      for (let fresh = 0; ; fresh++) {
        if (id) {
          const s = await poll(out, token, id, policy, deadline, out.steps[UPLOADED_STEP] === id ? null : video.size);
          const ok = done(id, s);
          if (ok) return ok;
          const incomplete = s.status === "PROCESSING_UPLOAD";
          // An upload that never completed cannot publish; a temporary failure published nothing: both start anew, once per attempt.
          if (!incomplete && !TEMPORARY_FAIL.has(s.fail_reason ?? "")) throw failedWith(s.fail_reason);
          if (fresh >= 1) throw new PublishError("retry", "publish.server_error", `publish ${id} ${s.status} ${s.fail_reason ?? ""}`.trim(), PROCESSING_RETRY_MS);
        }
        if (mode === "direct" && fresh === 0) await checkCreator(out, token, video);
        const bytes = await video.bytes();
        const init = await initVideo(out, token, mode, { ...video, size: bytes.length }, options.chunkBytes);
        await out.recordStep(PUBLISH_STEP, init.publishId);
        await upload(out, init.uploadUrl, video, bytes, init.chunkSize, init.count);
        await out.recordStep(UPLOADED_STEP, init.publishId);
        out.steps[UPLOADED_STEP] = init.publishId;
        id = init.publishId;
      }
    },
  };
}

export const tiktokAdapter = createTikTokAdapter();
