import { occurrences, readLocalTime, utcToZoned, zonedToUtc, type LocalDateTime } from "@socialplan/domain";
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULE_CHECK_YEARS, vtimezone } from "../src/lib/vtimezone.ts";
import { buildWorkspace } from "./helpers/factories.ts";
import { addChannel, addPost, schedule } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

/** Every instance of an event as the calendar program computes it (ical.js), as UTC instants before `until`. */
function expand(event: ICAL.Event, until: string, max = 1000): string[] {
  const out: string[] = [];
  const it = event.iterator();
  for (let next = it.next(); next && out.length < max; next = it.next()) {
    const at = next.toJSDate().toISOString();
    if (at >= until) break;
    out.push(at);
  }
  return out;
}

/** Every instance as wall-clock time in the event's zone, as the calendar program expands the rule. */
function expandWall(event: ICAL.Event, until: string, max = 1000): LocalDateTime[] {
  const out: LocalDateTime[] = [];
  const it = event.iterator();
  for (let next = it.next(); next && out.length < max; next = it.next()) {
    if (next.toJSDate().toISOString() >= until) break;
    const [date, time] = next.toString().split("T") as [string, string];
    out.push({ date, time: time.slice(0, 5) });
  }
  return out;
}

/** The feed read by a real iCalendar parser: its events by summary, and the raw text. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  return { calendar, events, bySummary: (prefix: string) => events.filter((e) => e.summary.startsWith(prefix)) };
}

const KOREAN_TITLE = "가을 향초 관리 요령: 심지 자르기, 첫 연소는 두 시간; 유리 용기 닦기 — 매주 월요일 아침 아홉 시 🕯️";
const KOREAN_BODY = "가을맞이 신제품 소식과 함께\n향초를 오래 쓰는 방법을 알려 드려요, 꼭 보세요; 백슬래시 \\ 도 그대로.";

for (const dialect of DIALECTS) {
  describe(`the iCalendar feed read by a calendar program [${dialect}]`, () => {
    let t: TestApp;
    let feed: string;
    let raw: Buffer;
    const zone = "Europe/Berlin";
    const posts: Record<string, { id: string; at: string; rule: string | null }> = {};
    beforeAll(async () => {
      t = await createTestApp(dialect);
      // The test clock stands at 2026-11-26: next autumn is ten months ahead, far past the old 92-day window.
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { timezone: zone });
      const insta = await addChannel(owner, workspace.id, "instagram");
      const add = async (key: string, body: Record<string, unknown>) => {
        const p = await addPost(owner, workspace.id, { variants: [{ channelId: insta, text: null }], ...body });
        await schedule(owner, workspace.id, p.id);
        posts[key] = { id: p.id, at: body.scheduledAt as string, rule: (body.recurrence as string | undefined) ?? null };
      };
      // Mondays 09:00 in Berlin from 4 October 2027, across the end of summer time on 31 October.
      await add("weekly", { title: KOREAN_TITLE, body: KOREAN_BODY, scheduledAt: "2027-10-04T07:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=MO" });
      // The 15th of every month at 18:00 in Berlin, across the start of summer time on 28 March 2027.
      await add("monthly", { body: "Monthly newsletter", scheduledAt: "2027-01-15T17:00:00Z", recurrence: "FREQ=MONTHLY;BYMONTHDAY=15" });
      // Every day at 09:00 until 30 March 09:00 (wall clock, inclusive), over the change.
      await add("daily", { body: "Spring countdown", scheduledAt: "2027-03-26T08:00:00Z", recurrence: "FREQ=DAILY;UNTIL=20270330T090000" });
      // Planned on a Sunday for three Mondays: the Sunday itself is not one of them.
      await add("counted", { body: "Three Mondays", scheduledAt: "2027-02-07T11:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=MO;COUNT=3" });
      // Sundays 02:30, a time that does not exist on 28 March 2027 (RFC 5545 and the publisher: 03:30 summer time).
      await add("night", { body: "Night owl", scheduledAt: "2027-03-21T01:30:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SU;COUNT=3" });
      await add("once", { body: "One-off launch, with a comma", scheduledAt: "2026-12-10T10:00:00Z" });
      const { url } = (await owner.client.post(`/api/workspaces/${workspace.id}/calendar-feed`)).json<{ url: string }>();
      const res = await t.app.inject({ method: "GET", url: new URL(url).pathname });
      expect(res.statusCode).toBe(200);
      feed = res.body;
      raw = res.rawPayload;
    });
    afterAll(() => t.close());

    it("lists a weekly post that starts next autumn, at 09:00 Berlin time before and after summer time ends", () => {
      const [weekly, ...more] = parseFeed(feed).bySummary(KOREAN_TITLE);
      expect(more).toEqual([]);
      expect(weekly!.isRecurring()).toBe(true);
      expect(weekly!.startDate.zone?.tzid).toBe(zone);
      expect(expand(weekly!, "2027-11-16T00:00:00Z")).toEqual([
        "2027-10-04T07:00:00.000Z",
        "2027-10-11T07:00:00.000Z",
        "2027-10-18T07:00:00.000Z",
        "2027-10-25T07:00:00.000Z",
        "2027-11-01T08:00:00.000Z",
        "2027-11-08T08:00:00.000Z",
        "2027-11-15T08:00:00.000Z",
      ]);
      // And years ahead, as far as the rule runs.
      expect(expand(weekly!, "2031-01-01T00:00:00Z")).toHaveLength(170);
    });

    it("lists a monthly post at 18:00 Berlin time on either side of the start of summer time", () => {
      const [monthly] = parseFeed(feed).bySummary("Monthly newsletter");
      expect(expand(monthly!, "2027-06-01T00:00:00Z")).toEqual([
        "2027-01-15T17:00:00.000Z",
        "2027-02-15T17:00:00.000Z",
        "2027-03-15T17:00:00.000Z",
        "2027-04-15T16:00:00.000Z",
        "2027-05-15T16:00:00.000Z",
      ]);
    });

    it("gives the calendar program exactly the occurrences the publisher uses, UNTIL and COUNT included", () => {
      const { bySummary } = parseFeed(feed);
      const summaries: Record<string, string> = { weekly: KOREAN_TITLE, monthly: "Monthly newsletter", daily: "Spring countdown", counted: "Three Mondays", night: "Night owl" };
      for (const [key, summary] of Object.entries(summaries)) {
        const p = posts[key]!;
        const from = new Date(p.at).toISOString();
        const expected = occurrences(p.rule!, utcToZoned(from, zone), zone, from, "2029-12-31T00:00:00.000Z", 1000);
        // The wall-clock times the rule gives, read as RFC 5545 §3.3.5 says (a time that does not exist: with the
        // offset before the gap; one that happens twice: the first), are the instants the publisher uses.
        const walls = expandWall(bySummary(summary)[0]!, "2029-12-31T00:00:00.000Z");
        expect(walls.map((w) => zonedToUtc(w, zone)), key).toEqual(expected);
        // ical.js reads a time inside the spring-forward gap with the offset after it (an hour early), not as RFC 5545
        // says: the "night" series is checked on its wall-clock times only.
        if (key !== "night") expect(expand(bySummary(summary)[0]!, "2029-12-31T00:00:00.000Z"), key).toEqual(expected.map((at) => new Date(at).toISOString()));
      }
      expect(expand(bySummary("Spring countdown")[0]!, "2030-01-01T00:00:00Z")).toEqual([
        "2027-03-26T08:00:00.000Z",
        "2027-03-27T08:00:00.000Z",
        "2027-03-28T07:00:00.000Z",
        "2027-03-29T07:00:00.000Z",
        "2027-03-30T07:00:00.000Z",
      ]);
      expect(expandWall(bySummary("Night owl")[0]!, "2030-01-01T00:00:00Z").map((w) => `${w.date} ${w.time}`)).toEqual(["2027-03-21 02:30", "2027-03-28 02:30", "2027-04-04 02:30"]);
      expect(occurrences("FREQ=WEEKLY;BYDAY=SU;COUNT=3", { date: "2027-03-21", time: "02:30" }, zone, "2027-03-01T00:00:00.000Z", "2027-05-01T00:00:00.000Z")).toEqual([
        "2027-03-21T01:30:00.000Z",
        "2027-03-28T01:30:00.000Z",
        "2027-04-04T00:30:00.000Z",
      ]);
      expect(expand(bySummary("Three Mondays")[0]!, "2030-01-01T00:00:00Z")).toEqual(["2027-02-08T11:00:00.000Z", "2027-02-15T11:00:00.000Z", "2027-02-22T11:00:00.000Z"]);
    });

    it("still lists a one-off post once, in UTC", () => {
      const once = parseFeed(feed).bySummary("One-off launch, with a comma");
      expect(once).toHaveLength(1);
      expect(once[0]!.isRecurring()).toBe(false);
      expect(once[0]!.startDate.toJSDate().toISOString()).toBe("2026-12-10T10:00:00.000Z");
      expect(feed).toContain("DTSTART:20261210T100000Z");
    });

    it("folds lines at 75 octets without splitting a Korean character, and escapes text as RFC 5545 says", () => {
      const lines = raw.toString("latin1").split("\r\n");
      expect(lines.at(-1)).toBe("");
      for (const line of lines) expect(Buffer.byteLength(line, "latin1")).toBeLessThanOrEqual(75);
      // Each physical line is valid UTF-8 on its own: no character was cut between two lines.
      const decoder = new TextDecoder("utf-8", { fatal: true });
      for (const line of lines) expect(() => decoder.decode(Buffer.from(line, "latin1"))).not.toThrow();
      expect(feed.split("\r\n").some((l) => l.startsWith(" ") && /[가-힣]/.test(l))).toBe(true);
      const [weekly] = parseFeed(feed).bySummary(KOREAN_TITLE);
      expect(weekly!.summary).toBe(`${KOREAN_TITLE} (instagram)`);
      expect(weekly!.description.startsWith(KOREAN_BODY)).toBe(true);
      expect(feed).toContain("SUMMARY:One-off launch\\, with a comma (instagram)");
    });

    it("describes the zone of every TZID in a VTIMEZONE", () => {
      const { calendar } = parseFeed(feed);
      const tzids = new Set([...feed.matchAll(/;TZID=([^:;]+)/g)].map((m) => m[1]));
      expect([...tzids]).toEqual([zone]);
      expect(calendar.getAllSubcomponents("vtimezone").map((c) => c.getFirstPropertyValue("tzid"))).toEqual([zone]);
    });
  });
}

describe("VTIMEZONE components", () => {
  const now = new Date("2026-11-26T09:00:00Z");
  const zones = ["Europe/Berlin", "Asia/Seoul", "America/New_York", "Australia/Sydney", "America/Santiago", "Asia/Jerusalem", "Pacific/Chatham", "Africa/Casablanca", "America/Sao_Paulo", "UTC"];

  it.each(zones)("%s: a calendar program reads every wall-clock time as the server does, from 2024 to 2040", (zone) => {
    const text = vtimezone(zone, 2024, now);
    const component = new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${text}\r\nEND:VCALENDAR`)).getFirstSubcomponent("vtimezone")!;
    const tz = new ICAL.Timezone(component);
    const until = Date.UTC(2026 + RULE_CHECK_YEARS - 1, 0, 1);
    // Every 31 hours (so every hour of the day comes round), and every 20 minutes for two days around each change.
    const probes: number[] = [];
    const step = 31 * 3_600_000;
    for (let ms = Date.UTC(2024, 0, 1); ms < until; ms += step) {
      probes.push(ms);
      if (DateTime.fromMillis(ms, { zone }).offset !== DateTime.fromMillis(ms + step, { zone }).offset) {
        for (let p = ms - 9 * 3_600_000; p < ms + step + 9 * 3_600_000; p += 20 * 60_000) probes.push(p);
      }
    }
    let nearChanges = 0;
    const mismatches = probes.filter((ms) => {
      const wall = DateTime.fromMillis(ms, { zone });
      // Times that happen twice, or not at all, are left to RFC 5545's rules (and the parser's reading of them).
      const reading = readLocalTime({ date: wall.toFormat("yyyy-MM-dd"), time: wall.toFormat("HH:mm") }, zone);
      if (reading.kind !== "exact" || wall.second !== 0) return false;
      if (wall.offset !== DateTime.fromMillis(ms - 86_400_000, { zone }).offset) nearChanges += 1;
      const read = ICAL.Time.fromData({ year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: 0 }, tz);
      return read.toJSDate().getTime() !== ms;
    });
    expect(mismatches.slice(0, 3).map((ms) => new Date(ms).toISOString())).toEqual([]);
    // Twice a year for fifteen years, the probes just after a change were read too.
    if (!["Asia/Seoul", "America/Sao_Paulo", "UTC"].includes(zone)) expect(nearChanges).toBeGreaterThan(2 * 14);
  });

  it("states yearly changes as rules, so they hold past any horizon", () => {
    const berlin = vtimezone("Europe/Berlin", 2026, now);
    expect(berlin).toContain("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
    expect(berlin).toContain("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
    expect(vtimezone("America/New_York", 2026, now)).toContain("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU");
    expect(vtimezone("Asia/Jerusalem", 2026, now)).toContain("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29");
    expect(vtimezone("Asia/Seoul", 2026, now)).not.toContain("RRULE");
  });
});
