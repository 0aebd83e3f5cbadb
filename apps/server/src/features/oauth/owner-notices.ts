import { formatInstant, intlLocaleOf, OAUTH_NETWORK_OF, translate, zoneLabel, type Locale, type OauthConnectionKind } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../../context.ts";
import type { ConnectionsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";
import { claimExpiryWarning, connectionKeepers, insertNotification, workspaceForNotice } from "./oauth.repository.ts";

type Deps = Pick<AppDeps, "db" | "clock" | "mailer" | "config"> & Partial<Pick<AppDeps, "events">>;

/**
 * Tells the workspace's owners and admins about a connection: in the app, and by e-mail (in each one's language,
 * naming the account and, for an expiry, the date on the workspace's clock). An expiry warning is claimed first
 * (`expiry_warned_at`), so it goes out once per token.
 */
export async function warnOwners(deps: Deps, log: FastifyBaseLogger, c: ConnectionsTable, kind: "connection_expiring" | "connection_revoked", now: Date): Promise<void> {
  if (kind === "connection_expiring" && !(await claimExpiryWarning(deps.db, c.id, iso(now)))) return;
  const workspace = await workspaceForNotice(deps.db, c.workspace_id);
  if (!workspace) return;
  const people = await connectionKeepers(deps.db, c.workspace_id);
  for (const p of people) await insertNotification(deps.db, { id: newId(), workspace_id: c.workspace_id, user_id: p.id, kind, created_at: iso(now) });
  // The owners' bells on every server re-read.
  if (people.length) deps.events?.publish(c.workspace_id, { type: "notification" });
  if (!deps.mailer.enabled) return;
  const network = OAUTH_NETWORK_OF[c.kind as OauthConnectionKind] ?? c.kind;
  for (const p of people) {
    const locale: Locale = p.locale === "ko" ? "ko" : "en";
    const expires = c.token_expires_at ?? iso(now);
    const params = {
      account: c.label,
      network: translate(locale, `networks.${network}`),
      workspace: workspace.name,
      date: formatInstant(intlLocaleOf(locale), workspace.timezone, expires, { date: "full", time: "short" }),
      zone: zoneLabel(workspace.timezone, new Date(expires)),
      url: `${deps.config.appUrl}/w/${workspace.id}/calendar`,
    };
    try {
      await deps.mailer.send({ to: p.email, subject: translate(locale, `email.${kind}_subject`, params), text: translate(locale, `email.${kind}_body`, params) });
    } catch (err) {
      log.error({ err, event: "mail.failed" }, "a connection notice could not be e-mailed");
    }
  }
}
