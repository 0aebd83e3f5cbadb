import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../../context.ts";
import { appliedMigrations, LATEST_MIGRATION } from "../../db/migrate.ts";
import type { QueueDepth } from "../../lib/metrics.ts";
import { DUE_QUEUE } from "../publishing/due-signals.ts";
import * as repo from "./health.repository.ts";

/** How long the readiness check waits for the database before it calls it unreachable. */
export const DATABASE_TIMEOUT_MS = 2000;

export type CheckStatus = "ok" | "fail" | "skipped";
export interface Check {
  status: CheckStatus;
  detail: string;
}

export interface Readiness {
  status: "ok" | "fail";
  failing: Array<"database" | "migrations" | "publisherLag">;
  checks: {
    database: Check & { ms: number | null };
    migrations: Check & { applied: string | null; expected: string };
    publisherLag: Check & { seconds: number | null; maxSeconds: number };
  };
}

type Deps = Pick<AppDeps, "db" | "config" | "clock">;

/**
 * Whether this process should get traffic (or, for a worker, is doing its job): the database answers within 2 s, its
 * migrations are the ones this build expects, and — where this process publishes — the oldest delivery that is due
 * and not yet claimed is younger than READY_MAX_PUBLISH_LAG_SECONDS. `publishes` is false on a web server with
 * PUBLISHER=off: its workers' lag is theirs to report (their own /health/ready on METRICS_PORT), and taking every
 * web server out of the load balancer because a worker stopped would only add an outage to a delay.
 */
export async function readiness(deps: Deps, publishes: boolean, log: FastifyBaseLogger): Promise<Readiness> {
  const maxSeconds = deps.config.readyMaxPublishLagSeconds;
  const skipped = (detail: string) => ({ status: "skipped" as const, detail });
  const checks: Readiness["checks"] = {
    database: { ...skipped(""), ms: null },
    migrations: { ...skipped("the database did not answer"), applied: null, expected: LATEST_MIGRATION },
    publisherLag: { ...skipped("the database did not answer"), seconds: null, maxSeconds },
  };
  const started = performance.now();
  try {
    await withTimeout(repo.ping(deps.db), DATABASE_TIMEOUT_MS);
    checks.database = { status: "ok", detail: "the database answers", ms: Math.round(performance.now() - started) };
  } catch (err) {
    // The answer is public: the driver's message (hosts, database names) goes to the log only.
    log.warn({ err, event: "health.database_unreachable" }, "readiness: the database did not answer");
    checks.database = { status: "fail", detail: `the database did not answer within ${DATABASE_TIMEOUT_MS} ms (see the server's log)`, ms: null };
    return summary(checks);
  }
  try {
    const applied = (await withTimeout(appliedMigrations(deps.db), DATABASE_TIMEOUT_MS)).at(-1) ?? null;
    const current = applied === LATEST_MIGRATION;
    checks.migrations = {
      status: current ? "ok" : "fail",
      detail: current ? "the database is at this version's latest migration" : `the database is at ${applied ?? "no migration"}, this version expects ${LATEST_MIGRATION}: restart to migrate, or check that every server runs the same version`,
      applied,
      expected: LATEST_MIGRATION,
    };
  } catch (err) {
    log.warn({ err, event: "health.migrations_unreadable" }, "readiness: could not read the applied migrations");
    checks.migrations = { status: "fail", detail: "could not read the applied migrations (see the server's log)", applied: null, expected: LATEST_MIGRATION };
  }
  try {
    const now = deps.clock();
    const queue = await withTimeout(repo.queueState(deps.db, now), DATABASE_TIMEOUT_MS);
    const seconds = queue.oldestDueAt ? Math.max(0, Math.round((now.getTime() - Date.parse(queue.oldestDueAt)) / 1000)) : 0;
    if (!publishes) checks.publisherLag = { ...skipped(`PUBLISHER=off: the workers publish and report their own lag (now ${seconds} s)`), seconds, maxSeconds };
    else if (seconds > maxSeconds) checks.publisherLag = { status: "fail", detail: `the oldest due delivery has waited ${seconds} s, more than ${maxSeconds} s (READY_MAX_PUBLISH_LAG_SECONDS): the publisher is stuck or behind`, seconds, maxSeconds };
    else checks.publisherLag = { status: "ok", detail: `${queue.due} due, the oldest waiting ${seconds} s`, seconds, maxSeconds };
  } catch (err) {
    log.warn({ err, event: "health.queue_unreadable" }, "readiness: could not read the publishing queue");
    checks.publisherLag = { status: "fail", detail: "could not read the publishing queue (see the server's log)", seconds: null, maxSeconds };
  }
  return summary(checks);
}

function summary(checks: Readiness["checks"]): Readiness {
  const failing = (Object.keys(checks) as Array<keyof Readiness["checks"]>).filter((k) => checks[k].status === "fail");
  return { status: failing.length ? "fail" : "ok", failing, checks };
}

/** The publishing queue for the figures (queue-depth gauges), read at scrape time. */
export async function queueDepth(deps: Pick<AppDeps, "db" | "dialect" | "clock">): Promise<QueueDepth> {
  const now = deps.clock();
  const q = await repo.queueState(deps.db, now);
  return {
    due: q.due,
    inFlight: q.inFlight,
    oldestDueSeconds: q.oldestDueAt ? Math.max(0, (now.getTime() - Date.parse(q.oldestDueAt)) / 1000) : 0,
    pgBossQueued: deps.dialect === "postgres" ? await repo.pgBossQueued(deps.db, DUE_QUEUE) : null,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
