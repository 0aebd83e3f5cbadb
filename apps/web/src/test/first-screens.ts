import fs from "node:fs";
import path from "node:path";
import { FIRST_SCREENS } from "../../vite-plugins.ts";

export const SRC = path.resolve(import.meta.dirname, "..");

// The first screens' modules, as the build gathers them into their files (App.tsx loads them with `firstScreen`).
const ENTRIES = Object.values(FIRST_SCREENS)
  .flat()
  .map((file) => path.relative("src", file));

/** The first screens' own modules (paths under src/) with their source: the entries and what they import statically. */
export function firstScreenSources(): Map<string, string> {
  const sources = new Map<string, string>();
  const visit = (file: string) => {
    if (sources.has(file)) return;
    const source = fs.readFileSync(path.join(SRC, file), "utf8");
    sources.set(file, source);
    for (const [, spec] of source.matchAll(/^import (?!type )[^;]*?from "(\.[^"]+)"/gm)) {
      visit(path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), spec!)));
    }
  };
  ENTRIES.forEach(visit);
  return sources;
}
