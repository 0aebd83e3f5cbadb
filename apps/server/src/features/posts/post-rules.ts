import { NEAR_DUPLICATE, occurrenceNotes, readLocalTime, textSimilarity, utcToZoned, X_MAX_WEIGHTED_LENGTH } from "@socialplan/domain";
import { checkPostForNetwork, networkLength, type CheckedMedia, type Network, type PostWarning, type Violation } from "@socialplan/schema";
import type { DB } from "../../db/database.ts";
import type { PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import type { FieldIssue } from "../../lib/errors.ts";
import { channelsOf, mediaOf, textFor, variantsOf, type ChannelInfo } from "./post-channels.ts";
import { assetFacts } from "./posts.repository.ts";

type Row = PostsTable;
const DAY_MS = 86_400_000;

/** What the networks' rules need of each asset (kind, size in pixels and bytes, type, a video's length), by id. */
export async function mediaFacts(db: DB, workspaceId: string, rows: readonly Pick<Row, "media">[]): Promise<Map<string, CheckedMedia>> {
  const ids = [...new Set(rows.flatMap((r) => mediaOf(r).map((m) => m.assetId)))];
  if (!ids.length) return new Map();
  const assets = await assetFacts(db, workspaceId, ids);
  return new Map(
    assets.map((a) => [a.id, { kind: a.kind === "video" ? "video" : a.kind === "document" ? "document" : "image", width: a.width, height: a.height, durationMs: a.duration_ms ?? null, bytes: Number(a.size), contentType: a.content_type }]),
  );
}

/** What in the post breaks the rules of one channel's network (the shared rules table), its link put in as it goes out. */
export function channelViolations(post: Pick<Row, "variants" | "body" | "link" | "media">, channelId: string, network: Network, media: ReadonlyMap<string, CheckedMedia>): Violation[] {
  return checkPostForNetwork(network, { text: textFor(post, channelId), link: post.link, media: mediaOf(post).flatMap((m) => media.get(m.assetId) ?? []) });
}

/** A post of a list as `postWarnings` compares it: its time and channels, read once for the whole list. */
export interface Neighbour {
  row: Row;
  at: number;
  channels: ReadonlySet<string>;
}

/**
 * A list's dated posts in time order, each with its channels read once: `postWarnings` finds the day around a post by
 * binary search. (Comparing every post with every other and reading the other's channels each time made a busy
 * month — 2,000 posts — take seconds.)
 */
export function neighboursOf(rows: readonly Row[]): Neighbour[] {
  return rows
    .filter((r) => r.scheduled_at)
    .map((row) => ({ row, at: Date.parse(row.scheduled_at!), channels: new Set(variantsOf(row).map((v) => v.channelId)) }))
    .sort((a, b) => a.at - b.at);
}

/** The first of the (time-ordered) neighbours later than `after`. */
function firstAfter(neighbours: readonly Neighbour[], after: number): number {
  let lo = 0;
  let hi = neighbours.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (neighbours[mid]!.at > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Warnings, never errors, while writing: anything that breaks a channel's network rules (text too long counted the
 * network's way, too many images or videos, an image the feed crops, a video too long…, each with its numbers and
 * whether the network refuses it), no channel chosen, the same channel getting two posts at the same minute, or
 * nearly the same text within 24 hours.
 */
export function postWarnings(post: Row, neighbours: readonly Neighbour[], channels: Map<string, ChannelInfo>, when: { zone: string; now: Date }, media: ReadonlyMap<string, CheckedMedia> = new Map()): PostWarning[] {
  const out: PostWarning[] = [...timeWarnings(post, when.zone, when.now)];
  const variants = variantsOf(post);
  if (variants.length === 0) out.push({ kind: "no_channel", channelId: null, otherPostId: null });
  for (const v of variants) {
    const network = channels.get(v.channelId)?.network ?? "other";
    for (const x of channelViolations(post, v.channelId, network, media)) {
      out.push({ kind: x.rule, channelId: v.channelId, otherPostId: null, severity: x.severity, params: { network, ...x.params } });
    }
  }
  if (!post.scheduled_at) return out;
  const at = Date.parse(post.scheduled_at);
  // Those less than a day before or after it.
  for (let i = firstAfter(neighbours, at - DAY_MS); i < neighbours.length && neighbours[i]!.at < at + DAY_MS; i++) {
    const { row: other, at: otherAt, channels: otherChannels } = neighbours[i]!;
    if (other.id === post.id) continue;
    for (const v of variants) {
      if (!otherChannels.has(v.channelId)) continue;
      if (Math.floor(at / 60_000) === Math.floor(otherAt / 60_000)) out.push({ kind: "same_minute", channelId: v.channelId, otherPostId: other.id });
      if (textSimilarity(textFor(post, v.channelId), textFor(other, v.channelId)) >= NEAR_DUPLICATE) out.push({ kind: "near_duplicate", channelId: v.channelId, otherPostId: other.id });
    }
  }
  return out;
}

/**
 * What the one local-time rule decided for this post, said where the post is shown: a time that happens twice that
 * day (the first is used), and for a recurring post, its occurrences in the coming year whose time the clock skips
 * (moved forward by the gap) or repeats.
 */
function timeWarnings(post: Row, zone: string, now: Date): PostWarning[] {
  if (!post.scheduled_at) return [];
  const start = utcToZoned(post.scheduled_at, zone);
  if (post.recurrence) {
    const from = iso(new Date(Math.max(Date.parse(post.scheduled_at), now.getTime())));
    const to = iso(new Date(now.getTime() + 366 * DAY_MS));
    return occurrenceNotes(post.recurrence, start, zone, from, to, 10).map((n) => ({
      kind: n.kind === "moved" ? "time_moved" : "time_twice",
      channelId: null,
      otherPostId: null,
      instant: n.instant,
      otherInstant: n.other,
    }));
  }
  const r = readLocalTime(start, zone);
  if (r.kind !== "ambiguous") return [];
  return [{ kind: "time_twice", channelId: null, otherPostId: null, instant: post.scheduled_at, otherInstant: r.earlier === post.scheduled_at ? r.later : r.earlier }];
}

/** Checks that make scheduling refuse a post, with the field to fix. */
export async function readyIssues(db: DB, row: Row): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const variants = variantsOf(row);
  if (!variants.length) issues.push({ field: "variants", key: "post.no_channel" });
  const channels = await channelsOf(db, row.workspace_id);
  const media = await mediaFacts(db, row.workspace_id, [row]);
  variants.forEach((v, i) => {
    const network = channels.get(v.channelId)?.network ?? "other";
    const text = v.text ?? row.body;
    const textField = v.text === null ? "body" : `variants.${i}.text`;
    if (!text.trim() && mediaOf(row).length === 0) issues.push({ field: textField, key: "post.empty" });
    // What the network itself would refuse (a crop or a scaled-down photo is only a warning).
    for (const x of channelViolations(row, v.channelId, network, media)) {
      if (x.severity !== "error") continue;
      if (x.rule === "too_long") issues.push({ field: textField, key: "post.too_long", params: { network, limit: x.params.limit!, length: x.params.length! } });
      else if (x.rule === "too_many_hashtags") issues.push({ field: textField, key: "post.rule_too_many_hashtags", params: { network, ...x.params } });
      else issues.push({ field: typeof x.params.item === "number" ? `media.${x.params.item - 1}.assetId` : "media", key: `post.rule_${x.rule}`, params: { network, ...x.params } });
    }
    // An X thread's further posts: each within X's own count (the first is the text above).
    const thread = network === "x" ? ((v as { options?: { thread?: string[] } }).options?.thread ?? []) : [];
    thread.forEach((t, k) => {
      const length = networkLength("x", t);
      if (length > X_MAX_WEIGHTED_LENGTH) issues.push({ field: `variants.${i}.options.thread.${k}`, key: "post.too_long", params: { network, limit: X_MAX_WEIGHTED_LENGTH, length } });
    });
  });
  return issues;
}
