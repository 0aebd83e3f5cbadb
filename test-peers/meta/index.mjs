// @ts-check
/**
 * The Meta contract simulator (Facebook Graph API with Facebook Login, Instagram API with Instagram Login, Threads
 * API), in-process for tests. `startMetaSimulator()` listens on 127.0.0.1 and serves every Meta host under its name:
 * `http://127.0.0.1:PORT/graph.facebook.com/v24.0/me`. Contract and control API: README.md next to this file and
 * index.d.mts.
 */
import { Sim } from "./core.mjs";
import { decide } from "./oauth.mjs";
import { pageTokenFor } from "./graph.mjs";
import * as oauth from "./oauth.mjs";
import * as graph from "./graph.mjs";
import * as insights from "./insights.mjs";
import * as publish from "./publish.mjs";

export { Sim, GraphError, graphTime } from "./core.mjs";
export { mediaNumbers } from "./insights.mjs";

const DAY = 24 * 60 * 60 * 1000;

/**
 * The control API tests use, on top of the core.
 */
export class MetaSimulator extends Sim {
  constructor() {
    super();
    const sim = this;
    /** Faults a test injects. */
    this.faults = {
      /** Next calls with the token → 190/463. @param {string} token */
      expireToken(token) {
        const t = sim.tokenRecord(token);
        t.expiresAt = sim.clock.now() - 1000;
      },
      /**
       * Next calls with the token → 190 with the subcode of the reason (error-handling page: 458 app not installed,
       * 460 password changed, 467 invalid/logged out). A user token's Page tokens go with it.
       * @param {string} token @param {"deauthorized" | "password_changed" | "logged_out"} [reason]
       */
      revoke(token, reason = "deauthorized") {
        const t = sim.tokenRecord(token);
        if (reason === "deauthorized") return sim.deauthorize(t.appId, t.userId);
        const subcode = reason === "password_changed" ? 460 : 467;
        const message =
          reason === "password_changed"
            ? "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons."
            : "Error validating access token: The user is not logged into Facebook.";
        sim.revokeToken(t, subcode, message);
      },
      /**
       * Throttles an app or an account (Page / IG user / Threads user) for `minutes` (default 60): calls fail with
       * `code` (default: 4 for an app; 80001 Page token, 32 Page with a user token, 80002 Instagram) and the usage
       * headers show 100 % with estimated_time_to_regain_access.
       * @param {{ appId: string } | { accountId: string }} target @param {{ code?: number, minutes?: number }} [opts]
       */
      rateLimit(target, opts = {}) {
        const key = "appId" in target ? `app:${target.appId}` : `account:${target.accountId}`;
        const prev = sim.state.limits.get(key) ?? {};
        sim.state.limits.set(key, { ...prev, until: sim.clock.now() + (opts.minutes ?? 60) * 60000, code: opts.code });
      },
      /** Usage headers only (no error), e.g. 95 %. @param {{ appId: string } | { accountId: string }} target @param {number} percent */
      usage(target, percent) {
        const key = "appId" in target ? `app:${target.appId}` : `account:${target.accountId}`;
        const prev = sim.state.limits.get(key) ?? {};
        sim.state.limits.set(key, { ...prev, percent });
      },
      clearRateLimit() {
        sim.state.limits.clear();
        sim.state.calls.clear();
      },
      /** The user withdraws one permission from the app. @param {{ appId: string, userId: string }} who @param {string} scope */
      dropPermission(who, scope) {
        sim.state.grants.get(sim.grantKey(who.appId, who.userId))?.delete(scope);
      },
      /**
       * The next request matching fails with this Graph error, or the connection is dropped without an answer.
       * @param {{ method?: string, host?: string, path?: string | RegExp }} match
       * @param {import("./index.d.mts").GraphErrorInit | { dropConnection: true }} error
       */
      failNext(match, error) {
        sim.state.failures.push({ match, error });
      },
    };
  }

  /** @param {string} value */
  tokenRecord(value) {
    const t = this.state.tokens.get(value);
    if (!t) throw new Error(`meta-sim: no token ${value.slice(0, 8)}…`);
    return t;
  }

  /**
   * A developer app. Facebook Login apps, Instagram Login apps ("Instagram app ID") and Threads apps ("Threads app
   * ID") are separate ids and secrets (threads/get-started: "there will be 2 app IDs and app secrets").
   * @param {{ provider: import("./index.d.mts").Provider, id?: string, secret?: string, redirectUris: string[], name?: string }} o
   */
  createApp(o) {
    const app = { id: o.id ?? this.newId("9"), secret: o.secret ?? `secret-${this.newId("5")}`, provider: o.provider, name: o.name ?? "Socialplan test app", redirectUris: [...o.redirectUris] };
    this.state.apps.set(app.id, app);
    return app;
  }

  /**
   * A Facebook user with Pages, each optionally linked to an Instagram professional account.
   * @param {import("./index.d.mts").CreateFacebookUser} [o]
   */
  createFacebookUser(o = {}) {
    const user = this.put({ type: /** @type {const} */ ("fb_user"), id: this.newId("100"), name: o.name ?? "Test Owner", pageIds: /** @type {string[]} */ ([]) });
    this.state.fbUsers.set(user.id, user);
    /** @type {import("./index.d.mts").Page[]} */
    const pages = [];
    /** @type {import("./index.d.mts").IgUser[]} */
    const igUsers = [];
    for (const [i, p] of (o.pages ?? [{ name: "Test Page", instagram: true }]).entries()) {
      /** @type {import("./index.d.mts").Page} */
      const page = this.put({
        type: "page",
        id: this.newId("110"),
        name: p.name ?? `Test Page ${i + 1}`,
        category: p.category ?? "Local business",
        fanCount: p.fanCount ?? 150,
        followers: p.followers ?? 160,
        engagedUsers: 1,
        pictureUrl: `https://scontent.example/page-${i}.jpg`,
        businessId: this.newId("120"),
      });
      this.state.pages.set(page.id, page);
      user.pageIds.push(page.id);
      pages.push(page);
      if (p.instagram) {
        const ig = this.createInstagramUser({ ...(p.instagram === true ? {} : p.instagram), pageId: page.id });
        page.igUserId = ig.id;
        igUsers.push(ig);
      }
    }
    if (o.grant) this.grant(o.grant.appId, user.id, o.grant.scopes);
    return { user, pages, igUsers };
  }

  /**
   * An Instagram professional account (Instagram Login; also used for Page-linked accounts).
   * @param {import("./index.d.mts").CreateInstagramUser} [o]
   */
  createInstagramUser(o = {}) {
    const n = this.state.igUsers.size + 1;
    /** @type {import("./index.d.mts").IgUser} */
    const ig = this.put({
      type: "ig_user",
      id: this.newId("17841"),
      appScopedId: this.newId("26"),
      username: o.username ?? `test_shop_${n}`,
      name: o.name ?? `Test Shop ${n}`,
      profilePictureUrl: `https://scontent.cdninstagram.example/profile-${n}.jpg`,
      followersCount: o.followersCount ?? 1200,
      followsCount: 80,
      accountType: o.accountType ?? "BUSINESS",
      pageId: o.pageId,
      impressions: 1,
      biography: "",
      website: "",
    });
    this.state.igUsers.set(ig.id, ig);
    if (o.grant) this.grant(o.grant.appId, ig.id, o.grant.scopes);
    return ig;
  }

  /** @param {import("./index.d.mts").CreateThreadsUser} [o] */
  createThreadsUser(o = {}) {
    const n = this.state.threadsUsers.size + 1;
    /** @type {import("./index.d.mts").ThreadsUser} */
    const u = this.put({ type: "threads_user", id: this.newId("258"), username: o.username ?? `test_threads_${n}`, name: o.name ?? `Test Threads ${n}`, pictureUrl: `https://scontent.cdninstagram.example/threads-${n}.jpg`, biography: "", followers: o.followers ?? 300 });
    this.state.threadsUsers.set(u.id, u);
    if (o.grant) this.grant(o.grant.appId, u.id, o.grant.scopes);
    return u;
  }

  /** @param {string} appId @param {string} userId @param {string[]} scopes */
  grant(appId, userId, scopes) {
    const key = this.grantKey(appId, userId);
    const set = this.state.grants.get(key) ?? new Set();
    for (const s of scopes) set.add(s);
    this.state.grants.set(key, set);
  }

  /**
   * What the consent page does when the person clicks Allow (or Cancel with `deny`): returns the redirect URL
   * (with code and state, or error=access_denied). `authorizeUrl` may be the production URL or the simulator URL.
   * @param {string} authorizeUrl @param {{ userId?: string, scopes?: string[], deny?: boolean }} opts
   */
  approve(authorizeUrl, opts) {
    const u = new URL(authorizeUrl);
    let host = u.host;
    let path = u.pathname;
    if (u.host.startsWith("127.0.0.1") || u.host.startsWith("localhost")) {
      const parts = u.pathname.split("/").filter(Boolean);
      host = parts.shift() ?? "";
      path = "/" + parts.join("/");
    }
    path = path.replace(/^\/v\d+(\.\d+)?/, "");
    /** @type {import("./index.d.mts").Provider} */
    let provider;
    if (/(^|\.)facebook\.com$/.test(host) && path === "/dialog/oauth") provider = "meta";
    else if (/(^|\.)instagram\.com$/.test(host) && path === "/oauth/authorize") provider = "instagram";
    else if (/(^|\.)threads\.(net|com)$/.test(host) && path === "/oauth/authorize") provider = "threads";
    else throw new Error(`meta-sim: not an authorize URL: ${authorizeUrl}`);
    const r = decide(this, provider, Object.fromEntries(u.searchParams), opts);
    if ("error" in r) throw new Error(`meta-sim: authorize refused: ${r.error}`);
    return r.url;
  }

  /**
   * A token without the OAuth dance (tests of publishing). Grants `scopes` (added to what the user granted).
   * `pageId` → the Page token of that Page (from a long-lived user token: no expiry).
   * @param {{ appId: string, userId: string, pageId?: string, scopes?: string[], longLived?: boolean }} o
   */
  issueToken(o) {
    const app = this.state.apps.get(o.appId);
    if (!app) throw new Error(`meta-sim: no app ${o.appId}`);
    if (o.scopes) this.grant(o.appId, o.userId, o.scopes);
    const longLived = o.longLived ?? true;
    const user = this.issue({ provider: app.provider, kind: "user", appId: app.id, userId: o.userId, longLived, lifetimeMs: longLived ? 60 * DAY : 60 * 60 * 1000 });
    if (!o.pageId) return user.value;
    return pageTokenFor(this, user, o.pageId).value;
  }

  /** Media on an account, newest first (what was published, by us or outside). @param {string} accountId */
  publishedMedia(accountId) {
    return [...this.state.media.values()].filter((m) => m.ownerId === accountId).sort((a, b) => b.createdAt - a.createdAt);
  }

  /**
   * Media posted on the network outside the app (appId null), e.g. `{ caption, media_type: "IMAGE" }` for IG,
   * `{ message }` for a Page, `{ text }` for Threads. `createdAt` defaults to now.
   * @param {string} accountId @param {Partial<import("./index.d.mts").Media>} m
   */
  addExternalMedia(accountId, m = {}) {
    const type = this.state.igUsers.has(accountId) ? "ig_media" : this.state.pages.has(accountId) ? "fb_post" : this.state.threadsUsers.has(accountId) ? "threads_media" : null;
    if (!type) throw new Error(`meta-sim: no account ${accountId}`);
    const defaults = type === "ig_media" ? { media_type: /** @type {const} */ ("IMAGE"), media_product_type: /** @type {const} */ ("FEED"), mediaUrl: "https://scontent.cdninstagram.example/outside.jpg" } : type === "threads_media" ? { media_type: /** @type {const} */ ("TEXT_POST") } : { kind: /** @type {const} */ ("status") };
    return this.addMedia({ ...defaults, ...m, type, ownerId: accountId, appId: null });
  }

  /**
   * Sets a media object's numbers (the rest stay deterministic). `unavailable: true` → IG answers
   * "(#10) Not enough viewers for the media to show insights".
   * @param {string} mediaId @param {Record<string, number> & { unavailable?: boolean }} values
   */
  setInsights(mediaId, values) {
    const m = this.state.media.get(mediaId);
    if (!m) throw new Error(`meta-sim: no media ${mediaId}`);
    const { unavailable, ...numbers } = values;
    if (unavailable !== undefined) m.insightsUnavailable = unavailable;
    m.insights = { ...(m.insights ?? {}), ...numbers };
  }

  /**
   * Sets an account's numbers: followersCount (IG followers_count / Threads followers / Page followers) and daily
   * values by day ("YYYY-MM-DD", Pacific day as Graph counts them) and metric.
   * @param {string} accountId @param {{ followersCount?: number, daily?: Record<string, Record<string, number>> }} o
   */
  setAccountInsights(accountId, o) {
    const prev = this.state.accountInsights.get(accountId) ?? { daily: {} };
    for (const [day, values] of Object.entries(o.daily ?? {})) prev.daily[day] = { ...(prev.daily[day] ?? {}), ...values };
    this.state.accountInsights.set(accountId, prev);
    if (o.followersCount !== undefined) {
      const ig = this.state.igUsers.get(accountId);
      if (ig) ig.followersCount = o.followersCount;
      const th = this.state.threadsUsers.get(accountId);
      if (th) th.followers = o.followersCount;
      const page = this.state.pages.get(accountId);
      if (page) page.followers = o.followersCount;
    }
  }
}

/**
 * The simulator with every module registered, not listening (drive it with `sim.handle(req, res)` or call
 * `listen()`).
 */
export async function createMetaSimulator() {
  const sim = new MetaSimulator();
  oauth.register(sim);
  graph.register(sim);
  insights.register(sim);
  publish.register(sim);
  return sim;
}

/**
 * Starts the simulator on 127.0.0.1 (`port` 0 or absent: a free port).
 * @param {{ port?: number }} [opts]
 */
export async function startMetaSimulator(opts = {}) {
  const sim = await createMetaSimulator();
  await sim.listen(opts.port ?? 0);
  return sim;
}
