import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineFigures, sheetFigures, splitEvenly, spreadPlan, type BudgetLineInput } from "./budget.ts";

const ads = (planned: number[], actual: (number | null)[], extra: Partial<BudgetLineInput> = {}): BudgetLineInput => ({
  category: "ads",
  planned,
  actual,
  trackActuals: true,
  rollover: true,
  stoppedFrom: null,
  ...extra,
});

describe("budget rollover", () => {
  it("adds January's unspent ad money to February (the guide's template)", () => {
    const f = lineFigures(ads([300_000, 300_000, 300_000], [220_000, 350_000, null]), 3);
    expect(f.months.map((m) => m.available)).toEqual([300_000, 380_000, 330_000]);
    expect(f.months.map((m) => m.difference)).toEqual([80_000, 30_000, 330_000]);
    expect(f.carryOut).toBe(330_000);
  });

  it("carries an overspend forward as a negative amount", () => {
    const f = lineFigures(ads([100, 100], [160, 0]), 2);
    expect(f.months[1]).toEqual({ planned: 100, available: 40, actual: 0, difference: 40 });
  });

  it("without rollover, each month has only its own plan", () => {
    const f = lineFigures(ads([100, 100], [40, 0], { rollover: false, category: "software" }), 2);
    expect(f.months.map((m) => m.available)).toEqual([100, 100]);
  });

  it("a stopped line gets no funding and carries nothing from its stop month; spending there is overspend", () => {
    const f = lineFigures(ads([100, 100, 100, 100], [50, 50, 20, null]), 4);
    const stopped = lineFigures(ads([100, 100, 100, 100], [50, 50, 20, null], { stoppedFrom: 2 }), 4);
    expect(stopped.months.slice(0, 2)).toEqual(f.months.slice(0, 2));
    expect(stopped.months[2]).toEqual({ planned: 0, available: 0, actual: 20, difference: -20 });
    expect(stopped.months[3]!.available).toBe(0);
    expect(stopped.carryOut).toBe(0);
  });

  it("takes an untracked line's spending to be its plan", () => {
    const f = lineFigures(ads([9_900, 9_900], [null, 1], { trackActuals: false, rollover: false, category: "software" }), 2);
    expect(f.months.map((m) => [m.actual, m.difference])).toEqual([[9_900, 0], [9_900, 0]]);
  });

  const money = fc.integer({ min: 0, max: 50_000_000 });
  const line = (n: number) => fc.record({ planned: fc.array(money, { minLength: n, maxLength: n }), actual: fc.array(fc.option(money, { nil: null }), { minLength: n, maxLength: n }) });

  it("for any year of a line never stopped: the carry out of the last month = total planned − total actual", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 36 }).chain((n) => fc.tuple(fc.constant(n), line(n))), ([n, l]) => {
        const f = lineFigures(ads(l.planned, l.actual), n);
        expect(f.carryOut).toBe(f.total.planned - f.total.actual);
        expect(f.total.difference).toBe(f.carryOut);
      }),
    );
  });

  it("for any line: available = planned + the previous month's difference, and months before a stop are unchanged by it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 24 }).chain((n) => fc.tuple(fc.constant(n), line(n), fc.integer({ min: 0, max: n }))), ([n, l, stop]) => {
        const open = lineFigures(ads(l.planned, l.actual), n);
        for (let m = 1; m < n; m++) expect(open.months[m]!.available).toBe(open.months[m]!.planned + open.months[m - 1]!.difference);
        const stopped = lineFigures(ads(l.planned, l.actual, { stoppedFrom: stop }), n);
        expect(stopped.months.slice(0, stop)).toEqual(open.months.slice(0, stop));
        for (const m of stopped.months.slice(stop)) expect(m.available).toBe(0);
      }),
    );
  });

  it("adds lines up per month, per category and for the period, always in whole minor units", () => {
    fc.assert(
      fc.property(fc.array(line(12), { minLength: 1, maxLength: 20 }), (ls) => {
        const inputs = ls.map((l, i) => ads(l.planned, l.actual, { category: i % 2 ? "ads" : "software", rollover: i % 3 !== 0 }));
        const s = sheetFigures(inputs, 12);
        const perMonth = s.months.reduce((a, m) => a + m.actual, 0);
        expect(s.total.actual).toBe(perMonth);
        expect(s.categories.ads.total.planned + s.categories.software.total.planned).toBe(s.total.planned);
        for (const m of s.months) expect(Number.isInteger(m.available)).toBe(true);
      }),
    );
  });
});

describe("splitting and spreading", () => {
  it("splits money into whole parts that add up exactly", () => {
    expect(splitEvenly(1000, 3)).toEqual([334, 333, 333]);
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.integer({ min: 1, max: 36 }), (t, n) => {
        const parts = splitEvenly(t, n);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(t);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  const year = ["2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06", "2027-07", "2027-08", "2027-09", "2027-10", "2027-11"];

  it("puts €300 a month into each month from the first to the last", () => {
    const plan = spreadPlan({ kind: "monthly", amount: 30_000, months: year });
    expect(Object.keys(plan)).toEqual(year);
    expect(Object.values(plan).every((v) => v === 30_000)).toBe(true);
  });

  it("spreads ₩1,000,000 a year as 4 × ₩83,334 then 8 × ₩83,333: the remainder goes to the first months", () => {
    const plan = spreadPlan({ kind: "spread", amount: 1_000_000, months: year });
    expect(Object.values(plan)).toEqual([83_334, 83_334, 83_334, 83_334, ...Array(8).fill(83_333)]);
  });

  it("for any amount and any run of months, a spread's months add up exactly to the amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_000 }), fc.integer({ min: 1, max: 12 }), (amount, n) => {
        const plan = spreadPlan({ kind: "spread", amount, months: year.slice(0, n) });
        expect(Object.values(plan).reduce((a, b) => a + b, 0)).toBe(amount);
        expect(Object.values(plan).every(Number.isInteger)).toBe(true);
      }),
    );
  });
});
