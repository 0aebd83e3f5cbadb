import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { monthPacing, monthProgress, paceStatus, PACING_RULE } from "./pacing.ts";

const at = (iso: string) => new Date(iso);

describe("budget pacing", () => {
  it("reads the month and the share gone in the workspace's zone (20:00 UTC on 30 November is 1 December in Seoul)", () => {
    expect(monthProgress(at("2026-11-30T20:00:00Z"), "Asia/Seoul")).toMatchObject({ month: "2026-12", day: 1, days: 31 });
    expect(monthProgress(at("2026-11-30T20:00:00Z"), "UTC")).toMatchObject({ month: "2026-11", day: 30, days: 30 });
    // Half of a 30-day month gone at midnight starting the 16th.
    expect(monthProgress(at("2026-11-16T00:00:00+09:00"), "Asia/Seoul").timeShare).toBeCloseTo(0.5, 10);
  });

  it("says nothing on the 4th of the month, whatever has been spent below the month's money", () => {
    for (const spent of [0, 5_000, 29_000]) {
      expect(monthPacing({ spent, available: 30_000, now: at("2026-12-04T10:00:00+09:00"), timeZone: "Asia/Seoul" }).status).toBe("early");
    }
  });

  it("says at once when the month's money is already all spent", () => {
    expect(monthPacing({ spent: 30_500, available: 30_000, now: at("2026-12-02T10:00:00Z"), timeZone: "UTC" }).status).toBe("ahead");
  });

  it("compares the share spent with the share of the month gone once a fifth of the month has gone", () => {
    const mid = at("2026-11-16T00:00:00Z"); // half of November
    const pace = (spent: number) => monthPacing({ spent, available: 1_000, now: mid, timeZone: "UTC" });
    expect(pace(700).status).toBe("ahead");
    expect(pace(550).status).toBe("on_track");
    expect(pace(450).status).toBe("on_track");
    expect(pace(300).status).toBe("behind");
    expect(pace(300)).toMatchObject({ month: "2026-11", day: 16, days: 30, spentShare: 0.3 });
  });

  it("has nothing to pace with nothing available", () => {
    expect(monthPacing({ spent: 10, available: 0, now: at("2026-11-20T00:00:00Z"), timeZone: "UTC" })).toMatchObject({ spentShare: null, status: "none" });
  });

  it("for any spend and moment: early exactly before a fifth of the month unless all is spent, and otherwise the status follows the gap", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (spent, time) => {
        const status = paceStatus(spent, time);
        if (time < PACING_RULE.earliest && spent < 1) expect(status).toBe("early");
        else if (spent - time > PACING_RULE.tolerance) expect(status).toBe("ahead");
        else if (time - spent > PACING_RULE.tolerance) expect(status).toBe("behind");
        else expect(status).toBe("on_track");
      }),
    );
  });

  it("for any instant and zone: the share of the month gone is within 0–1 and grows with time inside a month", () => {
    const zones = ["UTC", "Asia/Seoul", "America/New_York", "Europe/Berlin", "Pacific/Chatham"];
    fc.assert(
      fc.property(fc.date({ min: at("2000-01-01T00:00:00Z"), max: at("2040-01-01T00:00:00Z"), noInvalidDate: true }), fc.integer({ min: 1, max: 3_600_000 }), fc.constantFrom(...zones), (d, step, zone) => {
        const a = monthProgress(d, zone);
        const b = monthProgress(new Date(d.getTime() + step), zone);
        expect(a.timeShare).toBeGreaterThanOrEqual(0);
        expect(a.timeShare).toBeLessThan(1);
        expect(a.day).toBeGreaterThanOrEqual(1);
        expect(a.day).toBeLessThanOrEqual(a.days);
        if (a.month === b.month) expect(b.timeShare).toBeGreaterThan(a.timeShare);
      }),
    );
  });
});
