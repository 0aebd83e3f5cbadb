import {
  revocationSchema,
  calendarFeedSchema,
  confirmDeliverySchema,
  feedParamsSchema,
  importPostsSchema,
  importResultSchema,
  linksSchema,
  translate,
  connectionParamsSchema,
  connectionsSchema,
  createConnectionSchema,
  createPostSchema,
  deliveryParamsSchema,
  movePostSchema,
  okSchema,
  postEnvelopeSchema,
  postParamsSchema,
  postsQuerySchema,
  postsSchema,
  resolveDeliverySchema,
  schedulePostSchema,
  updateConnectionSecretSchema,
  updatePostSchema,
  workspaceParamsSchema,
  approvePostSchema,
  postActivityListSchema,
  postCommentSchema,
  requestChangesSchema,
  reviewQueueSchema,
} from "@socialplan/schema";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps, Notice, ServiceContext } from "../../context.ts";
import { contentDisposition } from "../../lib/content-disposition.ts";
import { notFound } from "../../lib/errors.ts";
import { currentUser, inTransaction, serviceContext } from "../../route-context.ts";
import { linkStats } from "./short-links.ts";
import { postActivity } from "./review-history.ts";
import { commentOnPost, decideAsMember, reviewQueue, submitForReview } from "./review.service.ts";
import { requestedInstant } from "./local-time.ts";
import { calendarFeed, exportPostsCsv, importPosts, revokeFeed, rotateFeed } from "./post-files.ts";
import { emailNotices } from "../board/notification-email.ts";
import { announceNotices } from "../board/notice-events.ts";
import { revokeAtNetwork } from "../oauth/revoke.ts";
import { connectionForCheck, createConnection, deleteConnection, listConnections, reconnect, resumeConnection, verifyCredentials } from "../publishing/connections.service.ts";
import {
  confirmDelivery,
  createPost,
  deletePost,
  getPost,
  listPosts,
  resolveDelivery,
  schedulePost,
  unschedulePost,
  updatePost,
} from "./posts.service.ts";

const tags = ["posts"];

/** The content calendar's posts and the accounts they publish to. Every change answers with the post as it now is. */
export const postRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const changePost = async (req: FastifyRequest, postId: string, work: (ctx: ServiceContext) => Promise<unknown>) => {
    const outbox: Notice[] = [];
    const post = await inTransaction(deps, req, async (ctx) => {
      ctx.outbox = outbox;
      await work(ctx);
      return getPost(ctx, req.membership!.workspaceId, postId);
    });
    announceNotices(deps.events, outbox, req.membership!.workspaceId);
    await emailNotices(deps.db, deps.mailer, req.log, deps.config.appUrl, req.membership!.workspace, outbox);
    const due = post.deliveries.filter((d) => d.status === "scheduled").map((d) => d.nextAttemptAt ?? d.dueAt);
    if (due.length) deps.publisher?.wake(due);
    return { post };
  };

  app.get("/workspaces/:workspaceId/posts", { schema: { tags, params: workspaceParamsSchema, querystring: postsQuerySchema, response: { 200: postsSchema } } }, async (req) => ({
    posts: await listPosts(serviceContext(deps, req), req.params.workspaceId, req.query),
  }));
  app.post("/workspaces/:workspaceId/posts", { schema: { tags, params: workspaceParamsSchema, body: createPostSchema, response: { 201: postEnvelopeSchema } } }, async (req, reply) => {
    const body = requestedInstant(req.body, req.membership!.workspace.timezone);
    const post = await inTransaction(deps, req, async (ctx) => getPost(ctx, req.params.workspaceId, await createPost(ctx, req.membership!, currentUser(req), body)));
    return reply.code(201).send({ post });
  });
  app.get("/workspaces/:workspaceId/posts/:postId", { schema: { tags, params: postParamsSchema, response: { 200: postEnvelopeSchema } } }, async (req) => ({
    post: await getPost(serviceContext(deps, req), req.params.workspaceId, req.params.postId),
  }));
  app.patch("/workspaces/:workspaceId/posts/:postId", { schema: { tags, params: postParamsSchema, body: updatePostSchema, response: { 200: postEnvelopeSchema } } }, async (req) =>
    changePost(req, req.params.postId, (ctx) => updatePost(ctx, req.membership!, currentUser(req), req.params.postId, requestedInstant(req.body, req.membership!.workspace.timezone))),
  );
  app.delete("/workspaces/:workspaceId/posts/:postId", { schema: { tags, params: postParamsSchema, response: { 200: okSchema } } }, async (req) => {
    await inTransaction(deps, req, (ctx) => deletePost(ctx, req.membership!, req.params.postId));
    return { ok: true as const };
  });
  app.post("/workspaces/:workspaceId/posts/:postId/review", { schema: { tags, params: postParamsSchema, response: { 200: postEnvelopeSchema } } }, async (req) =>
    changePost(req, req.params.postId, (ctx) => submitForReview(ctx, req.membership!, currentUser(req), req.params.postId)),
  );
  app.post("/workspaces/:workspaceId/posts/:postId/approve", { schema: { tags, params: postParamsSchema, body: approvePostSchema, response: { 200: postEnvelopeSchema } } }, async (req) =>
    changePost(req, req.params.postId, (ctx) => decideAsMember(ctx, req.membership!, currentUser(req), req.params.postId, "approved", req.body.comment || null)),
  );
  app.post("/workspaces/:workspaceId/posts/:postId/request-changes", { schema: { tags, params: postParamsSchema, body: requestChangesSchema, response: { 200: postEnvelopeSchema } } }, async (req) =>
    changePost(req, req.params.postId, (ctx) => decideAsMember(ctx, req.membership!, currentUser(req), req.params.postId, "changes_requested", req.body.comment)),
  );
  app.get("/workspaces/:workspaceId/posts/:postId/activity", { schema: { tags, params: postParamsSchema, response: { 200: postActivityListSchema } } }, async (req) => {
    const ctx = serviceContext(deps, req);
    await getPost(ctx, req.params.workspaceId, req.params.postId);
    return { activity: await postActivity(ctx.db, req.params.postId) };
  });
  app.post("/workspaces/:workspaceId/posts/:postId/comments", { schema: { tags, params: postParamsSchema, body: postCommentSchema, response: { 201: postActivityListSchema } } }, async (req, reply) => {
    const outbox: Notice[] = [];
    const activity = await inTransaction(deps, req, async (ctx) => {
      ctx.outbox = outbox;
      await commentOnPost(ctx, req.membership!, currentUser(req), req.params.postId, req.body.body);
      return postActivity(ctx.db, req.params.postId);
    });
    announceNotices(deps.events, outbox, req.membership!.workspaceId);
    await emailNotices(deps.db, deps.mailer, req.log, deps.config.appUrl, req.membership!.workspace, outbox);
    return reply.code(201).send({ activity });
  });
  app.get("/workspaces/:workspaceId/review", { schema: { tags, params: workspaceParamsSchema, response: { 200: reviewQueueSchema } } }, async (req) => reviewQueue(serviceContext(deps, req), req.membership!));
  app.post("/workspaces/:workspaceId/posts/:postId/schedule", { schema: { tags, params: postParamsSchema, body: schedulePostSchema, response: { 200: postEnvelopeSchema } } }, async (req) =>
    changePost(req, req.params.postId, (ctx) => schedulePost(ctx, req.membership!, req.params.postId, requestedInstant(req.body, req.membership!.workspace.timezone).scheduledAt, { userId: currentUser(req).id })),
  );
  app.post("/workspaces/:workspaceId/posts/:postId/unschedule", { schema: { tags, params: postParamsSchema, response: { 200: postEnvelopeSchema } } }, async (req) =>
    changePost(req, req.params.postId, (ctx) => unschedulePost(ctx, req.membership!, req.params.postId, { userId: currentUser(req).id })),
  );
  app.post("/workspaces/:workspaceId/posts/:postId/move", { schema: { tags, params: postParamsSchema, body: movePostSchema, response: { 200: postEnvelopeSchema } } }, async (req) =>
    changePost(req, req.params.postId, (ctx) => updatePost(ctx, req.membership!, currentUser(req), req.params.postId, { scheduledAt: requestedInstant(req.body, req.membership!.workspace.timezone).scheduledAt! })),
  );
  app.post(
    "/workspaces/:workspaceId/posts/:postId/deliveries/:deliveryId/confirm",
    { schema: { tags, params: deliveryParamsSchema, body: confirmDeliverySchema, response: { 200: postEnvelopeSchema } } },
    async (req) => changePost(req, req.params.postId, (ctx) => confirmDelivery(ctx, req.membership!, currentUser(req), req.params.postId, req.params.deliveryId, req.body.permalink)),
  );
  app.post(
    "/workspaces/:workspaceId/posts/:postId/deliveries/:deliveryId/resolve",
    { schema: { tags, params: deliveryParamsSchema, body: resolveDeliverySchema, response: { 200: postEnvelopeSchema } } },
    async (req) => changePost(req, req.params.postId, (ctx) => resolveDelivery(ctx, req.membership!, currentUser(req), req.params.postId, req.params.deliveryId, req.body.action, req.body.permalink)),
  );

  app.post(
    "/workspaces/:workspaceId/posts/import",
    { bodyLimit: 2_500_000, schema: { tags, params: workspaceParamsSchema, body: importPostsSchema, response: { 200: importResultSchema } } },
    async (req) => {
      const result = await inTransaction(deps, req, (ctx) => importPosts(ctx, req.membership!, currentUser(req), req.body, (key, params) => translate(req.locale, key, params)));
      if (result.imported) deps.publisher?.wake(result.rows.flatMap((r) => (r.errors.length || !r.scheduledAt ? [] : [r.scheduledAt])));
      return result;
    },
  );
  app.get("/workspaces/:workspaceId/posts/export", { schema: { tags, params: workspaceParamsSchema } }, async (req, reply) => {
    const csv = await exportPostsCsv(serviceContext(deps, req), req.membership!);
    return reply.header("content-type", "text/csv; charset=utf-8").header("content-disposition", contentDisposition("attachment", "calendar.csv")).send(csv);
  });

  app.get("/workspaces/:workspaceId/links", { schema: { tags, params: workspaceParamsSchema, response: { 200: linksSchema } } }, async (req) => ({
    links: await linkStats(deps.db, req.params.workspaceId),
  }));

  // The private iCalendar feed: a secret address, shown once when made; a new one replaces (revokes) the old.
  app.post("/workspaces/:workspaceId/calendar-feed", { config: { role: "admin" }, schema: { tags, params: workspaceParamsSchema, response: { 200: calendarFeedSchema } } }, async (req) => ({
    url: await inTransaction(deps, req, (ctx) => rotateFeed(ctx, req.membership!, deps.config.appUrl)),
  }));
  app.delete("/workspaces/:workspaceId/calendar-feed", { config: { role: "admin" }, schema: { tags, params: workspaceParamsSchema, response: { 200: calendarFeedSchema } } }, async (req) => {
    await inTransaction(deps, req, (ctx) => revokeFeed(ctx, req.membership!));
    return { url: null };
  });
  app.get("/calendar-feeds/:token", { config: { public: true }, schema: { tags, params: feedParamsSchema } }, async (req, reply) => {
    const ics = await calendarFeed(serviceContext(deps, req), req.params.token.replace(/\.ics$/, ""), deps.config.appUrl);
    if (ics === null) throw notFound();
    return reply.header("content-type", "text/calendar; charset=utf-8").header("cache-control", "private, max-age=300").send(ics);
  });

  // Connected accounts: admins manage them (they hold the business's credentials).
  const admin = { role: "admin" as const };
  app.get("/workspaces/:workspaceId/connections", { schema: { tags, params: workspaceParamsSchema, response: { 200: connectionsSchema } } }, async (req) => ({
    connections: await listConnections(serviceContext(deps, req), req.params.workspaceId),
  }));
  app.post("/workspaces/:workspaceId/connections", { config: admin, schema: { tags, params: workspaceParamsSchema, body: createConnectionSchema, response: { 201: connectionsSchema } } }, async (req, reply) => {
    await verifyCredentials(deps.outbound, req.log, req.body.kind, req.body.config, req.body.secret, deps.config.networkSimulatorUrl);
    const connections = await inTransaction(deps, req, async (ctx) => {
      await createConnection(ctx, req.membership!, deps.secrets, req.body);
      return listConnections(ctx, req.params.workspaceId);
    });
    return reply.code(201).send({ connections });
  });
  app.put(
    "/workspaces/:workspaceId/connections/:connectionId/secret",
    { config: admin, schema: { tags, params: connectionParamsSchema, body: updateConnectionSecretSchema, response: { 200: connectionsSchema } } },
    async (req) => {
      const { kind, config } = await connectionForCheck(serviceContext(deps, req), req.params.workspaceId, req.params.connectionId);
      await verifyCredentials(deps.outbound, req.log, kind, config, req.body.secret, deps.config.networkSimulatorUrl);
      const connections = await inTransaction(deps, req, async (ctx) => {
        await reconnect(ctx, req.membership!, deps.secrets, req.params.connectionId, req.body.secret);
        return listConnections(ctx, req.params.workspaceId);
      });
      deps.publisher?.wake();
      return { connections };
    },
  );
  app.post(
    "/workspaces/:workspaceId/connections/:connectionId/resume",
    { config: admin, schema: { tags, params: connectionParamsSchema, response: { 200: connectionsSchema } } },
    async (req) => {
      const connections = await inTransaction(deps, req, async (ctx) => {
        await resumeConnection(ctx, req.membership!, req.params.connectionId);
        return listConnections(ctx, req.params.workspaceId);
      });
      deps.publisher?.wake();
      return { connections };
    },
  );
  // Disconnecting also withdraws the app's access at the network where it offers that (after the transaction).
  app.delete("/workspaces/:workspaceId/connections/:connectionId", { config: admin, schema: { tags, params: connectionParamsSchema, response: { 200: connectionsSchema.extend({ revocation: revocationSchema }) } } }, async (req) => {
    const removed = await inTransaction(deps, req, (ctx) => deleteConnection(ctx, req.membership!, req.params.connectionId));
    const revocation = await revokeAtNetwork(deps, req.log, removed);
    return { connections: await listConnections(serviceContext(deps, req), req.params.workspaceId), revocation };
  });
};
