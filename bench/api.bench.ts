// npm run bench:api — the authenticated read route against bare Fastify in the same run (api.ratio, api.p99) and, with
// BENCH_DATABASE_URL, on PostgreSQL against bare Fastify + pg (api.pg.ratio). Not a test: nothing is asserted.
// Knobs: BENCH_SECONDS (per measurement), BENCH_API=bare,logged,ours,bare-sqlite,pg (which parts run; the ratio needs
// bare and ours), SERVER_ARGS (node arguments for our server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
// BENCH_SERVER_ENV (extra environment for our server, e.g. "LOG_REQUESTS=all"), BENCH_SERVER_MAIN (another build).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { benchDatabaseUrl, benchPort, createBenchDatabase } from "./pg.ts";
import { report } from "./report.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const PARTS = new Set((process.env.BENCH_API ?? "bare,logged,ours,bare-sqlite,pg").split(",").map((p) => p.trim()));
const SERVER_ARGS = (process.env.SERVER_ARGS ?? "").split(" ").filter(Boolean);
const SERVER_ENV = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? "")
    .split(/\s+/)
    .filter((kv) => kv.includes("="))
    .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
);

const freePort = benchPort;

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function load(url: string, headers: Record<string, string> = {}) {
  // A short warm-up first, so both servers are measured after the JIT has compiled their hot paths.
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_SECONDS, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50 };
}

const cookieJar = (res: Response, jar: Map<string, string>) => {
  for (const c of res.headers.getSetCookie()) {
    const [pair = ""] = c.split(";");
    jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
  }
};


/** Our built server on a fresh data folder (and database, with DATABASE_URL): cold start, memory, the member's route. */
async function measureOurs(main: string, env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-bench-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  // The server runs with the production defaults for logging (LOG_LEVEL info, LOG_REQUESTS errors and slow ones); its
  // log lines go to /dev/null, written all the same.
  const server = spawn(process.execPath, [...SERVER_ARGS, main], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, ...SERVER_ENV, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitFor(`${base}/api/health`, server);
  const coldStartMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 2000));
  const idleRss = rssMb(server.pid!);

  // A member's session and workspace for the authenticated route.
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  cookieJar(csrfRes, jar);
  const { token } = (await csrfRes.json()) as { token: string };
  const headers = () => ({ "content-type": "application/json", "x-csrf-token": token, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") });
  const signup = await fetch(`${base}/api/auth/signup`, { method: "POST", headers: headers(), body: JSON.stringify({ email: "bench@example.com", password: "bench password", name: "Bench" }) });
  cookieJar(signup, jar);
  const ws = (await (await fetch(`${base}/api/workspaces`, { method: "POST", headers: headers(), body: JSON.stringify({ name: "Bench Shop" }) })).json()) as { id: string };
  const result = await load(`${base}/api/workspaces/${ws.id}`, { cookie: headers().cookie });
  const loadedRss = rssMb(server.pid!);
  // Requests autocannon left in flight when it stopped finish first.
  await new Promise((r) => setTimeout(r, 1000));
  server.kill();
  await new Promise((r) => server.once("exit", r));
  const cleanup = () => fs.rmSync(dataDir, { recursive: true, force: true });
  return { ...result, coldStartMs, idleRss, loadedRss, workspaceId: ws.id, cookie: headers().cookie, dataDir, cleanup };
}

/** A bare reference server (bare-pg-server.ts, bare-sqlite-server.ts) under the same load on our member's route. */
async function measureBare(file: string, env: Record<string, string>, workspaceId: string, cookie: string) {
  const port = await freePort();
  const bare = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, file)], { env: { ...process.env, PORT: String(port), ...env }, stdio: "inherit" });
  const url = `http://127.0.0.1:${port}/api/workspaces/${workspaceId}`;
  for (;;) {
    if (bare.exitCode !== null) throw new Error(`${file} exited with ${bare.exitCode}`);
    try {
      if ((await fetch(url, { headers: { cookie } })).status === 200) break;
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const result = await load(url, { cookie });
  bare.kill();
  await new Promise((r) => bare.once("exit", r));
  return result;
}

/**
 * On PostgreSQL (BENCH_DATABASE_URL): our server on a database of its own against bare Fastify + `pg` running the
 * same two queries for the same route (bare-pg-server.ts), with the same member's cookie on the same database.
 */
async function measurePostgres(main: string) {
  const database = await createBenchDatabase("api");
  try {
    const ours = await measureOurs(main, { DATABASE_URL: database.url });
    ours.cleanup();
    const barePg = await measureBare("bare-pg-server.ts", { DATABASE_URL: database.url }, ours.workspaceId, ours.cookie);
    return { ours, barePg };
  } finally {
    await database.drop();
  }
}

type Result = Awaited<ReturnType<typeof load>>;
const line = (label: string, r: Result) => console.log(`  ${label.padEnd(58)} ${`${Math.round(r.rps)} req/s`.padStart(12)}  ${`p50 ${r.p50} ms`.padStart(10)}  ${`p99 ${r.p99} ms`.padStart(11)}`);
const pct = (label: string, value: number, remark: string) => console.log(`  ${label.padEnd(58)} ${`${(value * 100).toFixed(1)}%`.padStart(12)}  ${remark}`);

/** A bare Fastify JSON route (bare-server.ts) in its own process; `logger` gives it pino request logging at that level. */
async function measureBareJson(logger?: string) {
  const port = await freePort();
  const bare = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "bare-server.ts")], {
    env: { ...process.env, PORT: String(port), ...(logger ? { BARE_LOGGER: logger } : {}) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitFor(`http://127.0.0.1:${port}/bare`, bare);
  const result = await load(`http://127.0.0.1:${port}/bare`);
  bare.kill();
  await new Promise((r) => bare.once("exit", r));
  return result;
}

const reportRatio = (id: string, figure: string, value: number, min: number, database: "SQLite" | "PostgreSQL", note: string) =>
  report({ id, figure, value, unit: "×", aim: { kind: "min", value: min }, database, note });

async function main() {
  // BENCH_SERVER_MAIN: another build of the server to measure (an A/B run against an older build).
  const main = path.resolve(process.env.BENCH_SERVER_MAIN ?? path.join(ROOT, "apps/server/dist/main.js"));
  if (!fs.existsSync(main)) throw new Error("build first: npm run build -w apps/server");
  console.log(`\nSocialplan API benchmark — ${CONNECTIONS} connections, ${DURATION} s each after a ${WARMUP_SECONDS} s warm-up, Node ${process.version}, ${os.cpus().length} cores`);

  // 1. Bare Fastify (the yardstick), and the same route with pino request logging at warn (a reference).
  const bare = PARTS.has("bare") ? await measureBareJson() : undefined;
  if (bare) line("bare Fastify JSON route", bare);
  const logged = PARTS.has("logged") ? await measureBareJson("warn") : undefined;
  if (logged) line("bare Fastify JSON route with pino request logging (warn)", logged);

  // 2. Ours: the authenticated route; 3. the same route in bare Fastify + better-sqlite3 (the same two queries on the
  // same file), a reference: our read cache skips the queries.
  if (PARTS.has("ours")) {
    const ours = await measureOurs(main, {});
    line("GET /api/workspaces/:id (session + membership + read)", ours);
    const bareSqlite = PARTS.has("bare-sqlite")
      ? await measureBare("bare-sqlite-server.ts", { DATABASE_FILE: path.join(ours.dataDir, "socialplan.db") }, ours.workspaceId, ours.cookie)
      : undefined;
    ours.cleanup();
    if (bareSqlite) line("bare Fastify + better-sqlite3, the same two queries", bareSqlite);
    if (logged) pct("ours / bare with pino request logging (warn)", ours.rps / logged.rps, "(reference)");
    if (bareSqlite) pct("ours / bare Fastify + better-sqlite3 (same queries)", ours.rps / bareSqlite.rps, "(reference)");
    // Cold start and idle memory are startup.bench.ts's figures (a fresh process each time); shown here only.
    console.log(`  cold start ${ours.coldStartMs.toFixed(0)} ms, idle RSS ${ours.idleRss.toFixed(1)} MB, after the load ${ours.loadedRss.toFixed(1)} MB (not reported: see startup.bench.ts)`);
    if (bare) {
      const note = `GET /api/workspaces/:id (session + membership + read) ${Math.round(ours.rps)} req/s against bare Fastify's JSON route ${Math.round(bare.rps)} req/s, ${CONNECTIONS} connections, default logging`;
      reportRatio("api.ratio", "authenticated read route / bare Fastify (same run)", ours.rps / bare.rps, 0.6, "SQLite", note);
    }
    report({ id: "api.p99", figure: "authenticated read route, p99 latency", value: ours.p99, unit: "ms", aim: { kind: "max", value: 5 }, database: "SQLite", note: `${CONNECTIONS} connections, p50 ${ours.p50} ms` });
  }

  if (!benchDatabaseUrl() || !PARTS.has("pg")) return;
  const { ours: p, barePg: b } = await measurePostgres(main);
  console.log(`\nOn PostgreSQL (${new URL(benchDatabaseUrl()!).host}; pool of 10 connections on both sides)`);
  line("bare Fastify + pg, the same two queries", b);
  line("GET /api/workspaces/:id (session + membership + read)", p);
  if (bare) pct("ours on PostgreSQL / bare Fastify JSON route", p.rps / bare.rps, "(reference)");
  console.log(`  p99 of ours ${p.p99} ms; cold start (migrations of an empty database included) ${p.coldStartMs.toFixed(0)} ms; idle RSS ${p.idleRss.toFixed(1)} MB`);
  const note = `ours ${Math.round(p.rps)} req/s (p99 ${p.p99} ms) against ${Math.round(b.rps)} req/s; pool of 10 on both sides`;
  reportRatio("api.pg.ratio", "authenticated read route / bare Fastify + pg, the same two queries (same run)", p.rps / b.rps, 0.4, "PostgreSQL", note);
}

await main();
