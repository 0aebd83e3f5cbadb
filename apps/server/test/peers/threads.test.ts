import { describe, expect, it } from "vitest";
import { threadsLength } from "../../src/features/publishing/adapters/threads.ts";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { connectedThreads, deliveryOf, loseFile, publishControl, publishNow, retryNow, upload, useMetaPublishing } from "./meta-publish-env.ts";

/**
 * Threads against the Meta simulator (test-peers/meta, built from the Threads API documentation): each format through
 * the container flow, the publishing quota, failures, and a publish whose answer never came — once, never twice.
 */
for (const dialect of DIALECTS) {
  describe(`publishing to Threads (the Meta simulator) [${dialect}]`, () => {
    const env = useMetaPublishing(dialect);
    const ours = (userId: string) => env.sim.publishedMedia(userId).filter((m) => m.appId !== null && !m.parentId);

    it("counts text as Threads does: an emoji is its UTF-8 bytes", () => {
      expect(threadsLength("candle")).toBe(6);
      expect(threadsLength("🕯️")).toBe(7);
      expect(threadsLength("촛불")).toBe(2);
    });

    it("publishes text, an image with alt text, a video and a mixed carousel, each once, reads the quota and replies with the first comment", async () => {
      const { owner, workspace, channelId, connectionId, user } = await connectedThreads(env);
      const ws = workspace.id;
      const text = await publishNow(env, owner, ws, { body: "Open late on Friday https://candle.example/hours", variants: [{ channelId, text: null }] });
      const img = await upload(owner, ws, "shop.jpg", await photo(1080, 1350));
      const image = await publishNow(env, owner, ws, { body: "The shop this morning", variants: [{ channelId, text: null }], media: [{ assetId: img, alt: "Shelves of amber candles" }] });
      const clip = await upload(owner, ws, "pour.mp4", mp4({ durationMs: 12_000, width: 720, height: 1280, moovFirst: true }));
      const video = await publishNow(env, owner, ws, { body: "Pouring the wax", variants: [{ channelId, text: null }], media: [{ assetId: clip, alt: "Wax poured into jars" }] });
      const png = await upload(owner, ws, "label.png", await photo(900, 900, "png", 60));
      const carousel = await publishNow(env, owner, ws, {
        body: "Three ways to light it",
        variants: [{ channelId, text: null, firstComment: "Which one is yours?" }],
        media: [{ assetId: img, alt: "Amber" }, { assetId: png, alt: "Label" }, { assetId: clip, alt: "Video" }],
      });

      for (const p of [text, image, video, carousel]) {
        const d = (await p.read()).deliveries[0]!;
        expect(d.status, JSON.stringify(d)).toBe("published");
        expect(d.permalink).toMatch(/^https:\/\/www\.threads\.(net|com)\/@/);
      }
      const posts = ours(user.id);
      expect(posts).toHaveLength(4);
      const byText = (t: string) => posts.filter((m) => (m.text ?? "").startsWith(t));
      expect(byText("Open late on Friday")).toEqual([expect.objectContaining({ media_type: "TEXT_POST" })]);
      expect(byText("The shop this morning")).toEqual([expect.objectContaining({ media_type: "IMAGE", altText: "Shelves of amber candles" })]);
      expect(byText("Pouring the wax")).toEqual([expect.objectContaining({ media_type: "VIDEO", altText: "Wax poured into jars" })]);
      const album = byText("Three ways to light it");
      expect(album).toEqual([expect.objectContaining({ media_type: "CAROUSEL_ALBUM" })]);
      expect(album[0]!.children).toHaveLength(3);
      expect(album[0]!.comments.map((c) => c.text)).toEqual(["Which one is yours?"]);
      expect((await carousel.read()).deliveries[0]!.remoteId).toBe(album[0]!.id);
      // The quota was read before sending and kept on the connection.
      const conn = await env.t.deps.db.selectFrom("connections").select("quota").where("id", "=", connectionId).executeTakeFirstOrThrow();
      expect(JSON.parse(conn.quota!)).toMatchObject({ used: 3, limit: 250, windowHours: 24 });
    });

    it("waits for a slow container, makes a new one when it EXPIRED, and fails an ERROR container or media it cannot fetch", async () => {
      const { owner, workspace, channelId, user } = await connectedThreads(env);
      const control = publishControl(env.sim);
      const clip = await upload(owner, workspace.id, "slow.mp4", mp4({ durationMs: 6000, width: 720, height: 1280, moovFirst: true }));
      control.slowContainers(2, { network: "threads", accountId: user.id });
      const slow = await publishNow(env, owner, workspace.id, { body: "Slow video", variants: [{ channelId, text: null }], media: [{ assetId: clip, alt: "" }] });
      expect((await deliveryOf(env.t, slow.postId)).status).toBe("published");

      // A container made, then left for more than a day (the attempt ran out of time): a new one is made.
      control.slowContainers(100, { network: "threads", accountId: user.id });
      const late = await publishNow(env, owner, workspace.id, { body: "Made yesterday", variants: [{ channelId, text: null }] });
      const first = JSON.parse((await deliveryOf(env.t, late.postId)).remote_steps ?? "{}") as Record<string, string>;
      expect(first.container).toBeDefined();
      expect((await deliveryOf(env.t, late.postId)).status).toBe("scheduled");
      env.sim.clock.set(env.t.clock.now().getTime() + 25 * 3600_000);
      env.t.clock.advance(25 * 3600);
      await retryNow(env, late.postId);
      const d = await deliveryOf(env.t, late.postId);
      expect(d.status).toBe("published");
      expect(JSON.parse(d.remote_steps!).container).not.toBe(first.container);
      expect(control.statusOf(first.container!)).toBe("EXPIRED");
      expect(ours(user.id).filter((m) => m.text === "Made yesterday")).toHaveLength(1);

      control.failNextContainer({ network: "threads", accountId: user.id }, { errorMessage: "INVALID_DURATION" });
      const bad = await publishNow(env, owner, workspace.id, { body: "Broken video", variants: [{ channelId, text: null }], media: [{ assetId: clip, alt: "" }] });
      expect(await deliveryOf(env.t, bad.postId)).toMatchObject({ status: "failed", error_code: "publish.media_rejected" });

      const gone = await upload(owner, workspace.id, "gone.mp4", mp4({ durationMs: 4000, width: 720, height: 1280, moovFirst: true }));
      await loseFile(env.t, workspace.id, gone);
      const unreachable = await publishNow(env, owner, workspace.id, { body: "Out of reach", variants: [{ channelId, text: null }], media: [{ assetId: gone, alt: "" }] });
      expect(await deliveryOf(env.t, unreachable.postId)).toMatchObject({ status: "failed", error_code: "publish.media_unreachable" });
      expect(ours(user.id).filter((m) => ["Broken video", "Out of reach"].includes(m.text ?? ""))).toHaveLength(0);
    });

    it("finds the post when threads_publish's answer never came, publishes a container that was not, and asks a person when the post cannot be found", async () => {
      const { owner, workspace, channelId, user } = await connectedThreads(env);
      publishControl(env.sim).hangNextPublish({ network: "threads", accountId: user.id });
      const lost = await publishNow(env, owner, workspace.id, { body: "Answer lost on the way", variants: [{ channelId, text: null }] });
      expect((await deliveryOf(env.t, lost.postId)).status).toBe("scheduled");
      await retryNow(env, lost.postId);
      const d = await deliveryOf(env.t, lost.postId);
      expect(d.status).toBe("published");
      const found = ours(user.id).filter((m) => m.text === "Answer lost on the way");
      expect(found).toHaveLength(1);
      expect(d.remote_id).toBe(found[0]!.id);

      env.sim.faults.failNext({ method: "POST", host: "threads", path: `/${user.id}/threads_publish` }, { status: 500, code: 2, message: "An unexpected error has occurred. Please retry your request later.", isTransient: true });
      const failed = await publishNow(env, owner, workspace.id, { body: "Not published the first time", variants: [{ channelId, text: null }] });
      expect((await deliveryOf(env.t, failed.postId)).status).toBe("scheduled");
      await retryNow(env, failed.postId);
      expect((await deliveryOf(env.t, failed.postId)).status).toBe("published");
      expect(ours(user.id).filter((m) => m.text === "Not published the first time")).toHaveLength(1);

      // Published (the container says so) but not in the account's list: which post it is cannot be known, so a person
      // decides and nothing is sent again.
      publishControl(env.sim).hangNextPublish({ network: "threads", accountId: user.id });
      const unseen = await publishNow(env, owner, workspace.id, { body: "Published but not listed", variants: [{ channelId, text: null }] });
      ours(user.id).find((m) => m.text === "Published but not listed")!.deleted = true;
      await retryNow(env, unseen.postId);
      expect(await deliveryOf(env.t, unseen.postId)).toMatchObject({ status: "needs_attention", error_code: "publish.outcome_unknown" });
      expect(publishControl(env.sim).state.publishes.filter((x) => x.accountId === user.id && !x.synthetic)).toHaveLength(3);
    });

    it("waits when the day's quota is used, pauses on an expired token, fails without the permission, holds on a rate limit", async () => {
      const full = await connectedThreads(env);
      publishControl(env.sim).useQuota(full.user.id, 250);
      const p = await publishNow(env, full.owner, full.workspace.id, { body: "Over the quota", variants: [{ channelId: full.channelId, text: null }] });
      expect(await deliveryOf(env.t, p.postId)).toMatchObject({ status: "scheduled", error_code: "publish.quota_exceeded" });
      const conn = await env.t.deps.db.selectFrom("connections").select(["quota", "hold_until"]).where("id", "=", full.connectionId).executeTakeFirstOrThrow();
      expect(JSON.parse(conn.quota!)).toMatchObject({ used: 250, limit: 250 });
      expect(conn.hold_until).not.toBeNull();
      expect(env.sim.state.requests.filter((r) => r.path === `/${full.user.id}/threads` && r.method === "POST")).toHaveLength(0);

      const expired = await connectedThreads(env);
      env.sim.faults.expireToken(expired.token);
      const q = await publishNow(env, expired.owner, expired.workspace.id, { body: "Never out", variants: [{ channelId: expired.channelId, text: null }] });
      expect(await deliveryOf(env.t, q.postId)).toMatchObject({ status: "scheduled", error_code: "publish.auth" });
      expect((await env.t.deps.db.selectFrom("connections").select("status").where("id", "=", expired.connectionId).executeTakeFirstOrThrow()).status).toBe("paused");

      const dropped = await connectedThreads(env);
      env.sim.faults.dropPermission({ appId: dropped.app.id, userId: dropped.user.id }, "threads_content_publish");
      const r = await publishNow(env, dropped.owner, dropped.workspace.id, { body: "No permission", variants: [{ channelId: dropped.channelId, text: null }] });
      expect(await deliveryOf(env.t, r.postId)).toMatchObject({ status: "failed", error_code: "publish.permission_missing" });

      // Without the replies permission the post still goes out; only its first comment does not.
      const noReplies = await connectedThreads(env);
      env.sim.faults.dropPermission({ appId: noReplies.app.id, userId: noReplies.user.id }, "threads_manage_replies");
      const withComment = await publishNow(env, noReplies.owner, noReplies.workspace.id, { body: "Comment not allowed", variants: [{ channelId: noReplies.channelId, text: null, firstComment: "First!" }] });
      expect((await deliveryOf(env.t, withComment.postId)).status).toBe("published");
      expect(ours(noReplies.user.id)).toEqual([expect.objectContaining({ text: "Comment not allowed", comments: [] })]);

      const limited = await connectedThreads(env);
      env.sim.faults.rateLimit({ accountId: limited.user.id }, { code: 4, minutes: 20 });
      const s = await publishNow(env, limited.owner, limited.workspace.id, { body: "Too many calls", variants: [{ channelId: limited.channelId, text: null }] });
      expect(await deliveryOf(env.t, s.postId)).toMatchObject({ status: "scheduled", error_code: "publish.rate_limited" });
      const held = await env.t.deps.db.selectFrom("connections").select("hold_until").where("id", "=", limited.connectionId).executeTakeFirstOrThrow();
      expect(Date.parse(held.hold_until!)).toBeGreaterThan(env.t.clock.now().getTime());
      env.sim.faults.clearRateLimit();
    });

    it("refuses, before sending, a text over Threads' own count", async () => {
      const { owner, workspace, channelId, user } = await connectedThreads(env);
      // 80 candles are 80 graphemes for the shared rules, 560 for Threads.
      const p = await publishNow(env, owner, workspace.id, { body: "🕯️".repeat(80), variants: [{ channelId, text: null }] });
      expect(await deliveryOf(env.t, p.postId)).toMatchObject({ status: "failed", error_code: "publish.breaks_rules" });
      expect(env.sim.state.requests.filter((r) => r.method === "POST" || r.path.endsWith("/threads_publishing_limit")).filter((r) => r.path.startsWith(`/${user.id}/`))).toHaveLength(0);
    });
  });
}
