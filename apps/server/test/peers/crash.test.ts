import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildWorkspace } from "../helpers/factories.ts";
import { addChannel } from "../helpers/posts.ts";
import { ALLOW_LOOPBACK, DIALECTS, type TestApp } from "../helpers/test-app.ts";
import { useAppWithWebhookPeer } from "../helpers/webhook-peer.ts";

const WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/worker.ts");
const SECRET = "crash-test-signing-secret-0123456789";
const POSTS = 1000;
const KILLS = 6;

/**
 * The reliability test of the publishing engine: 1,000 due posts to a real webhook receiver while the worker
 * process is killed with SIGKILL at random moments and started again. At the receiver each idempotency key arrives
 * at most once; every post ends published (and was received) or needs attention (its outcome unknown); none is lost.
 */
/**
 * "date,time" (the workspace's Asia/Seoul) of a minute ago on the real clock, which the worker runs on; the test
 * clock is put two minutes back, so the import takes the posts as planned ahead and the worker finds them due.
 */
/** Posts for the two workers: five claims of 200, so that the second worker's 100 ms look finds some left. */
const TWO_POSTS = 1000;

function dueNow(t: TestApp): string {
  t.clock.current = new Date(Date.now() - 120_000);
  const parts = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Seoul", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(Date.now() - 60_000));
  return parts.replace(" ", ",");
}

for (const dialect of DIALECTS) {
  describe(`publishing survives SIGKILL of its worker [${dialect}]`, () => {
    const env = useAppWithWebhookPeer(dialect, SECRET);

    it(`delivers ${POSTS} posts exactly once per key across ${KILLS} kills, and marks the unknown ones`, async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      // The worker runs on the real clock, hours after the test clock: late posts must still go out on their own.
      await owner.client.patch(`/api/workspaces/${workspace.id}`, { missedPostMinutes: 10_080 });
      const channelId = await addChannel(owner, workspace.id, "instagram");
      const conn = await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "webhook", channelId, config: { url: env.peer.url("publish") }, secret: { signingSecret: SECRET } });
      expect(conn.statusCode, conn.body).toBe(201);
      const due = dueNow(env.t);
      const csv = Array.from({ length: POSTS }, (_, i) => `${due},instagram,Crash test post ${i}`).join("\n");
      const imported = await owner.client.post(`/api/workspaces/${workspace.id}/posts/import`, { csv: `date,time,channel,text\n${csv}`, preset: "socialplan", dateFormat: "YYYY-MM-DD", channelIds: [], dryRun: false });
      expect(imported.json().imported).toBe(POSTS);

      const workerEnv = {
        ...process.env,
        DATA_DIR: env.t.config.dataDir,
        ...(env.t.config.databaseUrl ? { DATABASE_URL: env.t.config.databaseUrl } : {}),
        LOG_LEVEL: "error",
        ...ALLOW_LOOPBACK,
        PUBLISH_LEASE_MS: "3000",
        PUBLISH_POLL_MS: "1000",
      };
      const start = () => spawn(process.execPath, ["--import", "tsx", WORKER], { env: workerEnv, stdio: ["ignore", "ignore", "inherit"] });
      const exited = (child: ChildProcess) => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));
      const received = () => env.peer.received().filter(([, text]) => text.startsWith("Crash test post")).length;
      let kills = 0;
      for (let i = 0; i < KILLS; i++) {
        const worker = start();
        // Let it get going (start-up takes about a second), then kill it while it sends.
        const before = received();
        const deadline = Date.now() + 20_000;
        while (received() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, Math.random() * 150));
        worker.kill("SIGKILL");
        await exited(worker);
        kills += 1;
        if (received() >= POSTS) break;
      }
      expect(kills).toBeGreaterThanOrEqual(2);

      // A last worker finishes the queue (and takes back the dead workers' claims once their leases run out).
      const last = start();
      const settled = async () => {
        const rows = await env.t.deps.db.selectFrom("deliveries").select(["status"]).where("workspace_id", "=", workspace.id).execute();
        return rows.every((r) => r.status === "published" || r.status === "needs_attention");
      };
      const deadline = Date.now() + 90_000;
      while (!(await settled()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      last.kill("SIGTERM");
      await exited(last);

      const deliveries = await env.t.deps.db.selectFrom("deliveries").select(["id", "status"]).where("workspace_id", "=", workspace.id).execute();
      expect(deliveries).toHaveLength(POSTS);
      const counts = new Map<string, number>();
      for (const [key] of env.peer.received()) counts.set(key, (counts.get(key) ?? 0) + 1);
      const twice = [...counts.entries()].filter(([, n]) => n > 1);
      expect(twice).toEqual([]);
      const byStatus = { published: 0, needs_attention: 0 } as Record<string, number>;
      for (const d of deliveries) {
        byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
        // Published means the receiver has it; nothing is left scheduled or half-sent.
        if (d.status === "published") expect(counts.get(d.id)).toBe(1);
        else expect(d.status).toBe("needs_attention");
      }
      // Only sends cut off by a kill can be unknown: the publisher keeps at most 64 deliveries "publishing" at once
      // (its concurrency: sent or being sent, outcome not yet written; outcomes and the next marks share one commit).
      expect(byStatus.needs_attention).toBeLessThanOrEqual(kills * 64);
      console.log(`crash test [${dialect}]: ${kills} kills, ${byStatus.published} published, ${byStatus.needs_attention} need attention, ${counts.size} keys at the receiver, none twice`);
    }, 240_000);

    it("runs two workers side by side on one database without publishing anything twice", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      await owner.client.patch(`/api/workspaces/${workspace.id}`, { missedPostMinutes: 10_080 });
      const channelId = await addChannel(owner, workspace.id, "instagram");
      await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "webhook", channelId, config: { url: env.peer.url("publish") }, secret: { signingSecret: SECRET } });
      // Both workers running and looking every 100 ms before the posts come in: started one after the other with
      // the posts already due, the first could publish them all before the second had started (a loaded machine).
      const workerEnv = { ...process.env, DATA_DIR: env.t.config.dataDir, ...(env.t.config.databaseUrl ? { DATABASE_URL: env.t.config.databaseUrl } : {}), LOG_LEVEL: "info", PUBLISH_POLL_MS: "100", ...ALLOW_LOOPBACK };
      const workers = [0, 1].map(() => spawn(process.execPath, ["--import", "tsx", WORKER], { env: workerEnv, stdio: ["ignore", "pipe", "inherit"] }));
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              let out = "";
              w.stdout!.on("data", (chunk: Buffer) => {
                out = (out + chunk.toString()).slice(-10_000);
                if (out.includes('"worker.started"')) resolve();
              });
              w.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
            }),
        ),
      );
      const due = dueNow(env.t);
      const csv = Array.from({ length: TWO_POSTS }, (_, i) => `${due},instagram,Two workers post ${i}`).join("\n");
      await owner.client.post(`/api/workspaces/${workspace.id}/posts/import`, { csv: `date,time,channel,text\n${csv}`, preset: "socialplan", dateFormat: "YYYY-MM-DD", channelIds: [], dryRun: false });
      const deadline = Date.now() + 90_000;
      const published = async () => (await env.t.deps.db.selectFrom("deliveries").select("worker").where("workspace_id", "=", workspace.id).where("status", "=", "published").execute());
      while ((await published()).length < TWO_POSTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      for (const w of workers) w.kill("SIGTERM");
      await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r)))));
      const rows = await published();
      expect(rows).toHaveLength(TWO_POSTS);
      const keys = env.peer.received().filter(([, text]) => text.startsWith("Two workers post")).map(([key]) => key);
      expect(keys).toHaveLength(TWO_POSTS);
      expect(new Set(keys).size).toBe(TWO_POSTS);
      // Both took part.
      expect(new Set(rows.map((r) => r.worker)).size).toBe(2);
    }, 120_000);
  });
}
