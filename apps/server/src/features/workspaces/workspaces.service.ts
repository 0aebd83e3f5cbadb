import { monthIn } from "@socialplan/domain";
import { HATS, type CreateWorkspace, type Locale, type UpdateWorkspace } from "@socialplan/schema";
import type { ServiceContext, UserRow, Membership } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { badRequest, forbidden } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { checkReferences } from "../../lib/references.ts";
import { insertMember, setMemberHats } from "../members/members.repository.ts";
import { insertWorkspace, updateWorkspace } from "./workspaces.repository.ts";

/** Sensible defaults for a small business in the user's language. */
const DEFAULTS: Record<Locale, { timezone: string; currency: string }> = {
  en: { timezone: "UTC", currency: "USD" },
  ko: { timezone: "Asia/Seoul", currency: "KRW" },
};

/** Creates a workspace; its creator is the owner and, like a one-person business, wears every hat. */
export async function createWorkspace(ctx: ServiceContext, user: UserRow, input: CreateWorkspace): Promise<string> {
  const locale = input.locale ?? (user.locale as Locale);
  const timezone = input.timezone ?? DEFAULTS[locale].timezone;
  const id = newId();
  await insertWorkspace(ctx.db, {
    id,
    name: input.name,
    timezone,
    currency: input.currency ?? DEFAULTS[locale].currency,
    locale,
    week_start: input.weekStart ?? (locale === "ko" ? 7 : 1),
    period_start: input.periodStart ?? monthIn(ctx.now, timezone),
    period_months: input.periodMonths ?? 12,
    require_two_factor: 0,
    require_post_approval: 0,
    missed_post_minutes: 60,
    calendar_feed_token: null,
    short_links: 0,
    review_cadence_days: 30,
    review_reminded_on: null,
    report_schedule: "off",
    report_recipients: "[]",
    report_sent_for: null,
    created_at: iso(ctx.now),
    updated_at: iso(ctx.now),
  });
  const memberId = newId();
  await insertMember(ctx.db, { id: memberId, workspace_id: id, user_id: user.id, role: "owner", created_at: iso(ctx.now) });
  await setMemberHats(ctx.db, memberId, [...HATS]);
  return id;
}

/** Admins change settings; only an owner, who has 2FA on, may require 2FA of everyone. */
export async function updateSettings(ctx: ServiceContext, user: UserRow, membership: Membership, patch: UpdateWorkspace) {
  const current = membership.workspace;
  if (patch.requireTwoFactor !== undefined && patch.requireTwoFactor !== Boolean(current.require_two_factor)) {
    if (membership.role !== "owner") throw forbidden("workspace.forbidden", { role: membership.role });
    if (patch.requireTwoFactor && !user.totp_secret) {
      throw badRequest("validation.failed", {}, [{ field: "requireTwoFactor", key: "workspace.owner_needs_two_factor" }]);
    }
  }
  // Recipients added must be members; ones already listed stay even if they have left (the report skips them).
  const listed = new Set(JSON.parse(current.report_recipients) as string[]);
  await checkReferences(ctx.db, membership.workspaceId, [{ field: "reportRecipients", target: "members", ids: patch.reportRecipients ?? [], key: "validation.reference_member" }], listed);
  await updateWorkspace(ctx.db, membership.workspaceId, {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.timezone !== undefined && { timezone: patch.timezone }),
    ...(patch.currency !== undefined && { currency: patch.currency }),
    ...(patch.locale !== undefined && { locale: patch.locale }),
    ...(patch.weekStart !== undefined && { week_start: patch.weekStart }),
    ...(patch.periodStart !== undefined && { period_start: patch.periodStart }),
    ...(patch.periodMonths !== undefined && { period_months: patch.periodMonths }),
    ...(patch.requireTwoFactor !== undefined && { require_two_factor: patch.requireTwoFactor ? 1 : 0 }),
    ...(patch.requirePostApproval !== undefined && { require_post_approval: patch.requirePostApproval ? 1 : 0 }),
    ...(patch.missedPostMinutes !== undefined && { missed_post_minutes: patch.missedPostMinutes }),
    ...(patch.shortLinks !== undefined && { short_links: patch.shortLinks ? 1 : 0 }),
    ...(patch.reviewCadenceDays !== undefined && { review_cadence_days: patch.reviewCadenceDays }),
    ...(patch.reportSchedule !== undefined && { report_schedule: patch.reportSchedule }),
    ...(patch.reportRecipients !== undefined && { report_recipients: JSON.stringify([...new Set(patch.reportRecipients)]) }),
    updated_at: iso(ctx.now),
  });
}
