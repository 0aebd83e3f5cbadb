import { occurrences, utcToZoned } from "@socialplan/domain";
import type { ConnectionKind, Network, Post, QueueItem, Slot } from "@socialplan/schema";

/** A range of instants the calendar shows (FullCalendar's `datesSet`). */
export interface Range {
  start: string;
  end: string;
}

/** The instants a post occupies within a range: its time, or each occurrence of its rule. */
export function timesOf(p: Post, zone: string, range: Range): string[] {
  if (!p.scheduledAt) return [];
  if (!p.recurrence) return p.scheduledAt >= range.start && p.scheduledAt < range.end ? [p.scheduledAt] : [];
  try {
    return occurrences(p.recurrence, utcToZoned(p.scheduledAt, zone), zone, range.start, range.end, 400);
  } catch {
    return [];
  }
}

/** "YYYY-MM-DD" moved by whole days (calendar dates, no clock or zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a "YYYY-MM-DD" date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/**
 * Where a key moves the focus in the month grid: left/right a day, up/down a week, Home/End to the start/end of
 * the week (weekStart: ISO weekday the week starts on), PageUp/PageDown a month. Null: the key does not move.
 */
export function dayForKey(date: string, key: string, weekStart: number): string | null {
  switch (key) {
    case "ArrowLeft":
      return addDays(date, -1);
    case "ArrowRight":
      return addDays(date, 1);
    case "ArrowUp":
      return addDays(date, -7);
    case "ArrowDown":
      return addDays(date, 7);
    case "Home":
      return addDays(date, -((isoWeekday(date) - weekStart + 7) % 7));
    case "End":
      return addDays(date, 6 - ((isoWeekday(date) - weekStart + 7) % 7));
    case "PageUp":
    case "PageDown": {
      const [y, m, d] = date.split("-").map(Number) as [number, number, number];
      const target = new Date(Date.UTC(y, m - 1 + (key === "PageUp" ? -1 : 1), 1));
      const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(d, last));
      return target.toISOString().slice(0, 10);
    }
    default:
      return null;
  }
}

/** Whether a key press happens while the person types (the `n` shortcut must not steal a letter then). */
export function isTyping(target: { tagName?: string; isContentEditable?: boolean; getAttribute?: (name: string) => string | null } | null): boolean {
  if (!target) return false;
  const tag = (target.tagName ?? "").toUpperCase();
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return true;
  if (target.isContentEditable) return true;
  const role = target.getAttribute?.("role");
  return role === "textbox" || role === "combobox" || role === "searchbox";
}

export interface Filters {
  channels: string[];
  statuses: string[];
  campaign: string | null;
  goal: string | null;
}

/** How many filters narrow the calendar (the phone's "Filters (2)" button). */
export const activeFilterCount = (f: Filters) => (f.channels.length ? 1 : 0) + (f.statuses.length ? 1 : 0) + (f.campaign ? 1 : 0) + (f.goal ? 1 : 0);

/** The posts of each day in the zone (a recurring post on each day it happens), for the day list and "+N more". */
export function postsByDay(posts: Post[], zone: string, range: Range): Map<string, { post: Post; at: string }[]> {
  const days = new Map<string, { post: Post; at: string }[]>();
  for (const post of posts) {
    for (const at of timesOf(post, zone, range)) {
      const day = utcToZoned(at, zone).date;
      const list = days.get(day) ?? [];
      list.push({ post, at });
      days.set(day, list);
    }
  }
  for (const list of days.values()) list.sort((a, b) => a.at.localeCompare(b.at));
  return days;
}

/** Slots in weekday then time order, without repeats. */
export function sortSlots(slots: Slot[]): Slot[] {
  const seen = new Set<string>();
  return slots
    .filter((s) => {
      const key = `${s.weekday} ${s.time}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
}

/** A channel's slots as the dialog edits them: the weekdays ticked and the times typed (every day gets every time). */
export function slotsToGrid(slots: Slot[]): { weekdays: number[]; times: string[] } {
  return {
    weekdays: [...new Set(slots.map((s) => s.weekday))].sort((a, b) => a - b),
    times: [...new Set(slots.map((s) => s.time))].sort(),
  };
}

export const gridToSlots = (weekdays: number[], times: string[]): Slot[] => sortSlots(weekdays.flatMap((weekday) => times.map((time) => ({ weekday, time }))));

/** Times typed as "9:00, 18:30" → ["09:00", "18:30"]; null when one of them is not a time. */
export function parseTimes(text: string): string[] | null {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  const out: string[] = [];
  for (const part of parts) {
    const m = /^([01]?\d|2[0-3])[:.h]?([0-5]\d)?$/.exec(part);
    if (!m) return null;
    out.push(`${m[1]!.padStart(2, "0")}:${m[2] ?? "00"}`);
  }
  return [...new Set(out)].sort();
}

/** The queue grouped by channel, in time order, each slot free or taken. */
export function queueByChannel(items: QueueItem[]): Map<string, QueueItem[]> {
  const out = new Map<string, QueueItem[]>();
  for (const item of [...items].sort((a, b) => a.at.localeCompare(b.at))) {
    const list = out.get(item.channelId) ?? [];
    list.push(item);
    out.set(item.channelId, list);
  }
  return out;
}

/** The first free slot of a channel in the queue after `after` (an instant), or null. */
export const nextFree = (items: QueueItem[], channelId: string, after = ""): QueueItem | null =>
  [...items].sort((a, b) => a.at.localeCompare(b.at)).find((i) => i.channelId === channelId && i.postId === null && i.at > after) ?? null;

/** Toggles an id in a selection (a new Set, for React state). */
export function toggle(selection: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Whether a post may be moved by drag or bulk: not repeating and nothing of it sent yet. */
export const isMovable = (p: Post) =>
  !p.recurrence && ["idea", "draft", "in_review", "approved", "scheduled"].includes(p.status) && !p.deliveries.some((d) => d.status !== "scheduled" || d.attempts > 0);

/**
 * The ways a channel of this network can publish by itself: its own account (Bluesky, Mastodon, a WordPress site)
 * or, for a website or another channel, a webhook to the owner's automation. Empty: it publishes by reminder.
 */
export function connectionKindsFor(network: Network): ConnectionKind[] {
  switch (network) {
    case "bluesky":
      return ["bluesky"];
    case "mastodon":
      return ["mastodon"];
    case "website":
      return ["wordpress", "webhook"];
    case "other":
      return ["webhook"];
    default:
      return [];
  }
}
