import fs from "node:fs";
import path from "node:path";
import type { Notification, Post } from "@socialplan/schema";
import pg from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import { buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "../helpers/posts.ts";
import { freePort } from "../helpers/process.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { useAppWithWebhookPeer } from "../helpers/webhook-peer.ts";

const SECRET = "whsec-0123456789abcdef-socialplan";

for (const dialect of DIALECTS) {
  describe(`publishing to a webhook (Debian's webhook) [${dialect}]`, () => {
    const logLines: string[] = [];
    const env = useAppWithWebhookPeer(dialect, SECRET, { logLines });
    beforeEach(() => {
      env.t.clock.current = new Date("2026-11-26T09:00:00Z");
    });

    async function connected(owner: TestUser, workspaceId: string, url: string, secret = SECRET) {
      const channelId = await addChannel(owner, workspaceId, "instagram");
      const res = await owner.client.post(`/api/workspaces/${workspaceId}/connections`, { kind: "webhook", channelId, config: { url }, secret: { signingSecret: secret } });
      expect(res.statusCode, res.body).toBe(201);
      return { channelId, connectionId: res.json().connections.find((c: { channelId: string }) => c.channelId === channelId).id as string };
    }

    async function due(owner: TestUser, workspaceId: string, channelId: string, body: string): Promise<Post> {
      const post = await addPost(owner, workspaceId, { body, variants: [{ channelId, text: null }], link: "https://candle.example/w" });
      await schedule(owner, workspaceId, post.id, "2026-11-26T09:00:30Z");
      return post;
    }

    it("delivers each post once, signed, with its delivery id as Idempotency-Key, and keeps the secret sealed", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const { channelId } = await connected(owner, workspace.id, env.peer.url("publish"));
      const a = await due(owner, workspace.id, channelId, "First candle post");
      const b = await due(owner, workspace.id, channelId, "둘째 캔들 게시물");
      env.t.clock.advance(60);
      const publisher = testPublisher(env.t);
      expect(await publisher.round()).toBe(2);
      expect(await publisher.round()).toBe(0);
      const [pa, pb] = [await readPost(owner, workspace.id, a.id), await readPost(owner, workspace.id, b.id)];
      expect(pa).toMatchObject({ status: "published", deliveries: [{ mode: "auto", status: "published", remoteId: `hook-${pa.deliveries[0]!.id}` }] });
      expect(pb.status).toBe("published");
      const got = env.peer.received().filter(([key]) => key === pa.deliveries[0]!.id || key === pb.deliveries[0]!.id);
      expect(got.map(([, text]) => text).sort()).toEqual([
        "First candle post\n\nhttps://candle.example/w?utm_source=instagram&utm_medium=social",
        "둘째 캔들 게시물\n\nhttps://candle.example/w?utm_source=instagram&utm_medium=social",
      ]);

      // The signing secret is not in the database in plain text.
      if (dialect === "sqlite") {
        const files = fs.readdirSync(env.t.config.dataDir).filter((f) => f.startsWith("socialplan.db"));
        expect(files.length).toBeGreaterThan(0);
        for (const f of files) expect(fs.readFileSync(path.join(env.t.config.dataDir, f)).includes(Buffer.from(SECRET))).toBe(false);
      } else {
        const client = new pg.Client({ connectionString: env.t.config.databaseUrl });
        await client.connect();
        const dump = await client.query("SELECT c::text AS row FROM connections c");
        await client.end();
        expect(dump.rows.length).toBeGreaterThan(0);
        for (const r of dump.rows) expect(r.row).not.toContain(SECRET);
      }
      // …nor in what the API shows.
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/connections`)).body).not.toContain(SECRET);
    });

    it("pauses the channel when the receiver withdraws access (401), alerts the owner, and resumes when told", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const { channelId, connectionId } = await connected(owner, workspace.id, env.peer.url("publish"));
      const post = await due(owner, workspace.id, channelId, "Waits for the account");
      env.t.clock.advance(60);
      const publisher = testPublisher(env.t);
      await env.peer.revoke();
      await publisher.round();
      await env.peer.restore();
      let now = await readPost(owner, workspace.id, post.id);
      expect(now.deliveries[0]).toMatchObject({ status: "scheduled", error: { code: "publish.auth" } });
      const connection = (await owner.client.get(`/api/workspaces/${workspace.id}/connections`)).json().connections[0];
      expect(connection).toMatchObject({ status: "paused", statusReason: expect.stringContaining("401") });
      const bell = (await owner.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>();
      expect(bell.filter((n) => n.kind === "account_paused")).toHaveLength(1);
      // Paused: later rounds leave it alone.
      env.t.clock.advance(600);
      expect(await publisher.round()).toBe(0);
      expect(env.peer.received().some(([key]) => key === now.deliveries[0]!.id)).toBe(false);

      // New credentials must be of the connection's kind; then (or with "resume") the queue goes on.
      const wrong = await owner.client.put(`/api/workspaces/${workspace.id}/connections/${connectionId}/secret`, { secret: { appPassword: "x" } });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.fields[0].field).toBe("secret.signingSecret");
      const fixed = await owner.client.post(`/api/workspaces/${workspace.id}/connections/${connectionId}/resume`);
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json().connections[0].status).toBe("active");
      await publisher.round();
      now = await readPost(owner, workspace.id, post.id);
      expect(now.status).toBe("published");
      expect(env.peer.received().filter(([key]) => key === now.deliveries[0]!.id)).toHaveLength(1);
    });

    it("does not resend when the outcome is unknown (a 500 after receiving): a person decides", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const { channelId } = await connected(owner, workspace.id, env.peer.url("broken"));
      const post = await due(owner, workspace.id, channelId, "Maybe out, maybe not");
      env.t.clock.advance(60);
      const publisher = testPublisher(env.t);
      await publisher.round();
      const now = await readPost(owner, workspace.id, post.id);
      expect(now).toMatchObject({ status: "needs_attention", deliveries: [{ status: "needs_attention", attempts: 1, error: { code: "publish.server_error" } }] });
      env.t.clock.advance(3600);
      expect(await publisher.round()).toBe(0);
      const bell = (await owner.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>();
      expect(bell.some((n) => n.kind === "post_attention" && n.postId === post.id)).toBe(true);
    });

    it("retries after 429 with backoff, and fails a rejected post with its status (the receiver's reason in the log only)", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const busy = await connected(owner, workspace.id, env.peer.url("busy"));
      const refuse = await connected(owner, workspace.id, env.peer.url("refuse"));
      const later = await due(owner, workspace.id, busy.channelId, "Try me later");
      const no = await due(owner, workspace.id, refuse.channelId, "Not like this");
      env.t.clock.advance(60);
      const publisher = testPublisher(env.t);
      await publisher.round();
      const waiting = await readPost(owner, workspace.id, later.id);
      expect(waiting.deliveries[0]).toMatchObject({ status: "scheduled", attempts: 1, error: { code: "publish.rate_limited" } });
      const wait = Date.parse(waiting.deliveries[0]!.nextAttemptAt!) - env.t.clock.now().getTime();
      expect(wait).toBeGreaterThanOrEqual(24_000);
      expect(wait).toBeLessThanOrEqual(36_000);
      expect(await publisher.round()).toBe(0); // not before its time
      env.t.clock.advance(40);
      expect(await publisher.round()).toBe(1);
      expect((await readPost(owner, workspace.id, later.id)).deliveries[0]!.attempts).toBe(2);

      const failed = await readPost(owner, workspace.id, no.id);
      expect(failed).toMatchObject({ status: "failed", deliveries: [{ status: "failed", error: { code: "publish.rejected", message: "HTTP 422" } }] });
      // A remote answer is never shown to people (it could be a page from inside the network); the log keeps it.
      expect(logLines.some((l) => l.includes("publish.failed") && l.includes("text not accepted"))).toBe(true);
    });

    it("retries when the receiver cannot be reached at all", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const closed = await freePort();
      const { channelId } = await connected(owner, workspace.id, `http://127.0.0.1:${closed}/hooks/publish`);
      const post = await due(owner, workspace.id, channelId, "Nobody home");
      env.t.clock.advance(60);
      await testPublisher(env.t).round();
      expect((await readPost(owner, workspace.id, post.id)).deliveries[0]).toMatchObject({ status: "scheduled", error: { code: "publish.unreachable" } });
    });

    it("hands a send interrupted by a dead worker to a person instead of sending it again", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const { channelId } = await connected(owner, workspace.id, env.peer.url("publish"));
      const post = await due(owner, workspace.id, channelId, "Interrupted");
      env.t.clock.advance(60);
      const quiet = await due(owner, workspace.id, channelId, "Claimed, never sent");
      // A worker claims both, marks the first as being sent, and dies before recording anything.
      const dead = testPublisher(env.t, { workerId: "dead", leaseMs: 60_000 });
      const claimed = await dead.claim(env.t.clock.now());
      expect(claimed.map((d) => d.post_id).sort()).toEqual([post.id, quiet.id].sort());
      await env.t.deps.db.updateTable("deliveries").set({ status: "publishing" }).where("post_id", "=", post.id).execute();
      const alive = testPublisher(env.t, { workerId: "alive" });
      expect(await alive.round()).toBe(0); // the lease still holds
      env.t.clock.advance(61);
      await alive.round();
      const now = await readPost(owner, workspace.id, post.id);
      expect(now.deliveries[0]).toMatchObject({ status: "needs_attention", error: { code: "publish.interrupted" } });
      // The one never sent simply went back to the queue and out.
      const other = await readPost(owner, workspace.id, quiet.id);
      expect(other.status).toBe("published");
      expect(env.peer.received().filter(([key]) => key === other.deliveries[0]!.id)).toHaveLength(1);
      expect(env.peer.received().some(([key]) => key === now.deliveries[0]!.id)).toBe(false);
      // The person checks and sends it again: it goes out once, with the same key.
      await owner.client.post(`/api/workspaces/${workspace.id}/posts/${post.id}/deliveries/${now.deliveries[0]!.id}/resolve`, { action: "retry" });
      await alive.round();
      expect(env.peer.received().filter(([key]) => key === now.deliveries[0]!.id)).toHaveLength(1);
    });
  });
}
