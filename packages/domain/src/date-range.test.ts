import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkpointDates } from "./checkpoints.ts";
import { addDays, addMonthsToDate, daysBetween, isDate, isoWeekday, lastWholePeriod } from "./dates.ts";
import { addMonths, periodMonths } from "./period.ts";
import { utcToZoned, zonedDayBounds, zonedToUtc, zonedWeekStart } from "./zoned-time.ts";

// The dates the API accepts: 1900-01-01 … 9999-12-31 (packages/schema/src/vocabulary.ts).
const day = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZONES = ["UTC", "Asia/Seoul", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"];

describe("dates at the ends of the accepted range", () => {
  it("computes days, months, weekdays and report periods from any accepted date without throwing", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: -240, max: 240 }), fc.integer({ min: 1, max: 7 }), (d, n, months, weekStart) => {
        expect(isDate(d)).toBe(true);
        for (const out of [addDays(d, n), addMonthsToDate(d, months), lastWholePeriod("week", d, weekStart).from, lastWholePeriod("month", d, weekStart).to]) {
          expect(out).toMatch(DATE);
          expect(out <= "9999-12-31").toBe(true);
        }
        expect(Number.isFinite(daysBetween(d, addDays(d, n)))).toBe(true);
        expect(isoWeekday(d)).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it("keeps a date computed past 9999-12-31 at that day, so comparisons and loops still end", () => {
    expect(addDays("9999-12-28", 5)).toBe("9999-12-31");
    expect(addMonthsToDate("9999-11-30", 3)).toBe("9999-12-31");
    expect(addDays("1900-01-01", -1)).toBe("1899-12-31");
    // Years below 100 are read as written, not as 19xx.
    expect(addDays("0050-03-01", -1)).toBe("0050-02-28");
    expect(checkpointDates("9999-06-15", "9999-12-31", "monthly")).toEqual(["9999-07-15", "9999-08-15", "9999-09-15", "9999-10-15", "9999-11-15", "9999-12-15", "9999-12-31"]);
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 900 }), fc.constantFrom("monthly" as const, "weekly" as const), (start, span, cadence) => {
        const deadline = addDays(start, span);
        if (deadline <= start) return;
        const dates = checkpointDates(start, deadline, cadence);
        expect(dates.at(-1)).toBe(deadline);
      }),
    );
  });

  it("turns any accepted date into day bounds and wall-clock times in any zone without throwing", () => {
    fc.assert(
      fc.property(day, fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 23 }), (d, zone, hour) => {
        const bounds = zonedDayBounds(d, zone);
        expect(typeof bounds.start).toBe("string");
        const instant = zonedToUtc({ date: d, time: `${String(hour).padStart(2, "0")}:30` }, zone);
        expect(utcToZoned(instant, zone).date).toMatch(DATE);
        expect(zonedWeekStart(instant, zone)).toMatch(/^\d{4,}-\d{2}-\d{2}$/);
      }),
      { numRuns: 200 },
    );
  });

  it("lists the months of a period starting in any accepted month", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 36 }), (d, months) => {
        const list = periodMonths({ start: d.slice(0, 7), months });
        expect(list).toHaveLength(months);
        expect(list[0]).toBe(d.slice(0, 7));
        expect(addMonths(d.slice(0, 7), 0)).toBe(d.slice(0, 7));
      }),
    );
  });
});
