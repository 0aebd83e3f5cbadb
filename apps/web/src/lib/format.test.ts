import { afterEach, describe, expect, it } from "vitest";
import { makeFormat } from "./format.ts";

const plain = (s: string) => s.replace(/[\u202f\u00a0\u2009]/g, " ");
const now = new Date("2026-12-07T12:00:00Z");

describe("the goal form's strategy period, whatever the browser's zone", () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it.each(["America/Los_Angeles", "Asia/Seoul", "UTC"])("reads Dec 1 – Nov 30 with the computer in %s", (zone) => {
    process.env.TZ = zone;
    // The form formats without a workspace zone, as a calendar day must be.
    expect(plain(makeFormat("en-US").dayRange("2026-12-01", "2027-11-30"))).toBe("Dec 1, 2026 – Nov 30, 2027");
  });

  it("shows the root cause of the old 'Nov 30 – Nov 29': a day read as midnight UTC and shown on a clock west of UTC", () => {
    process.env.TZ = "America/Los_Angeles";
    // What the form used to do: the first day as an instant at 00:00 UTC, formatted in the browser's zone.
    expect(makeFormat("en-US").date("2026-12-01T00:00:00Z")).toBe("Nov 30, 2026");
    expect(makeFormat("en-US").day("2026-12-01")).toBe("Dec 1, 2026");
  });
});

describe("makeFormat", () => {
  it("shows a December–November strategy period as Dec 1 – Nov 30 for a workspace west of UTC", () => {
    const la = makeFormat("en-US", "America/Los_Angeles", () => now);
    expect(plain(la.dayRange("2026-12-01", "2027-11-30"))).toBe("Dec 1, 2026 – Nov 30, 2027");
    expect(la.day("2026-12-01")).toBe("Dec 1, 2026");
  });

  it("shows the same period the same way east of UTC, and in Korean", () => {
    const seoul = makeFormat("ko-KR", "Asia/Seoul", () => now);
    expect(seoul.dayRange("2026-12-01", "2027-11-30")).toBe("2026. 12. 1. ~ 2027. 11. 30.");
    expect(seoul.day("2027-11-30", "long")).toBe("2027년 11월 30일");
  });

  it("shows a comment's instant on the workspace's clock, not UTC's", () => {
    const comment = "2026-12-07T00:30:00.000Z";
    expect(plain(makeFormat("en-US", "Asia/Seoul", () => now).dateTime(comment))).toBe("Dec 7, 2026, 9:30 AM");
    expect(plain(makeFormat("en-US", "America/Los_Angeles", () => now).dateTime(comment))).toBe("Dec 6, 2026, 4:30 PM");
    expect(plain(makeFormat("en-US", "America/Los_Angeles", () => now).time(comment))).toBe("4:30 PM");
    expect(makeFormat("en-US", "America/Los_Angeles", () => now).date(comment)).toBe("Dec 6, 2026");
  });

  it("says how long ago for a feed, with the exact time and zone for the tooltip", () => {
    const f = makeFormat("en-US", "Asia/Seoul", () => now);
    expect(f.relative("2026-12-07T09:00:00Z")).toBe("3 hours ago");
    expect(plain(f.relative("2026-10-01T09:00:00Z"))).toBe("Oct 1, 2026, 6:00 PM");
    expect(plain(f.exact("2026-12-07T09:00:00Z"))).toBe("Dec 7, 2026, 6:00 PM · Asia/Seoul (GMT+9)");
    expect(f.zone).toBe("Asia/Seoul (GMT+9)");
    expect(makeFormat("ko-KR", "Asia/Seoul", () => now).relative("2026-12-07T11:00:00Z")).toBe("1시간 전");
  });

  it("writes months in prose that cannot be read as days", () => {
    const f = makeFormat("en-US", "America/New_York", () => now);
    expect(f.month("2026-12")).toBe("December 2026");
    expect(f.monthShort("2026-12")).toBe("Dec 2026");
    expect(plain(f.monthRange("2026-12", "2027-11"))).toBe("Dec 2026 – Nov 2027");
  });

  it("gives a price example in the workspace's currency and the reader's number format", () => {
    expect(makeFormat("en-US").priceExample("USD")).toBe("25.00");
    expect(makeFormat("ko-KR").priceExample("KRW")).toBe("25,000");
    expect(makeFormat("en-US").priceExample("EUR")).toBe("25.00");
  });
});
