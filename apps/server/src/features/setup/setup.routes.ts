import { setupChannelParamsSchema, setupCustomItemSchema, setupDoneSchema, setupItemParamsSchema, setupSchema, setupStandardParamsSchema, workspaceParamsSchema } from "@socialplan/schema";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps, ServiceContext } from "../../context.ts";
import { changeThenRead, currentUser, serviceContext } from "../../route-context.ts";
import { addCustom, getSetup, removeCustom, setItem, setStandard } from "./setup.service.ts";

const tags = ["setup"];

/** The setup checklist per channel; every change answers with the whole checklist. */
export const setupRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const write = (req: FastifyRequest, work: (ctx: ServiceContext) => Promise<unknown>) => changeThenRead(deps, req, work, (ctx) => getSetup(ctx, req.membership!, req.locale));

  app.get("/workspaces/:workspaceId/setup", { schema: { tags, params: workspaceParamsSchema, response: { 200: setupSchema } } }, async (req) =>
    getSetup(serviceContext(deps, req), req.membership!, req.locale),
  );
  app.put(
    "/workspaces/:workspaceId/setup/:channelId/standard/:key",
    { schema: { tags, params: setupStandardParamsSchema, body: setupDoneSchema, response: { 200: setupSchema } } },
    async (req) => write(req, (ctx) => setStandard(ctx, req.membership!, currentUser(req), req.params.channelId, req.params.key, req.body.done)),
  );
  app.post(
    "/workspaces/:workspaceId/setup/:channelId/items",
    { schema: { tags, params: setupChannelParamsSchema, body: setupCustomItemSchema, response: { 201: setupSchema } } },
    async (req, reply) => reply.code(201).send(await write(req, (ctx) => addCustom(ctx, req.membership!, currentUser(req), req.params.channelId, req.body.label))),
  );
  app.patch(
    "/workspaces/:workspaceId/setup/items/:itemId",
    { schema: { tags, params: setupItemParamsSchema, body: setupDoneSchema, response: { 200: setupSchema } } },
    async (req) => write(req, (ctx) => setItem(ctx, req.membership!, currentUser(req), req.params.itemId, req.body.done)),
  );
  app.delete(
    "/workspaces/:workspaceId/setup/items/:itemId",
    { schema: { tags, params: setupItemParamsSchema, response: { 200: setupSchema } } },
    async (req) => write(req, (ctx) => removeCustom(ctx, req.membership!, req.params.itemId)),
  );
};
