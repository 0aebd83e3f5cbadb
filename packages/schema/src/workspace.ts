import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import { localeSchema } from "./locale.ts";
import { hatSchema, roleSchema } from "./roles.ts";
import { isCurrency, isTimeZone } from "./validators.ts";
import { monthSchema } from "./vocabulary.ts";

export const timezoneSchema = z.string().refine(isTimeZone, { error: "validation.timezone" });
export const currencySchema = z.string().refine(isCurrency, { error: "validation.currency" });
/** A calendar month, "YYYY-MM", 1900-01 to 9999-12 (defined with the other dates in vocabulary.ts). */
export { monthSchema };
/** ISO weekday the calendar week starts on: 1 = Monday … 7 = Sunday. */
export const weekStartSchema = z.number().int().min(1).max(7);

export const workspaceSettingsSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  timezone: timezoneSchema,
  currency: currencySchema,
  locale: localeSchema,
  weekStart: weekStartSchema,
  periodStart: monthSchema,
  periodMonths: z.number().int().min(1).max(36),
  requireTwoFactor: z.boolean(),
  /** Posts are published only after someone allowed to approve has approved them on the board. */
  requirePostApproval: z.boolean(),
  /** A post found due more than this many minutes late (the server was down) waits for a person instead. */
  missedPostMinutes: z.number().int().min(1).max(10_080),
  /** Links in posts go out as the app's short links (/l/<code>), which count clicks per post, channel and day. */
  shortLinks: z.boolean(),
  /** Days between strategy reviews (guide §2); a reminder goes out when one is due. 0 turns it off. */
  reviewCadenceDays: z.number().int().min(0).max(365),
  /** A report of the last week or month is made and emailed to the recipients (members) when the period ends. */
  reportSchedule: z.enum(["off", "weekly", "monthly"]),
  reportRecipients: z.array(idSchema).max(100),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const createWorkspaceSchema = workspaceSettingsSchema
  .omit({ requireTwoFactor: true, requirePostApproval: true, missedPostMinutes: true, shortLinks: true, reviewCadenceDays: true, reportSchedule: true, reportRecipients: true })
  .partial()
  .required({ name: true });
export type CreateWorkspace = z.infer<typeof createWorkspaceSchema>;

export const updateWorkspaceSchema = workspaceSettingsSchema.partial();
export type UpdateWorkspace = z.infer<typeof updateWorkspaceSchema>;

export const workspaceSchema = workspaceSettingsSchema.extend({
  id: idSchema,
  role: roleSchema,
  createdAt: timestampSchema,
});
export type Workspace = z.infer<typeof workspaceSchema>;

export const workspaceParamsSchema = z.object({ workspaceId: idSchema });
export const memberParamsSchema = workspaceParamsSchema.extend({ memberId: idSchema });
export const invitationParamsSchema = workspaceParamsSchema.extend({ invitationId: idSchema });

export const memberSchema = z.object({
  id: idSchema,
  userId: idSchema,
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  hats: z.array(hatSchema),
  twoFactorEnabled: z.boolean(),
  joinedAt: timestampSchema,
});
export type Member = z.infer<typeof memberSchema>;

export const updateMemberSchema = z.strictObject({
  role: roleSchema.optional(),
  hats: z.array(hatSchema).max(7).optional(),
});
export type UpdateMember = z.infer<typeof updateMemberSchema>;

export const peopleSchema = z.object({
  members: z.array(memberSchema),
  uncoveredHats: z.array(hatSchema),
});
export type People = z.infer<typeof peopleSchema>;

export const createInvitationSchema = z.strictObject({
  role: roleSchema.exclude(["owner"]),
  email: z.email().max(254).optional(),
  expiresInDays: z.number().int().min(1).max(30).default(7),
});
export type CreateInvitation = z.input<typeof createInvitationSchema>;

export const invitationSchema = z.object({
  id: idSchema,
  role: roleSchema,
  email: z.string().nullable(),
  createdAt: timestampSchema,
  expiresAt: timestampSchema,
  acceptedAt: timestampSchema.nullable(),
  status: z.enum(["pending", "accepted", "expired", "revoked"]),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const createdInvitationSchema = z.object({
  invitation: invitationSchema,
  /** The secret link; shown once, only its hash is stored. */
  url: z.string(),
  /** True when the link was also emailed to the invitation's address. */
  emailed: z.boolean(),
});

export const invitationTokenParamsSchema = z.object({ token: z.string().min(20).max(200) });
export const invitationPreviewSchema = z.object({
  workspaceName: z.string(),
  role: roleSchema,
  status: z.enum(["pending", "accepted", "expired", "revoked"]),
});
