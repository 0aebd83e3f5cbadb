import { googleFetch, GoogleError, nextPacificMidnight } from "../../oauth/flows/google-http.ts";
import type { FlowCall } from "../../oauth/flows/types.ts";
import { uploadsPlaylist } from "../../metrics/youtube-numbers.ts";
import { YOUTUBE_API, YOUTUBE_UPLOAD } from "./youtube-api.ts";
import { sendBytes, sessionStatus, startSession, uploadSession, type UploadedVideo } from "./youtube-upload.ts";
import { PublishError, refuseBrokenRules, type Adapter, type Outgoing, type OutgoingMedia, type Published } from "./types.ts";

/**
 * YouTube: one video per post, uploaded with the Data API's resumable upload (youtube-upload.ts) as `videos.insert`
 * (https://developers.google.com/youtube/v3/docs/videos/insert):
 * - snippet.title: the copy's `options.title`, else the post's title — at most 100 characters, no `<` or `>`
 *   (videos resource, snippet.title); snippet.description: the channel's text — at most 5,000 BYTES, no `<` or `>`
 *   (snippet.description); `<` `>` become ‹ ›; snippet.tags (all together at most 500 characters, a tag with a
 *   space counted with its quotes); status.privacyStatus (`options.privacy`, default public);
 *   status.selfDeclaredMadeForKids (`options.madeForKids`, default false: the API asks the uploader to say).
 * - Scheduling at YouTube (status.publishAt) needs privacyStatus "private" until then; this app sends at the due time
 *   itself, so the video goes out directly with the chosen privacy and publishAt is never sent.
 * - Shorts: the API has no Shorts flag. YouTube makes an upload a Short when it is square or vertical and at most
 *   3 minutes long, for uploads since 15 October 2024 ("Understand three-minute YouTube Shorts",
 *   https://support.google.com/youtube/answer/15424877); #Shorts in the title or description is not needed. The permalink is
 *   /shorts/<id> for those, /watch?v=<id> otherwise.
 * - Thumbnail: `thumbnails.set` (https://developers.google.com/youtube/v3/docs/thumbnails/set), an image of at most
 *   2 MB, JPEG/PNG; the channel must be allowed custom thumbnails (a verified phone number). A refusal of the thumbnail
 *   does not undo the published video: it is noted in the delivery's steps, and the video stands.
 * - Never twice: the upload session is the identity. Its URI is recorded (`steps.session`) before a byte is sent; a
 *   later attempt asks that session where it stands (complete → its answer is the video; partial → the bytes go on
 *   from there). Only a session that is gone (404) is replaced, after looking for the video on the channel's uploads
 *   playlist by title, uploaded since the delivery was made.
 * - Quota: 10,000 units a day per Google Cloud project, an upload 1,600 (≈ 6 uploads a day), reset at midnight
 *   Pacific (https://developers.google.com/youtube/v3/getting-started#quota, /determine_quota_cost). `quotaExceeded`
 *   (403) holds the channel until then.
 * - Unverified apps: videos uploaded through an API project that has not passed Google's audit are locked private
 *   ("videos.insert": "All videos uploaded via the videos.insert endpoint from unverified API projects created after
 *   28 July 2020 will be restricted to private viewing mode"). The README says so.
 */

const TITLE_MAX = 100;
const DESCRIPTION_MAX_BYTES = 5000;
const TAGS_MAX = 500;
const SHORT_MAX_MS = 3 * 60_000;

const angle = (s: string) => s.replace(/</g, "‹").replace(/>/g, "›");

/** The title as YouTube takes it: no < >, no line breaks, at most 100 characters (code points). */
export function youtubeTitle(out: Pick<Outgoing, "options" | "title">): string {
  const raw = angle((out.options.title ?? "").trim() || out.title.trim()).replace(/\s+/g, " ");
  return [...raw].slice(0, TITLE_MAX).join("").trim();
}

/** Tags as YouTube counts them: a tag with a space counts its two quotes; commas separate (+1 each). */
function youtubeTags(tags: string[] | undefined): string[] {
  const out: string[] = [];
  let total = 0;
  for (const t of (tags ?? []).map((x) => angle(x.trim().replace(/^#/, ""))).filter(Boolean)) {
    const cost = [...t].length + (t.includes(" ") ? 2 : 0) + (out.length ? 1 : 0);
    if (total + cost > TAGS_MAX) break;
    out.push(t);
    total += cost;
  }
  return out;
}

export const isShort = (m: Pick<OutgoingMedia, "width" | "height" | "durationMs">) => m.width !== null && m.height !== null && m.height >= m.width && m.durationMs !== null && m.durationMs <= SHORT_MAX_MS;

const permalink = (id: string, short: boolean) => (short ? `https://www.youtube.com/shorts/${id}` : `https://www.youtube.com/watch?v=${id}`);

function callOf(out: Outgoing): FlowCall {
  return { fetch: out.fetch, simulator: out.networkSimulatorUrl, signal: out.signal };
}

/** A quota or rate refusal holds the whole channel (every delivery of this connection) until it is over. */
async function honour(out: Outgoing, err: unknown): Promise<never> {
  if (err instanceof PublishError && err.kind === "retry" && err.retryAfterMs && (err.code === "publish.quota_exceeded" || err.code === "publish.rate_limited")) {
    const until = err.code === "publish.quota_exceeded" ? nextPacificMidnight(out.now()) : new Date(out.now().getTime() + err.retryAfterMs);
    await out.connection.hold(until);
    if (err.code === "publish.quota_exceeded") {
      throw new PublishError("retry", "publish.youtube_quota_exceeded", `YouTube's daily API quota is used up; the channel waits until ${until.toISOString()} (midnight Pacific time)`, until.getTime() - out.now().getTime(), err.detail);
    }
  }
  throw err;
}

/**
 * The video this delivery uploaded, looked up on the channel's uploads playlist (newest first; 1 unit a page): same
 * title, published since the delivery was made. Used only when the recorded session is gone.
 */
async function findUploaded(call: FlowCall, out: Outgoing, token: string, title: string): Promise<string | null> {
  const conn = { accountId: String(out.connection.remoteAccountId ?? out.config.accountId ?? ""), config: out.config };
  const since = Date.parse(out.createdAt) - 60_000;
  const { body } = await googleFetch<{ items?: Array<{ snippet?: { title?: string; publishedAt?: string }; contentDetails?: { videoId?: string } }> }>(
    call,
    "GET",
    `${YOUTUBE_API}/playlistItems`,
    { query: { part: "snippet,contentDetails", playlistId: uploadsPlaylist(conn), maxResults: 50 }, token },
    out.now(),
  );
  const hit = (body.items ?? []).find((it) => it.snippet?.title === title && Date.parse(it.snippet?.publishedAt ?? "") >= since);
  return hit?.contentDetails?.videoId ?? null;
}

async function upload(out: Outgoing, call: FlowCall, token: string, video: OutgoingMedia, title: string): Promise<UploadedVideo | string> {
  const bytes = await video.bytes();
  const contentType = video.contentType || "application/octet-stream";
  if (out.steps.session) {
    const recorded = uploadSession(out.steps.session);
    const st = await sessionStatus(call, recorded, token, bytes.length, out.now());
    if (st.state === "done") return st.video;
    if (st.state === "partial") return sendBytes(call, recorded, token, bytes, contentType, st.received, out.now);
    // The session is gone: it may have finished before it expired. Look before starting another.
    const found = await findUploaded(call, out, token, title);
    if (found) return found;
  }
  const description = angle(out.text);
  if (Buffer.byteLength(description, "utf8") > DESCRIPTION_MAX_BYTES) {
    throw new PublishError("rejected", "publish.youtube_description_too_long", `the description is ${Buffer.byteLength(description, "utf8")} bytes; YouTube takes 5000 (a Korean character is 3)`);
  }
  const tags = youtubeTags(out.options.tags);
  const resource = {
    snippet: { title, description, ...(tags.length ? { tags } : {}), categoryId: "22" },
    status: { privacyStatus: out.options.privacy ?? "public", selfDeclaredMadeForKids: out.options.madeForKids ?? false },
  };
  const session = await startSession(call, `${YOUTUBE_UPLOAD}/videos`, token, resource, bytes.length, contentType, out.now());
  await out.recordStep("session", session);
  return sendBytes(call, session, token, bytes, contentType, 0, out.now);
}

async function setThumbnail(out: Outgoing, call: FlowCall, token: string, videoId: string): Promise<void> {
  const assetId = out.options.thumbnailAssetId;
  if (!assetId || out.steps.thumbnail || !out.asset) return;
  const image = await out.asset(assetId);
  if (!image || !image.contentType.startsWith("image/")) {
    await out.recordStep("thumbnail", "missing");
    return;
  }
  try {
    await googleFetch<unknown>(call, "POST", `${YOUTUBE_UPLOAD}/thumbnails/set`, { query: { videoId, uploadType: "media" }, token, headers: { "content-type": image.contentType }, body: await image.bytes() }, out.now());
    await out.recordStep("thumbnail", "set");
  } catch (err) {
    // The video is out; a thumbnail YouTube refuses (not allowed for this channel, too large) leaves YouTube's own.
    if (err instanceof PublishError && err.kind === "rejected") {
      await out.recordStep("thumbnail", `refused:${err instanceof GoogleError ? err.reasons.join(",") || err.status : err.code}`);
      return;
    }
    throw err;
  }
}

export const youtubeAdapter: Adapter = {
  kind: "youtube",
  resendSafe: true,
  // A large video takes its time: an hour for the bytes of one attempt (the next attempt resumes the same session).
  sendTimeoutMs: 60 * 60_000,
  byReminder: (post) => !post.media.some((m) => m.contentType.startsWith("video/")),
  async send(out: Outgoing): Promise<Published> {
    const video = out.media.find((m) => m.contentType.startsWith("video/"));
    if (!video) throw new PublishError("rejected", "publish.youtube_video_missing", "a YouTube post needs a video");
    refuseBrokenRules({ text: out.text, media: [video] }, "youtube");
    const title = youtubeTitle(out);
    if (!title) throw new PublishError("rejected", "publish.youtube_title_missing", "the video needs a title (the post's title or the YouTube title)");
    const token = out.secret.accessToken;
    if (!token) throw new PublishError("auth", "publish.auth", "no access token is stored");
    const call = callOf(out);
    try {
      let videoId = out.steps.video;
      if (!videoId) {
        const done = await upload(out, call, token, video, title);
        videoId = typeof done === "string" ? done : done.id;
        await out.recordStep("video", videoId);
        if (typeof done !== "string" && done.status?.uploadStatus === "rejected") {
          throw new PublishError("rejected", "publish.media_rejected", `YouTube rejected the video (${done.status.rejectionReason ?? "no reason given"})`);
        }
      }
      await setThumbnail(out, call, token, videoId);
      return { remoteId: videoId, permalink: permalink(videoId, isShort(video)) };
    } catch (err) {
      return honour(out, err);
    }
  },
};
