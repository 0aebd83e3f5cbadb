import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { bestTimeCells, bestTimes, offsetSpans, DEFAULT_ENGAGEMENT, engagementFormula, engagementRate } from "./engagement.ts";

describe("engagement rate, defined explicitly", () => {
  it("counts saves on Instagram and reactions on Facebook, by reach, and shows the formula", () => {
    const post = { reach: 2000, likes: 120, comments: 10, saves: 30, shares: 40, reactions: 150 };
    expect(engagementRate(post, DEFAULT_ENGAGEMENT.instagram!)).toBeCloseTo(10, 9); // (120+10+30+40)/2000
    expect(engagementRate(post, DEFAULT_ENGAGEMENT.facebook!)).toBeCloseTo(10, 9); // (150+10+40)/2000
    expect(engagementFormula(DEFAULT_ENGAGEMENT.instagram!)).toBe("(likes + comments + saves + shares) ÷ reach");
  });

  it("uses views where Meta reports views and impressions where older numbers have them", () => {
    const d = { engagements: ["likes" as const], per: "impressions_or_views" as const };
    expect(engagementRate({ likes: 50, impressions: 1000 }, d)).toBe(5);
    expect(engagementRate({ likes: 50, impressions: 1000, views: 500 }, d)).toBe(10);
    expect(engagementFormula(d)).toBe("(likes) ÷ impressions/views");
  });

  it("has no rate without a denominator", () => {
    expect(engagementRate({ likes: 5 }, DEFAULT_ENGAGEMENT.instagram!)).toBeNull();
    expect(engagementRate({ likes: 5, reach: 0 }, DEFAULT_ENGAGEMENT.instagram!)).toBeNull();
  });
});

describe("best time to post", () => {
  it("groups by weekday and hour in the workspace's zone and hides cells with too few posts", () => {
    const posts = [
      // Mondays 19:00 in Seoul (10:00 UTC): three posts.
      { publishedAt: "2026-11-02T10:00:00Z", rate: 4 },
      { publishedAt: "2026-11-09T10:10:00Z", rate: 6 },
      { publishedAt: "2026-11-16T10:30:00Z", rate: 5 },
      // Tuesday 01:00 in Seoul is still Monday 16:00 UTC: one post.
      { publishedAt: "2026-11-16T16:00:00Z", rate: 50 },
    ];
    expect(bestTimes(posts, "Asia/Seoul")).toEqual([
      { weekday: 1, hour: 19, posts: 3, average: 5 },
      { weekday: 2, hour: 1, posts: 1, average: null },
    ]);
  });

  it("gives bestTimes' cells from posts added up per quarter hour of UTC, across offset changes in any zone", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "UTC", "Africa/Casablanca", "Asia/Seoul"];
    // Instants around 2024–2027 (several changes of offset each), to the minute.
    const post = fc.record({ minute: fc.integer({ min: 28_400_000, max: 30_000_000 }), rate: fc.integer({ min: 0, max: 10_000 }) });
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.array(post, { maxLength: 300 }), (zone, raw) => {
        const posts = raw.map((p) => ({ publishedAt: new Date(p.minute * 60_000).toISOString(), rate: p.rate / 8 }));
        const slots = new Map<number, { slot: number; posts: number; sum: number }>();
        for (const p of posts) {
          const slot = Math.floor(Date.parse(p.publishedAt) / 900_000);
          const s = slots.get(slot) ?? (slots.set(slot, { slot, posts: 0, sum: 0 }), slots.get(slot)!);
          s.posts += 1;
          s.sum += p.rate;
        }
        // Rates in eighths: their sums are exact whatever the order, so the cells are equal, not close.
        expect(bestTimeCells(slots.values(), zone)).toEqual(bestTimes(posts, zone));
      }),
      { numRuns: 300 },
    );
  });

  it("cuts a range of quarter hours where the zone's offset changes, so that integer arithmetic places each as luxon does", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "UTC", "Africa/Casablanca", "Asia/Seoul", "America/Sao_Paulo"];
    const local = (slot: number, offset: number) => {
      const minutes = slot * 15 + offset;
      return { weekday: ((Math.floor(minutes / 1440) + 3) % 7) + 1, hour: Math.floor((minutes % 1440) / 60) };
    };
    const window = fc.record({ from: fc.integer({ min: 1_893_000, max: 1_990_000 }), length: fc.integer({ min: 1, max: 40_000 }) });
    fc.assert(
      fc.property(fc.constantFrom(...zones), window, fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 200 }), (zone, w, picks) => {
        const spans = offsetSpans(w.from, w.from + w.length, zone);
        // Contiguous, covering the range, each span a single offset.
        expect(spans[0]!.from).toBe(w.from);
        expect(spans.at(-1)!.to).toBe(w.from + w.length);
        spans.forEach((sp, i) => {
          expect(sp.from).toBeLessThan(sp.to);
          if (i) expect(sp.from).toBe(spans[i - 1]!.to);
        });
        // Every span's first and last quarter hour, the one before each cut, and random ones: as luxon places them.
        const slots = [...spans.flatMap((sp) => [sp.from, sp.to - 1]), ...picks.map((p) => w.from + Math.floor(p * w.length))];
        for (const slot of slots) {
          const sp = spans.find((x) => x.from <= slot && slot < x.to)!;
          const dt = DateTime.fromMillis(slot * 900_000, { zone });
          expect(sp.offset, `${zone} ${slot}`).toBe(dt.offset);
          expect(local(slot, sp.offset), `${zone} ${slot}`).toEqual({ weekday: dt.weekday, hour: dt.hour });
        }
      }),
      { numRuns: 300 },
    );
    // Parts placed that way, added to quarter hours placed by bestTimeCells (and some taken away again): bestTimes' cells.
    for (const zone of zones) {
      const first = Math.floor(Date.UTC(2025, 0, 1) / 900_000) + 37;
      const all = Array.from({ length: 366 * 96 }, (_, i) => ({ slot: first + i, posts: 1, sum: i % 5 }));
      const parts = offsetSpans(first, first + all.length, zone).flatMap((sp) => all.filter((s) => s.slot >= sp.from && s.slot < sp.to).map((s) => ({ ...local(s.slot, sp.offset), posts: s.posts, sum: s.sum })));
      const takenAway = all.filter((s) => s.slot % 11 === 0);
      const mixed = [...parts, ...takenAway.map((s) => ({ ...s, posts: -1, sum: -s.sum })), ...takenAway.filter((s) => s.slot % 2 === 0)];
      const kept = all.filter((s) => s.slot % 11 !== 0 || s.slot % 2 === 0);
      expect(bestTimeCells(mixed, zone), zone).toEqual(bestTimes(kept.map((s) => ({ publishedAt: new Date(s.slot * 900_000).toISOString(), rate: s.sum })), zone));
    }
  });

  it("places every quarter hour of a year with two offset changes as luxon does", () => {
    for (const zone of ["Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe"]) {
      const first = Math.floor(Date.UTC(2025, 0, 1) / 900_000);
      const slots = Array.from({ length: 366 * 96 }, (_, i) => ({ slot: first + i, posts: 1, sum: i % 7 }));
      const posts = slots.map((s) => ({ publishedAt: new Date(s.slot * 900_000).toISOString(), rate: s.sum }));
      expect(bestTimeCells(slots, zone)).toEqual(bestTimes(posts, zone));
    }
  });
});
