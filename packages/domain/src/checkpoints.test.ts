import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkpointStanding, suggestCheckpoints } from "./checkpoints.ts";
import { addDays } from "./dates.ts";

describe("suggested checkpoints", () => {
  it("doubles an audience in six months by the same rate each month (the guide's German Instagram goal)", () => {
    const points = suggestCheckpoints({ start: "2026-01-01", deadline: "2026-07-01", baseline: 2000, target: 4000, cadence: "monthly", growth: "compound" });
    expect(points.map((p) => p.date)).toEqual(["2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01"]);
    // ×2^(1/6) ≈ ×1.1225 a month, weighted by the days in each month
    expect(points.map((p) => p.target)).toEqual([2252, 2507, 2823, 3167, 3566, 4000]);
  });

  it("adds the same amount each week for linear growth, and keeps decimals for rates", () => {
    const points = suggestCheckpoints({ start: "2026-03-02", deadline: "2026-03-30", baseline: 1.5, target: 3.5, cadence: "weekly", growth: "linear" });
    expect(points).toEqual([
      { date: "2026-03-09", target: 2 },
      { date: "2026-03-16", target: 2.5 },
      { date: "2026-03-23", target: 3 },
      { date: "2026-03-30", target: 3.5 },
    ]);
  });

  it("falls back to linear steps when compound growth is impossible (from zero)", () => {
    const points = suggestCheckpoints({ start: "2026-01-01", deadline: "2026-03-01", baseline: 0, target: 100, cadence: "monthly", growth: "compound" });
    expect(points).toEqual([
      { date: "2026-02-01", target: 53 },
      { date: "2026-03-01", target: 100 },
    ]);
  });

  it("clamps month ends: a goal started on 31 January checks in on the last day of February", () => {
    const points = suggestCheckpoints({ start: "2026-01-31", deadline: "2026-04-30", baseline: 10, target: 40, cadence: "monthly", growth: "linear" });
    expect(points.map((p) => p.date)).toEqual(["2026-02-28", "2026-03-31", "2026-04-30"]);
  });

  it("gives nothing for a deadline that is not after the start", () => {
    expect(suggestCheckpoints({ start: "2026-05-01", deadline: "2026-05-01", baseline: 1, target: 2, cadence: "weekly", growth: "linear" })).toEqual([]);
  });

  it("for any goal: dates rise strictly inside (start, deadline], the last is the target, and values move towards it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom("monthly" as const, "weekly" as const),
        fc.constantFrom("linear" as const, "compound" as const),
        (offset, length, baseline, target, cadence, growth) => {
          const start = addDays("2024-01-01", offset);
          const deadline = addDays(start, length);
          const points = suggestCheckpoints({ start, deadline, baseline, target, cadence, growth });
          expect(points.length).toBeGreaterThan(0);
          expect(points.at(-1)).toEqual({ date: deadline, target });
          let previous = { date: start, target: baseline };
          for (const p of points) {
            expect(p.date > previous.date).toBe(true);
            if (target >= baseline) expect(p.target).toBeGreaterThanOrEqual(previous.target);
            else expect(p.target).toBeLessThanOrEqual(previous.target);
            previous = p;
          }
        },
      ),
    );
  });
});

describe("checkpointStanding", () => {
  const checkpoints = [
    { date: "2026-03-01", target: 1200 },
    { date: "2026-01-01", target: 1000 },
    { date: "2026-02-01", target: 1100 },
  ];

  it("gives the last checkpoint due and the next, reached when the value is at its target", () => {
    expect(checkpointStanding({ checkpoints, today: "2026-02-10", current: 1100 })).toEqual({ due: { date: "2026-02-01", target: 1100, reached: true }, next: { date: "2026-03-01", target: 1200 } });
    expect(checkpointStanding({ checkpoints, today: "2026-02-01", current: 1099 }).due).toEqual({ date: "2026-02-01", target: 1100, reached: false });
  });

  it("reads a decreasing goal the other way, and says nothing without a value", () => {
    const down = [{ date: "2026-01-01", target: 50 }];
    expect(checkpointStanding({ checkpoints: down, today: "2026-01-05", current: 48, direction: "decrease" }).due?.reached).toBe(true);
    expect(checkpointStanding({ checkpoints: down, today: "2026-01-05", current: 52, direction: "decrease" }).due?.reached).toBe(false);
    expect(checkpointStanding({ checkpoints: down, today: "2026-01-05", current: null }).due?.reached).toBeNull();
  });

  it("has no checkpoint due before the first, and none next after the last", () => {
    expect(checkpointStanding({ checkpoints, today: "2025-12-31", current: 0 })).toEqual({ due: null, next: { date: "2026-01-01", target: 1000 } });
    expect(checkpointStanding({ checkpoints, today: "2026-04-01", current: 0 }).next).toBeNull();
  });
});
