import { hostname } from "node:os";
import pino from "pino";
import { loadConfig } from "./config.ts";
import { DueSignals } from "./features/publishing/due-signals.ts";
import { Publisher } from "./features/publishing/publisher.ts";
import { openDeps } from "./server.ts";
import { startWorkerListener } from "./features/health/worker-listener.ts";

/**
 * A publishing worker without the web server (`npm run worker`): start as many as you like against one
 * PostgreSQL database (set PUBLISHER=off on the web server then); pg-boss wakes them when posts fall due. Claims
 * are atomic, so no two workers publish the same delivery.
 */
const config = loadConfig();
const log = pino({ level: config.logLevel === "off" ? "silent" : config.logLevel });
const { deps, handle } = await openDeps(config);
// METRICS_PORT: /metrics (with METRICS_TOKEN), /health/live and /health/ready for this worker; counting from the start.
const listener = config.metricsPort ? await startWorkerListener(deps, log) : null;
// On PostgreSQL, pg-boss wakes the workers when posts fall due; on SQLite they look every second.
let publisher: Publisher | null = null;
const signals = config.databaseUrl ? await DueSignals.start(config.databaseUrl, log, () => publisher?.wake()) : null;
publisher = new Publisher(deps, log, { workerId: `${hostname()}-${process.pid}`, leaseMs: config.publishLeaseMs, pollMs: config.publishPollMs, preciseWakeups: !signals, signals });
publisher.start();
log.info({ event: "worker.started", dialect: deps.dialect }, "publishing worker started");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log.info({ signal }, "worker stopping after the sends in flight");
    void publisher!
      .stop()
      .then(() => new Promise((done) => (listener ? listener.close(done) : done(undefined))))
      .then(() => signals?.stop())
      .then(() => handle.destroy())
      .then(() => process.exit(0));
  });
}
