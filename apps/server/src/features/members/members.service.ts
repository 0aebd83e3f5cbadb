import { uncoveredHats } from "@socialplan/domain";
import { HATS, roleAtLeast, type Hat, type Member, type People, type Role, type UpdateMember } from "@socialplan/schema";
import type { Membership, ServiceContext } from "../../context.ts";
import { AppError, conflict, forbidden } from "../../lib/errors.ts";
import { countOwners, deleteMember, findMember, listMembersWithUsers, setMemberHats, updateMemberRole } from "./members.repository.ts";

const HAT_ORDER = new Map<string, number>(HATS.map((h, i) => [h, i]));

/** Members with their hats, and the hats nobody wears. */
export async function listPeople(ctx: ServiceContext, workspaceId: string): Promise<People> {
  const rows = await listMembersWithUsers(ctx.db, workspaceId);
  const members: Member[] = rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    role: r.role as Role,
    hats: (r.hats as Hat[]).sort((a, b) => (HAT_ORDER.get(a) ?? 0) - (HAT_ORDER.get(b) ?? 0)),
    twoFactorEnabled: r.totp_secret !== null,
    joinedAt: r.created_at,
  }));
  return { members, uncoveredHats: uncoveredHats(HATS, members) };
}

/**
 * Admins manage members; members may change their own hats. Owners alone grant or change the owner
 * role, and the last owner stays an owner.
 */
export async function updateMember(ctx: ServiceContext, actor: Membership, memberId: string, patch: UpdateMember) {
  const target = await findMember(ctx.db, actor.workspaceId, memberId);
  if (!target) throw new AppError(404, "workspace.member_not_found");
  const isSelf = target.id === actor.memberId;
  const isAdmin = roleAtLeast(actor.role, "admin");
  if (patch.role !== undefined && patch.role !== target.role) {
    if (!isAdmin) throw forbidden("workspace.forbidden", { role: actor.role });
    if ((patch.role === "owner" || target.role === "owner") && actor.role !== "owner") throw forbidden("workspace.only_owner_grants_owner");
    if (target.role === "owner" && (await countOwners(ctx.db, actor.workspaceId)) <= 1) throw conflict("workspace.last_owner");
    await updateMemberRole(ctx.db, target.id, patch.role);
  }
  if (patch.hats !== undefined) {
    if (!isAdmin && !isSelf) throw forbidden("workspace.forbidden", { role: actor.role });
    await setMemberHats(ctx.db, target.id, patch.hats);
  }
}

/** Removes a member; their access ends with their next request. */
export async function removeMember(ctx: ServiceContext, actor: Membership, memberId: string) {
  const target = await findMember(ctx.db, actor.workspaceId, memberId);
  if (!target) throw new AppError(404, "workspace.member_not_found");
  if (target.role === "owner") {
    if (actor.role !== "owner") throw forbidden("workspace.only_owner_grants_owner");
    if ((await countOwners(ctx.db, actor.workspaceId)) <= 1) throw conflict("workspace.last_owner");
  }
  await deleteMember(ctx.db, target.id);
}
