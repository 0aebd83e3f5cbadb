import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { addPost, schedule } from "../helpers/posts.ts";
import { ALLOW_LOOPBACK, DIALECTS } from "../helpers/test-app.ts";
import { connectedPage, connectedThreads, deliveryOf, publishControl, upload, useMetaPublishing } from "./meta-publish-env.ts";

const WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/worker.ts");

/**
 * The container and publish steps of Facebook Pages and Threads when the worker process is killed with SIGKILL
 * (Instagram's are in instagram.test.ts): a Threads container recorded and still processing, a Threads publish and
 * a Page post whose answers never came (the simulator performs them and holds the answer back), and a several-photo
 * Page post killed after its photos were uploaded. A second worker finishes: each post is on the network exactly
 * once, and its delivery says published with that post's id; nothing is made twice (containers, photos, posts).
 */
for (const dialect of DIALECTS) {
  describe(`Facebook and Threads publishing survive SIGKILL of the worker [${dialect}]`, () => {
    const env = useMetaPublishing(dialect);

    it("publishes each post exactly once after a kill at each step", async () => {
      const control = publishControl(env.sim);
      const page = await connectedPage(env);
      // Two Threads accounts: the simulator's faults apply to an account's next container or publish.
      const threads = await connectedThreads(env);
      const threads2 = await connectedThreads(env);
      for (const who of [page, threads, threads2]) await who.owner.client.patch(`/api/workspaces/${who.workspace.id}`, { missedPostMinutes: 10_080 });
      const pics = await Promise.all([photo(900, 900, "jpeg", 5), photo(900, 900, "jpeg", 70)]);
      const a = await upload(page.owner, page.workspace.id, "a.jpg", pics[0]);
      const b = await upload(page.owner, page.workspace.id, "b.jpg", pics[1]);
      const img = await upload(threads.owner, threads.workspace.id, "c.jpg", pics[0]);

      // The worker runs on the real clock; the app's is put two minutes back so the posts are scheduled "ahead".
      env.t.clock.current = new Date(Date.now() - 120_000);
      env.sim.clock.set(Date.now());
      const due = new Date(Date.now() - 60_000).toISOString();
      const plan = async (who: { owner: typeof page.owner; workspace: { id: string }; channelId: string }, body: Record<string, unknown>) => {
        const post = await addPost(who.owner, who.workspace.id, { ...body, variants: [{ channelId: who.channelId, text: null }] });
        await schedule(who.owner, who.workspace.id, post.id, due);
        return post.id;
      };
      const pageText = await plan(page, { body: "Crash: Page post, answer lost" });
      const pageAlbum = await plan(page, { body: "Crash: Page photos, answer lost", media: [{ assetId: a, alt: "" }, { assetId: b, alt: "" }] });
      const threadsSlow = await plan(threads, { body: "Crash: Threads container recorded", media: [{ assetId: img, alt: "" }] });
      // Faults, in the order the worker meets them: the Page's two posts are performed and their answers held back;
      // the Threads image container stays IN_PROGRESS; the Threads text post's publish is performed and held back.
      control.hangNextPublish({ network: "facebook", accountId: page.page.id, mode: "hang", count: 2 });
      control.slowContainers(100_000, { network: "threads", accountId: threads.user.id });
      const threadsText = await plan(threads2, { body: "Crash: Threads publish, answer lost" });
      control.hangNextPublish({ network: "threads", accountId: threads2.user.id, mode: "hang" });

      const workerEnv = {
        ...process.env,
        DATA_DIR: env.t.config.dataDir,
        ...(env.t.config.databaseUrl ? { DATABASE_URL: env.t.config.databaseUrl } : {}),
        APP_URL: env.appUrl,
        NETWORK_SIMULATOR_URL: env.sim.url,
        LOG_LEVEL: "error",
        ...ALLOW_LOOPBACK,
        PUBLISH_LEASE_MS: "3000",
        PUBLISH_POLL_MS: "500",
      };
      const start = () => spawn(process.execPath, ["--import", "tsx", WORKER], { env: workerEnv, stdio: ["ignore", "ignore", "inherit"] });
      const exited = (child: ChildProcess) => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
      const until = async (what: () => Promise<boolean> | boolean, ms = 60_000) => {
        const deadline = Date.now() + ms;
        while (!(await what())) {
          if (Date.now() > deadline) throw new Error("timed out waiting");
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const performed = (accountId: string) => control.state.publishes.filter((p) => p.accountId === accountId && !p.synthetic);
      const stepsOf = async (postId: string) => JSON.parse((await deliveryOf(env.t, postId)).remote_steps ?? "{}") as Record<string, string>;

      const first = start();
      // Every post reached its step: two Page posts made (answers held), a Threads post made (answer held), a Threads
      // container recorded and processing.
      await until(async () => performed(page.page.id).length === 2 && performed(threads2.user.id).length === 1 && Boolean((await stepsOf(threadsSlow)).container));
      first.kill("SIGKILL");
      await exited(first);
      control.releaseHung();
      const container = (await stepsOf(threadsSlow)).container!;
      const photos = [(await stepsOf(pageAlbum)).photo0, (await stepsOf(pageAlbum)).photo1];
      expect(photos.every(Boolean)).toBe(true);
      control.setPolls(container, 0);

      const second = start();
      const settled = async () => {
        for (const id of [pageText, pageAlbum, threadsSlow, threadsText]) if (!["published", "needs_attention", "failed"].includes((await deliveryOf(env.t, id)).status)) return false;
        return true;
      };
      await until(settled);
      second.kill("SIGTERM");
      await exited(second);

      for (const id of [pageText, pageAlbum, threadsSlow, threadsText]) expect((await deliveryOf(env.t, id)).status, id).toBe("published");
      // The Page: two posts, each once; the album's photos are the ones uploaded before the kill.
      const pagePosts = env.sim.publishedMedia(page.page.id);
      expect(pagePosts.map((m) => m.message).sort()).toEqual(["Crash: Page photos, answer lost", "Crash: Page post, answer lost"]);
      expect(pagePosts.find((m) => m.message === "Crash: Page photos, answer lost")!.children).toEqual(photos);
      expect((await deliveryOf(env.t, pageText)).remote_id).toBe(pagePosts.find((m) => m.message === "Crash: Page post, answer lost")!.id);
      expect(env.sim.state.requests.filter((r) => r.method === "POST" && r.path === `/${page.page.id}/photos`)).toHaveLength(2);
      // Threads: each post once; the slow one from the container recorded before the kill, no other made.
      const slowPosts = env.sim.publishedMedia(threads.user.id);
      expect(slowPosts.map((m) => m.text)).toEqual(["Crash: Threads container recorded"]);
      expect(slowPosts[0]!.containerId).toBe(container);
      expect(control.containers(threads.user.id).map((c) => c.id)).toEqual([container]);
      const textPosts = env.sim.publishedMedia(threads2.user.id);
      expect(textPosts.map((m) => m.text)).toEqual(["Crash: Threads publish, answer lost"]);
      expect((await deliveryOf(env.t, threadsText)).remote_id).toBe(textPosts[0]!.id);
      expect(performed(page.page.id)).toHaveLength(2);
      expect(performed(threads.user.id)).toHaveLength(1);
      expect(performed(threads2.user.id)).toHaveLength(1);
    }, 120_000);
  });
}
