import type { Notification } from "@socialplan/schema";
import type { Notice } from "../../context.ts";
import type { DB } from "../../db/database.ts";
import { iso } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";

type Kind = Notification["kind"];

/** Stores a notification about a post for each user (from the app itself: no actor) and queues its email. */
export async function notifyPost(
  db: DB,
  now: Date,
  workspaceId: string,
  kind: Kind,
  postId: string,
  userIds: Iterable<string>,
  outbox: Notice[],
  extra: { channelId?: string; text?: string } = {},
): Promise<void> {
  for (const userId of new Set(userIds)) {
    await db.insertInto("notifications").values({ id: newId(), workspace_id: workspaceId, user_id: userId, kind, card_id: null, post_id: postId, actor_id: null, created_at: iso(now), read_at: null }).execute();
    outbox.push({ userId, kind, workspaceId, postId, cardId: null, actorName: "Socialplan", ...extra });
  }
}

/** Who hears about a failed post or a paused account: its assignee and the workspace's owners and admins. */
export async function peopleToAlert(db: DB, workspaceId: string, postId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("members")
    .select(["members.user_id", "members.role", "members.id"])
    .where("members.workspace_id", "=", workspaceId)
    .execute();
  const post = await db.selectFrom("posts").select(["assignee_member_id"]).where("id", "=", postId).executeTakeFirst();
  return rows.filter((r) => r.role === "owner" || r.role === "admin" || r.id === post?.assignee_member_id).map((r) => r.user_id);
}
