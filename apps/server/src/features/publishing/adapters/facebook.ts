import { PROVIDERS } from "../../oauth/providers.ts";
import { graphFor } from "./meta-call.ts";
import { GraphError } from "./meta-graph.ts";
import { PublishError, refuseBrokenRules, type Adapter, type Outgoing, type OutgoingMedia, type Published } from "./types.ts";

const API = PROVIDERS.meta.graphUrl;
/** Steps recorded in the delivery (see "Never twice" below). */
const SENDING = "sending";
const POST = "post";
const photoStep = (i: number) => `photo${i}`;
const PHOTOS_AT = "photosAt";
/** Unpublished photos are kept 24 hours; ours are reused for 23. */
const PHOTOS_KEPT_MS = 23 * 3600_000;
/** How far before the "sending" marker a post found on the Page may have been dated (the two clocks differ). */
const CLOCK_SLACK_MS = 5 * 60_000;

interface Page {
  pageId: string;
  token: string;
}

interface FoundPost {
  id: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
}

const page = (out: Outgoing): Page => ({
  pageId: out.connection.remoteAccountId ?? String(out.config.accountId ?? ""),
  token: out.secret.accessToken ?? "",
});

async function api<T>(out: Outgoing, p: Page, method: "GET" | "POST", path: string, params: Record<string, string | number | boolean | undefined>): Promise<T> {
  try {
    return await graphFor<T>(out, method, `${API}${path}`, params, p.token);
  } catch (err) {
    // 324 "Requires upload file": no usable image arrived from the `url` we gave (Graph error-handling guide).
    if (err instanceof GraphError && err.graphCode === 324) throw new PublishError("rejected", "publish.media_unreachable", "Facebook could not fetch the photo", null, err.detail);
    throw err;
  }
}

/** Facebook gives a video's permalink as a path on www.facebook.com. */
const absolute = (url: string | undefined): string | null => (!url ? null : url.startsWith("/") ? `https://www.facebook.com${url}` : url);

/** The post's address; the post is out whatever happens here, so only a token that stopped working fails the send. */
async function permalink(out: Outgoing, p: Page, id: string): Promise<string | null> {
  try {
    return absolute((await api<{ permalink_url?: string }>(out, p, "GET", `/${id}`, { fields: "permalink_url" })).permalink_url);
  } catch (err) {
    if (err instanceof PublishError && err.kind === "auth") throw err;
    return null;
  }
}

/**
 * The Page's post with our text published since `since`, from /published_posts (a video's post too: its message is
 * the video's description), https://developers.facebook.com/docs/graph-api/reference/page/published_posts/.
 */
async function lookUp(out: Outgoing, p: Page, since: number): Promise<Published | null> {
  const list = await api<{ data: FoundPost[] }>(out, p, "GET", `/${p.pageId}/published_posts`, { fields: "id,message,created_time,permalink_url", since: Math.floor(since / 1000), limit: 100 });
  const mine = list.data.find((x) => (x.message ?? "") === out.text.trim() && (!x.created_time || Date.parse(x.created_time) >= since));
  return mine ? { remoteId: mine.id, permalink: absolute(mine.permalink_url) } : null;
}

/** Photos of a several-photo post, uploaded unpublished once each (recorded, so a retry reuses them). */
async function unpublishedPhotos(out: Outgoing, p: Page, images: OutgoingMedia[]): Promise<string[]> {
  // "If you do not publish these photos within 24 hours, we delete them" (Page Photos reference): older ones are
  // uploaded again rather than attached.
  const fresh = out.steps[PHOTOS_AT] !== undefined && out.now().getTime() - Date.parse(out.steps[PHOTOS_AT]) < PHOTOS_KEPT_MS;
  if (!fresh) await out.recordStep(PHOTOS_AT, out.now().toISOString());
  const ids: string[] = [];
  for (const [i, image] of images.entries()) {
    let id = fresh ? out.steps[photoStep(i)] : undefined;
    if (!id) {
      // Page Photos, Creating: `url` (fetched by Facebook), `published=false` keeps it out of the feed until the post
      // that attaches it (https://developers.facebook.com/docs/graph-api/reference/page/photos/#Creating).
      const photo = await api<{ id: string }>(out, p, "POST", `/${p.pageId}/photos`, { url: await out.mediaUrl(image), published: false, ...(image.alt ? { alt_text_custom: image.alt } : {}) });
      id = photo.id;
      await out.recordStep(photoStep(i), id);
    }
    ids.push(id);
  }
  return ids;
}

/**
 * Facebook Pages through the Page's token (the sealed secret's `accessToken`; the Page is the connection's remote
 * account): a text or link post on the feed, one photo, several photos (uploaded unpublished, then attached to one
 * feed post) or one video, each as the Pages API documents it (https://developers.facebook.com/docs/pages-api/posts,
 * https://developers.facebook.com/docs/graph-api/reference/page/feed/#publish,
 * https://developers.facebook.com/docs/graph-api/reference/page/videos/#Creating). Scheduled on our side: the post
 * goes out when due, never with `scheduled_publish_time`.
 *
 * Never twice. /feed, /photos and /videos take no idempotency key, and each post is one call. Before that call the
 * adapter records a "sending" marker (the time) in the delivery; after its answer, the post's id. A later attempt
 * that finds the marker but no id does not know whether the call went through, so it looks the post up on the Page
 * (its published posts since the marker, matched on the exact text). Found: it is published, nothing is
 * sent. Not found: these calls are synchronous (the answer carries the created post's id, the Pages API guide
 * above), so a post that is not on the Page was never made, and the call is made again. Photos uploaded unpublished
 * are recorded one by one and reused, never uploaded twice for the same delivery.
 */
export const facebookAdapter: Adapter = {
  kind: "facebook",
  resendSafe: true,
  // One Page post holds photos or one video (the Pages API guide above): a post with both goes out by reminder.
  byReminder: (post) => post.media.some((m) => m.contentType.startsWith("video/")) && post.media.some((m) => m.contentType.startsWith("image/")),
  async send(out: Outgoing): Promise<Published> {
    refuseBrokenRules(out, "facebook");
    const p = page(out);
    if (!p.pageId || !p.token) throw new PublishError("auth", "publish.auth", "the connection has no Page or no Page token");
    const videos = out.media.filter((m) => m.contentType.startsWith("video/"));
    const images = out.media.filter((m) => !m.contentType.startsWith("video/"));
    // One Page post holds photos or one video; the API has no post mixing them.
    if (videos.length && images.length) throw new PublishError("rejected", "publish.format_unsupported", "Facebook Pages take photos or one video in a post, not both");
    const video = videos[0];

    if (out.steps[POST]) return { remoteId: out.steps[POST], permalink: await permalink(out, p, out.steps[POST]) };
    if (out.steps[SENDING]) {
      const found = await lookUp(out, p, Date.parse(out.steps[SENDING]) - CLOCK_SLACK_MS);
      if (found) {
        await out.recordStep(POST, found.remoteId);
        return found;
      }
    }

    const message = out.text.trim();
    // Everything the call needs (media URLs, unpublished photos) is ready before the marker: the marker stands for
    // the one call that may make the post.
    let post: () => Promise<{ id: string }>;
    if (video) {
      const fileUrl = await out.mediaUrl(video);
      post = () => api(out, p, "POST", `/${p.pageId}/videos`, { file_url: fileUrl, description: message || undefined });
    } else if (images.length === 1) {
      const url = await out.mediaUrl(images[0]!);
      post = async () => {
        const photo = await api<{ id: string; post_id?: string }>(out, p, "POST", `/${p.pageId}/photos`, { url, caption: message || undefined, ...(images[0]!.alt ? { alt_text_custom: images[0]!.alt } : {}) });
        return { id: photo.post_id ?? photo.id };
      };
    } else if (images.length > 1) {
      const ids = await unpublishedPhotos(out, p, images);
      const attached = Object.fromEntries(ids.map((id, i) => [`attached_media[${i}]`, JSON.stringify({ media_fbid: id })]));
      post = () => api(out, p, "POST", `/${p.pageId}/feed`, { message: message || undefined, ...attached });
    } else {
      post = () => api(out, p, "POST", `/${p.pageId}/feed`, { message, link: out.link ?? undefined });
    }
    const resumed = Boolean(out.steps[SENDING]);
    await out.recordStep(SENDING, out.now().toISOString());
    let created: { id: string };
    try {
      created = await post();
    } catch (err) {
      // 506 "Duplicate status message": on a resend, Facebook has the earlier post our lookup did not see.
      if (resumed && err instanceof GraphError && err.graphCode === 506) throw new PublishError("attention", "publish.outcome_unknown", "Facebook calls this a duplicate of a post the lookup did not find", null, err.detail);
      throw err;
    }
    await out.recordStep(POST, created.id);
    return { remoteId: created.id, permalink: await permalink(out, p, created.id) };
  },
};
