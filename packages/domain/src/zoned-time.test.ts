import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { occurrenceNotes, occurrences, recurrenceError } from "./recurrence.ts";
import { readLocalTime, utcToZoned, zonedDayBounds, zonedToUtc, zonedWeekStart } from "./zoned-time.ts";

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

/** Every change of a zone's offset between two instants: found by stepping three hours, then halving to the minute. */
function transitions(zone: string, from: string, to: string): { at: number; before: number; after: number }[] {
  const offset = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const out = [];
  const step = 3 * 3_600_000;
  for (let t = Date.parse(from); t < Date.parse(to); t += step) {
    const [a, b] = [offset(t), offset(t + step)];
    if (a === b) continue;
    let lo = t;
    let hi = t + step;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offset(mid) === a) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, before: a, after: b });
  }
  return out;
}

const local = (ms: number) => ({ date: new Date(ms).toISOString().slice(0, 10), time: new Date(ms).toISOString().slice(11, 16) });
const ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Seoul"];

describe("one rule for local times at every clock change", () => {
  it("finds the clock changes of each zone (Lord Howe's are 30 minutes, Seoul has none)", () => {
    const lordHowe = transitions("Australia/Lord_Howe", "2026-01-01", "2027-01-01");
    expect(lordHowe.map((t) => Math.abs(t.after - t.before))).toEqual([30, 30]);
    expect(transitions("Asia/Seoul", "2020-01-01", "2032-01-01")).toEqual([]);
    expect(transitions("Europe/Berlin", "2020-01-01", "2032-01-01")).toHaveLength(24);
  });

  for (const zone of ZONES) {
    it(`reads every wall time around every change of ${zone} from 2020 to 2031 as skipped, twice or once`, () => {
      for (const t of transitions(zone, "2020-01-01", "2032-01-01")) {
        // Wall times from the change's wall time before it to its wall time after it, minute by minute, and one either side.
        const first = t.at + Math.min(t.before, t.after) * 60_000;
        const last = t.at + Math.max(t.before, t.after) * 60_000;
        const gap = Math.abs(t.after - t.before);
        for (let naive = first - 60_000; naive <= last; naive += 60_000) {
          const wall = local(naive);
          const r = readLocalTime(wall, zone);
          const inside = naive >= first && naive < last;
          if (!inside) {
            expect(r.kind, `${zone} ${wall.date} ${wall.time}`).toBe("exact");
            continue;
          }
          if (t.after > t.before) {
            // Clocks go forward: the wall time does not exist; both offers are real times `gap` minutes away.
            expect(r.kind, `${zone} ${wall.date} ${wall.time}`).toBe("skipped");
            if (r.kind !== "skipped") continue;
            expect(r.gapMinutes).toBe(gap);
            expect(Date.parse(r.later) - Date.parse(r.earlier)).toBe(gap * 60_000);
            expect(r.earlierLocal).toEqual(local(naive - gap * 60_000));
            expect(r.laterLocal).toEqual(local(naive + gap * 60_000));
            expect(readLocalTime(r.earlierLocal, zone)).toEqual({ kind: "exact", instant: r.earlier });
            expect(readLocalTime(r.laterLocal, zone)).toEqual({ kind: "exact", instant: r.later });
            expect(zonedToUtc(wall, zone)).toBe(r.later);
            expect(zonedToUtc(wall, zone, "earlier")).toBe(r.earlier);
          } else {
            // Clocks go back: the wall time happens twice, `gap` minutes apart; the first is the default.
            expect(r.kind, `${zone} ${wall.date} ${wall.time}`).toBe("ambiguous");
            if (r.kind !== "ambiguous") continue;
            expect(Date.parse(r.later) - Date.parse(r.earlier)).toBe(gap * 60_000);
            expect(utcToZoned(r.earlier, zone)).toEqual(wall);
            expect(utcToZoned(r.later, zone)).toEqual(wall);
            expect(zonedToUtc(wall, zone)).toBe(r.earlier);
            expect(zonedToUtc(wall, zone, "later")).toBe(r.later);
          }
        }
      }
    });

    it(`gives back the instant of any minute's wall time in ${zone}, and never calls a real time skipped`, () => {
      fc.assert(
        fc.property(fc.integer({ min: Date.parse("1990-01-01") / 60_000, max: Date.parse("2037-12-31") / 60_000 }), (minute) => {
          const instant = new Date(minute * 60_000).toISOString();
          const r = readLocalTime(utcToZoned(instant, zone), zone);
          if (r.kind === "exact") expect(r.instant).toBe(instant);
          else if (r.kind === "ambiguous") expect([r.earlier, r.later]).toContain(instant);
          else throw new Error(`${instant} read as skipped`);
        }),
        { numRuns: 2000 },
      );
    });
  }

  it("names the two nearest real times of a skipped time (Berlin 2027-03-28 02:30) and the two readings of a repeated one (2027-10-31 02:30)", () => {
    const skipped = readLocalTime({ date: "2027-03-28", time: "02:30" }, "Europe/Berlin");
    expect(skipped).toMatchObject({ kind: "skipped", earlierLocal: { date: "2027-03-28", time: "01:30" }, laterLocal: { date: "2027-03-28", time: "03:30" }, gapMinutes: 60 });
    expect(readLocalTime({ date: "2027-10-31", time: "02:30" }, "Europe/Berlin")).toEqual({ kind: "ambiguous", earlier: "2027-10-31T00:30:00.000Z", later: "2027-10-31T01:30:00.000Z" });
    expect(() => readLocalTime({ date: "2027-02-30", time: "09:00" }, "Europe/Berlin")).toThrow(RangeError);
  });
});

describe("recurring posts at a time the clock skips or repeats", () => {
  it("notes the weekly Sunday 02:30 in Berlin moved to 03:30 in spring and taken at the first 02:30 in autumn", () => {
    const notes = occurrenceNotes("FREQ=WEEKLY;BYDAY=SU", { date: "2027-03-07", time: "02:30" }, "Europe/Berlin", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z");
    expect(notes).toEqual([
      { kind: "moved", local: { date: "2027-03-28", time: "02:30" }, instant: "2027-03-28T01:30:00.000Z", other: null },
      { kind: "twice", local: { date: "2027-10-31", time: "02:30" }, instant: "2027-10-31T00:30:00.000Z", other: "2027-10-31T01:30:00.000Z" },
    ]);
    expect(occurrenceNotes("FREQ=WEEKLY;BYDAY=SU", { date: "2027-03-07", time: "09:00" }, "Europe/Berlin", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")).toEqual([]);
  });
});

describe("recurrence rules the rrule library would loop on", () => {
  it("refuses a zero or negative INTERVAL, unknown or repeated parts, COUNT with UNTIL, and more often than daily", () => {
    for (const rule of ["FREQ=DAILY;INTERVAL=-1", "FREQ=WEEKLY;INTERVAL=0", "FREQ=MONTHLY;INTERVAL=-3", "FREQ=YEARLY;INTERVAL=-1", "FREQ=DAILY;BYHOUR=1", "FREQ=WEEKLY;BYDAY=MO;BYDAY=TU", "FREQ=DAILY;COUNT=3;UNTIL=20271231", "BYDAY=MO", "FREQ=DAILY;INTERVAL=1000", "FREQ=WEEKLY;BYDAY=XX"]) {
      expect(recurrenceError(rule), rule).toBe("validation.recurrence");
    }
    expect(recurrenceError("FREQ=HOURLY")).toBe("validation.recurrence_too_often");
    for (const rule of ["FREQ=DAILY", "freq=weekly;byday=mo,th", "RRULE:FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=5MO;BYSETPOS=-1", "FREQ=WEEKLY;INTERVAL=2;COUNT=10", "FREQ=DAILY;UNTIL=20271231T000000Z"]) {
      expect(recurrenceError(rule), rule).toBeNull();
    }
    // A rule stored before these checks expands to nothing instead of hanging the server.
    expect(occurrences("FREQ=DAILY;INTERVAL=-1", { date: "2027-01-04", time: "09:00" }, "Europe/Berlin", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z")).toEqual([]);
  });
});
