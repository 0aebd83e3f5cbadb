// npm run bench — every benchmark one after the other (each gets the machine to itself), then one table of every
// figure: what, value, aim, met or not. Not a test: nothing is asserted, but the exit code is 1 when a benchmark
// failed to run. The table is also written to bench/results/latest.md (the README shows the latest one).
// BENCH_DATABASE_URL adds the PostgreSQL figures; BENCH_ONLY=api,tracking runs some of the benchmarks.
import { execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { formatAim, formatValue, met, type Figure } from "./report.ts";
import { benchDatabaseUrl } from "./pg.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
/** In the order the table shows them. `build` is what the benchmark needs built before it runs. */
const BENCHES = [
  { name: "startup", file: "startup.bench.ts" },
  { name: "api", file: "api.bench.ts" },
  { name: "tracking", file: "tracking.bench.ts" },
  { name: "publish", file: "publish.bench.ts" },
  { name: "channel-delete", file: "channel-delete.bench.ts" },
  { name: "budget", file: "budget.bench.ts" },
  { name: "first-screen", file: "first-screen.bench.ts" },
];

const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
const chosen = BENCHES.filter((b) => !only || only.includes(b.name));
const results = path.join(os.tmpdir(), `socialplan-bench-${process.pid}.jsonl`);
fs.writeFileSync(results, "");

const sh = (cmd: string) => execSync(cmd, { cwd: ROOT, encoding: "utf8" }).trim();
const tryOr = (f: () => string, fallback: string) => {
  try {
    return f();
  } catch {
    return fallback;
  }
};

console.log("Building the web app and the server once for every benchmark …");
execSync("npm run build", { cwd: ROOT, stdio: "inherit" });

const loadBefore = os.loadavg()[0] ?? 0;
const failed: string[] = [];
const started = Date.now();
for (const bench of chosen) {
  console.log(`\n=== ${bench.name} (bench/${bench.file})`);
  const t0 = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, bench.file)], { cwd: ROOT, stdio: "inherit", env: { ...process.env, BENCH_RESULTS: results } });
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  console.log(`=== ${bench.name}: ${code === 0 ? "done" : `FAILED (exit ${code})`} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (code !== 0) failed.push(bench.name);
}

const figures = fs
  .readFileSync(results, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Figure);
fs.rmSync(results, { force: true });

const cpu = os.cpus()[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown CPU";
const commit = tryOr(() => sh("git rev-parse --short HEAD") + (sh("git status --porcelain --untracked-files=no") ? " (with local changes)" : ""), "not a git checkout");
async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return ((await client.query("show server_version")).rows[0] as { server_version: string }).server_version;
  } catch {
    return "(version not read)";
  } finally {
    await client.end().catch(() => undefined);
  }
}
const pgVersion = benchDatabaseUrl() ? await postgresVersion(benchDatabaseUrl()!) : undefined;
const machine =
  `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · commit ${commit} · ${cpu}, ${os.cpus().length} cores, ` +
  `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM · ${os.type()} ${os.release()} · Node ${process.version}` +
  (pgVersion ? ` · PostgreSQL ${pgVersion} on the same machine` : " · PostgreSQL figures not measured (BENCH_DATABASE_URL unset)") +
  ` · load average before the run ${loadBefore.toFixed(2)} (1 min) · ${((Date.now() - started) / 60000).toFixed(0)} min`;

const rows = figures.map((f) => {
  const ok = met(f);
  return [f.figure, f.database ?? "—", formatValue(f.value, f.unit), formatAim(f), ok === undefined ? "reference" : ok ? "met" : "**not met**"];
});
const header = ["Figure", "Database", "Value", "Aim", "Met"];
const markdown = [
  `Machine: ${machine}`,
  "",
  `| ${header.join(" | ")} |`,
  `|${header.map(() => "---").join("|")}|`,
  ...rows.map((r) => `| ${r.join(" | ")} |`),
  ...(failed.length ? ["", `Did not run to the end: ${failed.join(", ")}.`] : []),
].join("\n");

// The terminal table: the same columns, padded.
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.replace(/\*/g, "").length)));
const line = (cells: string[]) => cells.map((c, i) => c.replace(/\*/g, "").padEnd(widths[i]!)).join("  ");
console.log(`\n\nSocialplan benchmarks — ${machine}\n`);
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of rows) console.log(line(r));
const aimed = figures.filter((f) => f.aim);
console.log(`\n${aimed.filter((f) => met(f)).length} of ${aimed.length} aims met${failed.length ? `; FAILED to run: ${failed.join(", ")}` : ""}.`);

if (!only) {
  fs.mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
  fs.writeFileSync(path.join(import.meta.dirname, "results", "latest.md"), `${markdown}\n`);
  console.log("Written to bench/results/latest.md.");
}
process.exit(failed.length ? 1 : 0);
