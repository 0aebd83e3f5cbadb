import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, minorUnitDigits, toMinorUnits } from "./money.ts";

describe("money", () => {
  it("knows that KRW has no minor unit and USD has cents", () => {
    expect(minorUnitDigits("KRW")).toBe(0);
    expect(minorUnitDigits("USD")).toBe(2);
  });

  it("parses typed amounts into integer minor units", () => {
    expect(toMinorUnits("12.34", "USD")).toBe(1234);
    expect(toMinorUnits("1,500", "KRW")).toBe(1500);
    expect(toMinorUnits("0.005", "USD")).toBe(1);
    expect(toMinorUnits("-2.5", "USD")).toBe(-250);
    expect(() => toMinorUnits("abc", "USD")).toThrow(RangeError);
  });

  it("round-trips any integer amount of cents through its decimal text", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        const text = (cents < 0 ? "-" : "") + (Math.abs(cents) / 100).toFixed(2);
        expect(toMinorUnits(text, "USD")).toBe(cents);
      }),
    );
  });

  it("formats minor units in the reader's locale", () => {
    expect(formatMoney({ amount: 123456, currency: "USD" }, "en-US")).toBe("$1,234.56");
    expect(formatMoney({ amount: 5000, currency: "KRW" }, "ko-KR")).toBe("₩5,000");
  });
});
