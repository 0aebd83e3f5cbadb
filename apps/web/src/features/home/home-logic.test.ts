import type { Home, HomePost } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { checklistState, pendingPost, dateIn, goalData, monthsFrom, sameEveryMonth, suggestedTime, waitingItems, weekDays } from "./home-logic.ts";

const post = (id: string, scheduledAt: string | null, status: HomePost["status"] = "scheduled"): HomePost => ({
  id,
  title: `Post ${id}`,
  status,
  scheduledAt,
  channels: [{ channelId: "c1", network: "instagram" }],
  thumbnailAssetId: null,
});

const emptyHome = (): Home => ({
  checklist: [
    { step: "basics", done: true },
    { step: "channel", done: true },
    { step: "goal", done: false },
    { step: "post", done: false },
    { step: "budget", done: true },
    { step: "team", done: false },
  ],
  approvalRequired: false,
  canApprove: true,
  example: false,
  goals: [],
  week: { from: "2026-03-23", to: "2026-03-29", days: [] },
  waiting: { reviews: [], changesRequested: [], tasks: [], reminders: [], problems: [] },
  budget: null,
  checkIn: { due: "2026-04-01", overdue: false, lastReview: null, lastReportId: null },
});

describe("the week on the home screen", () => {
  it("has every day Monday to Sunday, with or without posts", () => {
    const days = weekDays(emptyHome().week, "Europe/Berlin", new Date("2026-03-25T12:00:00Z"));
    expect(days.map((d) => d.date)).toEqual(["2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29"]);
    expect(days.map((d) => d.today)).toEqual([false, false, true, false, false, false, false]);
    expect(days.filter((d) => d.past).map((d) => d.date)).toEqual(["2026-03-23", "2026-03-24"]);
  });

  it("puts a post on the day it goes out in the workspace's zone, not the UTC day", () => {
    // 23:30 UTC on Tuesday is already Wednesday 08:30 in Seoul.
    const week = { from: "2026-03-23", to: "2026-03-29", days: [{ date: "2026-03-24", posts: [post("a", "2026-03-24T23:30:00Z")] }] };
    const days = weekDays(week, "Asia/Seoul", new Date("2026-03-23T00:00:00Z"));
    expect(days.find((d) => d.date === "2026-03-24")!.posts).toEqual([]);
    expect(days.find((d) => d.date === "2026-03-25")!.posts.map((p) => p.id)).toEqual(["a"]);
  });

  it("orders a day's posts by time and lists a repeated occurrence once", () => {
    const late = post("late", "2026-03-26T16:00:00Z");
    const early = post("early", "2026-03-26T07:00:00Z");
    const week = { from: "2026-03-23", to: "2026-03-29", days: [{ date: "2026-03-26", posts: [late, early, late] }] };
    const day = weekDays(week, "UTC", new Date("2026-03-23T00:00:00Z")).find((d) => d.date === "2026-03-26")!;
    expect(day.posts.map((p) => p.id)).toEqual(["early", "late"]);
  });

  it("keeps a post without a time on the day it was given", () => {
    const week = { from: "2026-03-23", to: "2026-03-29", days: [{ date: "2026-03-27", posts: [post("idea", null, "idea")] }] };
    expect(weekDays(week, "UTC", new Date("2026-03-23T00:00:00Z"))[4]!.posts.map((p) => p.id)).toEqual(["idea"]);
  });
});

describe("what waits for me", () => {
  it("links each thing to the screen where it is done", () => {
    const home = emptyHome();
    home.waiting.reviews = [post("r1", "2026-03-27T09:00:00Z", "in_review")];
    home.waiting.changesRequested = [{ ...post("c1", null, "draft"), note: "Shorter", byName: "Mina" }];
    home.waiting.tasks = [{ cardId: "k1", title: "Shoot photos", dueDate: "2026-03-27", stage: "in_progress", overdue: false }];
    home.waiting.reminders = [{ postId: "p9", deliveryId: "d1", channelId: "c1", network: "instagram", title: "Reel", dueAt: "2026-03-25T09:00:00Z", overdue: false }];
    home.waiting.problems = [{ kind: "paused", postId: null, channelId: "c2", network: "bluesky", title: "@shop", message: null }];
    const items = waitingItems(home, "ws");
    expect(Object.fromEntries(items.map((i) => [i.kind, i.href]))).toEqual({
      review: "/w/ws/review/r1",
      changes: "/w/ws/calendar?post=c1",
      task: "/w/ws/board?card=k1",
      reminder: "/w/ws/calendar?post=p9",
      paused: "/w/ws/calendar",
    });
  });

  it("says a post in review waits for someone else when the caller may not approve", () => {
    const home = { ...emptyHome(), canApprove: false };
    home.waiting.reviews = [post("r1", null, "in_review")];
    expect(waitingItems(home, "ws")[0]!.kind).toBe("ownReview");
  });

  it("puts overdue things first and adds an overdue check-in", () => {
    const home = emptyHome();
    home.checkIn = { due: "2026-03-01", overdue: true, lastReview: null, lastReportId: null };
    home.waiting.tasks = [
      { cardId: "k1", title: "Later", dueDate: "2026-03-28", stage: "next", overdue: false },
      { cardId: "k2", title: "Late", dueDate: "2026-03-20", stage: "next", overdue: true },
    ];
    expect(waitingItems(home, "ws").map((i) => i.key)).toEqual(["task-k2", "check-in", "task-k1"]);
  });

  it("is empty when nothing waits", () => {
    expect(waitingItems(emptyHome(), "ws")).toEqual([]);
  });
});

describe("the first-run checklist", () => {
  it("counts the steps done and names the first one left", () => {
    expect(checklistState(emptyHome().checklist)).toEqual({ done: 3, total: 6, allDone: false, next: "goal" });
    expect(checklistState(emptyHome().checklist.map((s) => ({ ...s, done: true })))).toMatchObject({ allDone: true, next: null });
  });
});

describe("the first post on its way", () => {
  it("is the approved post to schedule before one still in review, or none", () => {
    const home = emptyHome();
    expect(pendingPost(home)).toBeNull();
    home.waiting.reviews = [post("r1", null, "in_review")];
    expect(pendingPost(home)).toEqual({ id: "r1", status: "in_review" });
    home.week.days = [{ date: "2026-03-26", posts: [post("a1", "2026-03-26T09:00:00Z", "approved")] }];
    expect(pendingPost(home)).toEqual({ id: "a1", status: "approved" });
  });
});

describe("the first-run forms' data", () => {
  it("plans a monthly amount from this month to the end of the period", () => {
    const months = ["2026-01", "2026-02", "2026-03", "2026-04"];
    expect(monthsFrom(months, "2026-03")).toEqual(["2026-03", "2026-04"]);
    expect(monthsFrom(months, "2025-11")).toEqual(months);
    expect(sameEveryMonth(["2026-03", "2026-04"], 30000)).toEqual({ "2026-03": 30000, "2026-04": 30000 });
  });

  it("builds a measurable goal whose direction follows baseline and target", () => {
    const base = { title: " More followers ", metricLabel: "Followers", channels: ["c1"], baseline: 100, target: 500, start: "2026-03-25", deadline: "2026-09-30" };
    expect(goalData(base)).toEqual({
      title: "More followers",
      measurable: { metric: "Followers", channels: ["c1"], baseline: 100, target: 500, direction: "increase" },
      timebound: { start: "2026-03-25", deadline: "2026-09-30" },
    });
    expect((goalData({ ...base, baseline: 50, target: 20 }).measurable as { direction: string }).direction).toBe("decrease");
  });

  it("suggests tomorrow at ten in the workspace's zone", () => {
    // 20:00 UTC on 24 March is already 25 March in Seoul.
    expect(suggestedTime(new Date("2026-03-24T20:00:00Z"), "Asia/Seoul")).toEqual({ date: "2026-03-26", time: "10:00" });
    expect(dateIn(new Date("2026-12-31T23:30:00Z"), "UTC")).toBe("2026-12-31");
  });
});
