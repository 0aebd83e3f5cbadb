import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Post } from "@socialplan/schema";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { buildWorkspace } from "../helpers/factories.ts";
import { addChannel, addPost } from "../helpers/posts.ts";
import { ALLOW_LOOPBACK, DIALECTS } from "../helpers/test-app.ts";
import { useAppWithWebhookPeer } from "../helpers/webhook-peer.ts";

const WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/worker.ts");
const SECRET = "pg-boss-test-signing-secret-0123";

/** PostgreSQL mode: the web server only schedules (PUBLISHER=off) and pg-boss wakes a separate worker on time. */
for (const dialect of DIALECTS.filter((d) => d === "postgres")) {
  describe(`pg-boss wakes the workers when posts fall due [${dialect}]`, () => {
    const env = useAppWithWebhookPeer(dialect, SECRET, { publish: true, env: { PUBLISHER: "off" } });

    it("publishes at the post's time through a pg-boss job, with the worker's own polling out of the way", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const channelId = await addChannel(owner, workspace.id, "instagram");
      await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "webhook", channelId, config: { url: env.peer.url("publish") }, secret: { signingSecret: SECRET } });
      // The worker polls only every ten minutes: only pg-boss can wake it in time.
      const worker = spawn(process.execPath, ["--import", "tsx", WORKER], {
        env: { ...process.env, DATA_DIR: env.t.config.dataDir, DATABASE_URL: env.t.config.databaseUrl!, LOG_LEVEL: "error", PUBLISH_POLL_MS: "600000", ...ALLOW_LOOPBACK },
        stdio: ["ignore", "ignore", "inherit"],
      });
      try {
        await new Promise((r) => setTimeout(r, 3000)); // let it start and make its first (empty) round
        const due = new Date(Math.ceil((Date.now() + 4000) / 1000) * 1000);
        const post = await addPost(owner, workspace.id, { body: "Woken by pg-boss", variants: [{ channelId, text: null }], scheduledAt: due.toISOString() });
        const scheduled = (await owner.client.post(`/api/workspaces/${workspace.id}/posts/${post.id}/schedule`, {})).json<{ post: Post }>().post;
        const key = scheduled.deliveries[0]!.id;
        let arrived = 0;
        const deadline = Date.now() + 20_000;
        while (!arrived && Date.now() < deadline) {
          if (env.peer.received().some(([k]) => k === key)) arrived = Date.now();
          else await new Promise((r) => setTimeout(r, 50));
        }
        expect(arrived, "the post never arrived").toBeGreaterThan(0);
        const lag = arrived - due.getTime();
        console.log(`pg-boss: sent ${lag} ms after its time`);
        expect(lag).toBeGreaterThanOrEqual(0);
        expect(lag).toBeLessThan(3000);
        const jobs = await sql<{ n: string }>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'socialplan-publish-due'`.execute(env.t.deps.db);
        expect(Number(jobs.rows[0]!.n)).toBeGreaterThanOrEqual(1);
      } finally {
        worker.kill("SIGTERM");
        await new Promise((r) => (worker.exitCode !== null ? r(null) : worker.once("exit", r)));
      }
    }, 60_000);
  });
}
