import { describe, expect, it } from "vitest";
import { adBudget } from "./ad-budget.ts";

describe("ad budget calculator", () => {
  it("goes from a revenue goal to orders, clicks and money, paying per click", () => {
    // ₩6,000,000 of sales at ₩40,000 an order, 2 % conversion, ₩500 a click, over 6 months
    const r = adBudget({ targetKind: "revenue", target: 6_000_000, averageOrderValue: 40_000, conversionRate: 0.02, pricing: { model: "cpc", costPerClick: 500 }, months: 6 });
    expect(r).toMatchObject({ conversions: 150, clicks: 7_500, impressions: null, total: 3_750_000 });
    expect(r.perMonth).toEqual([625_000, 625_000, 625_000, 625_000, 625_000, 625_000]);
    expect(r.steps[0]).toContain("6000000 ÷ 40000");
  });

  it("pays per thousand impressions through the click-through rate, rounding up", () => {
    // 1,000 followers, 10 % of clicks follow, 1.5 % click-through, $7.50 CPM (750 cents)
    const r = adBudget({ targetKind: "followers", target: 1_000, conversionRate: 0.1, pricing: { model: "cpm", costPerMille: 750, clickThroughRate: 0.015 }, months: 3 });
    expect(r).toMatchObject({ conversions: 1_000, clicks: 10_000, impressions: 666_667 });
    expect(r.total).toBe(500_001);
    expect(r.perMonth.reduce((a, b) => a + b, 0)).toBe(r.total);
  });

  it("refuses impossible rates and a revenue goal without an order value", () => {
    expect(() => adBudget({ targetKind: "leads", target: 10, conversionRate: 0, pricing: { model: "cpc", costPerClick: 1 }, months: 1 })).toThrow(RangeError);
    expect(() => adBudget({ targetKind: "revenue", target: 10, conversionRate: 0.5, pricing: { model: "cpc", costPerClick: 1 }, months: 1 })).toThrow(RangeError);
  });
});
