import type { DB } from "../../db/database.ts";
import type { MembersTable } from "../../db/schema.ts";
import { precompiled } from "../../db/precompiled.ts";
import { cachedRead } from "../../db/read-cache.ts";

const membershipQuery = precompiled(["workspaceId", "userId"], (db, p: { workspaceId: string; userId: string }) =>
  db
    .selectFrom("members")
    .innerJoin("workspaces", "workspaces.id", "members.workspace_id")
    .selectAll("workspaces")
    .select(["members.id as member_id", "members.role"])
    .where("members.workspace_id", "=", p.workspaceId)
    .where("members.user_id", "=", p.userId),
);

/** The caller's membership with the whole workspace row, in one query (it runs on every workspace request). */
export async function findMembership(db: DB, workspaceId: string, userId: string) {
  return cachedRead(db, `membership:${workspaceId}:${userId}`, async () => (await membershipQuery(db, { workspaceId, userId }))[0]);
}

export async function insertMember(db: DB, row: MembersTable): Promise<void> {
  await db.insertInto("members").values(row).execute();
}

export const findMember = (db: DB, workspaceId: string, memberId: string) =>
  db.selectFrom("members").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", memberId).executeTakeFirst();

export async function updateMemberRole(db: DB, memberId: string, role: string): Promise<void> {
  await db.updateTable("members").set({ role }).where("id", "=", memberId).execute();
}

export async function deleteMember(db: DB, memberId: string): Promise<void> {
  await db.deleteFrom("members").where("id", "=", memberId).execute();
}

export async function countOwners(db: DB, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom("members")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("workspace_id", "=", workspaceId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setMemberHats(db: DB, memberId: string, hats: string[]): Promise<void> {
  await db.deleteFrom("member_hats").where("member_id", "=", memberId).execute();
  const unique = [...new Set(hats)];
  if (unique.length) await db.insertInto("member_hats").values(unique.map((hat) => ({ member_id: memberId, hat }))).execute();
}

export async function listMembersWithUsers(db: DB, workspaceId: string) {
  const members = await db
    .selectFrom("members")
    .innerJoin("users", "users.id", "members.user_id")
    .select(["members.id", "members.user_id", "members.role", "members.created_at", "users.name", "users.email", "users.totp_secret"])
    .where("members.workspace_id", "=", workspaceId)
    .orderBy("members.created_at")
    .execute();
  const hats = await db
    .selectFrom("member_hats")
    .innerJoin("members", "members.id", "member_hats.member_id")
    .select(["member_hats.member_id", "member_hats.hat"])
    .where("members.workspace_id", "=", workspaceId)
    .execute();
  return members.map((m) => ({ ...m, hats: hats.filter((h) => h.member_id === m.id).map((h) => h.hat) }));
}
