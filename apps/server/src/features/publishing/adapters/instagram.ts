import { PROVIDERS } from "../../oauth/providers.ts";
import { checkPublishingQuota, graphFor } from "./meta-call.ts";
import { DEFAULT_POLL, MEDIA_STEP, PROCESSING_RETRY_MS, publishOnce, readPermalink, readyContainer, type ContainerErrorMapping, type ContainerStatus, type PollPolicy } from "./meta-container.ts";
import { PublishError, refuseBrokenRules, type Adapter, type Outgoing, type OutgoingMedia, type Published } from "./types.ts";

/**
 * Instagram professional accounts, written to the documented Content Publishing API, for both ways in:
 * - kind `instagram`: Instagram API with Instagram Login, on graph.instagram.com with the Instagram user token;
 * - kind `instagram_facebook`: Instagram API with Facebook Login, on graph.facebook.com with the Page token of the
 *   Page the account is linked to.
 * Same endpoints on both hosts (https://developers.facebook.com/docs/instagram-platform/content-publishing):
 * `POST /{ig-user-id}/media` makes a container (image_url, or media_type REELS / STORIES / CAROUSEL, with
 * is_carousel_item children first), `GET /{container-id}?fields=status_code,status` until FINISHED,
 * `POST /{ig-user-id}/media_publish?creation_id=`, then `GET /{ig-media-id}?fields=permalink`. The 24-hour publishing
 * limit is read first from `GET /{ig-user-id}/content_publishing_limit` (reference/ig-user/content_publishing_limit).
 * Never twice: see meta-container.ts. Verified only against the simulator built from these pages (test-peers/meta).
 */

/** Carousel: "up to 10 images, videos, or a mix" (content publishing guide; ig-user/media `children`). */
export const CAROUSEL_MAX = 10;
/** `alt_text`: "up to 1000 characters", single images and carousel images only (ig-user/media). */
const ALT_TEXT_MAX = 1000;

const IG_ERRORS: ContainerErrorMapping = {
  // The container's `status` carries the error subcode when status_code is ERROR (ig-container reference).
  // 2207001 "server error, try again", 2207003 "takes too long to download", 2207032 "create media fail, re-create",
  // 2207053 "unknown upload error, generate a new container" (error-codes reference).
  retryable: (reason) => ["2207001", "2207003", "2207032", "2207053"].includes(reason ?? ""),
  failure: (reason) => {
    const sub = reason ?? "";
    if (sub === "2207052") return new PublishError("rejected", "publish.media_unreachable", `Instagram could not fetch the media (${sub})`);
    if (["2207004", "2207005", "2207009", "2207026", "2207023", "2207010"].includes(sub)) return new PublishError("rejected", "publish.media_rejected", `Instagram refused the media (${sub})`);
    return new PublishError("rejected", "publish.container_error", `Instagram could not process the media${sub ? ` (${sub})` : ""}`);
  },
};

/** "50 posts within a 24 hour moving period" (ig-user/media_publish), when the limit edge does not say. */
const IG_QUOTA = 50;

interface Account {
  base: string;
  igUserId: string;
  token: string;
}

/** The host follows the kind: Instagram Login on graph.instagram.com, Facebook Login on graph.facebook.com. */
function account(out: Outgoing, kind: "instagram" | "instagram_facebook"): Account {
  return {
    base: kind === "instagram" ? PROVIDERS.instagram.graphUrl : PROVIDERS.meta.graphUrl,
    igUserId: out.connection.remoteAccountId ?? String(out.config.accountId ?? ""),
    token: out.secret.accessToken ?? "",
  };
}

/** One Graph call for this delivery (usage headers and rate-limit errors hold the channel: meta-call.ts). */
const api = <T>(out: Outgoing, a: Account, method: "GET" | "POST", path: string, params: Record<string, string | number | boolean | undefined>) => graphFor<T>(out, method, `${a.base}${path}`, params, a.token);

const isVideo = (m: OutgoingMedia) => m.contentType.startsWith("video/");
const alt = (m: OutgoingMedia) => (m.alt.trim() ? [...m.alt.trim()].slice(0, ALT_TEXT_MAX).join("") : undefined);

/** Checks what the API can publish for this post, before anything is sent. */
function plan(out: Outgoing): { kind: "image" | "reel" | "carousel" | "story"; media: OutgoingMedia[] } {
  refuseBrokenRules(out, "instagram");
  const media = out.media.filter((m) => m.contentType.startsWith("image/") || isVideo(m));
  if (!media.length) throw new PublishError("rejected", "publish.media_required", "Instagram publishes posts with an image or a video only");
  if (out.format === "story") {
    if (media.length > 1) throw new PublishError("rejected", "publish.story_one_media", "an Instagram story carries one image or one video");
    return { kind: "story", media };
  }
  if (media.length > CAROUSEL_MAX) throw new PublishError("rejected", "publish.breaks_rules", `Breaks instagram's rules: too_many_images count=${media.length} max=${CAROUSEL_MAX}`);
  if (media.length > 1) return { kind: "carousel", media };
  return { kind: isVideo(media[0]!) ? "reel" : "image", media };
}

function statusOf(out: Outgoing, a: Account) {
  return async (id: string): Promise<ContainerStatus> => {
    const s = await api<{ status_code?: string; status?: string }>(out, a, "GET", `/${id}`, { fields: "status_code,status" });
    const state = (["IN_PROGRESS", "FINISHED", "ERROR", "EXPIRED", "PUBLISHED"] as const).find((x) => x === s.status_code);
    if (!state) throw new PublishError("retry", "publish.server_error", `container ${id}: unknown status ${String(s.status_code).slice(0, 40)}`, PROCESSING_RETRY_MS);
    return { state, reason: state === "ERROR" ? (s.status ?? null) : null };
  };
}

async function createContainer(out: Outgoing, a: Account, params: Record<string, string | number | boolean | undefined>): Promise<string> {
  const made = await api<{ id?: string }>(out, a, "POST", `/${a.igUserId}/media`, params);
  if (!made.id) throw new PublishError("unknown", "publish.server_error", "Instagram answered without a container id");
  return String(made.id);
}

/** The containers for this post, ready to publish: children first for a carousel, each recorded as it is made. */
async function ready(out: Outgoing, a: Account, p: ReturnType<typeof plan>, policy: PollPolicy, deadline: number) {
  const status = statusOf(out, a);
  const caption = out.text || undefined;
  if (p.kind === "carousel") {
    return readyContainer(
      out,
      "container",
      {
        status,
        create: async () => {
          const children: string[] = [];
          for (const [i, m] of p.media.entries()) {
            const url = await out.mediaUrl(m);
            const child = await readyContainer(
              out,
              `child${i}`,
              {
                status,
                create: () =>
                  createContainer(out, a, isVideo(m) ? { media_type: "VIDEO", video_url: url, is_carousel_item: true } : { image_url: url, is_carousel_item: true, alt_text: alt(m) }),
              },
              IG_ERRORS,
              policy,
              deadline,
            );
            children.push(child.id);
          }
          return createContainer(out, a, { media_type: "CAROUSEL", children: children.join(","), caption });
        },
      },
      IG_ERRORS,
      policy,
      deadline,
    );
  }
  const m = p.media[0]!;
  const create = async () => {
    const url = await out.mediaUrl(m);
    if (p.kind === "story") return createContainer(out, a, isVideo(m) ? { media_type: "STORIES", video_url: url } : { media_type: "STORIES", image_url: url });
    if (p.kind === "reel") return createContainer(out, a, { media_type: "REELS", video_url: url, caption, share_to_feed: true });
    return createContainer(out, a, { image_url: url, caption, alt_text: alt(m) });
  };
  return readyContainer(out, "container", { status, create }, IG_ERRORS, policy, deadline);
}

/** After a publish whose answer was lost: our post among the account's recent media (caption and time). */
async function findPublished(out: Outgoing, a: Account, story: boolean, since: Date): Promise<string | null> {
  const edge = story ? "stories" : "media";
  const res = await api<{ data?: Array<{ id: string; caption?: string; timestamp?: string }> }>(out, a, "GET", `/${a.igUserId}/${edge}`, { fields: "id,caption,timestamp", limit: 25 });
  const caption = (out.text ?? "").trim();
  const candidates = (res.data ?? []).filter((m) => (story || (m.caption ?? "").trim() === caption) && (!m.timestamp || Date.parse(m.timestamp.replace(/\+0000$/, "Z")) >= since.getTime()));
  // Two of ours with the same caption in the window cannot be told apart: a person decides.
  return candidates.length === 1 ? candidates[0]!.id : null;
}

/** The first comment, at most once: a marker first, and an interrupted comment is not repeated. */
async function firstComment(out: Outgoing, a: Account, mediaId: string): Promise<void> {
  if (!out.firstComment || out.steps.comment || out.steps.commenting) return;
  await out.recordStep("commenting", out.now().toISOString());
  try {
    const c = await api<{ id?: string }>(out, a, "POST", `/${mediaId}/comments`, { message: out.firstComment });
    if (c.id) await out.recordStep("comment", String(c.id));
  } catch (err) {
    // The post is out: a comment that did not work does not undo it (the log says why).
    if (err instanceof PublishError && err.kind === "auth") throw err;
  }
}

export function createInstagramAdapter(kind: "instagram" | "instagram_facebook", options: { poll?: PollPolicy } = {}): Adapter {
  const policy = options.poll ?? DEFAULT_POLL;
  return {
    kind,
    resendSafe: true,
    // Room for the polling budget and the calls around it.
    sendTimeoutMs: policy.budgetMs + 60_000,
    // The content publishing API publishes images and videos only: a text-only post, or a story of several items,
    // goes out by reminder (https://developers.facebook.com/docs/instagram-platform/content-publishing).
    byReminder: (post) => {
      const media = post.media.filter((m) => m.contentType.startsWith("image/") || m.contentType.startsWith("video/"));
      return media.length === 0 || (post.format === "story" && media.length > 1);
    },
    async send(out: Outgoing): Promise<Published> {
      const p = plan(out);
      const a = account(out, kind);
      if (!a.igUserId) throw new PublishError("auth", "publish.auth", "the connection has no Instagram account id; connect it again");
      let mediaId = out.steps[MEDIA_STEP];
      if (!mediaId) {
        const deadline = Date.now() + policy.budgetMs;
        // The quota is read before anything new is made; a send that resumes has its container already.
        if (!out.steps.container && !out.steps.child0) await checkPublishingQuota(out, `${a.base}/${a.igUserId}/content_publishing_limit`, a.token, "Instagram", IG_QUOTA);
        const container = await ready(out, a, p, policy, deadline);
        mediaId = await publishOnce(out, container.id, {
          publish: async (id) => {
            const res = await api<{ id?: string }>(out, a, "POST", `/${a.igUserId}/media_publish`, { creation_id: id });
            if (!res.id) throw new PublishError("unknown", "publish.server_error", "Instagram answered without a media id");
            return String(res.id);
          },
          status: statusOf(out, a),
          findPublished: (_container, since) => findPublished(out, a, p.kind === "story", since),
        });
      }
      await firstComment(out, a, mediaId);
      return { remoteId: mediaId, permalink: await readPermalink(() => api<{ permalink?: string }>(out, a, "GET", `/${mediaId}`, { fields: "permalink" })) };
    },
  };
}

export const instagramAdapter = createInstagramAdapter("instagram");
export const instagramFacebookAdapter = createInstagramAdapter("instagram_facebook");
