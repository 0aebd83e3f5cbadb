import type { FastifyInstance } from "fastify";
import { buildApp, type BuildOptions } from "./app.ts";
import type { Config } from "./config.ts";
import type { AppDeps } from "./context.ts";
import { openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { moveLegacyUploads } from "./features/assets/legacy-uploads.ts";
import { createBlobStore } from "./lib/blob-store.ts";
import { systemClock } from "./lib/clock.ts";
import { loadSecretKey, SecretBox } from "./lib/crypto.ts";
import { createMailer } from "./lib/mailer.ts";
import { createOutbound } from "./lib/outbound.ts";
import { InProcessEvents } from "./lib/events.ts";
import { DueSignals } from "./features/publishing/due-signals.ts";
import { Publisher } from "./features/publishing/publisher.ts";
import { ChannelPurger } from "./features/strategy/channel-purge.ts";
import { bestTimeSummariser } from "./features/metrics/best-time-summariser.ts";

/** Opens the database and brings it to the latest migration; the pieces every process (server, worker) needs. */
export async function openDeps(config: Config, options: Partial<Pick<AppDeps, "clock" | "mailer">> = {}) {
  const handle = await openDatabase(config);
  await migrateToLatest(handle.db);
  handle.checkpointOnThread();
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    config,
    clock: options.clock ?? systemClock,
    mailer: options.mailer ?? createMailer(config.smtpUrl, config.mailFrom),
    secrets: new SecretBox(loadSecretKey(config.secretKey, config.dataDir)),
    blobs: await createBlobStore(config.dataDir, config.s3),
    outbound: createOutbound({ allow: config.outboundAllowPrivate }),
    // Several servers on one PostgreSQL: events cross processes by LISTEN/NOTIFY (listening only once a stream opens).
    // (pg-events loads the `pg` driver: only imported on PostgreSQL, never on the embedded database.)
    events: config.databaseUrl ? new (await import("./lib/pg-events.ts")).PgEvents({ connectionString: config.databaseUrl, db: handle.db, logLevel: config.logLevel }) : new InProcessEvents(),
  };
  return { deps, handle };
}

/**
 * Builds the app on the database. With `publish`, the process also runs the publisher (embedded mode) unless the
 * configuration leaves publishing to separate workers.
 */
export async function createServer(config: Config, options: BuildOptions & Partial<Pick<AppDeps, "clock" | "mailer">> & { publish?: boolean } = {}) {
  const { deps, handle } = await openDeps(config, options);
  const moved = await moveLegacyUploads(deps);
  const app: FastifyInstance = await buildApp(deps, options);
  if (moved) app.log.info({ moved }, "moved stored photos into the asset library");
  let publisher: Publisher | null = null;
  let signals: DueSignals | null = null;
  if (options.publish) {
    const embedded = config.publisher === "embedded";
    // PostgreSQL: pg-boss wakes whoever publishes (this process when embedded, else `npm run worker` processes).
    if (config.databaseUrl) signals = await DueSignals.start(config.databaseUrl, app.log, embedded ? () => publisher?.wake() : undefined);
    if (embedded) {
      publisher = new Publisher(deps, app.log, { workerId: `server-${process.pid}`, leaseMs: config.publishLeaseMs, pollMs: config.publishPollMs, preciseWakeups: !signals, signals });
      app.addHook("onListen", async () => publisher?.start());
    }
    deps.publisher = {
      wake(times) {
        publisher?.wake();
        if (signals) void signals.signal(times?.length ? times : [new Date().toISOString()]);
      },
    };
  }
  // Deleted channels' per-post numbers, removed in the background (resumes what a restart left).
  const purger = new ChannelPurger(deps.db, deps.dialect, app.log);
  app.addHook("onListen", async () => purger.start());
  // The best-time summary of posts a large import or an upgrade marked, added up beside the requests.
  const summariser = bestTimeSummariser(deps.db, app.log);
  app.addHook("onListen", async () => summariser.start());
  app.addHook("onClose", async () => {
    await summariser.stop();
    await purger.stop();
    await publisher?.stop();
    await signals?.stop();
    await deps.outbound.close();
    await deps.events.close();
    await handle.destroy();
  });
  return { app, deps };
}
