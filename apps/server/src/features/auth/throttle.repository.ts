import { sql } from "kysely";
import type { DB } from "../../db/database.ts";
import type { LoginThrottleTable } from "../../db/schema.ts";

export const findThrottle = (db: DB, key: string) =>
  db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst();

/**
 * Counts one attempt under `key` in one statement (an upsert that adds to the stored count, or starts a new window
 * when the last one opened before `windowOpenedAfter`), so parallel attempts through any number of servers are each
 * counted. Returns the row as it is after this attempt.
 */
export async function countAttempt(db: DB, key: string, now: string, windowOpenedAfter: string): Promise<LoginThrottleTable> {
  const open = sql<boolean>`login_throttle.window_start > ${windowOpenedAfter}`;
  return db
    .insertInto("login_throttle")
    .values({ key, failures: 1, window_start: now, locked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql<number>`case when ${open} then login_throttle.failures + 1 else 1 end`,
        window_start: sql<string>`case when ${open} then login_throttle.window_start else ${now} end`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Takes back one counted attempt (it turned out not to be a failure). */
export async function uncountAttempt(db: DB, key: string): Promise<void> {
  await db
    .updateTable("login_throttle")
    .set({ failures: sql<number>`case when failures > 0 then failures - 1 else 0 end` })
    .where("key", "=", key)
    .execute();
}

/** Locks `key` until `until` with a fresh count, unless it is already locked past `now`. Returns whether this call locked it. */
export async function lockThrottle(db: DB, key: string, now: string, until: string): Promise<boolean> {
  const result = await db
    .updateTable("login_throttle")
    .set({ failures: 0, window_start: now, locked_until: until })
    .where("key", "=", key)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function clearThrottle(db: DB, key: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}
