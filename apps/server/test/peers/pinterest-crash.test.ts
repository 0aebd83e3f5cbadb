import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { addPost, schedule } from "../helpers/posts.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { exited, startWorker, waitUntil } from "../helpers/worker-process.ts";
import { signedIn, upload, usePinterest } from "./pinterest-env.ts";

const UPLOAD_HOST = "pinterest-media-upload.s3-accelerate.amazonaws.com";

/**
 * The worker process killed with SIGKILL at each step of a Pin: an image Pin created whose answer never came (the
 * simulator makes the Pin and holds the answer back), a video whose upload was in flight (media registered and
 * recorded, its file not yet taken), and a video uploaded and still processing. A second worker finishes: each Pin
 * is on its board exactly once and its delivery says published with that Pin's id.
 */
for (const dialect of DIALECTS) {
  describe(`Pinterest publishing survives SIGKILL of the worker [${dialect}]`, () => {
    const env = usePinterest(dialect);

    it("publishes each Pin exactly once after a kill at each step", async () => {
      env.t.clock.current = new Date(Date.now() - 120_000);
      env.sim.sim.setNow(Date.now());
      const [a, b, c] = [await signedIn(env), await signedIn(env), await signedIn(env)];
      for (const who of [a, b, c]) await who.owner.client.patch(`/api/workspaces/${who.workspace.id}`, { missedPostMinutes: 10_080 });
      const img = await upload(a.owner, a.workspace.id, "a.jpg", await photo(800, 1200, "jpeg", 20));
      const video = mp4({ durationMs: 6000, width: 1080, height: 1920 });
      const vb = await upload(b.owner, b.workspace.id, "b.mp4", video);
      const vc = await upload(c.owner, c.workspace.id, "c.mp4", video);
      const due = new Date(Date.now() - 60_000).toISOString();
      const plan = async (who: typeof a, body: Record<string, unknown>) => {
        const post = await addPost(who.owner, who.workspace.id, { ...body, variants: [{ channelId: who.channelId, text: null, options: { boardId: who.boards[0]!.id, title: String(body.body) } }] });
        await schedule(who.owner, who.workspace.id, post.id, due);
        return post.id;
      };
      const delivery = (postId: string) => env.t.deps.db.selectFrom("deliveries").selectAll().where("post_id", "=", postId).executeTakeFirstOrThrow();
      const stepsOf = async (postId: string) => JSON.parse((await delivery(postId)).remote_steps ?? "{}") as Record<string, string>;

      const pa = await plan(a, { body: "Crash: answer lost", media: [{ assetId: img, alt: "" }] });
      const pb = await plan(b, { body: "Crash: upload in flight", media: [{ assetId: vb, alt: "" }] });
      const pc = await plan(c, { body: "Crash: video processing", media: [{ assetId: vc, alt: "" }] });
      env.sim.holdCreates(1);
      // B's upload hangs (before the simulator takes the file); C's goes through and then stays "processing".
      const mediaOfUpload = (raw: Buffer) => [...env.sim.state.media.values()].find((m) => raw.includes(Buffer.from(`uploads/${m.id}\r\n`)));
      env.sim.sim.fault({ host: UPLOAD_HOST, method: "POST", path: "/", match: (ctx) => mediaOfUpload(ctx.raw)?.ownerId === b.user.id, delayMs: 20_000 });
      env.sim.state.processingReads = 1e9;

      const first = startWorker(env.t);
      const uploadInFlight = () => env.sim.sim.requestsTo(UPLOAD_HOST).some((r) => r.status === 0);
      await waitUntil(async () => env.sim.pinsOn(a.boards[0]!.id).length === 1 && uploadInFlight() && Boolean((await stepsOf(pc)).uploaded), 90_000);
      first.kill("SIGKILL");
      await exited(first);
      expect((await stepsOf(pa)).posting).toBeTruthy();
      expect((await stepsOf(pa)).pin).toBeUndefined();
      expect((await stepsOf(pb)).media).toBeTruthy();
      expect((await stepsOf(pb)).uploaded).toBeUndefined();
      const cMedia = (await stepsOf(pc)).media!;
      env.sim.release();
      env.sim.state.processingReads = 0;

      const second = startWorker(env.t);
      await waitUntil(async () => {
        for (const id of [pa, pb, pc]) if (!["published", "needs_attention", "failed"].includes((await delivery(id)).status)) return false;
        return true;
      }, 90_000);
      second.kill("SIGTERM");
      await exited(second);

      for (const [who, postId] of [[a, pa], [b, pb], [c, pc]] as const) {
        const d = await delivery(postId);
        expect(d.status, `${postId} ${d.error_code ?? ""}`).toBe("published");
        const pins = env.sim.pinsOn(who.boards[0]!.id);
        expect(pins).toHaveLength(1);
        expect(d.remote_id).toBe(pins[0]!.id);
      }
      // The processing video was polled, never registered again; its Pin uses it.
      const cAll = [...env.sim.state.media.values()].filter((m) => m.ownerId === c.user.id);
      expect(cAll.map((m) => m.id)).toEqual([cMedia]);
      expect(cAll[0]!.usedBy).toBe(env.sim.pinsOn(c.boards[0]!.id)[0]!.id);
    }, 240_000);
  });
}
