import {
  bulkPostsSchema,
  bulkResultSchema,
  channelSlotsSchema,
  duplicatePostSchema,
  duplicateResultSchema,
  nextSlotResultSchema,
  nextSlotSchema,
  postParamsSchema,
  putSlotsSchema,
  queueQuerySchema,
  queueSchema,
  slotParamsSchema,
  slotsSchema,
  undoParamsSchema,
  undoResultSchema,
  workspaceParamsSchema,
} from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { currentUser, inTransaction, serviceContext } from "../../route-context.ts";
import { bulkChange, undoChange } from "./planning-bulk.service.ts";
import { duplicatePost, listSlots, putSlots, queue, takeNextSlot } from "./planning.service.ts";
import { getPost } from "./posts.service.ts";

const tags = ["planning"];

/** Posting slots and the queue, next free slot, duplicate, bulk changes and undo of the last change (issue 20). */
export const planningRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const wake = (due: readonly string[]) => {
    if (due.length) deps.publisher?.wake(due);
  };

  app.get("/workspaces/:workspaceId/slots", { schema: { tags, params: workspaceParamsSchema, response: { 200: slotsSchema } } }, async (req) => ({
    channels: await listSlots(serviceContext(deps, req), req.params.workspaceId),
  }));
  app.put("/workspaces/:workspaceId/slots/:channelId", { schema: { tags, params: slotParamsSchema, body: putSlotsSchema, response: { 200: channelSlotsSchema } } }, async (req) =>
    inTransaction(deps, req, (ctx) => putSlots(ctx, req.membership!, req.params.channelId, req.body.slots)),
  );
  app.get("/workspaces/:workspaceId/queue", { schema: { tags, params: workspaceParamsSchema, querystring: queueQuerySchema, response: { 200: queueSchema } } }, async (req) => ({
    items: await queue(serviceContext(deps, req), req.membership!, req.query),
  }));

  app.post("/workspaces/:workspaceId/posts/:postId/next-slot", { schema: { tags, params: postParamsSchema, body: nextSlotSchema, response: { 200: nextSlotResultSchema } } }, async (req) => {
    const result = await inTransaction(deps, req, async (ctx) => {
      const undoId = await takeNextSlot(ctx, req.membership!, currentUser(req), req.params.postId, req.body.channelId);
      return { post: await getPost(ctx, req.params.workspaceId, req.params.postId), undoId };
    });
    wake(result.post.deliveries.filter((d) => d.status === "scheduled").map((d) => d.nextAttemptAt ?? d.dueAt));
    return result;
  });
  app.post(
    "/workspaces/:workspaceId/posts/:postId/duplicate",
    { schema: { tags, params: postParamsSchema, body: duplicatePostSchema, response: { 201: duplicateResultSchema } } },
    async (req, reply) => {
      const result = await inTransaction(deps, req, async (ctx) => {
        const { id, undoId } = await duplicatePost(ctx, req.membership!, currentUser(req), req.params.postId, req.body);
        return { post: await getPost(ctx, req.params.workspaceId, id), undoId };
      });
      return reply.code(201).send(result);
    },
  );
  app.post("/workspaces/:workspaceId/posts/bulk", { schema: { tags, params: workspaceParamsSchema, body: bulkPostsSchema, response: { 200: bulkResultSchema } } }, async (req) => {
    const { result, due } = await inTransaction(deps, req, (ctx) => bulkChange(ctx, req.membership!, currentUser(req), req.body.postIds, req.body.action, req.locale));
    wake(due);
    return result;
  });
  app.post("/workspaces/:workspaceId/undo/:undoId", { schema: { tags, params: undoParamsSchema, response: { 200: undoResultSchema } } }, async (req) => {
    const { result, due } = await inTransaction(deps, req, (ctx) => undoChange(ctx, req.membership!, currentUser(req), req.params.undoId, req.locale));
    wake(due);
    return result;
  });
};
