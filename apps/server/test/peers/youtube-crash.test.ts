import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { exited, startWorker, waitUntil } from "../helpers/worker-process.ts";
import { asset, connected, deliveryOf, plan, stepsOf, uploadCalls, useYoutube, video, type Connected } from "./youtube-env.ts";

const MB = 1024 * 1024;

/**
 * YouTube uploads when the worker process is killed with SIGKILL at each step: while the upload session is being
 * started (its answer held back: no session recorded), after the first chunk of a two-chunk upload was stored, after
 * the last byte was stored (the video exists; its answer never came), and while the thumbnail is being set. The
 * simulator does the work and holds each answer; the worker is killed; a second worker finishes. Each post is on its
 * channel exactly once, from the session recorded before the kill where there was one.
 */
for (const dialect of DIALECTS) {
  describe(`YouTube uploads survive SIGKILL of the worker at each step [${dialect}]`, () => {
    const env = useYoutube(dialect);

    it("publishes each video exactly once after a kill at each step", async () => {
      // The worker runs on the real clock: the app's is put two minutes back so the posts are scheduled "ahead", and
      // the simulator's (token lifetimes) is the real time.
      env.t.clock.current = new Date(Date.now() - 120_000);
      env.sim.setNow(Date.now());
      const start = await connected(env);
      const middle = await connected(env);
      const last = await connected(env);
      const thumb = await connected(env);
      const small = video({ width: 1920, height: 1080, durationMs: 240_000 });
      const big = video({ width: 1920, height: 1080, durationMs: 600_000, bytes: 9 * MB });
      const due = new Date(Date.now() - 60_000);
      const post = async (c: Connected, title: string, bytes: Buffer, options?: Record<string, unknown>) => {
        const clip = await asset(c, `${title}.mp4`, bytes);
        return plan(env, c, { title, body: `${title}: body`, media: [{ assetId: clip, alt: "" }] }, options, due);
      };
      const thumbId = await asset(thumb, "thumb.png", await photo(1280, 720, "png"));
      const ids = {
        start: await post(start, "Crash at session start", small),
        middle: await post(middle, "Crash mid-bytes", big),
        last: await post(last, "Crash after the last byte", small),
        thumb: await post(thumb, "Crash while setting the thumbnail", small, { thumbnailAssetId: thumbId }),
      };
      env.google.hold("init", { title: "Crash at session start" });
      env.google.hold("chunk", { title: "Crash mid-bytes" });
      env.google.hold("final", { title: "Crash after the last byte" });
      env.google.hold("thumbnail", { title: "Crash while setting the thumbnail" });

      const first = startWorker(env.t);
      await waitUntil(() => env.google.held().length === 4);
      first.kill("SIGKILL");
      await exited(first);
      const before = { middle: (await stepsOf(env.t, ids.middle)).session, last: (await stepsOf(env.t, ids.last)).session, thumb: await stepsOf(env.t, ids.thumb) };
      expect(await stepsOf(env.t, ids.start)).toEqual({});
      expect(before.middle).toBeTruthy();
      expect(before.last).toBeTruthy();
      expect(before.thumb.video).toBeTruthy();
      expect(before.thumb.thumbnail).toBeUndefined();
      env.google.releaseHeld();

      const second = startWorker(env.t);
      await waitUntil(async () => {
        for (const id of Object.values(ids)) if (!["published", "needs_attention", "failed"].includes((await deliveryOf(env.t, id)).status)) return false;
        return true;
      }, 90_000);
      second.kill("SIGTERM");
      await exited(second);

      for (const [name, id] of Object.entries(ids)) expect((await deliveryOf(env.t, id)).status, name).toBe("published");
      const sessionOf = (uri: string) => new URL(uri).searchParams.get("upload_id");
      for (const [c, id, bytes] of [[start, ids.start, small], [middle, ids.middle, big], [last, ids.last, small], [thumb, ids.thumb, small]] as const) {
        const vids = env.google.videosOf(c.channel.id);
        expect(vids, id).toHaveLength(1);
        expect(vids[0]!.bytes.equals(bytes)).toBe(true);
        expect((await deliveryOf(env.t, id)).remote_id).toBe(vids[0]!.id);
      }
      // Resumed, not restarted: the video came from the session recorded before the kill.
      expect(env.google.videosOf(middle.channel.id)[0]!.sessionId).toBe(sessionOf(before.middle!));
      expect(env.google.videosOf(last.channel.id)[0]!.sessionId).toBe(sessionOf(before.last!));
      expect(env.google.videosOf(thumb.channel.id)[0]!.id).toBe(before.thumb.video);
      expect(env.google.videosOf(thumb.channel.id)[0]!.thumbnail?.contentType).toBe("image/png");
      const starts = (title: string) => uploadCalls(env).filter((r) => r.method === "POST" && r.body.toString().includes(`"title":"${title}"`)).length;
      // The session whose Location never came was left (no bytes, no video) and a new one started; the others once.
      expect(starts("Crash at session start")).toBe(2);
      expect(starts("Crash mid-bytes")).toBe(1);
      expect(starts("Crash after the last byte")).toBe(1);
      expect(starts("Crash while setting the thumbnail")).toBe(1);
      // The mid-bytes upload sent its first chunk once and the rest after asking where the session stood.
      const middlePuts = uploadCalls(env).filter((r) => r.method === "PUT" && r.query.upload_id === sessionOf(before.middle!)).map((r) => String(r.headers["content-range"]));
      expect(middlePuts).toEqual([`bytes 0-${8 * MB - 1}/${9 * MB}`, `bytes */${9 * MB}`, `bytes ${8 * MB}-${9 * MB - 1}/${9 * MB}`]);
    }, 180_000);
  });
}
