import type { Post } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/lib/ids.ts";
import { ADAPTERS } from "../../src/features/publishing/adapters/index.ts";
import { createInstagramAdapter } from "../../src/features/publishing/adapters/instagram.ts";
import { Publisher } from "../../src/features/publishing/publisher.ts";
import type { TestUser } from "../helpers/factories.ts";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { addPost, readPost, schedule } from "../helpers/posts.ts";
import { freePort } from "../helpers/process.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { exited, startWorker, waitUntil } from "../helpers/worker-process.ts";
import { advance, connect, publishControl, upload, useMetaPublishing } from "./meta-publish-env.ts";

type Kind = "instagram" | "instagram_facebook";
const KINDS: Kind[] = ["instagram", "instagram_facebook"];
/** Short waits between status reads, so the tests do not wait out real seconds. */
const FAST = { delaysMs: [10], budgetMs: 5000 };
/** One status read per attempt: a container still processing ends the attempt at once. */
const ONE_READ = { delaysMs: [10], budgetMs: 0 };

for (const dialect of DIALECTS) {
  describe(`publishing to Instagram through its container flow (Meta simulator) [${dialect}]`, () => {
    const env = useMetaPublishing(dialect);
    const control = () => publishControl(env.sim);
    const publisher = (poll = FAST, deps = env.t.deps) =>
      new Publisher(deps, env.t.app.log, {
        workerId: "test-worker",
        pollMs: 50,
        adapters: { ...ADAPTERS, instagram: createInstagramAdapter("instagram", { poll }), instagram_facebook: createInstagramAdapter("instagram_facebook", { poll }) },
      });

    /** A workspace with an Instagram channel connected (as the sign-in would leave it) to a new simulated account. */
    async function connected(kind: Kind) {
      const { t, sim } = env;
      const username = `cafe_${newId().slice(0, 6)}`;
      if (kind === "instagram") {
        const app = sim.createApp({ provider: "instagram", redirectUris: [`${t.config.appUrl}/api/oauth/instagram/callback`] });
        const ig = sim.createInstagramUser({ username });
        const token = sim.issueToken({ appId: app.id, userId: ig.id, scopes: ["instagram_business_basic", "instagram_business_content_publish", "instagram_business_manage_comments"] });
        return { ...(await connect(t, "instagram", kind, { id: ig.id, label: `@${username}`, username }, token)), igUserId: ig.id, token, appId: app.id, userId: ig.id };
      }
      const app = sim.createApp({ provider: "meta", redirectUris: [`${t.config.appUrl}/api/oauth/meta/callback`] });
      const made = sim.createFacebookUser({ pages: [{ instagram: { username } }] });
      const [ig, page] = [made.igUsers[0]!, made.pages[0]!];
      const token = sim.issueToken({ appId: app.id, userId: made.user.id, pageId: page.id, scopes: ["pages_show_list", "pages_read_engagement", "instagram_basic", "instagram_content_publish", "instagram_manage_comments"] });
      return { ...(await connect(t, "instagram", kind, { id: ig.id, label: `@${username}`, username, pageId: page.id }, token)), igUserId: ig.id, token, appId: app.id, userId: made.user.id };
    }

    /** A scheduled post, due a minute later. */
    async function duePost(a: Awaited<ReturnType<typeof connected>>, body: Record<string, unknown>): Promise<Post> {
      const post = await addPost(a.owner, a.workspace.id, { variants: [{ channelId: a.channelId, text: null }], ...body });
      await schedule(a.owner, a.workspace.id, post.id, new Date(env.t.clock.now().getTime() + 30_000).toISOString());
      advance(env, 60);
      return post;
    }

    const delivery = async (a: { owner: TestUser; workspace: { id: string } }, postId: string) => (await readPost(a.owner, a.workspace.id, postId)).deliveries[0]!;
    const steps = async (postId: string) => JSON.parse((await env.t.deps.db.selectFrom("deliveries").select("remote_steps").where("post_id", "=", postId).executeTakeFirstOrThrow()).remote_steps ?? "{}") as Record<string, string>;
    /** Moves both clocks on. */
    const later = (ms: number) => advance(env, ms / 1000);

    for (const kind of KINDS) {
      it(`publishes a single image with alt text and a first comment, and notes the quota [${kind}]`, async () => {
        const a = await connected(kind);
        const img = await upload(a.owner, a.workspace.id, "latte.jpg", await photo(1080, 1080, "jpeg", 30));
        const post = await duePost(a, { body: "Our winter latte ☕ #cafe", media: [{ assetId: img, alt: "A latte with a leaf drawn in the foam" }], variants: [{ channelId: a.channelId, text: null, firstComment: "Open 8-18 every day" }] });
        expect(await publisher().round()).toBe(1);
        const d = await delivery(a, post.id);
        expect(d.status, JSON.stringify(d)).toBe("published");
        const media = env.sim.publishedMedia(a.igUserId);
        expect(media).toHaveLength(1);
        expect(media[0]).toMatchObject({ id: d.remoteId, media_type: "IMAGE", media_product_type: "FEED", caption: "Our winter latte ☕ #cafe", altText: "A latte with a leaf drawn in the foam" });
        expect(d.permalink).toBe(media[0]!.permalink);
        expect(media[0]!.comments.map((c) => c.text)).toEqual(["Open 8-18 every day"]);
        // The media came from our signed URL, fetched by the simulator.
        expect(env.sim.state.fetchLog.at(-1)).toMatchObject({ ok: true, status: 200 });
        expect(env.sim.state.fetchLog.at(-1)!.url).toMatch(new RegExp(`^${env.t.config.appUrl}/media/`));
        const conn = await env.t.deps.db.selectFrom("connections").select("quota").where("id", "=", a.connectionId).executeTakeFirstOrThrow();
        expect(JSON.parse(conn.quota!)).toMatchObject({ used: 0, limit: 50, windowHours: 24 });
        expect(await steps(post.id)).toMatchObject({ container: expect.any(String), media: d.remoteId });
      });

      it(`publishes a carousel of three images, each a container first [${kind}]`, async () => {
        const a = await connected(kind);
        const ids = [await upload(a.owner, a.workspace.id, "1.jpg", await photo(1080, 1350, "jpeg", 10)), await upload(a.owner, a.workspace.id, "2.jpg", await photo(1080, 1350, "jpeg", 80)), await upload(a.owner, a.workspace.id, "3.jpg", await photo(1080, 1080, "jpeg", 160))];
        const post = await duePost(a, { body: "Three new cakes", media: ids.map((assetId, i) => ({ assetId, alt: `Cake ${i + 1}` })) });
        await publisher().round();
        const d = await delivery(a, post.id);
        expect(d.status, JSON.stringify(d)).toBe("published");
        const [album] = env.sim.publishedMedia(a.igUserId).filter((m) => m.media_type === "CAROUSEL_ALBUM");
        expect(album).toMatchObject({ id: d.remoteId, caption: "Three new cakes" });
        expect(album!.children).toHaveLength(3);
        expect(album!.children!.map((c) => (env.sim.state.objects.get(c) as { altText?: string }).altText)).toEqual(["Cake 1", "Cake 2", "Cake 3"]);
        expect(Object.keys(await steps(post.id)).sort()).toEqual(["child0", "child1", "child2", "container", "media", "publishing"]);
      });

      it(`publishes a video as a Reel [${kind}]`, async () => {
        const a = await connected(kind);
        const video = await upload(a.owner, a.workspace.id, "pour.mp4", mp4({ durationMs: 8000, width: 1080, height: 1920, moovFirst: true }));
        const post = await duePost(a, { body: "Pouring the latte", media: [{ assetId: video, alt: "" }] });
        await publisher().round();
        const d = await delivery(a, post.id);
        expect(d.status, JSON.stringify(d)).toBe("published");
        expect(env.sim.publishedMedia(a.igUserId)[0]).toMatchObject({ id: d.remoteId, media_type: "VIDEO", media_product_type: "REELS" });
        expect(d.permalink).toContain("/reel/");
      });

      it(`publishes a story when the channel's copy asks for one [${kind}]`, async () => {
        const a = await connected(kind);
        const img = await upload(a.owner, a.workspace.id, "story.jpg", await photo(1080, 1920, "jpeg", 200));
        const post = await duePost(a, { body: "", media: [{ assetId: img, alt: "Today's menu" }], variants: [{ channelId: a.channelId, text: null, format: "story" }] });
        await publisher().round();
        const d = await delivery(a, post.id);
        expect(d.status, JSON.stringify(d)).toBe("published");
        expect(env.sim.publishedMedia(a.igUserId)[0]).toMatchObject({ id: d.remoteId, media_product_type: "STORY" });
      });

      it(`pauses the channel when the token expired (code 190), and sends nothing [${kind}]`, async () => {
        const a = await connected(kind);
        const img = await upload(a.owner, a.workspace.id, "x.jpg", await photo(1000, 1000, "jpeg", 5));
        const post = await duePost(a, { body: "Expired", media: [{ assetId: img, alt: "" }] });
        env.sim.faults.expireToken(a.token);
        await publisher().round();
        const d = await delivery(a, post.id);
        expect(d).toMatchObject({ status: "scheduled", error: { code: "publish.auth" } });
        const conn = await env.t.deps.db.selectFrom("connections").select("status").where("id", "=", a.connectionId).executeTakeFirstOrThrow();
        expect(conn.status).toBe("paused");
        expect(control().containers(a.igUserId)).toHaveLength(0);
      });
    }

    it("polls a slow container again on the next attempt instead of making another", async () => {
      const a = await connected("instagram");
      const img = await upload(a.owner, a.workspace.id, "slow.jpg", await photo(1080, 1080, "jpeg", 50));
      const post = await duePost(a, { body: "Slow one", media: [{ assetId: img, alt: "" }] });
      control().slowContainers(3, { accountId: a.igUserId });
      await publisher(ONE_READ).round();
      expect(await delivery(a, post.id)).toMatchObject({ status: "scheduled", error: { code: "publish.media_processing" } });
      const first = (await steps(post.id)).container;
      expect(first).toBeTruthy();
      for (let i = 0; i < 3 && (await delivery(a, post.id)).status === "scheduled"; i++) {
        later(61_000);
        await publisher(ONE_READ).round();
      }
      const d = await delivery(a, post.id);
      expect(d.status, JSON.stringify(d)).toBe("published");
      expect(control().containers(a.igUserId).map((c) => c.id)).toEqual([first]);
      expect(env.sim.publishedMedia(a.igUserId)).toHaveLength(1);
    });

    it("fails with the container's error when Instagram cannot process the media", async () => {
      const a = await connected("instagram");
      const img = await upload(a.owner, a.workspace.id, "bad.jpg", await photo(1080, 1080, "jpeg", 70));
      const post = await duePost(a, { body: "Broken", media: [{ assetId: img, alt: "" }] });
      control().failNextContainer({ accountId: a.igUserId }, { code: 352, subcode: 2207026, message: "The video format is not supported." });
      await publisher().round();
      expect(await delivery(a, post.id)).toMatchObject({ status: "failed", error: { code: "publish.media_rejected" } });
      expect(env.sim.publishedMedia(a.igUserId)).toHaveLength(0);
    });

    it("makes a new container when the recorded one EXPIRED, and never publishes the expired one", async () => {
      const a = await connected("instagram_facebook");
      const img = await upload(a.owner, a.workspace.id, "late.jpg", await photo(1080, 1080, "jpeg", 120));
      const post = await duePost(a, { body: "Late", media: [{ assetId: img, alt: "" }] });
      control().slowContainers(1000, { accountId: a.igUserId });
      await publisher(ONE_READ).round();
      const expired = (await steps(post.id)).container!;
      // A day later (the simulator's containers expire after 24 hours), the next attempt finds it EXPIRED.
      later(25 * 3600_000);
      await publisher().round();
      const d = await delivery(a, post.id);
      expect(d.status, JSON.stringify(d)).toBe("published");
      expect(control().statusOf(expired)).toBe("EXPIRED");
      const published = control().state.publishes.filter((p) => p.accountId === a.igUserId && !p.synthetic);
      expect(published).toHaveLength(1);
      expect(published[0]!.containerId).not.toBe(expired);
    });

    it("fails as media_unreachable when Instagram cannot fetch the file from APP_URL", async () => {
      const a = await connected("instagram");
      const img = await upload(a.owner, a.workspace.id, "far.jpg", await photo(1080, 1080, "jpeg", 140));
      const post = await duePost(a, { body: "Unreachable", media: [{ assetId: img, alt: "" }] });
      // An APP_URL the network cannot reach (here: a port nothing listens on).
      const elsewhere = { ...env.t.deps, config: { ...env.t.deps.config, appUrl: `http://127.0.0.1:${await freePort()}` } };
      await publisher(FAST, elsewhere).round();
      expect(await delivery(a, post.id)).toMatchObject({ status: "failed", error: { code: "publish.media_unreachable" } });
      expect(env.sim.state.fetchLog.at(-1)).toMatchObject({ ok: false });
    });

    it("waits when the 24-hour publishing quota is used up, before making anything", async () => {
      const a = await connected("instagram");
      const img = await upload(a.owner, a.workspace.id, "q.jpg", await photo(1080, 1080, "jpeg", 20));
      const post = await duePost(a, { body: "Over quota", media: [{ assetId: img, alt: "" }] });
      control().useQuota(a.igUserId, 50);
      await publisher().round();
      const d = await delivery(a, post.id);
      expect(d).toMatchObject({ status: "scheduled", error: { code: "publish.quota_exceeded" } });
      expect(Date.parse(d.nextAttemptAt!) - env.t.clock.now().getTime()).toBe(3600_000);
      expect(control().containers(a.igUserId)).toHaveLength(0);
      const conn = await env.t.deps.db.selectFrom("connections").select("quota").where("id", "=", a.connectionId).executeTakeFirstOrThrow();
      expect(JSON.parse(conn.quota!)).toMatchObject({ used: 50, limit: 50 });
    });

    it("holds the channel when the usage headers near the limit, and when the rate limit is hit", async () => {
      const a = await connected("instagram");
      const img = await upload(a.owner, a.workspace.id, "r.jpg", await photo(1080, 1080, "jpeg", 220));
      const first = await duePost(a, { body: "Busy day 1", media: [{ assetId: img, alt: "" }] });
      env.sim.faults.usage({ accountId: a.igUserId }, 96);
      await publisher().round();
      expect((await delivery(a, first.id)).status).toBe("published");
      const held = await env.t.deps.db.selectFrom("connections").select("hold_until").where("id", "=", a.connectionId).executeTakeFirstOrThrow();
      expect(Date.parse(held.hold_until!)).toBeGreaterThan(env.t.clock.now().getTime());
      // A second post of the channel, due now, waits for the hold.
      const second = await duePost(a, { body: "Busy day 2", media: [{ assetId: img, alt: "" }] });
      expect(await publisher().round()).toBe(0);
      expect((await delivery(a, second.id)).status).toBe("scheduled");

      // Past the hold, the network says 80002 with 30 minutes to regain access: the channel waits that long.
      later(Date.parse(held.hold_until!) - env.t.clock.now().getTime() + 1000);
      env.sim.faults.clearRateLimit();
      env.sim.faults.rateLimit({ accountId: a.igUserId }, { code: 80002, minutes: 30 });
      expect(await publisher().round()).toBe(1);
      const d = await delivery(a, second.id);
      expect(d).toMatchObject({ status: "scheduled", error: { code: "publish.rate_limited" } });
      expect(Date.parse(d.nextAttemptAt!) - env.t.clock.now().getTime()).toBe(30 * 60_000);
      const again = await env.t.deps.db.selectFrom("connections").select("hold_until").where("id", "=", a.connectionId).executeTakeFirstOrThrow();
      expect(Date.parse(again.hold_until!) - env.t.clock.now().getTime()).toBe(30 * 60_000);
    });

    it("publishes once after a 500 on media_publish (the request did nothing)", async () => {
      const a = await connected("instagram");
      const img = await upload(a.owner, a.workspace.id, "500.jpg", await photo(1080, 1080, "jpeg", 250));
      const post = await duePost(a, { body: "Server error", media: [{ assetId: img, alt: "" }] });
      env.sim.faults.failNext({ method: "POST", path: /media_publish/ }, { status: 500, code: 2, message: "An unexpected error has occurred. Please retry your request later.", type: "OAuthException" });
      await publisher().round();
      expect(await delivery(a, post.id)).toMatchObject({ status: "scheduled", error: { code: "publish.server_error" } });
      later(31 * 60_000);
      await publisher().round();
      const d = await delivery(a, post.id);
      expect(d.status, JSON.stringify(d)).toBe("published");
      expect(env.sim.publishedMedia(a.igUserId)).toHaveLength(1);
      expect(control().containers(a.igUserId)).toHaveLength(1);
    });

    it("finds the post on the account when media_publish's answer was lost, instead of publishing again", async () => {
      const a = await connected("instagram_facebook");
      const img = await upload(a.owner, a.workspace.id, "lost.jpg", await photo(1080, 1080, "jpeg", 300));
      const post = await duePost(a, { body: "Lost answer", media: [{ assetId: img, alt: "" }] });
      control().hangNextPublish({ accountId: a.igUserId, mode: "destroy" });
      await publisher().round();
      expect((await delivery(a, post.id)).status).toBe("scheduled");
      expect(env.sim.publishedMedia(a.igUserId)).toHaveLength(1);
      later(31 * 60_000);
      await publisher().round();
      const d = await delivery(a, post.id);
      expect(d.status, JSON.stringify(d)).toBe("published");
      expect(d.remoteId).toBe(env.sim.publishedMedia(a.igUserId)[0]!.id);
      expect(env.sim.publishedMedia(a.igUserId)).toHaveLength(1);
    });

    it("needs attention, and sends nothing more, when the lost publish cannot be told apart on the account", async () => {
      const a = await connected("instagram");
      const img = await upload(a.owner, a.workspace.id, "twin.jpg", await photo(1080, 1080, "jpeg", 330));
      const post = await duePost(a, { body: "Twin caption", media: [{ assetId: img, alt: "" }] });
      control().hangNextPublish({ accountId: a.igUserId, mode: "destroy" });
      await publisher().round();
      // Someone posted the same caption by hand meanwhile: two candidates, no way to know which is ours.
      env.sim.addExternalMedia(a.igUserId, { caption: "Twin caption" });
      later(31 * 60_000);
      await publisher().round();
      expect(await delivery(a, post.id)).toMatchObject({ status: "needs_attention", error: { code: "publish.outcome_unknown" } });
      later(60 * 60_000);
      await publisher().round();
      expect((await delivery(a, post.id)).status).toBe("needs_attention");
      expect(control().state.publishes.filter((p) => p.accountId === a.igUserId && !p.synthetic)).toHaveLength(1);
    });

    it("fails with what to do when the publishing permission was taken back (code 10)", async () => {
      const a = await connected("instagram");
      const img = await upload(a.owner, a.workspace.id, "perm.jpg", await photo(1080, 1080, "jpeg", 45));
      const post = await duePost(a, { body: "No permission", media: [{ assetId: img, alt: "" }] });
      env.sim.faults.dropPermission({ appId: a.appId, userId: a.userId }, "instagram_business_content_publish");
      await publisher().round();
      expect(await delivery(a, post.id)).toMatchObject({ status: "failed", error: { code: "publish.permission_missing" } });
      expect(env.sim.publishedMedia(a.igUserId)).toHaveLength(0);
    });

    it("sends a text-only post (a format the API does not publish) as a reminder, calling Instagram for none of it", async () => {
      const a = await connected("instagram");
      const post = await duePost(a, { body: "Only words" });
      await publisher().round();
      expect(await delivery(a, post.id)).toMatchObject({ status: "awaiting_confirmation" });
      // (The numbers import may read the account meanwhile; publishing calls none of these.)
      expect(env.sim.state.requests.filter((r) => r.path.split("/").includes(a.igUserId) && (r.method === "POST" || r.path.endsWith("/content_publishing_limit")))).toEqual([]);
    });

    describe("when the worker process is killed (SIGKILL)", () => {
      /** A post due a minute ago on the real clock, which the worker runs on (the test clock is put before it). */
      async function dueForWorker(a: Awaited<ReturnType<typeof connected>>, caption: string) {
        await a.owner.client.patch(`/api/workspaces/${a.workspace.id}`, { missedPostMinutes: 10_080 });
        const img = await upload(a.owner, a.workspace.id, "crash.jpg", await photo(1080, 1080, "jpeg", 15));
        env.t.clock.current = new Date(Date.now() - 120_000);
        env.sim.clock.set(Date.now());
        const post = await addPost(a.owner, a.workspace.id, { body: caption, media: [{ assetId: img, alt: "" }], variants: [{ channelId: a.channelId, text: null }] });
        await schedule(a.owner, a.workspace.id, post.id, new Date(Date.now() - 60_000).toISOString());
        return post;
      }

      it("resumes the recorded container after a kill right after it was made: one container, one post", async () => {
        const a = await connected("instagram");
        const post = await dueForWorker(a, "Crash after container");
        control().slowContainers(100_000, { accountId: a.igUserId });
        const worker = startWorker(env.t);
        await waitUntil(async () => Boolean((await steps(post.id)).container));
        worker.kill("SIGKILL");
        await exited(worker);
        const container = (await steps(post.id)).container!;
        control().setPolls(container, 0);
        const next = startWorker(env.t);
        await waitUntil(async () => (await env.t.deps.db.selectFrom("deliveries").select("status").where("post_id", "=", post.id).executeTakeFirstOrThrow()).status === "published");
        next.kill("SIGTERM");
        await exited(next);
        expect(control().containers(a.igUserId).map((c) => c.id)).toEqual([container]);
        expect(env.sim.publishedMedia(a.igUserId)).toHaveLength(1);
        expect((await steps(post.id)).media).toBe(env.sim.publishedMedia(a.igUserId)[0]!.id);
      });

      it("ends published exactly once after a kill during a media_publish whose answer never came", async () => {
        const a = await connected("instagram_facebook");
        const post = await dueForWorker(a, "Crash during publish");
        control().hangNextPublish({ accountId: a.igUserId, mode: "hang" });
        const worker = startWorker(env.t);
        // The simulator has published; its answer is held back. Now the worker dies.
        await waitUntil(() => control().state.publishes.some((p) => p.accountId === a.igUserId && !p.synthetic));
        worker.kill("SIGKILL");
        await exited(worker);
        control().releaseHung();
        const next = startWorker(env.t);
        await waitUntil(async () => ["published", "needs_attention"].includes((await env.t.deps.db.selectFrom("deliveries").select("status").where("post_id", "=", post.id).executeTakeFirstOrThrow()).status));
        next.kill("SIGTERM");
        await exited(next);
        const row = await env.t.deps.db.selectFrom("deliveries").select(["status", "remote_id"]).where("post_id", "=", post.id).executeTakeFirstOrThrow();
        expect(row.status).toBe("published");
        expect(env.sim.publishedMedia(a.igUserId)).toHaveLength(1);
        expect(row.remote_id).toBe(env.sim.publishedMedia(a.igUserId)[0]!.id);
        expect(control().state.publishes.filter((p) => p.accountId === a.igUserId && !p.synthetic)).toHaveLength(1);
      });
    });
  });
}
