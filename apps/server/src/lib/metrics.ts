import { createHash, timingSafeEqual } from "node:crypto";
import type { Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus figures (prom-client). Each process (web server, worker) has its own. They exist only
 * where METRICS_TOKEN turns the endpoint on: `enableMetrics()` loads prom-client then (it costs ~40 ms of start-up,
 * which a process that serves no figures does not pay), and until it has, the recorders do nothing — no one could
 * ever read what they counted, since the endpoint is switched on only at start.
 */
interface Figures {
  registry: Registry;
  contentType: string;
  requestDuration: Histogram<"method" | "route" | "status">;
  publishLag: Histogram;
  deliveries: Counter<"network" | "outcome">;
  importRows: Counter<"kind">;
  importSeconds: Counter<"kind">;
  eventBusLag: Histogram;
  deliveriesDue: Gauge;
  deliveriesInFlight: Gauge;
  oldestDueAge: Gauge;
  /** Made on the first PostgreSQL scrape: a SQLite instance has no pg-boss queue to report. */
  pgBossQueued: Gauge | null;
  Gauge: typeof Gauge;
}

let figures: Figures | null = null;
let loading: Promise<Figures> | null = null;

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Turns the figures on for this process (loads prom-client once; later calls return the same registry). */
export async function enableMetrics(): Promise<Registry> {
  return (await loadFigures()).registry;
}

function loadFigures(): Promise<Figures> {
  loading ??= load().then((f) => (figures = f));
  return loading;
}

/** Whether `enableMetrics()` has finished: the recorders count from then on. */
export function metricsEnabled(): boolean {
  return figures !== null;
}

async function load(): Promise<Figures> {
  const prom = await import("prom-client");
  const registry = new prom.Registry();
  const registers = [registry];
  // The standard process_* and nodejs_* names, which ready-made dashboards expect.
  prom.collectDefaultMetrics({ register: registry });
  return {
    registry,
    contentType: prom.Registry.PROMETHEUS_CONTENT_TYPE,
    requestDuration: new prom.Histogram({
      name: "socialplan_http_request_duration_seconds",
      help: "HTTP request durations by method, route pattern and status class",
      labelNames: ["method", "route", "status"] as const,
      buckets: SECONDS,
      registers,
    }),
    publishLag: new prom.Histogram({
      name: "socialplan_publish_lag_seconds",
      help: "From a delivery's due time to its send being acknowledged by the network",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    deliveries: new prom.Counter({
      name: "socialplan_deliveries_total",
      help: "Deliveries finished by this process, by network and outcome",
      labelNames: ["network", "outcome"] as const,
      registers,
    }),
    importRows: new prom.Counter({ name: "socialplan_import_rows_total", help: "Rows imported (numbers CSV, budget, Trello, posts CSV), by kind", labelNames: ["kind"] as const, registers }),
    importSeconds: new prom.Counter({ name: "socialplan_import_seconds_total", help: "Time spent importing, by kind (rows / seconds = throughput)", labelNames: ["kind"] as const, registers }),
    eventBusLag: new prom.Histogram({
      name: "socialplan_event_bus_lag_seconds",
      help: "From a workspace event being published to this process receiving it",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    deliveriesDue: new prom.Gauge({ name: "socialplan_deliveries_due", help: "Deliveries due and waiting to be claimed (channels paused or held by a rate limit excluded), read from the database at scrape time", registers }),
    deliveriesInFlight: new prom.Gauge({ name: "socialplan_deliveries_in_flight", help: "Deliveries claimed or being sent by a publisher, read from the database at scrape time", registers }),
    oldestDueAge: new prom.Gauge({ name: "socialplan_deliveries_oldest_due_age_seconds", help: "Age of the oldest delivery that is due and not yet claimed (0 when none), read from the database at scrape time", registers }),
    pgBossQueued: null,
    Gauge: prom.Gauge,
  };
}

/** A request finished: `route` is the matched route's pattern (never the raw URL), `status` the HTTP status code. */
export function recordRequest(method: string, route: string, status: number, seconds: number): void {
  figures?.requestDuration.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
}

/** A delivery finished: `outcome` is e.g. published, retry, failed, needs_attention, paused, reminder, missed. */
export function recordDelivery(network: string, outcome: string, lagSeconds?: number): void {
  if (!figures) return;
  figures.deliveries.inc({ network, outcome });
  if (outcome === "published" && lagSeconds !== undefined && lagSeconds >= 0) figures.publishLag.observe(lagSeconds);
}

/** An import of `rows` rows took `seconds`. */
export function recordImport(kind: string, rows: number, seconds: number): void {
  if (!figures) return;
  figures.importRows.inc({ kind }, rows);
  figures.importSeconds.inc({ kind }, Math.max(0, seconds));
}

/** A workspace event arrived `seconds` after it was published (another process's, through the database). */
export function recordEventLag(seconds: number): void {
  if (seconds >= 0) figures?.eventBusLag.observe(seconds);
}

/** The publishing queue as read from the database just before a scrape. */
export interface QueueDepth {
  due: number;
  inFlight: number;
  oldestDueSeconds: number;
  /** Queued pg-boss wake-ups (PostgreSQL); null when not applicable, -1 when unreadable. */
  pgBossQueued: number | null;
}

/**
 * The figures in Prometheus's text format. `queue`, when given, is read first (from this process's database) and
 * set on the queue-depth gauges.
 */
export async function renderMetrics(queue?: () => Promise<QueueDepth>): Promise<{ contentType: string; body: string }> {
  const f = await loadFigures();
  if (queue) {
    const q = await queue();
    f.deliveriesDue.set(q.due);
    f.deliveriesInFlight.set(q.inFlight);
    f.oldestDueAge.set(q.oldestDueSeconds);
    if (q.pgBossQueued !== null) {
      f.pgBossQueued ??= new f.Gauge({ name: "socialplan_pgboss_queued_jobs", help: "Publishing wake-ups queued in pg-boss, read at scrape time (-1 when its tables cannot be read)", registers: [f.registry] });
      f.pgBossQueued.set(q.pgBossQueued);
    }
  }
  return { contentType: f.contentType, body: await f.registry.metrics() };
}

/** Whether an Authorization header carries `Bearer <token>`; compared in constant time (both sides hashed first). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? "";
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}
