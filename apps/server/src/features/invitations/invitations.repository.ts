import type { DB } from "../../db/database.ts";
import type { InvitationsTable } from "../../db/schema.ts";

export async function insertInvitation(db: DB, row: InvitationsTable): Promise<void> {
  await db.insertInto("invitations").values(row).execute();
}

export const listInvitations = (db: DB, workspaceId: string) =>
  db.selectFrom("invitations").selectAll().where("workspace_id", "=", workspaceId).orderBy("created_at", "desc").execute();

export const findInvitation = (db: DB, workspaceId: string, id: string) =>
  db.selectFrom("invitations").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();

export const findInvitationByToken = (db: DB, tokenHash: string) =>
  db
    .selectFrom("invitations")
    .innerJoin("workspaces", "workspaces.id", "invitations.workspace_id")
    .selectAll("invitations")
    .select("workspaces.name as workspace_name")
    .where("invitations.token_hash", "=", tokenHash)
    .executeTakeFirst();

export async function revokeInvitation(db: DB, id: string, now: string): Promise<void> {
  await db.updateTable("invitations").set({ revoked_at: now }).where("id", "=", id).where("accepted_at", "is", null).execute();
}

/** Marks a pending invitation accepted; false when someone else used it first. */
export async function markAccepted(db: DB, id: string, userId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable("invitations")
    .set({ accepted_at: now, accepted_by: userId })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
