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
  role: row.role as Role,
  createdAt: row.created_at,
});
