import { NETWORK_RULES } from "@socialplan/schema";
import { PROVIDERS } from "../../oauth/providers.ts";
import { checkPublishingQuota, graphFor, quotaReached } from "./meta-call.ts";
import { DEFAULT_POLL, MEDIA_STEP, PROCESSING_RETRY_MS, publishOnce, readPermalink, readyContainer, type ContainerErrorMapping, type ContainerStatus, type PollPolicy } from "./meta-container.ts";
import { GraphError } from "./meta-graph.ts";
import { PublishError, refuseBrokenRules, type Adapter, type Outgoing, type OutgoingMedia, type Published } from "./types.ts";

/**
 * Threads, written to the documented publishing flow (https://developers.facebook.com/docs/threads/posts):
 * `POST /{threads-user-id}/threads` makes a container (media_type TEXT, IMAGE or VIDEO; a carousel's items first with
 * is_carousel_item, then media_type CAROUSEL with their ids), `GET /{container-id}?fields=status,error_message` until
 * FINISHED (https://developers.facebook.com/docs/threads/troubleshooting), `POST /{threads-user-id}/threads_publish`,
 * then `GET /{media-id}?fields=permalink`. The 250-posts-a-day limit is read first from
 * `GET /{threads-user-id}/threads_publishing_limit` (https://developers.facebook.com/docs/threads/overview). A first
 * comment goes out as a reply to the post (`reply_to_id`,
 * https://developers.facebook.com/documentation/threads/retrieve-and-manage-replies/create-replies).
 * Never twice: the container flow shared with Instagram (meta-container.ts). Verified only against the simulator
 * built from these pages (test-peers/meta).
 */

const API = PROVIDERS.threads.graphUrl;
/** "Carousel posts are limited to 20 images, videos, or a mix of the two" and "require a minimum of two" (Posts). */
export const CAROUSEL_MAX = NETWORK_RULES.threads.images.max;
/** `alt_text`: up to 1,000 characters (Posts, container parameters). */
const ALT_TEXT_MAX = 1000;
const TEXT_MAX = NETWORK_RULES.threads.text.max ?? 500;
/** "Threads profiles are limited to 250 API-published posts within a 24-hour moving period" (Overview). */
const THREADS_QUOTA = 250;
/** "The number of links is restricted to 5 or less" (Posts, Links). */
const MAX_LINKS = 5;

/**
 * The Threads API's own count: "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8
 * bytes" (Posts, Limitations). The shared rules table counts graphemes, so a text with many emoji passes it and is
 * still refused: this count is checked before anything is sent.
 */
export function threadsLength(text: string): number {
  let n = 0;
  for (const ch of text) n += /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/u.test(ch) ? Buffer.byteLength(ch) : 1;
  return n;
}

const THREADS_ERRORS: ContainerErrorMapping = {
  // None of the documented error_message values says "try again" (troubleshooting page).
  retryable: () => false,
  failure: (reason) => {
    if (reason === "FAILED_DOWNLOADING_VIDEO") return new PublishError("rejected", "publish.media_unreachable", `Threads could not fetch the media (${reason})`);
    if (reason && reason !== "UNKNOWN") return new PublishError("rejected", "publish.media_rejected", `Threads refused the media (${reason})`);
    return new PublishError("rejected", "publish.container_error", `Threads could not process the post${reason ? ` (${reason})` : ""}`);
  },
};

interface Account {
  userId: string;
  token: string;
}

type Params = Record<string, string | number | boolean | undefined>;
const api = <T>(out: Outgoing, a: Account, method: "GET" | "POST", path: string, params: Params) => graphFor<T>(out, method, `${API}${path}`, params, a.token);

const isVideo = (m: OutgoingMedia) => m.contentType.startsWith("video/");
const alt = (m: OutgoingMedia) => (m.alt.trim() ? [...m.alt.trim()].slice(0, ALT_TEXT_MAX).join("") : undefined);

/** Refuses, before anything is sent, what Threads would refuse: the shared rules, then its own text count and links. */
function check(out: Outgoing): void {
  refuseBrokenRules(out, "threads");
  const length = threadsLength(out.text);
  if (length > TEXT_MAX) throw new PublishError("rejected", "publish.breaks_rules", `Breaks threads's rules: text_too_long length=${length} max=${TEXT_MAX} (emoji count their UTF-8 bytes)`);
  const links = new Set(out.text.match(/\bhttps?:\/\/[^\s]+/gi) ?? []);
  if (links.size > MAX_LINKS) throw new PublishError("rejected", "publish.breaks_rules", `Breaks threads's rules: too_many_links count=${links.size} max=${MAX_LINKS}`);
  if (!out.media.length && !out.text.trim()) throw new PublishError("rejected", "publish.breaks_rules", "Breaks threads's rules: a text post needs text");
  if (out.media.length > CAROUSEL_MAX) throw new PublishError("rejected", "publish.breaks_rules", `Breaks threads's rules: too_many_images count=${out.media.length} max=${CAROUSEL_MAX}`);
}

function statusOf(out: Outgoing, a: Account) {
  return async (id: string): Promise<ContainerStatus> => {
    const s = await api<{ status?: string; error_message?: string }>(out, a, "GET", `/${id}`, { fields: "status,error_message" });
    const state = (["IN_PROGRESS", "FINISHED", "ERROR", "EXPIRED", "PUBLISHED"] as const).find((x) => x === s.status);
    if (!state) throw new PublishError("retry", "publish.server_error", `container ${id}: unknown status ${String(s.status).slice(0, 40)}`, PROCESSING_RETRY_MS);
    return { state, reason: state === "ERROR" ? (s.error_message ?? null) : null };
  };
}

async function createContainer(out: Outgoing, a: Account, params: Params): Promise<string> {
  const made = await api<{ id?: string }>(out, a, "POST", `/${a.userId}/threads`, params);
  if (!made.id) throw new PublishError("unknown", "publish.server_error", "Threads answered without a container id");
  return String(made.id);
}

const mediaParams = (m: OutgoingMedia, url: string): Params => (isVideo(m) ? { media_type: "VIDEO", video_url: url, alt_text: alt(m) } : { media_type: "IMAGE", image_url: url, alt_text: alt(m) });

/** The post's container, ready to publish: a carousel's items first, each recorded as it is made. */
function ready(out: Outgoing, a: Account, policy: PollPolicy, deadline: number) {
  const status = statusOf(out, a);
  const text = out.text.trim() || undefined;
  const create = async (): Promise<string> => {
    if (!out.media.length) return createContainer(out, a, { media_type: "TEXT", text });
    if (out.media.length === 1) return createContainer(out, a, { ...mediaParams(out.media[0]!, await out.mediaUrl(out.media[0]!)), text });
    const children: string[] = [];
    for (const [i, m] of out.media.entries()) {
      const url = await out.mediaUrl(m);
      const child = await readyContainer(out, `child${i}`, { status, create: () => createContainer(out, a, { ...mediaParams(m, url), is_carousel_item: true }) }, THREADS_ERRORS, policy, deadline);
      children.push(child.id);
    }
    return createContainer(out, a, { media_type: "CAROUSEL", children: children.join(","), text });
  };
  return readyContainer(out, "container", { status, create }, THREADS_ERRORS, policy, deadline);
}

/** publish → the media id; the quota answer of threads_publish (code 9, the simulator's choice) waits like the read one. */
function publisher(out: Outgoing, a: Account) {
  return async (containerId: string): Promise<string> => {
    try {
      const res = await api<{ id?: string }>(out, a, "POST", `/${a.userId}/threads_publish`, { creation_id: containerId });
      if (!res.id) throw new PublishError("unknown", "publish.server_error", "Threads answered without a media id");
      return String(res.id);
    } catch (err) {
      if (err instanceof GraphError && err.graphCode === 9 && err.graphSubcode === null) throw await quotaReached(out, "Threads", THREADS_QUOTA, 24);
      throw err;
    }
  };
}

/** After a publish whose answer was lost: our post among the account's recent threads (text and time), if only one fits. */
async function findPublished(out: Outgoing, a: Account, since: Date): Promise<string | null> {
  const res = await api<{ data?: Array<{ id: string; text?: string; timestamp?: string }> }>(out, a, "GET", `/${a.userId}/threads`, { fields: "id,text,timestamp", since: Math.floor(since.getTime() / 1000), limit: 25 });
  const text = out.text.trim();
  const candidates = (res.data ?? []).filter((m) => (m.text ?? "").trim() === text && (!m.timestamp || Date.parse(m.timestamp.replace(/\+0000$/, "Z")) >= since.getTime()));
  return candidates.length === 1 ? candidates[0]!.id : null;
}

/**
 * The first comment as a reply to the post, at most once: its container is recorded, and its status says whether an
 * interrupted publish went through (PUBLISHED) or not (FINISHED). The post is out whatever happens here: only a token
 * that stopped working fails the send.
 */
async function reply(out: Outgoing, a: Account, mediaId: string, policy: PollPolicy, deadline: number): Promise<void> {
  if (!out.firstComment?.trim() || out.steps.reply) return;
  try {
    const status = statusOf(out, a);
    const c = await readyContainer(out, "replyContainer", { status, create: () => createContainer(out, a, { media_type: "TEXT", text: out.firstComment!.trim(), reply_to_id: mediaId }) }, THREADS_ERRORS, policy, deadline);
    const id = c.state === "PUBLISHED" ? c.id : await publisher(out, a)(c.id);
    await out.recordStep("reply", id);
  } catch (err) {
    if (err instanceof PublishError && err.kind === "auth") throw err;
  }
}

export function createThreadsAdapter(options: { poll?: PollPolicy } = {}): Adapter {
  const policy = options.poll ?? DEFAULT_POLL;
  return {
    kind: "threads",
    resendSafe: true,
    // Room for the polling budget and the calls around it.
    sendTimeoutMs: policy.budgetMs + 60_000,
    async send(out: Outgoing): Promise<Published> {
      check(out);
      const a: Account = { userId: out.connection.remoteAccountId ?? String(out.config.accountId ?? ""), token: out.secret.accessToken ?? "" };
      if (!a.userId || !a.token) throw new PublishError("auth", "publish.auth", "the connection has no Threads account or token; connect it again");
      const deadline = Date.now() + policy.budgetMs;
      let mediaId = out.steps[MEDIA_STEP];
      if (!mediaId) {
        // The quota is read before anything new is made; a send that resumes has its container already.
        if (!out.steps.container && !out.steps.child0) await checkPublishingQuota(out, `${API}/${a.userId}/threads_publishing_limit`, a.token, "Threads", THREADS_QUOTA);
        const container = await ready(out, a, policy, deadline);
        mediaId = await publishOnce(out, container.id, { publish: publisher(out, a), status: statusOf(out, a), findPublished: (_c, since) => findPublished(out, a, since) });
      }
      await reply(out, a, mediaId, policy, deadline);
      const permalink = await readPermalink(() => api<{ permalink?: string }>(out, a, "GET", `/${mediaId}`, { fields: "permalink" }));
      return { remoteId: mediaId, permalink };
    },
  };
}

export const threadsAdapter = createThreadsAdapter();
