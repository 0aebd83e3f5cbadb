import type { Updateable } from "kysely";
import type { DB } from "../../db/database.ts";
import type { UsersTable } from "../../db/schema.ts";

export const findUserByEmail = (db: DB, email: string) =>
  db.selectFrom("users").selectAll().where("email", "=", email.toLowerCase()).executeTakeFirst();

export const findUserById = (db: DB, id: string) => db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();

export async function insertUser(db: DB, row: UsersTable): Promise<void> {
  await db.insertInto("users").values(row).execute();
}

export async function updateUser(db: DB, id: string, patch: Updateable<UsersTable>): Promise<void> {
  await db.updateTable("users").set(patch).where("id", "=", id).execute();
}

export async function insertPasswordReset(db: DB, row: { token_hash: string; user_id: string; expires_at: string }) {
  await db.insertInto("password_resets").values({ ...row, used_at: null }).execute();
}

/** Marks an unused, unexpired reset token as used and returns its user id (one use only, even under races). */
export async function consumePasswordReset(db: DB, tokenHash: string, now: string): Promise<string | null> {
  const row = await db
    .selectFrom("password_resets")
    .select(["user_id"])
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (!row) return null;
  const result = await db
    .updateTable("password_resets")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? row.user_id : null;
}
