import {
  collectionParamsSchema,
  createEntrySchema,
  deleteEntrySchema,
  entryParamsSchema,
  entrySchema,
  exampleResultSchema,
  exampleSchema,
  moveEntrySchema,
  restoreSchema,
  revisionsSchema,
  saveEntrySchema,
  sectionParamsSchema,
  strategySchema,
  workspaceParamsSchema,
} from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import type { FastifyRequest } from "fastify";
import type { ServiceContext } from "../../context.ts";
import { currentUser, inTransaction as runInTransaction, serviceContext } from "../../route-context.ts";
import { clearExample, loadExample } from "./example.service.ts";
import { createEntry, deleteEntry, getRevisions, getStrategy, moveEntry, restoreRevision, saveSection, updateEntry } from "./strategy.service.ts";

const tags = ["strategy"];

export const strategyRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const inTransaction = <T>(req: FastifyRequest, work: (ctx: ServiceContext) => Promise<T>) => runInTransaction(deps, req, work);

  app.get(
    "/workspaces/:workspaceId/strategy",
    { schema: { tags, params: workspaceParamsSchema, response: { 200: strategySchema } } },
    async (req) => ({ entries: await getStrategy(serviceContext(deps, req), req.params.workspaceId) }),
  );

  app.put(
    "/workspaces/:workspaceId/strategy/sections/:kind",
    { schema: { tags, params: sectionParamsSchema, body: saveEntrySchema, response: { 200: entrySchema } } },
    async (req) => inTransaction(req, (ctx) => saveSection(ctx, req.membership!, currentUser(req), req.params.kind, req.body)),
  );

  app.post(
    "/workspaces/:workspaceId/strategy/collections/:kind",
    { schema: { tags, params: collectionParamsSchema, body: createEntrySchema, response: { 201: entrySchema } } },
    async (req, reply) => reply.code(201).send(await inTransaction(req, (ctx) => createEntry(ctx, req.membership!, currentUser(req), req.params.kind, req.body))),
  );

  app.put(
    "/workspaces/:workspaceId/strategy/entries/:entryId",
    { schema: { tags, params: entryParamsSchema, body: saveEntrySchema, response: { 200: entrySchema } } },
    async (req) => inTransaction(req, (ctx) => updateEntry(ctx, req.membership!, currentUser(req), req.params.entryId, req.body)),
  );

  app.put(
    "/workspaces/:workspaceId/strategy/entries/:entryId/position",
    { schema: { tags, params: entryParamsSchema, body: moveEntrySchema } },
    async (req, reply) => {
      await moveEntry(serviceContext(deps, req), req.membership!, req.params.entryId, req.body.position);
      return reply.code(204).send();
    },
  );

  app.delete(
    "/workspaces/:workspaceId/strategy/entries/:entryId",
    { schema: { tags, params: entryParamsSchema, querystring: deleteEntrySchema } },
    async (req, reply) => {
      await inTransaction(req, (ctx) => deleteEntry(ctx, req.membership!, currentUser(req), req.params.entryId, req.query.version));
      return reply.code(204).send();
    },
  );

  app.get(
    "/workspaces/:workspaceId/strategy/entries/:entryId/revisions",
    { schema: { tags, params: entryParamsSchema, response: { 200: revisionsSchema } } },
    async (req) => getRevisions(serviceContext(deps, req), req.membership!, req.params.entryId),
  );

  app.post(
    "/workspaces/:workspaceId/strategy/entries/:entryId/restore",
    { schema: { tags, params: entryParamsSchema, body: restoreSchema, response: { 200: entrySchema } } },
    async (req) => inTransaction(req, (ctx) => restoreRevision(ctx, req.membership!, currentUser(req), req.params.entryId, req.body)),
  );

  app.post(
    "/workspaces/:workspaceId/strategy/example",
    { schema: { tags, params: workspaceParamsSchema, body: exampleSchema, response: { 200: exampleResultSchema } } },
    async (req) => inTransaction(req, (ctx) => loadExample(ctx, req.membership!, currentUser(req), req.body.locale)),
  );

  app.delete(
    "/workspaces/:workspaceId/strategy/example",
    { schema: { tags, params: workspaceParamsSchema, response: { 200: exampleResultSchema } } },
    async (req) => inTransaction(req, (ctx) => clearExample(ctx, req.membership!, currentUser(req))),
  );
};
