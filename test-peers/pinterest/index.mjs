/**
 * Contract simulator of Pinterest's API v5 for Socialplan's tests, on the simulator kit (../sim-kit). What it
 * enforces, each with the page it comes from (developers.pinterest.com unless said):
 *
 * - OAuth: consent at www.pinterest.com/oauth/ (scopes joined by commas), token at POST api.pinterest.com/v5/oauth/token
 *   with HTTP Basic client authentication only (/docs/getting-started/set-up-authentication-and-authorization/,
 *   /docs/api/v5/oauth-token/); access tokens 30 days, continuous refresh tokens 60 days, a refresh answering a new
 *   refresh token and ending the old one ("continuous refresh", /docs/getting-started/authentication-and-scopes/).
 *   No PKCE (not documented for the code grant): none checked.
 * - Errors are `{ code, message }` (/docs/api/v5/#tag/Response-codes): 401 code 2 "Authentication failed." for an
 *   unknown, expired or revoked token; 403 code 29 "You are not permitted to access that resource." for a missing
 *   scope or another user's board (the exact code numbers are not documented per case; chosen: 2 and 29 as
 *   Pinterest answers them); 429 code 8 with X-RateLimit-Limit / X-RateLimit-Remaining / X-RateLimit-Reset
 *   (/docs/reference/rate-limits/).
 * - Account: GET /v5/user_account (user_accounts:read) (/docs/api/v5/user_account-get/).
 * - Boards: GET /v5/boards, `page_size` ≤ 250 and `bookmark` paging (boards:read) (/docs/api/v5/boards-list/);
 *   GET /v5/boards/{id}/pins newest first (boards:read, pins:read) (/docs/api/v5/boards-list_pins/).
 * - Pins: POST /v5/pins (pins:write, boards:read) (/docs/api/v5/pins-create/): board_id required and the
 *   account's own; title ≤ 100, description ≤ 500, alt_text ≤ 500, link an http(s) URL ≤ 2048; media_source
 *   `image_url` (fetched by URL: a URL that does not answer an image is refused), `multiple_image_urls` 2–5 items,
 *   `image_base64` (content_type image/jpeg|image/png), `video_id` (a media of the account whose status is
 *   succeeded, with cover_image_url or cover_image_key_frame_time). GET /v5/pins (list), GET /v5/pins/{id}.
 * - Video: POST /v5/media `{ media_type: "video" }` → media_id, upload_url, upload_parameters
 *   (/docs/api/v5/media-create/); the upload is a multipart POST to upload_url with every upload parameter and
 *   `file` (S3 answers 204); GET /v5/media/{id} status registered → processing → succeeded | failed
 *   (/docs/api/v5/media-get/). How long processing takes is not documented; chosen: `processingReads` status reads.
 * - Analytics: GET /v5/pins/{id}/analytics and GET /v5/user_account/analytics with start_date, end_date (at most
 *   90 days back) and metric_types (/docs/api/v5/pins-analytics/, /docs/api/v5/user_account-analytics/):
 *   `{ all: { daily_metrics: [{ date, data_status, metrics }], summary_metrics, lifetime_metrics } }`.
 */
import { randomId, reply, SimError, startSimKit } from "../sim-kit/index.mjs";

const API = "api.pinterest.com";
const UPLOAD_HOST = "pinterest-media-upload.s3-accelerate.amazonaws.com";
const DAY = 86_400_000;
export const PINTEREST_SCOPES = ["boards:read", "pins:read", "pins:write", "user_accounts:read"];

const err = (status, code, message, headers) => new SimError(status, { code, message }, headers);
const isUrl = (v) => typeof v === "string" && /^https?:\/\/\S+$/.test(v) && v.length <= 2048;
const stamp = (ms) => new Date(ms).toISOString().slice(0, 19);

/** Registers Pinterest's hosts on a sim-kit server. */
export function registerPinterest(sim) {
  const oauth = sim.oauth2({
    name: "Pinterest",
    authorize: { host: "www.pinterest.com", path: "/oauth/" },
    token: { host: API, path: "/v5/oauth/token" },
    clientAuth: "basic",
    pkce: "none",
    scopeSeparator: ",",
    accessTtlMs: 30 * DAY,
    refreshTtlMs: 60 * DAY,
    rotateRefresh: true,
    tokenBody: (t, grant) => ({
      access_token: t.access,
      refresh_token: t.refresh,
      response_type: grant,
      token_type: "bearer",
      expires_in: Math.round((t.accessExpiresAt - sim.now()) / 1000),
      refresh_token_expires_in: Math.round((t.refreshExpiresAt - sim.now()) / 1000),
      scope: t.scopes.join(","),
    }),
    errorBody: (_status, error, description) => ({ code: 1, message: `${error}: ${description}` }),
    unauthorized: () => err(401, 2, "Authentication failed."),
    forbidden: (_ctx, missing) => err(403, 29, `You are not permitted to access that resource. (missing ${missing.join(",")})`),
  });

  const state = {
    /** userId → { id, username, business_name, follower_count, daily: [{ date, metrics }] } */
    users: new Map(),
    /** boardId → { id, name, privacy, owner, created } */
    boards: new Map(),
    /** Pins in creation order. */
    pins: [],
    /** mediaId → { id, owner, status, reads, bytes } */
    media: new Map(),
    /** Status reads a media stays "processing" after its upload. */
    processingReads: 1,
    /** The next N API calls answer 429. */
    rateLimited: 0,
    rateReset: 60,
    /** { method, path } the rate limit applies to (null: every call). */
    rateOnly: null,
    /** Pin creations whose answer is held back (the Pin is made); released by `release()`. */
    hold: 0,
    held: [],
  };

  const limitHeaders = () => ({ "x-ratelimit-limit": "1000", "x-ratelimit-remaining": String(state.rateLimited ? 0 : 999), "x-ratelimit-reset": String(state.rateReset) });
  const api = (method, pattern, scopes, handler) =>
    sim.route(API, method, pattern, async (ctx) => {
      Object.assign(ctx.responseHeaders, limitHeaders());
      if (state.rateLimited > 0 && (!state.rateOnly || (state.rateOnly.method === ctx.method && state.rateOnly.path === ctx.path))) {
        state.rateLimited -= 1;
        throw err(429, 8, "You have exceeded your rate limit. Try again later.", limitHeaders());
      }
      const token = oauth.authenticate(ctx, { scopes });
      const user = state.users.get(token.userId);
      if (!user) throw err(401, 2, "Authentication failed.");
      return handler(ctx, user);
    });

  const pageOf = (ctx, list, max = 250) => {
    const size = Number(ctx.query.get("page_size") ?? 25);
    if (!Number.isInteger(size) || size < 1 || size > max) throw err(400, 1, `page_size must be 1-${max}`);
    const start = Number(ctx.query.get("bookmark") ?? 0) || 0;
    const items = list.slice(start, start + size);
    return { items, bookmark: start + size < list.length ? String(start + size) : null };
  };
  const pinJson = (p) => ({ id: p.id, created_at: stamp(p.created), link: p.link, title: p.title, description: p.description, alt_text: p.alt_text, board_id: p.board_id, board_owner: { username: p.owner }, media: { media_type: p.media_type } });
  const ownPin = (user, id) => {
    const p = state.pins.find((x) => x.id === id && x.ownerId === user.id);
    if (!p) throw err(404, 50, "Pin not found.");
    return p;
  };

  api("GET", "/v5/user_account", ["user_accounts:read"], (_ctx, u) => ({ account_type: "BUSINESS", id: u.id, username: u.username, business_name: u.business_name, profile_image: `https://i.pinimg.com/${u.username}.jpg`, follower_count: u.follower_count, following_count: 0, pin_count: state.pins.filter((p) => p.ownerId === u.id).length, board_count: [...state.boards.values()].filter((b) => b.ownerId === u.id).length, monthly_views: 0 }));

  api("GET", "/v5/boards", ["boards:read"], (ctx, u) => pageOf(ctx, [...state.boards.values()].filter((b) => b.ownerId === u.id).map((b) => ({ id: b.id, name: b.name, privacy: b.privacy, owner: { username: u.username } }))));

  api("GET", "/v5/boards/:id/pins", ["boards:read", "pins:read"], (ctx, u) => {
    const b = state.boards.get(ctx.params.id);
    if (!b) throw err(404, 40, "Board not found.");
    if (b.ownerId !== u.id) throw err(403, 29, "You are not permitted to access that resource.");
    return pageOf(ctx, state.pins.filter((p) => p.board_id === b.id).reverse().map(pinJson), 250);
  });

  api("GET", "/v5/pins", ["pins:read"], (ctx, u) => pageOf(ctx, state.pins.filter((p) => p.ownerId === u.id).reverse().map(pinJson), 250));
  api("GET", "/v5/pins/:id", ["pins:read"], (ctx, u) => pinJson(ownPin(u, ctx.params.id)));

  api("POST", "/v5/pins", ["pins:write", "boards:read"], async (ctx, u) => {
    const body = ctx.json();
    if (!body || typeof body !== "object") throw err(400, 1, "Invalid request body.");
    const board = state.boards.get(String(body.board_id ?? ""));
    if (!body.board_id) throw err(400, 1, "board_id is required.");
    if (!board) throw err(404, 40, "Board not found.");
    if (board.ownerId !== u.id) throw err(403, 29, "You are not permitted to access that resource.");
    for (const [field, max] of [["title", 100], ["description", 500], ["alt_text", 500]]) {
      if (body[field] !== undefined && (typeof body[field] !== "string" || [...body[field]].length > max)) throw err(400, 1, `${field} must be at most ${max} characters.`);
    }
    if (body.link !== undefined && body.link !== null && !isUrl(body.link)) throw err(400, 1, "link is not a valid URL.");
    const src = body.media_source ?? {};
    let mediaType;
    let images = [];
    if (src.source_type === "image_url") {
      images = [src.url];
      mediaType = "image";
    } else if (src.source_type === "multiple_image_urls") {
      if (!Array.isArray(src.items) || src.items.length < 2 || src.items.length > 5) throw err(400, 1, "multiple_image_urls takes 2 to 5 items.");
      images = src.items.map((i) => i.url);
      mediaType = "multiple_images";
    } else if (src.source_type === "image_base64") {
      if (!["image/jpeg", "image/png"].includes(src.content_type) || typeof src.data !== "string" || !src.data) throw err(400, 1, "image_base64 needs content_type image/jpeg or image/png and data.");
      mediaType = "image";
    } else if (src.source_type === "video_id") {
      const m = state.media.get(String(src.media_id ?? ""));
      if (!m || m.ownerId !== u.id) throw err(404, 1, "Media not found.");
      if (m.status !== "succeeded") throw err(400, 1, `Media is not ready (status ${m.status}).`);
      if (!src.cover_image_url && typeof src.cover_image_key_frame_time !== "number") throw err(400, 1, "A video Pin needs cover_image_url or cover_image_key_frame_time.");
      if (m.usedBy) throw err(400, 1, "This media was already used for a Pin.");
      mediaType = "video";
    } else throw err(400, 1, "media_source.source_type is not valid.");
    for (const url of images) {
      if (!isUrl(url)) throw err(400, 1, "The image URL is not valid.");
      const got = await sim.fetchMedia(url);
      if (!got.ok || !got.contentType.startsWith("image/")) throw err(400, 1, "Sorry we could not fetch the image.");
    }
    const pin = { id: String(1089000000000 + state.pins.length + 1), ownerId: u.id, owner: u.username, board_id: board.id, title: body.title ?? null, description: body.description ?? "", link: body.link ?? null, alt_text: body.alt_text ?? null, media_type: mediaType, created: sim.now(), metrics: { IMPRESSION: 0, SAVE: 0, PIN_CLICK: 0, OUTBOUND_CLICK: 0 } };
    if (src.source_type === "video_id") state.media.get(String(src.media_id)).usedBy = pin.id;
    state.pins.push(pin);
    if (state.hold > 0) {
      state.hold -= 1;
      await new Promise((resolve) => state.held.push(resolve));
    }
    return reply(201, pinJson(pin));
  });

  api("POST", "/v5/media", ["pins:write"], (ctx, u) => {
    if (ctx.json()?.media_type !== "video") throw err(400, 1, "media_type must be video.");
    const id = String(1000000 + state.media.size + 1);
    state.media.set(id, { id, ownerId: u.id, status: "registered", reads: 0, bytes: 0, usedBy: null });
    return reply(201, { media_id: id, media_type: "video", upload_url: sim.publicUrl(UPLOAD_HOST, "/"), upload_parameters: { "x-amz-date": "20261207T000000Z", "x-amz-signature": randomId("sig"), "x-amz-security-token": randomId("tok"), "x-amz-algorithm": "AWS4-HMAC-SHA256", key: `uploads/${id}`, policy: randomId("pol"), "x-amz-credential": "SIM/20261207/us-east-1/s3/aws4_request", "Content-Type": "multipart/form-data" } });
  });

  api("GET", "/v5/media/:id", ["pins:read"], (ctx, u) => {
    const m = state.media.get(ctx.params.id);
    if (!m || m.ownerId !== u.id) throw err(404, 1, "Media not found.");
    if (m.status === "processing" && ++m.reads > state.processingReads) m.status = "succeeded";
    return { media_id: m.id, media_type: "video", status: m.status };
  });

  // The S3 upload: every upload parameter and the file, as multipart/form-data; 204 on success.
  sim.route(UPLOAD_HOST, "POST", "/", async (ctx) => {
    const form = await ctx.formData();
    const key = String(form.get("key") ?? "");
    const m = state.media.get(key.replace(/^uploads\//, ""));
    if (!m || !form.get("x-amz-signature") || !form.get("policy")) return reply(403, "<Error><Code>AccessDenied</Code></Error>");
    const file = form.get("file");
    if (!file || typeof file === "string") return reply(400, "<Error><Code>InvalidArgument</Code><Message>file missing</Message></Error>");
    m.bytes = file.size;
    m.status = "processing";
    m.reads = 0;
    return reply(204, null);
  });

  const analytics = (ctx, metrics, daily) => {
    const start = Date.parse(`${ctx.query.get("start_date")}T00:00:00Z`);
    const end = Date.parse(`${ctx.query.get("end_date")}T00:00:00Z`);
    if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) throw err(400, 1, "start_date and end_date are required (YYYY-MM-DD), start before end.");
    if (start < sim.now() - 90 * DAY - DAY) throw err(400, 1, "start_date cannot be more than 90 days back.");
    const types = (ctx.query.get("metric_types") ?? "").split(",").filter(Boolean);
    if (!types.length) throw err(400, 1, "metric_types is required.");
    const pick = (m) => Object.fromEntries(types.filter((t) => t in m).map((t) => [t, m[t]]));
    return { all: { daily_metrics: daily.filter((d) => { const t = Date.parse(`${d.date}T00:00:00Z`); return t >= start && t <= end; }).map((d) => ({ date: d.date, data_status: d.data_status ?? "READY", metrics: pick(d.metrics) })), summary_metrics: pick(metrics), lifetime_metrics: pick(metrics) } };
  };
  api("GET", "/v5/pins/:id/analytics", ["pins:read"], (ctx, u) => analytics(ctx, ownPin(u, ctx.params.id).metrics, []));
  api("GET", "/v5/user_account/analytics", ["user_accounts:read"], (ctx, u) => analytics(ctx, {}, u.daily));

  return {
    sim,
    oauth,
    state,
    /** A developer app with its redirect URI. */
    createApp({ redirectUris }) {
      return oauth.registerApp({ clientId: String(1480000 + oauth.apps.size + 1), clientSecret: randomId("secret_"), redirectUris, scopes: PINTEREST_SCOPES, name: "Socialplan" });
    },
    /** A business account with boards. */
    createUser({ username, businessName = null, followers = 0, boards = [{ name: "Ideas" }] }) {
      const id = String(9000000000 + state.users.size + 1);
      const u = { id, username, business_name: businessName, follower_count: followers, daily: [] };
      state.users.set(id, u);
      oauth.addUser({ id, name: username });
      const made = boards.map((b) => {
        const board = { id: String(700000 + state.boards.size + 1), name: b.name, privacy: b.privacy ?? "PUBLIC", ownerId: id };
        state.boards.set(board.id, board);
        return board;
      });
      return { user: u, boards: made };
    },
    /** Tokens without the consent page. */
    issueToken(userId, clientId, scopes = PINTEREST_SCOPES) {
      return oauth.issue(userId, clientId, scopes);
    },
    pinsOn(boardId) {
      return state.pins.filter((p) => p.board_id === boardId);
    },
    /** A Pin made on the website (not by the app). */
    addOutsidePin(userId, boardId, fields) {
      const u = state.users.get(userId);
      const pin = { id: String(1089000000000 + state.pins.length + 1), ownerId: userId, owner: u.username, board_id: boardId, title: fields.title ?? null, description: fields.description ?? "", link: fields.link ?? null, alt_text: null, media_type: "image", created: fields.created ?? sim.now(), metrics: { IMPRESSION: 0, SAVE: 0, PIN_CLICK: 0, OUTBOUND_CLICK: 0, ...(fields.metrics ?? {}) } };
      state.pins.push(pin);
      return pin;
    },
    /** The next `n` API calls (those of `only`'s method and path, when given) answer 429 with X-RateLimit-Reset `resetSeconds`. */
    rateLimit(n, resetSeconds = 60, only = null) {
      state.rateLimited = n;
      state.rateReset = resetSeconds;
      state.rateOnly = only;
    },
    /** The next `n` Pin creations are made but their answers held back until `release()`. */
    holdCreates(n = 1) {
      state.hold = n;
    },
    release() {
      for (const r of state.held.splice(0)) r();
    },
  };
}

/** A Pinterest simulator on its own sim-kit server. */
export async function startPinterestSimulator() {
  const sim = await startSimKit();
  const p = registerPinterest(sim);
  return { ...p, url: sim.url, close: () => sim.close() };
}
