// What the bare reference servers (bare-pg-server.ts, bare-sqlite-server.ts) share: our two queries for
// GET /api/workspaces/:workspaceId, as our server sends them, and the answer it gives.
import { createHash } from "node:crypto";

export const SESSION_SQL = (p: string) =>
  `select "users".*, "sessions"."id" as "session_id", "sessions"."expires_at" as "session_expires_at", "sessions"."last_seen_at" as "session_last_seen_at" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."token_hash" = ${p}`;
export const MEMBERSHIP_SQL = (p1: string, p2: string) =>
  `select "workspaces".*, "members"."id" as "member_id", "members"."role" from "members" inner join "workspaces" on "workspaces"."id" = "members"."workspace_id" where "members"."workspace_id" = ${p1} and "members"."user_id" = ${p2}`;

/** The session cookie's token hashed as stored, or null without one. */
export function sessionTokenHash(cookie: string | undefined): string | null {
  const token = /(?:^|;\s*)sp_session=([^;]+)/.exec(cookie ?? "")?.[1];
  return token ? createHash("sha256").update(decodeURIComponent(token)).digest("hex") : null;
}

/** The workspace as our route answers it. */
export const workspaceAnswer = (w: Record<string, any>) => ({
  id: w.id,
  name: w.name,
  timezone: w.timezone,
  currency: w.currency,
  locale: w.locale,
  weekStart: w.week_start,
  periodStart: w.period_start,
  periodMonths: w.period_months,
  requireTwoFactor: Boolean(w.require_two_factor),
  requirePostApproval: Boolean(w.require_post_approval),
  missedPostMinutes: w.missed_post_minutes,
  shortLinks: Boolean(w.short_links),
  reviewCadenceDays: w.review_cadence_days,
  reportSchedule: w.report_schedule,
  reportRecipients: JSON.parse(w.report_recipients),
  role: w.role,
  createdAt: w.created_at,
});
