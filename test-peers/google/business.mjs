/**
 * Google Business Profile on a sim-kit server (test-peers/sim-kit): the four APIs a Business Profile connection
 * uses, as their reference pages describe them. Bearer tokens are the Google OAuth server's (`google.oauth`, the
 * handle of registerGoogle in ./index.mjs, or any sim-kit OAuthServer standing in for it) and need the
 * `business.manage` scope ("Authorization scopes" on every method page below).
 *
 * - Account Management v1 `GET /v1/accounts` (pageSize ≤ 20, default 20):
 *   https://developers.google.com/my-business/reference/accountmanagement/rest/v1/accounts/list
 * - Business Information v1 `GET /v1/{parent=accounts/*}/locations` (readMask required, pageSize ≤ 100, default 10):
 *   https://developers.google.com/my-business/reference/businessinformation/rest/v1/accounts.locations/list and
 *   `GET /v1/{name=locations/*}` (readMask required):
 *   https://developers.google.com/my-business/reference/businessinformation/rest/v1/locations/get; `metadata`
 *   (canOperateLocalPost, hasVoiceOfMerchant, mapsUri):
 *   https://developers.google.com/my-business/reference/businessinformation/rest/v1/accounts.locations#Metadata
 * - v4 local posts `POST|GET /v4/{parent=accounts/*\/locations/*}/localPosts`, `GET /v4/{name=…/localPosts/*}`:
 *   https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts (+ /create, /list,
 *   /get) and https://developers.google.com/my-business/content/posts-data
 * - Business Profile Performance v1 `GET /v1/{location=locations/*}:fetchMultiDailyMetricsTimeSeries`:
 *   https://developers.google.com/my-business/reference/performance/rest/v1/locations/fetchMultiDailyMetricsTimeSeries
 *
 * Errors are Google's JSON error (`{ error: { code, message, status, details } }`,
 * https://cloud.google.com/apis/design/errors); v4 validation errors carry
 * `google.mybusiness.v4.ValidationError` details with ErrorDetail codes
 * (https://developers.google.com/my-business/reference/rest/Shared.Types/ErrorCode: 1-199 common, 1000-1099 photos).
 * The numeric values of the codes are not on the page; chosen: MISSING_VALUE 1, INVALID_VALUE 2, TOO_MANY_ITEMS 4,
 * PHOTO_FETCH_FAILED 1000, PHOTO_UPLOAD_FAILED 1001.
 */
import { randomId, reply, SimError } from "../sim-kit/index.mjs";

export const BUSINESS_SCOPE = "https://www.googleapis.com/auth/business.manage";
export const ACCOUNTS_HOST = "mybusinessaccountmanagement.googleapis.com";
export const INFO_HOST = "mybusinessbusinessinformation.googleapis.com";
export const V4_HOST = "mybusiness.googleapis.com";
export const PERFORMANCE_HOST = "businessprofileperformance.googleapis.com";

export const DAILY_METRICS = [
  "BUSINESS_IMPRESSIONS_DESKTOP_MAPS",
  "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH",
  "BUSINESS_IMPRESSIONS_MOBILE_MAPS",
  "BUSINESS_IMPRESSIONS_MOBILE_SEARCH",
  "BUSINESS_CONVERSATIONS",
  "BUSINESS_DIRECTION_REQUESTS",
  "CALL_CLICKS",
  "WEBSITE_CLICKS",
  "BUSINESS_BOOKINGS",
  "BUSINESS_FOOD_ORDERS",
  "BUSINESS_FOOD_MENU_CLICKS",
];
const TOPIC_TYPES = ["STANDARD", "EVENT", "OFFER", "ALERT"];
const ACTION_TYPES = ["BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL"];
/** "summary": the 1,500-character limit is the Business Profile help centre's for posts (not on the API page). */
const SUMMARY_MAX = 1500;
/** Photo guidelines (https://support.google.com/business/answer/6103862): JPG or PNG, 10 KB to 5 MB. */
const PHOTO_MIN_BYTES = 10 * 1024;
const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** @param {number} code @param {string} status @param {string} message @param {unknown[]} [details] */
export function googleError(code, status, message, details) {
  return new SimError(code, { error: { code, message, status, ...(details ? { details } : {}) } });
}

/** @param {{ code: number, field: string, message: string }[]} items */
const invalid = (message, items) =>
  googleError(400, "INVALID_ARGUMENT", message, [{ "@type": "type.googleapis.com/google.mybusiness.v4.ValidationError", errorDetails: items.map((e) => ({ code: e.code, field: e.field, message: e.message })) }]);

/** @param {string} v @param {number} def @param {number} max */
function pageSize(v, def, max) {
  if (v === null || v === "") return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw googleError(400, "INVALID_ARGUMENT", `pageSize must be between 1 and ${max}`);
  return n;
}

/** A page of `items` from `pageToken` (the offset, opaque to the app). */
function page(items, token, size) {
  const start = token ? Number(Buffer.from(token, "base64url").toString("utf8")) : 0;
  if (!Number.isInteger(start) || start < 0) throw googleError(400, "INVALID_ARGUMENT", "Invalid page token");
  const end = start + size;
  return { slice: items.slice(start, end), next: end < items.length ? Buffer.from(String(end)).toString("base64url") : undefined };
}

/** A FieldMask applied to a location: only the named top-level fields. */
function masked(loc, readMask) {
  if (!readMask) throw googleError(400, "INVALID_ARGUMENT", "Request contains an invalid argument: readMask is required");
  const known = new Set(["name", "title", "storefrontAddress", "metadata", "websiteUri", "phoneNumbers", "categories"]);
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const f of readMask.split(",").map((s) => s.trim())) {
    if (!known.has(f)) throw googleError(400, "INVALID_ARGUMENT", `Invalid field mask path: ${f}`);
    if (f === "metadata") out.metadata = { canOperateLocalPost: loc.verified, hasVoiceOfMerchant: loc.verified, mapsUri: `https://maps.google.com/maps?cid=${loc.id}` };
    else if (loc[f] !== undefined) out[f] = loc[f];
  }
  return out;
}

const ymd = (d) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
const validDate = (d) => d && Number.isInteger(d.year) && Number.isInteger(d.month) && Number.isInteger(d.day) && d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= 31;

/**
 * @param {import("../sim-kit/index.d.mts").SimKit} sim
 * @param {{ oauth: import("../sim-kit/index.d.mts").OAuthServer }} google
 */
export function registerGoogleBusiness(sim, google) {
  /** @type {Map<string, { name: string, accountName: string, type: string, users: Set<string> }>} */
  const accounts = new Map();
  /** @type {Map<string, any>} */
  const locations = new Map();
  /** @type {Map<string, any[]>} */
  const posts = new Map();
  /** location name → metric → day → value */
  /** @type {Map<string, Map<string, Map<string, number>>>} */
  const metrics = new Map();
  let next = 1000;
  /** Held creates (crash tests): "before" waits before making the post, "after" makes it and holds the answer. */
  /** @type {Array<{ mode: "before" | "after", location?: string }>} */
  const hangs = [];
  /** @type {Array<{ mode: "before" | "after", resolve: () => void, reject: (e: unknown) => void }>} */
  const held = [];
  const hold = (mode) => new Promise((resolve, reject) => held.push({ mode, resolve: () => resolve(undefined), reject }));
  const takeHang = (location, mode) => {
    const i = hangs.findIndex((h) => h.mode === mode && (!h.location || h.location === location));
    return i < 0 ? false : (hangs.splice(i, 1), true);
  };

  const user = (ctx) => google.oauth.authenticate(ctx, { scopes: [BUSINESS_SCOPE] }).userId;
  /** The location as `userId` may manage it (through one of their accounts), else PERMISSION_DENIED. */
  const managed = (userId, locationName, accountName) => {
    const loc = locations.get(locationName);
    const via = [...(loc?.accounts ?? [])].filter((a) => accounts.get(a)?.users.has(userId) && (!accountName || a === accountName));
    // Not documented which of 403/404 answers a location the caller cannot see; chosen: 403 PERMISSION_DENIED.
    if (!loc || !via.length) throw googleError(403, "PERMISSION_DENIED", "The caller does not have permission");
    return loc;
  };

  // Account Management: accounts.list.
  sim.route(ACCOUNTS_HOST, "GET", "/v1/accounts", (ctx) => {
    const userId = user(ctx);
    const mine = [...accounts.values()].filter((a) => a.users.has(userId));
    const { slice, next: token } = page(mine, ctx.query.get("pageToken"), pageSize(ctx.query.get("pageSize"), 20, 20));
    return { accounts: slice.map((a) => ({ name: a.name, accountName: a.accountName, type: a.type })), ...(token ? { nextPageToken: token } : {}) };
  });

  // Business Information: accounts.locations.list.
  sim.route(INFO_HOST, "GET", "/v1/accounts/:account/locations", (ctx) => {
    const userId = user(ctx);
    const account = accounts.get(`accounts/${ctx.params.account}`);
    if (!account || !account.users.has(userId)) throw googleError(403, "PERMISSION_DENIED", "The caller does not have permission");
    const readMask = ctx.query.get("readMask");
    const mine = [...locations.values()].filter((l) => l.accounts.has(account.name));
    const { slice, next: token } = page(mine, ctx.query.get("pageToken"), pageSize(ctx.query.get("pageSize"), 10, 100));
    return { locations: slice.map((l) => masked(l, readMask)), totalSize: mine.length, ...(token ? { nextPageToken: token } : {}) };
  });

  // Business Information: locations.get.
  sim.route(INFO_HOST, "GET", "/v1/locations/:location", (ctx) => masked(managed(user(ctx), `locations/${ctx.params.location}`), ctx.query.get("readMask")));

  /** Validates a LocalPost body as the create page and the resource's field notes say. */
  async function validate(body) {
    if (!body || typeof body !== "object") throw googleError(400, "INVALID_ARGUMENT", "Invalid JSON payload");
    const errors = [];
    const type = body.topicType;
    if (!TOPIC_TYPES.includes(type)) errors.push({ code: 1, field: "topic_type", message: "topicType is required: STANDARD, EVENT, OFFER or ALERT" });
    // ALERT posts need alertType (COVID_19, the only value); the app never sends them: refused here as unsupported.
    if (type === "ALERT") errors.push({ code: 2, field: "topic_type", message: "ALERT posts are not simulated" });
    if (typeof body.summary === "string" && [...body.summary].length > SUMMARY_MAX) errors.push({ code: 2, field: "summary", message: `summary is longer than ${SUMMARY_MAX} characters` });
    // "event: Event information. Required for topic types EVENT and OFFER."
    if (type === "EVENT" || type === "OFFER") {
      const e = body.event;
      const s = e?.schedule;
      if (!e?.title) errors.push({ code: 1, field: "event.title", message: "event.title is required" });
      else if ([...e.title].length > 58) errors.push({ code: 2, field: "event.title", message: "event.title is longer than 58 characters" });
      if (!validDate(s?.startDate) || !validDate(s?.endDate)) errors.push({ code: 1, field: "event.schedule", message: "event.schedule needs startDate and endDate" });
      else {
        const t = (x) => (x ? `${String(x.hours ?? 0).padStart(2, "0")}:${String(x.minutes ?? 0).padStart(2, "0")}` : "00:00");
        if (`${ymd(s.endDate)}T${t(s.endTime)}` <= `${ymd(s.startDate)}T${t(s.startTime)}`) errors.push({ code: 2, field: "event.schedule", message: "the end must come after the start" });
      }
    } else if (body.event) errors.push({ code: 2, field: "event", message: "event is only for EVENT and OFFER posts" });
    // "offer: Additional data for offer posts. This should only be set when the topicType is OFFER."
    if (body.offer && type !== "OFFER") errors.push({ code: 2, field: "offer", message: "offer is only for OFFER posts" });
    // "callToAction … Ignored for topic type OFFER": kept out of the stored post there.
    const cta = body.callToAction;
    if (cta && type !== "OFFER") {
      if (!ACTION_TYPES.includes(cta.actionType)) errors.push({ code: 2, field: "call_to_action.action_type", message: "unknown actionType" });
      // "url: The URL the user will be directed to upon clicking. This field should be left unset for Call CTA."
      else if (cta.actionType === "CALL" && cta.url) errors.push({ code: 2, field: "call_to_action.url", message: "url must be unset for CALL" });
      else if (cta.actionType !== "CALL" && !/^https?:\/\//.test(String(cta.url ?? ""))) errors.push({ code: 1, field: "call_to_action.url", message: "url is required" });
    }
    const media = Array.isArray(body.media) ? body.media : [];
    // One photo: what the app sends; more is not documented for the API. Chosen: refuse more than one.
    if (media.length > 1) errors.push({ code: 4, field: "media", message: "at most one media item" });
    if (errors.length) throw invalid("Request contains an invalid argument.", errors);
    // "sourceUrl is the only supported data field for a LocalPost MediaItem": Google fetches it now.
    for (const [i, m] of media.entries()) {
      if (m.mediaFormat !== "PHOTO" || !m.sourceUrl) throw invalid("Request contains an invalid argument.", [{ code: 1, field: `media[${i}].source_url`, message: "a PHOTO with sourceUrl is required" }]);
      const got = await sim.fetchMedia(m.sourceUrl);
      if (!got.ok) throw invalid("Request contains an invalid argument.", [{ code: 1000, field: `media[${i}].source_url`, message: `Fetching the photo failed (${got.error})` }]);
      const type = got.contentType.split(";")[0].trim();
      if (!["image/jpeg", "image/png"].includes(type) || got.bytes.length < PHOTO_MIN_BYTES || got.bytes.length > PHOTO_MAX_BYTES) {
        throw invalid("Request contains an invalid argument.", [{ code: 1001, field: `media[${i}].source_url`, message: `The photo is not a JPG or PNG of 10 KB to 5 MB (${type}, ${got.bytes.length} bytes)` }]);
      }
    }
  }

  // v4 localPosts.create.
  sim.route(V4_HOST, "POST", "/v4/accounts/:account/locations/:location/localPosts", async (ctx) => {
    const account = `accounts/${ctx.params.account}`;
    const loc = managed(user(ctx), `locations/${ctx.params.location}`, account);
    // A listing that cannot manage local posts (metadata.canOperateLocalPost false: not verified). The exact answer
    // to a create is not documented; chosen: 403 PERMISSION_DENIED, the status reported for unverified locations.
    if (!loc.verified) throw googleError(403, "PERMISSION_DENIED", "The location is not verified and cannot publish local posts.");
    const body = ctx.json();
    await validate(body);
    if (takeHang(loc.name, "before")) await hold("before");
    const id = String(next++);
    const at = new Date(sim.now()).toISOString();
    const post = {
      name: `${account}/${loc.name}/localPosts/${id}`,
      ...(body.languageCode ? { languageCode: body.languageCode } : {}),
      ...(body.summary ? { summary: body.summary } : {}),
      ...(body.callToAction && body.topicType !== "OFFER" ? { callToAction: body.callToAction } : {}),
      createTime: at,
      updateTime: at,
      ...(body.event ? { event: body.event } : {}),
      state: "LIVE",
      ...(body.media?.length ? { media: body.media.map((m) => ({ name: `${account}/${loc.name}/media/${randomId("p", 6)}`, mediaFormat: "PHOTO", googleUrl: `https://lh3.googleusercontent.com/${randomId("", 12)}` })) } : {}),
      // "searchUrl: The link to the local post in Google search."
      searchUrl: `https://local.google.com/place?id=${loc.id}&use=posts&lpsid=${id}`,
      topicType: body.topicType,
      ...(body.offer && body.topicType === "OFFER" ? { offer: body.offer } : {}),
    };
    const list = posts.get(loc.name) ?? [];
    list.push(post);
    posts.set(loc.name, list);
    if (takeHang(loc.name, "after")) await hold("after");
    return post;
  });

  // v4 localPosts.list: newest first (not documented; chosen), pageSize ≤ 100 (default 20).
  sim.route(V4_HOST, "GET", "/v4/accounts/:account/locations/:location/localPosts", (ctx) => {
    const loc = managed(user(ctx), `locations/${ctx.params.location}`, `accounts/${ctx.params.account}`);
    const all = [...(posts.get(loc.name) ?? [])].reverse();
    const { slice, next: token } = page(all, ctx.query.get("pageToken"), pageSize(ctx.query.get("pageSize"), 20, 100));
    return { localPosts: slice, ...(token ? { nextPageToken: token } : {}) };
  });

  // v4 localPosts.get: "Returns NOT_FOUND if the local post does not exist."
  sim.route(V4_HOST, "GET", "/v4/accounts/:account/locations/:location/localPosts/:post", (ctx) => {
    const loc = managed(user(ctx), `locations/${ctx.params.location}`, `accounts/${ctx.params.account}`);
    const found = (posts.get(loc.name) ?? []).find((p) => p.name.endsWith(`/localPosts/${ctx.params.post}`));
    if (!found) throw googleError(404, "NOT_FOUND", "Requested entity was not found.");
    return found;
  });

  // Performance: locations.fetchMultiDailyMetricsTimeSeries.
  sim.route(PERFORMANCE_HOST, "GET", /^\/v1\/locations\/(?<location>[^/:]+):fetchMultiDailyMetricsTimeSeries$/, (ctx) => {
    const loc = managed(user(ctx), `locations/${ctx.params.location}`);
    const wanted = ctx.query.getAll("dailyMetrics");
    if (!wanted.length || wanted.some((m) => !DAILY_METRICS.includes(m))) throw googleError(400, "INVALID_ARGUMENT", "dailyMetrics is required and must name DailyMetric values");
    const d = (p) => ({ year: Number(ctx.query.get(`dailyRange.${p}.year`)), month: Number(ctx.query.get(`dailyRange.${p}.month`)), day: Number(ctx.query.get(`dailyRange.${p}.day`)) });
    const start = d("startDate");
    const end = d("endDate");
    if (!validDate(start) || !validDate(end) || ymd(end) < ymd(start)) throw googleError(400, "INVALID_ARGUMENT", "dailyRange needs a valid startDate and endDate");
    const days = [];
    for (let t = Date.UTC(start.year, start.month - 1, start.day); t <= Date.UTC(end.year, end.month - 1, end.day); t += 86_400_000) {
      const x = new Date(t);
      days.push({ year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() });
    }
    const byMetric = metrics.get(loc.name) ?? new Map();
    return {
      multiDailyMetricTimeSeries: [
        {
          dailyMetricTimeSeries: wanted.map((m) => ({
            dailyMetric: m,
            // "value: … This will not be present when the value is zero."
            timeSeries: { datedValues: days.map((date) => {
              const v = byMetric.get(m)?.get(ymd(date)) ?? 0;
              return v ? { date, value: String(v) } : { date };
            }) },
          })),
        },
      ],
    };
  });

  return {
    hangNextCreate(opts) {
      hangs.push(opts);
    },
    /** Lets held creates go on; `abandonBefore`: the ones held before making their post never reach Google (503, nothing made). */
    releaseHung(opts = {}) {
      for (const h of held.splice(0)) {
        if (opts.abandonBefore && h.mode === "before") h.reject(googleError(503, "UNAVAILABLE", "The request never reached the service."));
        else h.resolve();
      }
    },
    hung() {
      return held.length;
    },
    /** A Business Profile account (personal or a location group) the Google user `userId` manages. */
    addAccount(userId, opts = {}) {
      const name = opts.name ?? `accounts/${next++}`;
      const a = accounts.get(name) ?? { name, accountName: opts.accountName ?? "My Business", type: opts.type ?? "PERSONAL", users: new Set() };
      a.users.add(userId);
      accounts.set(name, a);
      return a;
    },
    /** A location under `accountName`; `verified: false` for a profile that cannot take posts. */
    addLocation(accountName, opts = {}) {
      const id = opts.id ?? String(next++);
      const name = `locations/${id}`;
      const loc = locations.get(name) ?? {
        id,
        name,
        title: opts.title ?? "Shop",
        ...(opts.address === null ? {} : { storefrontAddress: opts.address ?? { regionCode: "KR", addressLines: ["1 Main St"], locality: "Seoul" } }),
        verified: opts.verified ?? true,
        accounts: new Set(),
      };
      loc.accounts.add(accountName);
      locations.set(name, loc);
      return loc;
    },
    setVerified(locationName, verified) {
      locations.get(locationName).verified = verified;
    },
    /** A daily metric's value for a day ("YYYY-MM-DD"). */
    setMetric(locationName, metric, day, value) {
      const byMetric = metrics.get(locationName) ?? new Map();
      const byDay = byMetric.get(metric) ?? new Map();
      byDay.set(day, value);
      byMetric.set(metric, byDay);
      metrics.set(locationName, byMetric);
    },
    /** The local posts of a location, oldest first. */
    postsOf(locationName) {
      return posts.get(locationName) ?? [];
    },
    /** A post made outside the app (in the Business Profile itself). */
    addPost(accountName, locationName, post) {
      const id = String(next++);
      const at = post.createTime ?? new Date(sim.now()).toISOString();
      const p = { name: `${accountName}/${locationName}/localPosts/${id}`, createTime: at, updateTime: at, state: "LIVE", topicType: "STANDARD", searchUrl: `https://local.google.com/place?id=${locationName.slice(10)}&use=posts&lpsid=${id}`, ...post };
      const list = posts.get(locationName) ?? [];
      list.push(p);
      posts.set(locationName, list);
      return p;
    },
    reply,
  };
}
