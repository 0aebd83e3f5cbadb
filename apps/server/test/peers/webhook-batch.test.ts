import { beforeEach, describe, expect, it } from "vitest";
import { armDeliveries } from "../../src/features/publishing/publishing.repository.ts";
import { webhookAdapter } from "../../src/features/publishing/adapters/webhook.ts";
import type { Adapter } from "../../src/features/publishing/adapters/types.ts";
import { buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { addChannel, addPost, schedule, testPublisher } from "../helpers/posts.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { useAppWithWebhookPeer } from "../helpers/webhook-peer.ts";

const SECRET = "whsec-batch-0123456789abcdef";

/**
 * The publisher's batch paths against Debian's webhook: a round claims many deliveries with one statement, marks
 * them "publishing" in groups just before sending and records the outcomes in groups (one transaction for what
 * came in and the next group). Whatever the grouping, each post goes out once, each outcome is its own, and a
 * worker that dies between its claim and its sends leaves nothing sent twice.
 */
for (const dialect of DIALECTS) {
  describe(`publishing in batches [${dialect}]`, () => {
    const env = useAppWithWebhookPeer(dialect, SECRET);
    beforeEach(() => {
      env.t.clock.current = new Date("2026-11-26T09:00:00Z");
    });

    async function connected(owner: TestUser, workspaceId: string, hook: "publish" | "busy" | "refuse") {
      const channelId = await addChannel(owner, workspaceId, "instagram");
      const res = await owner.client.post(`/api/workspaces/${workspaceId}/connections`, { kind: "webhook", channelId, config: { url: env.peer.url(hook) }, secret: { signingSecret: SECRET } });
      expect(res.statusCode, res.body).toBe(201);
      return channelId;
    }

    async function due(owner: TestUser, workspaceId: string, channelId: string, count: number, label: string): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const post = await addPost(owner, workspaceId, { body: `${label} ${i}`, variants: [{ channelId, text: null }] });
        await schedule(owner, workspaceId, post.id, "2026-11-26T09:00:30Z");
        ids.push(post.id);
      }
      return ids;
    }

    const deliveriesOf = (postIds: string[]) =>
      env.t.deps.db.selectFrom("deliveries").select(["id", "post_id", "status", "attempts", "remote_id", "next_attempt_at", "error_code", "worker"]).where("post_id", "in", postIds).execute();
    const sentTimes = (deliveryId: string) => env.peer.received().filter(([key]) => key === deliveryId).length;

    it("publishes the others once each when one delivery of a batch fails, and keeps each outcome with its own delivery", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const good = await connected(owner, workspace.id, "publish");
      const busy = await connected(owner, workspace.id, "busy");
      const refusing = await connected(owner, workspace.id, "refuse");
      const fine = await due(owner, workspace.id, good, 11, "Batch post");
      const [retried] = await due(owner, workspace.id, busy, 1, "Busy post");
      const [refused] = await due(owner, workspace.id, refusing, 1, "Refused post");
      env.t.clock.advance(60);
      // Four in flight: the thirteen sends are marked and recorded over several groups.
      const publisher = testPublisher(env.t, { concurrency: 4 });
      expect(await publisher.round()).toBe(13);
      expect(await publisher.round()).toBe(0);

      const rows = await deliveriesOf([...fine, retried!, refused!]);
      for (const d of rows.filter((r) => fine.includes(r.post_id))) {
        expect(d).toMatchObject({ status: "published", attempts: 1, remote_id: `hook-${d.id}` });
        expect(sentTimes(d.id)).toBe(1);
      }
      const busyRow = rows.find((r) => r.post_id === retried)!;
      expect(busyRow).toMatchObject({ status: "scheduled", attempts: 1, remote_id: null });
      expect(Date.parse(busyRow.next_attempt_at!)).toBeGreaterThan(env.t.clock.current.getTime());
      expect(rows.find((r) => r.post_id === refused)).toMatchObject({ status: "failed", remote_id: null });
      expect(new Set(env.peer.received().map(([key]) => key)).size).toBe(env.peer.received().length);
    });

    it("marks each delivery 'publishing' before its request leaves, never more than the sends allowed at once", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const channelId = await connected(owner, workspace.id, "publish");
      const posts = await due(owner, workspace.id, channelId, 12, "Marked post");
      env.t.clock.advance(60);
      const seen: Array<{ status: string; publishing: number }> = [];
      const watching: Adapter = {
        ...webhookAdapter,
        async send(out) {
          const rows = await env.t.deps.db.selectFrom("deliveries").select(["id", "status"]).where("post_id", "in", posts).execute();
          seen.push({ status: rows.find((r) => r.id === out.deliveryId)!.status, publishing: rows.filter((r) => r.status === "publishing").length });
          return webhookAdapter.send(out);
        },
      };
      expect(await testPublisher(env.t, { concurrency: 3, adapters: { webhook: watching } }).round()).toBe(12);
      expect(seen).toHaveLength(12);
      for (const s of seen) {
        expect(s.status).toBe("publishing");
        expect(s.publishing).toBeLessThanOrEqual(3);
      }
      expect((await deliveriesOf(posts)).every((d) => d.status === "published" && sentTimes(d.id) === 1)).toBe(true);
    });

    it("sends each post once when a worker dies between its batch claim and its sends; what it had marked waits for a person", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const channelId = await connected(owner, workspace.id, "publish");
      const posts = await due(owner, workspace.id, channelId, 8, "Orphaned post");
      env.t.clock.advance(60);
      // The dead worker: claimed the batch, marked two for sending, and was killed before any request left.
      const dead = testPublisher(env.t, { workerId: "dead-worker", leaseMs: 5000 });
      const claimed = await dead.claim(env.t.clock.current);
      expect(claimed).toHaveLength(8);
      const marked = await armDeliveries(env.t.deps.db, claimed.slice(0, 2).map((d) => d.id), "dead-worker", env.t.clock.current);
      expect(marked).toHaveLength(2);

      // While its lease holds, nobody else takes them.
      const live = testPublisher(env.t, { workerId: "live-worker" });
      expect(await live.round()).toBe(0);
      env.t.clock.advance(6);
      // The lease ran out: the claimed ones are queued again and sent by the live worker, once each; the two marked
      // may have gone out (a webhook receiver may not deduplicate), so they wait for a person and are not sent.
      await live.round();
      await live.round();
      const rows = await deliveriesOf(posts);
      for (const d of rows) {
        if (marked.includes(d.id)) {
          expect(d).toMatchObject({ status: "needs_attention", error_code: "publish.interrupted" });
          expect(sentTimes(d.id)).toBe(0);
        } else {
          expect(d).toMatchObject({ status: "published", worker: "live-worker" });
          expect(sentTimes(d.id)).toBe(1);
        }
      }
    });
  });
}
