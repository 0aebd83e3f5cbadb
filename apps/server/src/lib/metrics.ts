import client from "prom-client";

/**
 * The process's Prometheus figures (prom-client). Recording is always on and cheap (counters in memory); they
 * are served only where METRICS_TOKEN turns the endpoint on. Each process (web server, worker) has its own.
 */
export const registry = new client.Registry();

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const requestDuration = new client.Histogram({
  name: "socialplan_http_request_duration_seconds",
  help: "HTTP request durations by method, route pattern and status class",
  labelNames: ["method", "route", "status"] as const,
  buckets: SECONDS,
  registers: [registry],
});

const publishLag = new client.Histogram({
  name: "socialplan_publish_lag_seconds",
  help: "From a delivery's due time to its send being acknowledged by the network",
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
  registers: [registry],
});

const deliveries = new client.Counter({
  name: "socialplan_deliveries_total",
  help: "Deliveries finished by this process, by network and outcome",
  labelNames: ["network", "outcome"] as const,
  registers: [registry],
});

const importRows = new client.Counter({
  name: "socialplan_import_rows_total",
  help: "Rows imported (numbers CSV, budget, Trello…), by kind",
  labelNames: ["kind"] as const,
  registers: [registry],
});

const importSeconds = new client.Counter({
  name: "socialplan_import_seconds_total",
  help: "Time spent importing, by kind (rows / seconds = throughput)",
  labelNames: ["kind"] as const,
  registers: [registry],
});

const eventBusLag = new client.Histogram({
  name: "socialplan_event_bus_lag_seconds",
  help: "From a workspace event being published to this process receiving it",
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

/** A delivery finished: `outcome` is e.g. published, failed, needs_attention, held. */
export function recordDelivery(network: string, outcome: string, lagSeconds?: number): void {
  deliveries.inc({ network, outcome });
  if (outcome === "published" && lagSeconds !== undefined && lagSeconds >= 0) publishLag.observe(lagSeconds);
}

/** An import of `rows` rows took `seconds`. */
export function recordImport(kind: string, rows: number, seconds: number): void {
  importRows.inc({ kind }, rows);
  importSeconds.inc({ kind }, seconds);
}

/** A workspace event arrived `seconds` after it was published (another process's, through the database). */
export function recordEventLag(seconds: number): void {
  if (seconds >= 0) eventBusLag.observe(seconds);
}
