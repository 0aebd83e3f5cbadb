import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { exited, startWorker, waitUntil } from "../helpers/worker-process.ts";
import { ALL_SCOPES, MB, connected, deliveryOf, plan, settings, stepsOf, upload, useTikTok, videoOf } from "./tiktok-env.ts";

const API = "open.tiktokapis.com";
const UPLOAD = "open-upload.tiktokapis.com";

/**
 * The publishing worker killed with SIGKILL at each step of a TikTok post: while the video init is in flight, in
 * the middle of a chunked upload (the publish_id recorded, one chunk of two sent), and while TikTok processes a
 * finished upload — a direct video, an inbox video and a photo post (publish_id recorded, status polled). A second
 * worker finishes: every post is on TikTok exactly once (profile or inbox), its delivery says published.
 */
for (const dialect of DIALECTS) {
  describe(`TikTok publishing survives SIGKILL of the worker [${dialect}]`, () => {
    const env = useTikTok(dialect);

    it("publishes each post exactly once after a kill at each step", async () => {
      // The worker runs on the real clock: both clocks are put there (the app's two minutes back, so posts are "ahead").
      env.t.clock.current = new Date(Date.now() - 120_000);
      env.sim.setNow(Date.now());
      const initHung = await connected(env);
      const midUpload = await connected(env);
      const processing = await connected(env);
      const inbox = await connected(env, {}, ALL_SCOPES.filter((s) => s !== "video.publish"));
      const photos = await connected(env);
      const small = videoOf(256 * 1024);
      const big = videoOf(24 * MB);
      const due = new Date(Date.now() - 60_000).toISOString();
      const ids = {
        initHung: await plan(env, initHung, { text: "Crash: init in flight", media: [await upload(initHung.owner, initHung.workspace.id, "a.mp4", small)], options: settings("PUBLIC_TO_EVERYONE") }, due),
        midUpload: await plan(env, midUpload, { text: "Crash: mid upload", media: [await upload(midUpload.owner, midUpload.workspace.id, "b.mp4", big)], options: settings("PUBLIC_TO_EVERYONE") }, due),
        processing: await plan(env, processing, { text: "Crash: processing", media: [await upload(processing.owner, processing.workspace.id, "c.mp4", small)], options: settings("PUBLIC_TO_EVERYONE") }, due),
        inbox: await plan(env, inbox, { text: "Crash: inbox processing", media: [await upload(inbox.owner, inbox.workspace.id, "d.mp4", small)] }, due),
        photos: await plan(env, photos, { text: "Crash: photos processing", media: [await upload(photos.owner, photos.workspace.id, "e.jpg", await photo(540, 675, "jpeg", 30)), await upload(photos.owner, photos.workspace.id, "f.jpg", await photo(540, 675, "jpeg", 120))], options: settings("SELF_ONLY") }, due),
      };
      const tokenOf = (userId: string) => env.tt.oauth.tokensOf(userId).at(-1)!.access;
      const byUser = (userId: string) => (ctx: { bearer: string | null }) => ctx.bearer === tokenOf(userId);
      // Faults: the init of one post hangs (not yet handled); the second chunk of the big video hangs; every finished
      // upload and pull stays processing until the second worker.
      env.sim.fault({ host: API, method: "POST", path: "/v2/post/publish/video/init/", match: byUser(initHung.user.id), delayMs: 20_000 });
      env.sim.fault({ host: UPLOAD, method: "PUT", path: "/upload/", match: (ctx) => String(ctx.headers["content-range"]).startsWith(`bytes ${10 * MB}-`), delayMs: 20_000 });
      env.tt.state.processingReads = 1_000_000;

      const inFlight = (userId: string) => env.sim.requests.some((r) => r.host === API && r.path === "/v2/post/publish/video/init/" && r.status === 0 && r.headers.authorization === `Bearer ${tokenOf(userId)}`);
      const statusReads = (postId: string) => async () => {
        const id = (await stepsOf(env.t, postId)).publish;
        return !!id && env.sim.requests.some((r) => r.path === "/v2/post/publish/status/fetch/" && r.body.toString().includes(id));
      };
      const first = startWorker(env.t);
      try {
        await waitUntil(async () => inFlight(initHung.user.id) && env.sim.requests.some((r) => r.host === UPLOAD && r.status === 206) && env.sim.requests.some((r) => r.host === UPLOAD && r.status === 0) && (await statusReads(ids.processing)()) && (await statusReads(ids.inbox)()) && (await statusReads(ids.photos)()), 90_000);
      } finally {
        first.kill("SIGKILL");
        await exited(first);
      }
      const recorded = { midUpload: (await stepsOf(env.t, ids.midUpload)).publish!, processing: (await stepsOf(env.t, ids.processing)).publish!, inbox: (await stepsOf(env.t, ids.inbox)).publish!, photos: (await stepsOf(env.t, ids.photos)).publish! };
      expect(Object.values(recorded).every(Boolean)).toBe(true);
      expect((await stepsOf(env.t, ids.initHung)).publish).toBeUndefined();
      // The hung chunk is answered later by the simulator: its upload URL has run out by then (so it is never taken).
      env.tt.state.publishes.get(recorded.midUpload)!.uploadExpiresAt = 0;
      env.tt.state.processingReads = 1;

      const second = startWorker(env.t);
      try {
        await waitUntil(async () => {
          for (const id of Object.values(ids)) if (!["published", "failed", "needs_attention"].includes((await deliveryOf(env.t, id)).status)) return false;
          return true;
        }, 90_000);
      } finally {
        second.kill("SIGTERM");
        await exited(second);
      }

      for (const [name, id] of Object.entries(ids)) expect((await deliveryOf(env.t, id)).status, name).toBe("published");
      // Exactly one post each: on the profile, or (inbox mode) in the inbox.
      for (const c of [initHung, midUpload, processing, photos]) expect(env.tt.postsOf(c.user.id), c.user.id).toHaveLength(1);
      expect(env.tt.postsOf(inbox.user.id)).toHaveLength(0);
      expect(env.tt.inboxOf(inbox.user.id)).toHaveLength(1);
      // Resumed from what was recorded: the processing ones were never made again.
      expect(env.tt.postsOf(processing.user.id)[0]!.publishId).toBe(recorded.processing);
      expect(env.tt.postsOf(photos.user.id)[0]!.publishId).toBe(recorded.photos);
      expect(env.tt.inboxOf(inbox.user.id)[0]!.publishId).toBe(recorded.inbox);
      for (const c of [processing, inbox, photos]) expect(env.tt.publishesOf(c.user.id), c.user.id).toHaveLength(1);
      // The interrupted upload could never publish (its URL ran out): a new one was made.
      const mid = env.tt.publishesOf(midUpload.user.id);
      expect(mid).toHaveLength(2);
      expect(mid.find((p) => p.id === recorded.midUpload)).toMatchObject({ status: "FAILED", failReason: "upload_url_expired" });
      expect(env.tt.postsOf(midUpload.user.id)[0]!.bytes!.equals(big)).toBe(true);
      expect((await deliveryOf(env.t, ids.processing)).remote_id).toBe(env.tt.postsOf(processing.user.id)[0]!.id);
    }, 240_000);
  });
}
