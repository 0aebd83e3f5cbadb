import { translate, type Locale } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { Notice } from "../../context.ts";
import type { DB } from "../../db/database.ts";
import type { WorkspacesTable } from "../../db/schema.ts";
import type { Mailer } from "../../lib/mailer.ts";

/**
 * Emails each notification to its recipient, in their own language, once the change that raised it is saved.
 * Without SMTP nothing is sent (the bell in the app still shows them); a failed send is logged, never fatal.
 */
export async function emailNotices(db: DB, mailer: Mailer, log: FastifyBaseLogger, appUrl: string, workspace: WorkspacesTable, notices: readonly Notice[]): Promise<void> {
  if (!mailer.enabled || notices.length === 0) return;
  const users = await db.selectFrom("users").select(["id", "email", "locale"]).where("id", "in", [...new Set(notices.map((n) => n.userId))]).execute();
  const cards = await db.selectFrom("board_cards").select(["id", "title"]).where("id", "in", [...new Set(notices.map((n) => n.cardId))]).execute();
  for (const notice of notices) {
    const user = users.find((u) => u.id === notice.userId);
    if (!user) continue;
    const locale: Locale = user.locale === "ko" ? "ko" : "en";
    const params = { actor: notice.actorName, card: cards.find((c) => c.id === notice.cardId)?.title ?? "", workspace: workspace.name, url: `${appUrl}/w/${workspace.id}/board` };
    try {
      await mailer.send({
        to: user.email,
        subject: translate(locale, "email.notice_subject", { ...params, what: translate(locale, `email.notice_${notice.kind}`, params) }),
        text: translate(locale, "email.notice_body", { ...params, what: translate(locale, `email.notice_${notice.kind}`, params) }),
      });
    } catch (err) {
      log.error({ err, event: "mail.failed" }, "notification email could not be sent");
    }
  }
}
