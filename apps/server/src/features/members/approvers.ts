import { roleAtLeast } from "@socialplan/schema";
import type { Membership, ServiceContext } from "../../context.ts";

/** Owners and admins approve, and so does whoever wears the boss hat (guide §5: the boss decides). */
export async function canApprove(ctx: ServiceContext, m: Membership): Promise<boolean> {
  if (roleAtLeast(m.role, "admin")) return true;
  const boss = await ctx.db.selectFrom("member_hats").select("hat").where("member_id", "=", m.memberId).where("hat", "=", "people.boss").executeTakeFirst();
  return Boolean(boss);
}

/** Every user allowed to approve: owners, admins and whoever wears the boss hat. */
export async function approvers(ctx: ServiceContext, workspaceId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom("members")
    .leftJoin("member_hats", (j) => j.onRef("member_hats.member_id", "=", "members.id").on("member_hats.hat", "=", "people.boss"))
    .select(["members.user_id", "members.role", "member_hats.hat"])
    .where("members.workspace_id", "=", workspaceId)
    .execute();
  return rows.filter((r) => r.role === "owner" || r.role === "admin" || r.hat === "people.boss").map((r) => r.user_id);
}
