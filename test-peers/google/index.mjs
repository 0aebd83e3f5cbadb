/**
 * Google on a sim-kit server (test-peers/sim-kit): the OAuth 2.0 server every Google API shares, the YouTube Data
 * API v3 (channels, videos, playlistItems, the resumable upload, thumbnails.set) and the YouTube Analytics API v2
 * reports. `registerGoogle(sim)` returns a handle whose `oauth` (a sim-kit OAuthServer) the Business Profile module
 * (./business.mjs, `registerGoogleBusiness(sim, google)`) validates its bearer tokens with.
 *
 * Sources (each rule below names its page):
 * - OAuth 2.0 for web server apps: https://developers.google.com/identity/protocols/oauth2/web-server
 *   (authorize at accounts.google.com/o/oauth2/v2/auth; token and revoke at oauth2.googleapis.com; access tokens of
 *   3,599 s; a refresh token only with access_type=offline, and only on the first consent unless prompt=consent;
 *   the refresh answer carries no new refresh token; `invalid_grant` for a revoked or expired refresh token;
 *   revoke answers 200, or 400 for a token already invalid).
 * - OpenID Connect id token (`sub`): https://developers.google.com/identity/openid-connect/openid-connect#an-id-tokens-payload
 * - Errors of Google APIs: https://cloud.google.com/apis/design/errors and YouTube's reasons:
 *   https://developers.google.com/youtube/v3/docs/errors
 * - Quota: https://developers.google.com/youtube/v3/getting-started#quota (10,000 units a day, reset at midnight
 *   Pacific) and https://developers.google.com/youtube/v3/determine_quota_cost (list 1, videos.insert 1,600,
 *   thumbnails.set 50); the over-quota answer: 403 `quotaExceeded` (domain youtube.quota).
 * - Resumable upload: https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
 * - videos resource and insert: https://developers.google.com/youtube/v3/docs/videos and /docs/videos/insert
 * - channels.list: https://developers.google.com/youtube/v3/docs/channels/list
 * - playlistItems.list: https://developers.google.com/youtube/v3/docs/playlistItems/list
 * - thumbnails.set: https://developers.google.com/youtube/v3/docs/thumbnails/set
 * - Analytics reports.query: https://developers.google.com/youtube/analytics/reference/reports/query
 */
import { randomId, reply, SimError } from "../sim-kit/index.mjs";

export const AUTH_HOST = "accounts.google.com";
export const TOKEN_HOST = "oauth2.googleapis.com";
export const API_HOST = "www.googleapis.com";
export const ANALYTICS_HOST = "youtubeanalytics.googleapis.com";

export const SCOPES = {
  upload: "https://www.googleapis.com/auth/youtube.upload",
  youtube: "https://www.googleapis.com/auth/youtube",
  readonly: "https://www.googleapis.com/auth/youtube.readonly",
  forceSsl: "https://www.googleapis.com/auth/youtube.force-ssl",
  analytics: "https://www.googleapis.com/auth/yt-analytics.readonly",
};
/** "Authorization" of each method page: any one of these. */
const READ_SCOPES = [SCOPES.readonly, SCOPES.youtube, SCOPES.forceSsl];
const UPLOAD_SCOPES = [SCOPES.upload, SCOPES.youtube, SCOPES.forceSsl];
/**
 * reports.query: "API requests to this method now require access to the youtube.readonly scope", and the report
 * scopes are yt-analytics.readonly / yt-analytics-monetary.readonly (youtube / youtubepartner manage groups).
 */
const ANALYTICS_SCOPES = [SCOPES.analytics, "https://www.googleapis.com/auth/yt-analytics-monetary.readonly"];

export const DAILY_UNITS = 10_000;
export const COSTS = { list: 1, insert: 1600, thumbnail: 50 };
/** "A resumable session URI expires after one week" — not on YouTube's page; Google's upload docs (Cloud Storage, Street View) say one week. */
const SESSION_TTL_MS = 7 * 24 * 3600_000;
/** All chunks but the last "must be a multiple of 256 KB" (resumable upload guide, Step 3). */
const CHUNK_UNIT = 256 * 1024;
/** thumbnails.set: "Maximum file size: 2MB; Accepted Media MIME types: image/jpeg, image/png, application/octet-stream". */
const THUMB_MAX = 2 * 1024 * 1024;
const THUMB_TYPES = ["image/jpeg", "image/png", "application/octet-stream"];
const PRIVACY = ["public", "private", "unlisted"];

/** A Google API error (https://cloud.google.com/apis/design/errors; YouTube adds `errors[]` with domain and reason). */
export function googleApiError(code, status, message, reason, domain = "youtube.api") {
  return new SimError(code, { error: { code, message, errors: [{ message, domain, reason }], status } });
}
const badRequest = (reason, message) => googleApiError(400, "INVALID_ARGUMENT", message, reason);

/** Pacific day (YYYY-MM-DD) of a time: quotas and Analytics days are Pacific ("Quota usage" / reports.query dates). */
export function pacificDay(ms) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
}

/** A token without the method's scope (https://cloud.google.com/apis/design/errors: PERMISSION_DENIED, ACCESS_TOKEN_SCOPE_INSUFFICIENT). */
const insufficientScopes = () =>
  new SimError(403, { error: { code: 403, message: "Request had insufficient authentication scopes.", errors: [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }], status: "PERMISSION_DENIED", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT", domain: "googleapis.com" }] } });
/** @param {{ scopes: string[] }} token @param {string[]} anyOf */
const needScope = (token, anyOf) => {
  if (!anyOf.some((x) => token.scopes.includes(x))) throw insufficientScopes();
};

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");

/**
 * @param {import("../sim-kit/index.d.mts").SimKit} sim
 * @returns {import("./index.d.mts").GoogleSim}
 */
export function registerGoogle(sim) {
  /** @type {Map<string, { offline: boolean }>} code → how it was asked for */
  const codeModes = new Map();
  /** user|client pairs that consented once (a later consent without prompt=consent answers no refresh token). */
  const consented = new Set();

  const oauth = sim.oauth2({
    name: "Google",
    title: "Sign in with Google",
    authorize: { host: AUTH_HOST, path: "/o/oauth2/v2/auth" },
    token: { host: TOKEN_HOST, path: "/token" },
    // No `revoke` here: Google's answers 400 for an unknown token (registered below), which RFC 7009's 200 is not.
    clientAuth: "either",
    pkce: "optional",
    scopeSeparator: " ",
    // "expires_in: The remaining lifetime of the access token in seconds" — 3599 in the page's examples.
    accessTtlMs: 3599_000,
    refreshTtlMs: null,
    issueRefresh: true,
    rotateRefresh: false,
    tokenBody: (token, grant) => {
      const now = sim.now();
      /** @type {Record<string, unknown>} */
      const body = { access_token: token.access, expires_in: Math.round(((token.accessExpiresAt ?? now) - now) / 1000), scope: token.scopes.join(" "), token_type: "Bearer" };
      // "refresh_token … only present if the access_type parameter was set to offline"; a refresh answer has none.
      const mode = token.code ? codeModes.get(token.code) : undefined;
      // A code approved outside `approve` (a test calling oauth.approve) counts as offline.
      if (grant === "authorization_code" && token.refresh && (mode?.offline ?? true)) {
        body.refresh_token = token.refresh;
        if (token.refreshExpiresAt !== null) body.refresh_token_expires_in = Math.round((token.refreshExpiresAt - now) / 1000);
      }
      // "id_token … returned when the scope includes openid" (a JWT; the app reads `sub`). Not signed here.
      if (token.scopes.includes("openid")) {
        const user = oauth.users.get(token.userId);
        body.id_token = `${b64({ alg: "none", typ: "JWT" })}.${b64({ iss: "https://accounts.google.com", aud: token.clientId, sub: token.userId, email: user?.email, iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 3600 })}.`;
      }
      return body;
    },
    // Google's token errors are RFC 6749's: { error, error_description } (the default shape).
    unauthorized: () => new SimError(401, { error: { code: 401, message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", errors: [{ message: "Invalid Credentials", domain: "global", reason: "authError", location: "Authorization", locationType: "header" }], status: "UNAUTHENTICATED" } }, { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' }),
    forbidden: () => insufficientScopes(),
  });

  /**
   * What "Allow" does, with Google's refresh-token rules: offline access only with access_type=offline; a second
   * consent of the same account and app gives a refresh token again only with prompt=consent (web-server page,
   * "Refresh an access token (offline access)" and the `prompt` parameter).
   * @param {string} authorizeUrl @param {{ userId: string, scopes?: string[] }} opts
   */
  function approve(authorizeUrl, opts) {
    const q = new URL(authorizeUrl).searchParams;
    const back = oauth.approve(authorizeUrl, opts);
    const code = new URL(back).searchParams.get("code");
    if (code) {
      const pair = `${opts.userId}|${q.get("client_id")}`;
      const prompt = (q.get("prompt") ?? "").split(" ");
      const offline = q.get("access_type") === "offline" && (!consented.has(pair) || prompt.includes("consent"));
      codeModes.set(code, { offline });
      consented.add(pair);
      // include_granted_scopes=true: "the new access token will also cover any scopes to which the user previously granted the application access".
      if (q.get("include_granted_scopes") === "true") {
        const c = oauth.codes.get(code);
        const earlier = grants.get(pair) ?? new Set();
        for (const s of c?.scopes ?? []) earlier.add(s);
        grants.set(pair, earlier);
        if (c) c.scopes = [...earlier];
      }
    }
    return back;
  }
  /** @type {Map<string, Set<string>>} */
  const grants = new Map();

  sim.route(AUTH_HOST, "GET", "/o/oauth2/v2/auth", (ctx) => {
    // "access_type: Recommended … online (default) or offline"; other values are an invalid_request.
    const at = ctx.query.get("access_type");
    if (at && at !== "online" && at !== "offline") throw new SimError(400, "Error 400: invalid_request — Invalid access_type");
    return oauth.consentPage(ctx);
  });
  sim.route(AUTH_HOST, "POST", "/o/oauth2/v2/auth", (ctx) => {
    const form = ctx.form();
    const url = sim.publicUrl(ctx.host, `${ctx.path}?${ctx.query}`);
    const target = form.get("decision") === "allow" ? approve(url, { userId: form.get("user") ?? "" }) : oauth.deny(url);
    return reply(302, "", { location: target });
  });
  sim.route(TOKEN_HOST, "POST", "/token", (ctx) => oauth.tokenEndpoint(ctx));
  // Revoke: "If the revocation is successfully processed, then the HTTP status code of the response is 200. For
  // error conditions, an HTTP status code 400 is returned along with an error code." No client authentication.
  sim.route(TOKEN_HOST, "POST", "/revoke", (ctx) => {
    const value = ctx.form().get("token") ?? ctx.query.get("token") ?? "";
    const t = oauth.tokens.get(value) ?? oauth.refreshTokens.get(value);
    if (!t || t.revoked) throw new SimError(400, { error: "invalid_token", error_description: "Token expired or revoked" });
    // Revoking either token of a grant ends the grant: every token of that user for that app.
    for (const x of oauth.tokens.values()) if (x.userId === t.userId && x.clientId === t.clientId) x.revoked = true;
    grants.delete(`${t.userId}|${t.clientId}`);
    return reply(200, {});
  });
  // tokeninfo (https://developers.google.com/identity/protocols/oauth2 "tokeninfo"): the token's scope and expiry.
  sim.route(TOKEN_HOST, "GET", "/tokeninfo", (ctx) => {
    const value = ctx.query.get("access_token") ?? "";
    const t = oauth.tokens.get(value);
    if (!t || t.revoked || (t.accessExpiresAt !== null && t.accessExpiresAt <= sim.now())) throw new SimError(400, { error: "invalid_token", error_description: "Invalid Value" });
    return { azp: t.clientId, aud: t.clientId, sub: t.userId, scope: t.scopes.join(" "), exp: String(Math.floor((t.accessExpiresAt ?? sim.now()) / 1000)), expires_in: String(Math.round(((t.accessExpiresAt ?? sim.now()) - sim.now()) / 1000)) };
  });

  // ------------------------------------------------------------------------------------------------------------
  // YouTube state
  // ------------------------------------------------------------------------------------------------------------
  /** @type {Map<string, import("./index.d.mts").SimChannel>} */
  const channels = new Map();
  /** @type {Map<string, import("./index.d.mts").SimVideo>} */
  const videos = new Map();
  /** @type {Map<string, import("./index.d.mts").SimSession>} */
  const sessions = new Map();
  /** @type {Map<string, { day: string, used: number }>} units by client id */
  const quota = new Map();
  /** @type {Array<{ kind: string, title: string, release: () => void }>} */
  const held = [];
  /** @type {Array<{ kind: string, count: number, title: string | null }>} */
  const holds = [];

  /** The channel a token acts as: the user's first channel (several: the one picked at sign-in). */
  const channelsOf = (userId) => [...channels.values()].filter((c) => c.userId === userId);
  function ownChannel(token) {
    const own = channelsOf(token.userId);
    if (!own.length) throw googleApiError(403, "PERMISSION_DENIED", "The user does not have a YouTube channel.", "youtubeSignupRequired", "youtube.header");
    // Not documented for an account with several channels (each Brand Account signs in on its own); chosen: the first.
    return own[0];
  }

  /** Quota: the project (client id) pays; 403 quotaExceeded when the day's units would be passed. */
  function charge(token, units) {
    const day = pacificDay(sim.now());
    const q = quota.get(token.clientId);
    const row = q && q.day === day ? q : { day, used: 0 };
    if (row.used + units > DAILY_UNITS) {
      throw new SimError(403, { error: { code: 403, message: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', errors: [{ message: 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', domain: "youtube.quota", reason: "quotaExceeded" }] } });
    }
    row.used += units;
    quota.set(token.clientId, row);
  }

  /** Holds the answer of the next matching request (the work is done) until released: where a test kills the app. */
  async function maybeHold(kind, title) {
    const h = holds.find((x) => x.kind === kind && x.count > 0 && (x.title === null || x.title === title));
    if (!h) return;
    h.count -= 1;
    await new Promise((resolve) => held.push({ kind, title, release: () => resolve(undefined) }));
  }

  const videoResource = (v, parts) => {
    /** @type {Record<string, unknown>} */
    const out = { kind: "youtube#video", etag: randomId("etag_", 6), id: v.id };
    if (parts.includes("snippet")) out.snippet = { publishedAt: new Date(v.publishedAt).toISOString(), channelId: v.channelId, title: v.title, description: v.description, tags: v.tags.length ? v.tags : undefined, categoryId: v.categoryId, thumbnails: { default: { url: `https://i.ytimg.com/vi/${v.id}/default.jpg`, width: 120, height: 90 } } };
    if (parts.includes("status")) out.status = { uploadStatus: v.uploadStatus, privacyStatus: v.privacyStatus, selfDeclaredMadeForKids: v.madeForKids, madeForKids: v.madeForKids, ...(v.publishAt ? { publishAt: v.publishAt } : {}) };
    if (parts.includes("statistics")) out.statistics = { viewCount: String(v.views), likeCount: String(v.likes), favoriteCount: "0", commentCount: String(v.comments) };
    return out;
  };
  const parts = (ctx) => {
    const p = ctx.query.get("part");
    // "part: required".
    if (!p) throw badRequest("required", "No filter selected. Expected one of: …; the part parameter is required.");
    return p.split(",").map((s) => s.trim());
  };

  // channels.list — filters: exactly one of id, mine, forHandle… ("Filters (specify exactly one …)").
  sim.route(API_HOST, "GET", "/youtube/v3/channels", (ctx) => {
    const token = oauth.authenticate(ctx);
    needScope(token, READ_SCOPES);
    const p = parts(ctx);
    charge(token, COSTS.list);
    const mine = ctx.query.get("mine") === "true";
    const ids = ctx.query.get("id")?.split(",") ?? null;
    if (mine === Boolean(ids)) throw badRequest("incompatibleParameters", "Exactly one of the filters id, mine, … must be given.");
    const list = mine ? channelsOf(token.userId) : ids.map((id) => channels.get(id)).filter(Boolean);
    return {
      kind: "youtube#channelListResponse",
      pageInfo: { totalResults: list.length, resultsPerPage: list.length },
      items: list.map((c) => ({
        kind: "youtube#channel",
        id: c.id,
        ...(p.includes("snippet") ? { snippet: { title: c.title, description: "", customUrl: c.customUrl, publishedAt: "2020-01-01T00:00:00Z", thumbnails: { default: { url: `https://yt3.ggpht.com/${c.id}=s88`, width: 88, height: 88 } } } } : {}),
        ...(p.includes("contentDetails") ? { contentDetails: { relatedPlaylists: { likes: "", uploads: `UU${c.id.slice(2)}` } } } : {}),
        ...(p.includes("statistics") ? { statistics: { viewCount: String([...videos.values()].filter((v) => v.channelId === c.id).reduce((a, v) => a + v.views, 0)), subscriberCount: String(c.subscribers), hiddenSubscriberCount: c.hiddenSubscribers, videoCount: String([...videos.values()].filter((v) => v.channelId === c.id).length) } } : {}),
      })),
    };
  });

  // videos.list by id (a video of another channel answers only public data; private ones of others are absent).
  sim.route(API_HOST, "GET", "/youtube/v3/videos", (ctx) => {
    const token = oauth.authenticate(ctx);
    const p = parts(ctx);
    charge(token, COSTS.list);
    const ids = (ctx.query.get("id") ?? "").split(",").filter(Boolean);
    if (ids.length > 50) throw badRequest("invalidParameter", "At most 50 ids");
    const mine = new Set(channelsOf(token.userId).map((c) => c.id));
    const list = ids.map((id) => videos.get(id)).filter((v) => v && (v.privacyStatus === "public" || mine.has(v.channelId)));
    return { kind: "youtube#videoListResponse", pageInfo: { totalResults: list.length, resultsPerPage: list.length }, items: list.map((v) => videoResource(v, p)) };
  });

  // playlistItems.list of an uploads playlist (UU…), newest first, maxResults 0-50 (default 5), pageToken.
  sim.route(API_HOST, "GET", "/youtube/v3/playlistItems", (ctx) => {
    const token = oauth.authenticate(ctx);
    parts(ctx);
    charge(token, COSTS.list);
    const playlistId = ctx.query.get("playlistId") ?? "";
    const channelId = playlistId.startsWith("UU") ? `UC${playlistId.slice(2)}` : null;
    const channel = channelId ? channels.get(channelId) : undefined;
    if (!channel) throw googleApiError(404, "NOT_FOUND", "The playlist identified with the request's playlistId parameter cannot be found.", "playlistNotFound");
    const max = Number(ctx.query.get("maxResults") ?? 5);
    if (!Number.isInteger(max) || max < 0 || max > 50) throw badRequest("invalidParameter", "maxResults must be 0-50");
    const own = channel.userId === token.userId;
    const all = [...videos.values()].filter((v) => v.channelId === channel.id && (own || v.privacyStatus === "public")).sort((a, b) => b.publishedAt - a.publishedAt);
    const start = Number(ctx.query.get("pageToken") ? Buffer.from(ctx.query.get("pageToken"), "base64url").toString() : 0);
    const slice = all.slice(start, start + max);
    return {
      kind: "youtube#playlistItemListResponse",
      ...(start + max < all.length ? { nextPageToken: Buffer.from(String(start + max)).toString("base64url") } : {}),
      pageInfo: { totalResults: all.length, resultsPerPage: max },
      items: slice.map((v) => ({
        kind: "youtube#playlistItem",
        id: `PLI_${v.id}`,
        snippet: { publishedAt: new Date(v.publishedAt).toISOString(), channelId: v.channelId, title: v.title, description: v.description, playlistId, resourceId: { kind: "youtube#video", videoId: v.id } },
        contentDetails: { videoId: v.id, videoPublishedAt: new Date(v.publishedAt).toISOString() },
      })),
    };
  });

  /**
   * videos.insert, step 1 of the resumable upload: the video resource is checked (videos resource: title required,
   * ≤ 100 characters, no < >; description ≤ 5000 bytes, no < >; tags ≤ 500 characters in all; privacyStatus one of
   * public/private/unlisted; publishAt only with private), the quota charged (1,600), and the session URI answered
   * in Location.
   */
  sim.route(API_HOST, "POST", "/upload/youtube/v3/videos", async (ctx) => {
    const token = oauth.authenticate(ctx);
    needScope(token, UPLOAD_SCOPES);
    const channel = ownChannel(token);
    if (ctx.query.get("uploadType") !== "resumable") throw badRequest("invalidParameter", "This simulator serves uploadType=resumable only");
    const p = parts(ctx);
    const size = Number(ctx.headers["x-upload-content-length"]);
    if (!Number.isInteger(size) || size <= 0) throw badRequest("invalidParameter", "X-Upload-Content-Length is required");
    const type = String(ctx.headers["x-upload-content-type"] ?? "");
    // "Accepted Media MIME types: video/*, application/octet-stream".
    if (!type.startsWith("video/") && type !== "application/octet-stream") throw badRequest("invalidVideoMetadata", `Media type ${type} is not accepted`);
    const body = ctx.json() ?? {};
    const snippet = body.snippet ?? {};
    const status = body.status ?? {};
    const title = typeof snippet.title === "string" ? snippet.title : "";
    if (!title.trim()) throw badRequest("invalidTitle", "The request metadata specifies an invalid or empty video title.");
    if ([...title].length > 100 || /[<>]/.test(title)) throw badRequest("invalidTitle", "The request metadata specifies an invalid video title.");
    const description = typeof snippet.description === "string" ? snippet.description : "";
    if (Buffer.byteLength(description, "utf8") > 5000 || /[<>]/.test(description)) throw badRequest("invalidDescription", "The request metadata specifies an invalid video description.");
    const tags = Array.isArray(snippet.tags) ? snippet.tags.map(String) : [];
    const tagChars = tags.reduce((a, t, i) => a + [...t].length + (t.includes(" ") ? 2 : 0) + (i ? 1 : 0), 0);
    if (tagChars > 500 || tags.some((t) => /[<>]/.test(t))) throw badRequest("invalidTags", "The request metadata specifies invalid video keywords.");
    const privacy = status.privacyStatus ?? "public";
    if (!PRIVACY.includes(privacy)) throw badRequest("invalidVideoMetadata", "privacyStatus is invalid");
    if (status.publishAt && privacy !== "private") throw badRequest("invalidPublishAt", "publishAt can only be set when privacyStatus is private.");
    if (typeof status.selfDeclaredMadeForKids !== "boolean" && status.selfDeclaredMadeForKids !== undefined) throw badRequest("invalidVideoMetadata", "selfDeclaredMadeForKids must be a boolean");
    charge(token, COSTS.insert);
    const id = randomId("upl_", 12);
    const session = {
      id,
      clientId: token.clientId,
      userId: token.userId,
      channelId: channel.id,
      size,
      contentType: type,
      received: 0,
      chunks: [],
      createdAt: sim.now(),
      expiresAt: sim.now() + SESSION_TTL_MS,
      videoId: null,
      parts: p,
      meta: { title, description, tags, categoryId: snippet.categoryId ?? "22", privacy, madeForKids: Boolean(status.selfDeclaredMadeForKids), publishAt: status.publishAt ?? null },
    };
    sessions.set(id, session);
    await maybeHold("init", title);
    return reply(200, "", { location: sim.publicUrl(API_HOST, `/upload/youtube/v3/videos?uploadType=resumable&upload_id=${id}`) });
  });

  /**
   * Steps 2-4: PUT the bytes to the session URI. `Content-Range: bytes a-b/total` adds a chunk (all but the last a
   * multiple of 256 KiB); `bytes * /total` asks the status. 308 "Resume Incomplete" with `Range: bytes=0-N` (no Range
   * before the first byte) until complete; then 201 Created with the video resource — and the same answer to a
   * status query of a completed session. 404 for a session that expired or never was.
   */
  sim.route(API_HOST, "PUT", "/upload/youtube/v3/videos", async (ctx) => {
    oauth.authenticate(ctx);
    const s = sessions.get(ctx.query.get("upload_id") ?? "");
    if (!s || s.expiresAt <= sim.now()) throw googleApiError(404, "NOT_FOUND", "The upload session was not found or has expired.", "notFound", "global");
    const range = String(ctx.headers["content-range"] ?? "");
    const done = () => reply(201, videoResource(videos.get(s.videoId), ["snippet", "status", ...s.parts]));
    const incomplete = () => reply(308, "", s.received > 0 ? { range: `bytes=0-${s.received - 1}` } : {});
    const query = /^bytes \*\/(\d+)$/.exec(range);
    if (query) {
      if (Number(query[1]) !== s.size) throw badRequest("invalidParameter", "Content-Range total does not match X-Upload-Content-Length");
      return s.videoId ? done() : incomplete();
    }
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
    if (!m) throw badRequest("invalidParameter", "Content-Range is required");
    const [a, b, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (total !== s.size || b < a || b >= total || ctx.raw.length !== b - a + 1) throw badRequest("invalidParameter", "Content-Range does not match the body or the session");
    if (s.videoId) return done();
    // Not documented what a chunk starting elsewhere than the stored end gets; chosen: 308 with what is stored.
    if (a !== s.received) return incomplete();
    const last = b + 1 === total;
    if (!last && (b - a + 1) % CHUNK_UNIT !== 0) throw badRequest("invalidParameter", "Chunk sizes must be a multiple of 256 KB except the last");
    s.chunks.push(Buffer.from(ctx.raw));
    s.received = b + 1;
    if (!last) {
      await maybeHold("chunk", s.meta.title);
      return incomplete();
    }
    const id = randomId("", 8).replace(/[^A-Za-z0-9]/g, "").slice(0, 11).padEnd(11, "x");
    const channel = channels.get(s.channelId);
    videos.set(id, {
      id,
      channelId: s.channelId,
      sessionId: s.id,
      title: s.meta.title,
      description: s.meta.description,
      tags: s.meta.tags,
      categoryId: s.meta.categoryId,
      // "Unverified API projects": uploads are locked private (videos.insert page) — when the app is marked so.
      privacyStatus: apps.get(s.clientId)?.unverified ? "private" : s.meta.privacy,
      madeForKids: s.meta.madeForKids,
      publishAt: s.meta.publishAt,
      uploadStatus: "uploaded",
      bytes: Buffer.concat(s.chunks),
      contentType: s.contentType,
      publishedAt: sim.now(),
      views: 0,
      likes: 0,
      comments: 0,
      thumbnail: null,
    });
    s.videoId = id;
    if (channel) channel.uploads += 1;
    await maybeHold("final", s.meta.title);
    return done();
  });

  // thumbnails.set (media upload; videoId required; ≤ 2 MB; JPEG/PNG; the channel needs custom thumbnails allowed).
  sim.route(API_HOST, "POST", "/upload/youtube/v3/thumbnails/set", async (ctx) => {
    const token = oauth.authenticate(ctx);
    needScope(token, UPLOAD_SCOPES);
    const v = videos.get(ctx.query.get("videoId") ?? "");
    if (!v) throw googleApiError(404, "NOT_FOUND", "The video that you are trying to update cannot be found.", "videoNotFound");
    const channel = channels.get(v.channelId);
    if (!channel || channel.userId !== token.userId) throw googleApiError(403, "PERMISSION_DENIED", "The authenticated user doesn't have permissions to upload and set custom video thumbnails.", "forbidden");
    if (!channel.customThumbnails) throw googleApiError(403, "PERMISSION_DENIED", "The authenticated user doesn't have permissions to upload and set custom video thumbnails.", "forbidden");
    const type = String(ctx.headers["content-type"] ?? "").split(";")[0].trim();
    if (!THUMB_TYPES.includes(type)) throw badRequest("invalidImage", "The provided image content is invalid.");
    if (ctx.raw.length > THUMB_MAX) throw googleApiError(400, "INVALID_ARGUMENT", "The provided image is too large.", "mediaBodyTooLarge");
    if (!ctx.raw.length) throw badRequest("mediaBodyRequired", "The request does not include the image content.");
    charge(token, COSTS.thumbnail);
    v.thumbnail = { contentType: type, bytes: Buffer.from(ctx.raw) };
    await maybeHold("thumbnail", v.title);
    return { kind: "youtube#thumbnailSetResponse", items: [{ default: { url: `https://i.ytimg.com/vi/${v.id}/default.jpg`, width: 120, height: 90 } }] };
  });

  // YouTube Analytics reports.query: ids=channel==MINE, startDate/endDate (YYYY-MM-DD), metrics, dimensions=day.
  sim.route(ANALYTICS_HOST, "GET", "/v2/reports", (ctx) => {
    const token = oauth.authenticate(ctx);
    needScope(token, [SCOPES.readonly]);
    needScope(token, ANALYTICS_SCOPES);
    const q = ctx.query;
    for (const k of ["ids", "startDate", "endDate", "metrics"]) if (!q.get(k)) throw googleApiError(400, "INVALID_ARGUMENT", `Required parameter: ${k}`, "required", "global");
    if (q.get("ids") !== "channel==MINE") throw googleApiError(403, "PERMISSION_DENIED", "Forbidden", "forbidden", "global");
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (!day.test(q.get("startDate")) || !day.test(q.get("endDate")) || q.get("startDate") > q.get("endDate")) throw googleApiError(400, "INVALID_ARGUMENT", "Invalid date range", "invalid", "global");
    const metrics = q.get("metrics").split(",");
    if (metrics.some((m) => !["views", "likes", "comments", "subscribersGained"].includes(m))) throw googleApiError(400, "INVALID_ARGUMENT", "Unknown identifier", "invalid", "global");
    if ((q.get("dimensions") ?? "") !== "day") throw googleApiError(400, "INVALID_ARGUMENT", "This simulator serves dimensions=day only", "invalid", "global");
    const channel = ownChannel(token);
    const rows = Object.entries(channel.daily)
      .filter(([d]) => d >= q.get("startDate") && d <= q.get("endDate"))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([d, values]) => [d, ...metrics.map((m) => values[m] ?? 0)]);
    return {
      kind: "youtubeAnalytics#resultTable",
      columnHeaders: [{ name: "day", columnType: "DIMENSION", dataType: "STRING" }, ...metrics.map((m) => ({ name: m, columnType: "METRIC", dataType: "INTEGER" }))],
      rows,
    };
  });

  /** @type {Map<string, { unverified: boolean }>} */
  const apps = new Map();

  return {
    sim,
    oauth,
    approve,
    channels,
    videos,
    sessions,
    quota,
    registerApp(app, opts = {}) {
      apps.set(app.clientId, { unverified: Boolean(opts.unverified) });
      return oauth.registerApp({ ...app, scopes: undefined });
    },
    addUser(user) {
      return oauth.addUser(user);
    },
    addChannel(userId, c = {}) {
      const id = c.id ?? `UC${randomId("", 16).replace(/[^A-Za-z0-9]/g, "").slice(0, 22).padEnd(22, "A")}`;
      const channel = { id, userId, title: c.title ?? "Channel", customUrl: c.customUrl ?? `@${id.slice(2, 10).toLowerCase()}`, subscribers: c.subscribers ?? 0, hiddenSubscribers: Boolean(c.hiddenSubscribers), customThumbnails: c.customThumbnails ?? true, daily: c.daily ?? {}, uploads: 0 };
      channels.set(id, channel);
      return channel;
    },
    videosOf(channelId) {
      return [...videos.values()].filter((v) => v.channelId === channelId).sort((a, b) => a.publishedAt - b.publishedAt);
    },
    useQuota(clientId, units) {
      const day = pacificDay(sim.now());
      const q = quota.get(clientId);
      const row = q && q.day === day ? q : { day, used: 0 };
      row.used = Math.min(DAILY_UNITS, row.used + units);
      quota.set(clientId, row);
    },
    quotaUsed(clientId) {
      const q = quota.get(clientId);
      return q && q.day === pacificDay(sim.now()) ? q.used : 0;
    },
    expireSession(sessionId) {
      const s = sessions.get(sessionId);
      if (s) s.expiresAt = sim.now();
    },
    hold(kind, opts = {}) {
      holds.push({ kind, count: opts.count ?? 1, title: opts.title ?? null });
    },
    held: () => held.map((h) => ({ kind: h.kind, title: h.title })),
    releaseHeld() {
      for (const h of held.splice(0)) h.release();
      holds.length = 0;
    },
  };
}

/** A sim-kit server with Google's OAuth, YouTube and (when ./business.mjs is there) Business Profile. */
export async function startGoogleSimulator() {
  const { startSimKit } = await import("../sim-kit/index.mjs");
  const sim = await startSimKit();
  const google = registerGoogle(sim);
  /** @type {unknown} */
  let business = null;
  try {
    const mod = await import("./business.mjs");
    business = mod.registerGoogleBusiness(sim, google);
  } catch (err) {
    if (/** @type {{ code?: string }} */ (err).code !== "ERR_MODULE_NOT_FOUND") throw err;
  }
  return { sim, google, business, url: sim.url, close: () => sim.close() };
}
