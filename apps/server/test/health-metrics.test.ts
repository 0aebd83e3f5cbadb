import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Post } from "@socialplan/schema";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { LATEST_MIGRATION } from "../src/db/migrate.ts";
import { readiness } from "../src/features/health/health.service.ts";
import { buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "./helpers/posts.ts";
import { ALLOW_LOOPBACK, createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";
import { exited, startWorker, waitUntil } from "./helpers/worker-process.ts";

const TOKEN = "metrics-token-0123456789abcdef";
const SECRET = "whsec-0123456789abcdef-metrics";

/** One sample of the Prometheus text format: `name{label="value",…} number`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Reads the Prometheus text exposition format (comments skipped; every other line must be a sample). */
function parsePrometheus(text: string): Sample[] {
  return text
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("#"))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
      if (!m) throw new Error(`not a Prometheus sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

/**
 * The receiving end of webhooks, on loopback (the peers suite uses Debian's `webhook`; this suite needs no service):
 * /publish takes every post (answering the delivery's id), /refuse answers 422.
 */
async function startReceiver() {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "");
      if (req.url === "/publish") received.push(key);
      res.writeHead(req.url === "/publish" ? 200 : 422, { "content-type": "application/json" });
      res.end(JSON.stringify(req.url === "/publish" ? { id: `hook-${key}` } : { error: "text not accepted" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { received, url: (hook: "publish" | "refuse") => `${base}/${hook}`, close: () => new Promise((r) => server.close(r)) };
}

async function scrape(t: TestApp): Promise<Sample[]> {
  const res = await t.app.inject({ method: "GET", url: "/api/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(res.body);
}

describe("metrics configuration", () => {
  it("refuses a short or spaced METRICS_TOKEN, a bad METRICS_PORT, and a port without a token, naming the variable", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN must be 16 to 512 printable characters/);
    expect(() => loadConfig({ METRICS_TOKEN: "has a space in it ok" })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_TOKEN: TOKEN, METRICS_PORT: "99999" })).toThrow(/METRICS_PORT must be a port number/);
    expect(() => loadConfig({ METRICS_PORT: "9464" })).toThrow(/METRICS_PORT is set: set METRICS_TOKEN too/);
    expect(() => loadConfig({ READY_MAX_PUBLISH_LAG_SECONDS: "0" })).toThrow(/READY_MAX_PUBLISH_LAG_SECONDS must be a whole number above 0/);
    expect(loadConfig({})).toMatchObject({ metricsToken: undefined, metricsPort: undefined, readyMaxPublishLagSeconds: 300 });
    expect(loadConfig({ METRICS_TOKEN: TOKEN, METRICS_PORT: "9464" })).toMatchObject({ metricsToken: TOKEN, metricsPort: 9464 });
  });
});

for (const dialect of DIALECTS) {
  describe(`health [${dialect}]`, () => {
    let t: TestApp;
    let owner: TestUser;
    let workspaceId: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      ({ owner, workspace: { id: workspaceId } } = await buildWorkspace(t.app));
    });
    afterAll(async () => t?.close());

    it("answers live without the database, and ready with every check passed", async () => {
      const live = await t.app.inject({ method: "GET", url: "/api/health/live" });
      expect(live.statusCode).toBe(200);
      expect(live.json()).toMatchObject({ status: "ok" });
      const ready = await t.app.inject({ method: "GET", url: "/api/health/ready" });
      expect(ready.statusCode, ready.body).toBe(200);
      expect(ready.headers["cache-control"]).toBe("no-store");
      expect(ready.json()).toMatchObject({
        status: "ok",
        failing: [],
        checks: { database: { status: "ok" }, migrations: { status: "ok", applied: LATEST_MIGRATION, expected: LATEST_MIGRATION }, publisherLag: { status: "ok", seconds: 0, maxSeconds: 300 } },
      });
      // The old summary stays.
      expect((await t.app.inject({ method: "GET", url: "/api/health" })).json()).toMatchObject({ status: "ok", database: { upToDate: true } });
    });

    it("goes 503 naming publisherLag when a due delivery waits longer than the bound, and back once it is taken", async () => {
      const insta = await addChannel(owner, workspaceId, "instagram");
      const post = await addPost(owner, workspaceId, { body: "Winter candles", variants: [{ channelId: insta, text: null }] });
      await schedule(owner, workspaceId, post.id, new Date(t.clock.now().getTime() + 30_000).toISOString());
      t.clock.advance(30 + 300);
      // Exactly at the bound: still ready.
      const atBound = await t.app.inject({ method: "GET", url: "/api/health/ready" });
      expect(atBound.statusCode, atBound.body).toBe(200);
      expect(atBound.json().checks.publisherLag).toMatchObject({ status: "ok", seconds: 300 });
      t.clock.advance(2);
      const late = await t.app.inject({ method: "GET", url: "/api/health/ready" });
      expect(late.statusCode).toBe(503);
      expect(late.json()).toMatchObject({ status: "fail", failing: ["publisherLag"], checks: { database: { status: "ok" }, migrations: { status: "ok" }, publisherLag: { status: "fail", seconds: 302 } } });
      expect(late.json().checks.publisherLag.detail).toContain("READY_MAX_PUBLISH_LAG_SECONDS");
      // A web server that leaves publishing to workers (PUBLISHER=off) stays ready and says why.
      const offServer = await readiness(t.deps, false, t.app.log);
      expect(offServer).toMatchObject({ status: "ok", failing: [], checks: { publisherLag: { status: "skipped", seconds: 302 } } });
      // The publisher takes it (a reminder: it now waits for a person, not for the publisher).
      expect(await testPublisher(t).round()).toBe(1);
      expect((await t.app.inject({ method: "GET", url: "/api/health/ready" })).statusCode).toBe(200);
    });

    it("goes 503 naming migrations when the database lacks this version's last migration", async () => {
      const row = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration where name = ${LATEST_MIGRATION}`.execute(t.deps.db);
      expect(row.rows).toHaveLength(1);
      await sql`delete from kysely_migration where name = ${LATEST_MIGRATION}`.execute(t.deps.db);
      try {
        const res = await t.app.inject({ method: "GET", url: "/api/health/ready" });
        expect(res.statusCode).toBe(503);
        const body = res.json();
        expect(body.failing).toEqual(["migrations"]);
        expect(body.checks.migrations).toMatchObject({ status: "fail", expected: LATEST_MIGRATION });
        expect(body.checks.migrations.applied).not.toBe(LATEST_MIGRATION);
        expect(body.checks.migrations.detail).toContain(LATEST_MIGRATION);
      } finally {
        await sql`insert into kysely_migration (name, timestamp) values (${row.rows[0]!.name}, ${row.rows[0]!.timestamp})`.execute(t.deps.db);
      }
      expect((await t.app.inject({ method: "GET", url: "/api/health/ready" })).statusCode).toBe(200);
    });

    it("answers /api/metrics 404, like an address that does not exist, when METRICS_TOKEN is unset", async () => {
      const res = await t.app.inject({ method: "GET", url: "/api/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
      const unknown = await t.app.inject({ method: "GET", url: "/api/no-such-thing" });
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(unknown.body);
    });
  });

  describe(`metrics [${dialect}]`, () => {
    const env = {} as { t: TestApp; peer: Awaited<ReturnType<typeof startReceiver>> };
    let owner: TestUser;
    let workspaceId: string;
    beforeAll(async () => {
      env.peer = await startReceiver();
      env.t = await createTestApp(dialect, { env: { ...ALLOW_LOOPBACK, METRICS_TOKEN: TOKEN } });
      ({ owner, workspace: { id: workspaceId } } = await buildWorkspace(env.t.app));
    });
    afterAll(async () => {
      await env.t?.close();
      await env.peer?.close();
    });
    beforeEach(() => {
      env.t.clock.current = new Date("2026-11-26T09:00:00Z");
    });

    it("answers 401 without the bearer token or with a wrong one, and the figures with it", async () => {
      const none = await env.t.app.inject({ method: "GET", url: "/api/metrics" });
      expect(none.statusCode).toBe(401);
      expect(none.headers["www-authenticate"]).toBe('Bearer realm="metrics"');
      expect(none.json().error.message).toContain("Authorization: Bearer");
      expect(none.body).not.toContain(TOKEN);
      for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN, `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`, "Bearer "]) {
        expect((await env.t.app.inject({ method: "GET", url: "/api/metrics", headers: { authorization } })).statusCode, authorization).toBe(401);
      }
      const samples = await scrape(env.t);
      expect(value(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
      expect(samples.some((s) => s.name.startsWith("nodejs_heap_size"))).toBe(true);
      expect(value(samples, "socialplan_deliveries_due")).toBe(0);
    });

    it("times requests by route pattern, never by the raw address", async () => {
      const insta = await addChannel(owner, workspaceId, "instagram");
      const post = await addPost(owner, workspaceId, { body: "Pattern", variants: [{ channelId: insta, text: null }] });
      for (let i = 0; i < 3; i++) await readPost(owner, workspaceId, post.id);
      await env.t.app.inject({ method: "GET", url: `/api/no-such-thing/${post.id}` });
      const samples = await scrape(env.t);
      const route = "/api/workspaces/:workspaceId/posts/:postId";
      expect(value(samples, "socialplan_http_request_duration_seconds_count", { method: "GET", route, status: "2xx" })).toBeGreaterThanOrEqual(3);
      const routes = new Set(samples.filter((s) => s.name.startsWith("socialplan_http_request_duration_seconds")).map((s) => s.labels.route));
      expect(routes.has("(unmatched)")).toBe(true);
      for (const r of routes) {
        expect(r).not.toContain(post.id);
        expect(r).not.toContain(workspaceId);
      }
    });

    it("counts deliveries by network and outcome, the publish lag and the queue's depth", async () => {
      const channelId = await addChannel(owner, workspaceId, "instagram");
      const refusing = await addChannel(owner, workspaceId, "facebook");
      for (const [channel, hook] of [[channelId, "publish"], [refusing, "refuse"]] as const) {
        const res = await owner.client.post(`/api/workspaces/${workspaceId}/connections`, { kind: "webhook", channelId: channel, config: { url: env.peer.url(hook) }, secret: { signingSecret: SECRET } });
        expect(res.statusCode, res.body).toBe(201);
      }
      const due = async (channel: string, body: string): Promise<Post> => {
        const post = await addPost(owner, workspaceId, { body, variants: [{ channelId: channel, text: null }] });
        await schedule(owner, workspaceId, post.id, "2026-11-26T09:00:30Z");
        return post;
      };
      const sent = await due(channelId, "Goes out");
      await due(refusing, "Refused by the peer");
      env.t.clock.advance(45);
      const before = await scrape(env.t);
      expect(value(before, "socialplan_deliveries_due")).toBe(2);
      expect(value(before, "socialplan_deliveries_oldest_due_age_seconds")).toBe(15);
      if (dialect === "postgres") expect(value(before, "socialplan_pgboss_queued_jobs")).toBeDefined();
      else expect(value(before, "socialplan_pgboss_queued_jobs")).toBeUndefined();

      expect(await testPublisher(env.t).round()).toBe(2);
      const published = await readPost(owner, workspaceId, sent.id);
      expect(published.status).toBe("published");
      expect(env.peer.received).toEqual([published.deliveries[0]!.id]);
      const after = await scrape(env.t);
      expect(value(after, "socialplan_deliveries_total", { network: "webhook", outcome: "published" })).toBe(1);
      expect(value(after, "socialplan_deliveries_total", { network: "webhook", outcome: "failed" })).toBe(1);
      // Due at 09:00:30, acknowledged at 09:00:45 by the test clock.
      expect(value(after, "socialplan_publish_lag_seconds_count")).toBe(1);
      expect(value(after, "socialplan_publish_lag_seconds_sum")).toBe(15);
      expect(value(after, "socialplan_deliveries_due")).toBe(0);
      expect(value(after, "socialplan_deliveries_oldest_due_age_seconds")).toBe(0);
    });

    it("counts imported rows and their time by kind after a posts CSV and a numbers CSV import", async () => {
      const insta = await addChannel(owner, workspaceId, "instagram", { handle: "candles" });
      const csv = "date,time,channel,text\n2027-12-05,10:00,instagram,One\n2027-12-06,10:00,instagram,Two\n2027-12-07,10:00,tiktok,Not a channel here\n";
      const dry = await owner.client.post(`/api/workspaces/${workspaceId}/posts/import`, { csv, preset: "socialplan", dateFormat: "YYYY-MM-DD", channelIds: [insta], dryRun: true });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(value(await scrape(env.t), "socialplan_import_rows_total", { kind: "posts_csv" })).toBeUndefined();
      const res = await owner.client.post(`/api/workspaces/${workspaceId}/posts/import`, { csv, preset: "socialplan", dateFormat: "YYYY-MM-DD", channelIds: [insta], dryRun: false });
      expect(res.json().imported).toBe(2);
      const samples = await scrape(env.t);
      expect(value(samples, "socialplan_import_rows_total", { kind: "posts_csv" })).toBe(2);
      expect(value(samples, "socialplan_import_seconds_total", { kind: "posts_csv" })).toBeGreaterThan(0);

      // A Meta export of numbers (streamed): its good rows, by preset.
      await addChannel(owner, workspaceId, "instagram", { handle: "onsae.de" });
      const numbers = await owner.client.upload(`/api/workspaces/${workspaceId}/metrics/import?preset=meta&dryRun=false`, fs.readFileSync(path.join(import.meta.dirname, "fixtures", "metrics", "meta-instagram-en.csv")), "text/csv");
      expect(numbers.statusCode, numbers.body).toBe(200);
      expect(numbers.json().good).toBe(3);
      expect(value(await scrape(env.t), "socialplan_import_rows_total", { kind: "numbers_meta" })).toBe(3);
    });

    it("serves a worker's own figures and health on METRICS_PORT, with the same token", async () => {
      const port = dialect === "sqlite" ? 18402 : 18403;
      const base = `http://127.0.0.1:${port}`;
      const channelId = await addChannel(owner, workspaceId, "instagram");
      const conn = await owner.client.post(`/api/workspaces/${workspaceId}/connections`, { kind: "webhook", channelId, config: { url: env.peer.url("publish") }, secret: { signingSecret: SECRET } });
      expect(conn.statusCode, conn.body).toBe(201);
      let worker: ChildProcess | null = null;
      try {
        worker = startWorker(env.t, { METRICS_TOKEN: TOKEN, METRICS_PORT: String(port), HOST: "127.0.0.1" });
        await waitUntil(async () => (await fetch(`${base}/health/live`).catch(() => null))?.status === 200, 30_000);
        expect((await fetch(`${base}/metrics`)).status).toBe(401);
        expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
        expect((await fetch(`${base}/other`)).status).toBe(404);
        // Ready once its first round has taken what was due (a worker's readiness includes the publishing lag).
        let ready: { status?: string; checks?: { publisherLag?: { status: string } } } = {};
        await waitUntil(async () => (ready = (await (await fetch(`${base}/health/ready`)).json()) as typeof ready).status === "ok", 30_000);
        expect(ready).toMatchObject({ status: "ok", checks: { publisherLag: { status: "ok" } } });

        // The worker runs on the real clock: the post falls due now.
        env.t.clock.current = new Date();
        const post = await addPost(owner, workspaceId, { body: "Sent by the worker", variants: [{ channelId, text: null }] });
        await schedule(owner, workspaceId, post.id, new Date(Date.now() + 1000).toISOString());
        await waitUntil(async () => (await readPost(owner, workspaceId, post.id)).status === "published", 30_000);
        let samples: Sample[] = [];
        await waitUntil(async () => {
          const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
          samples = parsePrometheus(await res.text());
          return value(samples, "socialplan_deliveries_total", { network: "webhook", outcome: "published" }) === 1;
        }, 10_000);
        expect(value(samples, "socialplan_publish_lag_seconds_count")).toBe(1);
        expect(value(samples, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
        // The worker started pg-boss: its queue is readable (-1 would mean it is not).
        if (dialect === "postgres") expect(value(samples, "socialplan_pgboss_queued_jobs")).toBeGreaterThanOrEqual(0);
      } finally {
        if (worker) {
          worker.kill("SIGTERM");
          await exited(worker);
        }
      }
    }, 90_000);
  });
}
