import { checkPostForNetwork, type Network, type VariantOptions } from "@socialplan/schema";
import { findRefusal, type OutboundCode, type OutboundFetch, type OutboundSend } from "../../../lib/outbound.ts";

/** One image or video going out with a post, read from the asset library when an adapter needs the bytes. */
export interface OutgoingMedia {
  assetId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  alt: string;
  width: number | null;
  height: number | null;
  /** A video's length, when its file said (MP4/MOV). */
  durationMs: number | null;
  bytes(): Promise<Buffer>;
}

/** Everything an adapter needs to publish one delivery. */
export interface Outgoing {
  /** The delivery's id: the identity of this (post, channel, occurrence), stable across retries. */
  deliveryId: string;
  postId: string;
  workspaceId: string;
  title: string;
  /** The channel's text, with the post's link (UTM-tagged) as the network will show it. */
  text: string;
  /** The UTM-tagged link (already in `text` where the network shows links in the text). */
  link: string | null;
  media: OutgoingMedia[];
  network: Network;
  channelId: string;
  dueAt: string;
  /** When the delivery was created; a stable time for identities that need one (Bluesky record keys). */
  createdAt: string;
  config: Record<string, unknown>;
  secret: Record<string, string>;
  signal: AbortSignal;
  /** The outbound client (private addresses refused, size and time bounded): adapters fetch only through it. */
  fetch: OutboundFetch;
  /** The same client answering with a plain reply read in full (no WHATWG Response): for a simple call's status and text. */
  send: OutboundSend;
  /**
   * Remote ids an earlier attempt at this delivery recorded (`recordStep`), empty on the first attempt. An adapter
   * whose network takes no idempotency key resumes from them: a container made is polled, not made again; a
   * publish that may have happened is looked up on the account before anything is sent again.
   */
  steps: Record<string, string>;
  /** Records one step's remote id in the delivery; resolves once it is written (before the next step is taken). */
  recordStep(step: string, remoteId: string): Promise<void>;
  /**
   * A URL under APP_URL (or a presigned S3 URL) from which the network can fetch one media item: signed,
   * unguessable and expiring. For APIs that fetch media themselves (Instagram, Threads, Facebook video).
   */
  mediaUrl(item: OutgoingMedia): Promise<string>;
  /** Another image or video of the workspace's library by its id (a YouTube thumbnail in `options`); null when it is gone. */
  asset?(assetId: string): Promise<OutgoingMedia | null>;
  /** The connection this delivery goes out through, for what an adapter learns about it while sending. */
  connection: OutgoingConnection;
  /** `deps.config.networkSimulatorUrl`, for `networkUrl()` / `graph()`: set in tests to send calls to the local simulator. */
  networkSimulatorUrl: string | undefined;
  /** The clock (the app's; tests move it): for markers and holds. */
  now(): Date;
  /** The shape the channel's copy asked for: "feed" (post, carousel, Reel) or "story"; adapters without stories ignore it. */
  format: "feed" | "story";
  /** A comment to add under the post once it is out (Instagram), or null. */
  firstComment: string | null;
  /**
   * The channel's network-specific choices (packages/schema/src/network-options.ts): YouTube title/privacy/tags,
   * Pinterest board and title, TikTok's post settings, a Business Profile post's type, an X thread's further posts.
   * `{}` when the copy set none.
   */
  options: VariantOptions;
}

/** What an adapter may note on its connection while sending. */
export interface OutgoingConnection {
  id: string;
  /** The account's id at the network (Instagram user, Page, Threads user). */
  remoteAccountId: string | null;
  /** The network's rate limit says wait: no delivery of this channel is claimed before `until`. */
  hold(until: Date): Promise<void>;
  /** The publishing quota just read from the network (shown in the calendar when it is close). */
  setQuota(quota: { used: number; limit: number; windowHours: number }): Promise<void>;
}

export interface Published {
  /** The network's id for the post (record URI, post id…). */
  remoteId: string;
  permalink: string | null;
}

/**
 * Why a send did not work, which decides what happens next:
 * - `retry`: it certainly did not happen (refused connection, 429, 503): try again later;
 * - `unknown`: it may have happened (a timeout or 5xx after the request went out);
 * - `rejected`: the network said no to this post (4xx): a person must change something;
 * - `auth`: the account's credentials no longer work: the channel's queue pauses;
 * - `attention`: whether it happened cannot be known (a publish interrupted and not found on the account): a person
 *   decides, nothing is sent again on its own.
 */
export type FailureKind = "retry" | "unknown" | "rejected" | "auth" | "attention";

export class PublishError extends Error {
  constructor(
    readonly kind: FailureKind,
    /** Stable code for translation, e.g. "publish.rate_limited". */
    readonly code: string,
    /** What people see: the status and our words, never the remote answer's body. */
    message: string,
    readonly retryAfterMs: number | null = null,
    /** For the server log only: what the remote answered (truncated), the error behind this one. */
    readonly detail: { body?: string; cause?: unknown } = {},
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
  }
}

/** What decides whether a network's API can publish a post at all: its media's types and the channel's format. */
export interface PostShape {
  media: Array<{ contentType: string }>;
  format: "feed" | "story";
}

export interface Adapter {
  kind: string;
  /**
   * True when sending the same delivery twice cannot create a second post (the network takes our identity: a
   * Bluesky record key, a WordPress slug looked up first; or the adapter resumes from its recorded `steps` and looks
   * up what it cannot know, as the Meta adapters do). Then a send interrupted by a crash is simply repeated;
   * otherwise it needs a person.
   */
  resendSafe: boolean;
  /** Longest time one send may take (the publisher's default otherwise): container flows poll for minutes. */
  sendTimeoutMs?: number;
  send(out: Outgoing): Promise<Published>;
  /**
   * True for a post in a format this network's API does not publish (an Instagram post without an image or video; a
   * Facebook post with photos and a video): it goes out by reminder, as on a channel without a connection.
   */
  byReminder?(post: PostShape): boolean;
  /** Checks credentials with the service before they are stored (throws a PublishError); absent where no check exists. */
  verify?(config: Record<string, unknown>, secret: Record<string, string>, fetch: OutboundFetch, simulator?: string): Promise<void>;
}

/**
 * Maps an HTTP answer that is not a success to the failure it means. The body goes to the server log only: a
 * remote answer is never shown to users (an address inside the network could otherwise be read through it).
 */
export function failureFromStatus(status: number, body: string, retryAfter: string | null): PublishError {
  const message = `HTTP ${status}`;
  const detail = body ? { body: body.slice(0, 500) } : {};
  if (status === 429 || status === 503) return new PublishError("retry", status === 429 ? "publish.rate_limited" : "publish.unavailable", message, parseRetryAfter(retryAfter), detail);
  if (status === 401 || status === 403) return new PublishError("auth", "publish.auth", message, null, detail);
  if (status === 408 || status >= 500) return new PublishError("unknown", "publish.server_error", message, null, detail);
  return new PublishError("rejected", "publish.rejected", message, null, detail);
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** What a delivery comes to when the outbound client refused: a person must change the address (or the setting). */
const REFUSED: Record<OutboundCode, { kind: FailureKind; code: string }> = {
  "outbound.private_address": { kind: "rejected", code: "publish.private_address" },
  "outbound.bad_scheme": { kind: "rejected", code: "publish.bad_address" },
  "outbound.bad_url": { kind: "rejected", code: "publish.bad_address" },
  "outbound.too_many_redirects": { kind: "rejected", code: "publish.too_many_redirects" },
  // The request went out; only the answer was too large to read.
  "outbound.too_large": { kind: "unknown", code: "publish.response_too_large" },
};

/** A fetch failure: refused before anything was sent means "retry"; anything later may have arrived. */
export function failureFromFetch(err: unknown): PublishError {
  const refused = findRefusal(err);
  if (refused) return new PublishError(REFUSED[refused.code].kind, REFUSED[refused.code].code, refused.message, null, { cause: refused });
  // fetch and XRPC wrap the system's error: its code and name are found along `cause`.
  let code = "";
  let aborted = false;
  for (let e = err as { cause?: unknown; code?: unknown; name?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (!code && typeof e.code === "string") code = e.code;
    if (e.name === "TimeoutError" || e.name === "AbortError") aborted = true;
  }
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"].includes(code)) {
    return new PublishError("retry", "publish.unreachable", `${code}: ${(err as Error).message}`);
  }
  if (aborted) return new PublishError("unknown", "publish.timeout", (err as Error).message);
  return new PublishError("unknown", "publish.network", `${code || (err as Error).name}: ${(err as Error).message}`);
}

/**
 * Refuses, before anything is sent, a post that breaks one of `network`'s "error" rules (the shared rules table):
 * the network would refuse it anyway, so it fails at once as something a person must change, never retried.
 * `out.text` already carries the link where the network gets it.
 */
export function refuseBrokenRules(out: Pick<Outgoing, "text" | "media">, network: Network): void {
  const media = out.media.map((m) => ({
    kind: m.contentType.startsWith("video/") ? ("video" as const) : m.contentType.startsWith("image/") ? ("image" as const) : ("document" as const),
    width: m.width,
    height: m.height,
    durationMs: m.durationMs,
    bytes: m.size,
    contentType: m.contentType,
  }));
  const errors = checkPostForNetwork(network, { text: out.text, link: null, media }).filter((v) => v.severity === "error");
  if (!errors.length) return;
  const detail = errors.map((v) => `${v.rule} ${Object.entries(v.params).map(([k, x]) => `${k}=${x}`).join(" ")}`).join("; ");
  throw new PublishError("rejected", "publish.breaks_rules", `Breaks ${network}'s rules: ${detail}`);
}
