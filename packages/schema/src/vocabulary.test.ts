import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dashboardQuerySchema } from "./metrics.ts";
import { cleanFileName, cleanText, dateSchema, daysFromTo, instantSchema, isCalendarDate, monthSchema, periodFits, xmlSafeText } from "./vocabulary.ts";

const MIN = Date.UTC(1900, 0, 1);
const MAX = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const inRange = fc.date({ min: new Date(MIN), max: new Date(MAX), noInvalidDate: true });

describe("dates", () => {
  it("refuses impossible and out-of-range days with validation.date", () => {
    for (const bad of ["2026-13-45", "0000-00-00", "2026-02-30", "2023-02-29", "1899-12-31", "10000-01-01", "9999-19-39", "2026-1-5", "2026-01-01T00:00Z", ""]) {
      const r = dateSchema.safeParse(bad);
      expect(r.success, bad).toBe(false);
      expect(r.error!.issues.map((i) => i.message), bad).toEqual(["validation.date"]);
    }
  });

  it("takes every real day from 1900-01-01 to 9999-12-31, leap days included", () => {
    for (const good of ["1900-01-01", "9999-12-31", "2024-02-29", "2000-02-29", "2026-11-30"]) expect(dateSchema.safeParse(good).success, good).toBe(true);
    expect(dateSchema.safeParse("1900-02-29").success).toBe(false);
  });

  it("accepts the day of any instant in range, and never throws on any string", () => {
    fc.assert(fc.property(inRange, (d) => dateSchema.safeParse(d.toISOString().slice(0, 10)).success));
    fc.assert(fc.property(inRange, (d) => instantSchema.safeParse(d.toISOString()).success));
    fc.assert(fc.property(inRange, (d) => monthSchema.safeParse(d.toISOString().slice(0, 7)).success));
    const dateLike = fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), dateLike), (s) => {
        for (const schema of [dateSchema, monthSchema, instantSchema]) expect(() => schema.safeParse(s)).not.toThrow();
        // What the schema accepts is exactly a real day that round-trips through Date (the old check, made total).
        const ms = Date.parse(`${s}T00:00:00Z`);
        const real = /^\d{4}-\d{2}-\d{2}$/.test(s) && Number(s.slice(0, 4)) >= 1900 && !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
        expect(dateSchema.safeParse(s).success).toBe(real);
      }),
    );
  });

  it("refuses months outside 1900-01 to 9999-12 with validation.month", () => {
    for (const bad of ["0000-01", "2026-13", "2026-00", "1899-12", "10000-01", "2026-1"]) expect(monthSchema.safeParse(bad).error?.issues[0]?.message, bad).toBe("validation.month");
    for (const good of ["1900-01", "9999-12", "2027-03"]) expect(monthSchema.safeParse(good).success).toBe(true);
  });

  it("refuses instants with an impossible clock or a UTC moment outside the range", () => {
    for (const bad of ["2026-02-30T09:00Z", "2026-01-01T24:00Z", "2026-01-01T09:60Z", "0000-01-01T00:00Z", "9999-12-31T23:00-05:00", "1900-01-01T00:00+09:00", "2026-01-01T09:00", "2026-01-01T09:00+24:00"]) {
      expect(instantSchema.safeParse(bad).error?.issues[0]?.message, bad).toBe("validation.instant");
    }
    expect(instantSchema.safeParse("2027-03-01T09:00:00+09:00").success).toBe(true);
    expect(instantSchema.safeParse("2027-03-01T09:00:00.123Z").success).toBe(true);
  });

  it("counts days and checks periods without ever throwing", () => {
    expect(daysFromTo("2024-02-28", "2024-03-01")).toBe(2);
    expect(periodFits({ from: "2026-01-01", to: "2026-12-31" })).toBe(true);
    expect(periodFits({ from: "2026-12-31", to: "2026-01-01" })).toBe(false);
    expect(periodFits({ from: "1900-01-01", to: "9999-12-31" })).toBe(false);
    // A bad date is its own field's error, not also a bad period.
    const r = dashboardQuerySchema.safeParse({ from: "2026-13-45", to: "2026-01-01" });
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["from", "validation.date"]]);
    expect(isCalendarDate(undefined)).toBe(false);
  });
});

describe("text", () => {
  it("removes control characters and NUL, keeps tab and newline, and turns CRLF and CR into LF", () => {
    expect(cleanText("a\u0000b\u0007c\td\r\ne\rf\u007F\u0085g\u009F")).toBe("abc\td\ne\nfg");
    expect(cleanText("서울 캔들 🕯️ — “quoted”")).toBe("서울 캔들 🕯️ — “quoted”");
    expect(cleanText("lone \uD800 surrogate")).toBe("lone \uFFFD surrogate");
  });

  it("leaves only characters XML 1.0 allows", () => {
    const xmlChar = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => xmlChar.test(xmlSafeText(s))));
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\r]/.test(cleanText(s))));
    expect(xmlSafeText("a\uFFFEb\uFFFFc\uDC00d 😀")).toBe("abcd 😀");
  });

  it("takes bidi controls and line breaks out of file names and keeps them to 200 characters", () => {
    expect(cleanFileName("\u202Egnp.exe")).toBe("gnp.exe");
    expect(cleanFileName(" report\u2066\u200F\n2026\t.pdf ")).toBe("report 2026 .pdf");
    expect(cleanFileName("a".repeat(300))).toHaveLength(200);
    expect(cleanFileName(`${"a".repeat(199)}😀`)).toBe("a".repeat(199));
    expect(cleanFileName(`${"b".repeat(300)}.docx`)).toBe(`${"b".repeat(195)}.docx`);
  });
});
