import type { PostActivity, PostEventKind } from "@socialplan/schema";
import type { ServiceContext } from "../../context.ts";
import type { DB } from "../../db/database.ts";
import { iso } from "../../lib/clock.ts";
import { newOrderedId } from "../../lib/ids.ts";

/** Who did something to a post: a member, or a reviewer through a review link, by the name they gave. */
export type Actor = { userId: string } | { guest: string };

export interface LastReview {
  decision: "approved" | "changes_requested";
  byName: string | null;
  at: string;
  note: string | null;
}

/** Adds a line to the post's history. */
export async function recordEvent(ctx: ServiceContext, post: { id: string; workspace_id: string }, kind: PostEventKind, actor: Actor | null, note: string | null = null): Promise<void> {
  await ctx.db
    .insertInto("post_events")
    .values({
      id: newOrderedId(),
      workspace_id: post.workspace_id,
      post_id: post.id,
      kind,
      actor_id: actor && "userId" in actor ? actor.userId : null,
      guest_name: actor && "guest" in actor ? actor.guest : null,
      note,
      created_at: iso(ctx.now),
    })
    .execute();
}

/** What stands of the review of each post: its last decision, unless it was sent to review again or an edit took it back since. */
export async function lastReviews(db: DB, postIds: readonly string[]): Promise<Map<string, LastReview>> {
  if (!postIds.length) return new Map();
  const rows = await db
    .selectFrom("post_events")
    .leftJoin("users", "users.id", "post_events.actor_id")
    .select(["post_events.post_id", "post_events.kind", "post_events.guest_name", "post_events.note", "post_events.created_at", "users.name"])
    .where("post_events.post_id", "in", postIds)
    .where("post_events.kind", "in", ["submitted", "approved", "changes_requested", "unapproved"])
    .orderBy("post_events.created_at")
    .orderBy("post_events.id")
    .execute();
  const out = new Map<string, LastReview>();
  for (const r of rows) {
    if (r.kind === "approved" || r.kind === "changes_requested") out.set(r.post_id, { decision: r.kind, byName: r.guest_name ?? r.name ?? null, at: r.created_at, note: r.note });
    else out.delete(r.post_id);
  }
  return out;
}

/** A post's comments and history, oldest first. */
export async function postActivity(db: DB, postId: string): Promise<PostActivity[]> {
  const [comments, events] = await Promise.all([
    db
      .selectFrom("post_comments")
      .leftJoin("users", "users.id", "post_comments.author_id")
      .select(["post_comments.id", "post_comments.body", "post_comments.guest_name", "post_comments.created_at", "users.name"])
      .where("post_comments.post_id", "=", postId)
      .execute(),
    db
      .selectFrom("post_events")
      .leftJoin("users", "users.id", "post_events.actor_id")
      .select(["post_events.id", "post_events.kind", "post_events.note", "post_events.guest_name", "post_events.created_at", "users.name"])
      .where("post_events.post_id", "=", postId)
      .execute(),
  ]);
  return [
    ...comments.map((c): PostActivity => ({ id: c.id, kind: "comment", authorName: c.guest_name ?? c.name ?? null, guest: c.guest_name !== null, body: c.body, createdAt: c.created_at })),
    ...events.map((e): PostActivity => ({ id: e.id, kind: e.kind as PostEventKind, authorName: e.guest_name ?? e.name ?? null, guest: e.guest_name !== null, body: e.note, createdAt: e.created_at })),
  ].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Adds a comment to a post. */
export async function insertComment(ctx: ServiceContext, post: { id: string; workspace_id: string }, actor: Actor, body: string): Promise<void> {
  await ctx.db
    .insertInto("post_comments")
    .values({
      id: newOrderedId(),
      workspace_id: post.workspace_id,
      post_id: post.id,
      author_id: "userId" in actor ? actor.userId : null,
      guest_name: "guest" in actor ? actor.guest : null,
      body,
      created_at: iso(ctx.now),
    })
    .execute();
}
