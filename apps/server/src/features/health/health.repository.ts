import { sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { iso } from "../../lib/clock.ts";
import { claimable } from "../publishing/publishing.repository.ts";

/**
 * The publishing queue as the health check and the figures see it: deliveries due now that a publisher could claim
 * (`claimable`, as `claimDue` takes them: a channel paused, or held by its network's rate limit, waits on purpose and
 * does not count), and those a publisher holds. A retry is due from its next attempt, not from the post's time.
 */
export async function queueState(db: DB, now: Date): Promise<{ due: number; oldestDueAt: string | null; inFlight: number }> {
  const nowIso = iso(now);
  const [waiting, held] = await Promise.all([
    db
      .selectFrom("deliveries as d")
      .select((eb) => [
        eb.fn.countAll<number | string>().as("due"),
        sql<string | null>`min(case when d.next_attempt_at is not null and d.next_attempt_at > d.due_at then d.next_attempt_at else d.due_at end)`.as("oldest"),
      ])
      .where(claimable(nowIso))
      .executeTakeFirstOrThrow(),
    db.selectFrom("deliveries").select((eb) => eb.fn.countAll<number | string>().as("n")).where("status", "in", ["claimed", "publishing"]).executeTakeFirstOrThrow(),
  ]);
  return { due: Number(waiting.due), oldestDueAt: waiting.oldest, inFlight: Number(held.n) };
}

/** Publishing wake-ups queued in pg-boss (PostgreSQL); -1 when its tables cannot be read (not started yet). */
export async function pgBossQueued(db: DB, queue: string): Promise<number> {
  try {
    const r = await sql<{ n: string }>`select count(*) as n from pgboss.job where name = ${queue} and state in ('created', 'retry')`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  } catch {
    return -1;
  }
}

/** The cheapest round trip the database can make. */
export async function ping(db: DB): Promise<void> {
  await sql`select 1`.execute(db);
}
