import { describe, expect, it } from "vitest";
import { buildWorkspace } from "../helpers/factories.ts";
import { addChannel, addPost, schedule } from "../helpers/posts.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { exited, startWorker, waitUntil } from "../helpers/worker-process.ts";
import { deliveryOf, googleUser, pick, signIn, useGoogleBusiness } from "./google-business-env.ts";

const INFO = "mybusinessbusinessinformation.googleapis.com";
const V4 = "mybusiness.googleapis.com";

/**
 * Business Profile local posts when the worker process is killed with SIGKILL at each step of a send:
 * - while the location's check is in flight (nothing recorded, nothing made);
 * - after the "posting" marker, with the create on its way but never reaching Google (nothing made);
 * - after the "posting" marker, with the create done at Google and its answer never back.
 * A second worker finishes: each post is on the location exactly once, its delivery published with that post's name.
 */
for (const dialect of DIALECTS) {
  describe(`Business Profile publishing survives SIGKILL of the worker [${dialect}]`, () => {
    const env = useGoogleBusiness(dialect);

    it("publishes each post exactly once after a kill at each step", async () => {
      // The worker runs on the real clock; the app's is put two minutes back so the posts are scheduled "ahead".
      env.t.clock.current = new Date(Date.now() - 120_000);
      env.sim.setNow(Date.now());
      const { owner, workspace } = await buildWorkspace(env.t.app);
      await owner.client.patch(`/api/workspaces/${workspace.id}`, { missedPostMinutes: 10_080 });
      const g = googleUser(env, [{ title: "Check in flight" }, { title: "Create never arrived" }, { title: "Create answer lost" }]);
      const channels: string[] = [];
      for (const loc of g.locations) {
        const channelId = await addChannel(owner, workspace.id, "google_business", { handle: loc.title });
        const pending = await signIn(env, owner, workspace.id, channelId, g.userId);
        await pick(owner, workspace.id, pending.id, loc.id);
        channels.push(channelId);
      }
      const [checkLoc, beforeLoc, afterLoc] = g.locations as [(typeof g.locations)[0], (typeof g.locations)[0], (typeof g.locations)[0]];
      const due = new Date(Date.now() - 60_000).toISOString();
      const plan = async (channelId: string, text: string) => {
        const post = await addPost(owner, workspace.id, { body: text, variants: [{ channelId, text: null }] });
        await schedule(owner, workspace.id, post.id, due);
        return post.id;
      };
      const checkPost = await plan(channels[0]!, "Crash: location check in flight");
      const beforePost = await plan(channels[1]!, "Crash: create never arrived");
      const afterPost = await plan(channels[2]!, "Crash: create answer lost");
      // The check of the first location hangs (its answer comes after the kill, to no one); the second location's
      // create is held before Google makes the post, the third's after.
      env.sim.fault({ host: INFO, method: "GET", path: `/v1/${checkLoc.name}`, delayMs: 120_000 });
      env.gbp.hangNextCreate({ mode: "before", location: beforeLoc.name });
      env.gbp.hangNextCreate({ mode: "after", location: afterLoc.name });

      const start = () => startWorker(env.t);
      const until = waitUntil;
      const stepsOf = async (postId: string) => JSON.parse((await deliveryOf(env.t, postId)).remote_steps ?? "{}") as Record<string, string>;
      const checking = () => env.sim.requestsTo(INFO, `/v1/${checkLoc.name}`).some((r) => r.status === 0);

      const first = start();
      await until(async () => env.gbp.hung() === 2 && checking() && Boolean((await stepsOf(beforePost)).posting) && Boolean((await stepsOf(afterPost)).posting));
      first.kill("SIGKILL");
      await exited(first);
      // What was on its way: the held-before create never reaches Google; the held-after one was made already.
      env.gbp.releaseHung({ abandonBefore: true });
      expect(await stepsOf(checkPost)).toEqual({});
      expect(env.gbp.postsOf(beforeLoc.name)).toHaveLength(0);
      expect(env.gbp.postsOf(afterLoc.name)).toHaveLength(1);

      const second = start();
      const settled = async () => {
        for (const id of [checkPost, beforePost, afterPost]) if (!["published", "needs_attention", "failed"].includes((await deliveryOf(env.t, id)).status)) return false;
        return true;
      };
      await until(settled);
      second.kill("SIGTERM");
      await exited(second);

      for (const [postId, loc, text] of [
        [checkPost, checkLoc, "Crash: location check in flight"],
        [beforePost, beforeLoc, "Crash: create never arrived"],
        [afterPost, afterLoc, "Crash: create answer lost"],
      ] as const) {
        const d = await deliveryOf(env.t, postId);
        expect(d.status, `${text}: ${d.error_message ?? ""}`).toBe("published");
        const posts = env.gbp.postsOf(loc.name);
        expect(posts.map((p) => p.summary)).toEqual([text]);
        expect(d.remote_id).toBe(posts[0]!.name);
      }
      // The lost answer was found by listing the location's posts, not by creating again.
      const createsAfter = env.sim.requestsTo(V4, `/v4/${g.account.name}/${afterLoc.name}/localPosts`).filter((r) => r.method === "POST");
      expect(createsAfter).toHaveLength(1);
      expect(env.sim.requestsTo(V4, `/v4/${g.account.name}/${afterLoc.name}/localPosts`).some((r) => r.method === "GET")).toBe(true);
    }, 120_000);
  });
}
