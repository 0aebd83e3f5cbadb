import { describe, expect, it } from "vitest";
import { isoWeekday, lastWholePeriod } from "./dates.ts";

describe("the period a scheduled report covers", () => {
  it("is the last whole week from the workspace's week start, or the last calendar month", () => {
    expect(isoWeekday("2026-11-26")).toBe(4);
    // Thursday 26 November 2026: Monday weeks → 16–22 November; Sunday weeks → 15–21 November.
    expect(lastWholePeriod("week", "2026-11-26", 1)).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(lastWholePeriod("week", "2026-11-26", 7)).toEqual({ from: "2026-11-15", to: "2026-11-21" });
    // On the week's first day, the week that just ended.
    expect(lastWholePeriod("week", "2026-11-23", 1)).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(lastWholePeriod("month", "2026-03-01", 1)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(lastWholePeriod("month", "2027-01-15", 1)).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });
});
