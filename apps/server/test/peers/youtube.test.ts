import type { Notification } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { nextPacificMidnight } from "../../src/features/oauth/flows/google-http.ts";
import { photo } from "../helpers/media.ts";
import { addChannel } from "../helpers/posts.ts";
import { buildWorkspace } from "../helpers/factories.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { advance, asset, connected, connectionRow, deliveryOf, googleUser, pick, publish, round, secretOf, signIn, stepsOf, uploadCalls, useYoutube, video, YOUTUBE_SCOPES } from "./youtube-env.ts";

const MB = 1024 * 1024;

for (const dialect of DIALECTS) {
  describe(`YouTube: Google sign-in, uploads, never twice, tokens, quota, numbers (the Google simulator) [${dialect}]`, () => {
    const env = useYoutube(dialect);

    it("connects the channel picked among the Google account's channels, with a refresh token and the Google account as grant", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const channelId = await addChannel(owner, workspace.id, "youtube", { handle: "candles" });
      const g = googleUser(env, [{ title: "Candle Shop", customUrl: "@candleshop" }, { title: "Candle Workshop", customUrl: "@candleworkshop" }]);
      const pending = await signIn(env, owner, workspace.id, channelId, g.userId);
      // What the app asked Google for (web-server page): offline access, a fresh consent, incremental scopes.
      const q = pending.authorizeUrl.searchParams;
      expect(pending.authorizeUrl.origin + pending.authorizeUrl.pathname).toBe("https://accounts.google.com/o/oauth2/v2/auth");
      expect({ access_type: q.get("access_type"), prompt: q.get("prompt"), include: q.get("include_granted_scopes"), response_type: q.get("response_type") }).toEqual({ access_type: "offline", prompt: "consent", include: "true", response_type: "code" });
      expect(q.get("scope")!.split(" ").sort()).toEqual(["openid", ...YOUTUBE_SCOPES].sort());
      expect(pending.connectionId).toBeNull();
      expect(pending.accounts.map((a) => [a.name, a.username])).toEqual([["Candle Shop", "candleshop"], ["Candle Workshop", "candleworkshop"]]);
      const workshop = g.channels[1]!;
      const connectionId = await pick(owner, workspace.id, pending.id, workshop.id);
      const r = await connectionRow(env.t, connectionId);
      expect(r).toMatchObject({ kind: "youtube", label: "@candleworkshop", remote_account_id: workshop.id, status: "active", token_expires_at: null });
      expect(JSON.parse(r.config)).toMatchObject({ provider: "google", accountId: workshop.id, uploads: `UU${workshop.id.slice(2)}` });
      const secret = secretOf(env.t, r.secret);
      expect(secret.refreshToken).toBeTruthy();
      expect(secret.googleSub).toBe(g.userId);
      expect(Date.parse(secret.accessExpiresAt!)).toBe(env.t.clock.now().getTime() + 3599_000);
      expect(r.secret).not.toContain(secret.accessToken);
      // The check reads the channel with the stored token.
      const check = await owner.client.post(`/api/workspaces/${workspace.id}/connections/${connectionId}/check`);
      expect(check.statusCode, check.body).toBe(200);
      expect(check.json()).toMatchObject({ ok: true, account: { id: workshop.id, name: "Candle Workshop", username: "candleworkshop" }, quota: null });
    });

    it("disconnecting keeps Google's grant while another channel of the same Google account uses it, then revokes it", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const g = googleUser(env, [{ title: "First" }, { title: "Second" }]);
      const ids: string[] = [];
      for (const [i, ch] of g.channels.entries()) {
        const channelId = await addChannel(owner, workspace.id, "youtube", { handle: `yt-${i}` });
        const pending = await signIn(env, owner, workspace.id, channelId, g.userId);
        ids.push(await pick(owner, workspace.id, pending.id, ch.id));
      }
      const first = await owner.client.delete(`/api/workspaces/${workspace.id}/connections/${ids[0]}`);
      expect(first.json()).toMatchObject({ revocation: "kept" });
      expect(env.google.oauth.tokensOf(g.userId).length).toBeGreaterThan(0);
      const last = await owner.client.delete(`/api/workspaces/${workspace.id}/connections/${ids[1]}`);
      expect(last.json()).toMatchObject({ revocation: "revoked" });
      expect(env.google.oauth.tokensOf(g.userId)).toEqual([]);
      const revoke = env.sim.requestsTo("oauth2.googleapis.com", "/revoke");
      expect(revoke).toHaveLength(1);
      expect(revoke[0]!.body.toString()).toMatch(/^token=rt_/);
    });

    it("a sign-in with YouTube Analytics unticked still connects; the numbers import then reads no daily views", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const channelId = await addChannel(owner, workspace.id, "youtube", { handle: "no-analytics" });
      const g = googleUser(env, [{ title: "No analytics", subscribers: 7, daily: { "2026-11-25": { views: 9 } } }]);
      const pending = await signIn(env, owner, workspace.id, channelId, g.userId, ["openid", YOUTUBE_SCOPES[0]!, YOUTUBE_SCOPES[1]!]);
      expect(pending.error).toBeNull();
      expect(pending.connectionId).toBeTruthy();
      const res = await owner.client.post(`/api/workspaces/${workspace.id}/metrics/refresh`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ accounts: 1, failed: [] });
      const rows = await env.t.deps.db.selectFrom("metrics").select(["metric", "value"]).where("workspace_id", "=", workspace.id).where("value", "is not", null).execute();
      expect(rows).toEqual([{ metric: "followers", value: 7 }]);
      // Without youtube.upload the sign-in is refused: nothing could be published. (Another Google account: the
      // first one's grant already holds youtube.upload, which include_granted_scopes adds to its next tokens.)
      const other = await addChannel(owner, workspace.id, "youtube", { handle: "no-upload" });
      const h = googleUser(env, [{ title: "No upload" }]);
      const refused = await signIn(env, owner, workspace.id, other, h.userId, ["openid", YOUTUBE_SCOPES[1]!]);
      expect(refused.connectionId).toBeNull();
      expect(refused.error).toBe("connection.oauth_scopes_missing");
    });

    it("uploads a video with its title, description, tags, privacy and made-for-kids, through one resumable session", async () => {
      const c = await connected(env);
      const clip = await asset(c, "tour.mp4", video({ width: 1920, height: 1080, durationMs: 5 * 60_000 }));
      const postId = await publish(env, c, { title: "Post title", body: "Our <new> candle studio tour #candles", media: [{ assetId: clip, alt: "" }] }, { title: "Studio tour: <candles>", privacy: "unlisted", tags: ["candles", "soy wax", "#seoul"], madeForKids: false });
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      const [v] = env.google.videosOf(c.channel.id);
      expect(v).toMatchObject({ title: "Studio tour: ‹candles›", description: "Our ‹new› candle studio tour #candles", tags: ["candles", "soy wax", "seoul"], privacyStatus: "unlisted", madeForKids: false });
      expect(v!.bytes.length).toBe(Number((await env.t.deps.db.selectFrom("assets").select("size").where("id", "=", clip).executeTakeFirstOrThrow()).size));
      expect(d.remote_id).toBe(v!.id);
      expect(JSON.parse(d.remote_steps ?? "{}")).toMatchObject({ video: v!.id });
      const calls = uploadCalls(env);
      expect(calls.filter((r) => r.method === "POST")).toHaveLength(1);
      expect(calls.filter((r) => r.method === "POST")[0]!.query).toMatchObject({ uploadType: "resumable", part: "snippet,status" });
      expect(env.google.quotaUsed(env.client.clientId)).toBeGreaterThanOrEqual(1600);
    });

    it("a vertical video of at most 3 minutes is a Short (its permalink is /shorts/), with the post's title when the copy has none, and a thumbnail set from the library", async () => {
      const c = await connected(env);
      const clip = await asset(c, "short.mp4", video({ width: 1080, height: 1920, durationMs: 45_000 }));
      const thumb = await asset(c, "thumb.jpg", await photo(1280, 720, "jpeg"));
      const postId = await publish(env, c, { title: "Pouring wax in 45 seconds", body: "#Shorts", media: [{ assetId: clip, alt: "" }] }, { thumbnailAssetId: thumb });
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      const [v] = env.google.videosOf(c.channel.id);
      expect(v!.title).toBe("Pouring wax in 45 seconds");
      expect(v!.privacyStatus).toBe("public");
      expect(d.permalink).toBe(`https://www.youtube.com/shorts/${v!.id}`);
      expect(v!.thumbnail?.contentType).toBe("image/jpeg");
      expect(JSON.parse(d.remote_steps ?? "{}")).toMatchObject({ thumbnail: "set" });
    });

    it("a post without a video goes by reminder; nothing is uploaded", async () => {
      const c = await connected(env);
      const pic = await asset(c, "p.jpg", await photo(1200, 800, "jpeg"));
      const before = uploadCalls(env).length;
      const postId = await publish(env, c, { title: "Photo", body: "Only a photo", media: [{ assetId: pic, alt: "" }] });
      const d = await deliveryOf(env.t, postId);
      expect(d.status).not.toBe("published");
      expect(d.status).not.toBe("failed");
      expect(uploadCalls(env).length).toBe(before);
    });

    it("a chunk whose answer was lost is resumed from what YouTube stored (Content-Range: bytes */total): one video", async () => {
      const c = await connected(env);
      const size = 9 * MB;
      const clip = await asset(c, "long.mp4", video({ width: 1920, height: 1080, durationMs: 10 * 60_000, bytes: size }));
      // The first chunk (8 MiB) is stored, its answer lost.
      env.sim.fault({ host: "www.googleapis.com", method: "PUT", path: "/upload/youtube/v3/videos", when: "after", match: (ctx) => String(ctx.headers["content-range"]).startsWith("bytes 0-") });
      const postId = await publish(env, c, { title: "Long video", body: "Ten minutes", media: [{ assetId: clip, alt: "" }] });
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      const vids = env.google.videosOf(c.channel.id);
      expect(vids).toHaveLength(1);
      expect(vids[0]!.bytes.length).toBe(size);
      const puts = uploadCalls(env).filter((r) => r.method === "PUT" && r.query.upload_id === vids[0]!.sessionId).map((r) => String(r.headers["content-range"]));
      expect(puts).toEqual([`bytes 0-${8 * MB - 1}/${size}`, `bytes */${size}`, `bytes ${8 * MB}-${size - 1}/${size}`]);
    });

    it("a session that expired before the last byte is replaced only after looking for the video: one video", async () => {
      const c = await connected(env);
      const size = 9 * MB;
      const clip = await asset(c, "long2.mp4", video({ width: 1920, height: 1080, durationMs: 60_000, bytes: size }));
      // The first chunk's answer is lost, and so is each of the three status queries: the attempt ends with its session recorded.
      env.sim.fault({ host: "www.googleapis.com", method: "PUT", path: "/upload/youtube/v3/videos", when: "after", times: 4 });
      const postId = await publish(env, c, { title: "Expired session", body: "Again", media: [{ assetId: clip, alt: "" }] });
      expect((await deliveryOf(env.t, postId)).status).toBe("scheduled");
      const first = (await stepsOf(env.t, postId)).session!;
      expect(first).toBeTruthy();
      env.google.expireSession(new URL(first).searchParams.get("upload_id")!);
      const d0 = await deliveryOf(env.t, postId);
      advance(env, Math.ceil((Date.parse(d0.next_attempt_at!) - env.t.clock.now().getTime()) / 1000) + 1);
      await round(env.t);
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      expect(env.google.videosOf(c.channel.id)).toHaveLength(1);
      // The channel's uploads were looked at before the second session started.
      expect(env.sim.requestsTo("www.googleapis.com", "/youtube/v3/playlistItems").length).toBeGreaterThan(0);
      expect(uploadCalls(env).filter((r) => r.method === "POST" && r.body.toString().includes("Expired session"))).toHaveLength(2);
    });

    it("an access token that ran out (Google's last an hour) is refreshed before sending", async () => {
      const c = await connected(env);
      const before = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret);
      advance(env, 2 * 3600);
      const clip = await asset(c, "a.mp4", video({ width: 1280, height: 720, durationMs: 200_000 }));
      const postId = await publish(env, c, { title: "Fresh token", body: "x", media: [{ assetId: clip, alt: "" }] });
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      const after = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret);
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.refreshToken).toBe(before.refreshToken);
      expect(Date.parse(after.accessExpiresAt!)).toBeGreaterThan(env.t.clock.now().getTime());
    });

    it("a revoked grant (invalid_grant on refresh) pauses the channel and tells its owners; nothing is uploaded", async () => {
      const c = await connected(env);
      env.google.oauth.revokeUser(c.userId);
      advance(env, 2 * 3600);
      const clip = await asset(c, "b.mp4", video({ width: 1280, height: 720, durationMs: 20_000 }));
      const before = uploadCalls(env).length;
      const postId = await publish(env, c, { title: "Cannot go out", body: "x", media: [{ assetId: clip, alt: "" }] });
      expect((await deliveryOf(env.t, postId)).status).not.toBe("published");
      expect(await connectionRow(env.t, c.connectionId)).toMatchObject({ status: "paused", status_reason: "connection.revoked" });
      const notices = (await c.owner.client.get(`/api/workspaces/${c.workspace.id}/notifications`)).json<Notification[]>();
      expect(notices.filter((n) => n.kind === "connection_revoked")).toHaveLength(1);
      expect(uploadCalls(env).length).toBe(before);
    });

    it("YouTube's daily quota used up (403 quotaExceeded) holds the channel until midnight Pacific, then the video goes out", async () => {
      const c = await connected(env);
      env.google.useQuota(env.client.clientId, 10_000 - env.google.quotaUsed(env.client.clientId) - 100);
      const clip = await asset(c, "q.mp4", video({ width: 1280, height: 720, durationMs: 20_000 }));
      const postId = await publish(env, c, { title: "Over quota", body: "x", media: [{ assetId: clip, alt: "" }] });
      const d = await deliveryOf(env.t, postId);
      expect(d.status).toBe("scheduled");
      expect(d.error_code).toBe("publish.youtube_quota_exceeded");
      const midnight = nextPacificMidnight(env.t.clock.now());
      // 2026-11-26 01:01 in Los Angeles (PST, UTC-8) → the next midnight is 2026-11-27 08:00 UTC.
      expect(midnight.toISOString()).toBe("2026-11-27T08:00:00.000Z");
      expect((await connectionRow(env.t, c.connectionId)).hold_until).toBe(midnight.toISOString());
      expect(env.google.videosOf(c.channel.id)).toHaveLength(0);
      advance(env, Math.ceil((midnight.getTime() - env.t.clock.now().getTime()) / 1000) + 60);
      await round(env.t);
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      expect(env.google.videosOf(c.channel.id)).toHaveLength(1);
    });

    it("imports views, likes and comments of the channel's videos, its subscribers and daily views", async () => {
      const c = await connected(env, [{ title: "Numbers", subscribers: 1234, daily: { "2026-11-24": { views: 40 }, "2026-11-25": { views: 55 } } }]);
      const clip = await asset(c, "n.mp4", video({ width: 1280, height: 720, durationMs: 20_000 }));
      const postId = await publish(env, c, { title: "Counted", body: "x", media: [{ assetId: clip, alt: "" }] });
      const d = await deliveryOf(env.t, postId);
      expect(d.status).toBe("published");
      Object.assign(env.google.videos.get(d.remote_id!)!, { views: 321, likes: 12, comments: 3 });
      const res = await c.owner.client.post(`/api/workspaces/${c.workspace.id}/metrics/refresh`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ accounts: 1, failed: [] });
      const perPost = await env.t.deps.db.selectFrom("metrics_per_post").select(["post_key", "metric", "value", "source"]).where("workspace_id", "=", c.workspace.id).execute();
      const ofPost = Object.fromEntries(perPost.filter((r) => r.post_key === postId).map((r) => [r.metric, r.value]));
      expect(ofPost).toEqual({ views: 321, likes: 12, comments: 3 });
      // Our own video is matched by its recorded id, not imported as a post made outside.
      expect(await env.t.deps.db.selectFrom("metric_posts").selectAll().where("workspace_id", "=", c.workspace.id).execute()).toEqual([]);
      const rows = await env.t.deps.db.selectFrom("metrics").select(["day", "metric", "value", "source"]).where("workspace_id", "=", c.workspace.id).where("value", "is not", null).execute();
      const daily = rows.filter((r) => r.metric === "views").map((r) => [r.day, r.value]);
      expect(daily).toEqual(expect.arrayContaining([["2026-11-24", 40], ["2026-11-25", 55]]));
      expect(rows.filter((r) => r.metric === "followers").map((r) => r.value)).toEqual([1234]);
      const report = env.sim.requestsTo("youtubeanalytics.googleapis.com", "/v2/reports")[0]!;
      expect(report.query).toMatchObject({ ids: "channel==MINE", metrics: "views", dimensions: "day" });
    });
  });
}
