import http from "node:http";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../../context.ts";
import { bearerMatches, enableMetrics, renderMetrics } from "../../lib/metrics.ts";
import { queueDepth, readiness } from "./health.service.ts";

/**
 * A worker's own small HTTP listener (METRICS_PORT): /metrics for Prometheus (the deliveries a worker sends are
 * counted in the worker), with the same bearer token as the web servers', and /health/live and /health/ready for
 * the service manager — a worker's readiness includes the publishing lag, since publishing is its job.
 */
export async function startWorkerListener(deps: Pick<AppDeps, "db" | "dialect" | "config" | "clock">, log: FastifyBaseLogger): Promise<http.Server> {
  const { metricsPort: port, metricsToken: token, host } = deps.config;
  if (!port || !token) throw new Error("METRICS_PORT needs METRICS_TOKEN");
  await enableMetrics();
  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff", ...headers });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain; charset=utf-8", "Only GET is answered here.\n", { allow: "GET, HEAD" });
    const answer = async () => {
      if (path === "/health/live") return send(200, "application/json", JSON.stringify({ status: "ok", uptimeSeconds: Math.round(process.uptime()) }));
      if (path === "/health/ready") {
        const result = await readiness(deps, true, log);
        return send(result.status === "ok" ? 200 : 503, "application/json", JSON.stringify(result));
      }
      if (path !== "/metrics") return send(404, "text/plain; charset=utf-8", "Not found. This listener answers /metrics, /health/live and /health/ready.\n");
      if (!bearerMatches(req.headers.authorization, token)) {
        return send(401, "text/plain; charset=utf-8", "The metrics answer only to the header Authorization: Bearer <METRICS_TOKEN>.\n", { "www-authenticate": 'Bearer realm="metrics"' });
      }
      const { contentType, body } = await renderMetrics(() => queueDepth(deps));
      return send(200, contentType, body);
    };
    answer().catch((err: unknown) => {
      log.error({ err, event: "worker.metrics_failed" }, "the worker's metrics listener could not answer");
      if (!res.headersSent) send(500, "text/plain; charset=utf-8", "The figures could not be read; see the worker's log.\n");
    });
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  log.info({ event: "worker.metrics_listening", port, host }, "worker serves /metrics, /health/live and /health/ready");
  return server;
}
