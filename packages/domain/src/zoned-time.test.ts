import { describe, expect, it } from "vitest";
import { occurrences, recurrenceError } from "./recurrence.ts";
import { utcToZoned, zonedDayBounds, zonedToUtc, zonedWeekStart } from "./zoned-time.ts";

describe("wall-clock time in a workspace's zone", () => {
  it("converts Seoul (no daylight saving) both ways", () => {
    expect(zonedToUtc({ date: "2026-03-29", time: "09:00" }, "Asia/Seoul")).toBe("2026-03-29T00:00:00.000Z");
    expect(utcToZoned("2026-03-29T00:00:00.000Z", "Asia/Seoul")).toEqual({ date: "2026-03-29", time: "09:00" });
    expect(zonedToUtc({ date: "2026-12-31", time: "23:30" }, "Asia/Seoul")).toBe("2026-12-31T14:30:00.000Z");
  });

  it("keeps 09:00 at 09:00 on both sides of Berlin's clock changes", () => {
    // 29 March 2026: clocks go forward at 02:00 (UTC+1 → UTC+2); 25 October: back at 03:00.
    expect(zonedToUtc({ date: "2026-03-28", time: "09:00" }, "Europe/Berlin")).toBe("2026-03-28T08:00:00.000Z");
    expect(zonedToUtc({ date: "2026-03-29", time: "09:00" }, "Europe/Berlin")).toBe("2026-03-29T07:00:00.000Z");
    expect(zonedToUtc({ date: "2026-10-25", time: "09:00" }, "Europe/Berlin")).toBe("2026-10-25T08:00:00.000Z");
  });

  it("moves a time that does not exist forward and takes the first of a time that happens twice", () => {
    // Berlin skips 02:00–03:00 on 29 March 2026.
    expect(utcToZoned(zonedToUtc({ date: "2026-03-29", time: "02:30" }, "Europe/Berlin"), "Europe/Berlin")).toEqual({ date: "2026-03-29", time: "03:30" });
    // New York repeats 01:00–02:00 on 1 November 2026: the first 01:30 is still daylight time (UTC−4).
    expect(zonedToUtc({ date: "2026-11-01", time: "01:30" }, "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    // …and skips 02:00–03:00 on 8 March 2026.
    expect(zonedToUtc({ date: "2026-03-08", time: "02:15" }, "America/New_York")).toBe("2026-03-08T07:15:00.000Z");
  });

  it("knows a day is 23 or 25 hours long on transition days", () => {
    const spring = zonedDayBounds("2026-03-08", "America/New_York");
    expect((Date.parse(spring.end) - Date.parse(spring.start)) / 3_600_000).toBe(23);
    const autumn = zonedDayBounds("2026-10-25", "Europe/Berlin");
    expect((Date.parse(autumn.end) - Date.parse(autumn.start)) / 3_600_000).toBe(25);
    const seoul = zonedDayBounds("2026-03-08", "Asia/Seoul");
    expect(seoul.start).toBe("2026-03-07T15:00:00.000Z");
  });

  it("finds the start of the local week", () => {
    // Sunday 23:30 in Seoul is Sunday there, Sunday 14:30 UTC.
    expect(zonedWeekStart("2026-11-29T14:30:00.000Z", "Asia/Seoul", 1)).toBe("2026-11-23");
    expect(zonedWeekStart("2026-11-29T15:30:00.000Z", "Asia/Seoul", 1)).toBe("2026-11-30");
    expect(zonedWeekStart("2026-11-29T15:30:00.000Z", "Asia/Seoul", 7)).toBe("2026-11-29");
  });
});

describe("recurring posts", () => {
  it("every Monday 09:00 in Berlin stays 09:00 local across the spring change", () => {
    const got = occurrences("FREQ=WEEKLY;BYDAY=MO", { date: "2026-03-16", time: "09:00" }, "Europe/Berlin", "2026-03-01T00:00:00Z", "2026-04-07T00:00:00Z");
    expect(got).toEqual(["2026-03-16T08:00:00.000Z", "2026-03-23T08:00:00.000Z", "2026-03-30T07:00:00.000Z", "2026-04-06T07:00:00.000Z"]);
  });

  it("every day 08:00 in New York across the autumn change, Seoul unchanged", () => {
    const ny = occurrences("FREQ=DAILY", { date: "2026-10-31", time: "08:00" }, "America/New_York", "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z");
    expect(ny).toEqual(["2026-10-31T12:00:00.000Z", "2026-11-01T13:00:00.000Z", "2026-11-02T13:00:00.000Z"]);
    const seoul = occurrences("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;COUNT=3", { date: "2026-11-27", time: "18:00" }, "Asia/Seoul", "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z");
    expect(seoul).toEqual(["2026-11-27T09:00:00.000Z", "2026-12-11T09:00:00.000Z", "2026-12-25T09:00:00.000Z"]);
  });

  it("refuses rules it cannot honour", () => {
    expect(recurrenceError("FREQ=WEEKLY;BYDAY=MO,TH")).toBeNull();
    expect(recurrenceError("FREQ=MONTHLY;BYMONTHDAY=1")).toBeNull();
    expect(recurrenceError("FREQ=HOURLY")).toBe("validation.recurrence_too_often");
    expect(recurrenceError("every monday")).toBe("validation.recurrence");
    expect(recurrenceError("FREQ=WEEKLY;TZID=Europe/Berlin")).toBe("validation.recurrence");
  });
});
