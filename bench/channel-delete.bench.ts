// npm run bench:channel-delete — deleting a channel (a strategy record of kind "channel", DELETE
// /workspaces/:id/strategy/entries/:entryId, as a member does it), with everything it takes along: its numbers in
// `metrics` and `metrics_per_post` (and their channel-day sums), its connection, setup checks, posting slots and
// imported post details; budget lines and goals' references are set to null. The channel belongs to the benchmark
// workspace of bench:tracking (20 channels × 3 years × 12 metrics of daily numbers, 50,000 posts with 3 numbers
// each): each channel carries 13,140 numbers and 7,500 per-post numbers. Timed twice on SQLite: on an instance with
// that workspace alone, and on one where other workspaces hold millions of numbers and posts (seeded straight into
// the database, among the busy workspace's rows); with BENCH_DATABASE_URL, the crowded instance on PostgreSQL too.
// Since migration 0021 the per-post numbers, and since issue 24's fourth round the channel's own numbers too, go after
// the answer (channel-purge.ts): the bench also waits until the purge has removed them all (a reference figure: the work moved, it did not vanish) while a member keeps saving a
// number in the grid (how long other writes wait meanwhile).
//
// OTHER_WORKSPACES=250 (each 4 channels × 365 days × 6 metrics = 8,760 numbers, 1,000 posts with one number each:
// ~2.5M rows in all), DELETES=6 channels per instance, DIALECTS=sqlite,postgres, SERVER_ARGS (node args of the
// server, e.g. --cpu-prof), KEEP=1 keeps the crowded SQLite file (and the PostgreSQL database: its URL printed),
// ONLY=alone|crowded (SQLite), PG_SETTINGS="name=value;…" (PostgreSQL: set on the bench's database once seeded, for the
// deletes' connections — e.g. log_min_duration_statement=0, or session_preload_libraries=auto_explain with
// auto_explain.log_min_duration=0; the server's connections are closed so that new ones take them). Build first.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PURGE_BATCH } from "../apps/server/src/features/strategy/channel-purge.ts";
import { addBenchGoals, addDays, createBenchWorkspace, LAST_DAY, METRIC_COLUMNS, percentile, POST_COLUMNS, POST_METRIC_COLUMNS, postRow, SEED_SLICES, seedBenchNumbers } from "./bench-workspace.ts";
import { startBenchServer } from "./bench-server.ts";
import { benchDatabaseUrl, createBenchDatabase } from "./pg.ts";
import { report } from "./report.ts";
import { pgSeeder, sqliteSeeder, type Seeder } from "./seed.ts";

const OTHER_WORKSPACES = Number(process.env.OTHER_WORKSPACES ?? 250);
const DELETES = Number(process.env.DELETES ?? 6);
const OTHER_CHANNELS = 4;
const OTHER_DAYS = 365;
const OTHER_METRICS = ["followers", "reach", "impressions", "likes", "comments", "shares"];
const OTHER_POSTS = 1000;
const WORKSPACE_COLUMNS = ["id", "name", "timezone", "currency", "locale", "week_start", "period_start", "period_months", "require_two_factor", "require_post_approval", "missed_post_minutes", "short_links", "review_cadence_days", "report_schedule", "report_recipients", "created_at", "updated_at"];
const ENTRY_COLUMNS = ["id", "workspace_id", "kind", "singleton", "parent_id", "position", "data", "version", "example", "created_at", "updated_at", "updated_by"];

type Dialect = "sqlite" | "postgres";

/** Another workspace: its channels, a goal over them, a year of their daily numbers, its posts with a number each. */
async function addWorkspace(seeder: Seeder, index: number, at: string): Promise<void> {
  const ws = randomUUID();
  await seeder.insert("workspaces", WORKSPACE_COLUMNS, [[ws, `Shop ${index}`, "Europe/Berlin", "EUR", "en", 1, "2026-01", 12, 0, 0, 60, 0, 30, "off", "[]", at, at]]);
  const channels = Array.from({ length: OTHER_CHANNELS }, () => randomUUID());
  const goal = randomUUID();
  await seeder.insert("strategy_entries", ENTRY_COLUMNS, [
    ...channels.map((id, c) => [id, ws, "channel", null, null, c, JSON.stringify({ network: "instagram", handle: `@shop${index}_${c}`, kpis: ["Followers"] }), 1, 0, at, at, null]),
    [goal, ws, "goal", null, null, 0, JSON.stringify({ title: "Grow", measurable: { metric: "Followers", channels } }), 1, 0, at, at, null],
  ]);
  const numbers: unknown[][] = [];
  for (const channel of channels)
    for (let d = 0; d < OTHER_DAYS; d++) for (const [k, metric] of OTHER_METRICS.entries()) numbers.push([ws, channel, addDays(LAST_DAY, d - OTHER_DAYS), metric, (d * 7 + index + k) % 500, "bench", at]);
  await seeder.insert("metrics", METRIC_COLUMNS, numbers);
  const posts: unknown[][] = [];
  const perPost: unknown[][] = [];
  for (let p = 0; p < OTHER_POSTS; p++) {
    const id = randomUUID();
    const day = addDays(LAST_DAY, -Math.floor((p / OTHER_POSTS) * OTHER_DAYS));
    const row = postRow(id, ws, `Post ${p}`, `Text ${p}`, channels[p % OTHER_CHANNELS]!, "published", `${day}T09:00:00.000Z`, at, at);
    // Posts under a goal: a channel's removal must not look through every workspace's posts for its id.
    if (p % 4 === 0) row[POST_COLUMNS.indexOf("goal_id")] = goal;
    posts.push(row);
    perPost.push([ws, channels[p % OTHER_CHANNELS], id, day, "reach", 100 + (p % 900), "bench", at]);
  }
  await seeder.insert("posts", POST_COLUMNS, posts);
  await seeder.insert("metrics_per_post", POST_METRIC_COLUMNS, perPost);
}

/** PG_SETTINGS on the bench's database; the server's open connections closed, so that the next ones take them. */
async function applySettings(url: string, settings: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = new URL(url).pathname.slice(1);
  for (const setting of settings.split(";").filter((s) => s.trim())) {
    const [name, ...value] = setting.split("=");
    await client.query(`alter database ${db} set ${name!.trim()} = '${value.join("=").trim().replace(/'/g, "''")}'`);
  }
  await client.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
  await client.end();
}

async function instance(dialect: Dialect, crowded: boolean) {
  const dataDir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), `socialplan-bench-channel-delete-${dialect}-`));
  const database = dialect === "postgres" ? await createBenchDatabase("channel_delete") : undefined;
  const nodeArgs = (process.env.SERVER_ARGS ?? "").split(" ").filter(Boolean);
  const s = await startBenchServer(dataDir, { env: { PUBLISHER: "off", ...(database ? { DATABASE_URL: database.url } : {}) }, nodeArgs });
  const cleanup = async () => {
    s.server.kill("SIGTERM");
    if (s.server.exitCode === null) await new Promise((r) => s.server.once("exit", r));
    if (process.env.KEEP && database) console.log(`kept ${database.url}`);
    else await database?.drop();
    if (process.env.KEEP && crowded && !database) return console.log(`kept ${dataDir}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const { ws, channels } = await createBenchWorkspace(s.call);
    await addBenchGoals(s.call, ws, channels);
    const t0 = performance.now();
    const seeder = dialect === "postgres" ? await pgSeeder(database!.url) : sqliteSeeder(path.join(dataDir, "socialplan.db"));
    const at = new Date().toISOString();
    const others = crowded ? OTHER_WORKSPACES : 0;
    let done = 0;
    const upTo = async (end: number) => {
      for (; done < end; done++) await addWorkspace(seeder, done, at);
    };
    await seedBenchNumbers(seeder, ws, channels, (slice) => upTo(Math.round(((slice + 1) / SEED_SLICES) * others)));
    await upTo(others);
    // The seeded per-post numbers marked every post for the best-time summary, which the server's background
    // summariser would then catch up on at random moments of the deletes (another figure's work): the marks go.
    await seeder.exec("delete from best_time_dirty");
    const rows = (await seeder.count("metrics")) + (await seeder.count("metrics_per_post"));
    const posts = await seeder.count("posts");
    await seeder.close();
    if (database && process.env.PG_SETTINGS) await applySettings(database.url, process.env.PG_SETTINGS);
    console.log(`${dialect}, ${crowded ? `among ${others} other workspaces` : "alone"}: ${rows.toLocaleString("en")} numbers (channel-day and per-post rows), ${posts.toLocaleString("en")} posts, seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return { s, ws, channels, dataDir, cleanup, databaseUrl: database?.url };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** A request without a body must not announce a JSON one. */
const withoutBody = ({ "content-type": _, ...rest }: Record<string, string>) => rest;

/** Deletes DELETES of the workspace's channels through the API, one at a time; their times in ms, and when the last answered. */
async function deleteChannels(inst: Awaited<ReturnType<typeof instance>>): Promise<{ times: number[]; ids: string[]; answered: number }> {
  const { entries } = (await inst.s.call("GET", `/workspaces/${inst.ws}/strategy`)) as { entries: { id: string; kind: string; version: number }[] };
  const victims = entries.filter((e) => e.kind === "channel").slice(-DELETES);
  const times: number[] = [];
  for (const e of victims) {
    const t = performance.now();
    const res = await fetch(`${inst.s.base}/api/workspaces/${inst.ws}/strategy/entries/${e.id}?version=${e.version}`, { method: "DELETE", headers: withoutBody(inst.s.headers()) });
    times.push(performance.now() - t);
    if (res.status !== 204) throw new Error(`DELETE channel: ${res.status} ${await res.text()}`);
  }
  return { times, ids: victims.map((e) => e.id), answered: performance.now() };
}

/**
 * The deleted channels' numbers (own and per-post) go after the answer (channel-purge.ts, batches in the background): polls the
 * database until none is left and the purge queue is empty, the time since the last delete answered; meanwhile a
 * member keeps saving a number in the grid (PUT /metrics, one cell of a channel that stays), one save after the
 * other — how long other writes wait while the purge runs.
 */
async function waitPurged(inst: Awaited<ReturnType<typeof instance>>, dialect: Dialect, ids: string[], answered: number, databaseUrl?: string) {
  const list = ids.map((_, i) => (dialect === "postgres" ? `$${i + 2}` : "?")).join(", ");
  // A channel's queue row goes with the batch that finds none of its numbers left (own and per-post).
  const text = `select (select count(*) from metrics_per_post where workspace_id = ${dialect === "postgres" ? "$1" : "?"} and channel_id in (${list})) + (select count(*) from channel_purges) as n`;
  let left: () => Promise<number>;
  let close: () => Promise<void>;
  if (dialect === "postgres") {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    left = async () => Number((await client.query<{ n: string }>(text, [inst.ws, ...ids])).rows[0]!.n);
    close = () => client.end();
  } else {
    const db = new Database(path.join(inst.dataDir, "socialplan.db"), { readonly: true });
    const q = db.prepare(text);
    left = async () => Number((q.get(inst.ws, ...ids) as { n: number }).n);
    close = async () => {
      db.close();
    };
  }
  const writes: number[] = [];
  let done = false;
  const writer = (async () => {
    for (let i = 0; !done; i++) {
      const t = performance.now();
      await inst.s.call("PUT", `/workspaces/${inst.ws}/metrics`, { cells: [{ channelId: inst.channels[0]!, day: LAST_DAY, metric: "followers", value: 1000 + i }] });
      writes.push(performance.now() - t);
    }
  })();
  let purged = 0;
  try {
    const limit = performance.now() + 600_000;
    while ((await left()) > 0) {
      if (performance.now() > limit) throw new Error("the purge did not finish within 10 minutes");
      await new Promise((r) => setTimeout(r, 20));
    }
    purged = performance.now() - answered;
  } finally {
    done = true;
    await writer;
    await close();
  }
  return { purged, writes };
}

/** On SQLite, that the deleted channels' rows are gone and the others' kept (a benchmark of a delete that deletes nothing proves nothing). */
function checkGone(inst: Awaited<ReturnType<typeof instance>>) {
  const db = new Database(path.join(inst.dataDir, "socialplan.db"), { readonly: true });
  const gone = inst.channels.slice(-DELETES);
  const count = (table: string, ids: string[]) => (db.prepare(`select count(*) as n from ${table} where workspace_id = ? and channel_id in (${ids.map(() => "?").join(", ")})`).get(inst.ws, ...ids) as { n: number }).n;
  const left = [count("metrics", gone), count("metrics_per_post", gone)];
  const kept = count("metrics", inst.channels.slice(0, -DELETES));
  db.close();
  if (left.some((n) => n > 0) || kept === 0) throw new Error(`after the deletes: ${left.join(", ")} rows of deleted channels left, ${kept} of the others kept`);
}

const summary = (t: number[]) => `p50 ${percentile(t, 50).toFixed(1)} ms, max ${Math.max(...t).toFixed(1)} ms (${t.map((x) => x.toFixed(0)).join(", ")})`;

const dialects = (process.env.DIALECTS ?? (benchDatabaseUrl() ? "sqlite,postgres" : "sqlite")).split(",").map((d) => d.trim()) as Dialect[];
if (dialects.includes("postgres") && !benchDatabaseUrl()) throw new Error("DIALECTS names postgres: set BENCH_DATABASE_URL");
console.log(`Socialplan channel-delete benchmark — ${DELETES} channels deleted per instance, ${OTHER_WORKSPACES} other workspaces on the crowded one, Node ${process.version}, ${os.cpus().length} cores`);
const note = `${DELETES} channels of 20, each with 13,140 daily numbers and 7,500 per-post numbers; max of the deletes`;
if (dialects.includes("sqlite")) {
  for (const crowded of process.env.ONLY === "crowded" ? [true] : process.env.ONLY === "alone" ? [false] : [false, true]) {
    const inst = await instance("sqlite", crowded);
    try {
      const { times, ids, answered } = await deleteChannels(inst);
      const { purged, writes } = await waitPurged(inst, "sqlite", ids, answered);
      checkGone(inst);
      console.log(`  deleting a channel, ${crowded ? "crowded" : "alone"}: ${summary(times)}`);
      console.log(`  numbers purged ${(purged / 1000).toFixed(2)} s after the last answer; a grid save meanwhile (${writes.length}): p50 ${percentile(writes, 50).toFixed(1)} ms, max ${Math.max(...writes).toFixed(1)} ms`);
      report(
        crowded
          ? { id: "channelDelete.crowded", figure: "deleting a channel (SQLite), among other workspaces' numbers", value: Math.max(...times), unit: "ms", aim: { kind: "max", value: 50 }, database: "SQLite", note: `${note}; ${OTHER_WORKSPACES} other workspaces, ~2.5M more rows` }
          : { id: "channelDelete.alone", figure: "deleting a channel (SQLite), its workspace alone", value: Math.max(...times), unit: "ms", aim: { kind: "max", value: 50 }, database: "SQLite", note },
      );
      const where = crowded ? "crowded" : "alone";
      report({ id: `channelDelete.purge.${where}`, figure: `deleted channels' numbers gone, after the last answer (SQLite, ${where}; reference)`, value: purged, unit: "ms", database: "SQLite", note: `${DELETES} × (13,140 numbers + 7,500 per-post numbers) removed in the background, ${PURGE_BATCH} per batch` });
      report({ id: `channelDelete.purgeWrite.${where}`, figure: `a grid save while the purge runs, max (SQLite, ${where}; reference)`, value: Math.max(...writes), unit: "ms", database: "SQLite", note: `${writes.length} saves one after the other, p50 ${percentile(writes, 50).toFixed(1)} ms` });
    } finally {
      await inst.cleanup();
    }
  }
}
if (dialects.includes("postgres")) {
  const inst = await instance("postgres", true);
  try {
    const { times, ids, answered } = await deleteChannels(inst);
    const { purged, writes } = await waitPurged(inst, "postgres", ids, answered, inst.databaseUrl);
    console.log(`  PostgreSQL: deleting a channel, crowded: ${summary(times)}`);
    console.log(`  numbers purged ${(purged / 1000).toFixed(2)} s after the last answer; a grid save meanwhile (${writes.length}): p50 ${percentile(writes, 50).toFixed(1)} ms, max ${Math.max(...writes).toFixed(1)} ms`);
    report({ id: "channelDelete.pg", figure: "deleting a channel (PostgreSQL), among other workspaces' numbers", value: Math.max(...times), unit: "ms", aim: { kind: "max", value: 50 }, database: "PostgreSQL", note: `${note}; ${OTHER_WORKSPACES} other workspaces` });
    report({ id: "channelDelete.purge.pg", figure: "deleted channels' numbers gone, after the last answer (PostgreSQL, crowded; reference)", value: purged, unit: "ms", database: "PostgreSQL", note: `${DELETES} × (13,140 numbers + 7,500 per-post numbers) removed in the background, ${PURGE_BATCH} per batch` });
  } finally {
    await inst.cleanup();
  }
}
