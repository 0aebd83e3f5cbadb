import { describe, expect, it } from "vitest";
import { annualPlanAdvice } from "./tools.ts";

describe("the guide's advice on annual plans", () => {
  it("shows for an annual plan not yet tried for a month, and not otherwise", () => {
    expect(annualPlanAdvice({ plan: "annual", tryingSince: null, used: true }, "2027-01-15")).toBe(true);
    expect(annualPlanAdvice({ plan: "annual", tryingSince: "2027-01-01", used: true }, "2027-01-15")).toBe(true);
    expect(annualPlanAdvice({ plan: "annual", tryingSince: "2026-12-01", used: true }, "2027-01-15")).toBe(false);
    expect(annualPlanAdvice({ plan: "monthly", tryingSince: null, used: true }, "2027-01-15")).toBe(false);
  });
});
