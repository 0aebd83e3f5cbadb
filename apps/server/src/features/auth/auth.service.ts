import type { Login, Signup } from "@socialplan/schema";
import type { ServiceContext, UserRow } from "../../context.ts";
import { addSeconds, iso } from "../../lib/clock.ts";
import { hashToken, randomToken } from "../../lib/crypto.ts";
import { AppError, badRequest, conflict } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { burnVerification, hashPassword, verifyPassword } from "../../lib/password.ts";
import { checkSecondFactor } from "../two-factor/two-factor.service.ts";
import type { SecretBox } from "../../lib/crypto.ts";
import { accountKey, attemptFailed, attemptNotFailed, beginAttempt, clearFailures, loginKeys, pairKey, recordFailure } from "./throttle.service.ts";
import { consumePasswordReset, findUserByEmail, findUserById, insertPasswordReset, insertUser, updateUser } from "./users.repository.ts";
import { deleteUserSessions } from "./sessions.repository.ts";

const RESET_SECONDS = 3600;

export async function signup(ctx: ServiceContext, input: Signup, fallbackLocale: string): Promise<UserRow> {
  const email = input.email.toLowerCase();
  if (await findUserByEmail(ctx.db, email)) throw conflict("auth.email_taken");
  const row: UserRow = {
    id: newId(),
    email,
    name: input.name,
    password_hash: await hashPassword(input.password),
    locale: input.locale ?? fallbackLocale,
    totp_secret: null,
    totp_pending: null,
    totp_last_counter: null,
    // The instance's first account may set its developer apps (instance settings).
    instance_admin: (await ctx.db.selectFrom("users").select("id").limit(1).executeTakeFirst()) ? 0 : 1,
    created_at: iso(ctx.now),
    updated_at: iso(ctx.now),
  };
  try {
    await insertUser(ctx.db, row);
  } catch (error) {
    // Two sign-ups racing for one address: the unique index decides.
    if (await findUserByEmail(ctx.db, email)) throw conflict("auth.email_taken");
    throw error;
  }
  return row;
}

export type LoginOutcome = { kind: "ok"; user: UserRow } | { kind: "second-factor" };

/** Checks password and, when enrolled, the TOTP or a recovery code; failures count towards a lockout. */
export async function login(ctx: ServiceContext, secrets: SecretBox, input: Login, ip: string): Promise<LoginOutcome> {
  const keys = loginKeys(input.email, ip);
  await beginAttempt(ctx, keys);
  const user = await findUserByEmail(ctx.db, input.email);
  const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : (await burnVerification(input.password), false);
  if (!user || !passwordOk) {
    await attemptFailed(ctx, keys);
    throw new AppError(401, "auth.invalid_credentials");
  }
  // A right password is not a failure, whatever comes next: the attempt is taken back.
  await attemptNotFailed(ctx, keys);
  if (user.totp_secret) {
    if (!input.code && !input.recoveryCode) return { kind: "second-factor" };
    const result = await checkSecondFactor(ctx, secrets, user, { code: input.code, recoveryCode: input.recoveryCode });
    if (result !== "ok") {
      // The password check took its attempt back: a wrong second factor counts as a failure of its own.
      await recordFailure(ctx, keys);
      throw new AppError(401, result === "bad-recovery-code" ? "auth.invalid_recovery_code" : "auth.invalid_code");
    }
  }
  await clearFailures(ctx, pairKey(input.email, ip));
  await clearFailures(ctx, accountKey(input.email));
  return { kind: "ok", user };
}


/** Changes the password and ends every other session of the user. */
export async function changePassword(ctx: ServiceContext, user: UserRow, sessionId: string, current: string, next: string) {
  if (!(await verifyPassword(user.password_hash, current))) {
    throw badRequest("validation.failed", {}, [{ field: "currentPassword", key: "auth.wrong_password" }]);
  }
  await setPassword(ctx, user.id, next, sessionId);
}

/** Sets a new password and ends the user's sessions (except `keepSessionId`); used by reset and the admin command. */
export async function setPassword(ctx: ServiceContext, userId: string, password: string, keepSessionId?: string) {
  await updateUser(ctx.db, userId, { password_hash: await hashPassword(password), updated_at: iso(ctx.now) });
  await deleteUserSessions(ctx.db, userId, keepSessionId);
}

/** Creates a one-hour reset token for a known address; unknown addresses get no token and no hint. */
export async function createPasswordReset(ctx: ServiceContext, email: string): Promise<{ user: UserRow; token: string } | null> {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return null;
  const token = randomToken();
  await insertPasswordReset(ctx.db, { token_hash: hashToken(token), user_id: user.id, expires_at: iso(addSeconds(ctx.now, RESET_SECONDS)) });
  return { user, token };
}

export async function confirmPasswordReset(ctx: ServiceContext, token: string, password: string): Promise<UserRow> {
  const userId = await consumePasswordReset(ctx.db, hashToken(token), iso(ctx.now));
  const user = userId ? await findUserById(ctx.db, userId) : undefined;
  if (!user) throw badRequest("auth.reset_invalid");
  await setPassword(ctx, user.id, password);
  await clearFailures(ctx, accountKey(user.email));
  return user;
}
