import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { firstScreenSources, SRC } from "./test/first-screens.ts";

const STYLES = path.resolve(SRC, "../../../node_modules/@mantine/core/styles");

describe("the Mantine styles the first screens load", () => {
  it("include every component those screens use that has a stylesheet of its own", () => {
    const listed = fs.readFileSync(path.join(SRC, "first-screen-styles.ts"), "utf8");
    const used = new Set<string>();
    for (const source of firstScreenSources().values()) {
      for (const [, names] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@mantine\/core"/g)) {
        for (const name of names!.split(",").map((n) => n.trim().replace(/^type\s+/, ""))) if (name) used.add(name);
      }
    }
    expect(used.has("AppShell")).toBe(true);
    const missing = [...used].filter((name) => fs.existsSync(path.join(STYLES, `${name}.css`)) && !listed.includes(`"@mantine/core/styles/${name}.css"`));
    expect(missing).toEqual([]);
  });
});
