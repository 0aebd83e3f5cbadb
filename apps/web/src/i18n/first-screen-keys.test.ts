import { describe, expect, it } from "vitest";
import { firstScreenSources } from "../test/first-screens.ts";
import en from "./en.json";
import { FIRST_SCREEN_KEYS } from "./first-screen-keys.ts";

describe("the messages the first screens load", () => {
  it("hold every group of messages those screens use", () => {
    const sources = firstScreenSources();
    expect([...sources.keys()]).toContain("components/AppLayout.tsx");
    const used = new Set<string>();
    for (const source of sources.values()) for (const [, group] of source.matchAll(/\bt\(\s*["'`]([A-Za-z]+)[.`"']/g)) used.add(group!);
    expect([...used].filter((group) => !FIRST_SCREEN_KEYS.includes(group))).toEqual([]);
  });

  it("name groups that exist", () => {
    expect(FIRST_SCREEN_KEYS.filter((key) => !(key in en))).toEqual([]);
  });
});
