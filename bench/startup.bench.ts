// npm run bench:startup — how fast the built server starts and how much memory it holds when idle. Not a test.
//
// Each run spawns `node apps/server/dist/main.js` and times process spawn → the first 200 from /api/health (the build
// is excluded; the web app is served from apps/web/dist when it is built, as in production):
//   cold: a fresh, empty data folder — the SQLite database is created and every migration runs;
//   warm: the same folder again, already migrated (an ordinary restart);
//   rss:  the resident memory of the cold-started process 2 s after its first 200, no request since;
//   rest: one more cold start left alone for 30 s: its resident memory then (V8 gives back the young generation's
//         start-up garbage some 10 s after the last allocation, not at 2 s) — a reference beside the aim's figure;
//   docs: then the first request for the API documentation (/api/docs/: Swagger UI is loaded on that request).
// STARTUP_RUNS (default 5) runs of each; the median is the figure, the max is printed beside it. SERVER_ARGS adds node
// flags to the server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"). With BENCH_DATABASE_URL the cold start on an empty
// PostgreSQL database is measured too.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { benchDatabaseUrl, benchPort, createBenchDatabase } from "./pg.ts";
import { report } from "./report.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
// STARTUP_MAIN: another build's main.js (an A/B run against a checkout of the code before a change).
const MAIN = path.resolve(process.env.STARTUP_MAIN ?? path.join(ROOT, "apps/server/dist/main.js"));
const RUNS = Math.max(1, Number(process.env.STARTUP_RUNS ?? 5));
const IDLE_MS = 2000;
const SERVER_ARGS = (process.env.SERVER_ARGS ?? "").split(" ").filter(Boolean);

/** One GET without keep-alive: resolves with the status, or null when nothing listens yet. */
const status = (url: string) =>
  new Promise<number | null>((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? null));
    });
    req.on("error", () => resolve(null));
  });

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

interface Run {
  ms: number;
  rssMb: number;
  /** CPU time (user + system) the server had used when it answered: much less sensitive to a busy machine than `ms`. */
  cpuMs: number;
  /** The first GET /api/docs/ after the idle wait (the documentation is loaded on its first request). */
  docsMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux
const cpuMsOf = (pid: number): number => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
};

/** Starts the server on `dataDir`, times it to the first 200, waits idle, reads its memory and stops it (SIGTERM). */
async function startOnce(dataDir: string, env: Record<string, string> = {}, idleMs = IDLE_MS): Promise<Run> {
  const port = await benchPort();
  const url = `http://127.0.0.1:${port}/api/health`;
  const t0 = performance.now();
  const child = spawn(process.execPath, [...SERVER_ARGS, MAIN], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let ms = 0;
  let cpuMs = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    const s = await status(url);
    if (s === 200) {
      ms = performance.now() - t0;
      cpuMs = cpuMsOf(child.pid!);
      break;
    }
    if (s !== null) throw new Error(`/api/health answered ${s}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  await new Promise((r) => setTimeout(r, idleMs));
  const rss = rssMb(child.pid!);
  const docsStart = performance.now();
  const docs = await status(`http://127.0.0.1:${port}/api/docs/`);
  if (docs !== 200) throw new Error(`/api/docs/ answered ${docs}`);
  const docsMs = performance.now() - docsStart;
  child.kill("SIGTERM");
  const code = await exited;
  if (code !== 0) throw new Error(`server stopped with ${code}`);
  return { ms, rssMb: rss, cpuMs, docsMs };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const line = (label: string, xs: number[], unit: string) =>
  console.log(`  ${label.padEnd(44)} median ${median(xs).toFixed(unit === "ms" ? 0 : 1)} ${unit}, max ${Math.max(...xs).toFixed(unit === "ms" ? 0 : 1)} ${unit}  [${xs.map((x) => x.toFixed(0)).join(", ")}]`);

if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the server first (npm run build -w apps/server)`);
console.log(`startup: ${RUNS} run(s) each, node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(2)}`);

const REST_MS = 30_000;
const cold: Run[] = [];
const warm: Run[] = [];
let rest: Run;
const base = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-startup-"));
try {
  // One spawn first, not counted: the OS file cache then holds node, the bundle and node_modules for every run.
  await startOnce(path.join(base, "prime"));
  for (let i = 0; i < RUNS; i++) {
    const dataDir = path.join(base, `run-${i}`);
    cold.push(await startOnce(dataDir));
    warm.push(await startOnce(dataDir));
  }
  rest = await startOnce(path.join(base, "rest"), {}, REST_MS);
} finally {
  fs.rmSync(base, { recursive: true, force: true });
}

line("cold start, empty data folder", cold.map((r) => r.ms), "ms");
line("warm start, migrated data folder", warm.map((r) => r.ms), "ms");
line("CPU time to first 200, cold", cold.map((r) => r.cpuMs), "ms");
line("CPU time to first 200, warm", warm.map((r) => r.cpuMs), "ms");
line("idle RSS after a cold start", cold.map((r) => r.rssMb), "MB");
line("idle RSS after a warm start", warm.map((r) => r.rssMb), "MB");
line(`RSS at rest, ${REST_MS / 1000} s after the first 200 (cold)`, [rest.rssMb], "MB");
line("first /api/docs/ request (loads Swagger UI)", [...cold, ...warm].map((r) => r.docsMs), "ms");
const note = `median of ${RUNS} spawns (max ${Math.max(...cold.map((r) => r.ms)).toFixed(0)} / ${Math.max(...warm.map((r) => r.ms)).toFixed(0)} ms cold / warm)`;
report({ id: "startup.cold", figure: "cold start to first 200, empty data folder", value: Math.round(median(cold.map((r) => r.ms))), unit: "ms", aim: { kind: "max", value: 500 }, database: "SQLite", note });
report({ id: "startup.warm", figure: "start to first 200, migrated data folder", value: Math.round(median(warm.map((r) => r.ms))), unit: "ms", aim: { kind: "max", value: 500 }, database: "SQLite" });
report({
  id: "startup.rss",
  figure: "idle resident memory",
  value: Math.round(median(cold.map((r) => r.rssMb)) * 10) / 10,
  unit: "MB",
  aim: { kind: "max", value: 100 },
  database: "SQLite",
  note: `RSS ${IDLE_MS / 1000} s after the first 200, median of ${RUNS} cold starts (max ${Math.max(...cold.map((r) => r.rssMb)).toFixed(1)} MB)`,
});
report({ id: "startup.rest", figure: `resident memory at rest, ${REST_MS / 1000} s after the first 200 (reference)`, value: Math.round(rest.rssMb * 10) / 10, unit: "MB", database: "SQLite", note: "one cold start left without requests" });

if (benchDatabaseUrl()) {
  const pgCold: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const db = await createBenchDatabase(`startup_${i}`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-startup-pg-"));
    try {
      pgCold.push(await startOnce(dataDir, { DATABASE_URL: db.url }));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  }
  line("cold start, empty PostgreSQL database", pgCold.map((r) => r.ms), "ms");
  line("idle RSS (PostgreSQL)", pgCold.map((r) => r.rssMb), "MB");
  report({ id: "startup.pg.cold", figure: "cold start to first 200, empty database", value: Math.round(median(pgCold.map((r) => r.ms))), unit: "ms", database: "PostgreSQL", note: `median of ${RUNS} spawns` });
  report({ id: "startup.pg.rss", figure: "idle resident memory", value: Math.round(median(pgCold.map((r) => r.rssMb)) * 10) / 10, unit: "MB", database: "PostgreSQL" });
}
