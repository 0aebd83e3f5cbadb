import { createToolSchema, recommendedToolParamsSchema, saveRecommendedToolSchema, toolParamsSchema, toolsSchema, updateToolSchema, workspaceParamsSchema } from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import type { FastifyRequest } from "fastify";
import type { ServiceContext } from "../../context.ts";
import { changeThenRead, serviceContext } from "../../route-context.ts";
import { createTool, deleteTool, listTools, saveRecommended, updateTool } from "./tools.service.ts";

const tags = ["tools"];

/** The tools directory (guide §14); every change answers with the whole list. */
export const toolRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const write = (req: FastifyRequest, work: (ctx: ServiceContext) => Promise<unknown>) => changeThenRead(deps, req, work, (ctx) => listTools(ctx, req.membership!, req.locale));

  app.get("/workspaces/:workspaceId/tools", { schema: { tags, params: workspaceParamsSchema, response: { 200: toolsSchema } } }, async (req) =>
    listTools(serviceContext(deps, req), req.membership!, req.locale),
  );
  app.put(
    "/workspaces/:workspaceId/tools/recommended/:key",
    { schema: { tags, params: recommendedToolParamsSchema, body: saveRecommendedToolSchema, response: { 200: toolsSchema } } },
    async (req) => write(req, (ctx) => saveRecommended(ctx, req.membership!, req.params.key, req.body)),
  );
  app.post(
    "/workspaces/:workspaceId/tools",
    { schema: { tags, params: workspaceParamsSchema, body: createToolSchema, response: { 201: toolsSchema } } },
    async (req, reply) => reply.code(201).send(await write(req, (ctx) => createTool(ctx, req.membership!, req.body))),
  );
  app.patch(
    "/workspaces/:workspaceId/tools/:toolId",
    { schema: { tags, params: toolParamsSchema, body: updateToolSchema, response: { 200: toolsSchema } } },
    async (req) => write(req, (ctx) => updateTool(ctx, req.membership!, req.params.toolId, req.body)),
  );
  app.delete(
    "/workspaces/:workspaceId/tools/:toolId",
    { schema: { tags, params: toolParamsSchema, response: { 200: toolsSchema } } },
    async (req) => write(req, (ctx) => deleteTool(ctx, req.membership!, req.params.toolId)),
  );
};
