import { formatInstant, intlLocaleOf, translate, zoneLabel, type Locale } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { UserRow } from "../../context.ts";
import type { InvitationsTable, WorkspacesTable } from "../../db/schema.ts";
import type { Mailer } from "../../lib/mailer.ts";

/**
 * Emails the link when the invitation names an address and the server has email, in the workspace's
 * language. A failed send is logged and reported as not emailed; the link itself still works.
 */
export async function emailInvitation(
  mailer: Mailer,
  log: FastifyBaseLogger,
  input: { row: InvitationsTable; url: string; inviter: UserRow; workspace: WorkspacesTable },
): Promise<boolean> {
  const { row, url, inviter, workspace } = input;
  if (!row.email || !mailer.enabled) return false;
  const locale: Locale = workspace.locale === "ko" ? "ko" : "en";
  // On the workspace's clock, with the zone named: the invitee may live elsewhere.
  const expires = `${formatInstant(intlLocaleOf(locale), workspace.timezone, row.expires_at, { date: "long", time: "short" })} — ${zoneLabel(workspace.timezone, new Date(row.expires_at))}`;
  const params = { inviter: inviter.name, workspace: workspace.name, role: translate(locale, `roles.${row.role}`), url, expires };
  try {
    await mailer.send({ to: row.email, subject: translate(locale, "email.invite_subject", params), text: translate(locale, "email.invite_body", params) });
    return true;
  } catch (err) {
    log.error({ err, event: "mail.failed" }, "invitation email could not be sent");
    return false;
  }
}
