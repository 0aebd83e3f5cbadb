import type { DB } from "../../db/database.ts";
import type { SessionsTable } from "../../db/schema.ts";
import { precompiled } from "../../db/precompiled.ts";
import { cachedRead } from "../../db/read-cache.ts";
import { hashToken } from "../../lib/crypto.ts";

export async function insertSession(db: DB, row: SessionsTable): Promise<void> {
  await db.insertInto("sessions").values(row).execute();
}

const sessionQuery = precompiled(["tokenHash"], (db, p: { tokenHash: string }) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .selectAll("users")
    .select(["sessions.id as session_id", "sessions.expires_at as session_expires_at", "sessions.last_seen_at as session_last_seen_at"])
    .where("sessions.token_hash", "=", p.tokenHash),
);

/**
 * The session behind a cookie token, with its user; runs on every request, so it is compiled once and,
 * in embedded mode, cached by token (a cache hit skips hashing the token too).
 */
export async function findSessionWithUser(db: DB, token: string) {
  return cachedRead(db, `session:${token}`, async () => (await sessionQuery(db, { tokenHash: hashToken(token) }))[0]);
}

export async function touchSession(db: DB, id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where("id", "=", id).execute();
}

export async function listSessions(db: DB, userId: string, now: string) {
  return db
    .selectFrom("sessions")
    .select(["id", "user_agent", "ip", "created_at", "last_seen_at"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", now)
    .orderBy("last_seen_at", "desc")
    .execute();
}

export async function deleteSession(db: DB, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom("sessions").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteSessionById(db: DB, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** Ends every session of a user, except `keepId` when given. */
export async function deleteUserSessions(db: DB, userId: string, keepId?: string): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepId) query = query.where("id", "!=", keepId);
  await query.execute();
}
