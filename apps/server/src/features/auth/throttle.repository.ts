import type { DB } from "../../db/database.ts";
import type { LoginThrottleTable } from "../../db/schema.ts";

export const findThrottle = (db: DB, key: string) =>
  db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst();

export async function saveThrottle(db: DB, row: LoginThrottleTable): Promise<void> {
  await db
    .insertInto("login_throttle")
    .values(row)
    .onConflict((oc) => oc.column("key").doUpdateSet({ failures: row.failures, window_start: row.window_start, locked_until: row.locked_until }))
    .execute();
}

export async function clearThrottle(db: DB, key: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}
