import { describe, expect, it } from "vitest";
import type { Ctx } from "../../../../test-peers/sim-kit/index.d.mts";
import type { XStep } from "../../../../test-peers/x/index.mjs";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { exited, startWorker, waitUntil } from "../helpers/worker-process.ts";
import { upload } from "./meta-publish-env.ts";
import { connectedX, createdWith, deliveryOf, plan, stepsOf, useX, type Connected, type XEnv } from "./x-env.ts";

interface Scenario {
  name: string;
  /** The first post's text, then the thread's. */
  texts: string[];
  media?: "image" | "video";
  /** Where the worker is killed: held before the step ran, or after it (its answer never arrives). */
  at: XStep;
  after: boolean;
  /** Which of the post's creates the hold is on (create steps only). */
  text?: string;
}

/**
 * The X adapter when the worker process is killed with SIGKILL at each step: a media upload (image; video initialize,
 * append, finalize, processing), the alt text, and each create of a thread — held before it ran, or performed with
 * its answer lost. Every scenario runs on its own X account; one worker is killed once all have reached their step,
 * and a second worker finishes them: each post is on X exactly once (a thread resumes at the post where it stopped).
 */
const SCENARIOS: Scenario[] = [
  { name: "thread, killed between posts 2 and 3", texts: ["A1 first", "A2 second", "A3 third"], at: "create", after: false, text: "A3 third" },
  { name: "thread, post 2 made and its answer lost", texts: ["B1 first", "B2 second", "B3 third"], at: "create", after: true, text: "B2 second" },
  { name: "text post made and its answer lost", texts: ["C1 only post"], at: "create", after: true, text: "C1 only post" },
  { name: "post killed before its create", texts: ["D1 with a photo"], media: "image", at: "create", after: false, text: "D1 with a photo" },
  { name: "image uploaded and its answer lost", texts: ["E1 photo upload lost"], media: "image", at: "upload", after: true },
  { name: "alt text set and its answer lost", texts: ["F1 alt text lost"], media: "image", at: "metadata", after: true },
  { name: "video initialized and its answer lost", texts: ["G1 video init lost"], media: "video", at: "initialize", after: true },
  { name: "video killed while appending", texts: ["H1 video append"], media: "video", at: "append", after: false },
  { name: "video finalized and its answer lost", texts: ["I1 video finalize lost"], media: "video", at: "finalize", after: true },
  { name: "video killed while X processes it", texts: ["J1 video processing"], media: "video", at: "status", after: false },
];

const byUser = (env: XEnv, c: Connected) => (ctx: Ctx) => env.x.oauth.tokens.get(ctx.bearer ?? "")?.userId === c.user.id;
const createOf = (text: string) => (ctx: Ctx) => (ctx.json() as { text?: string } | undefined)?.text === text;

for (const dialect of DIALECTS) {
  describe(`X publishing survives SIGKILL of the worker at each step [${dialect}]`, () => {
    const env = useX(dialect);

    it("publishes every post and thread exactly once after a kill at each step", async () => {
      // The worker runs on the real clock: both clocks are put on it (the app's two minutes back, so posts are "ahead").
      env.t.clock.current = new Date(Date.now() - 120_000);
      env.sim.setNow(Date.now());
      const pic = await photo(800, 800, "jpeg", 90);
      const clip = mp4({ durationMs: 6000, width: 1280, height: 720 });
      const runs: Array<{ s: Scenario; c: Connected; hold: { release(): void; reached(): boolean }; postId: string }> = [];
      for (const s of SCENARIOS) {
        const c = await connectedX(env);
        await c.owner.client.patch(`/api/workspaces/${c.workspace.id}`, { missedPostMinutes: 10_080 });
        const media = s.media ? [{ assetId: await upload(c.owner, c.workspace.id, s.media === "image" ? "p.jpg" : "v.mp4", s.media === "image" ? pic : clip), alt: s.at === "metadata" ? "Two croissants" : "" }] : [];
        const mine = byUser(env, c);
        const hold = env.x.hang(s.at, { after: s.after, match: (ctx) => mine(ctx) && (!s.text || createOf(s.text)(ctx)) });
        const postId = await plan(env, c, { body: s.texts[0], media }, s.texts.length > 1 ? s.texts.slice(1) : undefined, new Date(Date.now() - 60_000).toISOString());
        runs.push({ s, c, hold, postId });
      }
      env.x.setProcessing({ checks: 1 });

      const first = startWorker(env.t, { APP_URL: env.appUrl });
      await waitUntil(() => runs.every((r) => r.hold.reached()), 90_000);
      const before = new Map<string, Record<string, string>>();
      for (const r of runs) before.set(r.postId, await stepsOf(env.t, r.postId));
      first.kill("SIGKILL");
      await exited(first);
      env.x.releaseAll();

      const second = startWorker(env.t, { APP_URL: env.appUrl });
      await waitUntil(async () => {
        for (const r of runs) if (!["published", "needs_attention", "failed"].includes((await deliveryOf(env.t, r.postId)).status)) return false;
        return true;
      }, 90_000);
      second.kill("SIGTERM");
      await exited(second);

      for (const { s, c, postId } of runs) {
        const d = await deliveryOf(env.t, postId);
        expect(d.status, `${s.name}: ${d.error_code} ${d.error_message}`).toBe("published");
        const posts = env.x.postsOf(c.user.id);
        // Exactly the post (or thread) once, in order, each replying to the one before.
        expect(posts.map((p) => p.sentText), s.name).toEqual(s.texts);
        for (const text of s.texts) expect(createdWith(env, text), `${s.name}: ${text}`).toHaveLength(1);
        expect(posts.map((p) => p.replyTo), s.name).toEqual(posts.map((_p, i) => (i ? posts[i - 1]!.id : null)));
        expect(d.remote_id, s.name).toBe(posts[0]!.id);
        // What was recorded before the kill was kept: a thread's earlier posts were not made again.
        const earlier = before.get(postId)!;
        for (const [k, v] of Object.entries(earlier)) if (k.startsWith("post")) expect(JSON.parse(d.remote_steps!)[k], `${s.name}: ${k}`).toBe(v);
        if (s.media) expect(posts[0]!.mediaIds, s.name).toHaveLength(1);
        if (s.at === "metadata") expect(env.x.media.get(posts[0]!.mediaIds[0]!)!.alt).toBe("Two croissants");
        // A create whose answer was lost was found on the account, not made again.
        if (s.at === "create" && s.after) expect(env.sim.requestsTo("api.x.com", `/2/users/${c.user.id}/tweets`).length, s.name).toBeGreaterThan(0);
        // A video finalized before the kill is polled, not uploaded again.
        if (s.at === "status") expect(posts[0]!.mediaIds[0]).toBe(earlier.upload0);
      }
    }, 240_000);
  });
}
