import { OAUTH_CONNECTION_KINDS, type OauthConnectionKind } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../../context.ts";
import type { ConnectionsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { refreshConnection } from "./access-token.ts";
import { flowOf } from "./flows/index.ts";
import type { StoredSecret } from "./flows/types.ts";
import { deleteOldStates, oauthConnections } from "./oauth.repository.ts";
import { warnOwners } from "./owner-notices.ts";

type Deps = Pick<AppDeps, "db" | "clock" | "mailer" | "config" | "secrets" | "outbound">;

const DAY_MS = 24 * 3600_000;
/** A refresh that failed for another reason than a revoked token is tried again after this long. */
const REFRESH_RETRY_MS = 6 * 3600_000;
/** Members hear a week before a token runs out (issue 21). */
const WARN_WITHIN_MS = 7 * DAY_MS;

/**
 * The sign-ins' upkeep, run with the tracking jobs (every few minutes, by whichever process gets there first; every
 * step claims its row with a conditional update, so two workers never refresh or warn twice):
 * - tokens whose refreshing moves the connection's end (Instagram Login and Threads long-lived tokens, rotating
 *   refresh tokens: each flow's `renewWithinMs`) are refreshed well before they run out; a refresh the network
 *   refuses for good (revoked, password changed…) pauses the channel and tells its owners and admins;
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
      const renewWithin = flowOf(c.kind as OauthConnectionKind)?.renewWithinMs;
      if (renewWithin && left > 0 && left <= renewWithin) {
        const outcome = await refresh(deps, log, c, now);
        if (outcome === "refreshed" || outcome === "paused") continue;
      }
      if (left <= WARN_WITHIN_MS && c.expiry_warned_at === null) await warnOwners(deps, log, c, "connection_expiring", now);
    } catch (err) {
      log.error({ err, event: "oauth.token_job_failed", connectionId: c.id }, "a connection's token upkeep failed");
    }
  }
}

async function refresh(deps: Deps, log: FastifyBaseLogger, c: ConnectionsTable, now: Date): Promise<"refreshed" | "paused" | "failed" | "skipped"> {
  // A failure moved updated_at (the claim): it is tried again REFRESH_RETRY_MS later.
  if (now.getTime() - Date.parse(c.updated_at) < REFRESH_RETRY_MS) return "skipped";
  try {
    return (await refreshConnection(deps, log, c, JSON.parse(deps.secrets.open(c.secret)) as StoredSecret)) ? "refreshed" : "skipped";
  } catch (err) {
    return err instanceof PublishError && err.kind === "auth" ? "paused" : "failed";
  }
}
