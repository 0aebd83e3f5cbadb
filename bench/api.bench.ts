// npm run bench:api — prints the API figures named in the foundation issue. Not a test: nothing is asserted.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { benchDatabaseUrl, benchPort, createBenchDatabase } from "./pg.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;

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
  const server = spawn(process.execPath, [main], { env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env }, stdio: "inherit" });
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

async function main() {
  const main = path.join(ROOT, "apps/server/dist/main.js");
  if (!fs.existsSync(main)) throw new Error("build first: npm run build -w apps/server");

  // 1. Bare Fastify.
  const barePort = await freePort();
  const bare = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "bare-server.ts")], { env: { ...process.env, PORT: String(barePort) }, stdio: "inherit" });
  await waitFor(`http://127.0.0.1:${barePort}/bare`, bare);
  const bareResult = await load(`http://127.0.0.1:${barePort}/bare`);
  bare.kill();

  // 1b. The same bare route with the request logger our server runs with (a reference, not the aim).
  const loggedPort = await freePort();
  const logged = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "bare-server.ts")], {
    env: { ...process.env, PORT: String(loggedPort), BARE_LOGGER: "warn" },
    stdio: "inherit",
  });
  await waitFor(`http://127.0.0.1:${loggedPort}/bare`, logged);
  const loggedResult = await load(`http://127.0.0.1:${loggedPort}/bare`);
  logged.kill();

  // 2. Ours: cold start (process start to first 200, build excluded), idle memory, the authenticated route.
  const ours = await measureOurs(main, {});
  const { coldStartMs, idleRss, loadedRss } = ours;
  // 3. The same route in bare Fastify + better-sqlite3 (the same two queries on the same file): a reference.
  const bareSqlite = await measureBare("bare-sqlite-server.ts", { DATABASE_FILE: path.join(ours.dataDir, "socialplan.db") }, ours.workspaceId, ours.cookie);
  ours.cleanup();
  const ratio = ours.rps / bareResult.rps;
  const rows: [string, string, string, string][] = [
    ["bare Fastify JSON route", `${Math.round(bareResult.rps)} req/s`, `p50 ${bareResult.p50} ms`, `p99 ${bareResult.p99} ms`],
    ["bare Fastify JSON route with pino request logging (warn)", `${Math.round(loggedResult.rps)} req/s`, `p50 ${loggedResult.p50} ms`, `p99 ${loggedResult.p99} ms`],
    ["GET /api/workspaces/:id (session + membership + read)", `${Math.round(ours.rps)} req/s`, `p50 ${ours.p50} ms`, `p99 ${ours.p99} ms`],
    ["bare Fastify + better-sqlite3, the same two queries", `${Math.round(bareSqlite.rps)} req/s`, `p50 ${bareSqlite.p50} ms`, `p99 ${bareSqlite.p99} ms`],
  ];
  console.log(`\nSocialplan API benchmark — ${CONNECTIONS} connections, ${DURATION} s each after a ${WARMUP_SECONDS} s warm-up, Node ${process.version}, ${os.cpus().length} cores`);
  for (const r of rows) console.log(`  ${r[0].padEnd(58)} ${r[1].padStart(12)}  ${r[2].padStart(10)}  ${r[3].padStart(11)}`);
  console.log(`  ours / bare                                              ${(ratio * 100).toFixed(1)}%   (aim ≥ 40%)`);
  console.log(`  ours / bare with the same logger                         ${((ours.rps / loggedResult.rps) * 100).toFixed(1)}%   (reference)`);
  console.log(`  ours / bare Fastify + better-sqlite3 (same queries)      ${((ours.rps / bareSqlite.rps) * 100).toFixed(1)}%   (reference: our read cache skips the queries)`);
  console.log(`  p99 of ours                                              ${ours.p99} ms   (aim ≤ 25 ms)`);
  console.log(`  cold start to first 200 (build excluded)                 ${coldStartMs.toFixed(0)} ms   (aim ≤ 1500 ms)`);
  console.log(`  idle resident memory                                     ${idleRss.toFixed(1)} MB   (aim ≤ 150 MB)`);
  console.log(`  resident memory after the load                           ${loadedRss.toFixed(1)} MB`);

  if (!benchDatabaseUrl()) return;
  const pgResult = await measurePostgres(main);
  const p = pgResult.ours;
  const b = pgResult.barePg;
  console.log(`\nOn PostgreSQL (${new URL(benchDatabaseUrl()!).host}; pool of 10 connections on both sides)`);
  console.log(`  ${"bare Fastify + pg, the same two queries".padEnd(58)} ${`${Math.round(b.rps)} req/s`.padStart(12)}  ${`p50 ${b.p50} ms`.padStart(10)}  ${`p99 ${b.p99} ms`.padStart(11)}`);
  console.log(`  ${"GET /api/workspaces/:id (session + membership + read)".padEnd(58)} ${`${Math.round(p.rps)} req/s`.padStart(12)}  ${`p50 ${p.p50} ms`.padStart(10)}  ${`p99 ${p.p99} ms`.padStart(11)}`);
  console.log(`  ours / bare Fastify + pg                                 ${((p.rps / b.rps) * 100).toFixed(1)}%   (aim ≥ 40%)`);
  console.log(`  ours on PostgreSQL / bare Fastify JSON route             ${((p.rps / bareResult.rps) * 100).toFixed(1)}%   (reference)`);
  console.log(`  p99 of ours                                              ${p.p99} ms   (aim ≤ 25 ms)`);
  console.log(`  cold start to first 200, migrations of an empty database included ${p.coldStartMs.toFixed(0)} ms`);
  console.log(`  idle resident memory                                     ${p.idleRss.toFixed(1)} MB; after the load ${p.loadedRss.toFixed(1)} MB`);
}

await main();
