// @ts-check
/**
 * Listing and numbers:
 * - IG media list: https://developers.facebook.com/docs/instagram-platform/reference/instagram-user/media
 * - IG media fields: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media
 * - IG media insights: https://developers.facebook.com/documentation/instagram-platform/reference/instagram-media/insights
 * - IG account insights: https://developers.facebook.com/documentation/instagram-platform/api-reference/instagram-user/insights/
 * - Page and post insights: https://developers.facebook.com/docs/graph-api/reference/v3.0/insights (current page) and
 *   deprecated metrics: https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics
 * - Page posts: https://developers.facebook.com/docs/graph-api/reference/page/published_posts/ and /page/feed
 * - Threads list / insights: https://developers.facebook.com/documentation/threads/threads-media (retrieve posts),
 *   https://developers.facebook.com/documentation/threads/insights
 *
 * Numbers are deterministic per media id (and per account and day) unless a test sets them with
 * sim.setInsights / sim.setAccountInsights. Not simulated: the "up to 48 hours" delay of the real numbers.
 */
import crypto from "node:crypto";
import { GraphError, graphTime } from "./core.mjs";

/** @typedef {import("./index.d.mts").Sim} Sim */
/** @typedef {import("./index.d.mts").Ctx} Ctx */
/** @typedef {import("./index.d.mts").Media} Media */
/** @typedef {import("./index.d.mts").Token} Token */

const DAY = 24 * 60 * 60 * 1000;

/**
 * IG media insights metrics per media product type (instagram-media/insights reference, "Metrics" table).
 * total_likes / total_comments / total_views: "available for Instagram API with Facebook Login only" (Limitations).
 */
const IG_MEDIA_METRICS = {
  FEED: ["comments", "follows", "likes", "profile_activity", "profile_visits", "reach", "saved", "shares", "total_interactions", "views"],
  REELS: ["comments", "likes", "reach", "saved", "shares", "total_interactions", "views", "ig_reels_avg_watch_time", "ig_reels_video_view_total_time"],
  STORY: ["follows", "navigation", "profile_activity", "profile_visits", "reach", "replies", "shares", "total_interactions", "views"],
};
const IG_FB_LOGIN_ONLY = ["total_likes", "total_comments", "total_views"];
/**
 * "The following metrics have been deprecated for v22.0 and will be deprecated for all versions on April 21, 2025:
 * plays, clips_replays_count, ig_reels_aggregated_all_plays_count, impressions … The video_views metric has been
 * deprecated." (instagram-media/insights reference). The simulator answers them with the invalid-metric error.
 */
const IG_MEDIA_DEPRECATED = ["plays", "clips_replays_count", "ig_reels_aggregated_all_plays_count", "impressions", "video_views"];

/**
 * IG account insights (instagram-user/insights reference): time series (period=day) metrics, total_value-only
 * metrics, lifetime demographics; "impressions" deprecated (v22.0, all versions April 21, 2025).
 */
const IG_USER_TIME_SERIES = ["reach", "follower_count"];
const IG_USER_TOTAL_VALUE = ["reach", "views", "accounts_engaged", "total_interactions", "likes", "comments", "shares", "saves", "replies", "follows_and_unfollows", "profile_links_taps"];
const IG_USER_DEMOGRAPHICS = ["follower_demographics", "engaged_audience_demographics", "reached_audience_demographics"];
const IG_USER_DEPRECATED = ["impressions"];

/**
 * Page / post insights. Deprecated (deprecated-metrics page): June 15, 2025 page_impressions_unique (→
 * page_total_media_view_unique), post_impressions_unique (→ post_total_media_view_unique), page_posts_impressions*,
 * …; November 15, 2025 page_fans (→ page_follows), page_fan_adds, page_impressions, post_impressions, …; March 14,
 * 2024 page_engaged_users, page_consumptions, … The current ones the simulator serves:
 */
const PAGE_METRICS = ["page_media_view", "page_total_media_view_unique", "page_follows", "page_daily_follows", "page_daily_follows_unique", "page_daily_unfollows_unique", "page_post_engagements", "page_views_total", "page_video_views", "page_total_actions"];
const POST_METRICS = ["post_media_view", "post_total_media_view_unique", "post_reactions_by_type_total", "post_clicks", "post_clicks_by_type", "post_video_views"];

/** Threads (threads/insights): media metrics and user (threads_insights) metrics. */
const THREADS_MEDIA_METRICS = ["views", "likes", "replies", "reposts", "quotes", "shares"];
const THREADS_USER_METRICS = ["views", "likes", "replies", "reposts", "quotes", "clicks", "followers_count", "follower_demographics"];
/** "The user insights since and until parameters do not work for dates before April 13, 2024 (Unix timestamp 1712991600)." */
const THREADS_EARLIEST = 1712991600;

/** @param {string} s @param {string} salt */
function h(s, salt) {
  return crypto.createHash("sha256").update(`${salt}:${s}`).digest().readUInt32BE(0);
}

/**
 * The full set of numbers of a media object: the test's values over deterministic ones.
 * @param {Media} m
 */
export function mediaNumbers(m) {
  const base = h(m.id, "views");
  const views = 200 + (base % 800);
  const reach = Math.floor(views * 0.7);
  const likes = Math.floor(reach * 0.12);
  const comments = Math.floor(likes * 0.15);
  const saved = Math.floor(likes * 0.2);
  const shares = Math.floor(likes * 0.1);
  const replies = Math.floor(likes * 0.05);
  const reposts = Math.floor(likes * 0.08);
  const quotes = Math.floor(likes * 0.03);
  const avgWatch = 3000 + (h(m.id, "watch") % 5000);
  const set = m.insights ?? {};
  /** @param {string} k @param {number} v */
  const v = (k, v) => set[k] ?? v;
  const n = {
    views: v("views", views),
    reach: v("reach", reach),
    likes: v("likes", likes),
    comments: v("comments", comments),
    saved: v("saved", saved),
    shares: v("shares", shares),
    replies: v("replies", replies),
    reposts: v("reposts", reposts),
    quotes: v("quotes", quotes),
    follows: v("follows", h(m.id, "follows") % 5),
    profile_visits: v("profile_visits", h(m.id, "pv") % 20),
    profile_activity: v("profile_activity", h(m.id, "pa") % 10),
    navigation: v("navigation", h(m.id, "nav") % 30),
    clicks: v("clicks", h(m.id, "clicks") % 25),
    ig_reels_avg_watch_time: v("ig_reels_avg_watch_time", avgWatch),
    ig_reels_video_view_total_time: v("ig_reels_video_view_total_time", avgWatch * views),
    total_interactions: 0,
    total_likes: 0,
    total_comments: 0,
    total_views: 0,
  };
  n.total_interactions = v("total_interactions", n.likes + n.comments + n.saved + n.shares);
  n.total_likes = v("total_likes", n.likes);
  n.total_comments = v("total_comments", n.comments);
  n.total_views = v("total_views", n.views);
  return n;
}
/** @param {string} name */
function title(name) {
  return name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** @param {Sim} sim */
export function register(sim) {
  // ---------------------------------------------------------------- node readers for media
  sim.nodeType("ig_media", (obj, ctx, fields, token) => {
    sim.checkScopes(token, { scopes: [token.provider === "instagram" ? "instagram_business_basic" : "instagram_basic"] });
    return igMediaJson(sim, /** @type {Media} */ (obj), fields, ["id"]);
  });
  sim.nodeType("fb_post", (obj, ctx, fields, token) => {
    sim.checkScopes(token, { scopes: ["pages_read_engagement"] });
    return fbPostJson(sim, /** @type {Media} */ (obj), fields);
  });
  sim.nodeType("threads_media", (obj, ctx, fields, token) => {
    sim.checkScopes(token, { scopes: ["threads_basic"] });
    return threadsMediaJson(sim, /** @type {Media} */ (obj), fields, ["id"]);
  });

  // ---------------------------------------------------------------- listings
  // GET /{ig-user-id}/media: "Get a collection of IG Media objects on an IG User"; stories are read with
  // /{ig-user-id}/stories (instagram-user/media reference). Newest first, cursor paging, since/until (unix).
  sim.route("GET", ["facebook", "instagram"], "/:igUserId/media", (ctx) => {
    const token = sim.requireToken(ctx, { account: ctx.params.igUserId ?? "", anyScopes: ["instagram_basic", "instagram_business_basic"] });
    const ig = sim.account(ctx, token, ctx.params.igUserId ?? "");
    if (ig.type !== "ig_user") throw sim.unsupported("GET", ctx.params.igUserId ?? "");
    const list = listOf(sim, ctx, ig.id, "ig_media").filter((m) => m.media_product_type !== "STORY" && !m.parentId);
    const fields = sim.fields(ctx);
    return sim.paginate(ctx, list.map((m) => igMediaJson(sim, m, fields, ["id"])), (r) => String(r.id));
  });
  // GET /{ig-user-id}/stories: stories of the last 24 hours (instagram-user/stories reference).
  sim.route("GET", ["facebook", "instagram"], "/:igUserId/stories", (ctx) => {
    const token = sim.requireToken(ctx, { account: ctx.params.igUserId ?? "", anyScopes: ["instagram_basic", "instagram_business_basic"] });
    const ig = sim.account(ctx, token, ctx.params.igUserId ?? "");
    if (ig.type !== "ig_user") throw sim.unsupported("GET", ctx.params.igUserId ?? "");
    const list = listOf(sim, ctx, ig.id, "ig_media").filter((m) => m.media_product_type === "STORY" && m.createdAt > sim.clock.now() - DAY);
    return sim.paginate(ctx, list.map((m) => igMediaJson(sim, m, sim.fields(ctx), ["id"])), (r) => String(r.id));
  });
  // GET /{ig-media-id}/children (instagram-media/children reference).
  sim.route("GET", ["facebook", "instagram"], "/:mediaId/children", (ctx) => {
    const token = sim.requireToken(ctx, { node: ctx.params.mediaId ?? "" });
    const m = sim.resolveNode(ctx, token, ctx.params.mediaId ?? "");
    if (m.type !== "ig_media") throw sim.unsupported("GET", ctx.params.mediaId ?? "");
    const kids = (/** @type {Media} */ (m).children ?? []).map((id) => sim.state.media.get(id)).filter((k) => k !== undefined);
    return { data: kids.map((k) => igMediaJson(sim, /** @type {Media} */ (k), sim.fields(ctx), ["id"])) };
  });

  // Page posts: /{page-id}/published_posts, /feed, /posts (page/feed reference: Page access token,
  // pages_read_engagement). Newest first.
  for (const edge of ["published_posts", "feed", "posts"]) {
    sim.route("GET", "facebook", `/:pageId/${edge}`, (ctx) => {
      const token = sim.requireToken(ctx, { account: ctx.params.pageId ?? "", scopes: ["pages_read_engagement"], permissionErrorCode: 200 });
      const page = sim.account(ctx, token, ctx.params.pageId ?? "");
      if (page.type !== "page") throw sim.unsupported("GET", ctx.params.pageId ?? "");
      const list = listOf(sim, ctx, page.id, "fb_post");
      const fields = sim.fields(ctx);
      return sim.paginate(ctx, list.map((m) => fbPostJson(sim, m, fields)), (r) => String(r.id));
    });
  }

  // Threads: GET /{threads-user-id}/threads (threads-media, "Retrieve a list of all a user's threads"):
  // fields, since, until, limit; cursor paging.
  sim.route("GET", "threads", "/:userId/threads", (ctx) => {
    const token = sim.requireToken(ctx, { account: ctx.params.userId ?? "", scopes: ["threads_basic"] });
    const u = sim.account(ctx, token, ctx.params.userId ?? "");
    if (u.type !== "threads_user") throw sim.unsupported("GET", ctx.params.userId ?? "");
    const list = listOf(sim, ctx, u.id, "threads_media").filter((m) => !m.parentId);
    const fields = sim.fields(ctx);
    return sim.paginate(ctx, list.map((m) => threadsMediaJson(sim, m, fields, ["id"])), (r) => String(r.id));
  });

  // ---------------------------------------------------------------- insights
  for (const group of ["facebook", "instagram", "threads"]) {
    sim.route("GET", group, "/:id/insights", (ctx) => insights(sim, ctx, ctx.params.id ?? "", ctx.args.metric));
    sim.route("GET", group, "/:id/insights/:metric", (ctx) => insights(sim, ctx, ctx.params.id ?? "", ctx.params.metric));
  }
  sim.route("GET", "threads", "/:userId/threads_insights", (ctx) => threadsUserInsights(sim, ctx));
}

/**
 * Media of an account, newest first, within since/until (unix seconds) when given.
 * @param {Sim} sim @param {Ctx} ctx @param {string} ownerId @param {Media["type"]} type
 */
function listOf(sim, ctx, ownerId, type) {
  const since = ctx.args.since ? Number(ctx.args.since) * 1000 : -Infinity;
  const until = ctx.args.until ? Number(ctx.args.until) * 1000 : Infinity;
  return [...sim.state.media.values()]
    .filter((m) => m.ownerId === ownerId && m.type === type && m.createdAt >= since && m.createdAt <= until && !m.deleted)
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
}

/**
 * IG Media fields (instagram-media reference): id, alt_text, caption, comments_count, is_comment_enabled,
 * like_count, media_product_type, media_type, media_url, owner, permalink, shortcode, thumbnail_url, timestamp,
 * username, children.
 * @param {Sim} sim @param {Media} m @param {string[]} fields @param {string[]} defaults
 * @returns {Record<string, unknown>}
 */
function igMediaJson(sim, m, fields, defaults) {
  const n = mediaNumbers(m);
  const owner = sim.state.igUsers.get(m.ownerId);
  /** @type {Record<string, unknown>} */
  const full = {
    id: m.id,
    alt_text: m.altText,
    caption: m.caption,
    comments_count: n.comments + m.comments.length,
    is_comment_enabled: true,
    like_count: n.likes,
    media_product_type: m.media_product_type ?? "FEED",
    media_type: m.media_type ?? "IMAGE",
    media_url: m.mediaUrl,
    owner: { id: m.ownerId },
    permalink: m.permalink,
    shortcode: m.shortcode,
    thumbnail_url: m.thumbnailUrl,
    timestamp: graphTime(m.createdAt),
    username: owner?.username,
    children: undefined,
  };
  const childField = fields.find((f) => f.startsWith("children"));
  if (childField && m.children?.length) {
    const sub = /\{(.*)\}$/.exec(childField)?.[1]?.split(",").map((s) => s.trim()) ?? ["id"];
    full.children = { data: m.children.map((id) => sim.state.media.get(id)).filter((c) => c !== undefined).map((c) => igMediaJson(sim, /** @type {Media} */ (c), sub, ["id"])) };
  }
  return sim.pick(full, fields, defaults, "IGMedia");
}

/**
 * Page post fields (page/feed, post references): id, message, created_time, permalink_url, full_picture,
 * status_type, is_published, from.
 * @param {Sim} sim @param {Media} m @param {string[]} fields
 */
function fbPostJson(sim, m, fields) {
  const page = sim.state.pages.get(m.ownerId);
  const statusType = m.kind === "photo" ? "added_photos" : m.kind === "video" ? "added_video" : m.kind === "link" ? "shared_story" : "mobile_status_update";
  /** @type {Record<string, unknown>} */
  const full = {
    id: m.id,
    message: m.message ?? m.caption,
    created_time: graphTime(m.createdAt),
    permalink_url: m.permalink,
    full_picture: m.mediaUrl,
    status_type: statusType,
    is_published: true,
    link: m.link,
    from: { id: m.ownerId, name: page?.name },
  };
  // Default fields of a feed entry: created_time, message, id (page/feed reference example).
  return sim.pick(full, fields, ["created_time", "message", "id"], "Post");
}

/**
 * Threads media fields (threads-media reference): id, media_product_type (THREADS), media_type, media_url,
 * permalink, owner, username, text, timestamp, shortcode, thumbnail_url, children, is_quote_post, alt_text.
 * @param {Sim} sim @param {Media} m @param {string[]} fields @param {string[]} defaults
 */
function threadsMediaJson(sim, m, fields, defaults) {
  const owner = sim.state.threadsUsers.get(m.ownerId);
  /** @type {Record<string, unknown>} */
  const full = {
    id: m.id,
    media_product_type: "THREADS",
    media_type: m.media_type ?? "TEXT_POST",
    media_url: m.mediaUrl,
    permalink: m.permalink,
    owner: { id: m.ownerId },
    username: owner?.username,
    text: m.text ?? m.caption,
    timestamp: graphTime(m.createdAt),
    shortcode: m.shortcode,
    thumbnail_url: m.thumbnailUrl,
    children: m.children?.length ? { data: m.children.map((id) => ({ id })) } : undefined,
    is_quote_post: false,
    alt_text: m.altText,
    link_attachment_url: m.link,
  };
  return sim.pick(full, fields, defaults, "ThreadsMedia");
}

/**
 * @param {Sim} sim @param {Ctx} ctx @param {string} id @param {string | undefined} metricParam
 */
function insights(sim, ctx, id, metricParam) {
  const token = sim.requireToken(ctx, { node: id });
  const obj = sim.resolveNode(ctx, token, id);
  const metrics = (metricParam ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (obj.type === "ig_media") return igMediaInsights(sim, token, /** @type {Media} */ (obj), metrics);
  if (obj.type === "ig_user") return igUserInsights(sim, ctx, token, /** @type {import("./index.d.mts").IgUser} */ (obj), metrics);
  if (obj.type === "page") return pageInsights(sim, ctx, token, /** @type {import("./index.d.mts").Page} */ (obj), metrics);
  if (obj.type === "fb_post") return postInsights(sim, token, /** @type {Media} */ (obj), metrics);
  if (obj.type === "threads_media") return threadsMediaInsights(sim, token, /** @type {Media} */ (obj), metrics);
  throw sim.unsupported("GET", `${id}/insights`);
}

/**
 * "(#100) metric[i] must be one of the following values: …" — the invalid-metric answer (code 100, Invalid
 * parameter, https://developers.facebook.com/docs/graph-api/guides/error-handling; wording not documented; chosen:
 * Graph's).
 * @param {string[]} metrics @param {string[]} allowed
 */
function checkMetrics(metrics, allowed) {
  if (!metrics.length) throw new GraphError({ code: 100, type: "OAuthException", message: "(#100) The parameter metric is required" });
  metrics.forEach((m, i) => {
    if (!allowed.includes(m)) throw new GraphError({ code: 100, type: "OAuthException", message: `(#100) metric[${i}] must be one of the following values: ${allowed.join(", ")}` });
  });
}

/** @param {Token} token */
function igInsightsScopes(token) {
  // Permissions: instagram_business_basic + instagram_business_manage_insights (Instagram Login) or
  // instagram_basic + instagram_manage_insights + pages_read_engagement (Facebook Login) (insights guide,
  // "Requirements"; instagram-user/insights "Requirements").
  return token.provider === "instagram" ? ["instagram_business_basic", "instagram_business_manage_insights"] : ["instagram_basic", "instagram_manage_insights", "pages_read_engagement"];
}

/**
 * @param {Sim} sim @param {Token} token @param {Media} m @param {string[]} metrics
 */
function igMediaInsights(sim, token, m, metrics) {
  sim.checkScopes(token, { scopes: igInsightsScopes(token) });
  const product = /** @type {"FEED" | "REELS" | "STORY"} */ (m.media_product_type ?? "FEED");
  const allowed = [...IG_MEDIA_METRICS[product], ...(token.provider === "meta" ? IG_FB_LOGIN_ONLY : [])].filter((x) => !IG_MEDIA_DEPRECATED.includes(x));
  // Deprecated metrics (IG_MEDIA_DEPRECATED) are not in `allowed`: the invalid-metric error.
  checkMetrics(metrics, allowed);
  // "Insights data is not available for any media within an Instagram Media album" (Limitations). Answer not
  // documented; chosen: code 100.
  if (m.parentId) throw new GraphError({ code: 100, type: "OAuthException", message: "(#100) Insights are not available for media inside an album" });
  // "(#10) Not enough viewers for the media to show insights" (Limitations); a test sets it with
  // setInsights(id, { unavailable: true }).
  if (m.insightsUnavailable) throw new GraphError({ code: 10, type: "OAuthException", message: "(#10) Not enough viewers for the media to show insights" });
  // "Story media metrics are only available for 24 hours"; "If insights data you are requesting does not exist or
  // is currently unavailable, the API returns an empty data set instead of 0".
  if (product === "STORY" && m.createdAt < sim.clock.now() - DAY) return { data: [] };
  /** @type {Record<string, number>} */
  const n = mediaNumbers(m);
  return {
    data: metrics.map((name) => ({ name, period: "lifetime", values: [{ value: n[name] ?? 0 }], title: title(name), description: `${title(name)} of the media`, id: `${m.id}/insights/${name}/lifetime` })),
  };
}

/**
 * A day's number for an account: the test's, or deterministic from (account, day, metric).
 * @param {Sim} sim @param {string} accountId @param {string} day YYYY-MM-DD @param {string} metric
 */
function dayValue(sim, accountId, day, metric) {
  const set = sim.state.accountInsights.get(accountId)?.daily?.[day]?.[metric];
  if (set !== undefined) return set;
  const base = h(`${accountId}:${day}`, metric);
  if (metric === "follower_count" || metric === "followers_count") return base % 12;
  if (metric === "reach" || metric === "views" || metric === "page_media_view" || metric === "page_total_media_view_unique") return 50 + (base % 450);
  return base % 40;
}

/**
 * The days a since/until window covers. Days end at 07:00 UTC (Pacific midnight), as Graph's end_time values do
 * (e.g. "2024-05-02T07:00:00+0000"; not documented as such; chosen: what Graph answers). `day` is the Pacific date.
 * @param {Sim} sim @param {Ctx} ctx @param {number} maxDays
 */
function days(sim, ctx, maxDays) {
  const now = sim.clock.now();
  const until = ctx.args.until ? Number(ctx.args.until) * 1000 : now;
  const since = ctx.args.since ? Number(ctx.args.since) * 1000 : until - 2 * DAY;
  if (!(since < until)) throw new GraphError({ code: 100, type: "OAuthException", message: "(#100) since must be before until" });
  // The since/until range of account insights is limited to 30 days (instagram-user/insights, "Parameters"; the
  // error text not documented; chosen). Page insights: "Only 90 days of insights can be viewed at one time when
  // using the since and until parameters" (insights reference, Limitations).
  if (until - since > maxDays * DAY) throw new GraphError({ code: 100, type: "OAuthException", message: `(#100) The since and until parameters must be no more than ${maxDays} days apart` });
  /** @type {Array<{ day: string, endTime: string }>} */
  const out = [];
  const PACIFIC = 7 * 60 * 60 * 1000;
  let t = Math.floor((since - PACIFIC) / DAY) * DAY + PACIFIC;
  while (t < until) {
    const end = t + DAY;
    out.push({ day: new Date(t - PACIFIC + 12 * 60 * 60 * 1000).toISOString().slice(0, 10), endTime: graphTime(end) });
    t = end;
  }
  return out;
}

/**
 * GET /{ig-user-id}/insights?metric=…&period=day[&metric_type=total_value][&since&until]
 * @param {Sim} sim @param {Ctx} ctx @param {Token} token @param {import("./index.d.mts").IgUser} u @param {string[]} metrics
 */
function igUserInsights(sim, ctx, token, u, metrics) {
  sim.checkScopes(token, { scopes: igInsightsScopes(token) });
  const period = ctx.args.period;
  const metricType = ctx.args.metric_type ?? "time_series";
  const all = [...new Set([...IG_USER_TIME_SERIES, ...IG_USER_TOTAL_VALUE, ...IG_USER_DEMOGRAPHICS])];
  // Deprecated (IG_USER_DEPRECATED) are not in `all`: the invalid-metric error.
  checkMetrics(metrics, all.filter((m) => !IG_USER_DEPRECATED.includes(m)));
  // period is required (instagram-user/insights, "Parameters": period Required).
  if (!period) throw new GraphError({ code: 100, type: "OAuthException", message: "(#100) The parameter period is required" });
  const window = days(sim, ctx, 30);
  const data = [];
  for (const name of metrics) {
    if (IG_USER_DEMOGRAPHICS.includes(name)) {
      // Demographics: period=lifetime, metric_type=total_value with a breakdown (reference); the simulator gives
      // an empty breakdown (not simulated).
      data.push({ name, period: "lifetime", title: title(name), description: title(name), total_value: { breakdowns: [] }, id: `${u.id}/insights/${name}/lifetime` });
      continue;
    }
    // "follower_count and online_followers metrics are not available on Instagram business or creator accounts
    // with fewer than 100 followers" (Limitations) → left out of the answer.
    if (name === "follower_count" && u.followersCount < 100) continue;
    if (metricType === "total_value") {
      if (!IG_USER_TOTAL_VALUE.includes(name)) {
        throw new GraphError({ code: 100, type: "OAuthException", message: `(#100) metric_type=total_value is not supported for ${name}` });
      }
      const value = window.reduce((s, d) => s + dayValue(sim, u.id, d.day, name), 0);
      data.push({ name, period, title: title(name), description: title(name), total_value: { value }, id: `${u.id}/insights/${name}/${period}` });
    } else {
      if (!IG_USER_TIME_SERIES.includes(name)) {
        // views, accounts_engaged, …: metric_type=total_value only (reference). Error text not documented; chosen.
        throw new GraphError({ code: 100, type: "OAuthException", message: `(#100) The following metrics (${name}) should be specified with parameter metric_type=total_value` });
      }
      data.push({ name, period, values: window.map((d) => ({ value: dayValue(sim, u.id, d.day, name), end_time: d.endTime })), title: title(name), description: title(name), id: `${u.id}/insights/${name}/${period}` });
    }
  }
  return { data };
}

/**
 * GET /{page-id}/insights?metric=…&period=day|week|days_28
 * @param {Sim} sim @param {Ctx} ctx @param {Token} token @param {import("./index.d.mts").Page} p @param {string[]} metrics
 */
function pageInsights(sim, ctx, token, p, metrics) {
  // "A Page access token requested by a person who can perform the ANALYZE task on the Page", read_insights +
  // pages_read_engagement (insights reference, "Requirements"). Error for a user token not documented; chosen:
  // code 190 "(#190) This method must be called with a Page Access Token".
  if (token.kind !== "page") throw new GraphError({ code: 190, type: "OAuthException", message: "(#190) This method must be called with a Page Access Token" });
  sim.checkScopes(token, { scopes: ["read_insights", "pages_read_engagement"], permissionErrorCode: 200 });
  // No metric: code 3001, subcode 1504028, "No metric was specified to be fetched…" (insights reference).
  if (!metrics.length) throw new GraphError({ code: 3001, subcode: 1504028, type: "OAuthException", message: "No metric was specified to be fetched. Please specify one or more metrics to be fetched and try again." });
  for (const name of metrics) {
    // Deprecated or unknown → "The API returns an invalid metric error" (deprecated-metrics page). Wording not
    // documented; chosen: Graph's.
    if (!PAGE_METRICS.includes(name)) throw new GraphError({ code: 100, type: "OAuthException", message: "(#100) The value must be a valid insights metric" });
  }
  // "Page Insights data is only available on Pages with 100 or more likes" (Limitations) → empty data.
  if (p.fanCount < 100) return { data: [] };
  const period = ctx.args.period ?? "day";
  const window = days(sim, ctx, 90);
  return {
    data: metrics.map((name) => ({
      name,
      period,
      values: window.map((d) => ({ value: dayValue(sim, p.id, d.day, name), end_time: d.endTime })),
      title: title(name),
      description: title(name),
      id: `${p.id}/insights/${name}/${period}`,
    })),
  };
}

/**
 * GET /{post-id}/insights?metric=post_media_view,…  (period lifetime)
 * @param {Sim} sim @param {Token} token @param {Media} m @param {string[]} metrics
 */
function postInsights(sim, token, m, metrics) {
  if (token.kind !== "page") throw new GraphError({ code: 190, type: "OAuthException", message: "(#190) This method must be called with a Page Access Token" });
  sim.checkScopes(token, { scopes: ["read_insights", "pages_read_engagement"], permissionErrorCode: 200 });
  if (!metrics.length) throw new GraphError({ code: 3001, subcode: 1504028, type: "OAuthException", message: "No metric was specified to be fetched. Please specify one or more metrics to be fetched and try again." });
  for (const name of metrics) if (!POST_METRICS.includes(name)) throw new GraphError({ code: 100, type: "OAuthException", message: "(#100) The value must be a valid insights metric" });
  const n = mediaNumbers(m);
  const love = Math.floor(n.likes / 5);
  /** @type {Record<string, unknown>} */
  const values = {
    post_media_view: n.views,
    post_total_media_view_unique: n.reach,
    // Reactions by type; "like" is the likes number, "love" a fifth of it (not documented; chosen).
    post_reactions_by_type_total: { like: n.likes, love },
    post_clicks: n.clicks,
    post_clicks_by_type: { "link clicks": Math.floor(n.clicks / 2), "other clicks": n.clicks - Math.floor(n.clicks / 2) },
    post_video_views: m.kind === "video" ? n.views : 0,
  };
  return {
    data: metrics.map((name) => ({ name, period: "lifetime", values: [{ value: values[name] }], title: title(name), description: title(name), id: `${m.id}/insights/${name}/lifetime` })),
  };
}

/**
 * GET /{threads-media-id}/insights?metric=views,likes,replies,reposts,quotes,shares (threads/insights, "Media
 * Insights"). threads_basic + threads_manage_insights. "An empty array will be returned for REPOST_FACADE posts".
 * @param {Sim} sim @param {Token} token @param {Media} m @param {string[]} metrics
 */
function threadsMediaInsights(sim, token, m, metrics) {
  sim.checkScopes(token, { scopes: ["threads_basic", "threads_manage_insights"] });
  checkMetrics(metrics, THREADS_MEDIA_METRICS);
  if (m.media_type === "REPOST_FACADE") return { data: [] };
  /** @type {Record<string, number>} */
  const n = mediaNumbers(m);
  return {
    data: metrics.map((name) => ({ name, period: "lifetime", values: [{ value: n[name] ?? 0 }], title: title(name), description: title(name), id: `${m.id}/insights/${name}/lifetime` })),
  };
}

/**
 * GET /{threads-user-id}/threads_insights?metric=…&since&until (threads/insights, "User Insights"): views is a
 * daily time series; likes, replies, reposts, quotes, clicks, followers_count are totals (total_value).
 * @param {Sim} sim @param {Ctx} ctx
 */
function threadsUserInsights(sim, ctx) {
  const token = sim.requireToken(ctx, { account: ctx.params.userId ?? "", scopes: ["threads_basic", "threads_manage_insights"] });
  const u = sim.account(ctx, token, ctx.params.userId ?? "");
  if (u.type !== "threads_user") throw sim.unsupported("GET", ctx.params.userId ?? "");
  const metrics = (ctx.args.metric ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  checkMetrics(metrics, THREADS_USER_METRICS);
  for (const p of ["since", "until"]) {
    const v = ctx.args[p];
    if (v !== undefined && Number(v) < THREADS_EARLIEST) {
      throw new GraphError({ code: 100, type: "OAuthException", message: `(#100) ${p} must be on or after ${THREADS_EARLIEST} (April 13, 2024)` });
    }
  }
  const window = days(sim, ctx, 90);
  const user = /** @type {import("./index.d.mts").ThreadsUser} */ (u);
  const data = metrics.map((name) => {
    if (name === "views") {
      return { name, period: "day", values: window.map((d) => ({ value: dayValue(sim, u.id, d.day, name), end_time: d.endTime })), title: title(name), description: title(name), id: `${u.id}/insights/${name}/day` };
    }
    if (name === "followers_count") return { name, period: "day", title: title(name), description: title(name), total_value: { value: user.followers }, id: `${u.id}/insights/${name}/day` };
    if (name === "follower_demographics") return { name, period: "day", title: title(name), description: title(name), total_value: { breakdowns: [] }, id: `${u.id}/insights/${name}/day` };
    const value = window.reduce((s, d) => s + dayValue(sim, u.id, d.day, name), 0);
    return { name, period: "day", title: title(name), description: title(name), total_value: { value }, id: `${u.id}/insights/${name}/day` };
  });
  return { data };
}
