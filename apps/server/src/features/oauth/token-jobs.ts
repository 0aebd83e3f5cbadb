import { formatInstant, intlLocaleOf, OAUTH_CONNECTION_KINDS, translate, zoneLabel, type Locale } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../../context.ts";
import type { ConnectionsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { claimConnection, claimExpiryWarning, connectionKeepers, deleteOldStates, insertNotification, oauthConnections, pauseConnection, updateConnection, workspaceForNotice } from "./oauth.repository.ts";
import { refreshToken } from "./provider-api.ts";

type Deps = Pick<AppDeps, "db" | "clock" | "mailer" | "config" | "secrets" | "outbound">;

const DAY_MS = 24 * 3600_000;
/**
 * Instagram Login and Threads long-lived tokens last 60 days and may be refreshed once at least 24 hours old and not
 * expired (see provider-api.ts); we refresh from 30 days before expiry — a token that old is well past 24 hours —
 * so a network outage of weeks still leaves room.
 */
const REFRESH_WITHIN_MS = 30 * DAY_MS;
/** A refresh that failed for another reason than a revoked token is tried again after this long. */
const REFRESH_RETRY_MS = 6 * 3600_000;
/** Members hear a week before a token runs out (issue 21). */
const WARN_WITHIN_MS = 7 * DAY_MS;

/**
 * The sign-ins' upkeep, run with the tracking jobs (every few minutes, by whichever process gets there first; every
 * step claims its row with a conditional update, so two workers never refresh or warn twice):
 * - Instagram Login and Threads tokens are refreshed well before they run out; a refresh the network refuses with
 *   OAuthException 190 (revoked, password changed…) pauses the channel and tells its owners and admins;
 * - Meta's tokens cannot be renewed without the person, so for them (and for any token a refresh could not save)
 *   the owners and admins are warned once a week before it runs out: in the app, and by e-mail when SMTP is set;
 * - sign-ins left over a day past their expiry are deleted with whatever tokens were not picked.
 */
export async function runTokenJobs(deps: Deps, log: FastifyBaseLogger): Promise<void> {
  const now = deps.clock();
  let rows: ConnectionsTable[];
  try {
    await deleteOldStates(deps.db, iso(new Date(now.getTime() - DAY_MS)));
    rows = await oauthConnections(deps.db, OAUTH_CONNECTION_KINDS);
  } catch (err) {
    log.error({ err, event: "oauth.token_job_failed" }, "the token upkeep could not read the connections");
    return;
  }
  for (const c of rows) {
    if (c.status !== "active" || !c.token_expires_at) continue;
    try {
      const left = Date.parse(c.token_expires_at) - now.getTime();
      if ((c.kind === "instagram" || c.kind === "threads") && left > 0 && left <= REFRESH_WITHIN_MS) {
        const outcome = await refresh(deps, log, c, now);
        if (outcome === "refreshed" || outcome === "paused") continue;
      }
      if (left <= WARN_WITHIN_MS && c.expiry_warned_at === null) await warn(deps, log, c, "connection_expiring", now);
    } catch (err) {
      log.error({ err, event: "oauth.token_job_failed", connectionId: c.id }, "a connection's token upkeep failed");
    }
  }
}

async function refresh(deps: Deps, log: FastifyBaseLogger, c: ConnectionsTable, now: Date): Promise<"refreshed" | "paused" | "failed" | "skipped"> {
  // Claimed by moving updated_at: another worker reading the same row skips it, and a failure waits REFRESH_RETRY_MS.
  if (now.getTime() - Date.parse(c.updated_at) < REFRESH_RETRY_MS) return "skipped";
  if (!(await claimConnection(deps.db, c.id, c.updated_at, iso(now)))) return "skipped";
  const secret = JSON.parse(deps.secrets.open(c.secret)) as Record<string, string>;
  try {
    const fresh = await refreshToken({ fetch: deps.outbound.fetch, simulator: deps.config.networkSimulatorUrl }, c.kind as "instagram" | "threads", secret.accessToken ?? "", now);
    await updateConnection(deps.db, c.id, { secret: deps.secrets.seal(JSON.stringify({ ...secret, accessToken: fresh.accessToken })), token_expires_at: fresh.expiresAt, expiry_warned_at: null, updated_at: iso(now) });
    log.info({ event: "oauth.token_refreshed", connectionId: c.id, kind: c.kind, expiresAt: fresh.expiresAt }, "a connection's token was refreshed");
    return "refreshed";
  } catch (err) {
    const e = err instanceof PublishError ? err : null;
    log.warn({ event: "oauth.refresh_failed", connectionId: c.id, kind: c.kind, code: e?.code, err: e?.message ?? String(err), remote: e?.detail.body }, "a connection's token could not be refreshed");
    if (e?.kind !== "auth") return "failed";
    if (await pauseConnection(deps.db, c.id, "connection.revoked", iso(now))) await warn(deps, log, c, "connection_revoked", now);
    return "paused";
  }
}

/**
 * Tells the workspace's owners and admins about a connection: in the app, and by e-mail (in each one's language,
 * naming the account and, for an expiry, the date on the workspace's clock). An expiry warning is claimed first
 * (`expiry_warned_at`), so it goes out once per token.
 */
async function warn(deps: Deps, log: FastifyBaseLogger, c: ConnectionsTable, kind: "connection_expiring" | "connection_revoked", now: Date): Promise<void> {
  if (kind === "connection_expiring" && !(await claimExpiryWarning(deps.db, c.id, iso(now)))) return;
  const workspace = await workspaceForNotice(deps.db, c.workspace_id);
  if (!workspace) return;
  const people = await connectionKeepers(deps.db, c.workspace_id);
  for (const p of people) await insertNotification(deps.db, { id: newId(), workspace_id: c.workspace_id, user_id: p.id, kind, created_at: iso(now) });
  if (!deps.mailer.enabled) return;
  const network = c.kind === "instagram_facebook" ? "instagram" : c.kind;
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
