import type { CreateInvitation, Invitation, Role } from "@socialplan/schema";
import type { ServiceContext, UserRow } from "../../context.ts";
import type { InvitationsTable } from "../../db/schema.ts";
import { addSeconds, iso } from "../../lib/clock.ts";
import { hashToken, randomToken } from "../../lib/crypto.ts";
import { AppError, conflict, forbidden } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { findMembership, insertMember } from "../members/members.repository.ts";
import { findInvitationByToken, insertInvitation, markAccepted } from "./invitations.repository.ts";

export function invitationStatus(row: InvitationsTable, now: Date): Invitation["status"] {
  if (row.accepted_at) return "accepted";
  if (row.revoked_at) return "revoked";
  return row.expires_at <= iso(now) ? "expired" : "pending";
}

export const toInvitation = (row: InvitationsTable, now: Date): Invitation => ({
  id: row.id,
  role: row.role as Role,
  email: row.email,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  acceptedAt: row.accepted_at,
  status: invitationStatus(row, now),
});

/** Creates an invitation link; the token is returned once and stored only as a hash. */
export async function createInvitation(ctx: ServiceContext, workspaceId: string, by: UserRow, input: CreateInvitation) {
  const token = randomToken();
  const row: InvitationsTable = {
    id: newId(),
    workspace_id: workspaceId,
    token_hash: hashToken(token),
    role: input.role,
    email: input.email?.toLowerCase() ?? null,
    created_by: by.id,
    created_at: iso(ctx.now),
    expires_at: iso(addSeconds(ctx.now, (input.expiresInDays ?? 7) * 86_400)),
    accepted_at: null,
    accepted_by: null,
    revoked_at: null,
  };
  await insertInvitation(ctx.db, row);
  return { row, token };
}

export async function previewInvitation(ctx: ServiceContext, token: string) {
  const row = await findInvitationByToken(ctx.db, hashToken(token));
  if (!row) throw new AppError(404, "workspace.invitation_invalid");
  return { workspaceName: row.workspace_name, role: row.role as Role, status: invitationStatus(row, ctx.now) };
}

/** Joins the workspace with the invitation's role; each link works once, before it expires. */
export async function acceptInvitation(ctx: ServiceContext, token: string, user: UserRow): Promise<string> {
  const row = await findInvitationByToken(ctx.db, hashToken(token));
  if (!row || invitationStatus(row, ctx.now) !== "pending") throw new AppError(410, "workspace.invitation_invalid");
  if (row.email && row.email !== user.email) throw forbidden("workspace.invitation_email_mismatch", { email: row.email });
  if (await findMembership(ctx.db, row.workspace_id, user.id)) throw conflict("workspace.already_member");
  if (!(await markAccepted(ctx.db, row.id, user.id, iso(ctx.now)))) throw new AppError(410, "workspace.invitation_invalid");
  await insertMember(ctx.db, { id: newId(), workspace_id: row.workspace_id, user_id: user.id, role: row.role, created_at: iso(ctx.now) });
  return row.workspace_id;
}
