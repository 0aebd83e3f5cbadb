import { authorOf } from "../../oauth/flows/linkedin.ts";
import { LINKEDIN_REST, linkedin, restli, type LinkedInCall } from "./linkedin-api.ts";
import { LINKEDIN_POLL, uploadSimple, uploadVideo, waitAvailable, type MediaKind, type WaitPolicy } from "./linkedin-media.ts";
import { PublishError, refuseBrokenRules, type Adapter, type Outgoing, type OutgoingMedia, type Published } from "./types.ts";

/**
 * LinkedIn: a member's own profile and the organization pages they administer, through the versioned Posts API
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api):
 * `POST /rest/posts` with `author` (urn:li:person / urn:li:organization), `commentary` (little text),
 * `visibility: PUBLIC`, `distribution.feedDistribution: MAIN_FEED`, `lifecycleState: PUBLISHED` and, by format,
 * `content.article` (a link), `content.media` (one image, a video, a document), `content.multiImage` (2-20 images,
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api). The new
 * post's URN comes back in the `x-restli-id` header (201). Media go up first through the Images, Videos and
 * Documents APIs (linkedin-media.ts).
 *
 * Never twice: the Posts API takes no idempotency key, so each step's remote id is recorded (`out.recordStep`)
 * before the next: `image{i}`, `video`, `document` (URNs, after their bytes were uploaded), `posting` (the time,
 * before the create call) and `post` (its URN). A send that starts again resumes: recorded media are reused (only
 * uploaded again when LinkedIn says WAITING_UPLOAD); after a `posting` marker without `post`, the author's posts
 * are looked up (`GET /rest/posts?q=author&author=…&sortBy=CREATED`) for the same commentary created since the
 * marker, and only when none is there is the post created again. Looking a member's own posts up needs
 * r_member_social, which LinkedIn grants to approved partners only: when that read is refused, the delivery needs a
 * person ("attention", publish.outcome_unknown), nothing is sent again on its own.
 */

/** "commentary … little text format", reserved characters escaped with a backslash:
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format */
const RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/**
 * The commentary as little text: `#word` hashtags become the hashtag template (`{hashtag|\#|word}`) so they stay
 * hashtags; every other reserved character is escaped so the text reads as written (unescaped, LinkedIn parses or
 * cuts it).
 */
export function littleText(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/(^|[^\p{L}\p{N}_&/])#([\p{L}\p{N}_]+)/gu)) {
    const hashAt = m.index + m[1]!.length;
    out += text.slice(last, hashAt).replace(RESERVED, (c) => `\\${c}`);
    out += `{hashtag|\\#|${m[2]!.replace(RESERVED, (c) => `\\${c}`)}}`;
    last = hashAt + 1 + m[2]!.length;
  }
  return out + text.slice(last).replace(RESERVED, (c) => `\\${c}`);
}

/** Little text as it reads: hashtag templates as `#tag`, escapes undone. */
export const readable = (little: string) => little.replace(/\{hashtag\|\\#\|((?:\\.|[^}\\])+)\}/gu, "#$1").replace(/\\(.)/gu, "$1");

/** Media `altText` up to 4,086 characters (Posts API, MediaContent / MultiImage). */
const ALT_MAX = 4086;
/** Documents LinkedIn takes (Documents API): PDF, PPT, PPTX, DOC, DOCX. */
const DOCUMENT_TYPES = new Set([
  "application/pdf",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
]);
const DOCUMENT_MAX_BYTES = 100 * 1024 * 1024;
const VIDEO_MIN_BYTES = 75 * 1024;
/** How far before our marker a post found on the feed may be stamped (two clocks). Not documented; chosen. */
const CLOCK_MARGIN_MS = 10 * 60_000;

export const POSTING_STEP = "posting";
export const POST_STEP = "post";

const kindOf = (m: OutgoingMedia): MediaKind => (m.contentType.startsWith("video/") ? "video" : DOCUMENT_TYPES.has(m.contentType) ? "document" : "image");
const permalinkOf = (urn: string) => `https://www.linkedin.com/feed/update/${urn}/`;

interface FeedPost {
  id: string;
  commentary?: string;
  createdAt?: number;
  publishedAt?: number;
}

export function createLinkedInAdapter(o: { poll?: WaitPolicy } = {}): Adapter {
  const poll = o.poll ?? LINKEDIN_POLL;

  /** The media's URNs, uploaded once each and AVAILABLE. */
  async function readyMedia(out: Outgoing, call: LinkedInCall, token: string, author: string): Promise<Array<{ urn: string; item: OutgoingMedia; kind: MediaKind }>> {
    const ready: Array<{ urn: string; item: OutgoingMedia; kind: MediaKind }> = [];
    for (const [i, item] of out.media.entries()) {
      const kind = kindOf(item);
      const step = kind === "image" ? `image${i}` : kind;
      let urn = out.steps[step];
      for (let fresh = 0; ; fresh++) {
        if (!urn) {
          urn = kind === "video" ? await uploadVideo(call, token, author, item) : await uploadSimple(call, token, author, kind, item);
          await out.recordStep(step, urn);
        }
        if (await waitAvailable(call, token, kind, urn, poll, out.signal)) break;
        // WAITING_UPLOAD: the bytes never arrived (the process stopped mid-upload). A new upload; the old URN is never posted.
        if (fresh >= 1) throw new PublishError("retry", "publish.media_processing", `${kind} ${urn} is still waiting for its upload`, 60_000);
        urn = undefined;
      }
      ready.push({ urn, item, kind });
    }
    return ready;
  }

  function contentOf(out: Outgoing, media: Array<{ urn: string; item: OutgoingMedia; kind: MediaKind }>): Record<string, unknown> | null {
    const alt = (m: OutgoingMedia) => (m.alt ? { altText: m.alt.slice(0, ALT_MAX) } : {});
    const first = media[0];
    if (!first) {
      if (!out.link) return null;
      let title = out.options.title ?? out.title;
      if (!title) title = new URL(out.link).hostname;
      return { article: { source: out.link, title } };
    }
    if (first.kind === "video") return { media: { id: first.urn, ...(out.options.title ?? out.title ? { title: out.options.title ?? out.title } : {}) } };
    if (first.kind === "document") return { media: { id: first.urn, title: out.options.title ?? (out.title || first.item.name) } };
    if (media.length === 1) return { media: { id: first.urn, ...alt(first.item) } };
    return { multiImage: { images: media.map((m) => ({ id: m.urn, ...alt(m.item) })) } };
  }

  /** A post by `author` with this commentary created since `since`, or null; "attention" where the feed cannot be read. */
  async function findPosted(call: LinkedInCall, token: string, author: string, commentary: string, since: Date): Promise<string | null> {
    let body: { elements?: FeedPost[] };
    try {
      body = (await linkedin<{ elements?: FeedPost[] }>(call, "GET", `${LINKEDIN_REST}/posts?author=${restli(author)}&q=author&count=50&sortBy=CREATED`, { token })).body;
    } catch (err) {
      if (err instanceof PublishError && err.kind === "rejected") {
        throw new PublishError("attention", "publish.outcome_unknown", `a post to ${author} was interrupted and LinkedIn does not let this app read the author's posts to check (${err.message})`, null, err.detail);
      }
      throw err;
    }
    const from = since.getTime() - CLOCK_MARGIN_MS;
    // The same text: as sent, or as LinkedIn may give it back with its escapes resolved (not documented which).
    const hit = (body.elements ?? []).find((p) => p.commentary !== undefined && (p.commentary === commentary || readable(p.commentary) === readable(commentary)) && (p.createdAt ?? p.publishedAt ?? 0) >= from);
    return hit?.id ?? null;
  }

  async function send(out: Outgoing): Promise<Published> {
    const known = out.steps[POST_STEP];
    if (known) return { remoteId: known, permalink: permalinkOf(known) };
    // The shared rules table knows images and video; a document is checked by LinkedIn (Documents API limits).
    refuseBrokenRules({ text: out.text, media: out.media.filter((m) => kindOf(m) !== "document") }, "linkedin");
    const kinds = new Set(out.media.map(kindOf));
    if (kinds.size > 1 || ((kinds.has("video") || kinds.has("document")) && out.media.length > 1)) {
      throw new PublishError("rejected", "publish.linkedin_media_mix", "LinkedIn takes images, one video or one document per post, not a mix");
    }
    for (const m of out.media) {
      // Documents API: up to 100 MB; Videos API: 75 KB at least (the rules table has no lower bound in bytes).
      if (kindOf(m) === "document" && m.size > DOCUMENT_MAX_BYTES) throw new PublishError("rejected", "publish.breaks_rules", `Breaks linkedin's rules: document ${m.name} is over 100 MB`);
      if (kindOf(m) === "video" && m.size < VIDEO_MIN_BYTES) throw new PublishError("rejected", "publish.breaks_rules", `Breaks linkedin's rules: video ${m.name} is under 75 KB`);
    }
    const token = out.secret.accessToken;
    if (!token) throw new PublishError("auth", "publish.auth", "the connection has no access token");
    const author = authorOf({ config: out.config });
    const call: LinkedInCall = { fetch: out.fetch, simulator: out.networkSimulatorUrl, signal: out.signal, now: () => out.now().getTime() };
    const commentary = littleText(out.text);
    const media = await readyMedia(out, call, token, author);
    const marker = out.steps[POSTING_STEP];
    if (marker) {
      const found = await findPosted(call, token, author, commentary, new Date(marker));
      if (found) {
        await out.recordStep(POST_STEP, found);
        return { remoteId: found, permalink: permalinkOf(found) };
      }
    }
    const content = contentOf(out, media);
    const post = {
      author,
      commentary,
      visibility: "PUBLIC",
      distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
      ...(content ? { content } : {}),
      lifecycleState: "PUBLISHED",
      isReshareDisabledByAuthor: false,
    };
    await out.recordStep(POSTING_STEP, out.now().toISOString());
    const res = await linkedin(call, "POST", `${LINKEDIN_REST}/posts`, { token, json: post });
    const urn = res.headers.get("x-restli-id");
    if (!urn) throw new PublishError("unknown", "publish.server_error", `the post was created (HTTP ${res.status}) but no x-restli-id came back`);
    await out.recordStep(POST_STEP, urn);
    return { remoteId: urn, permalink: permalinkOf(urn) };
  }

  return {
    kind: "linkedin",
    resendSafe: true,
    // Video processing is polled for up to 2 minutes per attempt, after an upload of up to 500 MB.
    sendTimeoutMs: 10 * 60_000,
    async send(out) {
      try {
        return await send(out);
      } catch (err) {
        // A daily limit reached: no delivery of this channel goes out before LinkedIn's limits start again.
        if (err instanceof PublishError && err.code === "publish.rate_limited" && err.retryAfterMs) await out.connection.hold(new Date(out.now().getTime() + err.retryAfterMs));
        throw err;
      }
    },
  };
}

export const linkedinAdapter = createLinkedInAdapter();
