import type { Metric } from "@socialplan/domain";
import { PublishError } from "../publishing/adapters/types.ts";

/**
 * What the numbers import (network-numbers.ts) reads from a network, whichever it is: one reader per connection
 * kind, made by the provider's flow (features/oauth/flows/*: `numbersReader`). Metric names are the app's
 * (`Metric`: reach, views, likes, comments, saves, shares, clicks, followers…); each reader maps its network's.
 */

export type Numbers = Partial<Record<Metric, number>>;

/** A post on the account as the network lists it. */
export interface RemotePost {
  id: string;
  /** UTC ISO time. */
  publishedAt: string;
  permalink: string;
  caption: string;
  /** e.g. "image", "carousel", "reel", "story", "text_post". */
  postType: string;
}

export interface AccountReading {
  /** The follower count now (null when the network did not give it). */
  followers: number | null;
  /** Numbers of whole days: the day (the network's own day, as its `end_time` says) and the value. */
  daily: { day: string; metric: Metric; value: number }[];
}

export interface NumbersReader {
  /** The account's posts published since `since`, newest first, at most `max`. */
  recentPosts(since: Date, max: number): Promise<RemotePost[]>;
  /** One post by its id (a post of ours that the recent list did not hold); null when the network has it no more. */
  post(id: string): Promise<RemotePost | null>;
  /** A post's numbers; empty when the network has none for it (too few viewers, an expired story…). */
  numbers(post: RemotePost): Promise<Numbers>;
  account(since: Date, until: Date): Promise<AccountReading>;
}

/** Why an account's reading stopped: a message key for `failed`, and how long to wait where the network said. */
export class NumbersStop extends Error {
  constructor(
    readonly code: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(code);
  }
}

/** A Graph failure as the numbers import sees it: which stop ends the account's reading, which only skips a number. */
export function stopFor(err: unknown): unknown {
  if (err instanceof NumbersStop || !(err instanceof PublishError)) return err;
  if (err.kind === "auth") return new NumbersStop("metrics.numbers_auth");
  if (err.kind === "retry" && (err.code === "publish.rate_limited" || err.code === "publish.temporarily_blocked")) return new NumbersStop("metrics.numbers_rate_limited", err.retryAfterMs);
  if (err.code === "publish.permission_missing") return new NumbersStop("metrics.numbers_permission");
  if (err.kind === "rejected") return err;
  return new NumbersStop("metrics.numbers_unavailable", err.retryAfterMs);
}

/** Runs a read whose refusal (kind "rejected": not available for this post or account) only means "no number". */
export async function optional<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof PublishError && err.kind === "rejected") return null;
    throw err;
  }
}

