import { addDays, isoWeekday, occurrences, utcToZoned, zonedToUtc } from "@socialplan/domain";
import { EDITABLE_STATUSES, fieldLabel, translate, type ChannelSlots, type DuplicatePost, type Locale, type QueueItem, type Slot } from "@socialplan/schema";
import { sql } from "kysely";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import type { DeliveriesTable, PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { AppError, badRequest, conflict, type FieldIssue } from "../../lib/errors.ts";
import { requestedInstant } from "./local-time.ts";
import { postsWithTimes, replaceSlots, slotRows, snapshotChanged, writeUndo } from "./planning.repository.ts";
import { channelsOf, createPost, requirePost, updatePost, variantsOf } from "./posts.service.ts";

const MINUTE_MS = 60_000;
/** How far ahead the next free slot is looked for. */
const SEARCH_DAYS = 731;
const DEFAULT_QUEUE = 10;

/** A post skipped by a planning change, with the reason in the caller's language. */
export interface Skip {
  postId: string;
  code: string;
  message: string;
}

/** Why a post was left alone: the error's message, or for a refused field the field's own message. */
export function skipOf(postId: string, err: AppError, locale: Locale): Skip {
  const first = err.fields[0];
  if (err.key === "validation.failed" && first) {
    const message = err.fields.map((f) => translate(locale, f.key, { ...f.params, field: fieldLabel(locale, f.field) })).join(" ");
    return { postId, code: first.key, message };
  }
  // A post's state inside the sentence in the reader's language ("draft" → "초안"), where the message names one.
  const { status } = err.params;
  const params = typeof status === "string" ? { ...err.params, status: translate(locale, `bulk.status.${status}`) } : err.params;
  return { postId, code: err.key, message: translate(locale, err.key, params) };
}

/**
 * Runs one post's part of a change inside a savepoint: a refusal (AppError) undoes just that part and becomes a
 * skip; anything else fails the whole request.
 */
export async function attempt(ctx: ServiceContext, postId: string, locale: Locale, work: () => Promise<void>): Promise<Skip | null> {
  await sql`SAVEPOINT planning_item`.execute(ctx.db);
  try {
    await work();
    await sql`RELEASE SAVEPOINT planning_item`.execute(ctx.db);
    return null;
  } catch (err) {
    await sql`ROLLBACK TO SAVEPOINT planning_item`.execute(ctx.db);
    await sql`RELEASE SAVEPOINT planning_item`.execute(ctx.db);
    if (err instanceof AppError) return skipOf(postId, err, locale);
    throw err;
  }
}

/** Deliveries the publisher has touched (sent, sending, failed, waiting for a person), as opposed to idle or dropped ones. */
export const started = (d: Pick<DeliveriesTable, "status" | "attempts">) => !(d.status === "scheduled" && d.attempts === 0) && d.status !== "cancelled";

/** A one-off post part of which went out (or is going out, or needs a person) stays where it is. */
export function refuseStarted(post: PostsTable, deliveries: readonly DeliveriesTable[]): void {
  if (post.recurrence) return;
  const busy = deliveries.filter(started);
  if (!busy.length) return;
  if (busy.some((d) => d.status === "claimed" || d.status === "publishing")) throw conflict("post.publishing_now");
  if (deliveries.every((d) => d.status === "published" || d.status === "cancelled")) throw conflict("bulk.published");
  throw conflict("bulk.started");
}

async function requireChannel(ctx: ServiceContext, workspaceId: string, channelId: string): Promise<void> {
  if (!(await channelsOf(ctx.db, workspaceId)).has(channelId)) throw new AppError(404, "slot.channel_not_found");
}

/** Every channel's posting slots (channels without any are left out). */
export async function listSlots(ctx: ServiceContext, workspaceId: string): Promise<ChannelSlots[]> {
  const out = new Map<string, Slot[]>();
  for (const r of await slotRows(ctx.db, workspaceId)) out.set(r.channel_id, [...(out.get(r.channel_id) ?? []), { weekday: r.weekday, time: r.time }]);
  return [...out].map(([channelId, slots]) => ({ channelId, slots }));
}

export async function putSlots(ctx: ServiceContext, m: Membership, channelId: string, slots: readonly Slot[]): Promise<ChannelSlots> {
  await requireChannel(ctx, m.workspaceId, channelId);
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  slots.forEach((s, i) => {
    const key = `${s.weekday} ${s.time}`;
    if (seen.has(key)) issues.push({ field: `slots.${i}`, key: "slot.twice" });
    seen.add(key);
  });
  if (issues.length) throw badRequest("validation.failed", {}, issues);
  const sorted = [...slots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
  await replaceSlots(ctx.db, m.workspaceId, channelId, sorted, ctx.now);
  return { channelId, slots: sorted };
}

/**
 * The first `count` instants of weekly slots strictly after `after`, in the zone's wall-clock time: a slot's time
 * the clock skips moves forward by the gap and one it repeats is the first, as recurring posts do.
 */
export function slotInstants(slots: readonly Slot[], zone: string, after: Date, count: number, days = SEARCH_DAYS): string[] {
  const out: string[] = [];
  if (!slots.length) return out;
  const from = after.toISOString();
  let date = utcToZoned(after, zone).date;
  for (let i = 0; i <= days && out.length < count; i++, date = addDays(date, 1)) {
    const weekday = isoWeekday(date);
    const day = [...new Set(slots.filter((s) => s.weekday === weekday).map((s) => zonedToUtc({ date, time: s.time }, zone)))].filter((at) => at > from).sort();
    for (const at of day) if (out.length < count && !out.includes(at)) out.push(at);
  }
  return out;
}

const minute = (at: string) => Math.floor(Date.parse(at) / MINUTE_MS);

/** Which post is at each minute on a channel within [from, to] (recurring posts at each occurrence), leaving out `except`. */
async function takenMinutes(ctx: ServiceContext, workspaceId: string, zone: string, from: string, to: string, except?: string): Promise<Map<string, Map<number, string>>> {
  const taken = new Map<string, Map<number, string>>();
  const end = iso(new Date(Date.parse(to) + MINUTE_MS));
  for (const p of await postsWithTimes(ctx.db, workspaceId, from, to)) {
    if (p.id === except || !p.scheduled_at) continue;
    const times = p.recurrence ? occurrences(p.recurrence, utcToZoned(p.scheduled_at, zone), zone, from, end, 1000) : [p.scheduled_at];
    for (const v of variantsOf(p)) {
      const byMinute = taken.get(v.channelId) ?? new Map<number, string>();
      for (const at of times) if (!byMinute.has(minute(at))) byMinute.set(minute(at), p.id);
      taken.set(v.channelId, byMinute);
    }
  }
  return taken;
}

/** The next slots from now of one channel (or each channel with slots), each with the post at that time or null. */
export async function queue(ctx: ServiceContext, m: Membership, query: { channelId?: string | undefined; count?: number | undefined }): Promise<QueueItem[]> {
  if (query.channelId) await requireChannel(ctx, m.workspaceId, query.channelId);
  const zone = m.workspace.timezone;
  const channels = (await listSlots(ctx, m.workspaceId)).filter((c) => !query.channelId || c.channelId === query.channelId);
  const slots = channels.map((c) => ({ channelId: c.channelId, at: slotInstants(c.slots, zone, ctx.now, query.count ?? DEFAULT_QUEUE) }));
  const all = slots.flatMap((s) => s.at).sort();
  if (!all.length) return [];
  const taken = await takenMinutes(ctx, m.workspaceId, zone, all[0]!, all.at(-1)!);
  return slots
    .flatMap((s) => s.at.map((at) => ({ channelId: s.channelId, at, postId: taken.get(s.channelId)?.get(minute(at)) ?? null })))
    .sort((a, b) => a.at.localeCompare(b.at) || a.channelId.localeCompare(b.channelId));
}

/** The earliest slot of the channel after now that no other post takes. */
async function firstFreeSlot(ctx: ServiceContext, m: Membership, channelId: string, postId: string): Promise<string> {
  const slots = (await slotRows(ctx.db, m.workspaceId, channelId)).map((r) => ({ weekday: r.weekday, time: r.time }));
  if (!slots.length) throw conflict("slot.none");
  const zone = m.workspace.timezone;
  let after = ctx.now;
  const horizon = ctx.now.getTime() + SEARCH_DAYS * 86_400_000;
  while (after.getTime() < horizon) {
    const batch = slotInstants(slots, zone, after, 100);
    if (!batch.length) break;
    const taken = (await takenMinutes(ctx, m.workspaceId, zone, batch[0]!, batch.at(-1)!, postId)).get(channelId);
    const free = batch.find((at) => !taken?.has(minute(at)));
    if (free) return free;
    after = new Date(batch.at(-1)!);
  }
  throw conflict("slot.all_taken");
}

/**
 * The post takes the earliest free slot of the channel (or of its first channel): a scheduled post's deliveries move
 * with it (the move's own rules), a draft stays a draft. A channel the post does not go to yet is added to a post
 * still being written. Returns the undo id.
 */
export async function takeNextSlot(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, channelId: string | undefined): Promise<string> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  const variants = variantsOf(row);
  const channel = channelId ?? variants[0]?.channelId;
  if (!channel) throw badRequest("validation.failed", {}, [{ field: "channelId", key: "slot.no_channel" }]);
  if (!(await channelsOf(ctx.db, m.workspaceId)).has(channel)) throw badRequest("validation.failed", {}, [{ field: "channelId", key: "post.unknown_channel" }]);
  const snapshot = (await snapshotChanged(ctx.db, [row])).get(row.id)!;
  refuseStarted(row, snapshot.deliveries);
  const at = await firstFreeSlot(ctx, m, channel, row.id);
  const onPost = variants.some((v) => v.channelId === channel);
  if (!onPost && !(EDITABLE_STATUSES as readonly string[]).includes(row.status)) throw conflict("post.unschedule_to_edit");
  await updatePost(ctx, m, user, row.id, { scheduledAt: at, ...(onPost ? {} : { variants: [...variants, { channelId: channel, text: null }] }) });
  return writeUndo(ctx.db, { workspaceId: m.workspaceId, memberId: m.memberId, now: ctx.now }, "next_slot", { created: [], changed: [snapshot], deleted: [] });
}

/**
 * A copy of a post as a draft, with its text, channels' texts, media, link, UTM, campaign, pillar, goal and
 * initiative (not its deliveries, approval, history, comments or repeat rule), at the time and on the channels
 * asked for (the same when left out). Returns the copy's id and the undo id.
 */
export async function duplicatePost(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, body: DuplicatePost): Promise<{ id: string; undoId: string }> {
  const source = await requirePost(ctx, m.workspaceId, postId);
  const when = requestedInstant(body, m.workspace.timezone);
  const sourceVariants = variantsOf(source);
  let variants = sourceVariants;
  if (body.channelIds) {
    const channels = await channelsOf(ctx.db, m.workspaceId);
    const issues: FieldIssue[] = [];
    body.channelIds.forEach((id, i) => {
      if (!channels.has(id)) issues.push({ field: `channelIds.${i}`, key: "post.unknown_channel" });
      if (body.channelIds!.indexOf(id) !== i) issues.push({ field: `channelIds.${i}`, key: "post.channel_twice" });
    });
    if (issues.length) throw badRequest("validation.failed", {}, issues);
    variants = body.channelIds.map((channelId) => ({ text: null, ...sourceVariants.find((v) => v.channelId === channelId), channelId }));
  }
  const id = await createPost(ctx, m, user, {
    title: source.title,
    body: source.body,
    variants,
    media: JSON.parse(source.media) as { assetId: string; alt: string }[],
    link: source.link,
    utm: JSON.parse(source.utm) as Record<string, string>,
    pillar: source.pillar,
    campaign: source.campaign,
    goalId: source.goal_id,
    initiativeId: source.initiative_id,
    scheduledAt: when.scheduledAt === undefined ? source.scheduled_at : when.scheduledAt,
    status: "draft",
  });
  const undoId = await writeUndo(ctx.db, { workspaceId: m.workspaceId, memberId: m.memberId, now: ctx.now }, "duplicate", { created: [id], changed: [], deleted: [] });
  return { id, undoId };
}
