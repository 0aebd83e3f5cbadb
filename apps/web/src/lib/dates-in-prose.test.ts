import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * A guard against dates shown as ISO strings or in the browser's zone: screens write dates through `useFormat`
 * (lib/format.ts), in the reader's language and the workspace's zone. Cutting a timestamp ("2026-12-07T00:30:00Z")
 * with `.slice(0, 10)` or `.slice(0, 16).replace("T", " ")` shows UTC's day and time in ISO form; `toLocaleString()`
 * shows the browser's zone. The check is textual, so a cut that is not about showing a date is listed here with why.
 */
const ALLOWED: { file: string; contains: string; why: string }[] = [
  { file: "features/budget/AdCalculator.tsx", contains: "timebound?.start?.slice(0, 7)", why: "the goal's start month as a key for the budget, not shown" },
  { file: "features/roadmap/RoadmapPage.tsx", contains: "getTimezoneOffset() * 60_000).toISOString().slice(0, 10)", why: "the Gantt chart's local midnight back to the calendar day it stands for, saved, not shown" },
  { file: "features/roadmap/RoadmapPage.tsx", contains: "getTimezoneOffset() * 60_000 - 1000).toISOString().slice(0, 10)", why: "the same, for the bar's exclusive end" },
  { file: "features/calendar/QueueView.tsx", contains: "items.slice(0, 10)", why: "the first ten items of a list, not a date" },
];

const CUTS = /\.slice\(0, ?(7|10|16)\)|\.slice\(5\b|\.replace\("T", " "\)|\.toLocale(Date|Time)?String\(/g;
// A machine-readable value for <time dateTime="…"> may be cut: it is not read by people.
const MACHINE = /dateTime=\{[^}]*\}/g;

function sourceFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tsx$/.test(f) || (/\.ts$/.test(f) && !f.endsWith(".test.ts") && !f.endsWith(".d.ts")));
}

describe("dates on screens", () => {
  it("are never ISO cuts of a timestamp or the browser's zone in the web app's source (outside the allow-list, with reasons)", () => {
    const root = path.resolve(import.meta.dirname, "..");
    const found: string[] = [];
    for (const file of sourceFiles(root)) {
      const name = file.split(path.sep).join("/");
      const lines = fs.readFileSync(path.join(root, file), "utf8").split("\n");
      lines.forEach((line, i) => {
        const text = line.replace(MACHINE, "");
        // Only JSX files show things, except toLocale*String, which is wrong anywhere (it uses the browser's zone).
        const hits = [...text.matchAll(CUTS)].filter((m) => name.endsWith(".tsx") || m[0].startsWith(".toLocale"));
        if (!hits.length) return;
        if (ALLOWED.some((a) => a.file === name && line.includes(a.contains))) return;
        found.push(`${name}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("keeps its allow-list honest: every entry still matches a line", () => {
    const root = path.resolve(import.meta.dirname, "..");
    const stale = ALLOWED.filter((a) => {
      const file = path.join(root, a.file);
      return !fs.existsSync(file) || !fs.readFileSync(file, "utf8").includes(a.contains);
    });
    expect(stale).toEqual([]);
  });
});
