import type { DB } from "../../db/database.ts";
import { newId } from "../../lib/ids.ts";

export async function replaceRecoveryCodes(db: DB, userId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  if (hashes.length) {
    await db.insertInto("recovery_codes").values(hashes.map((code_hash) => ({ id: newId(), user_id: userId, code_hash, used_at: null }))).execute();
  }
}

/** Uses an unused recovery code; true when it existed and is now spent. */
export async function useRecoveryCode(db: DB, userId: string, hash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable("recovery_codes")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("code_hash", "=", hash)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: DB, userId: string): Promise<number> {
  const row = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** True when the user belongs to a workspace that requires two-factor authentication. */
export async function isTwoFactorRequiredFor(db: DB, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("members")
    .innerJoin("workspaces", "workspaces.id", "members.workspace_id")
    .select("workspaces.id")
    .where("members.user_id", "=", userId)
    .where("workspaces.require_two_factor", "=", 1)
    .executeTakeFirst();
  return row !== undefined;
}
