import { addDays } from "@socialplan/domain";
import { dayInZone, type Comment, type Notification } from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";

type Kind = Notification["kind"];
const DUE_SOON_DAYS = 2;

/** Stores one notification per recipient about a card or a post, never for the person who caused it. */
export async function notify(ctx: ServiceContext, m: Membership, actor: Pick<UserRow, "id" | "name"> | { id: null; name: string }, kind: Kind, about: { cardId?: string; postId?: string }, userIds: Iterable<string>): Promise<number> {
  let count = 0;
  const cardId = about.cardId ?? null;
  const postId = about.postId ?? null;
  for (const userId of new Set(userIds)) {
    if (userId === actor.id) continue;
    await ctx.db.insertInto("notifications").values({ id: newId(), workspace_id: m.workspaceId, user_id: userId, kind, card_id: cardId, post_id: postId, actor_id: actor.id, created_at: iso(ctx.now), read_at: null }).execute();
    ctx.outbox?.push({ userId, kind, cardId, postId, actorName: actor.name });
    count += 1;
  }
  return count;
}

/** Members named with "@" and their name as shown in the workspace (Korean names included: "@김민지"). */
export async function mentionedUsers(ctx: ServiceContext, workspaceId: string, body: string): Promise<string[]> {
  const members = await ctx.db.selectFrom("members").innerJoin("users", "users.id", "members.user_id").select(["users.id", "users.name"]).where("members.workspace_id", "=", workspaceId).execute();
  const text = body.toLowerCase();
  return members.filter((u) => u.name && text.includes(`@${u.name.toLowerCase()}`)).map((u) => u.id);
}

/** The users behind member ids (assignees are members). */
export async function usersOfMembers(ctx: ServiceContext, workspaceId: string, memberIds: readonly string[]): Promise<string[]> {
  if (!memberIds.length) return [];
  const rows = await ctx.db.selectFrom("members").select("user_id").where("workspace_id", "=", workspaceId).where("id", "in", memberIds).execute();
  return rows.map((r) => r.user_id);
}

async function requireCard(ctx: ServiceContext, m: Membership, cardId: string) {
  const card = await ctx.db.selectFrom("board_cards").select(["id", "title"]).where("workspace_id", "=", m.workspaceId).where("id", "=", cardId).executeTakeFirst();
  if (!card) throw new AppError(404, "board.card_not_found");
  return card;
}

export async function listComments(ctx: ServiceContext, m: Membership, cardId: string): Promise<Comment[]> {
  await requireCard(ctx, m, cardId);
  const rows = await ctx.db
    .selectFrom("card_comments")
    .leftJoin("users", "users.id", "card_comments.author_id")
    .select(["card_comments.id", "card_comments.body", "card_comments.created_at", "users.name as author_name"])
    .where("card_comments.card_id", "=", cardId)
    .orderBy("card_comments.created_at")
    .execute();
  return rows.map((r) => ({ id: r.id, authorName: r.author_name ?? null, body: r.body, createdAt: r.created_at }));
}

/**
 * Adds a comment; every member named with "@" and their name (as shown in the workspace, Korean names
 * included: "@김민지") is notified.
 */
export async function addComment(ctx: ServiceContext, m: Membership, author: UserRow, cardId: string, body: string): Promise<number> {
  await requireCard(ctx, m, cardId);
  await ctx.db.insertInto("card_comments").values({ id: newId(), workspace_id: m.workspaceId, card_id: cardId, author_id: author.id, body, created_at: iso(ctx.now) }).execute();
  return notify(ctx, m, author, "mentioned", { cardId }, await mentionedUsers(ctx, m.workspaceId, body));
}

/** The caller's notifications, newest first, with cards due within two days that are theirs and not done. */
export async function listNotifications(ctx: ServiceContext, m: Membership, user: UserRow): Promise<Notification[]> {
  const stored = await ctx.db
    .selectFrom("notifications")
    .leftJoin("board_cards", "board_cards.id", "notifications.card_id")
    .leftJoin("posts", "posts.id", "notifications.post_id")
    .leftJoin("users", "users.id", "notifications.actor_id")
    .select(["notifications.id", "notifications.kind", "notifications.card_id", "notifications.post_id", "notifications.created_at", "notifications.read_at", "board_cards.title", "posts.title as post_title", "users.name as actor_name"])
    .where("notifications.workspace_id", "=", m.workspaceId)
    .where("notifications.user_id", "=", user.id)
    .orderBy("notifications.created_at", "desc")
    .limit(100)
    .execute();
  // "Due within two days" by the workspace's calendar (in Seoul, UTC's date is yesterday until 9 in the morning).
  const today = dayInZone(ctx.now, m.workspace.timezone);
  const due = await ctx.db
    .selectFrom("board_cards")
    .innerJoin("board_assignees", "board_assignees.card_id", "board_cards.id")
    .select(["board_cards.id", "board_cards.title", "board_cards.due_date"])
    .where("board_cards.workspace_id", "=", m.workspaceId)
    .where("board_assignees.member_id", "=", m.memberId)
    .where("board_cards.stage", "!=", "done")
    .where("board_cards.due_date", "is not", null)
    .where("board_cards.due_date", "<=", addDays(today, DUE_SOON_DAYS))
    .execute();
  return [
    ...due.map((c): Notification => ({ id: null, kind: "due_soon", cardId: c.id, postId: null, cardTitle: c.title, actorName: null, createdAt: `${c.due_date}T00:00:00.000Z`, read: false })),
    ...stored
      // A notice about a card or post that was deleted since is dropped; workspace-wide ones have neither.
      .filter((r) => r.card_id || r.post_id || r.kind === "review_due" || r.kind === "connection_expiring" || r.kind === "connection_revoked")
      .map((r): Notification => ({
        id: r.id,
        kind: r.kind as Notification["kind"],
        cardId: r.card_id,
        postId: r.post_id,
        cardTitle: r.title ?? r.post_title ?? "",
        actorName: r.actor_name ?? null,
        createdAt: r.created_at,
        read: r.read_at !== null,
      })),
  ];
}

/** Marks the caller's own notifications read: the ones named, or all of them. */
export async function markRead(ctx: ServiceContext, user: UserRow, ids: readonly string[] | undefined): Promise<void> {
  if (ids && ids.length === 0) return;
  let q = ctx.db.updateTable("notifications").set({ read_at: iso(ctx.now) }).where("user_id", "=", user.id).where("read_at", "is", null);
  if (ids) q = q.where("id", "in", ids);
  await q.execute();
}
