import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { connectedPage, deliveryOf, loseFile, publishControl, publishNow, retryNow, round, upload, useMetaPublishing } from "./meta-publish-env.ts";

/**
 * Facebook Pages against the Meta simulator (test-peers/meta, built from the Pages API documentation): every format,
 * the failures a Page token meets, and a send interrupted at its one call — published once, never twice.
 */
for (const dialect of DIALECTS) {
  describe(`publishing to a Facebook Page (the Meta simulator) [${dialect}]`, () => {
    const env = useMetaPublishing(dialect);
    const ours = (pageId: string) => env.sim.publishedMedia(pageId).filter((m) => m.appId !== null);

    it("publishes a text post, a link post, one photo with alt text, several photos and a video, each once with its permalink", async () => {
      const { owner, workspace, channelId, page } = await connectedPage(env);
      const ws = workspace.id;
      const text = await publishNow(env, owner, ws, { body: "Open late on Friday 🕯️", variants: [{ channelId, text: null }] });
      const link = await publishNow(env, owner, ws, { body: "Our winter story", link: "https://candle.example/story", variants: [{ channelId, text: null }] });
      const one = await upload(owner, ws, "shop.jpg", await photo(1200, 900));
      const single = await publishNow(env, owner, ws, { body: "The shop this morning", variants: [{ channelId, text: null }], media: [{ assetId: one, alt: "Shelves of amber candles" }] });
      const two = await upload(owner, ws, "wax.jpg", await photo(1000, 1000, "png", 40));
      const several = await publishNow(env, owner, ws, { body: "Two new scents", variants: [{ channelId, text: null }], media: [{ assetId: one, alt: "Amber" }, { assetId: two, alt: "Pine" }] });
      const clip = await upload(owner, ws, "pour.mp4", mp4({ durationMs: 8000, width: 720, height: 1280, moovFirst: true }));
      const video = await publishNow(env, owner, ws, { body: "Pouring the wax", variants: [{ channelId, text: null }], media: [{ assetId: clip, alt: "" }] });

      for (const p of [text, link, single, several, video]) {
        const d = (await p.read()).deliveries[0]!;
        expect(d.status, JSON.stringify(d)).toBe("published");
        expect(d.permalink).toMatch(/^https:\/\/www\.facebook\.com\//);
      }
      const posts = ours(page.id);
      expect(posts).toHaveLength(5);
      const byMessage = (m: string) => posts.filter((x) => (x.message ?? "").startsWith(m));
      expect(byMessage("Open late on Friday 🕯️")).toEqual([expect.objectContaining({ kind: "status" })]);
      expect(byMessage("Our winter story")).toEqual([expect.objectContaining({ kind: "link", link: expect.stringMatching(/^https:\/\/candle\.example\/story\?utm_source=facebook/) })]);
      expect(byMessage("The shop this morning")).toEqual([expect.objectContaining({ kind: "photo", altText: "Shelves of amber candles" })]);
      const album = byMessage("Two new scents");
      expect(album).toEqual([expect.objectContaining({ kind: "photo" })]);
      expect(album[0]!.children).toHaveLength(2);
      expect(album[0]!.children!.map((id) => (env.sim.state.objects.get(id) as { altText?: string }).altText)).toEqual(["Amber", "Pine"]);
      expect(byMessage("Pouring the wax")).toEqual([expect.objectContaining({ kind: "video" })]);
      // The text post's remote id is the Page post's; the video's is the video's.
      expect((await text.read()).deliveries[0]!.remoteId).toBe(byMessage("Open late")[0]!.id);
      // Every file was fetched from a signed URL under APP_URL.
      const fetched = env.sim.state.fetchLog.filter((f) => f.url.startsWith(`${env.appUrl}/media/`));
      expect(fetched.length).toBeGreaterThanOrEqual(4);
      expect(fetched.every((f) => f.ok)).toBe(true);
    });

    it("finds the post on the Page when the answer to its one call never came, sends when the call did not happen, and asks a person when Facebook calls the resend a duplicate", async () => {
      const { owner, workspace, channelId, page } = await connectedPage(env);
      // The post is made, then the connection drops before the answer: the outcome is unknown to us.
      publishControl(env.sim).hangNextPublish({ network: "facebook", accountId: page.id });
      const lost = await publishNow(env, owner, workspace.id, { body: "Answer lost on the way", variants: [{ channelId, text: null }] });
      let d = await deliveryOf(env.t, lost.postId);
      expect(d.status).toBe("scheduled");
      expect(JSON.parse(d.remote_steps ?? "{}")).toHaveProperty("sending");
      await retryNow(env, lost.postId);
      d = await deliveryOf(env.t, lost.postId);
      expect(d.status).toBe("published");
      expect(ours(page.id).filter((m) => m.message === "Answer lost on the way")).toHaveLength(1);
      expect(d.remote_id).toBe(ours(page.id).find((m) => m.message === "Answer lost on the way")!.id);

      // A 500 answered without doing anything: the lookup finds nothing, so it is sent, once.
      env.sim.faults.failNext({ method: "POST", host: "facebook", path: `/${page.id}/feed` }, { status: 500, code: 2, message: "An unexpected error has occurred. Please retry your request later.", isTransient: true });
      const failed = await publishNow(env, owner, workspace.id, { body: "Not made the first time", variants: [{ channelId, text: null }] });
      expect((await deliveryOf(env.t, failed.postId)).status).toBe("scheduled");
      expect(ours(page.id).filter((m) => m.message === "Not made the first time")).toHaveLength(0);
      await retryNow(env, failed.postId);
      expect((await deliveryOf(env.t, failed.postId)).status).toBe("published");
      expect(ours(page.id).filter((m) => m.message === "Not made the first time")).toHaveLength(1);

      // The post was made but the Page's list does not show it yet (taken out of the simulator's listing): the resend
      // meets Facebook's duplicate check (506), and a person decides instead of a second try.
      publishControl(env.sim).hangNextPublish({ network: "facebook", accountId: page.id });
      const unseen = await publishNow(env, owner, workspace.id, { body: "Made but not listed", variants: [{ channelId, text: null }] });
      ours(page.id).find((m) => m.message === "Made but not listed")!.deleted = true;
      await retryNow(env, unseen.postId);
      expect(await deliveryOf(env.t, unseen.postId)).toMatchObject({ status: "needs_attention", error_code: "publish.outcome_unknown" });
      expect(env.sim.publishedMedia(page.id).filter((m) => m.message === "Made but not listed")).toHaveLength(1);
    });

    it("reuses the photos already uploaded unpublished when a several-photo post is sent again", async () => {
      const { owner, workspace, channelId, page } = await connectedPage(env);
      const a = await upload(owner, workspace.id, "a.jpg", await photo(800, 800, "jpeg", 10));
      const b = await upload(owner, workspace.id, "b.jpg", await photo(800, 800, "jpeg", 90));
      env.sim.faults.failNext({ method: "POST", host: "facebook", path: `/${page.id}/feed` }, { status: 500, code: 2, message: "An unexpected error has occurred. Please retry your request later.", isTransient: true });
      const p = await publishNow(env, owner, workspace.id, { body: "Gift boxes", variants: [{ channelId, text: null }], media: [{ assetId: a, alt: "" }, { assetId: b, alt: "" }] });
      const uploads = () => env.sim.state.requests.filter((r) => r.method === "POST" && r.path === `/${page.id}/photos` && r.status === 200).length;
      expect(uploads()).toBe(2);
      await retryNow(env, p.postId);
      expect((await deliveryOf(env.t, p.postId)).status).toBe("published");
      expect(uploads()).toBe(2);
      expect(ours(page.id).filter((m) => m.message === "Gift boxes")).toHaveLength(1);
    });

    it("pauses the channel when the Page token expired, fails a post when a permission was removed, and says so", async () => {
      const expired = await connectedPage(env);
      env.sim.faults.expireToken(expired.token);
      const p = await publishNow(env, expired.owner, expired.workspace.id, { body: "Never out", variants: [{ channelId: expired.channelId, text: null }] });
      expect(await deliveryOf(env.t, p.postId)).toMatchObject({ status: "scheduled", error_code: "publish.auth" });
      const conn = await env.t.deps.db.selectFrom("connections").select("status").where("id", "=", expired.connectionId).executeTakeFirstOrThrow();
      expect(conn.status).toBe("paused");

      const dropped = await connectedPage(env);
      env.sim.faults.dropPermission({ appId: dropped.app.id, userId: dropped.user.id }, "pages_manage_posts");
      const q = await publishNow(env, dropped.owner, dropped.workspace.id, { body: "No permission", variants: [{ channelId: dropped.channelId, text: null }] });
      expect(await deliveryOf(env.t, q.postId)).toMatchObject({ status: "failed", error_code: "publish.permission_missing" });
      expect(ours(dropped.page.id)).toHaveLength(0);
    });

    it("holds the channel while the rate limit lasts (error or usage headers), and fails a photo the network cannot fetch and a post mixing photos and a video", async () => {
      const limited = await connectedPage(env);
      env.sim.faults.rateLimit({ accountId: limited.page.id }, { code: 32, minutes: 30 });
      const p = await publishNow(env, limited.owner, limited.workspace.id, { body: "Too many calls", variants: [{ channelId: limited.channelId, text: null }] });
      expect(await deliveryOf(env.t, p.postId)).toMatchObject({ status: "scheduled", error_code: "publish.rate_limited" });
      const held = await env.t.deps.db.selectFrom("connections").select("hold_until").where("id", "=", limited.connectionId).executeTakeFirstOrThrow();
      expect(Date.parse(held.hold_until!)).toBeGreaterThanOrEqual(env.t.clock.now().getTime() + 29 * 60_000);
      // While held, nothing of the channel is claimed.
      await round(env.t);
      expect((await deliveryOf(env.t, p.postId)).attempts).toBe(1);
      env.sim.faults.clearRateLimit();
      await retryNow(env, p.postId);
      expect((await deliveryOf(env.t, p.postId)).status).toBe("published");

      const busy = await connectedPage(env);
      env.sim.faults.usage({ accountId: busy.page.id }, 97);
      const q = await publishNow(env, busy.owner, busy.workspace.id, { body: "Near the limit", variants: [{ channelId: busy.channelId, text: null }] });
      expect((await deliveryOf(env.t, q.postId)).status).toBe("published");
      const near = await env.t.deps.db.selectFrom("connections").select("hold_until").where("id", "=", busy.connectionId).executeTakeFirstOrThrow();
      expect(near.hold_until).not.toBeNull();

      const broken = await connectedPage(env);
      const asset = await upload(broken.owner, broken.workspace.id, "gone.jpg", await photo(600, 600));
      await loseFile(env.t, broken.workspace.id, asset);
      const r = await publishNow(env, broken.owner, broken.workspace.id, { body: "Photo out of reach", variants: [{ channelId: broken.channelId, text: null }], media: [{ assetId: asset, alt: "" }] });
      expect(await deliveryOf(env.t, r.postId)).toMatchObject({ status: "failed", error_code: "publish.media_unreachable" });
      // Photos and a video in one post: no Page post takes both, so it goes out by reminder and nothing is sent.
      const clip = await upload(broken.owner, broken.workspace.id, "clip.mp4", mp4({ durationMs: 5000, width: 720, height: 1280, moovFirst: true }));
      const pic = await upload(broken.owner, broken.workspace.id, "pic.jpg", await photo(600, 600, "jpeg", 30));
      const mixed = await publishNow(env, broken.owner, broken.workspace.id, { body: "Both kinds", variants: [{ channelId: broken.channelId, text: null }], media: [{ assetId: pic, alt: "" }, { assetId: clip, alt: "" }] });
      expect(await deliveryOf(env.t, mixed.postId)).toMatchObject({ status: "awaiting_confirmation" });
      expect(ours(broken.page.id)).toHaveLength(0);
    });
  });
}
