import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./dates.ts";
import { bestFit, forecastGoal, type Point } from "./forecast.ts";

const series = (start: string, days: number, every: number, value: (day: number) => number): Point[] =>
  Array.from({ length: Math.floor(days / every) + 1 }, (_, i) => ({ date: addDays(start, i * every), value: value(i * every) }));

describe("trend fits", () => {
  it("picks a straight line for steady growth and an exponential curve for compounding growth", () => {
    const linear = bestFit(series("2026-01-01", 60, 3, (d) => 100 + 5 * d))!;
    expect(linear.kind).toBe("linear");
    expect(linear.ratePerDay).toBeCloseTo(5, 6);
    expect(linear.r2).toBeCloseTo(1, 6);
    const compounding = bestFit(series("2026-01-01", 90, 3, (d) => 100 * 1.02 ** d))!;
    expect(compounding.kind).toBe("log-linear");
    expect(compounding.ratePerDay).toBeCloseTo(0.02, 6);
    expect(compounding.at("2026-04-01")).toBeCloseTo(100 * 1.02 ** 90, 3);
  });

  it("never fits a curve through zero or negative values", () => {
    expect(bestFit(series("2026-01-01", 30, 1, (d) => d - 10))!.kind).toBe("linear");
  });

  it("reproduces any exact line it is given (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 3, max: 40 }), (intercept, slope, n) => {
        const fit = bestFit(series("2026-03-01", n * 2, 2, (d) => intercept + slope * d))!;
        for (const p of series("2026-03-01", n * 2, 2, (d) => intercept + slope * d)) expect(fit.at(p.date)).toBeCloseTo(p.value, 4);
      }),
    );
  });
});

describe("goal progress and forecast", () => {
  const goal = { baseline: 1000, target: 2000, deadline: "2026-12-31", today: "2026-06-30" };

  it("is on track when the trend reaches the target before the deadline, with the date and the pace still needed", () => {
    const f = forecastGoal({ ...goal, points: series("2026-01-01", 180, 7, (d) => 1000 + 4 * d) });
    expect(f.verdict).toBe("on_track");
    expect(f.fit!.kind).toBe("linear");
    expect(f.current).toBe(1000 + 4 * 175);
    expect(f.progress).toBeCloseTo(70, 6);
    expect(f.forecastDate).toBe("2026-09-08"); // (2000 − 1000) / 4 = day 250 from 1 January
    // 300 more followers over the 184 days from today (30 June), not from the last measurement (25 June), to 31 December.
    expect(f.neededPerWeek).toBeCloseTo((300 / 184) * 7, 6);
  });

  it("is behind when the trend arrives after the deadline, and says when", () => {
    const f = forecastGoal({ ...goal, points: series("2026-01-01", 180, 7, (d) => 1000 + 2 * d) });
    expect(f.verdict).toBe("behind");
    expect(f.forecastDate).toBe("2027-05-16"); // day 500
  });

  it("says plainly when there is too little data, rather than guessing", () => {
    expect(forecastGoal({ ...goal, points: [] }).verdict).toBe("too_little_data");
    expect(forecastGoal({ ...goal, points: series("2026-06-01", 9, 3, (d) => 1000 + d) }).verdict).toBe("too_little_data"); // 4 points, 9 days
    expect(forecastGoal({ ...goal, points: series("2026-06-01", 9, 3, (d) => 1000 + d) }).progress).toBeCloseTo(0.9, 6);
  });

  it("recognises a goal already reached and a trend going the wrong way", () => {
    expect(forecastGoal({ ...goal, points: [{ date: "2026-06-01", value: 2100 }] }).verdict).toBe("reached");
    expect(forecastGoal({ ...goal, points: series("2026-01-01", 120, 7, (d) => 1500 - d) }).verdict).toBe("no_trend");
  });

  it("handles goals that go down (cost per order from 5,000 to 3,000)", () => {
    const f = forecastGoal({ baseline: 5000, target: 3000, deadline: "2026-12-31", today: "2026-06-30", points: series("2026-01-01", 150, 10, (d) => 5000 - 10 * d) });
    expect(f.verdict).toBe("on_track");
    expect(f.forecastDate).toBe("2026-07-20"); // day 200
    expect(f.progress).toBeCloseTo(75, 6);
  });
});
