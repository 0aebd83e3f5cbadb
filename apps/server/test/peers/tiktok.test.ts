import type { Notification, PublishOptions } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { ALL_SCOPES, MB, NOW, advance, connected, connectionRow, deliveryOf, publishNow, retryNow, secretOf, settings, signIn, stepsOf, upload, useTikTok, videoOf, type Connected, type TikTokEnv } from "./tiktok-env.ts";
import { buildWorkspace } from "../helpers/factories.ts";
import { addChannel } from "../helpers/posts.ts";
import { runTokenJobs } from "../../src/features/oauth/token-jobs.ts";

const DAY = 86_400;
const API = "open.tiktokapis.com";
const inits = (env: TikTokEnv) => env.sim.requests.filter((r) => r.host === API && r.path.startsWith("/v2/post/publish/") && r.path.endsWith("/init/"));
const initsOf = (env: TikTokEnv, c: Connected) => env.tt.publishesOf(c.user.id);

for (const dialect of DIALECTS) {
  describe(`TikTok: sign in, creator info, publish and numbers (the TikTok simulator) [${dialect}]`, () => {
    const env = useTikTok(dialect);

    it("connects with Login Kit: client_key and comma-separated scopes, a 24-hour access token and a 365-day refresh token sealed", async () => {
      const c = await connected(env, { username: "seoulcandle" });
      const token = env.sim.requests.filter((r) => r.host === API && r.path === "/v2/oauth/token/");
      const form = new URLSearchParams(token.at(-1)!.body.toString());
      expect(form.get("client_key")).toBe(env.app.id);
      expect(form.get("grant_type")).toBe("authorization_code");
      expect(form.get("redirect_uri")).toBe(`${env.appUrl}/api/oauth/tiktok/callback`);
      const row = await connectionRow(env.t, c.connectionId);
      expect(row).toMatchObject({ kind: "tiktok", remote_account_id: c.user.id, status: "active", token_expires_at: new Date(NOW.getTime() + 365 * DAY * 1000).toISOString() });
      expect(JSON.parse(row.config)).toMatchObject({ provider: "tiktok", accountId: c.user.id, username: "seoulcandle", name: "Seoul Candle", postMode: "direct" });
      const secret = secretOf(env.t, row.secret);
      expect(secret.accessExpiresAt).toBe(new Date(NOW.getTime() + DAY * 1000).toISOString());
      expect(secret.refreshExpiresAt).toBe(new Date(NOW.getTime() + 365 * DAY * 1000).toISOString());
      expect(secret.refreshToken).toBeTruthy();
      expect(row.secret).not.toContain(secret.accessToken);
      // The check reads the account with the stored token.
      const checked = await c.owner.client.post(`/api/workspaces/${c.workspace.id}/connections/${c.connectionId}/check`);
      expect(checked.statusCode, checked.body).toBe(200);
      expect(checked.json()).toMatchObject({ ok: true, account: { id: c.user.id, username: "seoulcandle" } });
    });

    it("asks for the documented scopes with client_key, and refuses a sign-in that allowed neither posting scope", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const channelId = await addChannel(owner, workspace.id, "tiktok");
      const started = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth`, { kind: "tiktok", channelId });
      const url = new URL(started.json<{ authorizeUrl: string }>().authorizeUrl.replace(`${env.sim.url}/www.tiktok.com`, "https://www.tiktok.com"));
      expect(url.origin + url.pathname).toBe("https://www.tiktok.com/v2/auth/authorize/");
      expect(url.searchParams.get("client_key")).toBe(env.app.id);
      expect(url.searchParams.get("client_id")).toBeNull();
      expect(url.searchParams.get("scope")!.split(",")).toEqual(ALL_SCOPES);
      const user = env.tt.createUser();
      const pending = await signIn(env, owner, workspace.id, channelId, user.id, ["user.info.basic", "user.info.profile"]);
      expect(pending.connectionId).toBeNull();
      expect(pending.error).toBe("connection.oauth_no_accounts");
    });

    it("reads the creator info for the post settings screen, and says when the creator cannot post now", async () => {
      const c = await connected(env, { private: true, duet_disabled: true, max_video_post_duration_sec: 300 });
      const res = await c.owner.client.get(`/api/workspaces/${c.workspace.id}/connections/${c.connectionId}/publish-options`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<PublishOptions>().tiktokCreator).toEqual({
        nickname: "Seoul Candle",
        username: c.user.username,
        avatarUrl: c.user.avatar_url,
        privacyLevelOptions: ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"],
        commentDisabled: false,
        duetDisabled: true,
        stitchDisabled: false,
        maxVideoPostDurationSec: 300,
        canPost: true,
      });
      c.user.tooManyPosts = true;
      const capped = await c.owner.client.get(`/api/workspaces/${c.workspace.id}/connections/${c.connectionId}/publish-options`);
      expect(capped.statusCode, capped.body).toBe(200);
      expect(capped.json<PublishOptions>().tiktokCreator).toMatchObject({ canPost: false, privacyLevelOptions: [] });
    });

    it("direct-posts a video uploaded in chunks with the chosen settings; the publish_id is recorded before the upload", async () => {
      const c = await connected(env, { username: "candles_video" });
      const bytes = videoOf(12 * MB);
      const asset = await upload(c.owner, c.workspace.id, "clip.mp4", bytes);
      const postId = await publishNow(env, c, { text: "New candles 🕯️ #candle", media: [asset], options: settings("PUBLIC_TO_EVERYONE", { disableDuet: true, brandOrganic: true }) });
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      const posts = env.tt.postsOf(c.user.id);
      expect(posts).toHaveLength(1);
      expect(posts[0]).toMatchObject({ kind: "video", title: "New candles 🕯️ #candle", privacy: "PUBLIC_TO_EVERYONE", disable_duet: true, disable_comment: false, brand_organic_toggle: true, brand_content_toggle: false });
      expect(posts[0]!.bytes!.equals(bytes)).toBe(true);
      expect(d.remote_id).toBe(posts[0]!.id);
      expect(d.permalink).toBe(`https://www.tiktok.com/@candles_video/video/${posts[0]!.id}`);
      expect((await stepsOf(env.t, postId)).publish).toBe(posts[0]!.publishId);
      // Media Transfer Guide: 5 MB chunks, the last one taking the trailing bytes, each with its Content-Range.
      const puts = env.sim.requests.filter((r) => r.host === "open-upload.tiktokapis.com" && r.method === "PUT");
      const mine = puts.slice(-2);
      expect(mine.map((r) => r.headers["content-range"])).toEqual([`bytes 0-${5 * MB - 1}/${bytes.length}`, `bytes ${5 * MB}-${bytes.length - 1}/${bytes.length}`]);
      expect(mine.map((r) => r.status)).toEqual([206, 201]);
      const init = JSON.parse(inits(env).at(-1)!.body.toString());
      expect(init.source_info).toEqual({ source: "FILE_UPLOAD", video_size: bytes.length, chunk_size: 5 * MB, total_chunk_count: 2 });
    });

    it("uploads to the creator's inbox when the app has no Direct Post (no video.publish scope): the video waits there", async () => {
      const c = await connected(env, {}, ALL_SCOPES.filter((s) => s !== "video.publish"));
      expect(JSON.parse((await connectionRow(env.t, c.connectionId)).config)).toMatchObject({ postMode: "inbox" });
      const asset = await upload(c.owner, c.workspace.id, "clip.mp4", videoOf(64 * 1024));
      const postId = await publishNow(env, c, { text: "Finish me in TikTok", media: [asset] });
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      expect(env.tt.inboxOf(c.user.id)).toHaveLength(1);
      expect(env.tt.postsOf(c.user.id)).toHaveLength(0);
      expect(d.remote_id).toBe(env.tt.inboxOf(c.user.id)[0]!.publishId);
      expect(d.permalink).toBeNull();
      expect(inits(env).at(-1)!.path).toBe("/v2/post/publish/inbox/video/init/");
      // No post settings for an inbox upload: the creator chooses them in the TikTok app.
      const options = await c.owner.client.get(`/api/workspaces/${c.workspace.id}/connections/${c.connectionId}/publish-options`);
      expect(options.statusCode, options.body).toBe(200);
      expect(options.json()).toEqual({});
    });

    it("posts photos that TikTok pulls from the verified APP_URL; an unverified domain is refused and said", async () => {
      const c = await connected(env, { username: "candles_photo" });
      const a = await upload(c.owner, c.workspace.id, "a.jpg", await photo(540, 675, "jpeg", 10));
      const b = await upload(c.owner, c.workspace.id, "b.jpg", await photo(540, 675, "jpeg", 90));
      const postId = await publishNow(env, c, { text: "Autumn scents\nThree new candles in store", media: [a, b], options: settings("MUTUAL_FOLLOW_FRIENDS") });
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      const posts = env.tt.postsOf(c.user.id);
      expect(posts).toHaveLength(1);
      expect(posts[0]).toMatchObject({ kind: "photo", title: "Autumn scents", video_description: "Autumn scents\nThree new candles in store", privacy: "MUTUAL_FOLLOW_FRIENDS" });
      expect(posts[0]!.photos).toHaveLength(2);
      const init = JSON.parse(inits(env).at(-1)!.body.toString());
      expect(init).toMatchObject({ media_type: "PHOTO", post_mode: "DIRECT_POST", source_info: { source: "PULL_FROM_URL", photo_cover_index: 0 } });

      const verified = env.app.settings.verified;
      env.app.settings.verified = [];
      try {
        const refused = await publishNow(env, c, { text: "Not pulled", media: [a], options: settings("SELF_ONLY") });
        expect(await deliveryOf(env.t, refused)).toMatchObject({ status: "failed", error_code: "publish.tiktok_domain_unverified" });
      } finally {
        env.app.settings.verified = verified;
      }
      expect(env.tt.postsOf(c.user.id)).toHaveLength(1);
    });

    it("refuses before sending a direct post without the privacy chosen (TikTok forbids a default), and branded content as Only me", async () => {
      const c = await connected(env);
      const asset = await upload(c.owner, c.workspace.id, "clip.mp4", videoOf(64 * 1024));
      const before = inits(env).length;
      const missing = await publishNow(env, c, { text: "No privacy chosen", media: [asset] });
      const d = await deliveryOf(env.t, missing);
      expect(d).toMatchObject({ status: "failed", error_code: "publish.tiktok_privacy_missing" });
      expect(d.error_message).toContain("privacyLevel");
      const branded = await publishNow(env, c, { text: "Paid partnership", media: [asset], options: settings("SELF_ONLY", { brandedContent: true }) });
      expect(await deliveryOf(env.t, branded)).toMatchObject({ status: "failed", error_code: "publish.tiktok_branded_private" });
      expect(inits(env).length).toBe(before);
      expect(initsOf(env, c)).toHaveLength(0);
    });

    it("asks the creator info again before a direct post: a video over the account's maximum and a privacy it does not offer are refused before the upload", async () => {
      const c = await connected(env, { private: true, max_video_post_duration_sec: 30 });
      const long = await upload(c.owner, c.workspace.id, "long.mp4", videoOf(64 * 1024, 45_000));
      const tooLong = await publishNow(env, c, { text: "Too long for this account", media: [long], options: settings("SELF_ONLY") });
      expect(await deliveryOf(env.t, tooLong)).toMatchObject({ status: "failed", error_code: "publish.tiktok_too_long" });
      const short = await upload(c.owner, c.workspace.id, "short.mp4", videoOf(64 * 1024, 20_000));
      const everyone = await publishNow(env, c, { text: "Public on a private account", media: [short], options: settings("PUBLIC_TO_EVERYONE") });
      expect(await deliveryOf(env.t, everyone)).toMatchObject({ status: "failed", error_code: "publish.tiktok_privacy_mismatch" });
      expect(initsOf(env, c)).toHaveLength(0);
      expect(env.sim.requestsTo(API, "/v2/post/publish/creator_info/query/").filter((r) => r.headers.authorization?.includes(env.tt.oauth.tokensOf(c.user.id).at(-1)!.access))).toHaveLength(2);
    });

    it("an unaudited app posts only SELF_ONLY to private accounts: other posts are refused and said", async () => {
      env.app.settings.audited = false;
      const pub = await connected(env, { private: false });
      const asset = await upload(pub.owner, pub.workspace.id, "clip.mp4", videoOf(64 * 1024));
      const refused = await publishNow(env, pub, { text: "Public please", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      expect(await deliveryOf(env.t, refused)).toMatchObject({ status: "failed", error_code: "publish.tiktok_unaudited" });
      const priv = await connected(env, { private: true });
      const asset2 = await upload(priv.owner, priv.workspace.id, "clip.mp4", videoOf(64 * 1024));
      const ok = await publishNow(env, priv, { text: "Only me", media: [asset2], options: settings("SELF_ONLY") });
      const d = await deliveryOf(env.t, ok);
      expect(d.status, d.error_message ?? "").toBe("published");
      // A private post gets no public post id: the publish_id stands for it.
      expect(d.remote_id).toBe(env.tt.postsOf(priv.user.id)[0]!.publishId);
      expect(env.tt.postsOf(pub.user.id)).toHaveLength(0);
    });

    it("a rate limit holds the channel and the post goes out once later; a FAILED processing reason is said", async () => {
      const c = await connected(env);
      const asset = await upload(c.owner, c.workspace.id, "clip.mp4", videoOf(64 * 1024));
      env.sim.fault({ host: API, method: "POST", path: "/v2/post/publish/video/init/", status: 429, body: { data: {}, error: { code: "rate_limit_exceeded", message: "The API rate limit was exceeded.", log_id: "X" } } });
      const postId = await publishNow(env, c, { text: "Later", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      expect(await deliveryOf(env.t, postId)).toMatchObject({ status: "scheduled", error_code: "publish.rate_limited" });
      expect((await connectionRow(env.t, c.connectionId)).hold_until).toBe(new Date(env.t.clock.now().getTime() + 60_000).toISOString());
      await retryNow(env, postId);
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      expect(env.tt.postsOf(c.user.id)).toHaveLength(1);

      env.tt.failNextPublish(c.user.id, "frame_rate_check_failed");
      const bad = await publishNow(env, c, { text: "Bad frames", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      expect(await deliveryOf(env.t, bad)).toMatchObject({ status: "failed", error_code: "publish.tiktok_media_rejected" });
      expect(env.tt.postsOf(c.user.id)).toHaveLength(1);
    });

    it("answers lost after TikTok acted: an init (made again, never uploaded twice), the last chunk and a status read (resumed); a lost photo init needs a person", async () => {
      const c = await connected(env);
      const asset = await upload(c.owner, c.workspace.id, "clip.mp4", videoOf(64 * 1024));
      const token = () => env.tt.oauth.tokensOf(c.user.id).at(-1)!.access;
      const mine = (ctx: { bearer: string | null }) => ctx.bearer === token();
      env.sim.fault({ host: API, method: "POST", path: "/v2/post/publish/video/init/", match: mine, when: "after" });
      const lostInit = await publishNow(env, c, { text: "Init answer lost", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      expect((await deliveryOf(env.t, lostInit)).status).toBe("scheduled");
      await retryNow(env, lostInit);
      expect((await deliveryOf(env.t, lostInit)).status).toBe("published");
      expect(env.tt.postsOf(c.user.id)).toHaveLength(1);

      env.sim.fault({ host: "open-upload.tiktokapis.com", method: "PUT", path: "/upload/", when: "after" });
      const lostChunk = await publishNow(env, c, { text: "Chunk answer lost", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      expect((await deliveryOf(env.t, lostChunk)).status).toBe("scheduled");
      const recorded = (await stepsOf(env.t, lostChunk)).publish;
      await retryNow(env, lostChunk);
      expect((await deliveryOf(env.t, lostChunk)).status).toBe("published");
      expect(env.tt.postsOf(c.user.id).filter((p) => p.publishId === recorded)).toHaveLength(1);

      env.sim.fault({ host: API, method: "POST", path: "/v2/post/publish/status/fetch/", match: mine, when: "after" });
      const lostStatus = await publishNow(env, c, { text: "Status answer lost", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      if ((await deliveryOf(env.t, lostStatus)).status !== "published") await retryNow(env, lostStatus);
      expect((await deliveryOf(env.t, lostStatus)).status).toBe("published");
      expect(env.tt.postsOf(c.user.id)).toHaveLength(3);
      // Every video publish but the one whose init answer was lost went out; that one was never uploaded.
      expect(env.tt.publishesOf(c.user.id)).toHaveLength(4);

      const pic = await upload(c.owner, c.workspace.id, "a.jpg", await photo(540, 675, "jpeg", 40));
      env.sim.fault({ host: API, method: "POST", path: "/v2/post/publish/content/init/", match: mine, when: "after" });
      const lostPhoto = await publishNow(env, c, { text: "Photo init lost", media: [pic], options: settings("PUBLIC_TO_EVERYONE") });
      await retryNow(env, lostPhoto);
      expect(await deliveryOf(env.t, lostPhoto)).toMatchObject({ status: "needs_attention", error_code: "publish.outcome_unknown" });
      expect(env.tt.publishesOf(c.user.id).filter((p) => p.kind === "photo")).toHaveLength(1);
    });

    it("an access token past its 24 hours is refreshed before sending", async () => {
      const c = await connected(env);
      const asset = await upload(c.owner, c.workspace.id, "clip.mp4", videoOf(64 * 1024));
      const before = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret);
      advance(env, DAY + 3600);
      const postId = await publishNow(env, c, { text: "Fresh token", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      const after = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret);
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.refreshToken).toBe(before.refreshToken);
      expect(Date.parse(after.accessExpiresAt!)).toBeGreaterThan(env.t.clock.now().getTime());
      expect(env.sim.requestsTo(API, "/v2/oauth/token/").some((r) => new URLSearchParams(r.body.toString()).get("grant_type") === "refresh_token")).toBe(true);
    });

    it("warns the owners a week before the 365-day refresh token runs out, without refreshing in vain", async () => {
      const c = await connected(env);
      const refreshes = () => env.sim.requestsTo(API, "/v2/oauth/token/").filter((r) => new URLSearchParams(r.body.toString()).get("grant_type") === "refresh_token").length;
      const before = refreshes();
      advance(env, 359 * DAY);
      await runTokenJobs({ ...env.t.deps, clock: env.t.clock.now }, env.t.app.log);
      expect(refreshes()).toBe(before);
      // (The member's session ran out over the year: the notice is read from the database.)
      const notices = await env.t.deps.db.selectFrom("notifications").select(["kind", "user_id"]).where("workspace_id", "=", c.workspace.id).where("kind", "=", "connection_expiring").execute();
      expect(notices).toEqual([{ kind: "connection_expiring", user_id: c.owner.user.id }]);
    });

    it("a revoked authorization pauses the channel and tells its owners; nothing is sent", async () => {
      const c = await connected(env);
      const asset = await upload(c.owner, c.workspace.id, "clip.mp4", videoOf(64 * 1024));
      env.tt.oauth.revokeUser(c.user.id);
      advance(env, DAY + 3600);
      const postId = await publishNow(env, c, { text: "Cannot go out", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      expect((await deliveryOf(env.t, postId)).status).not.toBe("published");
      expect(await connectionRow(env.t, c.connectionId)).toMatchObject({ status: "paused", status_reason: "connection.revoked" });
      const notices = (await c.owner.client.get(`/api/workspaces/${c.workspace.id}/notifications`)).json<Notification[]>();
      expect(notices.filter((n) => n.kind === "connection_revoked")).toHaveLength(1);
      expect(initsOf(env, c)).toHaveLength(0);
    });

    it("a token refused while sending (access_token_invalid) pauses the channel", async () => {
      const c = await connected(env);
      const asset = await upload(c.owner, c.workspace.id, "clip.mp4", videoOf(64 * 1024));
      // Revoked, but the stored access token has not run out: the send itself meets the refusal.
      env.tt.oauth.revokeUser(c.user.id);
      const postId = await publishNow(env, c, { text: "Refused", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      expect((await deliveryOf(env.t, postId)).status).not.toBe("published");
      expect((await connectionRow(env.t, c.connectionId)).status).toBe("paused");
    });

    it("imports our videos' views, likes, comments and shares, a video made outside Socialplan, and the follower count", async () => {
      const c = await connected(env, { follower_count: 321 });
      const asset = await upload(c.owner, c.workspace.id, "clip.mp4", videoOf(64 * 1024));
      const postId = await publishNow(env, c, { text: "Ours", media: [asset], options: settings("PUBLIC_TO_EVERYONE") });
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      const ours = env.tt.postsOf(c.user.id)[0]!;
      Object.assign(ours, { view_count: 1200, like_count: 80, comment_count: 7, share_count: 5 });
      // A video posted in the TikTok app an hour before.
      env.tt.postsOf(c.user.id).push({ ...ours, id: "7300000000000000001", publishId: "", create_time: Math.floor(NOW.getTime() / 1000) - 3600, title: "Made in the app", video_description: "Made in the app", share_url: `https://www.tiktok.com/@${c.user.username}/video/7300000000000000001`, view_count: 50, like_count: 2, comment_count: 0, share_count: 0 });
      const res = await c.owner.client.post(`/api/workspaces/${c.workspace.id}/metrics/refresh`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ accounts: 1, posts: 1, imported: 1, failed: [] });
      const perPost = await env.t.deps.db.selectFrom("metrics_per_post").select(["post_key", "metric", "value"]).where("workspace_id", "=", c.workspace.id).execute();
      const byPost = (key: string) => Object.fromEntries(perPost.filter((r) => r.post_key === key).map((r) => [r.metric, r.value]));
      expect(byPost(postId)).toEqual({ views: 1200, likes: 80, comments: 7, shares: 5 });
      expect(byPost("m:7300000000000000001")).toEqual({ views: 50, likes: 2, comments: 0, shares: 0 });
      const channel = await env.t.deps.db.selectFrom("metrics").select(["metric", "value"]).where("workspace_id", "=", c.workspace.id).where("value", "is not", null).execute();
      expect(channel).toEqual([{ metric: "followers", value: 321 }]);
      const imported = await env.t.deps.db.selectFrom("metric_posts").select(["post_key", "caption"]).where("workspace_id", "=", c.workspace.id).execute();
      expect(imported).toEqual([{ post_key: "m:7300000000000000001", caption: "Made in the app" }]);
      expect(env.sim.requestsTo(API, "/v2/video/list/").length).toBeGreaterThan(0);
    });

    it("disconnecting revokes the token at TikTok", async () => {
      const c = await connected(env);
      const token = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret).accessToken;
      const res = await c.owner.client.delete(`/api/workspaces/${c.workspace.id}/connections/${c.connectionId}`);
      expect(res.statusCode, res.body).toBeLessThan(300);
      expect(env.tt.oauth.tokens.get(token)?.revoked).toBe(true);
      const revoke = env.sim.requestsTo(API, "/v2/oauth/revoke/").at(-1)!;
      expect(new URLSearchParams(revoke.body.toString()).get("client_key")).toBe(env.app.id);
    });
  });
}

