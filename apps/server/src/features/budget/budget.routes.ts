import {
  budgetExportQuerySchema,
  budgetImportResultSchema,
  budgetImportSchema,
  budgetLineParamsSchema,
  budgetSampleResultSchema,
  budgetSampleSchema,
  budgetSchema,
  createBudgetLineSchema,
  setBudgetCellsSchema,
  updateBudgetLineSchema,
  workspaceParamsSchema,
} from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import type { FastifyRequest } from "fastify";
import type { ServiceContext } from "../../context.ts";
import { contentDisposition } from "../../lib/content-disposition.ts";
import { changeThenRead, inTransaction, serviceContext } from "../../route-context.ts";
import { budgetCsv, budgetWorkbook } from "./budget-xlsx.ts";
import { changeLine, createLine, getBudget, importCsv, removeLine, setCells } from "./budget.service.ts";
import { clearSample, loadSample } from "./sample.service.ts";

const tags = ["budget"];

/** The budget sheet of the current strategy period; every change answers with the whole sheet (it is small). */
export const budgetRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const write = (req: FastifyRequest, work: (ctx: ServiceContext) => Promise<unknown>) => changeThenRead(deps, req, work, (ctx) => getBudget(ctx, req.membership!));

  app.get("/workspaces/:workspaceId/budget", { schema: { tags, params: workspaceParamsSchema, response: { 200: budgetSchema } } }, async (req) =>
    getBudget(serviceContext(deps, req), req.membership!),
  );

  app.post(
    "/workspaces/:workspaceId/budget/lines",
    { schema: { tags, params: workspaceParamsSchema, body: createBudgetLineSchema, response: { 201: budgetSchema } } },
    async (req, reply) => reply.code(201).send(await write(req, (ctx) => createLine(ctx, req.membership!, req.body))),
  );

  app.patch(
    "/workspaces/:workspaceId/budget/lines/:lineId",
    { schema: { tags, params: budgetLineParamsSchema, body: updateBudgetLineSchema, response: { 200: budgetSchema } } },
    async (req) => write(req, (ctx) => changeLine(ctx, req.membership!, req.params.lineId, req.body)),
  );

  app.delete(
    "/workspaces/:workspaceId/budget/lines/:lineId",
    { schema: { tags, params: budgetLineParamsSchema, response: { 200: budgetSchema } } },
    async (req) => write(req, (ctx) => removeLine(ctx, req.membership!, req.params.lineId)),
  );

  app.put(
    "/workspaces/:workspaceId/budget/cells",
    { schema: { tags, params: workspaceParamsSchema, body: setBudgetCellsSchema, response: { 200: budgetSchema } } },
    async (req) => write(req, (ctx) => setCells(ctx, req.membership!, req.body.cells)),
  );

  app.post(
    "/workspaces/:workspaceId/budget/sample",
    { schema: { tags, params: workspaceParamsSchema, body: budgetSampleSchema, response: { 200: budgetSampleResultSchema } } },
    async (req) => inTransaction(deps, req, (ctx) => loadSample(ctx, req.membership!, req.body.locale)),
  );

  app.delete(
    "/workspaces/:workspaceId/budget/sample",
    { schema: { tags, params: workspaceParamsSchema, response: { 200: budgetSampleResultSchema } } },
    async (req) => inTransaction(deps, req, (ctx) => clearSample(ctx, req.membership!)),
  );

  app.post(
    "/workspaces/:workspaceId/budget/import",
    { bodyLimit: 2_500_000, schema: { tags, params: workspaceParamsSchema, body: budgetImportSchema, response: { 200: budgetImportResultSchema } } },
    async (req) => inTransaction(deps, req, (ctx) => importCsv(ctx, req.membership!, req.locale, req.body)),
  );

  app.get(
    "/workspaces/:workspaceId/budget/export",
    { schema: { tags, params: workspaceParamsSchema, querystring: budgetExportQuerySchema } },
    async (req, reply) => {
      const budget = await getBudget(serviceContext(deps, req), req.membership!);
      const locale = req.query.locale ?? req.locale;
      const name = `budget-${budget.period.start}.${req.query.format}`;
      reply.header("content-disposition", contentDisposition("attachment", name));
      if (req.query.format === "csv") return reply.header("content-type", "text/csv; charset=utf-8").send(await budgetCsv(budget, locale));
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .send(await budgetWorkbook(budget, locale, req.membership!.workspace.name));
    },
  );
};
