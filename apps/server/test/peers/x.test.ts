import type { Notification } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { upload } from "./meta-publish-env.ts";
import { addPost, advance, connectedX, connectionRow, createdWith, deliveryOf, publish, retryNow, secretOf, useX } from "./x-env.ts";

const API = "api.x.com";

for (const dialect of DIALECTS) {
  describe(`X: sign-in with PKCE, posts, threads, media, tokens, limits and numbers (the X simulator) [${dialect}]`, () => {
    const env = useX(dialect);

    it("connects the X account with OAuth 2.0 PKCE (S256) and HTTP Basic client authentication", async () => {
      const c = await connectedX(env);
      const asked = new URL(c.authorizeUrl.replace(`${env.sim.url}/x.com`, "https://x.com"));
      expect(asked.origin + asked.pathname).toBe("https://x.com/i/oauth2/authorize");
      expect(asked.searchParams.get("code_challenge_method")).toBe("S256");
      expect(asked.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(asked.searchParams.get("scope")!.split(" ").sort()).toEqual(["media.write", "offline.access", "tweet.read", "tweet.write", "users.read"]);
      // The simulator required the code_verifier matching that challenge, and Basic client authentication.
      const exchange = env.sim.requestsTo(API, "/2/oauth2/token").at(-1)!;
      expect(exchange.status).toBe(200);
      expect(exchange.body.toString()).toContain("code_verifier=");
      expect(String(exchange.headers.authorization)).toMatch(/^Basic /);
      const r = await connectionRow(env.t, c.connectionId);
      expect(r).toMatchObject({ kind: "x", remote_account_id: c.user.id, status: "active" });
      expect(JSON.parse(r.config)).toMatchObject({ provider: "x", accountId: c.user.id, username: c.user.username });
      const secret = secretOf(env.t, r.secret);
      expect(secret.refreshToken).toBeTruthy();
      expect(Date.parse(secret.accessExpiresAt!)).toBe(env.t.clock.now().getTime() + 2 * 3600_000);
      expect(r.config).not.toContain(secret.accessToken);
    });

    it("publishes a text post once, with its id and permalink", async () => {
      const c = await connectedX(env);
      const postId = await publish(env, c, { body: "오늘의 빵: 소금빵 나왔어요 🥐" });
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      const posts = env.x.postsOf(c.user.id);
      expect(posts.map((p) => p.sentText)).toEqual(["오늘의 빵: 소금빵 나왔어요 🥐"]);
      expect(d.remote_id).toBe(posts[0]!.id);
      expect(d.permalink).toBe(`https://x.com/${c.user.username}/status/${posts[0]!.id}`);
    });

    it("publishes four images, each uploaded once with its alt text", async () => {
      const c = await connectedX(env);
      const ids = [];
      for (let i = 0; i < 4; i++) ids.push(await upload(c.owner, c.workspace.id, `p${i}.jpg`, await photo(800, 600, "jpeg", i * 40)));
      const mark = env.sim.requests.length;
      const postId = await publish(env, c, { body: "Four loaves", media: ids.map((assetId, i) => ({ assetId, alt: i === 0 ? "A sourdough loaf on a board" : "" })) });
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      const [post] = env.x.postsOf(c.user.id);
      expect(post!.mediaIds).toHaveLength(4);
      const media = post!.mediaIds.map((id) => env.x.media.get(id)!);
      expect(media.map((m) => m.kind)).toEqual(["image", "image", "image", "image"]);
      expect(media.map((m) => m.alt)).toEqual(["A sourdough loaf on a board", null, null, null]);
      expect(env.sim.requests.slice(mark).filter((r) => r.path === "/2/media/upload" && r.method === "POST")).toHaveLength(4);
    });

    it("publishes a video through the chunked upload, waiting for X's processing", async () => {
      const c = await connectedX(env);
      // Two STATUS reads answer in_progress, the third succeeded.
      env.x.setProcessing({ checks: 2 });
      const video = await upload(c.owner, c.workspace.id, "clip.mp4", mp4({ durationMs: 8000, width: 1280, height: 720 }));
      const mark = env.sim.requests.length;
      const postId = await publish(env, c, { body: "Behind the counter", media: [{ assetId: video, alt: "" }] });
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      const [post] = env.x.postsOf(c.user.id);
      const m = env.x.media.get(post!.mediaIds[0]!)!;
      expect(m).toMatchObject({ kind: "video", category: "tweet_video", state: "succeeded" });
      expect(env.sim.requestsTo(API, `/2/media/upload/${m.id}/append`)).toHaveLength(1);
      expect(env.sim.requests.slice(mark).filter((r) => r.path === "/2/media/upload" && r.method === "GET" && r.query.command === "STATUS")).toHaveLength(3);
    });

    it("a video X fails to process is refused with what to change; no post is made", async () => {
      const c = await connectedX(env);
      env.x.setProcessing({ checks: 0, fail: true });
      const video = await upload(c.owner, c.workspace.id, "bad.mp4", mp4({ durationMs: 4000, width: 640, height: 360 }));
      const postId = await publish(env, c, { body: "This video will not process", media: [{ assetId: video, alt: "" }] });
      expect(await deliveryOf(env.t, postId)).toMatchObject({ status: "failed", error_code: "publish.x_media_failed" });
      expect(env.x.postsOf(c.user.id)).toHaveLength(0);
    });

    it("publishes a thread of three posts, each replying to the one before", async () => {
      const c = await connectedX(env);
      const postId = await publish(env, c, { body: "1/3 Our autumn menu" }, ["2/3 Chestnut cream bun", "3/3 Open 8am–8pm 영업합니다"]);
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      const posts = env.x.postsOf(c.user.id);
      expect(posts.map((p) => p.sentText)).toEqual(["1/3 Our autumn menu", "2/3 Chestnut cream bun", "3/3 Open 8am–8pm 영업합니다"]);
      expect(posts.map((p) => p.replyTo)).toEqual([null, posts[0]!.id, posts[1]!.id]);
      expect(d.remote_id).toBe(posts[0]!.id);
      expect(JSON.parse(d.remote_steps!)).toMatchObject({ post0: posts[0]!.id, post1: posts[1]!.id, post2: posts[2]!.id });
    });

    it("refuses to schedule a thread whose post is over 280 weighted characters (Korean counts 2), naming the post", async () => {
      const c = await connectedX(env);
      const post = await addPost(c.owner, c.workspace.id, { body: "Short first post", variants: [{ channelId: c.channelId, text: null, options: { thread: ["fine", "가".repeat(141)] } }] });
      const res = await c.owner.client.post(`/api/workspaces/${c.workspace.id}/posts/${post.id}/schedule`, { scheduledAt: new Date(env.t.clock.now().getTime() + 30_000).toISOString() });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.fields).toEqual([expect.objectContaining({ field: "variants.0.options.thread.1", code: "post.too_long" })]);
      expect(env.x.state.created.filter((tw) => tw.authorId === c.user.id)).toHaveLength(0);
    });

    it("X's duplicate-content refusal of a post not found as ours asks for a change (it is not taken as published)", async () => {
      const c = await connectedX(env);
      const first = await publish(env, c, { body: "Fresh bread at 8" });
      expect((await deliveryOf(env.t, first)).status).toBe("published");
      advance(env, 3600);
      const second = await publish(env, c, { body: "Fresh bread at 8" });
      expect(await deliveryOf(env.t, second)).toMatchObject({ status: "failed", error_code: "publish.x_duplicate" });
      expect(createdWith(env, "Fresh bread at 8")).toHaveLength(1);
    });

    it("an access token that ran out (X's last two hours) is refreshed before sending, and the rotated refresh token is stored", async () => {
      const c = await connectedX(env);
      const before = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret);
      advance(env, 3 * 3600);
      const postId = await publish(env, c, { body: "Posted with a fresh token" });
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      const after = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret);
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.refreshToken).toBeTruthy();
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(Date.parse(after.accessExpiresAt!)).toBe(env.t.clock.now().getTime() + 2 * 3600_000);
      // The old refresh token was used up by the rotation.
      expect(env.x.oauth.refreshTokens.get(before.refreshToken!)?.refreshUsed ?? env.x.oauth.refreshTokens.get(before.refreshToken!)?.revoked ?? true).toBe(true);
    });

    it("a revoked grant pauses the channel and tells its owners; nothing is sent", async () => {
      const c = await connectedX(env);
      env.x.oauth.revokeUser(c.user.id);
      advance(env, 3 * 3600);
      const postId = await publish(env, c, { body: "This cannot go out" });
      expect((await deliveryOf(env.t, postId)).status).not.toBe("published");
      expect(await connectionRow(env.t, c.connectionId)).toMatchObject({ status: "paused", status_reason: "connection.revoked" });
      const notices = (await c.owner.client.get(`/api/workspaces/${c.workspace.id}/notifications`)).json<Notification[]>();
      expect(notices.filter((n) => n.kind === "connection_revoked")).toHaveLength(1);
      expect(env.x.state.created.filter((tw) => tw.authorId === c.user.id)).toHaveLength(0);
    });

    it("a token revoked before it ran out (401) pauses the channel's queue; nothing is sent", async () => {
      const c = await connectedX(env);
      env.x.oauth.revokeUser(c.user.id);
      const postId = await publish(env, c, { body: "Refused with 401" });
      const d = await deliveryOf(env.t, postId);
      expect(d).toMatchObject({ status: "scheduled", error_code: "publish.auth" });
      expect(env.x.postsOf(c.user.id)).toHaveLength(0);
    });

    it("X's 403 \"not permitted\" (an app without write permission) fails the post with what to change", async () => {
      const c = await connectedX(env);
      const token = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret).accessToken;
      env.sim.fault({ host: API, method: "POST", path: "/2/tweets", match: (ctx) => ctx.bearer === token, status: 403, body: { title: "Forbidden", type: "about:blank", status: 403, detail: "You are not permitted to perform this action." } });
      const postId = await publish(env, c, { body: "Not permitted" });
      expect(await deliveryOf(env.t, postId)).toMatchObject({ status: "failed", error_code: "publish.x_not_permitted" });
      expect(env.x.postsOf(c.user.id)).toHaveLength(0);
    });

    it("disconnecting revokes the refresh and access tokens at X", async () => {
      const c = await connectedX(env);
      const secret = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret);
      const res = await c.owner.client.delete(`/api/workspaces/${c.workspace.id}/connections/${c.connectionId}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ revocation: "revoked" });
      expect(env.x.oauth.tokens.get(secret.accessToken)!.revoked).toBe(true);
      expect(env.x.oauth.tokensOf(c.user.id)).toHaveLength(0);
      const me = await fetch(`${env.sim.url}/${API}/2/users/me`, { headers: { authorization: `Bearer ${secret.accessToken}` } });
      expect(me.status).toBe(401);
    });

    it("a rate limit (429 with x-rate-limit-reset) holds the channel until the reset, then the post goes out once", async () => {
      const c = await connectedX(env);
      const reset = env.sim.now() + 10 * 60_000;
      env.x.exhaust("POST /2/tweets", c.user.id, reset);
      const postId = await publish(env, c, { body: "Rate limited once" });
      expect((await deliveryOf(env.t, postId)).status).toBe("scheduled");
      const held = await connectionRow(env.t, c.connectionId);
      expect(Math.abs(Date.parse(held.hold_until!) - reset)).toBeLessThan(2000);
      advance(env, 11 * 60);
      await retryNow(env, postId);
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      expect(createdWith(env, "Rate limited once")).toHaveLength(1);
    });

    it("imports each post's public metrics and the follower count, and lists posts made outside Socialplan", async () => {
      const c = await connectedX(env);
      const postId = await publish(env, c, { body: "Numbers, please" });
      const ours = env.x.postsOf(c.user.id)[0]!;
      env.x.setMetrics(ours.id, { impression_count: 900, like_count: 31, reply_count: 4, retweet_count: 6, quote_count: 2, bookmark_count: 9 });
      env.x.setFollowers(c.user.id, 345);
      // A post made in the X app, an hour later.
      advance(env, 3600);
      const token = env.x.oauth.tokensOf(c.user.id)[0]!.access;
      const made = await fetch(`${env.sim.url}/${API}/2/tweets`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ text: "Posted from the X app" }) });
      expect(made.status).toBe(201);
      const outside = ((await made.json()) as { data: { id: string } }).data.id;
      env.x.setMetrics(outside, { impression_count: 50, like_count: 2 });
      const res = await c.owner.client.post(`/api/workspaces/${c.workspace.id}/metrics/refresh`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ accounts: 1, posts: 1, imported: 1, failed: [] });
      const rows = await env.t.deps.db.selectFrom("metrics_per_post").select(["metric", "value"]).where("workspace_id", "=", c.workspace.id).where("post_key", "=", postId).execute();
      expect(Object.fromEntries(rows.map((r) => [r.metric, r.value]))).toEqual({ impressions: 900, likes: 31, comments: 4, shares: 8, saves: 9 });
      const followers = await env.t.deps.db.selectFrom("metrics").select(["metric", "value"]).where("workspace_id", "=", c.workspace.id).where("metric", "=", "followers").execute();
      expect(followers.map((f) => f.value)).toEqual([345]);
      const imported = await env.t.deps.db.selectFrom("metric_posts").select(["post_key", "caption", "permalink"]).where("workspace_id", "=", c.workspace.id).execute();
      expect(imported).toEqual([{ post_key: `m:${outside}`, caption: "Posted from the X app", permalink: `https://x.com/${c.user.username}/status/${outside}` }]);
    });

    it("on a plan that may not read (Free: 403 client-not-enrolled) the numbers stop with a clear message, and posting still works", async () => {
      const c = await connectedX(env);
      env.x.setTier("free");
      const postId = await publish(env, c, { body: "Free plan post" });
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      const res = await c.owner.client.post(`/api/workspaces/${c.workspace.id}/metrics/refresh`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ accounts: 1, failed: [{ connectionId: c.connectionId, code: "metrics.x_tier" }] });
      const options = await c.owner.client.get(`/api/workspaces/${c.workspace.id}/connections/${c.connectionId}/publish-options`);
      expect(options.statusCode, options.body).toBe(200);
      expect(options.json()).toEqual({ note: "metrics.x_tier" });
      env.x.setTier("basic");
      const open = await c.owner.client.get(`/api/workspaces/${c.workspace.id}/connections/${c.connectionId}/publish-options`);
      expect(open.json()).toEqual({});
    });
  });
}
