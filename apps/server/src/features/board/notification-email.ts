import { formatDay, formatInstant, intlLocaleOf, translate, zoneLabel, type Locale } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { Notice } from "../../context.ts";
import type { DB } from "../../db/database.ts";
import type { WorkspacesTable } from "../../db/schema.ts";
import type { Mailer } from "../../lib/mailer.ts";

const REVIEW_KINDS = new Set(["approval_requested", "approved", "changes_requested", "mentioned"]);

/**
 * The line under what happened that says when: a post's time on the workspace's clock with the zone named
 * ("Scheduled for Monday, December 7, 2026 at 9:30 AM — Asia/Seoul (GMT+9)"), or a card's due day. Empty when neither has one.
 */
function whenLine(locale: Locale, zone: string, post: { scheduled_at: string | null } | undefined, card: { due_date: string | null } | undefined): string {
  const intl = intlLocaleOf(locale);
  if (post?.scheduled_at) {
    const when = formatInstant(intl, zone, post.scheduled_at, { date: "full", time: "short" });
    return translate(locale, "email.notice_when", { when, zone: zoneLabel(zone, new Date(post.scheduled_at)) });
  }
  if (card?.due_date) return translate(locale, "email.notice_due", { date: formatDay(intl, card.due_date, "full") });
  return "";
}

/**
 * Emails each notification to its recipient, in their own language, once the change that raised it is saved.
 * Times are on the workspace's clock, as the app shows them, with the zone named.
 * Without SMTP nothing is sent (the bell in the app still shows them); a failed send is logged, never fatal.
 */
export async function emailNotices(db: DB, mailer: Mailer, log: FastifyBaseLogger, appUrl: string, workspace: WorkspacesTable, notices: readonly Notice[]): Promise<void> {
  if (!mailer.enabled || notices.length === 0) return;
  const users = await db.selectFrom("users").select(["id", "email", "locale"]).where("id", "in", [...new Set(notices.map((n) => n.userId))]).execute();
  const cardIds = [...new Set(notices.flatMap((n) => (n.cardId ? [n.cardId] : [])))];
  const postIds = [...new Set(notices.flatMap((n) => (n.postId ? [n.postId] : [])))];
  const cards = cardIds.length ? await db.selectFrom("board_cards").select(["id", "title", "due_date"]).where("id", "in", cardIds).execute() : [];
  const posts = postIds.length ? await db.selectFrom("posts").select(["id", "title", "scheduled_at"]).where("id", "in", postIds).execute() : [];
  const channels = postIds.length ? await db.selectFrom("strategy_entries").select(["id", "data"]).where("workspace_id", "=", workspace.id).where("kind", "=", "channel").execute() : [];
  for (const notice of notices) {
    const user = users.find((u) => u.id === notice.userId);
    if (!user) continue;
    const locale: Locale = user.locale === "ko" ? "ko" : "en";
    // Review, decisions and comments on a post open its review screen.
    const review = !!notice.postId && REVIEW_KINDS.has(notice.kind);
    const network = (JSON.parse(channels.find((c) => c.id === notice.channelId)?.data ?? "{}") as { network?: string }).network ?? "other";
    const params = {
      actor: notice.actorName,
      card: notice.postId ? (posts.find((p) => p.id === notice.postId)?.title ?? "") : (cards.find((c) => c.id === notice.cardId)?.title ?? ""),
      channel: translate(locale, `networks.${network}`),
      workspace: workspace.name,
      url: review ? `${appUrl}/w/${workspace.id}/review/${notice.postId}` : notice.postId ? `${appUrl}/w/${workspace.id}/calendar?post=${notice.postId}` : `${appUrl}/w/${workspace.id}/board`,
    };
    const what = translate(locale, `email.notice_${notice.kind}`, params);
    const when = whenLine(locale, workspace.timezone, posts.find((p) => p.id === notice.postId), notice.postId ? undefined : cards.find((c) => c.id === notice.cardId));
    // The subject says what; the body says what and when.
    const body = { ...params, what: when ? `${what}\n${when}` : what };
    try {
      await mailer.send({
        to: user.email,
        subject: translate(locale, "email.notice_subject", { ...params, what }),
        text: notice.text !== undefined ? translate(locale, "email.post_due_body", { ...body, text: notice.text }) : translate(locale, review ? "email.notice_review_body" : notice.postId ? "email.notice_post_body" : "email.notice_body", body),
      });
    } catch (err) {
      log.error({ err, event: "mail.failed" }, "notification email could not be sent");
    }
  }
}
