import type { FastifyBaseLogger } from "fastify";
import type { DB } from "../../db/database.ts";
import { BackgroundLoop } from "../../lib/background-loop.ts";
import { refreshSummary } from "./best-times.service.ts";
import { channelRecords } from "./dashboard.service.ts";

/**
 * Posts per step (one transaction, ~0.1 s at most on the benchmark's 10× workspace): a short hold of the SQLite
 * connection, and after each step a rest as long as it, so that requests keep at least half of the database while a
 * large import is added up (a dashboard measured during a 500,000-post catch-up without the rest took 2.5 s).
 */
const STEP = 250;

const NAME = "best_time_summary";

/**
 * The best-time summary brought up to date beside the requests: after a large import (or the upgrade that marked
 * every post), the posts the triggers marked are summarised here a step at a time, so that no request has to add up
 * hundreds of thousands of posts before it answers (a request does a few chunks itself and says how many are left).
 * Safe beside requests and other server processes doing the same: each chunk takes its marks off in its own
 * transaction (on PostgreSQL under the workspace's advisory lock), so a post is summarised by one of them.
 */
export function bestTimeSummariser(db: DB, log: FastifyBaseLogger, options = { pauseMs: 10, rest: 1, wakeMs: 200, pollMs: 30_000 }): BackgroundLoop {
  return new BackgroundLoop({
    name: NAME,
    log,
    ...options,
    step: async () => {
      const marked = await db.selectFrom("best_time_dirty").select("workspace_id").limit(1).executeTakeFirst();
      if (!marked) return false;
      const ctx = { db, now: new Date(), log };
      await refreshSummary(ctx, marked.workspace_id, await channelRecords(ctx, marked.workspace_id), 1, STEP);
      return true;
    },
  });
}

/** After writes that marked many posts (an import): the summarisers of this process look once the write has committed. */
export const wakeBestTimeSummarisers = (): void => BackgroundLoop.wake(NAME);
