import type { DB } from "../../db/database.ts";
import type { UserRow } from "../../context.ts";
import { addSeconds, iso } from "../../lib/clock.ts";
import { hashToken, randomToken } from "../../lib/crypto.ts";
import { newId } from "../../lib/ids.ts";
import { findSessionWithUser, insertSession, touchSession } from "./sessions.repository.ts";

/** A session lasts 30 days from its last use. */
export const SESSION_SECONDS = 30 * 24 * 3600;
// Writing last_seen on every request would turn every read into a write; five minutes is precise enough.
const TOUCH_AFTER_SECONDS = 300;

export interface SessionMeta {
  userAgent: string | undefined;
  ip: string | undefined;
}

/** Creates a session and returns the cookie token (only its hash is stored). */
export async function startSession(db: DB, userId: string, meta: SessionMeta, now: Date) {
  const token = randomToken();
  const expires = addSeconds(now, SESSION_SECONDS);
  await insertSession(db, {
    id: newId(),
    token_hash: hashToken(token),
    user_id: userId,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip?.slice(0, 64) ?? null,
    created_at: iso(now),
    last_seen_at: iso(now),
    expires_at: iso(expires),
  });
  return { token, expires };
}

/** The user behind a session cookie, or null when the session is unknown or expired. */
export async function loadSession(db: DB, token: string, now: Date): Promise<{ user: UserRow; sessionId: string } | null> {
  const row = await findSessionWithUser(db, token);
  if (!row || row.session_expires_at <= iso(now)) return null;
  if (now.getTime() - Date.parse(row.session_last_seen_at) > TOUCH_AFTER_SECONDS * 1000) {
    await touchSession(db, row.session_id, iso(now), iso(addSeconds(now, SESSION_SECONDS)));
  }
  const { session_id, session_expires_at: _e, session_last_seen_at: _l, ...user } = row;
  return { user, sessionId: session_id };
}
