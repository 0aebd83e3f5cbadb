import type { Updateable } from "kysely";
import type { DB } from "../../db/database.ts";
import type { WorkspacesTable } from "../../db/schema.ts";

export async function insertWorkspace(db: DB, row: WorkspacesTable): Promise<void> {
  await db.insertInto("workspaces").values(row).execute();
}

export async function updateWorkspace(db: DB, id: string, patch: Updateable<WorkspacesTable>): Promise<void> {
  await db.updateTable("workspaces").set(patch).where("id", "=", id).execute();
}

/** A workspace with the given user's role in it. */
export const findWorkspaceForUser = (db: DB, workspaceId: string, userId: string) =>
  db
    .selectFrom("workspaces")
    .innerJoin("members", "members.workspace_id", "workspaces.id")
    .selectAll("workspaces")
    .select("members.role")
    .where("workspaces.id", "=", workspaceId)
    .where("members.user_id", "=", userId)
    .executeTakeFirst();

export const listWorkspacesForUser = (db: DB, userId: string) =>
  db
    .selectFrom("workspaces")
    .innerJoin("members", "members.workspace_id", "workspaces.id")
    .selectAll("workspaces")
    .select("members.role")
    .where("members.user_id", "=", userId)
    .orderBy("workspaces.name")
    .execute();
