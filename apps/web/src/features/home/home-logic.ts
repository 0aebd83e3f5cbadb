// The home screen's rules, apart from the screen: the week by day in the workspace's zone, what waits for the
// caller and where each thing is done, the checklist's state, and the data the first-run forms send.
// Types only from @socialplan/schema: the home is a first screen and must not pull the schemas' code in.
import type { FirstRunStep, Home, HomePost, Network } from "@socialplan/schema";

/** A calendar date "YYYY-MM-DD" of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** The date after `date` ("YYYY-MM-DD"), by the calendar (no clock, no zone). */
export function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export interface WeekDay {
  date: string;
  today: boolean;
  past: boolean;
  posts: HomePost[];
}

/**
 * The week Monday to Sunday as rows, each post on the day it goes out in the workspace's zone (whatever day the
 * answer filed it under), the earliest first; a post without a time stays on the day it was given. Every day of the
 * week is there, with or without posts.
 */
export function weekDays(week: Home["week"], timeZone: string, now: Date): WeekDay[] {
  const today = dateIn(now, timeZone);
  const dates: string[] = [];
  for (let d = week.from; d <= week.to && dates.length < 7; d = nextDate(d)) dates.push(d);
  const byDate = new Map<string, HomePost[]>(dates.map((d) => [d, []]));
  const seen = new Set<string>();
  for (const day of week.days) {
    for (const post of day.posts) {
      // A recurring post is the same post on several days: one entry per occurrence.
      const key = `${post.id}@${post.scheduledAt ?? day.date}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const date = post.scheduledAt ? dateIn(new Date(post.scheduledAt), timeZone) : day.date;
      byDate.get(date)?.push(post);
    }
  }
  return dates.map((date) => ({
    date,
    today: date === today,
    past: date < today,
    posts: byDate.get(date)!.sort((a, b) => (a.scheduledAt ?? "").localeCompare(b.scheduledAt ?? "")),
  }));
}

export type WaitingKind = "review" | "ownReview" | "changes" | "failed" | "needs_attention" | "paused" | "reminder" | "task" | "checkIn";

export interface WaitingItem {
  key: string;
  kind: WaitingKind;
  title: string;
  /** Where the thing is done: one click away. */
  href: string;
  overdue: boolean;
  network?: Network;
  /** A date ("YYYY-MM-DD") or an instant, for the line under the title. */
  when?: string;
  byName?: string | null;
  note?: string | null;
  message?: string | null;
  /** A reminder's post and delivery: it is done in place, from Home. */
  reminder?: { postId: string; deliveryId: string };
}

/**
 * Everything waiting for the caller, most urgent kinds first, each with the address of the screen where it is done:
 * a review on the review screen, a post on the calendar with the post open, a task on the board with its card open,
 * the check-in on the strategy's check-ins page.
 */
export function waitingItems(home: Home, workspaceId: string): WaitingItem[] {
  const w = `/w/${workspaceId}`;
  const post = (id: string) => `${w}/calendar?post=${encodeURIComponent(id)}`;
  const items: WaitingItem[] = [
    ...home.waiting.reviews.map((p): WaitingItem => ({
      key: `review-${p.id}`,
      kind: home.canApprove ? "review" : "ownReview",
      title: p.title,
      href: `${w}/review/${encodeURIComponent(p.id)}`,
      overdue: false,
      ...(p.scheduledAt ? { when: p.scheduledAt } : {}),
    })),
    ...home.waiting.changesRequested.map((p): WaitingItem => ({ key: `changes-${p.id}`, kind: "changes", title: p.title, href: post(p.id), overdue: false, byName: p.byName, note: p.note })),
    ...home.waiting.problems.map((p): WaitingItem => ({
      key: `problem-${p.kind}-${p.postId ?? ""}-${p.channelId}`,
      kind: p.kind,
      title: p.title,
      // A paused account is resumed from the calendar's accounts; a failed copy is decided on its post.
      href: p.postId ? post(p.postId) : `${w}/calendar`,
      overdue: p.kind === "failed",
      network: p.network,
      message: p.message,
    })),
    ...home.waiting.reminders.map((r): WaitingItem => ({
      key: `reminder-${r.deliveryId}`,
      kind: "reminder",
      title: r.title,
      href: post(r.postId),
      overdue: r.overdue,
      network: r.network,
      when: r.dueAt,
      reminder: { postId: r.postId, deliveryId: r.deliveryId },
    })),
    ...home.waiting.tasks.map((c): WaitingItem => ({ key: `task-${c.cardId}`, kind: "task", title: c.title, href: `${w}/board?card=${encodeURIComponent(c.cardId)}`, overdue: c.overdue, when: c.dueDate })),
  ];
  if (home.checkIn.overdue) items.push({ key: "check-in", kind: "checkIn", title: "", href: `${w}/strategy/reviews`, overdue: true, when: home.checkIn.due });
  // Overdue things first, keeping the kinds' order otherwise.
  return items.map((item, i) => ({ item, i })).sort((a, b) => Number(b.item.overdue) - Number(a.item.overdue) || a.i - b.i).map(({ item }) => item);
}

/** The checklist's state: how many steps are done, whether all are, and the first one still to do. */
export function checklistState(checklist: Home["checklist"]): { done: number; total: number; allDone: boolean; next: FirstRunStep | null } {
  const done = checklist.filter((s) => s.done).length;
  return { done, total: checklist.length, allDone: done === checklist.length, next: checklist.find((s) => !s.done)?.step ?? null };
}

/**
 * A post on its way to being the first scheduled one: in review, or approved and waiting to be scheduled (when the
 * workspace requires approval, the first-run step waits on it rather than offering a second first post).
 */
export function pendingPost(home: Home): { id: string; status: "in_review" | "approved" } | null {
  const posts = [...home.waiting.reviews, ...home.week.days.flatMap((d) => d.posts)];
  const found = posts.find((p) => p.status === "approved") ?? posts.find((p) => p.status === "in_review");
  return found ? { id: found.id, status: found.status as "in_review" | "approved" } : null;
}

/** Budget pace as whole percentages: money spent of what is available, and the month gone. */
export function budgetPace(budget: NonNullable<Home["budget"]>): { spent: number | null; time: number } {
  const { spentShare, timeShare } = budget.pacing;
  return { spent: spentShare === null ? null : Math.round(spentShare * 100), time: Math.round(timeShare * 100) };
}

/** A date "YYYY-MM-DD" for Intl (read as that calendar day whatever the browser's zone: format it in UTC). */
export const calendarDay = (date: string) => new Date(`${date}T00:00:00Z`);

/** The months a monthly amount goes into: from this month (or the period's start, if later) to the period's end. */
export function monthsFrom(periodMonths: readonly string[], currentMonth: string): string[] {
  return periodMonths.filter((m) => m >= currentMonth);
}

/** A budget line's plan: the same amount in each month. */
export function sameEveryMonth(months: readonly string[], amount: number): Record<string, number> {
  return Object.fromEntries(months.map((m) => [m, amount]));
}

/** The metrics a first goal may measure: those the tracking counts from a KPI's words (see metricOfKpi on the server). */
export const GOAL_METRICS = ["followers", "reach", "impressions", "views", "likes", "comments", "shares", "saves", "link_clicks", "profile_visits", "calls", "direction_requests", "sessions", "orders", "revenue"] as const;

export interface GoalForm {
  title: string;
  /** The metric's name as the user reads it ("Followers", "팔로워"): the goal editor shows the KPI as text. */
  metricLabel: string;
  channels: string[];
  baseline: number;
  target: number;
  start: string;
  deadline: string;
}

/** A SMART goal record from the short form: the KPI on its channels from baseline to target, by the deadline. */
export function goalData(form: GoalForm): Record<string, unknown> {
  return {
    title: form.title.trim(),
    measurable: {
      metric: form.metricLabel,
      channels: form.channels,
      baseline: form.baseline,
      target: form.target,
      direction: form.target < form.baseline ? "decrease" : "increase",
    },
    timebound: { start: form.start, deadline: form.deadline },
  };
}

/** The suggested time of a first post: tomorrow at 10:00 in the workspace's zone. */
export function suggestedTime(now: Date, timeZone: string): { date: string; time: string } {
  return { date: nextDate(dateIn(now, timeZone)), time: "10:00" };
}
