import { MESSAGES } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import en from "./en.json";
import ko from "./ko.json";

/** Dotted keys of a message tree; plural forms count as one key, since languages have different plural categories. */
function keys(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
const normalise = (list: string[]) => [...new Set(list.map((k) => k.replace(/_(zero|one|two|few|many|other)$/, "")))].sort();

describe("message files", () => {
  it("have the same keys in English and Korean in the web app", () => {
    expect(normalise(keys(ko))).toEqual(normalise(keys(en)));
  });

  it("have the same keys in English and Korean for server messages", () => {
    expect(normalise(keys(MESSAGES.ko))).toEqual(normalise(keys(MESSAGES.en)));
  });

  it("give every Korean plural the 'other' form Korean uses", () => {
    const pluralBases = keys(en).filter((k) => k.endsWith("_other")).map((k) => k.replace(/_other$/, ""));
    for (const base of pluralBases) expect(keys(ko)).toContain(`${base}_other`);
  });

  it("keep the same {{placeholders}} in both languages", () => {
    const flat = (tree: unknown) => Object.fromEntries(keys(tree).map((k) => [k, k.split(".").reduce<any>((n, p) => n[p], tree)]));
    for (const [webOrServerEn, webOrServerKo] of [
      [en, ko],
      [MESSAGES.en, MESSAGES.ko],
    ] as const) {
      const e = flat(webOrServerEn);
      const k = flat(webOrServerKo);
      for (const key of Object.keys(e)) {
        const base = key.replace(/_(one|other)$/, "");
        const koText = k[key] ?? k[`${base}_other`];
        const vars = (s: string) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
        expect(vars(koText), key).toEqual(vars(e[key]));
      }
    }
  });
});

describe("the web app's source", () => {
  it("uses only message keys that exist", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const root = path.resolve(import.meta.dirname, "..");
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"));
    const known = new Set(keys(en).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, "")));
    const missing: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), "utf8");
      for (const m of text.matchAll(/\bt\("([a-zA-Z0-9_.]+)"/g)) if (!known.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
});
