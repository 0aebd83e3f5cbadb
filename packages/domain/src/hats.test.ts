import { describe, expect, it } from "vitest";
import { hatCoverage, uncoveredHats } from "./hats.ts";

const ALL = ["boss", "ads", "community"] as const;

describe("hats", () => {
  it("warns about hats nobody wears, in the guide's order", () => {
    expect(uncoveredHats(ALL, [{ hats: ["community"] }])).toEqual(["boss", "ads"]);
  });

  it("finds nothing uncovered when one person wears every hat", () => {
    expect(uncoveredHats(ALL, [{ hats: [...ALL] }])).toEqual([]);
  });

  it("counts each wearer once per hat", () => {
    expect(hatCoverage(ALL, [{ hats: ["ads", "ads"] }, { hats: ["ads", "boss"] }])).toEqual({ boss: 1, ads: 2, community: 0 });
  });
});
