/**
 * A contract simulator of the TikTok APIs Socialplan uses, on the simulator kit (test-peers/sim-kit): Login Kit for
 * Web (OAuth), user info, the Content Posting API (creator info, Direct Post and inbox video init with chunked
 * FILE_UPLOAD, photo posts pulled from URLs, post status) and the Display API's video list and query. Each rule and
 * error cites the developers.tiktok.com page it comes from; where the pages are silent: "not documented; chosen".
 *
 * `registerTikTok(sim)` plugs it into a kit (several networks can share one); `startTikTokSimulator()` starts a
 * kit of its own.
 */
import crypto from "node:crypto";
import { reply, SimError, startSimKit } from "../sim-kit/index.mjs";

const API = "open.tiktokapis.com";
const UPLOAD = "open-upload.tiktokapis.com";
const WWW = "www.tiktok.com";
const MB = 1024 * 1024;
const MIN = 60_000;
const DAY = 86_400_000;

/** "access_token … expires_in 86400" and "refresh_token … valid for 365 days" (https://developers.tiktok.com/doc/oauth-user-access-token-management). */
const ACCESS_TTL = DAY;
const REFRESH_TTL = 365 * DAY;

/**
 * Per-token rate limits, each "per minute" on its reference page: video init and inbox init 6
 * (content-posting-api-reference-direct-post, …-upload-video), creator info 20 (…-query-creator-info), status 30
 * (…-get-video-status). Photo init: not documented; chosen 6 like video init. Display API: 600 per minute
 * (https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit).
 */
export const RATE_LIMITS = {
  "/v2/post/publish/video/init/": 6,
  "/v2/post/publish/inbox/video/init/": 6,
  "/v2/post/publish/content/init/": 6,
  "/v2/post/publish/creator_info/query/": 20,
  "/v2/post/publish/status/fetch/": 30,
  "/v2/video/list/": 600,
  "/v2/video/query/": 600,
  "/v2/user/info/": 600,
};

/** "Unaudited API Clients can allow up to 5 users to post in a 24 hour window" (https://developers.tiktok.com/doc/content-sharing-guidelines). */
const UNAUDITED_USER_CAP = 5;
/** Inbox uploads: at most 5 pending shares within 24 hours (spam_risk_too_many_pending_share, content-posting-api-reference-upload-video). */
const PENDING_SHARE_CAP = 5;
/** "upload_url … valid for one hour" (content-posting-api-reference-direct-post, response). */
const UPLOAD_URL_TTL = 60 * MIN;
/** Photo posts: "up to 35 images" (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post). */
const PHOTO_MAX = 35;

const logId = () => crypto.randomBytes(16).toString("hex").toUpperCase();
/** The v2 error struct `{ code, message, log_id }` (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling). */
export const ok = (data) => ({ data, error: { code: "ok", message: "", log_id: logId() } });
const fail = (status, code, message) => new SimError(status, { data: {}, error: { code, message, log_id: logId() } });
const invalid = (message) => fail(400, "invalid_params", message);
const numericId = () => String(crypto.randomInt(1e9, 1e10)) + String(crypto.randomInt(1e8, 1e9));
/** Title/description lengths are "UTF-16 runes" (Direct Post and Photo Post references). */
const utf16 = (s) => String(s ?? "").length;

/**
 * Registers TikTok on a simulator kit.
 * @param {import("../sim-kit/index.d.mts").SimKit} sim
 */
export function registerTikTok(sim) {
  const oauth = sim.oauth2({
    name: "TikTok",
    // Login Kit for Web: https://developers.tiktok.com/doc/login-kit-web (authorize with client_key, comma-separated scope).
    authorize: { host: WWW, path: "/v2/auth/authorize/" },
    // https://developers.tiktok.com/doc/oauth-user-access-token-management: form POST with client_key and client_secret.
    token: { host: API, path: "/v2/oauth/token/" },
    revoke: { host: API, path: "/v2/oauth/revoke/" },
    clientIdParam: "client_key",
    clientAuth: "body",
    // Web documents no PKCE (code_challenge belongs to Login Kit for Desktop); checked only when sent.
    pkce: "optional",
    scopeSeparator: ",",
    accessTtlMs: ACCESS_TTL,
    refreshTtlMs: REFRESH_TTL,
    // "refresh_expires_in … valid for 365 days after the initial issuance": a refresh keeps the refresh token's end.
    rotateRefresh: false,
    tokenBody: (t) => {
      const now = sim.now();
      return {
        open_id: t.userId,
        scope: t.scopes.join(","),
        access_token: t.access,
        expires_in: Math.round(((t.accessExpiresAt ?? now) - now) / 1000),
        refresh_token: t.refresh,
        refresh_expires_in: t.refreshExpiresAt === null ? undefined : Math.round((t.refreshExpiresAt - now) / 1000),
        token_type: "Bearer",
      };
    },
    // The token endpoint's errors: `{ error, error_description, log_id }` (oauth-user-access-token-management).
    errorBody: (_status, error, description) => ({ error, error_description: description, log_id: logId() }),
    revokeBody: () => ({}),
    // "access_token_invalid … 401" and "scope_not_authorized … 401" (tiktok-api-v2-error-handling).
    unauthorized: () => fail(401, "access_token_invalid", "The access token is invalid or not found in the request."),
    forbidden: (_ctx, missing) => fail(401, "scope_not_authorized", `The user did not authorize the scope required for completing this request: ${missing.join(",")}`),
  });

  /** Per app: audited (may post publicly), verified URL prefixes (PULL_FROM_URL). */
  const apps = new Map();
  /** Per open_id: profile, privacy, creator settings, videos, photos, a posting ban. */
  const users = new Map();
  /** publish_id → the post being made. */
  const publishes = new Map();
  /** upload token → publish_id. */
  const uploads = new Map();
  /** `${token} ${path}` → request times, for the per-minute limits. */
  const calls = new Map();
  /** Users who posted through each unaudited app: open_id → time. */
  const posters = new Map();
  /** Faults set by tests: open_id → [fail_reason, …] for the next publishes. */
  const failNext = new Map();
  let seq = 0;

  const state = { apps, users, publishes, oauth };

  /** @param {import("../sim-kit/index.d.mts").Ctx} ctx @param {string[]} scopes */
  function auth(ctx, scopes) {
    const token = oauth.authenticate(ctx, { scopes });
    const key = `${token.access} ${ctx.path}`;
    const limit = RATE_LIMITS[ctx.path];
    if (limit) {
      const times = (calls.get(key) ?? []).filter((t) => t > sim.now() - MIN);
      // "rate_limit_exceeded … 429" (tiktok-api-v2-error-handling).
      if (times.length >= limit) throw fail(429, "rate_limit_exceeded", "The API rate limit was exceeded. Please try again later.");
      times.push(sim.now());
      calls.set(key, times);
    }
    const user = users.get(token.userId);
    if (!user) throw fail(401, "access_token_invalid", "The access token is invalid or not found in the request.");
    return { token, user, app: apps.get(token.clientId) ?? { audited: false, verified: [] } };
  }

  /** Privacy options: "If the TikTok creator account is public … PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY; if private … FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY" (query-creator-info). */
  const privacyOptions = (user) => (user.private ? ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"] : ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]);

  /** The posting checks shared by creator info and every init (error codes of the Direct Post reference). */
  function mayPost(user, app, userId) {
    if (user.banned) throw fail(403, "spam_risk_user_banned_from_posting", "The user is banned from making new posts.");
    if (user.tooManyPosts) throw fail(403, "spam_risk_too_many_posts", "The daily post cap from the API is reached for the current user.");
    if (!app.audited) {
      const since = sim.now() - DAY;
      const recent = [...(posters.get(app.clientId) ?? new Map()).entries()].filter(([, at]) => at > since).map(([id]) => id);
      if (!recent.includes(userId) && recent.length >= UNAUDITED_USER_CAP) throw fail(403, "reached_active_user_cap", "The daily quota for active publishing users from your client is reached.");
    }
  }

  function notePoster(app, userId) {
    if (app.audited) return;
    const m = posters.get(app.clientId) ?? new Map();
    m.set(userId, sim.now());
    posters.set(app.clientId, m);
  }

  /** post_info of a direct post (Direct Post reference: privacy_level required; content-sharing-guidelines: unaudited → SELF_ONLY on private accounts). */
  function checkPostInfo(info, user, app, { photo }) {
    if (!info || typeof info !== "object") throw invalid("post_info is required");
    const level = info.privacy_level;
    if (!level) throw invalid("post_info.privacy_level is required");
    if (!app.audited && (level !== "SELF_ONLY" || !user.private)) throw fail(403, "unaudited_client_can_only_post_to_private_accounts", "Unaudited clients can only post to private accounts.");
    if (!privacyOptions(user).includes(level)) throw fail(400, "privacy_level_option_mismatch", "privacy_level is not one of the creator's privacy_level_options.");
    // Content sharing guidelines: "Branded content visibility cannot be set to private." Not documented as an API error; chosen: invalid_params.
    if (info.brand_content_toggle === true && level === "SELF_ONLY") throw invalid("branded content cannot be private (SELF_ONLY)");
    if (photo) {
      if (utf16(info.title) > 90) throw invalid("post_info.title is longer than 90 UTF-16 runes");
      if (utf16(info.description) > 4000) throw invalid("post_info.description is longer than 4000 UTF-16 runes");
    } else if (utf16(info.title) > 2200) throw invalid("post_info.title is longer than 2200 UTF-16 runes");
  }

  /**
   * source_info FILE_UPLOAD, by the Media Transfer Guide's "Chunk restrictions"
   * (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide): chunks of 5-64 MB except the last
   * (up to 128 MB), total_chunk_count = floor(video_size / chunk_size), a video under 5 MB whole, over 64 MB in
   * several chunks, 1-1000 chunks.
   */
  function checkUpload(s) {
    const size = Number(s.video_size);
    const chunk = Number(s.chunk_size);
    const count = Number(s.total_chunk_count);
    if (![size, chunk, count].every((n) => Number.isInteger(n) && n > 0)) throw invalid("video_size, chunk_size and total_chunk_count are required for FILE_UPLOAD");
    if (size < 5 * MB && (chunk !== size || count !== 1)) throw invalid("a video under 5 MB must be uploaded whole (chunk_size = video_size)");
    if (size > 64 * MB && count < 2) throw invalid("a video over 64 MB must be uploaded in several chunks");
    if (size >= 5 * MB && count > 1 && (chunk < 5 * MB || chunk > 64 * MB)) throw invalid("chunk_size must be between 5 MB and 64 MB");
    if (count === 1 && chunk !== size) throw invalid("one chunk must be the whole video");
    if (count !== Math.floor(size / chunk)) throw invalid("total_chunk_count must be video_size / chunk_size rounded down");
    if (count > 1000) throw invalid("at most 1000 chunks");
    if (size - (count - 1) * chunk > 128 * MB) throw invalid("the final chunk may be at most 128 MB");
    return { size, chunk, count };
  }

  /** PULL_FROM_URL needs the URL's domain or prefix verified in the developer app (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide, "Pull from URL"). */
  function checkPull(app, url) {
    if (!app.verified.some((p) => String(url).startsWith(p))) throw fail(403, "url_ownership_unverified", "Please verify the ownership of the domain or URL prefix used in the URL.");
  }

  function newPublish(user, fields) {
    const id = `v_pub_${fields.mode === "inbox" ? "file" : "url"}~v2-1.${++seq}${crypto.randomBytes(4).toString("hex")}`;
    const p = { id, userId: user.id, createdAt: sim.now(), status: fields.source === "FILE_UPLOAD" ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD", received: 0, reads: 0, failReason: null, postId: null, ...fields };
    publishes.set(id, p);
    return p;
  }

  function uploadUrl(p) {
    const token = crypto.randomBytes(12).toString("hex");
    uploads.set(token, p.id);
    p.uploadExpiresAt = sim.now() + UPLOAD_URL_TTL;
    return sim.publicUrl(UPLOAD, `/upload/?upload_id=${encodeURIComponent(p.id)}&upload_token=${token}`);
  }

  /** The post goes out (or to the inbox) once processed. */
  function finish(p) {
    const user = users.get(p.userId);
    const reasons = failNext.get(p.userId) ?? [];
    if (reasons.length) {
      p.status = "FAILED";
      p.failReason = reasons.shift();
      return;
    }
    if (p.mode === "inbox") {
      p.status = "SEND_TO_USER_INBOX";
      user.inbox.push({ publishId: p.id, at: sim.now(), kind: p.kind });
      return;
    }
    const id = numericId();
    const info = p.postInfo;
    const item = { id, publishId: p.id, kind: p.kind, create_time: Math.floor(sim.now() / 1000), title: info.title ?? "", video_description: info.description ?? info.title ?? "", privacy: info.privacy_level, disable_comment: !!info.disable_comment, disable_duet: !!info.disable_duet, disable_stitch: !!info.disable_stitch, brand_content_toggle: !!info.brand_content_toggle, brand_organic_toggle: !!info.brand_organic_toggle, view_count: 0, like_count: 0, comment_count: 0, share_count: 0, share_url: `https://www.tiktok.com/@${user.username}/${p.kind === "photo" ? "photo" : "video"}/${id}`, photos: p.photos ?? null, bytes: p.bytes ?? null };
    user.posts.push(item);
    p.postId = id;
    p.status = "PUBLISH_COMPLETE";
  }

  /** Quick checks of the file, as the status page's fail reasons name them (file_format_check_failed). Not the codecs: chosen. */
  const looksLikeVideo = (b) => b.length > 12 && (b.subarray(4, 8).toString("latin1") === "ftyp" || b.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])));
  /** Photos: "JPG, JPEG, WEBP" (photo post reference, media restrictions). */
  const looksLikePhoto = (b) => (b[0] === 0xff && b[1] === 0xd8) || b.subarray(8, 12).toString("latin1") === "WEBP";

  // --- Accounts -------------------------------------------------------------------------------------------
  // https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info: fields by scope.
  const FIELD_SCOPES = { open_id: "user.info.basic", union_id: "user.info.basic", avatar_url: "user.info.basic", display_name: "user.info.basic", username: "user.info.profile", bio_description: "user.info.profile", follower_count: "user.info.stats", following_count: "user.info.stats", likes_count: "user.info.stats", video_count: "user.info.stats" };
  sim.route(API, "GET", "/v2/user/info/", (ctx) => {
    const { token, user } = auth(ctx, ["user.info.basic"]);
    const fields = (ctx.query.get("fields") ?? "").split(",").filter(Boolean);
    if (!fields.length) throw invalid("fields is required");
    const missing = fields.map((f) => FIELD_SCOPES[f]).filter((s) => s && !token.scopes.includes(s));
    if (missing.length) throw fail(401, "scope_not_authorized", `Missing scopes: ${[...new Set(missing)].join(",")}`);
    const all = { open_id: user.id, union_id: `u_${user.id}`, avatar_url: user.avatar_url, display_name: user.display_name, username: user.username, bio_description: "", follower_count: user.follower_count, following_count: 0, likes_count: 0, video_count: user.posts.length };
    return ok({ user: Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])) });
  });

  // https://developers.tiktok.com/doc/content-posting-api-reference-query-creator-info (scope video.publish).
  sim.route(API, "POST", "/v2/post/publish/creator_info/query/", (ctx) => {
    const { token, user, app } = auth(ctx, ["video.publish"]);
    mayPost(user, app, token.userId);
    return ok({ creator_avatar_url: user.avatar_url, creator_username: user.username, creator_nickname: user.display_name, privacy_level_options: privacyOptions(user), comment_disabled: !!user.comment_disabled, duet_disabled: !!user.duet_disabled, stitch_disabled: !!user.stitch_disabled, max_video_post_duration_sec: user.max_video_post_duration_sec ?? 600 });
  });

  // --- Video: Direct Post and inbox upload ----------------------------------------------------------------
  /** @param {import("../sim-kit/index.d.mts").Ctx} ctx @param {"direct" | "inbox"} mode */
  function videoInit(ctx, mode) {
    const { token, user, app } = auth(ctx, [mode === "inbox" ? "video.upload" : "video.publish"]);
    const body = ctx.json() ?? {};
    mayPost(user, app, token.userId);
    if (mode === "inbox") {
      const pending = user.inbox.filter((i) => i.at > sim.now() - DAY).length + [...publishes.values()].filter((p) => p.userId === user.id && p.mode === "inbox" && p.status.startsWith("PROCESSING")).length;
      if (pending >= PENDING_SHARE_CAP) throw fail(403, "spam_risk_too_many_pending_share", "The user has too many pending shares (5 in 24 hours).");
    } else checkPostInfo(body.post_info, user, app, { photo: false });
    const s = body.source_info ?? {};
    if (s.source === "PULL_FROM_URL") {
      checkPull(app, s.video_url);
      const p = newPublish(user, { mode, kind: "video", source: "PULL_FROM_URL", url: s.video_url, postInfo: body.post_info ?? {} });
      notePoster(app, user.id);
      return ok({ publish_id: p.id });
    }
    if (s.source !== "FILE_UPLOAD") throw invalid("source_info.source must be FILE_UPLOAD or PULL_FROM_URL");
    const up = checkUpload(s);
    const p = newPublish(user, { mode, kind: "video", source: "FILE_UPLOAD", size: up.size, chunkSize: up.chunk, count: up.count, chunks: [], postInfo: body.post_info ?? {} });
    notePoster(app, user.id);
    return ok({ publish_id: p.id, upload_url: uploadUrl(p) });
  }
  sim.route(API, "POST", "/v2/post/publish/video/init/", (ctx) => videoInit(ctx, "direct"));
  // https://developers.tiktok.com/doc/content-posting-api-reference-upload-video (scope video.upload).
  sim.route(API, "POST", "/v2/post/publish/inbox/video/init/", (ctx) => videoInit(ctx, "inbox"));

  /**
   * The upload URL (Media Transfer Guide, "Media transfer HTTP schema"): PUT with Content-Type, Content-Length and
   * `Content-Range: bytes {first}-{last}/{total}`; chunks in order ("File chunks must be uploaded sequentially");
   * 206 Partial Content for a chunk, 201 Created for the last. A wrong range: 416 (chosen; the guide names no code).
   */
  sim.route(UPLOAD, "PUT", "/upload/", (ctx) => {
    const p = publishes.get(uploads.get(ctx.query.get("upload_token") ?? "") ?? "");
    if (!p || p.id !== ctx.query.get("upload_id")) return reply(404, { error: { code: "not_found", message: "Unknown upload URL" } });
    if (sim.now() > p.uploadExpiresAt) return reply(403, { error: { code: "upload_url_expired", message: "The upload URL expired (valid for one hour)" } });
    if (p.status !== "PROCESSING_UPLOAD" || p.received >= p.size) return reply(409, { error: { code: "upload_complete", message: "The upload is complete" } });
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(ctx.headers["content-range"] ?? ""));
    if (!m) return reply(400, { error: { code: "invalid_range", message: "Content-Range: bytes {first}-{last}/{total} is required" } });
    const [first, last, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const index = p.chunks.length;
    const isLast = index === p.count - 1;
    const expectedLength = isLast ? p.size - first : p.chunkSize;
    if (total !== p.size || first !== p.received || last - first + 1 !== ctx.raw.length || ctx.raw.length !== expectedLength || Number(ctx.headers["content-length"]) !== ctx.raw.length) {
      return reply(416, { error: { code: "invalid_range", message: `expected bytes ${p.received}-${p.received + expectedLength - 1}/${p.size}` } });
    }
    p.chunks.push(ctx.raw);
    p.received += ctx.raw.length;
    if (!isLast) return reply(206, "");
    p.bytes = Buffer.concat(p.chunks);
    p.chunks = [];
    if (!looksLikeVideo(p.bytes)) {
      p.status = "FAILED";
      p.failReason = "file_format_check_failed";
    }
    return reply(201, "");
  });

  // --- Photos ------------------------------------------------------------------------------------------------
  // https://developers.tiktok.com/doc/content-posting-api-reference-photo-post: media_type PHOTO, PULL_FROM_URL only.
  sim.route(API, "POST", "/v2/post/publish/content/init/", (ctx) => {
    const body = ctx.json() ?? {};
    const mode = body.post_mode === "MEDIA_UPLOAD" ? "inbox" : body.post_mode === "DIRECT_POST" ? "direct" : null;
    if (!mode) throw invalid("post_mode must be DIRECT_POST or MEDIA_UPLOAD");
    const { token, user, app } = auth(ctx, [mode === "inbox" ? "video.upload" : "video.publish"]);
    if (body.media_type !== "PHOTO") throw invalid("media_type must be PHOTO");
    mayPost(user, app, token.userId);
    if (mode === "direct") checkPostInfo(body.post_info, user, app, { photo: true });
    const s = body.source_info ?? {};
    if (s.source !== "PULL_FROM_URL") throw invalid("photo posts support source PULL_FROM_URL only");
    const images = Array.isArray(s.photo_images) ? s.photo_images : [];
    if (!images.length || images.length > PHOTO_MAX) throw invalid(`photo_images must hold 1 to ${PHOTO_MAX} URLs`);
    for (const url of images) checkPull(app, url);
    const p = newPublish(user, { mode, kind: "photo", source: "PULL_FROM_URL", urls: images, postInfo: body.post_info ?? {} });
    notePoster(app, user.id);
    return ok({ publish_id: p.id });
  });

  // --- Status ------------------------------------------------------------------------------------------------
  /**
   * https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status: PROCESSING_UPLOAD (with
   * uploaded_bytes), PROCESSING_DOWNLOAD (downloaded_bytes), SEND_TO_USER_INBOX, PUBLISH_COMPLETE (with
   * publicaly_available_post_id once moderated: only public posts get one), FAILED with fail_reason. Processing
   * takes `processingReads` status reads (default 1): not documented how long; chosen so tests need no timers.
   */
  sim.route(API, "POST", "/v2/post/publish/status/fetch/", async (ctx) => {
    const { user } = auth(ctx, []);
    const token = oauth.tokens.get(ctx.bearer ?? "");
    if (!token.scopes.includes("video.publish") && !token.scopes.includes("video.upload")) throw fail(401, "scope_not_authorized", "video.upload or video.publish is required");
    const p = publishes.get(String((ctx.json() ?? {}).publish_id ?? ""));
    if (!p || p.userId !== user.id) throw invalid("publish_id is invalid");
    if (p.status === "PROCESSING_UPLOAD" && p.bytes) {
      if (p.reads++ >= (state.processingReads ?? 1)) finish(p);
    } else if (p.status === "PROCESSING_UPLOAD" && sim.now() > p.uploadExpiresAt) {
      // The upload never completed within the URL's hour. Not documented which reason; chosen.
      p.status = "FAILED";
      p.failReason = "upload_url_expired";
    } else if (p.status === "PROCESSING_DOWNLOAD") {
      if (p.kind === "photo" && !p.photos) {
        const photos = [];
        for (const url of p.urls) {
          const got = await sim.fetchMedia(url);
          if (!got.ok) {
            p.status = "FAILED";
            p.failReason = "photo_pull_failed";
            break;
          }
          if (!looksLikePhoto(got.bytes)) {
            p.status = "FAILED";
            p.failReason = "file_format_check_failed";
            break;
          }
          photos.push({ bytes: got.bytes.length, sha256: crypto.createHash("sha256").update(got.bytes).digest("hex") });
        }
        if (p.status !== "FAILED") p.photos = photos;
      } else if (p.kind === "video" && !p.bytes) {
        const got = await sim.fetchMedia(p.url);
        if (!got.ok) {
          p.status = "FAILED";
          p.failReason = "video_pull_failed";
        } else p.bytes = got.bytes;
      } else if (p.reads++ >= (state.processingReads ?? 1)) finish(p);
    }
    const data = { status: p.status };
    if (p.status === "FAILED") data.fail_reason = p.failReason;
    if (p.source === "FILE_UPLOAD") data.uploaded_bytes = p.received;
    else data.downloaded_bytes = p.bytes?.length ?? p.photos?.reduce((n, x) => n + x.bytes, 0) ?? 0;
    // Moderation: "developers are not provided with the post_id until this process is complete", and only public posts have one.
    // `publicaly_available_post_id: list<int64>`: written as JSON numbers of 19 digits, as TikTok sends them.
    if (p.status === "PUBLISH_COMPLETE" && p.postInfo.privacy_level === "PUBLIC_TO_EVERYONE") data.publicaly_available_post_id = ["__POST_ID__"];
    return reply(200, JSON.stringify(ok(data)).replace('"__POST_ID__"', String(p.postId)), { "content-type": "application/json; charset=UTF-8" });
  });

  // --- Display API -------------------------------------------------------------------------------------------
  const VIDEO_FIELDS = ["id", "create_time", "cover_image_url", "share_url", "video_description", "duration", "height", "width", "title", "embed_html", "embed_link", "like_count", "comment_count", "share_count", "view_count"];
  const shape = (v, fields) => Object.fromEntries(fields.filter((f) => VIDEO_FIELDS.includes(f)).map((f) => [f, f === "id" ? v.id : v[f] ?? null]));
  /** "a paginated list of the user's public TikTok video posts" (https://developers.tiktok.com/doc/tiktok-api-v2-video-list): not SELF_ONLY. */
  const publicVideos = (user) => user.posts.filter((v) => v.kind === "video" && v.privacy !== "SELF_ONLY").sort((a, b) => b.create_time - a.create_time);
  sim.route(API, "POST", "/v2/video/list/", (ctx) => {
    const { user } = auth(ctx, ["video.list"]);
    const fields = (ctx.query.get("fields") ?? "").split(",").filter(Boolean);
    if (!fields.length) throw invalid("fields is required");
    const body = ctx.json() ?? {};
    const max = body.max_count ?? 10;
    if (!Number.isInteger(max) || max < 1 || max > 20) throw invalid("max_count must be 1 to 20");
    // The cursor is a UTC Unix timestamp in milliseconds: videos created before it.
    const cursor = body.cursor ?? Number.MAX_SAFE_INTEGER;
    const older = publicVideos(user).filter((v) => v.create_time * 1000 < cursor);
    const page = older.slice(0, max);
    const last = page[page.length - 1];
    return ok({ videos: page.map((v) => shape(v, fields)), cursor: last ? last.create_time * 1000 : cursor, has_more: older.length > page.length });
  });
  // https://developers.tiktok.com/doc/tiktok-api-v2-video-query: filters.video_ids, at most 20.
  sim.route(API, "POST", "/v2/video/query/", (ctx) => {
    const { user } = auth(ctx, ["video.list"]);
    const fields = (ctx.query.get("fields") ?? "").split(",").filter(Boolean);
    if (!fields.length) throw invalid("fields is required");
    const ids = (ctx.json() ?? {}).filters?.video_ids ?? [];
    if (!Array.isArray(ids) || !ids.length || ids.length > 20) throw invalid("filters.video_ids must hold 1 to 20 ids");
    return ok({ videos: publicVideos(user).filter((v) => ids.includes(v.id)).map((v) => shape(v, fields)) });
  });

  return {
    sim,
    oauth,
    state,
    /** A developer app: audited or not, and the URL prefixes verified for PULL_FROM_URL. */
    createApp({ redirectUris, audited = true, verified = [], scopes } = {}) {
      const clientId = `aw${crypto.randomBytes(8).toString("hex")}`;
      const app = oauth.registerApp({ clientId, clientSecret: crypto.randomBytes(16).toString("hex"), redirectUris, scopes, name: "Socialplan" });
      apps.set(clientId, { clientId, audited, verified });
      return { id: clientId, secret: app.clientSecret, settings: apps.get(clientId) };
    },
    /** A TikTok user (open_id) with a profile and creator settings. */
    createUser(opts = {}) {
      const id = `-000${crypto.randomBytes(10).toString("hex")}`;
      const username = opts.username ?? `user_${crypto.randomBytes(3).toString("hex")}`;
      const user = { id, username, display_name: opts.display_name ?? username, avatar_url: `https://p16-sign.tiktokcdn-us.com/${id}.jpeg`, follower_count: opts.follower_count ?? 0, private: !!opts.private, comment_disabled: !!opts.comment_disabled, duet_disabled: !!opts.duet_disabled, stitch_disabled: !!opts.stitch_disabled, max_video_post_duration_sec: opts.max_video_post_duration_sec ?? 600, banned: false, tooManyPosts: false, posts: [], inbox: [] };
      users.set(id, user);
      oauth.addUser({ id, name: user.display_name });
      return user;
    },
    /** Tokens without the consent screen. */
    issueToken(userId, appId, scopes) {
      return oauth.issue(userId, appId, scopes);
    },
    /** The next publishes of a user fail with these fail_reason values (status FAILED). */
    failNextPublish(userId, ...reasons) {
      failNext.set(userId, [...(failNext.get(userId) ?? []), ...reasons]);
    },
    /** Posts on a user's profile (videos and photos). */
    postsOf(userId) {
      return users.get(userId)?.posts ?? [];
    },
    inboxOf(userId) {
      return users.get(userId)?.inbox ?? [];
    },
    publishesOf(userId) {
      return [...publishes.values()].filter((p) => p.userId === userId);
    },
  };
}

export async function startTikTokSimulator() {
  const sim = await startSimKit();
  const tiktok = registerTikTok(sim);
  return { ...tiktok, url: sim.url, close: () => sim.close() };
}
