// @ts-check
/**
 * Account reads and token management:
 * - /me, /me/accounts (Pages with their Page tokens): https://developers.facebook.com/docs/pages-api/getting-started
 *   and https://developers.facebook.com/docs/graph-api/reference/user/accounts/
 * - /{page-id}?fields=instagram_business_account: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/get-started
 * - /{ig-user-id}?fields=…: https://developers.facebook.com/docs/instagram-platform/reference/instagram-user
 * - Instagram Login /me: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/get-started
 * - Threads /me: https://developers.facebook.com/documentation/threads/threads-profiles
 * - /debug_token: https://developers.facebook.com/docs/graph-api/reference/v2.5/debug_token and
 *   https://developers.facebook.com/documentation/threads/troubleshooting/debug-access-token
 * - /{user-id}/permissions (read, DELETE = revoke): https://developers.facebook.com/docs/graph-api/reference/user/permissions/
 */
import { GraphError } from "./core.mjs";

/** @typedef {import("./index.d.mts").Sim} Sim */
/** @typedef {import("./index.d.mts").Token} Token */
/** @typedef {import("./index.d.mts").Ctx} Ctx */

/**
 * Facebook Login scopes the Instagram and Page reads need (instagram-user reference, "Requirements";
 * pages-api/getting-started "pages_show_list"). The Instagram Login equivalents: instagram_business_basic.
 */
const IG_BASIC_FB = "instagram_basic";
const IG_BASIC_IG = "instagram_business_basic";

/** @param {Sim} sim */
export function register(sim) {
  // ---------------------------------------------------------------- node readers
  sim.nodeType("fb_user", (obj, ctx, fields) => {
    const u = /** @type {import("./index.d.mts").FbUser} */ (obj);
    // Default fields of a User node: id and name (https://developers.facebook.com/docs/graph-api/overview#fields).
    return sim.pick({ id: u.id, name: u.name }, fields, ["id", "name"], "User");
  });

  sim.nodeType("page", (obj, ctx, fields, token) => pageJson(sim, ctx, /** @type {import("./index.d.mts").Page} */ (obj), fields, token));

  sim.nodeType("ig_user", (obj, ctx, fields, token) => {
    const scope = token.provider === "instagram" ? IG_BASIC_IG : IG_BASIC_FB;
    // instagram_basic (Facebook Login) / instagram_business_basic (Instagram Login) are required to read an IG user
    // (instagram-user reference, "Requirements").
    sim.checkScopes(token, { scopes: [scope] });
    return igUserJson(sim, /** @type {import("./index.d.mts").IgUser} */ (obj), fields, token);
  });

  sim.nodeType("threads_user", (obj, ctx, fields, token) => {
    // threads_basic: "Required for all Threads endpoints" (threads/get-started).
    sim.checkScopes(token, { scopes: ["threads_basic"] });
    const u = /** @type {import("./index.d.mts").ThreadsUser} */ (obj);
    // Fields of the Threads profile (threads-profiles): id, username, name, threads_profile_picture_url,
    // threads_biography, is_verified.
    return sim.pick(
      { id: u.id, username: u.username, name: u.name, threads_profile_picture_url: u.pictureUrl, threads_biography: u.biography, is_verified: false },
      fields,
      ["id"],
      "ThreadsUser",
    );
  });

  // ---------------------------------------------------------------- /me/accounts
  sim.route("GET", "facebook", "/:userId/accounts", (ctx) => {
    const token = sim.requireToken(ctx, { kinds: ["user"], scopes: ["pages_show_list"], permissionErrorCode: 200 });
    const user = sim.account(ctx, token, ctx.params.userId ?? "me");
    if (user.type !== "fb_user") throw sim.unsupported("GET", ctx.params.userId ?? "");
    const pages = /** @type {import("./index.d.mts").FbUser} */ (user).pageIds.map((id) => /** @type {import("./index.d.mts").Page} */ (sim.state.pages.get(id)));
    const fields = sim.fields(ctx);
    // Default fields of each entry: access_token, category, category_list, name, id, tasks (user/accounts reference).
    const wanted = fields.length ? fields : ["access_token", "category", "category_list", "name", "id", "tasks"];
    const rows = pages.map((p) => pageJson(sim, ctx, p, wanted, token));
    return sim.paginate(ctx, rows, (r) => String(r.id));
  });

  // ---------------------------------------------------------------- debug_token
  for (const host of ["facebook", "threads"]) {
    sim.route("GET", host, "/debug_token", (ctx) => {
      // access_token: an app token or a user token of the same app (debug_token reference; Threads: "must be
      // associated with the same app that is linked to the input_token").
      const caller = sim.requireToken(ctx, { allowApp: true });
      const inputValue = ctx.args.input_token;
      if (!inputValue) throw new GraphError({ code: 100, type: "OAuthException", message: "(#100) The parameter input_token is required" });
      const input = sim.state.tokens.get(inputValue) ?? sim.appToken(inputValue);
      if (!input) throw new GraphError({ code: 190, type: "OAuthException", message: "Invalid OAuth access token - Cannot parse access token" });
      if (input.appId !== caller.appId) {
        throw new GraphError({ code: 100, type: "OAuthException", message: "(#100) You must provide an app access token, or a user access token that is an owner or developer of the app" });
      }
      const app = sim.state.apps.get(input.appId);
      /** @type {Record<string, unknown>} */
      const data = {
        app_id: input.appId,
        type: input.kind === "page" ? "PAGE" : input.kind === "app" ? "APP" : "USER",
        application: app?.name ?? "",
        // 0 = never expires (Page tokens from long-lived user tokens; get-long-lived page).
        expires_at: input.expiresAt === null ? 0 : Math.floor(input.expiresAt / 1000),
        data_access_expires_at: input.kind === "app" ? 0 : Math.floor((input.issuedAt + 90 * 24 * 3600 * 1000) / 1000),
        is_valid: true,
        issued_at: Math.floor(input.issuedAt / 1000),
        scopes: [...sim.scopesOf(input)],
        user_id: input.kind === "app" ? undefined : input.userId,
      };
      if (input.kind === "page") data.profile_id = input.pageId;
      try {
        sim.checkTokenValid(input);
      } catch (e) {
        if (!(e instanceof GraphError)) throw e;
        data.is_valid = false;
        data.error = { code: e.init.code, message: e.message, subcode: e.init.subcode };
      }
      return { data };
    });
  }

  // ---------------------------------------------------------------- permissions
  sim.route("GET", "facebook", "/:userId/permissions", (ctx) => {
    const token = sim.requireToken(ctx, { kinds: ["user"] });
    const user = sim.account(ctx, token, ctx.params.userId ?? "me");
    if (user.type !== "fb_user") throw sim.unsupported("GET", ctx.params.userId ?? "");
    const scopes = sim.state.grants.get(sim.grantKey(token.appId, user.id)) ?? new Set();
    // {data: [{permission, status: "granted" | "declined"}]} (user/permissions reference).
    return { data: [...scopes].map((permission) => ({ permission, status: "granted" })) };
  });
  /**
   * DELETE /{user-id}/permissions: "revoke all permissions … de-authorizes the app" → every token of this app and
   * user stops working (190/458); DELETE /{user-id}/permissions/{permission-name}: revokes one (user/permissions
   * reference, "Deleting"). Answer {success: true}.
   */
  sim.route("DELETE", "facebook", "/:userId/permissions", (ctx) => {
    const token = sim.requireToken(ctx, { kinds: ["user"] });
    const user = sim.account(ctx, token, ctx.params.userId ?? "me");
    if (user.type !== "fb_user") throw sim.unsupported("DELETE", ctx.params.userId ?? "");
    sim.deauthorize(token.appId, user.id);
    return { success: true };
  });
  sim.route("DELETE", "facebook", "/:userId/permissions/:permission", (ctx) => {
    const token = sim.requireToken(ctx, { kinds: ["user"] });
    const user = sim.account(ctx, token, ctx.params.userId ?? "me");
    if (user.type !== "fb_user") throw sim.unsupported("DELETE", ctx.params.userId ?? "");
    sim.state.grants.get(sim.grantKey(token.appId, user.id))?.delete(ctx.params.permission ?? "");
    return { success: true };
  });
}

/**
 * A Page as Graph shows it. `access_token` is the Page token for the caller's user token: "Page access tokens …
 * obtained from a long-lived User access token … have no expiration date" (get-long-lived, "Get a Long-Lived Page
 * Access Token"); from a short-lived one it lives as long as the user token (not documented; chosen).
 * @param {Sim} sim @param {Ctx} ctx @param {import("./index.d.mts").Page} p @param {string[]} fields @param {Token} token
 */
function pageJson(sim, ctx, p, fields, token) {
  const wantsToken = fields.some((f) => f === "access_token");
  /** @type {Record<string, unknown>} */
  const full = {
    id: p.id,
    name: p.name,
    category: p.category,
    category_list: [{ id: "2500", name: p.category }],
    tasks: ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"],
    access_token: undefined,
    instagram_business_account: undefined,
    fan_count: p.fanCount,
    followers_count: p.followers,
    link: `https://www.facebook.com/${p.id}`,
    picture: { data: { url: p.pictureUrl, is_silhouette: false } },
  };
  if (wantsToken && token.kind === "user") full.access_token = pageTokenFor(sim, token, p.id).value;
  else if (wantsToken && token.kind === "page") full.access_token = token.value;
  const igField = fields.find((f) => f.startsWith("instagram_business_account"));
  if (p.igUserId && igField) {
    const sub = /\{(.*)\}$/.exec(igField)?.[1];
    const ig = /** @type {import("./index.d.mts").IgUser} */ (sim.state.igUsers.get(p.igUserId));
    // Reading the linked account needs instagram_basic (+ pages_show_list) (instagram-api-with-facebook-login/get-started).
    sim.checkScopes(token, { scopes: [IG_BASIC_FB] });
    full.instagram_business_account = sub ? igUserJson(sim, ig, sub.split(",").map((s) => s.trim()), token) : { id: ig.id };
  }
  return sim.pick(full, fields, ["id", "name"], "Page");
}

/**
 * @param {Sim} sim @param {Token} userToken @param {string} pageId
 * @returns {Token}
 */
export function pageTokenFor(sim, userToken, pageId) {
  for (const t of sim.state.tokens.values()) {
    if (t.kind === "page" && t.parent === userToken.value && t.pageId === pageId && !t.revoked) return t;
  }
  const lifetimeMs = userToken.longLived || userToken.expiresAt === null ? null : userToken.expiresAt - sim.clock.now();
  return sim.issue({ provider: "meta", kind: "page", appId: userToken.appId, userId: userToken.userId, pageId, longLived: userToken.longLived, lifetimeMs, parent: userToken.value });
}

/**
 * An IG user's fields (instagram-user reference): id, ig_id, username, name, biography, website,
 * profile_picture_url, followers_count, follows_count, media_count; Instagram Login /me adds user_id (the
 * professional account id) and account_type, and its `id` is the app-scoped id.
 * @param {Sim} sim @param {import("./index.d.mts").IgUser} u @param {string[]} fields @param {Token} token
 */
function igUserJson(sim, u, fields, token) {
  const viaIgLogin = token.provider === "instagram";
  const mediaCount = [...sim.state.media.values()].filter((m) => m.ownerId === u.id && m.type === "ig_media" && m.media_product_type !== "STORY").length;
  /** @type {Record<string, unknown>} */
  const full = {
    id: viaIgLogin ? u.appScopedId : u.id,
    ig_id: Number(u.id.slice(-10)),
    username: u.username,
    name: u.name,
    biography: u.biography ?? "",
    website: u.website ?? "",
    profile_picture_url: u.profilePictureUrl,
    followers_count: u.followersCount,
    follows_count: u.followsCount,
    media_count: mediaCount,
  };
  if (viaIgLogin) {
    full.user_id = u.id;
    full.account_type = u.accountType;
  }
  return sim.pick(full, fields, ["id"], "IGUser");
}
