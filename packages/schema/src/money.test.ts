import { minorUnitDigits } from "@socialplan/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalMarkOf, MAX_MONEY_MINOR, moneyProblemMessage, parseMoney, type MoneyOptions } from "./money.ts";

const read = (text: string, currency: string, more: Partial<MoneyOptions> = {}) => {
  const r = parseMoney(text, { currency, ...more });
  return r.ok ? r.minor : r.problem;
};

describe("reading an amount strictly", () => {
  it("refuses the issue's examples instead of reading digits out of them", () => {
    expect(read("1e308", "USD")).toBe("not_a_number");
    expect(read("12abc34", "USD")).toBe("not_a_number");
    expect(read("0x10", "USD")).toBe("not_a_number");
  });

  it("reads plain, grouped and signed amounts in the currency's units", () => {
    expect(read("1180.50", "USD")).toBe(118_050);
    expect(read("1,180.50", "USD")).toBe(118_050);
    expect(read("$1,180.50", "USD")).toBe(118_050);
    expect(read("US$ 1,180.5", "USD")).toBe(118_050);
    expect(read("1180.50 usd", "USD")).toBe(118_050);
    expect(read("₩12,000", "KRW")).toBe(12_000);
    expect(read("￦12,000", "KRW")).toBe(12_000);
    expect(read("12,000원", "KRW")).toBe(12_000);
    expect(read("１２，０００", "KRW")).toBe(12_000);
    expect(read("¥1,180", "JPY")).toBe(1180);
    expect(read("1.180,50 €", "EUR")).toBe(118_050);
    expect(read("1 180,50 €", "EUR")).toBe(118_050);
    expect(read("12,5", "EUR")).toBe(1250);
    expect(read("007", "USD")).toBe(700);
    expect(read("-12.50", "USD", { allowNegative: true })).toBe(-1250);
    expect(read("-$12.50", "USD", { allowNegative: true })).toBe(-1250);
  });

  it("decides a single mark before three digits by the locale's decimal mark", () => {
    expect(read("1,180", "USD")).toBe(118_000);
    expect(read("1.180", "USD")).toBe("decimals");
    expect(read("1.180", "EUR", { decimal: "," })).toBe(118_000);
    expect(read("1,180", "EUR", { decimal: "," })).toBe("decimals");
    expect(read("1.180.000", "KRW")).toBe(1_180_000);
  });

  it("never rounds: more decimals than the currency has are refused", () => {
    expect(read("33.335", "USD")).toBe("decimals");
    expect(read("12.500", "USD")).toBe("decimals");
    expect(read("12.5", "KRW")).toBe("whole");
    expect(read("12.0", "JPY")).toBe("whole");
  });

  it("refuses other currencies, stray text, bad grouping, negatives where not allowed and huge amounts", () => {
    expect(read("$12", "KRW")).toBe("currency");
    expect(read("EUR 12", "USD")).toBe("currency");
    expect(read("12 apples", "USD")).toBe("not_a_number");
    expect(read("12%", "USD")).toBe("not_a_number");
    expect(read("+12", "USD")).toBe("not_a_number");
    expect(read("(12)", "USD")).toBe("not_a_number");
    expect(read("--12", "USD", { allowNegative: true })).toBe("not_a_number");
    expect(read("12-", "USD", { allowNegative: true })).toBe("not_a_number");
    expect(read(".5", "USD")).toBe("not_a_number");
    expect(read("12.", "USD")).toBe("not_a_number");
    expect(read("Infinity", "USD")).toBe("not_a_number");
    expect(read("1 2", "USD")).toBe("grouping");
    expect(read("12,34,567", "USD")).toBe("grouping");
    expect(read("1,180 000", "USD")).toBe("grouping");
    expect(read("1.180.50", "USD")).toBe("grouping");
    expect(read("-5", "USD")).toBe("negative");
    expect(read("   ", "USD")).toBe("empty");
    expect(read(String(MAX_MONEY_MINOR), "KRW")).toBe(MAX_MONEY_MINOR);
    expect(read(String(MAX_MONEY_MINOR + 1), "KRW")).toBe("too_large");
    expect(read("1".repeat(400), "USD")).toBe("too_large");
  });

  it("says what is wrong in English and Korean", () => {
    const r = parseMoney("33.335", { currency: "USD" });
    if (r.ok) throw new Error("read");
    expect(moneyProblemMessage("en", " 33.335 ", r)).toBe('"33.335" has more decimals than USD has (2). Amounts are not rounded: correct it in the file.');
    expect(moneyProblemMessage("ko", "33.335", r)).toBe('"33.335"은(는) USD의 소수 자릿수(2자리)보다 깁니다. 금액은 반올림하지 않으니 파일에서 고쳐 주세요.');
    const bad = parseMoney("12abc34", { currency: "KRW" });
    if (bad.ok) throw new Error("read");
    expect(moneyProblemMessage("en", "12abc34", bad)).toContain("as in ₩12,000");
  });

  const LOCALES = ["en-US", "ko-KR", "ja-JP", "zh-CN", "de-DE", "fr-FR", "de-CH", "es-ES"];
  for (const currency of ["USD", "EUR", "KRW", "JPY"]) {
    it(`gives back any amount of ${currency} formatted in any of ${LOCALES.length} locales (format, then read: the identity)`, () => {
      const digits = minorUnitDigits(currency);
      fc.assert(
        fc.property(
          fc.integer({ min: -MAX_MONEY_MINOR, max: MAX_MONEY_MINOR }),
          fc.constantFrom(...LOCALES),
          fc.constantFrom("symbol", "narrowSymbol", "code", "none"),
          fc.boolean(),
          (minor, locale, display, grouping) => {
            const nf =
              display === "none"
                ? new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: grouping })
                : new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: display, useGrouping: grouping });
            const text = nf.format(minor / 10 ** digits);
            const decimal = decimalMarkOf(locale);
            expect(parseMoney(text, { currency, decimal, allowNegative: true }), text).toEqual({ ok: true, minor });
          },
        ),
        { numRuns: 400 },
      );
    });
  }

  it("refuses junk, or reads it as the number it plainly says", () => {
    const tokens = ["0", "1", "2", "5", "9", "00", "123", ".", ",", " ", "-", "e", "E", "x", "+", "$", "US$", "USD", "€", "₩", "'", "(", ")", "%", "a", "\u202f", "\t"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 10 }).map((t) => t.join("")), fc.constantFrom<"." | ",">(".", ","), (text, decimal) => {
        const r = parseMoney(text, { currency: "USD", decimal, allowNegative: true });
        if (/[eExX+()%a€₩]/.test(text)) {
          expect(r.ok, text).toBe(false);
          return;
        }
        if (!r.ok) return;
        // What it plainly says: with either mark as the decimal one, and every other mark (spaces, apostrophes) as grouping.
        const body = text.replace(/US\$|USD|\$/g, "").replace(/[\s'\u202f]/g, "");
        const plain = [".", ","].flatMap((mark) => {
          const t = body.replace(mark === "." ? /,/g : /\./g, "").replace(mark, ".");
          return /^-?\d+(\.\d{1,2})?$/.test(t) ? [Math.round(Number(t) * 100)] : [];
        });
        expect(plain, text).toContain(r.minor === 0 ? Math.abs(r.minor) : r.minor);
        expect(r.minor < 0, text).toBe(r.minor !== 0 && text.includes("-"));
      }),
      { numRuns: 3000 },
    );
  });
});
