import { normaliseUtm, type Utm } from "@socialplan/domain";
import { EDITABLE_STATUSES, type CreatePost, type Post, type PostStatus, type UpdatePost } from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import type { DeliveriesTable, PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { AppError, badRequest, conflict } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { channelsOf } from "./post-channels.ts";
import { createDeliveries, materialiseRecurrence, untouched } from "./post-deliveries.ts";
import { checkReferences } from "./post-references.ts";
import { mediaFacts, neighboursOf, postWarnings, readyIssues } from "./post-rules.ts";
import { STORED_STATUS, toDelivery, toPost } from "./post-view.ts";
import * as repo from "./posts.repository.ts";
import { lastReviews, recordEvent, type Actor } from "./review-history.ts";

// The posts feature's parts, importable from here as before.
export { channelsFromRows, channelsOf, mediaOf, textFor, variantsOf, type ChannelInfo } from "./post-channels.ts";
export { createDeliveries, deliveryRow, materialiseRecurrence, RECURRENCE_HORIZON_MS } from "./post-deliveries.ts";
export { channelViolations, mediaFacts, postWarnings } from "./post-rules.ts";
export { REMINDER_GRACE_MS, shownStatus } from "./post-view.ts";
export { confirmDelivery, resolveDelivery } from "./delivery-resolution.service.ts";

type Row = PostsTable;
const DAY_MS = 86_400_000;
const EARLY_TOLERANCE_MS = 60_000;

/** Posts with their deliveries and warnings, as the calendar shows them. */
async function present(ctx: ServiceContext, workspaceId: string, rows: Row[], neighbours: Row[]): Promise<Post[]> {
  const ids = rows.map((r) => r.id);
  const [channels, connected, deliveries, links, zone, reviews, media] = await Promise.all([
    channelsOf(ctx.db, workspaceId),
    repo.connectedChannelIds(ctx.db, workspaceId).then((c) => new Set(c)),
    repo.deliveriesOf(ctx.db, ids),
    repo.shortLinksOf(ctx.db, ids),
    repo.workspaceTimezone(ctx.db, workspaceId),
    lastReviews(ctx.db, ids),
    mediaFacts(ctx.db, workspaceId, rows),
  ]);
  // The first short link of each post and channel, as a search of the list in its order found it.
  const linkOf = new Map<string, string>();
  for (const l of links) if (!linkOf.has(`${l.post_id}|${l.channel_id}`)) linkOf.set(`${l.post_id}|${l.channel_id}`, l.code);
  const shortPath = (d: DeliveriesTable) => {
    const code = linkOf.get(`${d.post_id}|${d.channel_id}`);
    return code === undefined ? null : `/l/${code}`;
  };
  const byPost = new Map<string, DeliveriesTable[]>();
  for (const d of deliveries) byPost.set(d.post_id, [...(byPost.get(d.post_id) ?? []), d]);
  const around = neighboursOf(neighbours);
  return rows.map((r) =>
    toPost(
      r,
      (byPost.get(r.id) ?? []).map((d) => toDelivery(d, connected, ctx.now, shortPath(d))),
      postWarnings(r, around, channels, { zone, now: ctx.now }, media),
      reviews.get(r.id) ?? null,
    ),
  );
}

/**
 * The workspace's posts: those planned within [from, to) (and a day either side for the warnings), every
 * recurring post, and every idea or draft without a date.
 */
export async function listPosts(ctx: ServiceContext, workspaceId: string, range: { from?: string | undefined; to?: string | undefined; status?: PostStatus | undefined }): Promise<Post[]> {
  const from = range.from ? new Date(range.from).toISOString() : null;
  const to = range.to ? new Date(range.to).toISOString() : null;
  if (range.status) {
    // A post's state as shown: the stored one, or for a scheduled post what its deliveries make of it.
    const rows = await repo.postsWithStatus(ctx.db, workspaceId, STORED_STATUS[range.status]);
    const posts = await present(ctx, workspaceId, rows, rows);
    return posts.filter((p) => p.status === range.status && (!from || (p.scheduledAt ?? "") >= from) && (!to || (p.scheduledAt ?? "") < to));
  }
  const rows = await repo.postsForCalendar(ctx.db, workspaceId, from && iso(new Date(Date.parse(from) - DAY_MS)), to && iso(new Date(Date.parse(to) + DAY_MS)));
  const inRange = rows.filter((r) => !r.scheduled_at || r.recurrence || ((!from || r.scheduled_at >= from) && (!to || r.scheduled_at < to)));
  return present(ctx, workspaceId, inRange, rows);
}

export async function requirePost(ctx: ServiceContext, workspaceId: string, postId: string): Promise<Row> {
  const row = await repo.findPost(ctx.db, workspaceId, postId);
  if (!row) throw new AppError(404, "post.not_found");
  return row;
}

export async function getPost(ctx: ServiceContext, workspaceId: string, postId: string): Promise<Post> {
  const row = await requirePost(ctx, workspaceId, postId);
  let neighbours: Row[] = [];
  if (row.scheduled_at) {
    const at = Date.parse(row.scheduled_at);
    neighbours = await repo.postsBetween(ctx.db, workspaceId, iso(new Date(at - DAY_MS)), iso(new Date(at + DAY_MS)));
  }
  return (await present(ctx, workspaceId, [row], neighbours))[0]!;
}

function applyPatch(p: UpdatePost): Partial<Row> {
  return {
    ...(p.title !== undefined && { title: p.title }),
    ...(p.body !== undefined && { body: p.body }),
    ...(p.variants !== undefined && { variants: JSON.stringify(p.variants) }),
    ...(p.media !== undefined && { media: JSON.stringify(p.media) }),
    ...(p.link !== undefined && { link: p.link }),
    ...(p.utm !== undefined && { utm: JSON.stringify(normaliseUtm(p.utm as Utm)) }),
    ...(p.pillar !== undefined && { pillar: p.pillar || null }),
    ...(p.campaign !== undefined && { campaign: p.campaign || null }),
    ...(p.goalId !== undefined && { goal_id: p.goalId }),
    ...(p.initiativeId !== undefined && { initiative_id: p.initiativeId }),
    ...(p.scheduledAt !== undefined && { scheduled_at: p.scheduledAt === null ? null : new Date(p.scheduledAt).toISOString() }),
    ...(p.recurrence !== undefined && { recurrence: p.recurrence || null }),
    ...(p.assigneeMemberId !== undefined && { assignee_member_id: p.assigneeMemberId }),
    ...(p.status !== undefined && { status: p.status }),
  };
}

/** A title for lists and notifications: the one given, or the text's first line. */
const titleFrom = (title: string | undefined, body: string | undefined) => (title?.trim() || (body ?? "").split("\n")[0]!.trim()).slice(0, 120);

export async function createPost(ctx: ServiceContext, m: Membership, user: UserRow, body: CreatePost): Promise<string> {
  await checkReferences(ctx.db, m.workspaceId, body);
  const id = newId();
  const now = iso(ctx.now);
  await repo.insertPost(ctx.db, {
    id,
    workspace_id: m.workspaceId,
    body: "",
    variants: "[]",
    media: "[]",
    link: null,
    utm: "{}",
    pillar: null,
    campaign: null,
    goal_id: null,
    initiative_id: null,
    status: "draft",
    scheduled_at: null,
    recurrence: null,
    assignee_member_id: m.memberId,
    card_id: null,
    approved_by: null,
    approved_at: null,
    created_by: user.id,
    created_at: now,
    updated_at: now,
    example: 0,
    ...applyPatch(body),
    title: titleFrom(body.title, body.body),
  });
  return id;
}

const CONTENT_FIELDS = ["title", "body", "variants", "media", "link", "utm"] as const;

/**
 * Edits a post that is still being written. Changing what a post says after it was approved takes the approval
 * back when the workspace requires one. A scheduled post is edited after unscheduling it, so that nothing changes
 * under the publisher's feet; moving it (another time) and its assignee are fine.
 */
export async function updatePost(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, patch: UpdatePost): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  await checkReferences(ctx.db, m.workspaceId, patch);
  const editable = (EDITABLE_STATUSES as readonly string[]).includes(row.status);
  // Only a real change counts: a form that saves every field unchanged keeps the approval.
  const next = applyPatch(patch);
  if (patch.title !== undefined || patch.body !== undefined) next.title = titleFrom(patch.title ?? row.title, patch.body ?? row.body);
  const touchesContent = CONTENT_FIELDS.some((f) => f in next && next[f] !== row[f]);
  if (!editable) {
    const allowed = new Set(["scheduledAt", "assigneeMemberId"]);
    if (Object.keys(patch).some((k) => !allowed.has(k))) throw conflict("post.unschedule_to_edit");
    if (patch.scheduledAt === null) throw conflict("post.unschedule_to_edit");
    if (patch.scheduledAt) await reschedule(ctx, row, patch.scheduledAt);
  }
  if (patch.status && row.status !== "idea" && row.status !== "draft") throw conflict("post.status_change", { status: row.status });
  const unapprove = touchesContent && m.workspace.require_post_approval && (row.status === "approved" || row.status === "in_review");
  await repo.updatePostRow(ctx.db, row.id, {
    ...next,
    ...(unapprove ? { status: "draft", approved_by: null, approved_at: null } : {}),
    // Edited, an example post is the user's own: clearing the example keeps it.
    example: 0,
    updated_at: iso(ctx.now),
  });
  // The approval (or the review under way) no longer covers what will go out: said in the post's history.
  if (unapprove) await recordEvent(ctx, row, "unapproved", { userId: user.id });
}

export async function deletePost(ctx: ServiceContext, m: Membership, postId: string): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  if (await repo.busyDelivery(ctx.db, row.id)) throw conflict("post.publishing_now");
  await repo.deletePostRow(ctx.db, row.id);
}

/**
 * Schedules a post: it must say something within every channel's limit, and be approved when the workspace
 * requires approval. Its deliveries are created now, each with the identity it will be published under.
 */
export async function schedulePost(ctx: ServiceContext, m: Membership, postId: string, at: string | undefined, actor: Actor | null = null): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  if (!(EDITABLE_STATUSES as readonly string[]).includes(row.status)) throw conflict("post.status_change", { status: row.status });
  if (m.workspace.require_post_approval && row.status !== "approved") throw conflict("post.needs_approval");
  const scheduledAt = at ? new Date(at).toISOString() : row.scheduled_at;
  if (!scheduledAt) throw badRequest("validation.failed", {}, [{ field: "scheduledAt", key: "post.no_time" }]);
  if (Date.parse(scheduledAt) < ctx.now.getTime() - EARLY_TOLERANCE_MS && !row.recurrence) {
    throw badRequest("validation.failed", {}, [{ field: "scheduledAt", key: "post.in_past" }]);
  }
  const issues = await readyIssues(ctx.db, row);
  if (issues.length) throw badRequest("validation.failed", {}, issues);
  const scheduled = { ...row, scheduled_at: scheduledAt, status: "scheduled" };
  await repo.updatePostRow(ctx.db, row.id, { status: "scheduled", scheduled_at: scheduledAt, updated_at: iso(ctx.now) });
  if (row.recurrence) await materialiseRecurrence(ctx.db, scheduled, m.workspace.timezone, ctx.now, ctx.now);
  else await createDeliveries(ctx.db, scheduled, scheduledAt, ctx.now);
  await recordEvent(ctx, row, "scheduled", actor);
}

async function reschedule(ctx: ServiceContext, row: Row, at: string): Promise<void> {
  const scheduledAt = new Date(at).toISOString();
  if (Date.parse(scheduledAt) < ctx.now.getTime() - EARLY_TOLERANCE_MS) throw badRequest("validation.failed", {}, [{ field: "scheduledAt", key: "post.in_past" }]);
  const { idle, started } = await untouched(ctx.db, row.id);
  if (started.length && !row.recurrence) throw conflict("post.publishing_now");
  await repo.deleteDeliveries(ctx.db, idle.map((d) => d.id));
  const moved = { ...row, scheduled_at: scheduledAt };
  if (row.recurrence) await materialiseRecurrence(ctx.db, moved, await repo.workspaceTimezone(ctx.db, row.workspace_id), ctx.now, ctx.now);
  else await createDeliveries(ctx.db, moved, scheduledAt, ctx.now);
}

/** Takes a post off the schedule (back to approved or draft); what was published already stays published. */
export async function unschedulePost(ctx: ServiceContext, m: Membership, postId: string, actor: Actor | null = null): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  if (row.status !== "scheduled") throw conflict("post.status_change", { status: row.status });
  const { idle, started } = await untouched(ctx.db, row.id);
  if (started.some((d) => d.status === "publishing" || d.status === "claimed")) throw conflict("post.publishing_now");
  await repo.deleteDeliveries(ctx.db, idle.map((d) => d.id));
  if (started.length && !row.recurrence) throw conflict("post.already_published");
  await repo.updatePostRow(ctx.db, row.id, { status: row.approved_at ? "approved" : "draft", updated_at: iso(ctx.now) });
  await recordEvent(ctx, row, "unscheduled", actor);
}
