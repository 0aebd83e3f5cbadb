/**
 * A contract simulator of the X API v2 parts Socialplan uses, on the simulator kit (test-peers/sim-kit): OAuth 2.0
 * with PKCE (authorize, token, refresh with rotation, revoke), `/2/users/me`, `/2/tweets` (create, delete, lookup),
 * `/2/users/:id/tweets`, the v2 media upload (simple image upload; chunked initialize / append / finalize / STATUS
 * with processing states, failures included), media metadata (alt text), rate limits with X's headers, the
 * duplicate-content refusal, and the API plan ("tier") the developer app is on. Each rule cites the docs.x.com page
 * it comes from; where the pages are silent the comment says "not documented; chosen: …".
 *
 * `registerX(sim)` plugs it into a kit (several networks can share one); `startXSimulator()` starts a kit of its own.
 */
import crypto from "node:crypto";
import twitterText from "twitter-text";
import { reply, SimError, startSimKit } from "../sim-kit/index.mjs";

const API = "api.x.com";
const MB = 1024 * 1024;
const MIN = 60_000;

/**
 * "access token … will only stay valid for two hours"; offline.access issues a refresh token
 * (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code). The refresh token's lifetime is not
 * documented; chosen: none. Each refresh answers with a new refresh token and the old one stops working — rotation:
 * not spelled out on the page; chosen as X behaves for integrators (the old refresh token is refused).
 */
export const ACCESS_TTL_MS = 2 * 3600_000;

/** Scopes per endpoint, from each endpoint page's "OAuth 2.0 scopes required" (docs.x.com/x-api/...). */
const SCOPES = {
  me: ["tweet.read", "users.read"], // https://docs.x.com/x-api/users/get-my-user
  create: ["tweet.read", "tweet.write", "users.read"], // https://docs.x.com/x-api/posts/create-post
  delete: ["tweet.read", "tweet.write", "users.read"], // https://docs.x.com/x-api/posts/delete-post
  read: ["tweet.read", "users.read"], // https://docs.x.com/x-api/posts/get-post-by-id, https://docs.x.com/x-api/users/get-posts
  media: ["media.write"], // https://docs.x.com/x-api/media/upload-media
};

/**
 * Rate limits: 15-minute windows per user and endpoint, told in `x-rate-limit-limit`, `x-rate-limit-remaining` and
 * `x-rate-limit-reset` (UTC epoch seconds); over the limit: 429 (https://docs.x.com/x-api/fundamentals/rate-limits).
 * The per-plan numbers on that page change; chosen for the simulator: the values below (a test exhausts a window
 * with `exhaust`).
 */
export const LIMITS = { "POST /2/tweets": 100, "DELETE /2/tweets": 50, "GET /2/tweets": 900, "GET /2/users/tweets": 900, "GET /2/users/me": 75, "POST /2/media": 500, "GET /2/media": 1000 };
const WINDOW_MS = 15 * MIN;

/** Media limits (https://docs.x.com/x-api/media/quickstart/best-practices, "Size and duration limits"). */
const IMAGE_MAX = 5 * MB;
const GIF_MAX = 15 * MB;
const VIDEO_MAX = 8 * 1024 * MB;
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"];
/** `segment_index`: "Required range: 0 <= x <= 999" (https://docs.x.com/x-api/media/media-upload-append). */
const MAX_SEGMENT = 999;
/** Alt text: at most 1,000 characters (https://docs.x.com/x-api/media/create-media-metadata). */
const ALT_MAX = 1000;

/**
 * X's error bodies: RFC 7807 problems `{ title, detail, type, status }`
 * (https://docs.x.com/x-api/fundamentals/response-codes-and-errors).
 * @param {number} status @param {string} title @param {string} detail @param {Record<string, unknown>} [extra] @param {Record<string, string>} [headers]
 */
export const problem = (status, title, detail, extra = {}, headers = {}) => new SimError(status, { title, detail, type: "about:blank", status, ...extra }, headers);
/** A request error (400) with the `errors` list X answers for invalid parameters. @param {string} message */
const invalid = (message) => new SimError(400, { errors: [{ parameters: {}, message }], title: "Invalid Request", detail: "One or more parameters to your request was invalid.", type: "https://api.twitter.com/2/problems/invalid-request" });

/**
 * A plan without the endpoint, or an app outside a Project: 403 `client-not-enrolled`
 * (https://docs.x.com/x-api/fundamentals/response-codes-and-errors, "client-not-enrolled").
 */
const notEnrolled = () =>
  new SimError(403, {
    client_id: "sim",
    detail: "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.",
    registration_url: "https://developer.x.com/en/docs/projects/overview",
    title: "Client Forbidden",
    required_enrollment: "Appropriate Level of API Access",
    reason: "client-not-enrolled",
    type: "https://api.twitter.com/2/problems/client-forbidden",
  });

const snowflake = () => String(crypto.randomInt(1e9, 1e10)) + String(crypto.randomInt(1e8, 1e9));
const tco = () => `https://t.co/${crypto.randomBytes(8).toString("base64url").slice(0, 10)}`;

/**
 * @typedef {{ id: string, authorId: string, text: string, sentText: string, createdAt: number, mediaIds: string[], replyTo: string | null, deleted: boolean,
 *   metrics: { retweet_count: number, reply_count: number, like_count: number, quote_count: number, bookmark_count: number, impression_count: number } }} Tweet
 * @typedef {{ id: string, ownerId: string, kind: "image" | "gif" | "video", mediaType: string, category: string, totalBytes: number, segments: Map<number, Buffer>,
 *   state: "uploading" | "pending" | "in_progress" | "succeeded" | "failed", checksLeft: number, fail: boolean, expiresAt: number, alt: string | null }} Media
 * @typedef {{ id: string, name: string, username: string, followers: number }} XUser
 * @typedef {{ step: string, after: boolean, match?: (ctx: import("../sim-kit/index.d.mts").Ctx) => boolean, hit: number, release: () => void, wait: Promise<void>, abandoned: boolean }} Hang
 */

/**
 * Registers X on a simulator kit.
 * @param {import("../sim-kit/index.d.mts").SimKit} sim
 */
export function registerX(sim) {
  const oauth = sim.oauth2({
    name: "X",
    // https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token: authorize at x.com/i/oauth2/authorize,
    // token and revoke at api.x.com/2/oauth2/…; confidential clients authenticate with HTTP Basic; PKCE is part of the flow.
    authorize: { host: "x.com", path: "/i/oauth2/authorize" },
    token: { host: API, path: "/2/oauth2/token" },
    revoke: { host: API, path: "/2/oauth2/revoke" },
    clientAuth: "basic",
    pkce: "required",
    scopeSeparator: " ",
    accessTtlMs: ACCESS_TTL_MS,
    refreshTtlMs: null,
    rotateRefresh: true,
    // The token answer (user-access-token page, step 3): token_type, expires_in, access_token, scope, refresh_token
    // (only with offline.access).
    tokenBody: (token) => ({
      token_type: "bearer",
      expires_in: token.accessExpiresAt === null ? undefined : Math.round((token.accessExpiresAt - sim.now()) / 1000),
      access_token: token.access,
      scope: token.scopes.join(" "),
      ...(token.refresh && token.scopes.includes("offline.access") ? { refresh_token: token.refresh } : {}),
    }),
    unauthorized: () => problem(401, "Unauthorized", "Unauthorized"),
    forbidden: (_ctx, missing) => problem(403, "Forbidden", `Missing scopes: ${missing.join(", ")}`),
  });

  /** @type {Map<string, XUser>} */
  const users = new Map();
  /** @type {Map<string, Tweet>} */
  const tweets = new Map();
  /** @type {Map<string, Media>} */
  const media = new Map();
  /** @type {Map<string, { used: number, resetAt: number, limit: number }>} */
  const windows = new Map();
  /** @type {Hang[]} */
  const hangs = [];
  const state = {
    /** "free": reads answer 403 client-not-enrolled; "basic": reads allowed (https://docs.x.com/x-api/getting-started/about-x-api). */
    tier: /** @type {"free" | "basic"} */ ("basic"),
    /** The next video uploads: how many STATUS reads stay pending/in_progress, and whether processing then fails. */
    processing: { checks: 1, fail: false },
    /** Creates performed (each POST /2/tweets that made a post), for duplicate counting in tests. */
    created: /** @type {Tweet[]} */ ([]),
  };

  /**
   * Counts a call in its rate window and sets X's headers; over the limit → 429 "Too Many Requests".
   * @param {import("../sim-kit/index.d.mts").Ctx} ctx @param {string} endpoint @param {string} userId
   */
  const limit = (ctx, endpoint, userId) => {
    const key = `${endpoint} ${userId}`;
    let w = windows.get(key);
    if (!w || w.resetAt <= sim.now()) {
      w = { used: 0, resetAt: sim.now() + WINDOW_MS, limit: LIMITS[/** @type {keyof typeof LIMITS} */ (endpoint)] ?? 100 };
      windows.set(key, w);
    }
    const headers = { "x-rate-limit-limit": String(w.limit), "x-rate-limit-remaining": String(Math.max(0, w.limit - w.used - 1)), "x-rate-limit-reset": String(Math.ceil(w.resetAt / 1000)) };
    if (w.used >= w.limit) throw problem(429, "Too Many Requests", "Too Many Requests", {}, { ...headers, "x-rate-limit-remaining": "0" });
    w.used += 1;
    Object.assign(ctx.responseHeaders, headers);
  };

  /** @param {import("../sim-kit/index.d.mts").Ctx} ctx @param {string[]} scopes */
  const auth = (ctx, scopes) => {
    const token = oauth.authenticate(ctx, { scopes });
    const user = users.get(token.userId);
    if (!user) throw problem(401, "Unauthorized", "Unauthorized");
    return user;
  };

  /** Holds the request when a test asked for it (before or after the step ran), until released. @param {string} step @param {boolean} after @param {import("../sim-kit/index.d.mts").Ctx} ctx */
  const hold = async (step, after, ctx) => {
    const h = hangs.find((x) => x.step === step && x.after === after && x.hit === 0 && (!x.match || x.match(ctx)));
    if (!h) return;
    h.hit += 1;
    await h.wait;
    // A request held before its step whose client is gone (the worker was killed) never reaches the step.
    if (!after && h.abandoned) throw problem(503, "Service Unavailable", "The request was abandoned");
  };
  /** Runs a step's handler with the holds around it. @param {string} step @param {(ctx: import("../sim-kit/index.d.mts").Ctx) => unknown} fn */
  const step = (step, fn) => async (/** @type {import("../sim-kit/index.d.mts").Ctx} */ ctx) => {
    await hold(step, false, ctx);
    const answer = await fn(ctx);
    await hold(step, true, ctx);
    return answer;
  };

  /** @param {XUser} user @param {string} id */
  const ownMedia = (user, id) => {
    const m = media.get(id);
    if (!m || m.ownerId !== user.id) throw invalid(`The media ${id} was not found.`);
    if (m.expiresAt <= sim.now()) throw invalid(`The media ${id} has expired.`);
    return m;
  };

  const mediaAnswer = (/** @type {Media} */ m) => {
    const size = [...m.segments.values()].reduce((n, b) => n + b.length, 0);
    /** @type {Record<string, unknown>} */
    const data = { id: m.id, media_key: `${m.kind === "image" ? 3 : m.kind === "gif" ? 16 : 7}_${m.id}`, size, expires_after_secs: Math.max(0, Math.round((m.expiresAt - sim.now()) / 1000)) };
    if (m.state === "pending" || m.state === "in_progress") data.processing_info = { state: m.state, check_after_secs: 1, ...(m.state === "in_progress" ? { progress_percent: 50 } : {}) };
    if (m.state === "failed") data.processing_info = { state: "failed", progress_percent: 100, error: { code: 1, name: "InvalidMedia", message: "Unsupported video format" } };
    if (m.state === "succeeded" && m.kind !== "image") data.processing_info = { state: "succeeded", progress_percent: 100 };
    return { data };
  };

  // GET /2/users/me (https://docs.x.com/x-api/users/get-my-user): user.fields selects profile_image_url, public_metrics.
  // Available on every plan, Free included (about-x-api, the Free plan's endpoints).
  sim.route(API, "GET", "/2/users/me", (ctx) => {
    const user = auth(ctx, SCOPES.me);
    limit(ctx, "GET /2/users/me", user.id);
    const fields = (ctx.query.get("user.fields") ?? "").split(",");
    return {
      data: {
        id: user.id,
        name: user.name,
        username: user.username,
        ...(fields.includes("profile_image_url") ? { profile_image_url: `https://pbs.twimg.com/profile_images/${user.id}/normal.jpg` } : {}),
        ...(fields.includes("public_metrics") ? { public_metrics: { followers_count: user.followers, following_count: 12, tweet_count: [...tweets.values()].filter((t) => t.authorId === user.id && !t.deleted).length, listed_count: 0 } } : {}),
      },
    };
  });

  // Simple upload of an image (https://docs.x.com/x-api/media/upload-media): multipart `media`, `media_category`.
  sim.route(API, "POST", "/2/media/upload", step("upload", async (ctx) => {
    const user = auth(ctx, SCOPES.media);
    limit(ctx, "POST /2/media", user.id);
    const form = await ctx.formData();
    const file = form.get("media");
    if (!(file instanceof Blob)) throw invalid("The `media` field is required.");
    const category = String(form.get("media_category") ?? "tweet_image");
    const type = String(form.get("media_type") ?? file.type);
    // Videos and GIFs go through the chunked upload ("Use the chunked upload flow for all videos", best practices).
    if (category !== "tweet_image" || !IMAGE_TYPES.includes(type)) throw invalid(`media_category ${category} with ${type} needs the chunked upload.`);
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.length > IMAGE_MAX) throw invalid("File size exceeds 5242880 bytes.");
    const id = snowflake();
    /** @type {Media} */
    const m = { id, ownerId: user.id, kind: "image", mediaType: type, category, totalBytes: bytes.length, segments: new Map([[0, bytes]]), state: "succeeded", checksLeft: 0, fail: false, expiresAt: sim.now() + 86_400_000, alt: null };
    media.set(id, m);
    return mediaAnswer(m);
  }));

  // Legacy STATUS read (https://docs.x.com/x-api/media/quickstart/media-upload-chunked, step 4):
  // GET /2/media/upload?command=STATUS&media_id=… → processing_info; each read moves processing on.
  sim.route(API, "GET", "/2/media/upload", step("status", (ctx) => {
    const user = auth(ctx, SCOPES.media);
    limit(ctx, "GET /2/media", user.id);
    if (ctx.query.get("command") !== "STATUS") throw invalid("command must be STATUS");
    const m = ownMedia(user, ctx.query.get("media_id") ?? "");
    if (m.state === "pending" || m.state === "in_progress") {
      if (m.checksLeft > 0) {
        m.checksLeft -= 1;
        m.state = "in_progress";
      } else m.state = m.fail ? "failed" : "succeeded";
    }
    return mediaAnswer(m);
  }));

  // POST /2/media/upload/initialize (https://docs.x.com/x-api/media/initialize-media-upload): JSON media_type, total_bytes, media_category.
  sim.route(API, "POST", "/2/media/upload/initialize", step("initialize", (ctx) => {
    const user = auth(ctx, SCOPES.media);
    limit(ctx, "POST /2/media", user.id);
    const body = ctx.json() ?? {};
    const type = String(body.media_type ?? "");
    const category = String(body.media_category ?? "");
    const total = Number(body.total_bytes);
    if (!Number.isInteger(total) || total <= 0) throw invalid("total_bytes must be a positive integer.");
    const kind = type.startsWith("video/") ? "video" : type === "image/gif" ? "gif" : "image";
    if (kind === "video" && !["tweet_video", "amplify_video"].includes(category)) throw invalid(`media_category ${category} is not for a Post video.`);
    if (kind === "gif" && category !== "tweet_gif") throw invalid(`media_category ${category} is not for a Post GIF.`);
    if (total > (kind === "video" ? VIDEO_MAX : kind === "gif" ? GIF_MAX : IMAGE_MAX)) throw invalid("total_bytes exceeds the limit for this media category.");
    const id = snowflake();
    // expires_after_secs 1295999 in the chunked quickstart's INIT answer.
    media.set(id, { id, ownerId: user.id, kind, mediaType: type, category, totalBytes: total, segments: new Map(), state: "uploading", checksLeft: state.processing.checks, fail: state.processing.fail, expiresAt: sim.now() + 1_295_999_000, alt: null });
    return { data: { id, media_key: `${kind === "video" ? 7 : 16}_${id}`, expires_after_secs: 1_295_999 } };
  }));

  // POST /2/media/upload/:id/append (https://docs.x.com/x-api/media/media-upload-append): multipart media + segment_index 0–999.
  sim.route(API, "POST", "/2/media/upload/:id/append", step("append", async (ctx) => {
    const user = auth(ctx, SCOPES.media);
    limit(ctx, "POST /2/media", user.id);
    const m = ownMedia(user, ctx.params.id);
    if (m.state !== "uploading") throw invalid("The upload is already finalized.");
    const form = await ctx.formData();
    const index = Number(form.get("segment_index"));
    const file = form.get("media");
    if (!Number.isInteger(index) || index < 0 || index > MAX_SEGMENT) throw invalid("segment_index must be between 0 and 999.");
    if (!(file instanceof Blob)) throw invalid("The `media` field is required.");
    m.segments.set(index, Buffer.from(await file.arrayBuffer()));
    return { data: { expires_at: Math.round(m.expiresAt / 1000) } };
  }));

  // POST /2/media/upload/:id/finalize (https://docs.x.com/x-api/media/finalize-media-upload): the bytes must add up to
  // total_bytes (not documented in words; chosen: 400); video and GIF answer processing_info (async finalize).
  sim.route(API, "POST", "/2/media/upload/:id/finalize", step("finalize", (ctx) => {
    const user = auth(ctx, SCOPES.media);
    limit(ctx, "POST /2/media", user.id);
    const m = ownMedia(user, ctx.params.id);
    if (m.state === "uploading") {
      const size = [...m.segments.values()].reduce((n, b) => n + b.length, 0);
      if (size !== m.totalBytes) throw invalid(`File size mismatch: ${size} bytes appended, ${m.totalBytes} declared.`);
      m.state = m.kind === "image" ? "succeeded" : "pending";
    }
    return mediaAnswer(m);
  }));

  // POST /2/media/metadata (https://docs.x.com/x-api/media/create-media-metadata): alt_text.text up to 1,000 characters.
  sim.route(API, "POST", "/2/media/metadata", step("metadata", (ctx) => {
    const user = auth(ctx, SCOPES.media);
    limit(ctx, "POST /2/media", user.id);
    const body = ctx.json() ?? {};
    const m = ownMedia(user, String(body.id ?? ""));
    const text = body.metadata?.alt_text?.text;
    if (typeof text !== "string" || [...text].length > ALT_MAX) throw invalid("alt_text.text must be a string of at most 1000 characters.");
    m.alt = text;
    return { data: { id: m.id, associated_metadata: { alt_text: { text } } } };
  }));

  /** @param {Tweet} t @param {string[]} fields @param {XUser | undefined} author */
  const tweetJson = (t, fields) => ({
    id: t.id,
    text: t.text,
    edit_history_tweet_ids: [t.id],
    ...(fields.includes("created_at") ? { created_at: new Date(t.createdAt).toISOString() } : {}),
    ...(fields.includes("public_metrics") ? { public_metrics: { ...t.metrics } } : {}),
    ...(fields.includes("referenced_tweets") && t.replyTo ? { referenced_tweets: [{ type: "replied_to", id: t.replyTo }] } : {}),
    ...(fields.includes("author_id") ? { author_id: t.authorId } : {}),
  });

  // POST /2/tweets (https://docs.x.com/x-api/posts/create-post): text, media.media_ids, reply.in_reply_to_tweet_id → 201.
  sim.route(API, "POST", "/2/tweets", step("create", (ctx) => {
    const user = auth(ctx, SCOPES.create);
    limit(ctx, "POST /2/tweets", user.id);
    const body = ctx.json();
    if (!body || typeof body !== "object") throw invalid("The request body must be JSON.");
    const text = typeof body.text === "string" ? body.text : "";
    const ids = Array.isArray(body.media?.media_ids) ? body.media.media_ids.map(String) : [];
    if (!text && !ids.length) throw invalid("A Post needs text or media.");
    // 280 weighted characters, counted as twitter-text does (https://docs.x.com/fundamentals/counting-characters).
    if (text && twitterText.parseTweet(text).weightedLength > 280) throw problem(400, "Invalid Request", "Your Tweet text is too long.");
    // "up to 4 photos, 1 animated GIF or 1 video in a Post" (media best practices).
    const items = ids.map((id) => ownMedia(user, id));
    if (items.length > 4 || (items.some((m) => m.kind !== "image") && items.length > 1)) throw invalid("Your media IDs are invalid: up to 4 photos, 1 animated GIF or 1 video.");
    if (items.some((m) => m.state !== "succeeded")) throw invalid("Your media IDs are invalid: the media is not ready (processing or failed).");
    const replyTo = body.reply?.in_reply_to_tweet_id ? String(body.reply.in_reply_to_tweet_id) : null;
    if (replyTo && (!tweets.has(replyTo) || tweets.get(replyTo)?.deleted)) throw problem(400, "Invalid Request", "The Post you are replying to does not exist or has been deleted.");
    // X refuses an exact duplicate of the user's own Post: 403 "You are not allowed to create a Tweet with duplicate
    // content." (response-codes-and-errors, 403). How far back: not documented; chosen: the last 24 hours, posts with text.
    if (text && [...tweets.values()].some((t) => t.authorId === user.id && !t.deleted && t.sentText === text && t.createdAt > sim.now() - 86_400_000)) {
      throw problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.");
    }
    const id = snowflake();
    // Links are shortened with t.co and a Post with media ends with the media's t.co link
    // (https://help.x.com/en/using-x/url-shortener): what the API lists back is that text.
    const shown = text.replace(/\bhttps?:\/\/\S+/gi, () => tco()) + (items.length ? `${text ? " " : ""}${tco()}` : "");
    /** @type {Tweet} */
    const tweet = { id, authorId: user.id, text: shown, sentText: text, createdAt: sim.now(), mediaIds: ids, replyTo, deleted: false, metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0, bookmark_count: 0, impression_count: 0 } };
    tweets.set(id, tweet);
    state.created.push(tweet);
    if (replyTo) tweets.get(replyTo).metrics.reply_count += 1;
    return reply(201, { data: { id, text: shown, edit_history_tweet_ids: [id] } });
  }));

  // DELETE /2/tweets/:id (https://docs.x.com/x-api/posts/delete-post).
  sim.route(API, "DELETE", "/2/tweets/:id", (ctx) => {
    const user = auth(ctx, SCOPES.delete);
    limit(ctx, "DELETE /2/tweets", user.id);
    const t = tweets.get(ctx.params.id);
    if (!t || t.authorId !== user.id) throw problem(403, "Forbidden", "You are not allowed to delete this Tweet.");
    t.deleted = true;
    return { data: { deleted: true } };
  });

  /** Reads need a plan that has them. */
  const readable = () => {
    if (state.tier === "free") throw notEnrolled();
  };

  // GET /2/tweets/:id (https://docs.x.com/x-api/posts/get-post-by-id): a missing Post answers 200 with `errors`.
  sim.route(API, "GET", "/2/tweets/:id", (ctx) => {
    const user = auth(ctx, SCOPES.read);
    readable();
    limit(ctx, "GET /2/tweets", user.id);
    const t = tweets.get(ctx.params.id);
    const fields = (ctx.query.get("tweet.fields") ?? "").split(",");
    if (!t || t.deleted) return { errors: [{ value: ctx.params.id, detail: `Could not find tweet with id: [${ctx.params.id}].`, title: "Not Found Error", resource_type: "tweet", parameter: "id", resource_id: ctx.params.id, type: "https://api.twitter.com/2/problems/resource-not-found" }] };
    return { data: tweetJson(t, fields) };
  });

  // GET /2/users/:id/tweets (https://docs.x.com/x-api/users/get-posts): newest first, start_time, max_results 5–100,
  // pagination_token / meta.next_token, exclude=retweets,replies.
  sim.route(API, "GET", "/2/users/:id/tweets", (ctx) => {
    const user = auth(ctx, SCOPES.read);
    readable();
    limit(ctx, "GET /2/users/tweets", user.id);
    const max = Number(ctx.query.get("max_results") ?? 10);
    if (!Number.isInteger(max) || max < 5 || max > 100) throw invalid("max_results must be between 5 and 100.");
    const start = ctx.query.get("start_time") ? Date.parse(String(ctx.query.get("start_time"))) : 0;
    const exclude = (ctx.query.get("exclude") ?? "").split(",");
    const fields = (ctx.query.get("tweet.fields") ?? "").split(",");
    const all = [...tweets.values()]
      .filter((t) => t.authorId === ctx.params.id && !t.deleted && t.createdAt >= start && !(exclude.includes("replies") && t.replyTo))
      .sort((a, b) => b.createdAt - a.createdAt || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const from = Number(ctx.query.get("pagination_token") ?? 0) || 0;
    const page = all.slice(from, from + max);
    const meta = { result_count: page.length, ...(page.length ? { newest_id: page[0].id, oldest_id: page[page.length - 1].id } : {}), ...(from + max < all.length ? { next_token: String(from + max) } : {}) };
    return page.length ? { data: page.map((t) => tweetJson(t, fields)), meta } : { meta };
  });

  const control = {
    oauth,
    state,
    tweets,
    media,
    /** An X user the consent page can sign in as. @param {{ id?: string, name: string, username: string, followers?: number }} u */
    addUser(u) {
      const user = { id: u.id ?? snowflake(), name: u.name, username: u.username, followers: u.followers ?? 0 };
      users.set(user.id, user);
      oauth.addUser({ id: user.id, name: user.name });
      return user;
    },
    /** The user's Posts (not deleted), oldest first. @param {string} userId */
    postsOf: (userId) => [...tweets.values()].filter((t) => t.authorId === userId && !t.deleted).sort((a, b) => a.createdAt - b.createdAt),
    /** @param {"free" | "basic"} tier */
    setTier(tier) {
      state.tier = tier;
    },
    /** @param {string} id @param {Partial<Tweet["metrics"]>} m */
    setMetrics(id, m) {
      Object.assign(/** @type {Tweet} */ (tweets.get(id)).metrics, m);
    },
    /** @param {string} userId @param {number} n */
    setFollowers(userId, n) {
      /** @type {XUser} */ (users.get(userId)).followers = n;
    },
    /** Uses up a window: the next call of `endpoint` by the user answers 429 until `resetAt` (ms). @param {keyof typeof LIMITS} endpoint @param {string} userId @param {number} resetAt */
    exhaust(endpoint, userId, resetAt) {
      windows.set(`${endpoint} ${userId}`, { used: LIMITS[endpoint], resetAt, limit: LIMITS[endpoint] });
    },
    /** How the next videos process: `checks` STATUS reads in progress, then succeeded (or failed). @param {{ checks?: number, fail?: boolean }} p */
    setProcessing(p) {
      Object.assign(state.processing, p);
    },
    /**
     * Holds the next request of a step ("upload", "initialize", "append", "finalize", "status", "metadata", "create")
     * before or after it ran, until `release()`; `reached()` says whether a request got there.
     * @param {string} stepName @param {{ after?: boolean, match?: (ctx: import("../sim-kit/index.d.mts").Ctx) => boolean }} [opts]
     */
    hang(stepName, opts = {}) {
      /** @type {() => void} */
      let release = () => {};
      const wait = new Promise((r) => (release = () => r(undefined)));
      /** @type {Hang} */
      const h = { step: stepName, after: opts.after ?? false, match: opts.match, hit: 0, release, wait, abandoned: false };
      hangs.push(h);
      return { release: () => h.release(), reached: () => h.hit > 0 };
    },
    /** Lets every held request go; those held before their step are abandoned (their client was killed): the step never runs. */
    releaseAll() {
      for (const h of hangs) {
        h.abandoned = true;
        h.release();
      }
      hangs.length = 0;
    },
  };
  return control;
}

/** A kit of its own with X registered. */
export async function startXSimulator() {
  const sim = await startSimKit();
  return { sim, x: registerX(sim) };
}
