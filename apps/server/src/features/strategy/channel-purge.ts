import type { FastifyBaseLogger } from "fastify";
import { SqliteAdapter, sql } from "kysely";
import type { DB, Dialect } from "../../db/database.ts";
import { BackgroundLoop } from "../../lib/background-loop.ts";
import { metricsOfWorkspace } from "../metrics/metrics.service.ts";

/**
 * A deleted channel's numbers — its own numbers and day sums (`metrics`) and its per-post numbers
 * (`metrics_per_post`) — removed after the answer (migration 0021; `metrics` since issue 24's fourth round).
 *
 * Deleting a channel writes a row to `channel_purges` in the same transaction as the record's removal, and that is
 * all the request does with its numbers. They go here, a batch per transaction — first its `metrics` rows (ranges of
 * that table's key, cheap), then its per-post numbers (spread over the whole table in day order, thousands of pages
 * for a few years; their triggers find the day sums already gone and write nothing): the SQLite writer (one
 * connection, first come first served) is held for one batch at a time, and a request that came meanwhile goes
 * before the next batch. The queue row goes in the transaction that finds no numbers left: a crash or a kill at any
 * moment leaves it, and the next start (or any other server process on PostgreSQL) carries on. Batches are
 * idempotent: two processes on one channel at once only skip each other (`for update skip locked` on the queue row).
 *
 * Until then nobody sees those numbers: every reader reads the workspace's existing channels only (dashboard, goal
 * progress, top posts, best time, the numbers grid and CSV), the archive export leaves them out, writers refuse a
 * channel that is gone, and restoring the channel from its history finishes its purge first (`finishChannelPurge`),
 * in the restore's transaction, so that it comes back without them as it always did.
 */

/** Rows per batch (one transaction): ~10–30 ms of SQLite writing on a loaded machine. */
export const PURGE_BATCH = 500;
/** The pause between batches: other writers' share of the database while a large channel is purged. */
const PAUSE_MS = 10;
/** After a delete: long enough for its transaction to have committed. */
const WAKE_MS = 200;
/** Looking again when idle: queue rows left by another process or a crash. */
const POLL_MS = 30_000;

/** Queues the removal of a deleted channel's per-post numbers (in the transaction that deletes it). */
export async function enqueueChannelPurge(db: DB, workspaceId: string, channelId: string, at: string): Promise<void> {
  await db.insertInto("channel_purges").values({ workspace_id: workspaceId, channel_id: channelId, deleted_at: at }).onConflict((oc) => oc.columns(["workspace_id", "channel_id"]).doNothing()).execute();
  wakeChannelPurgers();
}

/**
 * Deletes up to `limit` of one channel's own numbers and day sums; the count. `metrics` is ordered by (workspace,
 * metric, channel, day): the workspace's metrics are found by seeking from one to the next (as `metricNames`), and the
 * channel's rows of each are one range of the key — never a pass over other channels' or workspaces' rows.
 */
async function deleteSomeNumbers(db: DB, workspaceId: string, channelId: string, limit: number): Promise<number> {
  const metrics = metricsOfWorkspace(workspaceId);
  // PostgreSQL plans `= any(array(…))` as index seeks per metric; `in (…)` may become a hash join over the workspace.
  const ofMetrics = db.getExecutor().adapter instanceof SqliteAdapter ? sql`metric in (${metrics})` : sql`metric = any(array(${metrics}))`;
  const result = await sql`delete from metrics where (workspace_id, metric, channel_id, day) in (
      select workspace_id, metric, channel_id, day from metrics where workspace_id = ${workspaceId} and channel_id = ${channelId} and ${ofMetrics} limit ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** Deletes up to `limit` per-post numbers of one channel (found through the index by workspace and channel); the count. */
async function deleteSome(db: DB, workspaceId: string, channelId: string, limit: number): Promise<number> {
  const result = await sql`delete from metrics_per_post where (workspace_id, day, channel_id, metric, post_key) in (
      select workspace_id, day, channel_id, metric, post_key from metrics_per_post where workspace_id = ${workspaceId} and channel_id = ${channelId} limit ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * One batch of the oldest queued purge, in a transaction of its own. False when there was nothing to do (no queue row
 * free to take).
 */
export async function purgeBatch(db: DB, dialect: Dialect, limit = PURGE_BATCH): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let next = trx.selectFrom("channel_purges").select(["workspace_id", "channel_id"]).orderBy("deleted_at").orderBy("workspace_id").orderBy("channel_id").limit(1);
    if (dialect === "postgres") next = next.forUpdate().skipLocked();
    const job = await next.executeTakeFirst();
    if (!job) return false;
    // A channel that exists again (restored) finished its purge when it came back: its numbers now are its own.
    const back = await trx.selectFrom("strategy_entries").select("id").where("id", "=", job.channel_id).where("workspace_id", "=", job.workspace_id).executeTakeFirst();
    // Its day sums first: with them gone, the per-post numbers' delete triggers find nothing to recount.
    const own = back ? 0 : await deleteSomeNumbers(trx, job.workspace_id, job.channel_id, limit);
    const deleted = back || own >= limit ? own : own + (await deleteSome(trx, job.workspace_id, job.channel_id, limit - own));
    if (back || deleted < limit) await trx.deleteFrom("channel_purges").where("workspace_id", "=", job.workspace_id).where("channel_id", "=", job.channel_id).execute();
    return true;
  });
}

/** Runs every queued purge to the end, a batch at a time (tests, commands). */
export async function runChannelPurges(db: DB, dialect: Dialect, limit = PURGE_BATCH): Promise<void> {
  while (await purgeBatch(db, dialect, limit));
}

/**
 * Before a deleted channel comes back under its id (restore, in its transaction): whatever of its numbers the purge
 * has not removed yet goes now, and its queue row with it. Its best-time summary rows (kept without a
 * foreign key) are marked, so that the next best-time request takes them off rather than counting posts whose
 * numbers are gone.
 */
export async function finishChannelPurge(db: DB, workspaceId: string, channelId: string): Promise<void> {
  const dialect: Dialect = db.getExecutor().adapter instanceof SqliteAdapter ? "sqlite" : "postgres";
  let queued = db.selectFrom("channel_purges").select("channel_id").where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId);
  // PostgreSQL: waits for a batch another process has under way on it.
  if (dialect === "postgres") queued = queued.forUpdate();
  await queued.executeTakeFirst();
  // In batches all the same: each statement ranges of the key or a search of the index by (workspace, channel), never
  // a pass over the whole workspace.
  while ((await deleteSomeNumbers(db, workspaceId, channelId, 5000)) === 5000);
  while ((await deleteSome(db, workspaceId, channelId, 5000)) === 5000);
  await db.deleteFrom("channel_purges").where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId).execute();
  const summarised = db.selectFrom("best_time_posts").select(["workspace_id", "channel_id", "post_key"]).where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId);
  await db.insertInto("best_time_dirty").columns(["workspace_id", "channel_id", "post_key"]).expression(summarised).onConflict((oc) => oc.doNothing()).execute();
}

const NAME = "channel_purge";

/** Tells the purgers of this process that a purge was queued (they look once its transaction has committed). */
export function wakeChannelPurgers(): void {
  BackgroundLoop.wake(NAME);
}

/** The background side: started with the server (it resumes what a crash left), stopped before the database closes. */
export class ChannelPurger extends BackgroundLoop {
  constructor(db: DB, dialect: Dialect, log: FastifyBaseLogger, options = { batch: PURGE_BATCH, pauseMs: PAUSE_MS, wakeMs: WAKE_MS, pollMs: POLL_MS }) {
    super({ name: NAME, step: () => purgeBatch(db, dialect, options.batch), log, pauseMs: options.pauseMs, wakeMs: options.wakeMs, pollMs: options.pollMs });
  }
}
