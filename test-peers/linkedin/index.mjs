/**
 * A contract simulator of LinkedIn's APIs that Socialplan uses, on the simulator kit (test-peers/sim-kit): the
 * 3-legged OAuth sign-in, OpenID Connect userinfo, organizationAcls and organizations, the versioned Posts, Images,
 * Videos and Documents APIs, organization share statistics, network sizes and member post analytics. Each rule and
 * error cites the page it comes from; where LinkedIn's pages are silent the comment says "not documented; chosen".
 *
 * `registerLinkedIn(sim)` plugs it into a kit (several networks can share one); `startLinkedInSimulator()` starts
 * a kit of its own.
 */
import crypto from "node:crypto";
import { reply, SimError, startSimKit } from "../sim-kit/index.mjs";

const API = "api.linkedin.com";
const WWW = "www.linkedin.com";
const DAY = 86_400_000;

/**
 * Token lifetimes: "access tokens are valid for 60 days and programmatic refresh tokens are valid for a year";
 * refreshing keeps the refresh token's original end
 * (https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens).
 */
const ACCESS_TTL = 60 * DAY;
const REFRESH_TTL = 365 * DAY;

/** Video parts: "the file is split into parts of 4 MB" (uploadInstructions, Videos API). */
export const VIDEO_PART_BYTES = 4 * 1024 * 1024;

/**
 * Reserved characters of the little text format, escaped with a backslash
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format).
 */
const RESERVED = new Set(["\\", "|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "*", "_", "~"]);

/**
 * What a little-text commentary reads as: escapes undone, `{hashtag|\#|tag}` shown as `#tag`. An unescaped
 * reserved character outside a template: LinkedIn's pages say they must be escaped and do not say what happens
 * otherwise; chosen: the text stops there (what integrators report), and `unescaped` says so.
 * @param {string} text
 */
export function readLittleText(text) {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length) {
      out += text[++i];
      continue;
    }
    if (c === "{") {
      const m = /^\{hashtag\|\\#\|((?:\\.|[^}\\])+)\}/u.exec(text.slice(i));
      if (m) {
        out += `#${m[1].replace(/\\(.)/gu, "$1")}`;
        i += m[0].length - 1;
        continue;
      }
    }
    if (RESERVED.has(c)) return { text: out, unescaped: true };
    out += c;
  }
  return { text: out, unescaped: false };
}

/**
 * LinkedIn's error body: `{ status, serviceErrorCode, code, message }`
 * (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling).
 * @param {number} status @param {string} code @param {string} message @param {number} [service]
 */
const err = (status, code, message, service) => new SimError(status, { status, ...(service !== undefined ? { serviceErrorCode: service } : {}), code, message });

/** @param {string} urn */
const idOf = (urn) => urn.slice(urn.lastIndexOf(":") + 1);
const num = () => String(crypto.randomInt(1e9, 1e10)) + String(crypto.randomInt(1e8, 1e9));

/**
 * Registers LinkedIn on a simulator kit.
 * @param {import("../sim-kit/index.d.mts").SimKit} sim
 */
export function registerLinkedIn(sim) {
  const oauth = sim.oauth2({
    name: "LinkedIn",
    // https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow
    authorize: { host: WWW, path: "/oauth/v2/authorization" },
    token: { host: WWW, path: "/oauth/v2/accessToken" },
    // client_id and client_secret in the form body (the page's step 3).
    clientAuth: "body",
    // PKCE is documented for native clients only: not checked in this web flow.
    pkce: "none",
    scopeSeparator: " ",
    accessTtlMs: ACCESS_TTL,
    refreshTtlMs: REFRESH_TTL,
    // The refresh token keeps its end; the same refresh token is used again (programmatic-refresh-tokens).
    rotateRefresh: false,
    tokenBody: (t) => {
      const now = sim.now();
      return {
        access_token: t.access,
        expires_in: Math.round(((t.accessExpiresAt ?? now) - now) / 1000),
        ...(t.refresh ? { refresh_token: t.refresh, refresh_token_expires_in: Math.round(((t.refreshExpiresAt ?? now) - now) / 1000) } : {}),
        scope: t.scopes.join(","),
      };
    },
    // 401 for an expired, revoked or invalid token (error-handling page). serviceErrorCode values: not documented
    // there; chosen: 65600 invalid, 65601 revoked, 65602 expired.
    unauthorized: (_ctx, reason) =>
      reason === "revoked"
        ? err(401, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user", 65601)
        : reason === "expired"
          ? err(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65602)
          : err(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600),
    // 403 ACCESS_DENIED for a missing permission (error-handling page).
    forbidden: (_ctx, missing) => err(403, "ACCESS_DENIED", `Not enough permissions to access this resource (missing ${missing.join(", ")})`, 100),
  });

  /** @type {import("./index.d.mts").LinkedInState} */
  const state = { members: new Map(), organizations: new Map(), media: new Map(), uploads: new Map(), posts: [], stats: new Map(), memberStats: new Map(), createdPerDay: new Map() };
  const control = { memberDailyPosts: 150, processingReads: 0, failNextVideo: false, failNextDocument: false };
  /**
   * Creates held for a crash test: "before" — the request waits and, once released, is answered 503 without a post
   * made (the app was gone before LinkedIn acted); "after" — the post is made and the answer waits until released
   * (the app is killed while the answer is on its way). @type {Array<{ mode: "before" | "after", count: number, author?: string }>}
   */
  let holds = [];
  /** @type {Array<() => void>} */
  let held = [];
  const waitRelease = () => new Promise((r) => held.push(() => r(undefined)));

  // ---- the versioned API's headers -------------------------------------------------------------------------
  /**
   * Every /rest call names a version: `LinkedIn-Version: YYYYMM`, active for at least a year after its release;
   * an inactive one answers 426 NONEXISTENT_VERSION, a missing one 400 VERSION_MISSING
   * (https://learn.microsoft.com/en-us/linkedin/marketing/versioning). And `X-Restli-Protocol-Version: 2.0.0`
   * (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version): without it the
   * query parameters are read as protocol 1.0; chosen: 400, as a 2.0 query does not parse as 1.0.
   * @param {import("../sim-kit/index.d.mts").Ctx} ctx
   */
  function versioned(ctx) {
    const v = String(ctx.headers["linkedin-version"] ?? "");
    if (!v) throw err(400, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
    if (!/^\d{6}(\.\d{2})?$/.test(v)) throw err(400, "INVALID_VERSION", `Invalid version ${v}: use YYYYMM`);
    const d = new Date(sim.now());
    const current = d.getUTCFullYear() * 12 + d.getUTCMonth();
    const asked = Number(v.slice(0, 4)) * 12 + Number(v.slice(4, 6)) - 1;
    // Not documented exactly when each version ends ("at least one year"); chosen: 12 months after its month.
    if (asked > current || current - asked > 12) throw err(426, "NONEXISTENT_VERSION", `Requested version ${v} is not active`);
    if (ctx.headers["x-restli-protocol-version"] !== "2.0.0") throw err(400, "ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version: 2.0.0 is required for this request");
  }

  /** @param {import("../sim-kit/index.d.mts").Ctx} ctx @param {string[]} [scopes] */
  function member(ctx, scopes = []) {
    const token = oauth.authenticate(ctx, { scopes });
    const m = state.members.get(token.userId);
    if (!m) throw err(401, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600);
    return { token, member: m };
  }

  /**
   * Who may act as `author`: the member themself with w_member_social, or an organization the member is an
   * approved ADMINISTRATOR of, with w_organization_social (Posts API, permissions; organization access control).
   * @param {{ token: import("../sim-kit/index.d.mts").OAuthToken, member: import("./index.d.mts").Member }} who
   * @param {string} author @param {"write" | "read" | "admin"} what
   */
  function mayActAs(who, author, what) {
    const has = (/** @type {string} */ s) => who.token.scopes.includes(s);
    if (author.startsWith("urn:li:person:")) {
      if (author !== who.member.urn) throw err(403, "ACCESS_DENIED", `Not enough permissions to act as ${author}`, 100);
      // Reading a member's posts needs r_member_social, "restricted to approved partners" (Posts API permissions).
      const need = what === "write" ? "w_member_social" : what === "read" ? "r_member_social" : "r_member_postAnalytics";
      if (!has(need)) throw err(403, "ACCESS_DENIED", `Not enough permissions to access: ${need} is required`, 100);
      return;
    }
    const org = state.organizations.get(author);
    if (!org) throw err(404, "NOT_FOUND", `Organization ${author} does not exist`);
    const need = what === "write" ? "w_organization_social" : what === "read" ? "r_organization_social" : "rw_organization_admin";
    if (!has(need)) throw err(403, "ACCESS_DENIED", `Not enough permissions to access: ${need} is required`, 100);
    if (!org.admins.has(who.member.id)) throw err(403, "ACCESS_DENIED", `Member is not an ADMINISTRATOR of ${author}`, 100);
  }

  // ---- OpenID Connect userinfo -----------------------------------------------------------------------------
  // https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2 (openid, profile)
  sim.route(API, "GET", "/v2/userinfo", (ctx) => {
    const { member: m } = member(ctx, ["openid", "profile"]);
    return { sub: m.id, name: m.name, given_name: m.name.split(" ")[0], family_name: m.name.split(" ").slice(1).join(" "), picture: m.picture, locale: { country: "KR", language: "ko" } };
  });

  // ---- organizations -------------------------------------------------------------------------------------
  // https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role
  sim.route(API, "GET", "/rest/organizationAcls", (ctx) => {
    versioned(ctx);
    const who = member(ctx, []);
    if (!who.token.scopes.includes("rw_organization_admin") && !who.token.scopes.includes("r_organization_admin")) throw err(403, "ACCESS_DENIED", "Not enough permissions to access: rw_organization_admin is required", 100);
    if (ctx.query.get("q") !== "roleAssignee") throw err(400, "ILLEGAL_ARGUMENT", "q must be roleAssignee");
    const role = ctx.query.get("role");
    const wanted = ctx.query.get("state") ?? "APPROVED";
    const rows = [...state.organizations.values()]
      .filter((o) => (!role || role === "ADMINISTRATOR") && o.admins.has(who.member.id) && wanted === "APPROVED")
      .map((o) => ({ roleAssignee: who.member.urn, state: "APPROVED", role: "ADMINISTRATOR", organization: o.urn }));
    const start = Number(ctx.query.get("start") ?? 0);
    const count = Number(ctx.query.get("count") ?? 10);
    return { paging: { start, count, total: rows.length }, elements: rows.slice(start, start + count) };
  });
  // https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api
  sim.route(API, "GET", "/rest/organizations/:id", (ctx) => {
    versioned(ctx);
    member(ctx, []);
    const org = state.organizations.get(`urn:li:organization:${ctx.params.id}`);
    if (!org) throw err(404, "NOT_FOUND", `Organization ${ctx.params.id} does not exist`);
    return { id: Number(org.id), localizedName: org.name, vanityName: org.vanityName };
  });
  // Followers: networkSizes with edgeType COMPANY_FOLLOWED_BY_MEMBER → firstDegreeSize (organization-lookup-api).
  // Which permission it needs: not stated on the page; chosen: any member token.
  sim.route(API, "GET", "/rest/networkSizes/:urn", (ctx) => {
    versioned(ctx);
    member(ctx, []);
    if (ctx.query.get("edgeType") !== "COMPANY_FOLLOWED_BY_MEMBER") throw err(400, "ILLEGAL_ARGUMENT", "edgeType must be COMPANY_FOLLOWED_BY_MEMBER");
    const org = state.organizations.get(ctx.params.urn);
    if (!org) throw err(404, "NOT_FOUND", `${ctx.params.urn} does not exist`);
    return { firstDegreeSize: org.followers };
  });

  // ---- uploads (Images, Videos, Documents) -----------------------------------------------------------------
  /** Not documented how long an upload URL lives (the answer gives `uploadUrlExpiresAt`); chosen: one hour. */
  const UPLOAD_TTL = 3600_000;
  /** @param {"image" | "video" | "document"} kind @param {string} owner @param {number} [size] */
  function newMedia(kind, owner, size) {
    const prefix = { image: "D4E10AQ", video: "D5610AQ", document: "D4D10AQ" }[kind];
    const urn = `urn:li:${kind}:${prefix}${crypto.randomBytes(9).toString("base64url")}`;
    /** @type {import("./index.d.mts").Media} */
    const m = { urn, kind, owner, status: "WAITING_UPLOAD", bytes: null, size: size ?? null, parts: [], uploadToken: kind === "video" ? "" : null, reads: 0, fail: false };
    state.media.set(urn, m);
    return m;
  }
  /** @param {import("./index.d.mts").Media} m @param {number} part @param {number} first @param {number} last */
  function uploadUrl(m, part, first, last) {
    const id = crypto.randomBytes(12).toString("base64url");
    state.uploads.set(id, { id, urn: m.urn, part, firstByte: first, lastByte: last, expiresAt: sim.now() + UPLOAD_TTL, used: false, etag: null });
    return sim.publicUrl(WWW, `/dms-uploads/sp/${id}`);
  }
  /** @param {import("../sim-kit/index.d.mts").Ctx} ctx @param {"image" | "document"} kind */
  function initSimple(ctx, kind) {
    versioned(ctx);
    if (ctx.query.get("action") !== "initializeUpload") throw err(400, "ILLEGAL_ARGUMENT", "action must be initializeUpload");
    const who = member(ctx, []);
    const owner = ctx.json()?.initializeUploadRequest?.owner;
    if (typeof owner !== "string") throw err(422, "FIELD_VALUE_MISSING", "/initializeUploadRequest/owner is required");
    mayActAs(who, owner, "write");
    const m = newMedia(kind, owner);
    const url = uploadUrl(m, 0, 0, -1);
    return { value: { uploadUrlExpiresAt: sim.now() + UPLOAD_TTL, uploadUrl: url, [kind]: m.urn } };
  }
  // https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api
  sim.route(API, "POST", "/rest/images", (ctx) => initSimple(ctx, "image"));
  // https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/documents-api
  sim.route(API, "POST", "/rest/documents", (ctx) => initSimple(ctx, "document"));
  // https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api
  sim.route(API, "POST", "/rest/videos", (ctx) => {
    versioned(ctx);
    const who = member(ctx, []);
    const action = ctx.query.get("action");
    const body = ctx.json() ?? {};
    if (action === "initializeUpload") {
      const r = body.initializeUploadRequest ?? {};
      if (typeof r.owner !== "string") throw err(422, "FIELD_VALUE_MISSING", "/initializeUploadRequest/owner is required");
      if (typeof r.fileSizeBytes !== "number" || r.fileSizeBytes <= 0) throw err(422, "FIELD_VALUE_MISSING", "/initializeUploadRequest/fileSizeBytes is required");
      // "Video file size: 75 KB to 500 MB" (Videos API, video specifications).
      if (r.fileSizeBytes < 75 * 1024 || r.fileSizeBytes > 500 * 1024 * 1024) throw err(422, "INVALID_VALUE", `fileSizeBytes ${r.fileSizeBytes} is outside 75 KB to 500 MB`);
      mayActAs(who, r.owner, "write");
      const m = newMedia("video", r.owner, r.fileSizeBytes);
      m.uploadToken = r.fileSizeBytes > VIDEO_PART_BYTES ? crypto.randomBytes(8).toString("hex") : "";
      const instructions = [];
      for (let first = 0, part = 0; first < r.fileSizeBytes; first += VIDEO_PART_BYTES, part++) {
        const last = Math.min(first + VIDEO_PART_BYTES, r.fileSizeBytes) - 1;
        instructions.push({ uploadUrl: uploadUrl(m, part, first, last), firstByte: first, lastByte: last });
      }
      m.parts = instructions.map(() => null);
      return { value: { uploadUrlsExpireAt: sim.now() + UPLOAD_TTL, video: m.urn, uploadInstructions: instructions, uploadToken: m.uploadToken } };
    }
    if (action === "finalizeUpload") {
      const r = body.finalizeUploadRequest ?? {};
      const m = state.media.get(r.video);
      if (!m || m.kind !== "video") throw err(404, "NOT_FOUND", `video ${r.video} does not exist`);
      mayActAs(who, m.owner, "write");
      if ((r.uploadToken ?? "") !== (m.uploadToken ?? "")) throw err(400, "ILLEGAL_ARGUMENT", "uploadToken does not match the upload");
      const ids = Array.isArray(r.uploadedPartIds) ? r.uploadedPartIds : [];
      // Every part's ETag, in order (Videos API, "Finalize video upload").
      if (ids.length !== m.parts.length || m.parts.some((p, i) => !p || p.etag !== ids[i])) throw err(400, "ILLEGAL_ARGUMENT", "uploadedPartIds do not match the uploaded parts");
      m.bytes = Buffer.concat(m.parts.map((p) => /** @type {Buffer} */ (p?.bytes)));
      m.status = "PROCESSING";
      m.reads = 0;
      if (control.failNextVideo) {
        control.failNextVideo = false;
        m.fail = true;
      }
      return reply(200, {});
    }
    throw err(400, "ILLEGAL_ARGUMENT", "action must be initializeUpload or finalizeUpload");
  });
  /**
   * The upload itself: `PUT` the bytes to the upload URL with the member's token (Images API "Upload the image").
   * An expired or used upload URL: not documented; chosen: 400.
   */
  sim.route(WWW, "PUT", "/dms-uploads/sp/:id", (ctx) => {
    const up = state.uploads.get(ctx.params.id);
    if (!up) throw err(404, "NOT_FOUND", "No such upload");
    member(ctx, []);
    if (up.expiresAt <= sim.now()) throw err(400, "UPLOAD_EXPIRED", "The upload URL has expired");
    const m = /** @type {import("./index.d.mts").Media} */ (state.media.get(up.urn));
    if (!ctx.raw.length) throw err(400, "EMPTY_UPLOAD", "The upload is empty");
    if (m.kind === "video") {
      const expected = up.lastByte - up.firstByte + 1;
      if (ctx.raw.length !== expected) throw err(400, "INVALID_PART", `part ${up.part} must be ${expected} bytes, got ${ctx.raw.length}`);
      const etag = `/ambry-video/signedId/${crypto.createHash("sha1").update(ctx.raw).digest("hex")}`;
      m.parts[up.part] = { etag, bytes: Buffer.from(ctx.raw) };
      up.used = true;
      return reply(200, "", { etag });
    }
    if (m.kind === "document" && !ctx.raw.subarray(0, 5).equals(Buffer.from("%PDF-"))) {
      // PDF, PPT, PPTX, DOC, DOCX (Documents API); the simulator reads PDFs only.
      m.status = "PROCESSING";
      m.fail = true;
    } else {
      m.status = "PROCESSING";
      if (m.kind === "document" && control.failNextDocument) {
        control.failNextDocument = false;
        m.fail = true;
      }
    }
    m.bytes = Buffer.from(ctx.raw);
    up.used = true;
    m.reads = 0;
    return reply(201, "");
  });
  /** @param {"image" | "video" | "document"} kind */
  const mediaRead = (kind) => (/** @type {import("../sim-kit/index.d.mts").Ctx} */ ctx) => {
    versioned(ctx);
    const who = member(ctx, []);
    const m = state.media.get(ctx.params.urn);
    if (!m || m.kind !== kind) throw err(404, "NOT_FOUND", `${kind} ${ctx.params.urn} does not exist`);
    mayActAs(who, m.owner, "write");
    // Processing takes a few reads (settable); then AVAILABLE, or PROCESSING_FAILED for a file it cannot use.
    if (m.status === "PROCESSING" && ++m.reads > control.processingReads) m.status = m.fail ? "PROCESSING_FAILED" : "AVAILABLE";
    return { id: m.urn, owner: m.owner, status: m.status, ...(m.kind === "video" && m.size ? { fileSizeBytes: m.size } : {}) };
  };
  sim.route(API, "GET", "/rest/images/:urn", mediaRead("image"));
  sim.route(API, "GET", "/rest/videos/:urn", mediaRead("video"));
  sim.route(API, "GET", "/rest/documents/:urn", mediaRead("document"));

  // ---- posts ---------------------------------------------------------------------------------------------
  // https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
  /** @param {string} urn @param {string} author @param {"image" | "video" | "document"} kind */
  function usable(urn, author, kind) {
    const m = state.media.get(urn);
    if (!m || m.kind !== kind) throw err(422, "INVALID_CONTENT", `${urn} is not a ${kind} of this app`);
    if (m.owner !== author) throw err(422, "INVALID_CONTENT", `${urn} is owned by ${m.owner}, not the post's author`);
    if (m.status !== "AVAILABLE") throw err(422, "MEDIA_NOT_READY", `${urn} is ${m.status}`);
  }
  sim.route(API, "POST", "/rest/posts", async (ctx) => {
    versioned(ctx);
    const who = member(ctx, []);
    const p = ctx.json();
    if (!p || typeof p !== "object") throw err(400, "ILLEGAL_ARGUMENT", "The body must be a JSON post");
    for (const f of ["author", "visibility", "distribution", "lifecycleState"]) if (p[f] === undefined) throw err(422, "FIELD_VALUE_MISSING", `/${f} is required`);
    mayActAs(who, p.author, "write");
    if (!["PUBLIC", "CONNECTIONS", "LOGGED_IN"].includes(p.visibility)) throw err(422, "INVALID_VALUE", `/visibility ${p.visibility}`);
    if (p.distribution?.feedDistribution === undefined) throw err(422, "FIELD_VALUE_MISSING", "/distribution/feedDistribution is required");
    if (p.lifecycleState !== "PUBLISHED" && p.lifecycleState !== "DRAFT") throw err(422, "INVALID_VALUE", `/lifecycleState ${p.lifecycleState}`);
    const commentary = typeof p.commentary === "string" ? p.commentary : "";
    // "commentary … max 3000 characters" (Posts API schema). Counted here in UTF-16 units of the little text;
    // LinkedIn does not say what it counts: chosen.
    if (commentary.length > 3000) throw err(422, "INVALID_VALUE", `/commentary is ${commentary.length} characters; at most 3000`);
    const c = p.content ?? null;
    if (c) {
      if (c.media) {
        const urn = String(c.media.id ?? "");
        const kind = urn.startsWith("urn:li:video:") ? "video" : urn.startsWith("urn:li:document:") ? "document" : "image";
        usable(urn, p.author, kind);
        // Documents need a title (Documents API, "Create a document post").
        if (kind === "document" && !c.media.title) throw err(422, "FIELD_VALUE_MISSING", "/content/media/title is required for a document");
      } else if (c.multiImage) {
        const images = Array.isArray(c.multiImage.images) ? c.multiImage.images : [];
        // "MultiImage … between 2 and 20 images" (multiimage-post-api).
        if (images.length < 2 || images.length > 20) throw err(422, "INVALID_VALUE", `/content/multiImage/images has ${images.length}; 2 to 20`);
        for (const im of images) usable(String(im.id ?? ""), p.author, "image");
      } else if (c.article) {
        if (typeof c.article.source !== "string" || !/^https?:\/\//.test(c.article.source)) throw err(422, "INVALID_VALUE", "/content/article/source must be a URL");
        if (typeof c.article.title !== "string" || !c.article.title) throw err(422, "FIELD_VALUE_MISSING", "/content/article/title is required");
      } else throw err(422, "INVALID_CONTENT", "content must be media, multiImage or article");
    } else if (!commentary) throw err(422, "FIELD_VALUE_MISSING", "/commentary is required for a post without content");
    // Daily limits per member (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits:
    // each app's are shown in the developer portal, reset at midnight UTC); chosen: memberDailyPosts a day, settable.
    const day = `${who.member.id}/${new Date(sim.now()).toISOString().slice(0, 10)}`;
    const used = state.createdPerDay.get(day) ?? 0;
    if (used >= control.memberDailyPosts) throw err(429, "TOO_MANY_REQUESTS", "Resource level throttle MEMBER DAY limit for calls to this resource is reached.", 101);
    state.createdPerDay.set(day, used + 1);
    const holding = holds.find((h) => h.count > 0 && (!h.author || h.author === p.author)) ?? null;
    if (holding) holding.count -= 1;
    if (holding?.mode === "before") {
      state.createdPerDay.set(day, used);
      await waitRelease();
      throw err(503, "SERVICE_UNAVAILABLE", "held by the test: not created");
    }
    const urn = `urn:li:share:${num()}`;
    const read = readLittleText(commentary);
    /** @type {import("./index.d.mts").Post} */
    const post = { id: urn, author: p.author, commentary, text: read.text, unescaped: read.unescaped, visibility: p.visibility, lifecycleState: p.lifecycleState, content: c, createdAt: sim.now(), publishedAt: sim.now(), byMember: who.member.id };
    state.posts.push(post);
    if (holding?.mode === "after") await waitRelease();
    // The new post's URN is in x-restli-id (201 Created).
    return reply(201, "", { "x-restli-id": urn, "x-linkedin-id": urn });
  });
  /** @param {import("./index.d.mts").Post} p */
  const view = (p) => ({ id: p.id, author: p.author, commentary: p.commentary, visibility: p.visibility, lifecycleState: p.lifecycleState, createdAt: p.createdAt, publishedAt: p.publishedAt, lastModifiedAt: p.createdAt, distribution: { feedDistribution: "MAIN_FEED" }, ...(p.content ? { content: p.content } : {}) });
  // Find posts by author: q=author, author, sortBy (LAST_MODIFIED default, or CREATED), start, count (≤ 100).
  sim.route(API, "GET", "/rest/posts", (ctx) => {
    versioned(ctx);
    const who = member(ctx, []);
    if (ctx.query.get("q") !== "author") throw err(400, "ILLEGAL_ARGUMENT", "q must be author");
    const author = ctx.query.get("author") ?? "";
    mayActAs(who, author, "read");
    const start = Number(ctx.query.get("start") ?? 0);
    const count = Math.min(100, Number(ctx.query.get("count") ?? 10));
    const rows = state.posts.filter((p) => p.author === author).sort((a, b) => b.createdAt - a.createdAt);
    return { paging: { start, count, total: rows.length }, elements: rows.slice(start, start + count).map(view) };
  });
  sim.route(API, "GET", "/rest/posts/:urn", (ctx) => {
    versioned(ctx);
    const who = member(ctx, []);
    const p = state.posts.find((x) => x.id === ctx.params.urn);
    if (!p) throw err(404, "NOT_FOUND", `${ctx.params.urn} does not exist`);
    mayActAs(who, p.author, "read");
    return view(p);
  });

  // ---- numbers -------------------------------------------------------------------------------------------
  /**
   * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics —
   * rw_organization_admin, ADMINISTRATOR role; `shares=List(…)`/`ugcPosts=List(…)` for given posts; lifetime
   * numbers when no timeIntervals; posts of the last 12 months only (rolling window).
   */
  sim.route(API, "GET", "/rest/organizationalEntityShareStatistics", (ctx) => {
    versioned(ctx);
    const who = member(ctx, []);
    if (ctx.query.get("q") !== "organizationalEntity") throw err(400, "ILLEGAL_ARGUMENT", "q must be organizationalEntity");
    const org = ctx.query.get("organizationalEntity") ?? "";
    mayActAs(who, org, "admin");
    const list = (/** @type {string} */ name) => {
      const raw = ctx.query.get(name);
      if (!raw) return [];
      const m = /^List\((.*)\)$/.exec(raw);
      if (!m) throw err(400, "ILLEGAL_ARGUMENT", `${name} must be List(...)`);
      return m[1] ? m[1].split(",").map((x) => decodeURIComponent(x)) : [];
    };
    const ids = [...list("shares"), ...list("ugcPosts")];
    const yearAgo = sim.now() - 365 * DAY;
    const elements = [];
    for (const id of ids) {
      const p = state.posts.find((x) => x.id === id);
      if (!p || p.author !== org) throw err(403, "ACCESS_DENIED", `Unpermitted fields present in PARAMETER: ${id} is not a post of ${org}`, 100);
      if (p.createdAt < yearAgo) continue;
      const s = state.stats.get(id) ?? {};
      elements.push({ organizationalEntity: org, [id.startsWith("urn:li:ugcPost:") ? "ugcPost" : "share"]: id, totalShareStatistics: { impressionCount: 0, uniqueImpressionsCount: 0, clickCount: 0, likeCount: 0, commentCount: 0, shareCount: 0, engagement: 0, ...s } });
    }
    return { paging: { start: 0, count: elements.length, total: elements.length }, elements };
  });
  /**
   * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/post-statistics —
   * r_member_postAnalytics; q=entity with entity=(share:…) or (ugc:…), queryType IMPRESSION, MEMBERS_REACHED,
   * RESHARE, REACTION, COMMENT; aggregation TOTAL or DAILY.
   */
  sim.route(API, "GET", "/rest/memberCreatorPostAnalytics", (ctx) => {
    versioned(ctx);
    const who = member(ctx, ["r_member_postAnalytics"]);
    if (ctx.query.get("q") !== "entity") throw err(400, "ILLEGAL_ARGUMENT", "q must be entity");
    const m = /^\((share|ugc):(.+)\)$/.exec(ctx.query.get("entity") ?? "");
    if (!m) throw err(400, "ILLEGAL_ARGUMENT", "entity must be (share:urn) or (ugc:urn)");
    const id = decodeURIComponent(m[2]);
    const p = state.posts.find((x) => x.id === id);
    if (!p || p.author !== who.member.urn) throw err(403, "ACCESS_DENIED", `${id} is not a post of the member`, 100);
    const type = ctx.query.get("queryType") ?? "";
    if (!["IMPRESSION", "MEMBERS_REACHED", "RESHARE", "REACTION", "COMMENT"].includes(type)) throw err(400, "ILLEGAL_ARGUMENT", `queryType ${type}`);
    const s = state.memberStats.get(id) ?? {};
    return { paging: { start: 0, count: 1 }, elements: [{ count: s[type] ?? 0, metricType: { "com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1": type } }] };
  });

  // ---- what tests set up and read ------------------------------------------------------------------------
  let orgSeq = 10_000_000 + crypto.randomInt(1e6);
  return {
    oauth,
    state,
    control,
    /** A developer app; `scopes` are what its products allow (others: the consent answers invalid_scope). */
    createApp(/** @type {{ redirectUris: string[], scopes?: string[] }} */ o) {
      const clientId = `86${crypto.randomBytes(6).toString("hex")}`;
      const clientSecret = crypto.randomBytes(12).toString("base64url");
      oauth.registerApp({ clientId, clientSecret, redirectUris: o.redirectUris, ...(o.scopes ? { scopes: o.scopes } : {}) });
      return { clientId, clientSecret };
    },
    createMember(/** @type {{ name?: string }} */ o = {}) {
      const id = crypto.randomBytes(5).toString("base64url");
      const m = { id, urn: `urn:li:person:${id}`, name: o.name ?? "Min-ji Kim", picture: `https://media.licdn.com/dms/image/${id}/profile.jpg` };
      state.members.set(id, m);
      oauth.addUser({ id, name: m.name });
      return m;
    },
    createOrganization(/** @type {{ name: string, vanityName?: string, admins: string[], followers?: number }} */ o) {
      const id = String(orgSeq++);
      const org = { id, urn: `urn:li:organization:${id}`, name: o.name, vanityName: o.vanityName ?? o.name.toLowerCase().replace(/\W+/g, "-"), admins: new Set(o.admins), followers: o.followers ?? 0 };
      state.organizations.set(org.urn, org);
      return org;
    },
    /** Tokens for a member without the consent page (as a finished sign-in leaves them). */
    issueToken(/** @type {string} */ memberId, /** @type {string} */ clientId, /** @type {string[]} */ scopes) {
      return oauth.issue(memberId, clientId, scopes);
    },
    postsBy(/** @type {string} */ author) {
      return state.posts.filter((p) => p.author === author);
    },
    setStats(/** @type {string} */ urn, /** @type {Record<string, number>} */ s) {
      state.stats.set(urn, s);
    },
    setMemberStats(/** @type {string} */ urn, /** @type {Record<string, number>} */ s) {
      state.memberStats.set(urn, s);
    },
    media(/** @type {string} */ urn) {
      return state.media.get(urn);
    },
    mediaOf(/** @type {string} */ owner, /** @type {"image" | "video" | "document"} */ kind) {
      return [...state.media.values()].filter((m) => m.owner === owner && m.kind === kind);
    },
    /** Holds the next `count` creates (of `author`, if given): see `holds` above. */
    holdCreates(/** @type {"before" | "after"} */ mode, count = 1, author = undefined) {
      holds.push({ mode, count, ...(author ? { author } : {}) });
    },
    /** Lets every held create go on. */
    releaseHeld() {
      const list = held;
      held = [];
      holds = [];
      for (const r of list) r();
    },
    /** Every upload URL handed out ends now (a PUT to one answers 400). */
    expireUploads() {
      for (const u of state.uploads.values()) u.expiresAt = Math.min(u.expiresAt, sim.now());
    },
  };
}

/** A LinkedIn simulator on a kit of its own. */
export async function startLinkedInSimulator() {
  const sim = await startSimKit();
  const linkedin = registerLinkedIn(sim);
  return { sim, linkedin, url: sim.url, close: () => sim.close() };
}
