import type { ServiceContext } from "../../context.ts";
import { addSeconds, iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { clearThrottle, countAttempt, findThrottle, lockThrottle, uncountAttempt } from "./throttle.repository.ts";

/**
 * Failed logins allowed within the window before a lockout: for one account from one address (a guesser is stopped
 * there without locking the owner out everywhere), from one address across accounts, and for one account across all
 * addresses (a guesser with many addresses).
 */
export const THROTTLE = { pairLimit: 5, addressLimit: 20, accountLimit: 50, windowSeconds: 15 * 60, lockSeconds: 15 * 60 } as const;

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `address:${ip}`;
export const pairKey = (email: string, ip: string) => `account:${email.toLowerCase()}|address:${ip}`;

/** The keys a login from this address for this account is counted and checked under. */
export const loginKeys = (email: string, ip: string) => [
  { key: pairKey(email, ip), limit: THROTTLE.pairLimit },
  { key: addressKey(ip), limit: THROTTLE.addressLimit },
  { key: accountKey(email), limit: THROTTLE.accountLimit },
];

type ThrottleKey = { key: string; limit: number };

const lockedError = (ctx: ServiceContext, lockedUntil: string) => {
  const seconds = Math.max(1, Math.ceil((Date.parse(lockedUntil) - ctx.now.getTime()) / 1000));
  return new AppError(429, "auth.locked", { minutes: Math.ceil(seconds / 60) }, [], { "retry-after": String(seconds) });
};

/**
 * Counts a login attempt under each key BEFORE the password is checked, each in one atomic statement: a burst of
 * parallel guesses, through one server or several, is counted attempt by attempt, and attempts past a key's limit are
 * refused without a password check. Throws 429 with Retry-After while a key is locked.
 */
export async function beginAttempt(ctx: ServiceContext, keys: readonly ThrottleKey[]): Promise<void> {
  const now = iso(ctx.now);
  for (const { key, limit } of keys) {
    const row = await countAttempt(ctx.db, key, now, iso(addSeconds(ctx.now, -THROTTLE.windowSeconds)));
    if (row.locked_until && row.locked_until > now) throw lockedError(ctx, row.locked_until);
    if (row.failures > limit) throw lockedError(ctx, await lock(ctx, key, row.failures));
  }
}

/** The attempt failed: every key whose count has reached its limit is locked (the lockout is logged once). */
export async function attemptFailed(ctx: ServiceContext, keys: readonly ThrottleKey[]): Promise<void> {
  for (const { key, limit } of keys) {
    const row = await findThrottle(ctx.db, key);
    if (row && row.failures >= limit) await lock(ctx, key, row.failures);
  }
}

/** A failure found after the attempt was taken back (a wrong second factor): counted, and keys at their limit locked. */
export async function recordFailure(ctx: ServiceContext, keys: readonly ThrottleKey[]): Promise<void> {
  for (const { key } of keys) await countAttempt(ctx.db, key, iso(ctx.now), iso(addSeconds(ctx.now, -THROTTLE.windowSeconds)));
  await attemptFailed(ctx, keys);
}

/** The password was right: the attempt is taken back from each key (a later failure still counts from there). */
export async function attemptNotFailed(ctx: ServiceContext, keys: readonly ThrottleKey[]): Promise<void> {
  for (const { key } of keys) await uncountAttempt(ctx.db, key);
}

async function lock(ctx: ServiceContext, key: string, failures: number): Promise<string> {
  const until = iso(addSeconds(ctx.now, THROTTLE.lockSeconds));
  if (await lockThrottle(ctx.db, key, iso(ctx.now), until)) {
    ctx.log.warn({ event: "auth.lockout", key, failures, lockSeconds: THROTTLE.lockSeconds }, "login locked after repeated failures");
    return until;
  }
  return (await findThrottle(ctx.db, key))?.locked_until ?? until;
}

export const clearFailures = (ctx: ServiceContext, key: string) => clearThrottle(ctx.db, key);
