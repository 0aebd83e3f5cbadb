import { numbersRefreshSchema, numbersSyncSchema, blueskySyncSchema, bestTimesQuerySchema, bestTimesSchema, createReportSchema, emailReportSchema, okSchema, reportExportQuerySchema, reportParamsSchema, reportSchema, reportsSchema, updateReportSchema, dashboardQuerySchema, dashboardSchema, goalProgressSchema, metricImportQuerySchema, metricImportResultSchema, metricsQuerySchema, metricsSchema, putMetricsSchema, translate, workspaceParamsSchema } from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { contentDisposition } from "../../lib/content-disposition.ts";
import { currentUser, inTransaction, serviceContext } from "../../route-context.ts";
import { createReport, deleteReport, emailReport, getReport, listReports, reportFile, updateReport } from "./reports.service.ts";
import { AppError } from "../../lib/errors.ts";
import { isStream } from "../../lib/streams.ts";
import { syncBluesky } from "./bluesky-numbers.ts";
import { syncNetworkNumbers } from "./network-numbers.ts";
import { dashboard } from "./dashboard.service.ts";
import { bestTimesOf, REQUEST_CHUNKS } from "./best-times.service.ts";
import { importMetrics } from "./metric-import.ts";
import { goalProgress, listMetrics, putMetrics } from "./metrics.service.ts";

const tags = ["metrics"];

/** Numbers per channel and day (the manual grid) and the goals measured against them. */
export const metricRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  // An export is sent as it is (text/csv), and read as it arrives.
  app.addContentTypeParser(["text/csv", "application/octet-stream"], (_req, payload, done) => done(null, payload));

  app.post(
    "/workspaces/:workspaceId/metrics/import",
    { bodyLimit: 1024 * 1024 * 1024, schema: { tags, params: workspaceParamsSchema, querystring: metricImportQuerySchema, response: { 200: metricImportResultSchema } } },
    async (req) => {
      const body = req.body as unknown;
      if (!isStream(body)) throw new AppError(415, "upload.send_bytes");
      return importMetrics(deps.db, deps.dialect, deps.config.dataDir, req.membership!, body, req.query, (key, params) => translate(req.locale, key, params), deps.clock());
    },
  );

  app.get("/workspaces/:workspaceId/metrics", { schema: { tags, params: workspaceParamsSchema, querystring: metricsQuerySchema, response: { 200: metricsSchema } } }, async (req) => ({
    cells: await listMetrics(serviceContext(deps, req), req.params.workspaceId, req.query),
  }));
  app.put("/workspaces/:workspaceId/metrics", { bodyLimit: 2_000_000, schema: { tags, params: workspaceParamsSchema, body: putMetricsSchema, response: { 200: metricsSchema } } }, async (req) => ({
    cells: await inTransaction(deps, req, async (ctx) => {
      await putMetrics(ctx, req.membership!, req.body.cells);
      const days = req.body.cells.map((c) => c.day).sort();
      return listMetrics(ctx, req.params.workspaceId, { from: days[0], to: days.at(-1) });
    }),
  }));
  app.get("/workspaces/:workspaceId/dashboard", { schema: { tags, params: workspaceParamsSchema, querystring: dashboardQuerySchema, response: { 200: dashboardSchema } } }, async (req) =>
    dashboard(serviceContext(deps, req), req.membership!, req.query),
  );
  app.post("/workspaces/:workspaceId/metrics/bluesky", { schema: { tags, params: workspaceParamsSchema, response: { 200: blueskySyncSchema } } }, async (req) =>
    syncBluesky(serviceContext(deps, req), deps, req.membership!),
  );
  // "Refresh now": reads the connected Instagram, Facebook and Threads accounts' numbers (network-numbers.ts).
  app.post(
    "/workspaces/:workspaceId/metrics/refresh",
    { schema: { tags, params: workspaceParamsSchema, querystring: numbersRefreshSchema, body: numbersRefreshSchema.optional(), response: { 200: numbersSyncSchema } } },
    async (req) => syncNetworkNumbers(deps, req.log, req.params.workspaceId, { connectionId: req.query.connectionId ?? req.body?.connectionId }),
  );
  app.get("/workspaces/:workspaceId/best-times", { schema: { tags, params: workspaceParamsSchema, querystring: bestTimesQuerySchema, response: { 200: bestTimesSchema } } }, async (req) =>
    bestTimesOf(serviceContext(deps, req), req.membership!, req.query.to, REQUEST_CHUNKS),
  );
  app.get("/workspaces/:workspaceId/goals/progress", { schema: { tags, params: workspaceParamsSchema, response: { 200: goalProgressSchema } } }, async (req) => ({
    goals: await goalProgress(serviceContext(deps, req), req.membership!),
  }));

  app.get("/workspaces/:workspaceId/reports", { schema: { tags, params: workspaceParamsSchema, response: { 200: reportsSchema } } }, async (req) => ({
    reports: await listReports(serviceContext(deps, req), req.params.workspaceId),
  }));
  app.post("/workspaces/:workspaceId/reports", { schema: { tags, params: workspaceParamsSchema, body: createReportSchema, response: { 201: reportSchema } } }, async (req, reply) => {
    const report = await inTransaction(deps, req, async (ctx) => getReport(ctx, req.params.workspaceId, await createReport(ctx, req.membership!, currentUser(req).id, req.body, req.locale)));
    return reply.code(201).send(report);
  });
  app.get("/workspaces/:workspaceId/reports/:reportId", { schema: { tags, params: reportParamsSchema, response: { 200: reportSchema } } }, async (req) =>
    getReport(serviceContext(deps, req), req.params.workspaceId, req.params.reportId),
  );
  app.patch("/workspaces/:workspaceId/reports/:reportId", { schema: { tags, params: reportParamsSchema, body: updateReportSchema, response: { 200: reportSchema } } }, async (req) =>
    inTransaction(deps, req, async (ctx) => {
      await updateReport(ctx, req.membership!, req.params.reportId, req.body);
      return getReport(ctx, req.params.workspaceId, req.params.reportId);
    }),
  );
  app.delete("/workspaces/:workspaceId/reports/:reportId", { schema: { tags, params: reportParamsSchema, response: { 200: okSchema } } }, async (req) => {
    await inTransaction(deps, req, (ctx) => deleteReport(ctx, req.membership!, req.params.reportId));
    return { ok: true as const };
  });
  app.get("/workspaces/:workspaceId/reports/:reportId/export", { schema: { tags, params: reportParamsSchema, querystring: reportExportQuerySchema } }, async (req, reply) => {
    const report = await getReport(serviceContext(deps, req), req.params.workspaceId, req.params.reportId);
    const file = await reportFile(report, req.locale, req.query.format, req.membership!.workspace.timezone);
    return reply.header("content-type", file.type).header("content-disposition", contentDisposition("attachment", file.name)).send(file.body);
  });
  app.post("/workspaces/:workspaceId/reports/:reportId/email", { schema: { tags, params: reportParamsSchema, body: emailReportSchema, response: { 200: okSchema } } }, async (req) => {
    await emailReport(serviceContext(deps, req), { mailer: deps.mailer, appUrl: deps.config.appUrl }, req.membership!, req.params.reportId, req.body.memberIds);
    return { ok: true as const };
  });
};
