import type { ServiceContext } from "../../context.ts";
import { addSeconds, iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { clearThrottle, findThrottle, saveThrottle } from "./throttle.repository.ts";

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

/** Throws 429 with Retry-After while any of the keys is locked. */
export async function assertNotLocked(ctx: ServiceContext, keys: string[]): Promise<void> {
  for (const key of keys) {
    const row = await findThrottle(ctx.db, key);
    if (row?.locked_until && row.locked_until > iso(ctx.now)) {
      const seconds = Math.ceil((Date.parse(row.locked_until) - ctx.now.getTime()) / 1000);
      throw new AppError(429, "auth.locked", { minutes: Math.ceil(seconds / 60) }, [], { "retry-after": String(seconds) });
    }
  }
}

/** Counts a failure against a key and locks it once the limit is reached (the lockout is logged). */
export async function recordFailure(ctx: ServiceContext, key: string, limit: number): Promise<void> {
  const row = await findThrottle(ctx.db, key);
  const windowOpen = row && Date.parse(row.window_start) + THROTTLE.windowSeconds * 1000 > ctx.now.getTime();
  const failures = windowOpen ? row.failures + 1 : 1;
  const locked = failures >= limit;
  await saveThrottle(ctx.db, {
    key,
    failures: locked ? 0 : failures,
    window_start: windowOpen && !locked ? row.window_start : iso(ctx.now),
    locked_until: locked ? iso(addSeconds(ctx.now, THROTTLE.lockSeconds)) : null,
  });
  if (locked) ctx.log.warn({ event: "auth.lockout", key, failures, lockSeconds: THROTTLE.lockSeconds }, "login locked after repeated failures");
}

export const clearFailures = (ctx: ServiceContext, key: string) => clearThrottle(ctx.db, key);
