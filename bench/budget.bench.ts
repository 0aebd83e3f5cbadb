// npm run bench:budget — the budget figures named in the budget issue: recomputing a 50-line × 36-month sheet
// in the domain function, and the API returning that sheet. Printed, not asserted.
import fs from "node:fs";
import os from "node:os";
import { report } from "./report.ts";
import path from "node:path";
import { periodMonths, sheetFigures, type BudgetLineInput } from "@socialplan/domain";
import { startBenchServer } from "./bench-server.ts";

const LINES = 50;
const MONTHS = 36;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const random = (max: number) => Math.floor(Math.random() * max);

function domainBench() {
  const lines: BudgetLineInput[] = Array.from({ length: LINES }, (_, i) => ({
    category: (["software", "ads", "services", "assets"] as const)[i % 4]!,
    planned: Array.from({ length: MONTHS }, () => random(1_000_000)),
    actual: Array.from({ length: MONTHS }, (_, m) => (m < 20 ? random(1_000_000) : null)),
    trackActuals: i % 5 !== 0,
    rollover: i % 4 === 1,
    stoppedFrom: i % 7 === 0 ? 24 : null,
  }));
  for (let i = 0; i < 200; i++) sheetFigures(lines, MONTHS);
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    sheetFigures(lines, MONTHS);
    times.push(performance.now() - t0);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function apiBench() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-bench-"));
  const { server, base, call, headers } = await startBenchServer(dataDir);
  try {
    const ws = await call("POST", "/workspaces", { name: "Bench", periodStart: "2027-01", periodMonths: MONTHS, currency: "USD" });
    const months = periodMonths({ start: "2027-01", months: MONTHS });
    for (let i = 0; i < LINES; i++) await call("POST", `/workspaces/${ws.id}/budget/lines`, { name: `Line ${i + 1}`, category: i % 2 ? "ads" : "software" });
    const budget = await call("GET", `/workspaces/${ws.id}/budget`);
    const cells = budget.lines.flatMap((l: { id: string }) => months.flatMap((m) => [
      { lineId: l.id, month: m, field: "planned", amount: random(100_000) },
      { lineId: l.id, month: m, field: "actual", amount: random(100_000) },
    ]));
    const t0 = performance.now();
    await call("PUT", `/workspaces/${ws.id}/budget/cells`, { cells });
    const writeMs = performance.now() - t0;
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 300; i++) {
      const s = performance.now();
      const res = await fetch(`${base}/api/workspaces/${ws.id}/budget`, { headers: headers() });
      bytes = (await res.arrayBuffer()).byteLength;
      times.push(performance.now() - s);
    }
    return { cells: cells.length, writeMs, p50: percentile(times.slice(20), 50), p99: percentile(times.slice(20), 99), bytes };
  } finally {
    server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const d = domainBench();
const a = await apiBench();
console.log(`\nSocialplan budget benchmark — ${LINES} lines × ${MONTHS} months, Node ${process.version}, ${os.cpus().length} cores`);
console.log(`  domain: recompute the whole sheet (sheetFigures)         p50 ${d.p50.toFixed(3)} ms   p99 ${d.p99.toFixed(3)} ms`);
console.log(`  API: write ${a.cells} cells in one PUT (one transaction)       ${a.writeMs.toFixed(0)} ms`);
console.log(`  API: GET the sheet (${(a.bytes / 1024).toFixed(0)} KiB), one request at a time         p50 ${a.p50.toFixed(1)} ms   p99 ${a.p99.toFixed(1)} ms`);
// The budget issue named no figure: these are references (no aim) in the runner's table.
report({ id: "budget.recompute", figure: `budget sheet recomputed in the domain (${LINES} lines × ${MONTHS} months), p99`, value: d.p99, unit: "ms" });
report({ id: "budget.write", figure: `budget: ${a.cells.toLocaleString("en")} cells written in one PUT`, value: a.writeMs, unit: "ms", database: "SQLite" });
report({ id: "budget.read", figure: `budget sheet read (GET, ${(a.bytes / 1024).toFixed(0)} KiB), p99`, value: a.p99, unit: "ms", database: "SQLite" });
