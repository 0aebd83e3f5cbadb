import type { Post } from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import type { PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { AppError, conflict, forbidden } from "../../lib/errors.ts";
import { mentionedUsers, notify, usersOfMembers } from "../board/notifications.service.ts";
import { approvers, canApprove } from "../members/approvers.ts";
import { listPosts, requirePost, schedulePost } from "./posts.service.ts";
import { insertComment, recordEvent, type Actor } from "./review-history.ts";

/**
 * Review is a state of the post itself (no copy on a board card): a draft is sent to review, and an approver — an
 * owner, an admin, the boss hat, or a reviewer through a review link — approves it or asks for changes with a note.
 * Every step is a line in the post's history; comments sit beside them.
 */

/** Sends a draft or an idea to review (possible whether or not the workspace requires approval); the approvers are told. */
export async function submitForReview(ctx: ServiceContext, m: Membership, user: UserRow, postId: string): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  if (row.status !== "draft" && row.status !== "idea") throw conflict("post.status_change", { status: row.status });
  await ctx.db.updateTable("posts").set({ status: "in_review", approved_by: null, approved_at: null, updated_at: iso(ctx.now) }).where("id", "=", row.id).execute();
  await recordEvent(ctx, row, "submitted", { userId: user.id });
  await notify(ctx, m, user, "approval_requested", { postId: row.id }, await approvers(ctx, m.workspaceId));
}

export type Decision = "approved" | "changes_requested";

/**
 * Records a decision on a post. A member approver may approve a post in review or still in writing; a reviewer
 * through a link decides only on posts in review. Asking for changes sends the post back to draft, with the note.
 * Whoever wrote the post and whoever is responsible for it are told.
 */
export async function decide(ctx: ServiceContext, m: Membership, actor: { user: UserRow } | { guest: string }, row: PostsTable, decision: Decision, note: string | null): Promise<void> {
  const allowed = "user" in actor ? ["in_review", "draft", "idea", ...(decision === "changes_requested" ? ["approved"] : [])] : ["in_review"];
  if (!allowed.includes(row.status)) throw conflict("post.not_in_review");
  const approved = decision === "approved";
  const done = await ctx.db
    .updateTable("posts")
    .set({
      status: approved ? "approved" : "draft",
      approved_by: approved && "user" in actor ? actor.user.id : null,
      approved_at: approved ? iso(ctx.now) : null,
      updated_at: iso(ctx.now),
    })
    .where("id", "=", row.id)
    .where("status", "=", row.status)
    .executeTakeFirst();
  if (!Number(done.numUpdatedRows)) throw conflict("post.not_in_review");
  const who: Actor = "user" in actor ? { userId: actor.user.id } : { guest: actor.guest };
  await recordEvent(ctx, row, decision, who, note);
  // An approved post with its time ahead goes on the schedule at once, as its writer planned it; one that cannot go
  // out yet (no channel, too long, its time passed) stays approved, for its writer to fix and schedule.
  if (approved && row.scheduled_at && Date.parse(row.scheduled_at) > ctx.now.getTime()) {
    try {
      await schedulePost(ctx, m, row.id, undefined, who);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  const told = [...(row.created_by ? [row.created_by] : []), ...(row.assignee_member_id ? await usersOfMembers(ctx, m.workspaceId, [row.assignee_member_id]) : [])];
  // A reviewer through a link has no account: the notice carries only their name.
  await notify(ctx, m, "user" in actor ? actor.user : { id: null, name: actor.guest }, decision, { postId: row.id }, told);
}

/** A member approves or asks for changes; only approvers may. */
export async function decideAsMember(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, decision: Decision, note: string | null): Promise<void> {
  if (!(await canApprove(ctx, m))) throw forbidden("post.approval_forbidden");
  await decide(ctx, m, { user }, await requirePost(ctx, m.workspaceId, postId), decision, note);
}

/** A member comments on a post; members named with "@" are told. */
export async function commentOnPost(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, body: string): Promise<void> {
  const row = await requirePost(ctx, m.workspaceId, postId);
  await insertComment(ctx, row, { userId: user.id }, body);
  await notify(ctx, m, user, "mentioned", { postId: row.id }, await mentionedUsers(ctx, m.workspaceId, body));
}

/** Posts waiting for a decision, the longest waiting first, and whether the caller may decide. */
export async function reviewQueue(ctx: ServiceContext, m: Membership): Promise<{ canApprove: boolean; posts: Post[] }> {
  const posts = await listPosts(ctx, m.workspaceId, { status: "in_review" });
  return { canApprove: await canApprove(ctx, m), posts: posts.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)) };
}
