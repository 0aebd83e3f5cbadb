import { describe, expect, it } from "vitest";
import { addPost, schedule } from "../helpers/posts.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { exited, startWorker, waitUntil } from "../helpers/worker-process.ts";
import { connected, useTelegram } from "./telegram-env.ts";

/**
 * The worker killed with SIGKILL while a sendMessage was in flight. The Bot API takes no idempotency key and a bot
 * cannot read its channel, so whether the message went out cannot be known: the delivery needs a person
 * ("needs_attention", publish.outcome_unknown) and nothing is sent again on its own. (Here the message did go out:
 * the simulator ran the request after the worker died — exactly the case a resend would have doubled.)
 */
for (const dialect of DIALECTS) {
  describe(`Telegram publishing after SIGKILL of the worker mid-send [${dialect}]`, () => {
    const env = useTelegram(dialect);

    it("marks an interrupted send as needing attention and never sends it again", async () => {
      env.t.clock.current = new Date(Date.now() - 120_000);
      env.sim.sim.setNow(Date.now());
      const a = await connected(env);
      await a.owner.client.patch(`/api/workspaces/${a.workspace.id}`, { missedPostMinutes: 10_080 });
      const post = await addPost(a.owner, a.workspace.id, { body: "Crash: mid-send", variants: [{ channelId: a.channelId, text: null }] });
      await schedule(a.owner, a.workspace.id, post.id, new Date(Date.now() - 60_000).toISOString());
      // The request reaches Telegram and waits there; the worker dies meanwhile; Telegram then posts it.
      env.sim.sim.fault({ host: "api.telegram.org", method: "POST", path: /\/sendMessage$/, delayMs: 6000 });
      const sendRequests = () => env.sim.sim.requestsTo("api.telegram.org").filter((r) => r.path.endsWith("/sendMessage"));
      const delivery = () => env.t.deps.db.selectFrom("deliveries").selectAll().where("post_id", "=", post.id).executeTakeFirstOrThrow();

      const first = startWorker(env.t);
      await waitUntil(() => sendRequests().some((r) => r.status === 0), 60_000);
      first.kill("SIGKILL");
      await exited(first);
      expect(JSON.parse((await delivery()).remote_steps ?? "{}").sending).toMatch(/ sendMessage$/);

      const second = startWorker(env.t);
      await waitUntil(async () => (await delivery()).status === "needs_attention", 60_000);
      await waitUntil(() => a.chat.messages.length === 1, 30_000);
      second.kill("SIGTERM");
      await exited(second);
      expect(await delivery()).toMatchObject({ status: "needs_attention", error_code: "publish.outcome_unknown" });
      expect(sendRequests()).toHaveLength(1);
      expect(a.chat.messages.map((m) => m.text)).toEqual(["Crash: mid-send"]);
    }, 180_000);
  });
}
