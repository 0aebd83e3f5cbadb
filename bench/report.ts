// One line per figure, the same shape from every benchmark: `npm run bench` (bench/run.ts) gathers them into one
// table. A benchmark calls report() for each figure it measures; the line is printed at once, and appended as JSON to
// the file named by BENCH_RESULTS when the runner set it.
import fs from "node:fs";

export interface Aim {
  /** "max": the value must be at most `value` (times, memory); "min": at least (rates, ratios). */
  kind: "max" | "min";
  value: number;
}

export interface Figure {
  /** Stable id, `<bench>.<figure>` (e.g. "api.ratio"): the runner's table keeps the order of first appearance. */
  id: string;
  /** What was measured, in words a reader of the README understands. */
  figure: string;
  value: number;
  /** "ms", "MB", "rows/s", "posts/s", "×", "KB" … */
  unit: string;
  aim?: Aim;
  /** "SQLite" (the embedded default) or "PostgreSQL". */
  database?: "SQLite" | "PostgreSQL";
  /** A short remark shown under the table (sizes, the reference it is compared with). */
  note?: string;
}

export const met = (f: Pick<Figure, "value" | "aim">): boolean | undefined => (f.aim ? (f.aim.kind === "max" ? f.value <= f.aim.value : f.value >= f.aim.value) : undefined);

export const formatValue = (value: number, unit: string): string => {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const n = value.toLocaleString("en", { maximumFractionDigits: unit === "×" ? 2 : digits });
  return unit === "×" ? `${n}×` : unit === "%" ? `${n} %` : `${n} ${unit}`;
};

export const formatAim = (f: Pick<Figure, "aim" | "unit">): string => (f.aim ? `${f.aim.kind === "max" ? "≤" : "≥"} ${formatValue(f.aim.value, f.unit)}` : "—");

/** Prints the figure and records it for the runner's table. */
export function report(f: Figure): void {
  const ok = met(f);
  const verdict = ok === undefined ? "" : ok ? "  met" : "  NOT MET";
  console.log(`  [figure] ${f.figure}${f.database ? ` (${f.database})` : ""}: ${formatValue(f.value, f.unit)}${f.aim ? ` (aim ${formatAim(f)})` : ""}${verdict}`);
  const file = process.env.BENCH_RESULTS;
  if (file) fs.appendFileSync(file, `${JSON.stringify(f)}\n`);
}
