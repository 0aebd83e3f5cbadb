import type { Locale, Role, Workspace } from "@socialplan/schema";
import type { WorkspacesTable } from "../../db/schema.ts";

export const toWorkspace = (row: WorkspacesTable & { role: string }): Workspace => ({
  id: row.id,
  name: row.name,
  timezone: row.timezone,
  currency: row.currency,
  locale: row.locale as Locale,
  weekStart: row.week_start,
  periodStart: row.period_start,
  periodMonths: row.period_months,
  requireTwoFactor: Boolean(row.require_two_factor),
  requirePostApproval: Boolean(row.require_post_approval),
  missedPostMinutes: row.missed_post_minutes,
  shortLinks: Boolean(row.short_links),
  reviewCadenceDays: row.review_cadence_days,
  reportSchedule: row.report_schedule as Workspace["reportSchedule"],
  reportRecipients: JSON.parse(row.report_recipients) as string[],
  role: row.role as Role,
  createdAt: row.created_at,
});
