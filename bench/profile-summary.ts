// node --import tsx bench/profile-summary.ts <file.cpuprofile> [top=25]
// Summarises a V8 CPU profile (node --cpu-prof) by self time and by total (inclusive) time per function, so that a
// profile can be read and quoted in a short note (bench/profiles/*.md) without DevTools.
import fs from "node:fs";
import path from "node:path";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; startTime: number; endTime: number; samples: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: Node) => {
  const url = n.callFrame.url.replace(/^file:\/\//, "");
  const short = url.includes("node_modules/") ? url.slice(url.lastIndexOf("node_modules/") + 13) : url ? path.relative(process.cwd(), url) : "";
  return `${n.callFrame.functionName || "(anonymous)"} ${short ? `${short}:${n.callFrame.lineNumber + 1}` : ""}`.trim();
};
const self = new Map<string, number>();
const total = new Map<string, number>();
const samples = profile.samples.length;
for (const id of profile.samples) {
  const leaf = byId.get(id)!;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + 1);
  // Inclusive: every distinct function on the sample's stack once.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (!seen.has(l)) (seen.add(l), total.set(l, (total.get(l) ?? 0) + 1));
  }
}
const pct = (n: number) => `${((n / samples) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${samples} samples over ${((profile.endTime - profile.startTime) / 1e6).toFixed(2)} s`);
console.log(`\nself time (top ${top})`);
for (const [l, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(n)}  ${l}`);
console.log(`\ntotal time (top ${top})`);
for (const [l, n] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(n)}  ${l}`);
