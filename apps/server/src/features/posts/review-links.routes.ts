import {
  createReviewLinkSchema,
  guestApproveSchema,
  guestCommentSchema,
  guestMediaParamsSchema,
  guestParamsSchema,
  guestPostParamsSchema,
  guestRequestChangesSchema,
  guestReviewSchema,
  okSchema,
  reviewLinkEnvelopeSchema,
  reviewLinkParamsSchema,
  reviewLinksSchema,
  workspaceParamsSchema,
} from "@socialplan/schema";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps, Notice, ServiceContext } from "../../context.ts";
import { currentUser, inTransaction, serviceContext } from "../../route-context.ts";
import { requireAssetFile } from "../assets/assets.service.ts";
import { sendAssetFile } from "../assets/assets.routes.ts";
import { emailNotices } from "../board/notification-email.ts";
import { announceNotices } from "../board/notice-events.ts";
import { createReviewLink, guestComment, guestDecide, guestMedia, guestReview, listReviewLinks, openLink, revokeReviewLink, type OpenLink } from "./review-links.service.ts";

const tags = ["review"];
/** Public: the token in the address is the reviewer's only key. */
const guest = { public: true };

/** Review links (members make and withdraw them) and what a reviewer without an account does through one. */
export const reviewLinkRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get("/workspaces/:workspaceId/review-links", { schema: { tags, params: workspaceParamsSchema, response: { 200: reviewLinksSchema } } }, async (req) => ({
    links: await listReviewLinks(serviceContext(deps, req), req.params.workspaceId),
  }));
  app.post("/workspaces/:workspaceId/review-links", { schema: { tags, params: workspaceParamsSchema, body: createReviewLinkSchema, response: { 201: reviewLinkEnvelopeSchema } } }, async (req, reply) => {
    const link = await inTransaction(deps, req, (ctx) => createReviewLink(ctx, deps.secrets, req.membership!, currentUser(req), deps.config.appUrl, req.body));
    return reply.code(201).send({ link });
  });
  app.delete("/workspaces/:workspaceId/review-links/:linkId", { schema: { tags, params: reviewLinkParamsSchema, response: { 200: okSchema } } }, async (req) => {
    await inTransaction(deps, req, (ctx) => revokeReviewLink(ctx, req.membership!, req.params.linkId));
    return { ok: true as const };
  });

  /** Runs a reviewer's action in one transaction, emails the notices it raised, and answers the review as it now is. */
  const act = async (req: FastifyRequest, token: string, work: (ctx: ServiceContext, open: OpenLink) => Promise<void>) => {
    const outbox: Notice[] = [];
    let workspace: OpenLink["workspace"] | undefined;
    const review = await inTransaction(deps, req, async (ctx) => {
      ctx.outbox = outbox;
      const open = await openLink(ctx, deps.secrets, token);
      workspace = open.workspace;
      await work(ctx, open);
      return guestReview(ctx, open, token);
    });
    if (workspace) announceNotices(deps.events, outbox, workspace.id);
    if (workspace) await emailNotices(deps.db, deps.mailer, req.log, deps.config.appUrl, workspace, outbox);
    // An approval may have put a post on the schedule.
    deps.publisher?.wake();
    return { review };
  };

  app.get("/review-links/:token", { config: guest, schema: { tags, params: guestParamsSchema, response: { 200: guestReviewSchema } } }, async (req, reply) => {
    const ctx = serviceContext(deps, req);
    reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer");
    return { review: await guestReview(ctx, await openLink(ctx, deps.secrets, req.params.token), req.params.token) };
  });
  app.post("/review-links/:token/posts/:postId/comments", { config: guest, schema: { tags, params: guestPostParamsSchema, body: guestCommentSchema, response: { 200: guestReviewSchema } } }, async (req) =>
    act(req, req.params.token, (ctx, open) => guestComment(ctx, open, req.params.postId, req.body.name, req.body.body)),
  );
  app.post("/review-links/:token/posts/:postId/approve", { config: guest, schema: { tags, params: guestPostParamsSchema, body: guestApproveSchema, response: { 200: guestReviewSchema } } }, async (req) =>
    act(req, req.params.token, (ctx, open) => guestDecide(ctx, open, req.params.postId, req.body.name, "approved", req.body.comment || null)),
  );
  app.post(
    "/review-links/:token/posts/:postId/request-changes",
    { config: guest, schema: { tags, params: guestPostParamsSchema, body: guestRequestChangesSchema, response: { 200: guestReviewSchema } } },
    async (req) => act(req, req.params.token, (ctx, open) => guestDecide(ctx, open, req.params.postId, req.body.name, "changes_requested", req.body.comment)),
  );
  app.get("/review-links/:token/media/:assetId", { config: guest, schema: { tags, params: guestMediaParamsSchema } }, async (req, reply) => {
    const ctx = serviceContext(deps, req);
    const open = await openLink(ctx, deps.secrets, req.params.token);
    await guestMedia(ctx, open, req.params.assetId);
    return sendAssetFile(deps, req, reply, await requireAssetFile(deps.db, open.workspace.id, req.params.assetId), false);
  });
};
