import type { Post, QueueItem } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { activeFilterCount, addDays, connectionKindsFor, dayForKey, gridToSlots, isTyping, isoWeekday, nextFree, parseTimes, postsByDay, queueByChannel, slotsToGrid, sortSlots, timesOf, toggle } from "./calendar-logic.ts";

const post = (over: Partial<Post>): Post => ({
  id: "p1", status: "draft", title: "", body: "", variants: [], media: [], link: null, utm: {}, pillar: null, campaign: null, goalId: null, initiativeId: null,
  scheduledAt: null, recurrence: null, assigneeMemberId: null, cardId: null, approvedBy: null, approvedAt: null, lastReview: null, deliveries: [], warnings: [],
  createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-01T00:00:00.000Z", ...over,
});

describe("keyboard day math in the month grid", () => {
  it("moves a day sideways and a week up or down, across months and years", () => {
    expect(dayForKey("2026-12-31", "ArrowRight", 1)).toBe("2027-01-01");
    expect(dayForKey("2026-12-01", "ArrowLeft", 1)).toBe("2026-11-30");
    expect(dayForKey("2026-12-03", "ArrowUp", 1)).toBe("2026-11-26");
    expect(dayForKey("2026-12-28", "ArrowDown", 1)).toBe("2027-01-04");
  });
  it("goes to the start and end of the week as the workspace starts it", () => {
    // 9 December 2026 is a Wednesday.
    expect(isoWeekday("2026-12-09")).toBe(3);
    expect(dayForKey("2026-12-09", "Home", 1)).toBe("2026-12-07");
    expect(dayForKey("2026-12-09", "End", 1)).toBe("2026-12-13");
    expect(dayForKey("2026-12-09", "Home", 7)).toBe("2026-12-06");
    expect(dayForKey("2026-12-09", "End", 7)).toBe("2026-12-12");
  });
  it("moves a month with Page keys, keeping the day where the month has it", () => {
    expect(dayForKey("2027-01-31", "PageDown", 1)).toBe("2027-02-28");
    expect(dayForKey("2026-12-15", "PageUp", 1)).toBe("2026-11-15");
  });
  it("ignores other keys", () => {
    expect(dayForKey("2026-12-09", "a", 1)).toBeNull();
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});

describe("the n shortcut", () => {
  it("does not fire while typing in a field, a text area or an editable element", () => {
    expect(isTyping({ tagName: "INPUT" })).toBe(true);
    expect(isTyping({ tagName: "textarea" })).toBe(true);
    expect(isTyping({ tagName: "DIV", isContentEditable: true })).toBe(true);
    expect(isTyping({ tagName: "DIV", getAttribute: () => "combobox" })).toBe(true);
    expect(isTyping({ tagName: "BUTTON", getAttribute: () => null })).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe("filters and selection", () => {
  it("counts each kind of filter that narrows the calendar once", () => {
    expect(activeFilterCount({ channels: [], statuses: [], campaign: null, goal: null })).toBe(0);
    expect(activeFilterCount({ channels: ["a", "b"], statuses: ["draft"], campaign: "Winter", goal: null })).toBe(3);
  });
  it("toggles a post in and out of the selection without changing the old set", () => {
    const a = new Set(["x"]);
    const b = toggle(a, "y");
    expect([...b].sort()).toEqual(["x", "y"]);
    expect([...toggle(b, "x")]).toEqual(["y"]);
    expect([...a]).toEqual(["x"]);
  });
});

describe("posts by day", () => {
  const range = { start: "2026-11-30T00:00:00.000Z", end: "2027-01-11T00:00:00.000Z" };
  it("puts a post on its day in the workspace's zone, not in UTC", () => {
    // 23:30 UTC on 7 December is 08:30 on 8 December in Seoul.
    const days = postsByDay([post({ scheduledAt: "2026-12-07T23:30:00.000Z" })], "Asia/Seoul", range);
    expect([...days.keys()]).toEqual(["2026-12-08"]);
  });
  it("puts a repeating post on every day it happens, in time order", () => {
    const weekly = post({ id: "w", scheduledAt: "2026-12-07T09:00:00.000Z", recurrence: "FREQ=WEEKLY;BYDAY=MO" });
    const early = post({ id: "e", scheduledAt: "2026-12-07T07:00:00.000Z" });
    const days = postsByDay([weekly, early], "UTC", range);
    expect(days.get("2026-12-07")!.map((x) => x.post.id)).toEqual(["e", "w"]);
    expect(days.get("2026-12-14")!.map((x) => x.post.id)).toEqual(["w"]);
    expect(timesOf(post({ scheduledAt: null }), "UTC", range)).toEqual([]);
  });
});

describe("posting slots", () => {
  it("turns ticked weekdays and typed times into sorted slots and back", () => {
    const slots = gridToSlots([5, 1, 3], ["18:00", "09:00"]);
    expect(slots[0]).toEqual({ weekday: 1, time: "09:00" });
    expect(slots).toHaveLength(6);
    expect(slotsToGrid(slots)).toEqual({ weekdays: [1, 3, 5], times: ["09:00", "18:00"] });
    expect(sortSlots([{ weekday: 2, time: "09:00" }, { weekday: 2, time: "09:00" }])).toHaveLength(1);
  });
  it("reads times as people type them and refuses what is not a time", () => {
    expect(parseTimes("9:00, 18.30 7")).toEqual(["07:00", "09:00", "18:30"]);
    expect(parseTimes("25:00")).toBeNull();
    expect(parseTimes("noon")).toBeNull();
  });
  it("finds the first free slot of a channel and groups the queue by channel", () => {
    const items: QueueItem[] = [
      { channelId: "ig", at: "2026-12-09T09:00:00.000Z", postId: null },
      { channelId: "ig", at: "2026-12-07T09:00:00.000Z", postId: "p" },
      { channelId: "bs", at: "2026-12-08T09:00:00.000Z", postId: null },
    ];
    expect(nextFree(items, "ig")?.at).toBe("2026-12-09T09:00:00.000Z");
    expect(nextFree(items, "x")).toBeNull();
    expect([...queueByChannel(items).get("ig")!.map((i) => i.at)]).toEqual(["2026-12-07T09:00:00.000Z", "2026-12-09T09:00:00.000Z"]);
  });
});

describe("the accounts dialog", () => {
  it("offers each network only the connections that fit it", () => {
    expect(connectionKindsFor("bluesky")).toEqual(["bluesky"]);
    expect(connectionKindsFor("mastodon")).toEqual(["mastodon"]);
    expect(connectionKindsFor("website")).toEqual(["wordpress", "webhook"]);
    expect(connectionKindsFor("instagram")).toEqual([]);
    expect(connectionKindsFor("facebook")).toEqual([]);
  });
});
