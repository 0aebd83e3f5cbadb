import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths, dayIn, monthIn, periodEnd, periodMonths } from "./period.ts";

describe("strategy period", () => {
  it("lists twelve months across a year boundary", () => {
    const months = periodMonths({ start: "2026-11", months: 12 });
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2026-11");
    expect(months[2]).toBe("2027-01");
    expect(periodEnd({ start: "2026-11", months: 12 })).toBe("2027-10");
  });

  it("adding then subtracting months returns the same month", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: -500, max: 500 }), (y, m, n) => {
        const month = `${y}-${String(m).padStart(2, "0")}`;
        expect(addMonths(addMonths(month, n), -n)).toBe(month);
      }),
    );
  });

  it("reads the month in the workspace time zone, not UTC", () => {
    const instant = new Date("2026-12-31T20:00:00Z");
    expect(monthIn(instant, "UTC")).toBe("2026-12");
    expect(monthIn(instant, "Asia/Seoul")).toBe("2027-01");
  });

  it("reads the day of the month and the month's length in the workspace time zone", () => {
    const instant = new Date("2027-02-28T16:00:00Z");
    expect(dayIn(instant, "UTC")).toEqual({ month: "2027-02", day: 28, days: 28 });
    expect(dayIn(instant, "Asia/Seoul")).toEqual({ month: "2027-03", day: 1, days: 31 });
    expect(dayIn(new Date("2028-02-10T00:00:00Z"), "Europe/Berlin")).toEqual({ month: "2028-02", day: 10, days: 29 });
  });
});
