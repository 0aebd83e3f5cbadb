import crypto from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMetaSimulator, type MetaSimulator } from "../helpers/meta-peer.ts";

/**
 * The Meta simulator on its own: the documented rules it enforces (each cited in test-peers/meta/*.mjs). The app's
 * use of it is tested elsewhere (oauth, adapters, insights tests).
 */
const DAY = 24 * 60 * 60 * 1000;
const REDIRECT = "https://socialplan.example/api/oauth/callback";

let sim: MetaSimulator;
beforeAll(async () => {
  sim = await startMetaSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.clock.set(Date.now());
  sim.faults.clearRateLimit();
});

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}
/** A request to `https://<host><path>` as the app sends it through NETWORK_SIMULATOR_URL. */
async function call(method: string, hostPath: string, params: Record<string, string> = {}): Promise<Answer> {
  const q = new URLSearchParams(params);
  const url = `${sim.url}/${hostPath}`;
  const r =
    method === "GET" || method === "DELETE"
      ? await fetch(`${url}?${q}`, { method, redirect: "manual" })
      : await fetch(url, { method, body: q, headers: { "content-type": "application/x-www-form-urlencoded" }, redirect: "manual" });
  const text = await r.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* HTML */
  }
  return { status: r.status, body, headers: r.headers };
}

function facebookSetup() {
  const app = sim.createApp({ provider: "meta", redirectUris: [REDIRECT] });
  const { user, pages, igUsers } = sim.createFacebookUser({ name: "Ji-woo Kim" });
  const authorize = `https://www.facebook.com/v24.0/dialog/oauth?${new URLSearchParams({
    client_id: app.id,
    redirect_uri: REDIRECT,
    state: "st-1",
    scope: "pages_show_list,pages_read_engagement,pages_manage_posts,read_insights,instagram_basic,instagram_content_publish,instagram_manage_insights",
  })}`;
  return { app, user, page: pages[0]!, ig: igUsers[0]!, authorize };
}

async function facebookToken(f: ReturnType<typeof facebookSetup>) {
  const code = new URL(sim.approve(f.authorize, { userId: f.user.id })).searchParams.get("code")!;
  const r = await call("GET", "graph.facebook.com/v24.0/oauth/access_token", { client_id: f.app.id, client_secret: f.app.secret, redirect_uri: REDIRECT, code });
  expect(r.status).toBe(200);
  const long = await call("GET", "graph.facebook.com/v24.0/oauth/access_token", { grant_type: "fb_exchange_token", client_id: f.app.id, client_secret: f.app.secret, fb_exchange_token: r.body.access_token });
  expect(long.body.expires_in).toBe(60 * 24 * 3600);
  return long.body.access_token as string;
}

describe("Facebook Login", () => {
  it("shows a consent page whose Allow / Cancel redirect with code+state or error=access_denied", async () => {
    const f = facebookSetup();
    const page = await call("GET", "www.facebook.com/v24.0/dialog/oauth", Object.fromEntries(new URL(f.authorize).searchParams));
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="decision" value="allow"');
    const q = /name="q" value="([^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, "&");
    const allow = await call("POST", "www.facebook.com/v24.0/dialog/oauth", { q, user: f.user.id, scope: "pages_show_list", decision: "allow" });
    expect(allow.status).toBe(302);
    const to = new URL(allow.headers.get("location")!);
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect(to.searchParams.get("state")).toBe("st-1");
    expect(to.searchParams.get("code")).toBeTruthy();
    const cancel = await call("POST", "www.facebook.com/v24.0/dialog/oauth", { q, user: f.user.id, decision: "cancel" });
    const denied = new URL(cancel.headers.get("location")!);
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("error_reason")).toBe("user_denied");
    expect(denied.searchParams.get("state")).toBe("st-1");
  });

  it("refuses a redirect_uri that is not registered, without redirecting", async () => {
    const f = facebookSetup();
    const bad = await call("GET", "www.facebook.com/v24.0/dialog/oauth", { client_id: f.app.id, redirect_uri: `${REDIRECT}/other`, state: "x" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("location")).toBeNull();
    expect(bad.body).toContain("URL Blocked");
  });

  it("exchanges a code once, with the same redirect_uri, within 10 minutes", async () => {
    const f = facebookSetup();
    const codeOf = () => new URL(sim.approve(f.authorize, { userId: f.user.id })).searchParams.get("code")!;
    const exchange = (code: string, redirect = REDIRECT) => call("GET", "graph.facebook.com/v24.0/oauth/access_token", { client_id: f.app.id, client_secret: f.app.secret, redirect_uri: redirect, code });
    const code = codeOf();
    const mismatch = await exchange(code, `${REDIRECT}/`);
    expect(mismatch.body.error).toMatchObject({ type: "OAuthException", code: 100, error_subcode: 36008 });
    expect((await exchange(code)).status).toBe(200);
    expect((await exchange(code)).body.error).toMatchObject({ code: 100, error_subcode: 36009 });
    const late = codeOf();
    sim.clock.advance(11 * 60 * 1000);
    expect((await exchange(late)).body.error).toMatchObject({ code: 100, error_subcode: 36007 });
    const wrongSecret = await call("GET", "graph.facebook.com/v24.0/oauth/access_token", { client_id: f.app.id, client_secret: "nope", redirect_uri: REDIRECT, code: codeOf() });
    expect(wrongSecret.body.error.code).toBe(1);
  });

  it("enforces PKCE when the dialog was given a code_challenge", async () => {
    const f = facebookSetup();
    const verifier = crypto.randomBytes(32).toString("base64url");
    const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
    const url = `${f.authorize}&code_challenge=${challenge}&code_challenge_method=S256`;
    const exchange = (code: string, v?: string) => call("GET", "graph.facebook.com/v24.0/oauth/access_token", { client_id: f.app.id, client_secret: f.app.secret, redirect_uri: REDIRECT, code, ...(v ? { code_verifier: v } : {}) });
    expect((await exchange(new URL(sim.approve(url, { userId: f.user.id })).searchParams.get("code")!)).body.error.code).toBe(100);
    expect((await exchange(new URL(sim.approve(url, { userId: f.user.id })).searchParams.get("code")!, verifier)).status).toBe(200);
  });

  it("lists Pages with never-expiring Page tokens from a long-lived user token, and their Instagram accounts", async () => {
    const f = facebookSetup();
    const token = await facebookToken(f);
    const accounts = await call("GET", "graph.facebook.com/v24.0/me/accounts", { access_token: token, fields: "id,name,access_token,instagram_business_account{id,username,profile_picture_url,followers_count}" });
    expect(accounts.status).toBe(200);
    const entry = accounts.body.data[0];
    expect(entry).toMatchObject({ id: f.page.id, name: f.page.name, instagram_business_account: { id: f.ig.id, username: f.ig.username, followers_count: f.ig.followersCount } });
    expect(JSON.parse(accounts.headers.get("x-app-usage")!)).toHaveProperty("call_count");
    const debug = await call("GET", "graph.facebook.com/v24.0/debug_token", { input_token: entry.access_token, access_token: `${f.app.id}|${f.app.secret}` });
    expect(debug.body.data).toMatchObject({ type: "PAGE", is_valid: true, expires_at: 0, profile_id: f.page.id });
    sim.clock.advance(400 * DAY);
    const page = await call("GET", `graph.facebook.com/v24.0/${f.page.id}`, { access_token: entry.access_token, fields: "instagram_business_account" });
    expect(page.body.instagram_business_account).toEqual({ id: f.ig.id });
  });

  it("answers 190/463 after expiry and 190/458 after DELETE /me/permissions, Page tokens included", async () => {
    const f = facebookSetup();
    const token = await facebookToken(f);
    const pageToken = (await call("GET", "graph.facebook.com/v24.0/me/accounts", { access_token: token, fields: "access_token" })).body.data[0].access_token as string;
    sim.clock.advance(61 * DAY);
    const expired = await call("GET", "graph.facebook.com/v24.0/me", { access_token: token });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ type: "OAuthException", code: 190, error_subcode: 463 });
    expect(expired.body.error.fbtrace_id).toBeTruthy();
    sim.clock.set(Date.now());
    const fresh = await facebookToken(f);
    expect((await call("DELETE", "graph.facebook.com/v24.0/me/permissions", { access_token: fresh })).body).toEqual({ success: true });
    expect((await call("GET", "graph.facebook.com/v24.0/me", { access_token: fresh })).body.error).toMatchObject({ code: 190, error_subcode: 458 });
    expect((await call("GET", `graph.facebook.com/v24.0/${f.page.id}`, { access_token: pageToken })).body.error).toMatchObject({ code: 190, error_subcode: 458 });
  });

  it("answers a dropped permission with code 10 and a password change with 190/460", async () => {
    const f = facebookSetup();
    const token = await facebookToken(f);
    const media = sim.addExternalMedia(f.ig.id, { caption: "outside" });
    sim.faults.dropPermission({ appId: f.app.id, userId: f.user.id }, "instagram_manage_insights");
    const r = await call("GET", `graph.facebook.com/v24.0/${media.id}/insights`, { access_token: token, metric: "reach" });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe(10);
    sim.faults.revoke(token, "password_changed");
    expect((await call("GET", "graph.facebook.com/v24.0/me", { access_token: token })).body.error).toMatchObject({ code: 190, error_subcode: 460 });
  });
});

describe("rate limits", () => {
  it("throttles an Instagram account with 80002 and X-Business-Use-Case-Usage, an app with 4 and X-App-Usage", async () => {
    const app = sim.createApp({ provider: "instagram", redirectUris: [REDIRECT] });
    const ig = sim.createInstagramUser();
    const token = sim.issueToken({ appId: app.id, userId: ig.id, scopes: ["instagram_business_basic", "instagram_business_content_publish"] });
    const ok = await call("GET", "graph.instagram.com/v24.0/me", { access_token: token, fields: "user_id,username" });
    const usage = JSON.parse(ok.headers.get("x-business-use-case-usage")!);
    expect(usage[ig.id][0]).toMatchObject({ type: "instagram", estimated_time_to_regain_access: 0 });
    sim.faults.rateLimit({ accountId: ig.id }, { minutes: 30 });
    const throttled = await call("GET", "graph.instagram.com/v24.0/me", { access_token: token });
    expect(throttled.body.error.code).toBe(80002);
    expect(JSON.parse(throttled.headers.get("x-business-use-case-usage")!)[ig.id][0]).toMatchObject({ call_count: 100, estimated_time_to_regain_access: 30 });
    sim.clock.advance(31 * 60 * 1000);
    expect((await call("GET", "graph.instagram.com/v24.0/me", { access_token: token })).status).toBe(200);

    const f = facebookSetup();
    const fb = await facebookToken(f);
    sim.faults.usage({ appId: f.app.id }, 95);
    expect(JSON.parse((await call("GET", "graph.facebook.com/v24.0/me", { access_token: fb })).headers.get("x-app-usage")!).call_count).toBe(95);
    sim.faults.rateLimit({ appId: f.app.id }, { code: 613 });
    expect((await call("GET", "graph.facebook.com/v24.0/me", { access_token: fb })).body.error.code).toBe(613);
  });
});

describe("Instagram Login", () => {
  it("signs in, exchanges for 60 days, refreshes only after 24 h, and rejects its token on graph.facebook.com", async () => {
    const app = sim.createApp({ provider: "instagram", redirectUris: [REDIRECT] });
    const ig = sim.createInstagramUser({ username: "cafe_seoul" });
    const base = { client_id: app.id, redirect_uri: REDIRECT, response_type: "code", state: "s" };
    const noBasic = await call("GET", "www.instagram.com/oauth/authorize", { ...base, scope: "instagram_business_content_publish" });
    expect(noBasic.status).toBe(400);
    const authorize = `https://www.instagram.com/oauth/authorize?${new URLSearchParams({ ...base, scope: "instagram_business_basic,instagram_business_content_publish,instagram_business_manage_insights" })}`;
    const redirect = sim.approve(authorize, { userId: ig.id });
    expect(redirect.endsWith("#_")).toBe(true);
    const code = new URL(redirect).searchParams.get("code")!;
    const form = { client_id: app.id, client_secret: app.secret, grant_type: "authorization_code", redirect_uri: REDIRECT, code };
    const short = await call("POST", "api.instagram.com/oauth/access_token", form);
    expect(short.body.data[0]).toMatchObject({ user_id: ig.appScopedId, permissions: expect.stringContaining("instagram_business_basic") });
    expect((await call("POST", "api.instagram.com/oauth/access_token", form)).body).toMatchObject({ error_type: "OAuthException", code: 400 });
    const long = await call("GET", "graph.instagram.com/access_token", { grant_type: "ig_exchange_token", client_secret: app.secret, access_token: short.body.data[0].access_token });
    expect(long.body).toMatchObject({ token_type: "bearer", expires_in: 5184000 });
    const me = await call("GET", "graph.instagram.com/v24.0/me", { access_token: long.body.access_token, fields: "user_id,username,name,profile_picture_url,followers_count" });
    expect(me.body).toMatchObject({ id: ig.appScopedId, user_id: ig.id, username: "cafe_seoul" });
    const refresh = () => call("GET", "graph.instagram.com/refresh_access_token", { grant_type: "ig_refresh_token", access_token: long.body.access_token });
    expect((await refresh()).body.error.code).toBe(100);
    sim.clock.advance(DAY + 60_000);
    const refreshed = await refresh();
    expect(refreshed.body.expires_in).toBe(5184000);
    expect(refreshed.body.access_token).not.toBe(long.body.access_token);
    sim.clock.advance(60 * DAY);
    expect((await refresh()).body.error).toMatchObject({ code: 190, error_subcode: 463 });
    expect((await call("GET", "graph.facebook.com/v24.0/me", { access_token: refreshed.body.access_token })).body.error.code).toBe(190);
  });
});

describe("Threads", () => {
  it("signs in, exchanges for 60 days, refreshes after 24 h and reads /me", async () => {
    const app = sim.createApp({ provider: "threads", redirectUris: [REDIRECT] });
    const u = sim.createThreadsUser({ username: "bakery.busan" });
    const authorize = `https://threads.net/oauth/authorize?${new URLSearchParams({ client_id: app.id, redirect_uri: REDIRECT, scope: "threads_basic,threads_content_publish,threads_manage_insights", response_type: "code", state: "t" })}`;
    const code = new URL(sim.approve(authorize, { userId: u.id })).searchParams.get("code")!;
    const short = await call("POST", "graph.threads.net/oauth/access_token", { client_id: app.id, client_secret: app.secret, grant_type: "authorization_code", redirect_uri: REDIRECT, code });
    expect(short.body.user_id).toBe(u.id);
    const long = await call("GET", "graph.threads.net/access_token", { grant_type: "th_exchange_token", client_secret: app.secret, access_token: short.body.access_token });
    expect(long.body.expires_in).toBe(5184000);
    const me = await call("GET", "graph.threads.net/v1.0/me", { access_token: long.body.access_token, fields: "id,username,threads_profile_picture_url" });
    expect(me.body).toMatchObject({ id: u.id, username: "bakery.busan" });
    sim.clock.advance(2 * DAY);
    expect((await call("GET", "graph.threads.net/refresh_access_token", { grant_type: "th_refresh_token", access_token: long.body.access_token })).body.expires_in).toBe(5184000);
  });
});

describe("listing and insights", () => {
  it("pages through an account's media, newest first, including media posted outside the app", async () => {
    const app = sim.createApp({ provider: "instagram", redirectUris: [REDIRECT] });
    const ig = sim.createInstagramUser();
    const token = sim.issueToken({ appId: app.id, userId: ig.id, scopes: ["instagram_business_basic", "instagram_business_manage_insights"] });
    const made = [];
    for (let i = 0; i < 30; i++) {
      made.push(sim.addExternalMedia(ig.id, { caption: `post ${i}` }));
      sim.clock.advance(60_000);
    }
    const first = await call("GET", `graph.instagram.com/v24.0/${ig.id}/media`, { access_token: token, fields: "id,caption,permalink,timestamp,media_type" });
    expect(first.body.data).toHaveLength(25);
    expect(first.body.data[0].caption).toBe("post 29");
    const next = new URL(first.body.paging.next);
    expect(next.host).toBe("graph.instagram.com");
    const second = await call("GET", `graph.instagram.com/v24.0/${ig.id}/media`, { access_token: token, fields: "id,caption", after: next.searchParams.get("after")! });
    expect(second.body.data.map((m: { caption: string }) => m.caption)).toEqual(["post 4", "post 3", "post 2", "post 1", "post 0"]);
    expect(second.body.paging.next).toBeUndefined();

    const id = made[0]!.id;
    const metrics = "reach,likes,comments,saved,shares,views,total_interactions";
    const a = await call("GET", `graph.instagram.com/v24.0/${id}/insights`, { access_token: token, metric: metrics });
    const b = await call("GET", `graph.instagram.com/v24.0/${id}/insights`, { access_token: token, metric: metrics });
    expect(a.body).toEqual(b.body);
    sim.setInsights(id, { reach: 1234, likes: 56 });
    const set = await call("GET", `graph.instagram.com/v24.0/${id}/insights`, { access_token: token, metric: "reach,likes" });
    expect(set.body.data.map((d: { values: Array<{ value: number }> }) => d.values[0]!.value)).toEqual([1234, 56]);
    expect((await call("GET", `graph.instagram.com/v24.0/${id}/insights`, { access_token: token, metric: "impressions" })).body.error.code).toBe(100);

    const user = await call("GET", `graph.instagram.com/v24.0/${ig.id}/insights`, { access_token: token, metric: "reach,follower_count", period: "day" });
    expect(user.body.data.map((d: { name: string }) => d.name)).toEqual(["reach", "follower_count"]);
    expect(user.body.data[0].values[0].end_time).toMatch(/T07:00:00\+0000$/);
    expect((await call("GET", `graph.instagram.com/v24.0/${ig.id}/insights`, { access_token: token, metric: "views", period: "day" })).body.error.code).toBe(100);
    const views = await call("GET", `graph.instagram.com/v24.0/${ig.id}/insights`, { access_token: token, metric: "views", period: "day", metric_type: "total_value" });
    expect(views.body.data[0].total_value.value).toBeGreaterThan(0);
  });

  it("reads Page and post insights only with a Page token", async () => {
    const f = facebookSetup();
    const user = await facebookToken(f);
    const pageToken = sim.issueToken({ appId: f.app.id, userId: f.user.id, pageId: f.page.id });
    const post = sim.addExternalMedia(f.page.id, { message: "hello" });
    expect((await call("GET", `graph.facebook.com/v24.0/${f.page.id}/insights`, { access_token: user, metric: "page_media_view" })).body.error.code).toBe(190);
    const missing = await call("GET", `graph.facebook.com/v24.0/${f.page.id}/insights`, { access_token: pageToken });
    expect(missing.body.error).toMatchObject({ code: 3001, error_subcode: 1504028 });
    expect((await call("GET", `graph.facebook.com/v24.0/${f.page.id}/insights`, { access_token: pageToken, metric: "page_impressions" })).body.error.code).toBe(100);
    const page = await call("GET", `graph.facebook.com/v24.0/${f.page.id}/insights`, { access_token: pageToken, metric: "page_media_view,page_follows", period: "day" });
    expect(page.body.data).toHaveLength(2);
    const posts = await call("GET", `graph.facebook.com/v24.0/${f.page.id}/published_posts`, { access_token: pageToken, fields: "id,message,created_time,permalink_url" });
    expect(posts.body.data[0]).toMatchObject({ id: post.id, message: "hello" });
    const pi = await call("GET", `graph.facebook.com/v24.0/${post.id}/insights`, { access_token: pageToken, metric: "post_media_view,post_reactions_by_type_total" });
    expect(pi.body.data[1].values[0].value).toHaveProperty("like");
  });

  it("lists Threads posts and reads their insights", async () => {
    const app = sim.createApp({ provider: "threads", redirectUris: [REDIRECT] });
    const u = sim.createThreadsUser();
    const token = sim.issueToken({ appId: app.id, userId: u.id, scopes: ["threads_basic", "threads_manage_insights"] });
    const t = sim.addExternalMedia(u.id, { text: "outside" });
    const list = await call("GET", "graph.threads.net/v1.0/me/threads", { access_token: token, fields: "id,text,permalink,timestamp" });
    expect(list.body.data[0]).toMatchObject({ id: t.id, text: "outside" });
    const mi = await call("GET", `graph.threads.net/v1.0/${t.id}/insights`, { access_token: token, metric: "views,likes,replies,reposts,quotes,shares" });
    expect(mi.body.data).toHaveLength(6);
    const ui = await call("GET", `graph.threads.net/v1.0/${u.id}/threads_insights`, { access_token: token, metric: "views,followers_count" });
    expect(ui.body.data[1].total_value.value).toBe(u.followers);
    expect((await call("GET", `graph.threads.net/v1.0/${u.id}/threads_insights`, { access_token: token, metric: "views", since: "1700000000" })).body.error.code).toBe(100);
  });
});

describe("media fetching and faults", () => {
  it("records a media URL it cannot fetch, and drops a connection on request", async () => {
    const r = await sim.fetchMedia("http://127.0.0.1:1/missing.jpg", { kind: "image" });
    expect(r.ok).toBe(false);
    expect(sim.state.fetchLog.at(-1)).toMatchObject({ url: "http://127.0.0.1:1/missing.jpg", ok: false });
    sim.faults.failNext({ host: "graph.facebook.com", path: "/me" }, { dropConnection: true });
    await expect(fetch(`${sim.url}/graph.facebook.com/v24.0/me?access_token=x`)).rejects.toThrow();
    expect((await call("GET", "graph.facebook.com/v24.0/me", { access_token: "x" })).body.error.code).toBe(190);
  });
});
