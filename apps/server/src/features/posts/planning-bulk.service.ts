import { addDays, isDate, utcToZoned, zonedToUtc } from "@socialplan/domain";
import { translate, type BulkAction, type BulkResult, type Locale, type UndoResult } from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import type { DeliveriesTable, PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { badRequest, conflict } from "../../lib/errors.ts";
import {
  claimUndo,
  deliveriesIn,
  findUndo,
  postsIn,
  reinsertDeleted,
  snapshotChanged,
  snapshotDeleted,
  UNDO_WINDOW_MS,
  writeUndo,
  type ChangedSnapshot,
  type DeletedSnapshot,
  type UndoData,
} from "./planning.repository.ts";
import { attempt, refuseStarted, started, type Skip } from "./planning.service.ts";
import { deletePost, schedulePost, unschedulePost, updatePost, variantsOf } from "./posts.service.ts";
import { recordEvent } from "./review-history.ts";

/** What a bulk change or an undo did, and the times the publisher should wake for. */
export interface Outcome<T> {
  result: T;
  due: string[];
}

/** The times of the scheduled, untouched deliveries of these posts (to wake the publisher for). */
async function dueTimes(ctx: ServiceContext, postIds: readonly string[]): Promise<string[]> {
  return (await deliveriesIn(ctx.db, postIds)).filter((d) => d.status === "scheduled").map((d) => d.next_attempt_at ?? d.due_at);
}

/** The new time of a post moved by the action, keeping its wall-clock time in the zone. */
function movedTime(row: PostsTable, action: Extract<BulkAction, { kind: "shift" | "reschedule" }>, zone: string): string {
  if (action.kind === "shift") {
    if (!row.scheduled_at) throw conflict("bulk.no_date");
    const local = utcToZoned(row.scheduled_at, zone);
    return zonedToUtc({ date: addDays(local.date, action.days), time: local.time }, zone);
  }
  const time = row.scheduled_at ? utcToZoned(row.scheduled_at, zone).time : (action.time ?? "09:00");
  return zonedToUtc({ date: action.date, time }, zone);
}

/** One post's part of a bulk change, by the single-post rules (scheduling, unscheduling, moving, deleting). */
async function applyOne(ctx: ServiceContext, m: Membership, user: UserRow, row: PostsTable, deliveries: readonly DeliveriesTable[], action: BulkAction): Promise<void> {
  const actor = { userId: user.id };
  switch (action.kind) {
    case "shift":
    case "reschedule":
      refuseStarted(row, deliveries);
      return updatePost(ctx, m, user, row.id, { scheduledAt: movedTime(row, action, m.workspace.timezone) });
    case "delete":
      return deletePost(ctx, m, row.id);
    case "status": {
      if (row.status === action.status) throw conflict("bulk.already", { status: action.status });
      if (action.status === "scheduled") return schedulePost(ctx, m, row.id, undefined, actor);
      if (row.status === "scheduled") {
        await unschedulePost(ctx, m, row.id, actor);
        // Unscheduled, a post goes back to draft (or stays approved, keeping its approval); an idea is asked for on top.
        const after = await postsIn(ctx.db, m.workspaceId, [row.id]);
        if (after[0]?.status === "draft" && action.status === "idea") await updatePost(ctx, m, user, row.id, { status: "idea" });
        return;
      }
      return updatePost(ctx, m, user, row.id, { status: action.status });
    }
  }
}

/**
 * Applies one action to many posts of the workspace in the caller's transaction. Each post follows the single-post
 * rules; one that cannot is left as it was (its part rolled back) and listed with the reason. Ids not in this
 * workspace are "not found". What the change touched is kept for undo first.
 */
export async function bulkChange(ctx: ServiceContext, m: Membership, user: UserRow, ids: readonly string[], action: BulkAction, locale: Locale): Promise<Outcome<BulkResult>> {
  if (action.kind === "reschedule" && !isDate(action.date)) throw badRequest("validation.failed", {}, [{ field: "action.date", key: "validation.date" }]);
  const unique = [...new Set(ids)];
  const rows = await postsIn(ctx.db, m.workspaceId, unique);
  const snapshots: Map<string, ChangedSnapshot | DeletedSnapshot> = action.kind === "delete" ? await snapshotDeleted(ctx.db, rows) : await snapshotChanged(ctx.db, rows);
  const changed: string[] = [];
  const skipped: Skip[] = [];
  for (const id of unique) {
    const snapshot = snapshots.get(id);
    if (!snapshot) {
      skipped.push({ postId: id, code: "post.not_found", message: translate(locale, "post.not_found") });
      continue;
    }
    const skip = await attempt(ctx, id, locale, () => applyOne(ctx, m, user, snapshot.post, snapshot.deliveries, action));
    if (skip) skipped.push(skip);
    else changed.push(id);
  }
  const kept = changed.map((id) => snapshots.get(id)!);
  const data: UndoData = action.kind === "delete" ? { created: [], changed: [], deleted: kept as DeletedSnapshot[] } : { created: [], changed: kept, deleted: [] };
  const undoId = changed.length ? await writeUndo(ctx.db, { workspaceId: m.workspaceId, memberId: m.memberId, now: ctx.now }, `bulk_${action.kind}`, data) : null;
  return { result: { changed, skipped, undoId }, due: action.kind === "delete" ? [] : await dueTimes(ctx, changed) };
}

/** A changed post goes back to its time, status, approval and deliveries, unless part of it went out since. */
async function restoreChanged(ctx: ServiceContext, s: ChangedSnapshot, actor: { userId: string }): Promise<void> {
  const [now] = await postsIn(ctx.db, s.post.workspace_id, [s.post.id]);
  if (!now) throw conflict("undo.post_gone");
  const before = new Map(s.deliveries.map((d) => [d.id, d]));
  const current = await deliveriesIn(ctx.db, [s.post.id]);
  // Published, sending or sent-and-failed since the change (anything not exactly as it was then): left alone.
  if (current.some((d) => started(d) && before.get(d.id)?.status !== d.status)) throw conflict("undo.published_since");
  const idle = current.filter((d) => !before.has(d.id) && !started(d) && d.status !== "cancelled").map((d) => d.id);
  if (idle.length) {
    // Only deliveries still untouched are removed: one claimed by a publisher meanwhile makes this post a skip.
    const gone = await ctx.db.deleteFrom("deliveries").where("id", "in", idle).where("status", "=", "scheduled").where("attempts", "=", 0).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== idle.length) throw conflict("undo.published_since");
  }
  const present = new Set(current.map((d) => d.id));
  // Put back only what the change removed: deliveries nothing had happened to (a sent one is never sent again).
  const back = s.deliveries.filter((d) => !present.has(d.id) && !started(d));
  if (back.length) await ctx.db.insertInto("deliveries").values(back).onConflict((oc) => oc.doNothing()).execute();
  // A channel the change added (next free slot) goes again; texts written since on the channels kept stay.
  const nowVariants = variantsOf(now);
  const variants = variantsOf(s.post).map((v) => nowVariants.find((x) => x.channelId === v.channelId) ?? v);
  await ctx.db
    .updateTable("posts")
    .set({ scheduled_at: s.post.scheduled_at, status: s.post.status, approved_by: s.post.approved_by, approved_at: s.post.approved_at, variants: JSON.stringify(variants), updated_at: iso(ctx.now) })
    .where("id", "=", s.post.id)
    .execute();
  if (now.status !== s.post.status && (now.status === "scheduled" || s.post.status === "scheduled")) {
    await recordEvent(ctx, s.post, s.post.status === "scheduled" ? "scheduled" : "unscheduled", actor);
  }
}

/** A post the change created is removed again, unless part of it went out since. */
async function removeCreated(ctx: ServiceContext, m: Membership, postId: string): Promise<void> {
  const [now] = await postsIn(ctx.db, m.workspaceId, [postId]);
  if (!now) throw conflict("undo.post_gone");
  if ((await deliveriesIn(ctx.db, [postId])).some(started)) throw conflict("undo.published_since");
  await deletePost(ctx, m, postId);
}

/**
 * Puts back what the member's last change touched, as it was: only the member who made it, only their last, within
 * the undo window. Each post is restored on its own; one that went out since is listed as skipped.
 */
export async function undoChange(ctx: ServiceContext, m: Membership, user: UserRow, undoId: string, locale: Locale): Promise<Outcome<UndoResult>> {
  const record = await findUndo(ctx.db, m.workspaceId, undoId);
  if (!record || Date.parse(record.created_at) < ctx.now.getTime() - UNDO_WINDOW_MS) throw conflict("undo.expired");
  if (record.member_id !== m.memberId) throw conflict("undo.not_yours");
  if (!(await claimUndo(ctx.db, record.id))) throw conflict("undo.expired");
  const data = JSON.parse(record.data) as UndoData;
  const restored: string[] = [];
  const skipped: Skip[] = [];
  const actor = { userId: user.id };
  const run = async (postId: string, work: () => Promise<void>) => {
    const skip = await attempt(ctx, postId, locale, work);
    if (skip) skipped.push(skip);
    else restored.push(postId);
  };
  for (const id of data.created) await run(id, () => removeCreated(ctx, m, id));
  for (const s of data.changed) await run(s.post.id, () => restoreChanged(ctx, s, actor));
  for (const s of data.deleted) {
    await run(s.post.id, async () => {
      if ((await postsIn(ctx.db, m.workspaceId, [s.post.id])).length) throw conflict("undo.post_back");
      await reinsertDeleted(ctx.db, s);
    });
  }
  const back = restored.filter((id) => !data.created.includes(id));
  return { result: { restored, skipped }, due: await dueTimes(ctx, back) };
}
