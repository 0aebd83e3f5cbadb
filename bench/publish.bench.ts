// npm run bench:publish — prints the publishing figures named in the content calendar issue. Not a test: nothing
// is asserted. Embedded mode (the publisher inside the server process, SQLite), delivering through the webhook
// adapter (signed JSON, one POST per delivery) to a local HTTP sink that answers 200 at once.
// With BENCH_DATABASE_URL (PostgreSQL), also 10,000 due posts published by one and then by two worker processes
// (apps/server/dist/worker.js, as `npm run worker` runs them; build first) to the same sink.
// Knobs: BENCH_POSTS (10,000), BENCH_PG=off (skip the PostgreSQL part even with BENCH_DATABASE_URL), BENCH_PROFILE=<dir>
// (a V8 CPU profile of the drain alone, drain.cpuprofile, publisher and sink together: they share this process).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import inspector from "node:inspector/promises";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../apps/server/src/config.ts";
import { Publisher } from "../apps/server/src/features/publishing/publisher.ts";
import { iso } from "../apps/server/src/lib/clock.ts";
import { newId } from "../apps/server/src/lib/ids.ts";
import { openDeps } from "../apps/server/src/server.ts";
import { DueSignals } from "../apps/server/src/features/publishing/due-signals.ts";
import type { DB } from "../apps/server/src/db/database.ts";
import { benchDatabaseUrl, createBenchDatabase } from "./pg.ts";
import { report } from "./report.ts";

const DRAIN_POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const LAG_WAVES = 10;
const LAG_PER_WAVE = 50;

const received = new Map<string, number>();
const sink = http.createServer((req, res) => {
  const key = String(req.headers["idempotency-key"]);
  req.resume();
  req.on("end", () => {
    if (!received.has(key)) received.set(key, performance.timeOrigin + performance.now());
    res.writeHead(200, { "content-type": "application/json" }).end(`{"id":"${key}"}`);
  });
});
await new Promise<void>((r) => sink.listen(0, "127.0.0.1", r));
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;

/** One workspace with one channel connected to the sink; `due()` adds scheduled posts to it. */
async function setUp(db: DB, seal: (plain: string) => string) {
  const now = () => new Date();
  const workspaceId = newId();
  const userId = newId();
  const channelId = newId();
  await db.insertInto("users").values({ id: userId, email: "bench@example.com", name: "Bench", password_hash: "x", locale: "en", instance_admin: 0, created_at: iso(now()), updated_at: iso(now()) }).execute();
  await db
    .insertInto("workspaces")
    .values({ id: workspaceId, name: "Bench", timezone: "Asia/Seoul", currency: "KRW", locale: "en", week_start: 1, period_start: "2026-11", period_months: 12, require_two_factor: 0, require_post_approval: 0, missed_post_minutes: 60, short_links: 0, review_cadence_days: 30, report_schedule: "off", report_recipients: "[]", created_at: iso(now()), updated_at: iso(now()) })
    .execute();
  await db.insertInto("members").values({ id: newId(), workspace_id: workspaceId, user_id: userId, role: "owner", created_at: iso(now()) }).execute();
  await db
    .insertInto("strategy_entries")
    .values({ id: channelId, workspace_id: workspaceId, kind: "channel", singleton: null, parent_id: null, position: 0, data: JSON.stringify({ network: "instagram" }), version: 1, example: 0, created_at: iso(now()), updated_at: iso(now()), updated_by: null })
    .execute();
  await db
    .insertInto("connections")
    .values({ id: newId(), workspace_id: workspaceId, channel_id: channelId, kind: "webhook", label: "sink", config: JSON.stringify({ url: sinkUrl }), secret: seal(JSON.stringify({ signingSecret: "bench-signing-secret-000" })), status: "active", status_reason: null, created_at: iso(now()), updated_at: iso(now()) })
    .execute();

  /** Inserts `count` scheduled posts (one delivery each) due at `dueAt`; returns their delivery ids with due times. */
  return async function due(count: number, dueAt: Date, label: string): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < count; i += 500) {
        const posts = [];
        const deliveries = [];
        for (let j = i; j < Math.min(count, i + 500); j++) {
          const postId = newId();
          const deliveryId = newId();
          ids.set(deliveryId, dueAt.getTime());
          posts.push({ id: postId, workspace_id: workspaceId, title: `${label} ${j}`, body: `${label} post number ${j}`, variants: JSON.stringify([{ channelId, text: null }]), media: "[]", link: null, utm: "{}", pillar: null, campaign: null, goal_id: null, initiative_id: null, status: "scheduled", scheduled_at: iso(dueAt), recurrence: null, assignee_member_id: null, card_id: null, approved_by: null, approved_at: null, created_by: userId, created_at: iso(now()), updated_at: iso(now()), example: 0 });
          deliveries.push({ id: deliveryId, workspace_id: workspaceId, post_id: postId, channel_id: channelId, due_at: iso(dueAt), status: "scheduled", attempts: 0, next_attempt_at: null, lease_until: null, worker: null, remote_id: null, permalink: null, error_code: null, error_message: null, published_at: null, confirmed_by: null, created_at: iso(now()), updated_at: iso(now()) });
        }
        await trx.insertInto("posts").values(posts).execute();
        await trx.insertInto("deliveries").values(deliveries).execute();
      }
    });
    return ids;
  };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-bench-publish-"));
// The sink listens on loopback, which outbound requests reach only when allowed.
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "error", OUTBOUND_ALLOW_PRIVATE: "127.0.0.0/8" });
const { deps, handle } = await openDeps(config);
const db = deps.db;
const due = await setUp(db, (plain) => deps.secrets.seal(plain));

const until = async (done: () => boolean, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};
const log = pino({ level: "error" });

// 1. Drain: all due at the same minute (already due when the publisher starts).
const drainIds = await due(DRAIN_POSTS, new Date(Date.now() - 1000), "drain");
const publisher = new Publisher(deps, log, { workerId: "bench" });
const profileDir = process.env.BENCH_PROFILE;
const profiler = profileDir ? new inspector.Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
const started = performance.now();
const cpuBefore = process.cpuUsage();
publisher.start();
await until(() => received.size >= DRAIN_POSTS && [...drainIds.keys()].every((id) => received.has(id)), 300_000);
const sentAll = performance.now();
const cpu = process.cpuUsage(cpuBefore);
if (profiler && profileDir) {
  const { profile } = await profiler.post("Profiler.stop");
  fs.mkdirSync(profileDir, { recursive: true });
  fs.writeFileSync(path.join(profileDir, "drain.cpuprofile"), JSON.stringify(profile));
  profiler.disconnect();
}
// Every result written back (published) too.
for (;;) {
  const left = await db.selectFrom("deliveries").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "!=", "published").executeTakeFirstOrThrow();
  if (Number(left.n) === 0) break;
  await new Promise((r) => setTimeout(r, 10));
}
const recordedAll = performance.now();
const drainRate = DRAIN_POSTS / ((sentAll - started) / 1000);
const drainRateRecorded = DRAIN_POSTS / ((recordedAll - started) / 1000);

// 2. Lag: waves of 50 posts falling due a second apart while the publisher idles between them.
const lagIds = new Map<string, number>();
const firstWave = Date.now() + 2000;
for (let w = 0; w < LAG_WAVES; w++) for (const [id, at] of await due(LAG_PER_WAVE, new Date(firstWave + w * 1000), `wave ${w}`)) lagIds.set(id, at);
await until(() => received.size >= DRAIN_POSTS + lagIds.size && [...lagIds.keys()].every((id) => received.has(id)), 60_000);
const lags = [...lagIds].map(([id, at]) => (received.get(id) ?? Number.NaN) - at);

await publisher.stop();
await deps.events.close();
await handle.destroy();
fs.rmSync(dataDir, { recursive: true, force: true });

const ms = (n: number) => `${Math.round(n)} ms`;
console.log(`publishing (embedded mode, SQLite, webhook adapter to a local HTTP sink, ${os.cpus().length} cores)`);
console.log(`  drain: ${DRAIN_POSTS} posts due at once sent in ${ms(sentAll - started)} = ${Math.round(drainRate)} posts/s (aim >= 2000); all recorded published after ${ms(recordedAll - started)} = ${Math.round(drainRateRecorded)} posts/s`);
// Under a loaded machine the rate falls with the share of the cores this process gets; CPU time per post does not.
console.log(`  drain CPU time (publisher and sink, this process): ${ms((cpu.user + cpu.system) / 1000)} = ${((cpu.user + cpu.system) / DRAIN_POSTS).toFixed(0)} µs per post`);
console.log(`  lag from due time to send, ${LAG_WAVES} waves of ${LAG_PER_WAVE}: p50 ${ms(percentile(lags, 50))}, p99 ${ms(percentile(lags, 99))}, max ${ms(Math.max(...lags))} (aim p99 <= 50 ms)`);
report({ id: "publish.drain", figure: "10k due posts drained, embedded", value: Math.round(drainRate), unit: "posts/s", aim: { kind: "min", value: 2000 }, database: "SQLite", note: `${DRAIN_POSTS} posts due at once, webhook adapter to a local sink in the same process; all recorded published at ${Math.round(drainRateRecorded)} posts/s` });
report({ id: "publish.lag", figure: "lag from due time to send, p99", value: Math.round(percentile(lags, 99)), unit: "ms", aim: { kind: "max", value: 50 }, database: "SQLite", note: `${LAG_WAVES} waves of ${LAG_PER_WAVE} posts a second apart; p50 ${ms(percentile(lags, 50))}` });

/**
 * PostgreSQL: `workers` worker processes (the built apps/server/dist/worker.js, PUBLISHER=off mode) on a fresh
 * database; once each has started, DRAIN_POSTS posts fall due at the same second (seeded beforehand) and pg-boss is
 * told, as scheduling through the API does. Workers also look on their own every PUBLISH_POLL_MS (500 ms here).
 */
/** The machine's CPU counters (all cores, /proc/stat): busy and total jiffies. */
function cpuCounters(): { busy: number; total: number } {
  const [, ...fields] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const n = fields.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - n[3]! - n[4]!, total };
}

async function drainWithWorkers(workers: number) {
  const workerJs = path.join(import.meta.dirname, "../apps/server/dist/worker.js");
  if (!fs.existsSync(workerJs)) throw new Error("build first: npm run build -w apps/server");
  const database = await createBenchDatabase(`publish${workers}`);
  const pgDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-bench-publish-pg-"));
  const env = { ...process.env, DATABASE_URL: database.url, DATA_DIR: pgDataDir, OUTBOUND_ALLOW_PRIVATE: "127.0.0.0/8", LOG_LEVEL: "info", PUBLISHER: "off", PUBLISH_POLL_MS: "500" };
  const pgConfig = loadConfig(env);
  const opened = await openDeps(pgConfig);
  const pgDue = await setUp(opened.deps.db, (plain) => opened.deps.secrets.seal(plain));
  // pg-boss's schema and queue made once here, as the web server makes them, before the workers start together.
  const signals = await DueSignals.start(database.url, log as never);
  const children: ChildProcess[] = [];
  try {
    await Promise.all(
      Array.from({ length: workers }, () => {
        const child = spawn(process.execPath, [workerJs], { env, stdio: ["ignore", "pipe", "inherit"] });
        children.push(child);
        return new Promise<void>((resolve, reject) => {
          let out = "";
          child.stdout!.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            if (out.includes('"worker.started"')) resolve();
            if (out.length > 100_000) out = out.slice(-1000);
          });
          child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
        });
      }),
    );
    // Each worker's first round (tidying up, recurring posts, the tracking jobs) is over before the posts fall due.
    await new Promise((r) => setTimeout(r, 1000));
    const dueAt = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
    const ids = await pgDue(DRAIN_POSTS, dueAt, `pg${workers}`);
    if (Date.now() > dueAt.getTime()) console.log(`  (seeding ended ${Date.now() - dueAt.getTime()} ms after the due time)`);
    // How busy the whole machine is while the posts go out (workers, sink, PostgreSQL, anything else): the share of
    // the cores a second worker could still use.
    while (Date.now() < dueAt.getTime()) await new Promise((r) => setTimeout(r, 1));
    const cpuBefore = cpuCounters();
    await signals.signal([iso(dueAt)]);
    await until(() => [...ids.keys()].every((id) => received.has(id)), 300_000);
    const sentAll = performance.timeOrigin + performance.now();
    const cpuAfter = cpuCounters();
    const busyCores = ((cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total)) * os.cpus().length;
    for (;;) {
      const left = await opened.deps.db.selectFrom("deliveries").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "!=", "published").executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const recordedAll = performance.timeOrigin + performance.now();
    const firstSend = Math.min(...[...ids.keys()].map((id) => received.get(id)!));
    const byWorker = await opened.deps.db.selectFrom("deliveries").select(["worker", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("worker").execute();
    const seconds = (sentAll - dueAt.getTime()) / 1000;
    return { seconds, rate: DRAIN_POSTS / seconds, recordedSeconds: (recordedAll - dueAt.getTime()) / 1000, firstLagMs: firstSend - dueAt.getTime(), shares: byWorker.map((w) => Number(w.n)).sort((x, y) => y - x), busyCores };
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r)))));
    await signals.stop();
    await opened.deps.events.close();
    await opened.handle.destroy();
    await database.drop();
    fs.rmSync(pgDataDir, { recursive: true, force: true });
  }
}

if (benchDatabaseUrl() && process.env.BENCH_PG !== "off") {
  const one = await drainWithWorkers(1);
  const two = await drainWithWorkers(2);
  const line = (n: number, r: typeof one) =>
    `  ${n} worker${n > 1 ? "s" : " "}: ${DRAIN_POSTS} posts due at once, all sent ${(r.seconds * 1000).toFixed(0)} ms after the due time = ${Math.round(r.rate)} posts/s (first sent after ${Math.round(r.firstLagMs)} ms; all recorded published after ${(r.recordedSeconds * 1000).toFixed(0)} ms; per worker ${r.shares.join(" + ")}; machine busy ${r.busyCores.toFixed(2)} of ${os.cpus().length} cores)`;
  console.log(`publishing on PostgreSQL (${new URL(benchDatabaseUrl()!).host}): worker processes, pg-boss wake-ups, webhook adapter to the same sink`);
  console.log(line(1, one));
  console.log(line(2, two));
  // With one worker the machine is already `one.busyCores` busy: a second worker can at most use what is left.
  const bound = os.cpus().length / one.busyCores;
  console.log(`  two workers / one: ${(two.rate / one.rate).toFixed(2)}× (aim ≥ 1.6×); the cores left idle by one worker allow at most ${bound.toFixed(2)}×`);
  report({ id: "publish.pg.one", figure: "10k due posts, one worker process", value: Math.round(one.rate), unit: "posts/s", database: "PostgreSQL", note: `first sent ${Math.round(one.firstLagMs)} ms after the due time` });
  report({ id: "publish.pg.two", figure: "two worker processes / one", value: Number((two.rate / one.rate).toFixed(2)), unit: "×", aim: { kind: "min", value: 1.6 }, database: "PostgreSQL", note: `${os.cpus().length} cores shared by the workers, the sink and PostgreSQL; per worker ${two.shares.join(" + ")}` });
  report({ id: "publish.pg.busy", figure: "cores busy on the machine while one worker drains (reference)", value: Number(one.busyCores.toFixed(2)), unit: "cores", database: "PostgreSQL", note: `${two.busyCores.toFixed(2)} with two workers, of ${os.cpus().length}` });
  report({ id: "publish.pg.ceiling", figure: "the most a second worker could add here: cores ÷ cores busy with one (reference)", value: Number(bound.toFixed(2)), unit: "×", database: "PostgreSQL" });
}
sink.close();
