import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDailyNumbers } from "../../src/features/metrics/network-numbers.ts";
import { iso } from "../../src/lib/clock.ts";
import { newId } from "../../src/lib/ids.ts";
import type { TestUser } from "../helpers/factories.ts";
import { startMetaSimulator } from "../helpers/meta-peer.ts";
import { addPost } from "../helpers/posts.ts";
import { ALLOW_LOOPBACK, createTestApp, DIALECTS, type TestApp } from "../helpers/test-app.ts";
import { connect, connectedThreads, publishNow, useMetaPublishing } from "./meta-publish-env.ts";

type Sim = Awaited<ReturnType<typeof startMetaSimulator>>;

const NOW = new Date("2026-11-26T09:00:00Z");

for (const dialect of DIALECTS) {
  describe(`numbers read from Instagram, Facebook and Threads (the Meta simulator) [${dialect}]`, () => {
    let t: TestApp;
    let sim: Sim;
    beforeAll(async () => {
      sim = await startMetaSimulator();
      t = await createTestApp(dialect, { env: { ...ALLOW_LOOPBACK, NETWORK_SIMULATOR_URL: sim.url } });
    }, 300_000);
    afterAll(async () => {
      await t?.close();
      await sim?.close();
    });
    beforeEach(() => {
      t.clock.current = new Date(NOW);
      sim.clock.set(NOW);
    });

    /** A connection row as the sign-in stores it (kind, the account at the network, the sealed token). */
    const insertConnection = (kind: "instagram" | "instagram_facebook" | "facebook" | "threads", network: "instagram" | "facebook" | "threads", accountId: string, username: string, token: string) =>
      connect(t, network, kind, { id: accountId, label: `@${username}`, username }, token);

    /** A workspace with an Instagram channel connected through Instagram Login. */
    async function connectedInstagram() {
      const app = sim.createApp({ provider: "instagram", redirectUris: ["http://socialplan.test/api/oauth/instagram/callback"] });
      const ig = sim.createInstagramUser({ username: `candles_${newId().slice(0, 6)}`, followersCount: 1520 });
      const token = sim.issueToken({ appId: app.id, userId: ig.id, scopes: ["instagram_business_basic", "instagram_business_content_publish", "instagram_business_manage_insights"], longLived: true });
      return { ...(await insertConnection("instagram", "instagram", ig.id, ig.username, token)), ig, token };
    }

    /** A post of ours published on the account as `mediaId` (the delivery as the publisher leaves it). */
    async function publishedPost(owner: TestUser, workspaceId: string, channelId: string, mediaId: string, permalink: string, publishedAt: string) {
      const post = await addPost(owner, workspaceId, { body: "Winter candles are here", variants: [{ channelId, text: null }] });
      await t.deps.db
        .insertInto("deliveries")
        .values({ id: newId(), workspace_id: workspaceId, post_id: post.id, channel_id: channelId, due_at: publishedAt, status: "published", attempts: 1, next_attempt_at: null, lease_until: null, worker: null, remote_id: mediaId, permalink, error_code: null, error_message: null, published_at: publishedAt, confirmed_by: null, remote_steps: JSON.stringify({ container: `c${mediaId}`, media: mediaId }), created_at: publishedAt, updated_at: publishedAt })
        .execute();
      return post.id;
    }

    const perPost = (workspaceId: string) =>
      t.deps.db.selectFrom("metrics_per_post").select(["post_key", "day", "metric", "value", "source"]).where("workspace_id", "=", workspaceId).orderBy("post_key").orderBy("metric").execute();
    const own = (workspaceId: string) => t.deps.db.selectFrom("metrics").select(["day", "metric", "value", "source"]).where("workspace_id", "=", workspaceId).where("value", "is not", null).orderBy("metric").orderBy("day").execute();
    const refresh = (owner: TestUser, workspaceId: string, query = "") => owner.client.post(`/api/workspaces/${workspaceId}/metrics/refresh${query}`);

    it("reads our posts' insights, the account's followers and daily reach, and imports posts made outside Socialplan; a second refresh replaces, never adds", async () => {
      const { owner, workspace, channelId, connectionId, ig } = await connectedInstagram();
      // Ours: published 2026-11-20 20:00 UTC, which is 2026-11-21 in Seoul (the workspace's zone).
      const oursMedia = sim.addExternalMedia(ig.id, { media_type: "IMAGE", media_product_type: "FEED", caption: "Winter candles are here", createdAt: Date.parse("2026-11-20T20:00:00Z") });
      const postId = await publishedPost(owner, workspace.id, channelId, oursMedia.id, oursMedia.permalink, "2026-11-20T20:00:05.000Z");
      sim.setInsights(oursMedia.id, { reach: 900, views: 1400, likes: 120, comments: 14, saved: 30, shares: 9 });
      // Made in the Instagram app: a reel on 2026-11-24 03:00 UTC (Seoul: the 24th).
      const outside = sim.addExternalMedia(ig.id, { media_type: "VIDEO", media_product_type: "REELS", caption: "Behind the scenes", createdAt: Date.parse("2026-11-24T03:00:00Z") });
      sim.setInsights(outside.id, { reach: 2000, views: 5100, likes: 300, comments: 20, saved: 44, shares: 31 });
      sim.setAccountInsights(ig.id, { followersCount: 1520, daily: { "2026-11-23": { reach: 640 }, "2026-11-24": { reach: 2210 }, "2026-11-25": { reach: 800 } } });

      const first = await refresh(owner, workspace.id);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ accounts: 1, posts: 1, imported: 1, failed: [] });

      const outsideKey = `m:${outside.id}`;
      expect(await perPost(workspace.id)).toEqual(
        expect.arrayContaining([
          { post_key: postId, day: "2026-11-21", metric: "likes", value: 120, source: "instagram" },
          { post_key: postId, day: "2026-11-21", metric: "saves", value: 30, source: "instagram" },
          { post_key: postId, day: "2026-11-21", metric: "views", value: 1400, source: "instagram" },
          { post_key: outsideKey, day: "2026-11-24", metric: "reach", value: 2000, source: "instagram" },
          { post_key: outsideKey, day: "2026-11-24", metric: "likes", value: 300, source: "instagram" },
        ]),
      );
      // Six numbers each (reach, views, likes, comments, saves, shares), nothing else.
      expect(await perPost(workspace.id)).toHaveLength(12);
      const imported = await t.deps.db.selectFrom("metric_posts").selectAll().where("workspace_id", "=", workspace.id).execute();
      expect(imported).toEqual([expect.objectContaining({ channel_id: channelId, post_key: outsideKey, permalink: outside.permalink, caption: "Behind the scenes", post_type: "reel", source: "instagram", published_at: "2026-11-24T03:00:00.000Z" })]);
      expect(await own(workspace.id)).toEqual(
        expect.arrayContaining([
          { day: "2026-11-26", metric: "followers", value: 1520, source: "instagram" },
          { day: "2026-11-24", metric: "reach", value: 2210, source: "instagram" },
        ]),
      );
      const synced = await t.deps.db.selectFrom("connections").select("numbers_synced_at").where("id", "=", connectionId).executeTakeFirstOrThrow();
      expect(synced.numbers_synced_at).toBe(iso(NOW));

      // The numbers grew: a second refresh replaces them.
      sim.setInsights(oursMedia.id, { reach: 950, views: 1500, likes: 131, comments: 15, saved: 33, shares: 9 });
      const second = await refresh(owner, workspace.id, `?connectionId=${connectionId}`);
      expect(second.json()).toMatchObject({ accounts: 1, posts: 1, imported: 1, failed: [] });
      const rows = await perPost(workspace.id);
      expect(rows).toHaveLength(12);
      expect(rows.filter((r) => r.post_key === postId && r.metric === "likes")).toEqual([{ post_key: postId, day: "2026-11-21", metric: "likes", value: 131, source: "instagram" }]);
      expect(await t.deps.db.selectFrom("metric_posts").select("post_key").where("workspace_id", "=", workspace.id).execute()).toHaveLength(1);

      // The dashboard counts the whole account: our post and the one made in the app.
      const dash = await owner.client.get(`/api/workspaces/${workspace.id}/dashboard?from=2026-11-01&to=2026-11-26`);
      expect(dash.statusCode, dash.body).toBe(200);
      const channel = dash.json().channels.find((c: { channelId: string }) => c.channelId === channelId);
      const kpi = (metric: string) => channel.kpis.find((k: { metric: string }) => k.metric === metric)?.current;
      expect(kpi("likes")).toBe(131 + 300);
      expect(kpi("comments")).toBe(15 + 20);
      expect(kpi("followers")).toBe(1520);
      expect(dash.json().topPosts.map((p: { postKey: string }) => p.postKey).sort()).toEqual([outsideKey, postId].sort());
      const best = await owner.client.get(`/api/workspaces/${workspace.id}/best-times?to=2026-11-26`);
      expect(best.json().posts).toBe(2);
    });

    it("keeps numbers entered by hand or imported from a file, and matches a file's post to the network's instead of importing it twice", async () => {
      const { owner, workspace, channelId, ig } = await connectedInstagram();
      const oursMedia = sim.addExternalMedia(ig.id, { media_type: "IMAGE", media_product_type: "FEED", caption: "Ours", createdAt: Date.parse("2026-11-22T01:00:00Z") });
      const postId = await publishedPost(owner, workspace.id, channelId, oursMedia.id, oursMedia.permalink, "2026-11-22T01:00:00.000Z");
      sim.setInsights(oursMedia.id, { reach: 500, views: 700, likes: 60, comments: 5, saved: 8, shares: 2 });
      const fromFile = sim.addExternalMedia(ig.id, { media_type: "CAROUSEL_ALBUM", media_product_type: "FEED", caption: "From the file", createdAt: Date.parse("2026-11-23T01:00:00Z") });
      sim.setInsights(fromFile.id, { reach: 400, views: 650, likes: 70, comments: 6, saved: 3, shares: 1 });
      sim.setAccountInsights(ig.id, { followersCount: 1600, daily: { "2026-11-25": { reach: 999 } } });

      // A member typed likes for our post, and followers for today, by hand.
      const put = await owner.client.put(`/api/workspaces/${workspace.id}/metrics`, {
        cells: [
          { channelId, postId, day: "2026-11-22", metric: "likes", value: 58 },
          { channelId, day: "2026-11-26", metric: "followers", value: 1590 },
        ],
      });
      expect(put.statusCode, put.body).toBe(200);
      // A Meta Business Suite export brought the carousel (keyed by its permalink, as an export without a post id is).
      const csv = ["Permalink,Publish time,Description,Likes", `${fromFile.permalink},11/23/2026 10:00,From the file,69`].join("\n");
      const upload = await owner.client.upload(`/api/workspaces/${workspace.id}/metrics/import?preset=meta&channelId=${channelId}&dateFormat=MM/DD/YYYY&dryRun=false`, Buffer.from(csv), "text/csv");
      expect(upload.statusCode, upload.body).toBe(200);
      const fileKey = (await t.deps.db.selectFrom("metric_posts").select("post_key").where("workspace_id", "=", workspace.id).executeTakeFirstOrThrow()).post_key;

      const res = await refresh(owner, workspace.id);
      expect(res.json()).toMatchObject({ accounts: 1, posts: 1, imported: 1, failed: [] });
      const rows = await perPost(workspace.id);
      const of = (key: string, metric: string) => rows.filter((r) => r.post_key === key && r.metric === metric).map((r) => [Number(r.value), r.source]);
      expect(of(postId, "likes")).toEqual([[58, "manual"]]);
      expect(of(postId, "reach")).toEqual([[500, "instagram"]]);
      expect(of(fileKey, "likes")).toEqual([[69, "import:meta"]]);
      expect(of(fileKey, "reach")).toEqual([[400, "instagram"]]);
      expect(rows.filter((r) => r.post_key === `m:${fromFile.id}`)).toEqual([]);
      expect(await t.deps.db.selectFrom("metric_posts").select(["post_key", "source"]).where("workspace_id", "=", workspace.id).execute()).toEqual([{ post_key: fileKey, source: "import:meta" }]);
      const followers = (await own(workspace.id)).filter((r) => r.metric === "followers");
      expect(followers).toEqual([{ day: "2026-11-26", metric: "followers", value: 1590, source: "manual" }]);

      // Refreshing again changes nothing of theirs.
      await refresh(owner, workspace.id);
      expect(await perPost(workspace.id)).toEqual(rows);
    });

    it("reads each connection once a day, claimed so two runs never both read it", async () => {
      const { workspace, connectionId, ig } = await connectedInstagram();
      sim.setAccountInsights(ig.id, { followersCount: 1700, daily: {} });
      const reads = () => sim.state.requests.filter((r: { path: string; args: Record<string, unknown> }) => r.path.endsWith(`/${ig.id}`) && String(r.args.fields ?? "").includes("followers_count")).length;
      const before = reads();
      // Other tests' connections are due too: runs until none is left; two runs at once never read one twice.
      const drain = async () => {
        for (let i = 0; i < 6; i++) await Promise.all([runDailyNumbers(t.deps, t.app.log), runDailyNumbers(t.deps, t.app.log)]);
      };
      await drain();
      expect(reads() - before).toBe(1);
      t.clock.advance(12 * 3600);
      await drain();
      expect(reads() - before).toBe(1);
      t.clock.advance(12 * 3600 + 60);
      sim.clock.set(t.clock.now());
      sim.setAccountInsights(ig.id, { followersCount: 1710, daily: {} });
      await drain();
      expect(reads() - before).toBe(2);
      expect((await own(workspace.id)).filter((r) => r.metric === "followers")).toEqual([
        { day: "2026-11-26", metric: "followers", value: 1700, source: "instagram" },
        { day: "2026-11-27", metric: "followers", value: 1710, source: "instagram" },
      ]);
      const c = await t.deps.db.selectFrom("connections").select("numbers_synced_at").where("id", "=", connectionId).executeTakeFirstOrThrow();
      expect(c.numbers_synced_at).toBe(iso(t.clock.now()));
    });

    it("reports an expired token and a rate limit for that account, and reads nothing more from it", async () => {
      const { owner, workspace, connectionId, ig, token } = await connectedInstagram();
      sim.faults.expireToken(token);
      const expired = await refresh(owner, workspace.id);
      expect(expired.statusCode, expired.body).toBe(200);
      expect(expired.json()).toEqual({ accounts: 1, posts: 0, imported: 0, numbers: 0, failed: [{ connectionId, code: "metrics.numbers_auth" }] });
      const c = await t.deps.db.selectFrom("connections").select(["numbers_synced_at", "status"]).where("id", "=", connectionId).executeTakeFirstOrThrow();
      expect(c).toEqual({ numbers_synced_at: null, status: "active" });

      const other = await connectedInstagram();
      sim.faults.rateLimit({ accountId: other.ig.id }, { code: 4, minutes: 30 });
      const limited = await refresh(other.owner, other.workspace.id);
      expect(limited.json()).toMatchObject({ numbers: 0, failed: [{ connectionId: other.connectionId, code: "metrics.numbers_rate_limited" }] });
      sim.faults.clearRateLimit();
      expect(ig.id).not.toBe(other.ig.id);

      // An error the network gives for the account's own list is reported, never a server error.
      const third = await connectedInstagram();
      sim.faults.failNext({ method: "GET", path: `/${third.ig.id}/media` }, { status: 400, code: 100, message: "(#100) Unsupported request" });
      const refused = await refresh(third.owner, third.workspace.id);
      expect(refused.statusCode).toBe(200);
      expect(refused.json().failed).toEqual([{ connectionId: third.connectionId, code: "metrics.numbers_unavailable" }]);

      const missing = await refresh(owner, workspace.id, `?connectionId=${newId()}`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe("connection.not_found");
    });

    it("reads a Facebook Page's posts (reach, views, reactions) and a Threads account's (views, likes, replies, reposts + quotes + shares), followers and daily numbers", async () => {
      const metaApp = sim.createApp({ provider: "meta", redirectUris: ["http://socialplan.test/api/oauth/meta/callback"] });
      const { user, pages } = sim.createFacebookUser({ pages: [{ name: "Seoul Candle Co." }] });
      const page = pages[0]!;
      const pageToken = sim.issueToken({ appId: metaApp.id, userId: user.id, pageId: page.id, scopes: ["pages_show_list", "pages_read_engagement", "pages_manage_posts", "read_insights"] });
      const fb = await insertConnection("facebook", "facebook", page.id, page.name, pageToken);
      const fbPost = sim.addExternalMedia(page.id, { message: "Open on Sunday", createdAt: Date.parse("2026-11-25T02:00:00Z") });
      // The simulator gives reactions by type as like = likes, love = a fifth of them: 40 + 8.
      sim.setInsights(fbPost.id, { reach: 410, views: 730, likes: 40 });
      sim.setAccountInsights(page.id, { followersCount: 880, daily: { "2026-11-24": { page_total_media_view_unique: 512 } } });

      const res = await refresh(fb.owner, fb.workspace.id);
      expect(res.json()).toMatchObject({ accounts: 1, posts: 0, imported: 1, failed: [] });
      const key = `m:${fbPost.id}`;
      const rows = await perPost(fb.workspace.id);
      expect(rows.filter((r) => r.post_key === key).map((r) => [r.metric, Number(r.value), r.day])).toEqual(
        expect.arrayContaining([
          ["reach", 410, "2026-11-25"],
          ["views", 730, "2026-11-25"],
          ["reactions", 48, "2026-11-25"],
        ]),
      );
      expect(await own(fb.workspace.id)).toEqual(expect.arrayContaining([{ day: "2026-11-26", metric: "followers", value: 880, source: "facebook" }, { day: "2026-11-24", metric: "reach", value: 512, source: "facebook" }]));

      const threadsApp = sim.createApp({ provider: "threads", redirectUris: ["http://socialplan.test/api/oauth/threads/callback"] });
      const th = sim.createThreadsUser({ username: `candles_${newId().slice(0, 6)}` });
      const thToken = sim.issueToken({ appId: threadsApp.id, userId: th.id, scopes: ["threads_basic", "threads_content_publish", "threads_manage_insights"] });
      const threads = await insertConnection("threads", "threads", th.id, th.username, thToken);
      const thPost = sim.addExternalMedia(th.id, { text: "Which scent next?", createdAt: Date.parse("2026-11-25T05:00:00Z") });
      sim.setInsights(thPost.id, { views: 1200, likes: 80, replies: 12, reposts: 6, quotes: 2, shares: 3 });
      // A post of ours whose publish was interrupted: its id is recorded in the delivery, so it is never someone else's.
      const pending = sim.addExternalMedia(th.id, { text: "Ours, not yet confirmed", createdAt: Date.parse("2026-11-26T08:00:00Z") });
      const post = await addPost(threads.owner, threads.workspace.id, { body: "Ours, not yet confirmed", variants: [{ channelId: threads.channelId, text: null }] });
      const at = "2026-11-26T08:00:00.000Z";
      await t.deps.db
        .insertInto("deliveries")
        .values({ id: newId(), workspace_id: threads.workspace.id, post_id: post.id, channel_id: threads.channelId, due_at: at, status: "needs_attention", attempts: 1, next_attempt_at: null, lease_until: null, worker: null, remote_id: null, permalink: null, error_code: "publish.interrupted", error_message: null, published_at: null, confirmed_by: null, remote_steps: JSON.stringify({ container: "c1", media: pending.id }), created_at: at, updated_at: at })
        .execute();
      sim.setAccountInsights(th.id, { followersCount: 310, daily: { "2026-11-24": { views: 75 } } });

      const read = await refresh(threads.owner, threads.workspace.id);
      expect(read.json()).toMatchObject({ accounts: 1, posts: 0, imported: 1, failed: [] });
      const thRows = await perPost(threads.workspace.id);
      expect(thRows.map((r) => [r.post_key, r.metric, Number(r.value), r.day])).toEqual([
        [`m:${thPost.id}`, "comments", 12, "2026-11-25"],
        [`m:${thPost.id}`, "likes", 80, "2026-11-25"],
        [`m:${thPost.id}`, "shares", 11, "2026-11-25"],
        [`m:${thPost.id}`, "views", 1200, "2026-11-25"],
      ]);
      expect(await t.deps.db.selectFrom("metric_posts").select(["post_key", "post_type", "caption"]).where("workspace_id", "=", threads.workspace.id).execute()).toEqual([{ post_key: `m:${thPost.id}`, post_type: "text_post", caption: "Which scent next?" }]);
      expect(await own(threads.workspace.id)).toEqual(expect.arrayContaining([{ day: "2026-11-26", metric: "followers", value: 310, source: "threads" }, { day: "2026-11-24", metric: "profile_visits", value: 75, source: "threads" }]));
    });

    it("stops reading an account once the usage headers say its limit is nearly reached", async () => {
      const { owner, workspace, connectionId, ig } = await connectedInstagram();
      sim.addExternalMedia(ig.id, { caption: "One", createdAt: Date.parse("2026-11-25T01:00:00Z") });
      sim.faults.usage({ accountId: ig.id }, 96);
      const calls = sim.state.requests.length;
      // The account named in the body (the query works the same).
      const res = await owner.client.post(`/api/workspaces/${workspace.id}/metrics/refresh`, { connectionId });
      expect(res.json()).toEqual({ accounts: 1, posts: 0, imported: 0, numbers: 0, failed: [{ connectionId, code: "metrics.numbers_rate_limited" }] });
      // The media list was read, then nothing more.
      expect(sim.state.requests.length - calls).toBe(1);
      sim.faults.clearRateLimit();
    });

    it("reads an Instagram account linked to a Page (Facebook Login) through graph.facebook.com with the Page's token", async () => {
      const app = sim.createApp({ provider: "meta", redirectUris: ["http://socialplan.test/api/oauth/meta/callback"] });
      const { user, pages, igUsers } = sim.createFacebookUser({ pages: [{ name: "Seoul Candle Co.", instagram: { username: `candles_${newId().slice(0, 6)}`, followersCount: 2400 } }] });
      const ig = igUsers[0]!;
      const token = sim.issueToken({ appId: app.id, userId: user.id, pageId: pages[0]!.id, scopes: ["pages_show_list", "pages_read_engagement", "instagram_basic", "instagram_content_publish", "instagram_manage_insights"] });
      const { owner, workspace } = await insertConnection("instagram_facebook", "instagram", ig.id, ig.username, token);
      const media = sim.addExternalMedia(ig.id, { caption: "Linked", createdAt: Date.parse("2026-11-25T01:00:00Z") });
      sim.setInsights(media.id, { reach: 321, likes: 12 });
      const calls = sim.state.requests.length;
      const res = await refresh(owner, workspace.id);
      expect(res.json()).toMatchObject({ accounts: 1, imported: 1, failed: [] });
      expect(sim.state.requests.slice(calls).every((r: { host: string }) => r.host === "graph.facebook.com")).toBe(true);
      const rows = await perPost(workspace.id);
      expect(rows.filter((r) => r.metric === "reach" || r.metric === "likes").map((r) => [r.metric, Number(r.value), r.source])).toEqual([
        ["likes", 12, "instagram_facebook"],
        ["reach", 321, "instagram_facebook"],
      ]);
      expect(await own(workspace.id)).toEqual(expect.arrayContaining([{ day: "2026-11-26", metric: "followers", value: 2400, source: "instagram_facebook" }]));
    });

    it("tries an account the daily job found rate-limited again once the network's wait has passed, not a day later", async () => {
      const { connectionId, ig } = await connectedInstagram();
      sim.faults.rateLimit({ accountId: ig.id }, { code: 4, minutes: 30 });
      for (let i = 0; i < 6; i++) await runDailyNumbers(t.deps, t.app.log);
      const c = await t.deps.db.selectFrom("connections").select("numbers_synced_at").where("id", "=", connectionId).executeTakeFirstOrThrow();
      // Due again an hour from now (the 30 minutes asked for, at least an hour): 24 hours after "an hour from now − 24 h".
      expect(c.numbers_synced_at).toBe(iso(new Date(t.clock.now().getTime() + 3600_000 - 86_400_000)));
      sim.faults.clearRateLimit();
    });
  });

  describe(`numbers of a post published through the Threads adapter [${dialect}]`, () => {
    const env = useMetaPublishing(dialect);

    it("finds the post the publisher made by its recorded id and reads its numbers as ours, not as a post made outside", async () => {
      const { owner, workspace, channelId, app, user } = await connectedThreads(env);
      env.sim.grant(app.id, user.id, ["threads_manage_insights"]);
      const sent = await publishNow(env, owner, workspace.id, { body: "Open late on Friday", variants: [{ channelId, text: null }] });
      const delivery = (await sent.read()).deliveries[0]!;
      expect(delivery.status, JSON.stringify(delivery)).toBe("published");
      env.sim.setInsights(delivery.remoteId!, { views: 640, likes: 41, replies: 3, reposts: 2, quotes: 0, shares: 1 });

      const res = await owner.client.post(`/api/workspaces/${workspace.id}/metrics/refresh`);
      expect(res.json()).toMatchObject({ accounts: 1, posts: 1, imported: 0, failed: [] });
      const rows = await env.t.deps.db.selectFrom("metrics_per_post").select(["post_key", "metric", "value"]).where("workspace_id", "=", workspace.id).orderBy("metric").execute();
      expect(rows.map((r) => [r.post_key, r.metric, Number(r.value)])).toEqual([
        [sent.postId, "comments", 3],
        [sent.postId, "likes", 41],
        [sent.postId, "shares", 3],
        [sent.postId, "views", 640],
      ]);
      expect(await env.t.deps.db.selectFrom("metric_posts").select("post_key").where("workspace_id", "=", workspace.id).execute()).toEqual([]);
    });
  });
}
