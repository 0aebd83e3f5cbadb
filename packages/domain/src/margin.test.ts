import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { margin, priceForMargin } from "./margin.ts";

describe("margin calculator", () => {
  it("turns a unit cost and a price into profit, margin and markup", () => {
    // cost ₩12,000, price ₩30,000
    expect(margin(30000, 12000)).toEqual({ profitMinor: 18000, marginPercent: 60, markupPercent: 150 });
    // $24.99 against $9.40
    expect(margin(2499, 940)).toEqual({ profitMinor: 1559, marginPercent: 62.38, markupPercent: 165.85 });
  });

  it("shows a loss as negative figures and leaves undefined ratios empty", () => {
    expect(margin(800, 1000)).toEqual({ profitMinor: -200, marginPercent: -25, markupPercent: -20 });
    expect(margin(0, 500).marginPercent).toBeNull();
    expect(margin(500, 0).markupPercent).toBeNull();
  });

  it("refuses amounts that are not integer minor units", () => {
    expect(() => margin(10.5, 2)).toThrow(RangeError);
  });

  it("finds the price for a wanted margin, and that price gives at least that margin", () => {
    expect(priceForMargin(12000, 60)).toBe(30000);
    expect(priceForMargin(100, 100)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 0, max: 95 }), (cost, wanted) => {
        const price = priceForMargin(cost, wanted)!;
        expect(margin(price, cost).marginPercent!).toBeGreaterThanOrEqual(wanted - 0.01);
      }),
    );
  });

  it("for any price and cost: profit = price − cost and margin × price = markup × cost", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (price, cost) => {
        const m = margin(price, cost);
        expect(m.profitMinor).toBe(price - cost);
        expect(Math.abs((m.marginPercent! * price - m.markupPercent! * cost) / Math.max(price, cost))).toBeLessThan(0.02);
      }),
    );
  });
});
