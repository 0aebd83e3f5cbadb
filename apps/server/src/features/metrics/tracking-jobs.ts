import { lastWholePeriod } from "@socialplan/domain";
import { formatDay, intlLocaleOf, translate, type Locale } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import { DateTime } from "luxon";
import type { AppDeps, Membership } from "../../context.ts";
import type { WorkspacesTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";
import { runTokenJobs } from "../oauth/token-jobs.ts";
import { runDailyNumbers } from "./network-numbers.ts";
import { createReport, emailReport } from "./reports.service.ts";
import { nextReviewDue } from "./review-due.ts";

type Deps = Pick<AppDeps, "db" | "clock" | "mailer" | "config" | "secrets" | "outbound"> & Partial<Pick<AppDeps, "events">>;

/**
 * Work the tracking side does on its own, run by whichever publisher (server or worker) gets there first — each
 * step claims its workspace with a conditional update, so two workers never send the same report or reminder:
 * - a scheduled report (weekly/monthly) is made for the period that just ended and emailed to its recipients;
 * - a strategy review that is due (the last one's date plus the workspace's cadence) is announced to owners and
 *   admins, in the app and by email, once per due date.
 */
export async function runTrackingJobs(deps: Deps, log: FastifyBaseLogger): Promise<void> {
  await runTokenJobs(deps, log);
  await runDailyNumbers(deps, log);
  const now = deps.clock();
  const workspaces = await deps.db.selectFrom("workspaces").selectAll().where((eb) => eb.or([eb("report_schedule", "<>", "off"), eb("review_cadence_days", ">", 0)])).execute();
  for (const w of workspaces) {
    const today = DateTime.fromJSDate(now, { zone: w.timezone }).toISODate()!;
    try {
      if (w.report_schedule === "weekly" || w.report_schedule === "monthly") await scheduledReport(deps, log, w, today);
      if (w.review_cadence_days > 0) await reviewReminder(deps, w, today);
    } catch (err) {
      log.error({ err, event: "tracking.job_failed", workspaceId: w.id }, "scheduled report or review reminder failed");
    }
  }
}

async function scheduledReport(deps: Deps, log: FastifyBaseLogger, w: WorkspacesTable, today: string): Promise<void> {
  const schedule = w.report_schedule as "weekly" | "monthly";
  const period = lastWholePeriod(schedule === "weekly" ? "week" : "month", today, w.week_start);
  if (w.report_sent_for !== null && w.report_sent_for >= period.from) return;
  const claimed = await deps.db
    .updateTable("workspaces")
    .set({ report_sent_for: period.from })
    .where("id", "=", w.id)
    .where((eb) => eb.or([eb("report_sent_for", "is", null), eb("report_sent_for", "<", period.from)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const owner = await deps.db.selectFrom("members").select(["id", "role"]).where("workspace_id", "=", w.id).where("role", "=", "owner").executeTakeFirst();
  const m: Membership = { memberId: owner?.id ?? "", workspaceId: w.id, role: "owner", workspace: w };
  const ctx = { db: deps.db, now: deps.clock(), log };
  const locale: Locale = w.locale === "ko" ? "ko" : "en";
  const reportId = await createReport(ctx, m, null, { periodKind: schedule === "weekly" ? "week" : "month", from: period.from, to: period.to }, locale);
  const recipients = JSON.parse(w.report_recipients) as string[];
  if (recipients.length && deps.mailer.enabled) await emailReport(ctx, { mailer: deps.mailer, appUrl: deps.config.appUrl }, m, reportId, recipients);
}

async function reviewReminder(deps: Deps, w: WorkspacesTable, today: string): Promise<void> {
  const reviews = await deps.db.selectFrom("strategy_entries").select("data").where("workspace_id", "=", w.id).where("kind", "=", "review").execute();
  const held = nextReviewDue(reviews.map((r) => (JSON.parse(r.data) as { date?: string }).date ?? ""), w, today);
  const { due } = held;
  const last = held.last ?? w.created_at.slice(0, 10);
  if (today < due || (w.review_reminded_on !== null && w.review_reminded_on >= due)) return;
  const claimed = await deps.db
    .updateTable("workspaces")
    .set({ review_reminded_on: due })
    .where("id", "=", w.id)
    .where((eb) => eb.or([eb("review_reminded_on", "is", null), eb("review_reminded_on", "<", due)]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return;
  const people = await deps.db
    .selectFrom("members")
    .innerJoin("users", "users.id", "members.user_id")
    .select(["users.id", "users.email", "users.locale"])
    .where("members.workspace_id", "=", w.id)
    .where("members.role", "in", ["owner", "admin"])
    .execute();
  const now = iso(deps.clock());
  for (const p of people) {
    await deps.db.insertInto("notifications").values({ id: newId(), workspace_id: w.id, user_id: p.id, kind: "review_due", card_id: null, post_id: null, actor_id: null, created_at: now, read_at: null }).execute();
    if (!deps.mailer.enabled) continue;
    const locale: Locale = p.locale === "ko" ? "ko" : "en";
    const params = { workspace: w.name, last: formatDay(intlLocaleOf(locale), last, "long"), days: w.review_cadence_days, url: `${deps.config.appUrl}/w/${w.id}/strategy/reviews` };
    await deps.mailer.send({ to: p.email, subject: `${w.name}: ${translate(locale, "report.review_due")}`, text: translate(locale, "report.review_due_body", params) });
  }
  // The owners' bells on every server re-read.
  if (people.length) deps.events?.publish(w.id, { type: "notification" });
}
