import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../context.ts";
import { queueDepth } from "../features/health/health.service.ts";
import { AppError, notFound } from "../lib/errors.ts";
import { bearerMatches, enableMetrics, recordRequest, renderMetrics } from "../lib/metrics.ts";

/** Requests that matched no route share one label: the figures never carry a raw address. */
export const UNMATCHED_ROUTE = "(unmatched)";

/**
 * The Prometheus endpoint, GET /api/metrics: off unless METRICS_TOKEN is set (then it answers 404, like any address
 * that does not exist), and on, only to `Authorization: Bearer <METRICS_TOKEN>`. When on, every response's duration
 * is recorded under its route's pattern (`/api/workspaces/:workspaceId/posts/:postId`), never the raw address.
 */
export async function registerMetrics(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const token = deps.config.metricsToken;
  if (token) {
    await enableMetrics();
    app.addHook("onResponse", (request, reply, done) => {
      recordRequest(request.method, request.routeOptions.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/metrics",
    {
      config: { public: true },
      schema: {
        tags: ["health"],
        summary: "Prometheus figures (text format)",
        description:
          "Needs no session but the header `Authorization: Bearer <METRICS_TOKEN>` (401 without it). Answers 404 unless the server was started with METRICS_TOKEN.",
        response: { 200: z.string().describe("Prometheus text exposition format 0.0.4") },
      },
    },
    async (request, reply) => {
      if (!token) throw notFound();
      if (!bearerMatches(request.headers.authorization, token)) throw new AppError(401, "request.metrics_token", {}, [], { "www-authenticate": 'Bearer realm="metrics"' });
      const { contentType, body } = await renderMetrics(() => queueDepth(deps));
      return reply.header("content-type", contentType).header("cache-control", "no-store").send(body);
    },
  );
}
