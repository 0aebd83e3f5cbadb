import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { addPost, schedule } from "../helpers/posts.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { exited, startWorker, waitUntil } from "../helpers/worker-process.ts";
import { API, connected, deliveryOf, padded, stepsOf, upload, useLinkedIn } from "./linkedin-env.ts";

/**
 * Each step of a LinkedIn send when the worker process is killed with SIGKILL, then a second worker finishes:
 * - an image uploaded and recorded (its status read still on its way): the second worker reuses it;
 * - a video uploaded and recorded, still processing: the second worker polls the same video;
 * - the "posting" marker recorded and the create held before LinkedIn acted: no post there, so it is created once;
 * - the create done at LinkedIn and its answer never received: the page's posts are looked up, the post is found;
 * - the same on a member's own profile, whose posts LinkedIn does not let the app read: "needs attention".
 * Every page ends with exactly one post; no image or video is uploaded twice.
 */
for (const dialect of DIALECTS) {
  describe(`LinkedIn publishing survives SIGKILL of the worker [${dialect}]`, () => {
    const env = useLinkedIn(dialect);

    it("publishes each post exactly once after a kill at each step", async () => {
      // The worker runs on the real clock; the app's is put two minutes back so the posts are scheduled "ahead".
      env.sim.setNow(Date.now());
      env.t.clock.current = new Date(Date.now() - 120_000);
      const image = await connected(env, "organization");
      const video = await connected(env, "organization");
      const before = await connected(env, "organization");
      const after = await connected(env, "organization");
      const member = await connected(env, "member");
      const pic = await upload(image.owner, image.workspace.id, "shop.jpg", await photo(1000, 800, "jpeg", 20));
      const clip = await upload(video.owner, video.workspace.id, "pour.mp4", padded(mp4({ durationMs: 6000, width: 1280, height: 720, moovFirst: true }), 200_000));
      const due = new Date(Date.now() - 60_000).toISOString();
      const plan = async (who: typeof image, body: Record<string, unknown>) => {
        const post = await addPost(who.owner, who.workspace.id, { ...body, variants: [{ channelId: who.channelId, text: null }] });
        await schedule(who.owner, who.workspace.id, post.id, due);
        return post.id;
      };
      // Faults in the order the worker meets them.
      env.sim.fault({ host: API, method: "GET", path: /^\/rest\/images\//, delayMs: 60_000 });
      env.li.control.processingReads = 1_000_000;
      env.li.holdCreates("before", 1, before.author);
      env.li.holdCreates("after", 1, after.author);
      env.li.holdCreates("after", 1, member.author);
      const posts = {
        image: await plan(image, { body: "Crash: image recorded", media: [{ assetId: pic, alt: "The shop" }] }),
        video: await plan(video, { body: "Crash: video processing", media: [{ assetId: clip, alt: "" }] }),
        before: await plan(before, { body: "Crash: held before LinkedIn acted" }),
        after: await plan(after, { body: "Crash: answer lost (page)" }),
        member: await plan(member, { body: "Crash: answer lost (member)" }),
      };
      const createsOf = (author: string) => env.sim.requestsTo(API, "/rest/posts").filter((r) => r.method === "POST" && r.body.toString().includes(author));

      const first = startWorker(env.t);
      await waitUntil(async () =>
        Boolean((await stepsOf(env.t, posts.image)).image0) &&
        Boolean((await stepsOf(env.t, posts.video)).video) &&
        createsOf(before.author).length === 1 &&
        env.li.postsBy(after.author).length === 1 &&
        env.li.postsBy(member.author).length === 1,
      );
      first.kill("SIGKILL");
      await exited(first);
      const recorded = { image: (await stepsOf(env.t, posts.image)).image0!, video: (await stepsOf(env.t, posts.video)).video! };
      expect((await stepsOf(env.t, posts.before)).posting).toBeTruthy();
      env.li.releaseHeld();
      env.li.control.processingReads = 0;

      const second = startWorker(env.t);
      await waitUntil(async () => {
        for (const id of Object.values(posts)) if (!["published", "needs_attention", "failed"].includes((await deliveryOf(env.t, id)).status)) return false;
        return true;
      });
      second.kill("SIGTERM");
      await exited(second);

      for (const who of [image, video, before, after]) {
        expect(env.li.postsBy(who.author), who.author).toHaveLength(1);
      }
      for (const [name, who] of [["image", image], ["video", video], ["before", before], ["after", after]] as const) {
        const d = await deliveryOf(env.t, posts[name]);
        expect(d.status, name).toBe("published");
        expect(d.remote_id).toBe(env.li.postsBy(who.author)[0]!.id);
      }
      // The media recorded before the kill are the ones posted; none was uploaded twice.
      expect(env.li.postsBy(image.author)[0]!.content.media.id).toBe(recorded.image);
      expect(env.li.mediaOf(image.author, "image")).toHaveLength(1);
      expect(env.li.postsBy(video.author)[0]!.content.media.id).toBe(recorded.video);
      expect(env.li.mediaOf(video.author, "video")).toHaveLength(1);
      // Held before LinkedIn acted: created again, once. Answer lost: found by the lookup, never created again.
      expect(createsOf(before.author)).toHaveLength(2);
      expect(createsOf(after.author)).toHaveLength(1);
      // The member's own profile: one post, and a person decides.
      expect(env.li.postsBy(member.author)).toHaveLength(1);
      expect(await deliveryOf(env.t, posts.member)).toMatchObject({ status: "needs_attention", error_code: "publish.outcome_unknown" });
      expect(createsOf(member.author)).toHaveLength(1);
    }, 180_000);
  });
}
