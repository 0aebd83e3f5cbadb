import { NETWORK_RULES } from "@socialplan/schema";
import type { FlowCall } from "../../oauth/flows/types.ts";
import { networkUrl } from "../../oauth/providers.ts";
import { pollContainer, PROCESSING_RETRY_MS, type PollPolicy } from "./meta-container.ts";
import { allPages, pinterest, pinterestFailure, pinterestTime, pinUrl, type PinAnswer } from "./pinterest-api.ts";
import { failureFromFetch, PublishError, refuseBrokenRules, type Adapter, type Outgoing, type Published } from "./types.ts";

/**
 * Pinterest Pins (https://developers.pinterest.com/docs/api/v5/pins-create/): `POST /v5/pins` with the board, title
 * (`out.options.title`, ≤ 100), description (the copy, ≤ 500; the post's link is the Pin's `link`, not repeated in
 * the description, where Pinterest does not make links clickable), alt text, and one media source:
 * - one image: `image_url` — our signed media URL, which Pinterest fetches;
 * - 2 to 5 images: `multiple_image_urls` (a carousel);
 * - a video: `video_id` after the media upload (https://developers.pinterest.com/docs/api/v5/media-create/ and
 *   https://developers.pinterest.com/docs/content/content-creation/#Creating%20video%20Pins): `POST /v5/media`
 *   `{ media_type: "video" }` → `upload_url` and `upload_parameters`; the file is POSTed there as a form with those
 *   fields first and `file` last; `GET /v5/media/{id}` until `status` is `succeeded` (registered → processing →
 *   succeeded | failed); the Pin then takes `media_id` and a cover (`cover_image_key_frame_time`).
 *
 * Never twice: Pinterest takes no idempotency key. The media id is recorded (`media`), then a marker (`posting`:
 * time and board) before the Pin is asked for, then the Pin's id (`pin`). A send that starts again with the marker
 * and no Pin id lists the board's Pins (`GET /v5/boards/{id}/pins`) and takes the one made since the marker with our
 * description, link and title; only when none is there is the Pin created again.
 */

const RULES = NETWORK_RULES.pinterest;
const TITLE_MAX = 100;
/** Board Pins looked through after a lost answer: the newest first; a board rarely gains this many in minutes. */
const LOOKUP_MAX = 250;
/** Margin for the two clocks (ours wrote the marker, Pinterest stamps the Pin). Not documented; chosen. */
const CLOCK_MARGIN_MS = 10 * 60_000;
/** 2 s, 4 s, then every 10 s, at most 3 minutes per attempt (not documented; chosen). */
export const PINTEREST_POLL: PollPolicy = { delaysMs: [2000, 4000, 10_000], budgetMs: 180_000 };

export const MEDIA_STEP = "media";
export const UPLOADED_STEP = "uploaded";
export const POSTING_STEP = "posting";
export const PIN_STEP = "pin";

const call = (out: Outgoing): FlowCall => ({ fetch: out.fetch, simulator: out.networkSimulatorUrl, signal: out.signal });

/** The description: the copy without the post's link appended at its end (the Pin's `link` carries it). */
export function pinDescription(text: string, link: string | null): string {
  if (!link) return text;
  if (text === link) return "";
  return text.endsWith(`\n\n${link}`) ? text.slice(0, -(link.length + 2)) : text;
}

interface MediaAnswer {
  media_id: string;
  upload_url?: string;
  upload_parameters?: Record<string, string>;
  status?: string;
}

/** Registers the video, uploads its bytes to the URL given, and waits until Pinterest has processed it. */
async function videoId(out: Outgoing, token: string, poll: PollPolicy, deadline: number): Promise<string> {
  let id = out.steps[MEDIA_STEP];
  if (id && !out.steps[UPLOADED_STEP]) {
    // Registered but perhaps not uploaded: a media still "registered" never got its file; a new one is made.
    const { body } = await pinterest<MediaAnswer>(call(out), "GET", `/media/${encodeURIComponent(id)}`, token);
    if (body.status === "registered") id = undefined;
    else await out.recordStep(UPLOADED_STEP, id);
  }
  if (!id) {
    const { body } = await pinterest<MediaAnswer>(call(out), "POST", "/media", token, { json: { media_type: "video" } });
    if (!body.media_id || !body.upload_url) throw new PublishError("unknown", "publish.server_error", "the media registration had no media_id or upload_url");
    id = String(body.media_id);
    await out.recordStep(MEDIA_STEP, id);
    await upload(out, body.upload_url, body.upload_parameters ?? {});
    await out.recordStep(UPLOADED_STEP, id);
  }
  const mediaId = id;
  const status = await pollContainer(
    async () => {
      const { body } = await pinterest<MediaAnswer>(call(out), "GET", `/media/${encodeURIComponent(mediaId)}`, token);
      return { state: body.status === "succeeded" ? "FINISHED" : body.status === "failed" ? "ERROR" : "IN_PROGRESS", reason: body.status ?? null };
    },
    poll,
    out.signal,
    deadline,
  );
  if (status.state === "IN_PROGRESS") throw new PublishError("retry", "publish.media_processing", `media ${mediaId} still processing`, PROCESSING_RETRY_MS);
  if (status.state === "ERROR") throw new PublishError("rejected", "publish.media_rejected", `Pinterest could not process video ${mediaId}`);
  return mediaId;
}

/** The file POSTed to the upload URL as a form: the fields Pinterest gave, then `file`. */
async function upload(out: Outgoing, url: string, fields: Record<string, string>): Promise<void> {
  const video = out.media[0]!;
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new Blob([new Uint8Array(await video.bytes())], { type: video.contentType }), video.name);
  let res: Response;
  try {
    res = await out.fetch(networkUrl(url, out.networkSimulatorUrl), { method: "POST", body: form, signal: out.signal, redirect: "error" });
  } catch (err) {
    throw failureFromFetch(err);
  }
  const text = await res.text().catch(() => "");
  if (!res.ok) throw pinterestFailure("POST", res.status, text, res.headers);
}

export function createPinterestAdapter(opts: { poll?: PollPolicy } = {}): Adapter {
  const poll = opts.poll ?? PINTEREST_POLL;
  return {
    kind: "pinterest",
    resendSafe: true,
    sendTimeoutMs: 10 * 60_000,
    byReminder: (post) => post.media.length === 0 || post.format === "story",
    async send(out: Outgoing): Promise<Published> {
      try {
        return await sendPin(out, poll);
      } catch (err) {
        // Pinterest's rate limit: no delivery of this channel goes out before the window resets.
        if (err instanceof PublishError && err.code === "publish.rate_limited" && err.retryAfterMs) await out.connection.hold(new Date(out.now().getTime() + err.retryAfterMs));
        throw err;
      }
    },
  };
}

async function sendPin(out: Outgoing, poll: PollPolicy): Promise<Published> {
  const known = out.steps[PIN_STEP];
  if (known) return { remoteId: known, permalink: pinUrl(known) };
  const boardId = out.options.boardId?.trim();
  if (!boardId) throw new PublishError("rejected", "publish.pinterest_board_missing", "no board is chosen for this Pin (options.boardId)");
  const description = pinDescription(out.text, out.link);
  refuseBrokenRules({ text: description, media: out.media }, "pinterest");
  const title = (out.options.title ?? out.title ?? "").trim().slice(0, TITLE_MAX);
  const token = out.secret.accessToken ?? "";
  const deadline = Date.now() + poll.budgetMs;
  const videos = out.media.filter((m) => m.contentType.startsWith("video/"));
  if (videos.length && out.media.length > 1) throw new PublishError("rejected", "publish.breaks_rules", "a Pin takes one video alone");
  if (!videos.length && out.media.length > RULES.images.max) throw new PublishError("rejected", "publish.breaks_rules", `a carousel Pin takes at most ${RULES.images.max} images`);

  let media_source: Record<string, unknown>;
  if (videos.length) {
    media_source = { source_type: "video_id", media_id: await videoId(out, token, poll, deadline), cover_image_key_frame_time: 1 };
  } else if (out.media.length === 1) {
    media_source = { source_type: "image_url", url: await out.mediaUrl(out.media[0]!) };
  } else {
    media_source = { source_type: "multiple_image_urls", items: await Promise.all(out.media.map(async (m) => ({ url: await out.mediaUrl(m), ...(m.alt ? { description: m.alt.slice(0, 500) } : {}) }))) };
  }
  const alt = out.media.find((m) => m.alt)?.alt;
  const body = {
    board_id: boardId,
    ...(title ? { title } : {}),
    description,
    ...(out.link ? { link: out.link } : {}),
    ...(alt ? { alt_text: alt.slice(0, 500) } : {}),
    media_source,
  };

  const [markedAt, markedBoard] = (out.steps[POSTING_STEP] ?? "").split(" ");
  if (markedAt && markedBoard === boardId) {
    const found = await findPin(out, token, boardId, new Date(Date.parse(markedAt) - CLOCK_MARGIN_MS), { description, link: out.link, title });
    if (found) {
      await out.recordStep(PIN_STEP, found);
      return { remoteId: found, permalink: pinUrl(found) };
    }
  } else {
    await out.recordStep(POSTING_STEP, `${out.now().toISOString()} ${boardId}`);
  }
  const { body: pin } = await pinterest<PinAnswer>(call(out), "POST", "/pins", token, { json: body });
  const id = String(pin.id);
  await out.recordStep(PIN_STEP, id);
  return { remoteId: id, permalink: pinUrl(id) };
}

/** After a create whose answer was lost: our Pin on the board, made since `since`, or null. */
async function findPin(out: Outgoing, token: string, boardId: string, since: Date, ours: { description: string; link: string | null; title: string }): Promise<string | null> {
  const pins = await allPages<PinAnswer>(call(out), `/boards/${encodeURIComponent(boardId)}/pins`, token, { page_size: 100 }, LOOKUP_MAX);
  const match = pins.find(
    (p) => pinterestTime(p.created_at).getTime() >= since.getTime() && (p.description ?? "") === ours.description && (p.link ?? null) === (ours.link ?? null) && (p.title ?? "") === ours.title,
  );
  return match ? String(match.id) : null;
}

export const pinterestAdapter = createPinterestAdapter();
