import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from "@socialplan/domain";
import { PROVIDERS } from "../../oauth/providers.ts";
import { PublishError, refuseBrokenRules, type Adapter, type Outgoing, type Published } from "./types.ts";
import { XError, xRequest, type XAnswer, type XRequest } from "./x-api.ts";
import { uploadMedia, type Call } from "./x-media.ts";

/**
 * X, through the API v2 with the member's OAuth 2.0 token (flows/x.ts):
 * - `POST /2/tweets` `{ text, media: { media_ids }, reply: { in_reply_to_tweet_id } }` → 201 `{ data: { id, text } }`
 *   (https://docs.x.com/x-api/posts/create-post); images and video first through the media upload (x-media.ts);
 * - a thread: the variant's text is the first post, `options.thread` the ones after it, each a reply to the one
 *   before (https://docs.x.com/x-api/posts/create-post, `reply.in_reply_to_tweet_id`); media go with the first;
 * - each post is counted X's way (twitter-text's weighted length, 280) before anything is sent.
 * Never twice: X takes no idempotency key. Before each create a marker `posting<k>` (the time) is recorded, and the
 * created id as `post<k>`; a send that starts again skips what is recorded, and where only the marker is there it
 * looks the post up among the account's posts since the marker (`GET /2/users/:id/tweets`,
 * https://docs.x.com/x-api/users/get-posts) by its text (and, in a thread, the post it replies to) before creating
 * it. X refuses an exact duplicate with 403 "duplicate content": that counts as "already out" only when the lookup
 * finds the post; otherwise the member must change the text. A plan that may not read (403 client-not-enrolled)
 * cannot look up: an interrupted create then needs a person ("publish.outcome_unknown").
 * Rate limits: 429 → the channel waits until `x-rate-limit-reset` (https://docs.x.com/x-api/fundamentals/rate-limits).
 * Verified only against the simulator built from these pages (test-peers/x).
 */

const API = PROVIDERS.x.graphUrl;
/** How far before the marker the lookup starts, for the two clocks (ours and X's). Not documented; chosen. */
const LOOKUP_MARGIN_MS = 2 * 60_000;
const LOOKUP_PAGES = 3;

interface Tweet {
  id: string;
  text?: string;
  created_at?: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
}

/** A post's text as compared with what X lists: entities decoded, links (X rewrites them to t.co) and spacing dropped. */
export function comparable(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\bhttps?:\/\/\S+/gi, " ")
    .replace(/\s+/g, " ")
    .trim()
    .normalize("NFC");
}

/** The posts to send: the variant's text, then the thread's. Refuses, before anything is sent, what X would refuse. */
function postsOf(out: Outgoing): string[] {
  refuseBrokenRules(out, "x");
  const texts = [out.text, ...(out.options.thread ?? [])];
  if (!out.text.trim() && !out.media.length) throw new PublishError("rejected", "publish.breaks_rules", "Breaks x's rules: a post needs text or media");
  texts.forEach((t, k) => {
    const length = xWeightedLength(t);
    if (length > X_MAX_WEIGHTED_LENGTH) throw new PublishError("rejected", "publish.breaks_rules", `Breaks x's rules: too_long post=${k + 1} length=${length} max=${X_MAX_WEIGHTED_LENGTH}`);
    if (k > 0 && !t.trim()) throw new PublishError("rejected", "publish.breaks_rules", `Breaks x's rules: post ${k + 1} of the thread is empty`);
  });
  return texts;
}

interface Account {
  userId: string;
  username: string | null;
  call: Call;
}

/** Calls with the connection's token; a 429 holds the whole channel until X's reset time. */
function caller(out: Outgoing, token: string): Call {
  return async <T>(req: XRequest): Promise<XAnswer<T>> => {
    try {
      return await xRequest<T>({ fetch: out.fetch, simulator: out.networkSimulatorUrl, signal: out.signal }, { ...req, token }, () => out.now());
    } catch (err) {
      if (err instanceof XError && err.code === "publish.rate_limited" && err.retryAfterMs) await out.connection.hold(new Date(out.now().getTime() + err.retryAfterMs));
      throw err;
    }
  };
}

/** Our post `k` among the account's posts since `since`, if exactly one fits; null when none does. */
async function lookup(out: Outgoing, a: Account, text: string, replyTo: string | null, since: Date): Promise<string | null> {
  const want = comparable(text);
  const found: string[] = [];
  let next: string | undefined;
  try {
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const { body } = await a.call<{ data?: Tweet[]; meta?: { next_token?: string } }>({
        method: "GET",
        url: `${API}/users/${a.userId}/tweets`,
        query: { start_time: since.toISOString(), max_results: 100, "tweet.fields": "created_at,text,referenced_tweets", pagination_token: next },
        token: null,
      });
      for (const t of body.data ?? []) {
        const own = comparable((t.text ?? "").replace(/^(@\w+\s+)+/, ""));
        const replied = t.referenced_tweets?.find((r) => r.type === "replied_to")?.id ?? null;
        if (own === want && replied === replyTo) found.push(t.id);
      }
      next = body.meta?.next_token;
      if (!next) break;
    }
  } catch (err) {
    if (err instanceof PublishError && err.code === "publish.x_tier") {
      throw new PublishError("attention", "publish.outcome_unknown", "publishing to X was interrupted, and the X API plan does not allow reading the account's posts to check", null, { cause: err });
    }
    throw err;
  }
  if (found.length > 1) throw new PublishError("attention", "publish.outcome_unknown", `publishing to X was interrupted, and ${found.length} posts with the same text were found`);
  return found[0] ?? null;
}

/** Post `k` (a reply to `replyTo` in a thread), at most once. */
async function postOnce(out: Outgoing, a: Account, k: number, text: string, replyTo: string | null, mediaIds: string[]): Promise<string> {
  const known = out.steps[`post${k}`];
  if (known) return known;
  const marker = out.steps[`posting${k}`];
  const since = new Date((marker ? Date.parse(marker) : out.now().getTime()) - LOOKUP_MARGIN_MS);
  if (marker) {
    const found = await lookup(out, a, text, replyTo, since);
    if (found) {
      await out.recordStep(`post${k}`, found);
      return found;
    }
  } else {
    await out.recordStep(`posting${k}`, out.now().toISOString());
  }
  const body: Record<string, unknown> = {};
  if (text.trim()) body.text = text;
  if (mediaIds.length) body.media = { media_ids: mediaIds };
  if (replyTo) body.reply = { in_reply_to_tweet_id: replyTo };
  let id: string | undefined;
  try {
    const made = await a.call<{ data?: { id?: string } }>({ method: "POST", url: `${API}/tweets`, body: { json: body }, token: null });
    id = made.body.data?.id;
    if (!id) throw new PublishError("unknown", "publish.server_error", "X answered without the post's id");
  } catch (err) {
    if (!(err instanceof XError && err.duplicate)) throw err;
    const found = await lookup(out, a, text, replyTo, since);
    if (!found) throw err;
    id = found;
  }
  await out.recordStep(`post${k}`, id);
  return id;
}

export function createXAdapter(): Adapter {
  return {
    kind: "x",
    resendSafe: true,
    // A video may take minutes to upload and process.
    sendTimeoutMs: 10 * 60_000,
    async send(out: Outgoing): Promise<Published> {
      const texts = postsOf(out);
      const token = out.secret.accessToken ?? "";
      const userId = out.connection.remoteAccountId ?? String(out.config.accountId ?? "");
      if (!userId || !token) throw new PublishError("auth", "publish.auth", "the connection has no X account or token; connect it again");
      const a: Account = { userId, username: typeof out.config.username === "string" ? out.config.username : null, call: caller(out, token) };
      const mediaIds = out.media.length && !out.steps.post0 ? await uploadMedia(out, a.call) : [];
      const ids: string[] = [];
      for (const [k, text] of texts.entries()) ids.push(await postOnce(out, a, k, text, k ? ids[k - 1]! : null, k ? [] : mediaIds));
      const first = ids[0]!;
      return { remoteId: first, permalink: `https://x.com/${a.username ?? "i"}/status/${first}` };
    },
  };
}

export const xAdapter = createXAdapter();
