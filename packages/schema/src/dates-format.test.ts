import { describe, expect, it } from "vitest";
import { datesInWords, dayInZone, formatDay, formatDayRange, formatInstant, formatMonth, formatMonthRange, formatRelative, zoneLabel } from "./dates-format.ts";

// Intl puts narrow no-break and thin spaces around "AM"/"PM" and range dashes in recent ICU versions: compare with plain spaces.
const plain = (s: string) => s.replace(/[\u202f\u00a0\u2009]/g, " ");

describe("calendar days and months", () => {
  it("writes a December–November strategy period as Dec 1 – Nov 30, not a day early", () => {
    expect(plain(formatDayRange("en-US", "2026-12-01", "2027-11-30"))).toBe("Dec 1, 2026 – Nov 30, 2027");
    expect(formatDayRange("ko-KR", "2026-12-01", "2027-11-30")).toBe("2026. 12. 1. ~ 2027. 11. 30.");
  });

  it("writes a calendar day the same in every zone (it has none)", () => {
    expect(formatDay("en-US", "2026-12-01")).toBe("Dec 1, 2026");
    expect(formatDay("en-US", "2026-12-01", "long")).toBe("December 1, 2026");
    expect(formatDay("ko-KR", "2026-12-01", "long")).toBe("2026년 12월 1일");
    // A timestamp at midnight UTC used as a day ("due" notices) keeps its day.
    expect(formatDay("en-US", "2026-12-08T00:00:00.000Z")).toBe("Dec 8, 2026");
  });

  it("writes months that cannot be read as days, and ranges of them", () => {
    expect(formatMonth("en-US", "2026-12", "short")).toBe("Dec 2026");
    expect(formatMonth("en-US", "2026-12")).toBe("December 2026");
    expect(plain(formatMonthRange("en-US", "2026-12", "2027-11"))).toBe("Dec 2026 – Nov 2027");
    expect(formatMonthRange("ko-KR", "2026-12", "2027-11")).toBe("2026년 12월~2027년 11월");
    expect(formatMonthRange("en-US", "2026-12", "2026-12")).toBe("Dec 2026");
  });

  it("gives back what it cannot read instead of inventing a date", () => {
    expect(formatDay("en-US", "soon")).toBe("soon");
    expect(formatMonth("en-US", "")).toBe("");
  });
});

describe("instants in the workspace's zone", () => {
  const instant = "2026-12-07T00:30:00.000Z";

  it("shows one instant as each zone's clock says it: Seoul is ahead of UTC, Los Angeles behind", () => {
    expect(plain(formatInstant("en-US", "Asia/Seoul", instant))).toBe("Dec 7, 2026, 9:30 AM");
    expect(plain(formatInstant("en-US", "America/Los_Angeles", instant))).toBe("Dec 6, 2026, 4:30 PM");
    expect(plain(formatInstant("en-US", "UTC", instant))).toBe("Dec 7, 2026, 12:30 AM");
    expect(formatInstant("ko-KR", "Asia/Seoul", instant, { time: "short" })).toMatch(/^(오전|AM) 9:30$/);
  });

  it("finds the day an instant falls on in a zone", () => {
    expect(dayInZone(instant, "Asia/Seoul")).toBe("2026-12-07");
    expect(dayInZone(instant, "America/Los_Angeles")).toBe("2026-12-06");
  });

  it("names the zone with its offset at that moment (daylight saving included)", () => {
    expect(zoneLabel("Asia/Seoul", new Date(instant))).toBe("Asia/Seoul (GMT+9)");
    expect(zoneLabel("America/Los_Angeles", new Date(instant))).toBe("America/Los_Angeles (GMT-8)");
    expect(zoneLabel("America/Los_Angeles", new Date("2026-07-01T00:00:00Z"))).toBe("America/Los_Angeles (GMT-7)");
    expect(zoneLabel("UTC")).toBe("UTC");
  });
});

describe("relative times for feeds", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  it("says how long ago, in the reader's language, and nothing past a week", () => {
    expect(formatRelative("en-US", "2026-12-07T11:59:40Z", now)).toBe("now");
    expect(formatRelative("en-US", "2026-12-07T11:55:00Z", now)).toBe("5 minutes ago");
    expect(formatRelative("en-US", "2026-12-07T09:00:00Z", now)).toBe("3 hours ago");
    expect(formatRelative("ko-KR", "2026-12-07T09:00:00Z", now)).toBe("3시간 전");
    expect(formatRelative("en-US", "2026-12-06T10:00:00Z", now)).toBe("yesterday");
    expect(formatRelative("en-US", "2026-12-09T12:00:00Z", now)).toBe("in 2 days");
    expect(formatRelative("en-US", "2026-11-20T12:00:00Z", now)).toBeNull();
  });
});

describe("dates in messages", () => {
  it("writes the app's calendar days in words and leaves what the user typed as typed", () => {
    expect(datesInWords("en", { first: "2026-12-01", last: "2027-11-30", value: "2026-12-01", limit: 3 })).toEqual({ first: "Dec 1, 2026", last: "Nov 30, 2027", value: "2026-12-01", limit: 3 });
    expect(datesInWords("ko", { first: "2026-12-01", other: "2026-13-01" })).toEqual({ first: "2026. 12. 1.", other: "2026-13-01" });
  });
});
