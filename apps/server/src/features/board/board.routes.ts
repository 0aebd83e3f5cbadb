import { boardSchema, cardParamsSchema, commentsSchema, trelloImportResultSchema, trelloImportSchema, createCardSchema, createCommentSchema, markReadSchema, notificationsSchema, initiativeParamsSchema, moveCardSchema, splitInitiativeSchema, updateCardSchema, workspaceParamsSchema } from "@socialplan/schema";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps, Notice, ServiceContext } from "../../context.ts";
import { currentUser, inTransaction, serviceContext } from "../../route-context.ts";
import { createCard, deleteCard, getBoard, moveCard, splitInitiative, updateCard } from "./board.service.ts";
import { emailNotices } from "./notification-email.ts";
import { announceNotices } from "./notice-events.ts";
import { findMembership } from "../members/members.repository.ts";
import { findSessionWithUser } from "../auth/sessions.repository.ts";
import { SESSION_COOKIE } from "../../plugins/session.ts";
import { iso } from "../../lib/clock.ts";
import { importTrello } from "./trello-import.ts";
import { addComment, listComments, listNotifications, markRead } from "./notifications.service.ts";

const tags = ["board"];
const HEARTBEAT_MS = 25_000;

/** The task board; every change answers with the whole board and is announced to the workspace's open streams. */
export const boardRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const events = deps.events;
  const write = async (req: FastifyRequest, work: (ctx: ServiceContext) => Promise<unknown>) => {
    const outbox: Notice[] = [];
    const cards = await inTransaction(deps, req, async (ctx) => {
      ctx.outbox = outbox;
      await work(ctx);
      return getBoard(ctx, req.membership!.workspaceId);
    });
    events.publish(req.membership!.workspaceId, { type: "board", by: req.membership!.memberId });
    announceNotices(events, outbox, req.membership!.workspaceId);
    await emailNotices(deps.db, deps.mailer, req.log, deps.config.appUrl, req.membership!.workspace, outbox);
    return { cards };
  };

  app.get("/workspaces/:workspaceId/board", { schema: { tags, params: workspaceParamsSchema, response: { 200: boardSchema } } }, async (req) => ({
    cards: await getBoard(serviceContext(deps, req), req.params.workspaceId),
  }));

  app.post(
    "/workspaces/:workspaceId/board/cards",
    { schema: { tags, params: workspaceParamsSchema, body: createCardSchema, response: { 201: boardSchema } } },
    async (req, reply) => reply.code(201).send(await write(req, (ctx) => createCard(ctx, req.membership!, currentUser(req), req.body))),
  );
  app.patch(
    "/workspaces/:workspaceId/board/cards/:cardId",
    { schema: { tags, params: cardParamsSchema, body: updateCardSchema, response: { 200: boardSchema } } },
    async (req) => write(req, (ctx) => updateCard(ctx, req.membership!, currentUser(req), req.params.cardId, req.body)),
  );
  app.post(
    "/workspaces/:workspaceId/board/cards/:cardId/move",
    { schema: { tags, params: cardParamsSchema, body: moveCardSchema, response: { 200: boardSchema } } },
    async (req) => write(req, (ctx) => moveCard(ctx, req.membership!, currentUser(req), req.params.cardId, req.body)),
  );
  app.delete(
    "/workspaces/:workspaceId/board/cards/:cardId",
    { schema: { tags, params: cardParamsSchema, response: { 200: boardSchema } } },
    async (req) => write(req, (ctx) => deleteCard(ctx, req.membership!, req.params.cardId)),
  );
  app.post(
    "/workspaces/:workspaceId/board/split/:initiativeId",
    { schema: { tags, params: initiativeParamsSchema, body: splitInitiativeSchema, response: { 201: boardSchema } } },
    async (req, reply) => reply.code(201).send(await write(req, (ctx) => splitInitiative(ctx, req.membership!, currentUser(req), req.params.initiativeId, req.body.titles))),
  );

  app.get(
    "/workspaces/:workspaceId/board/cards/:cardId/comments",
    { schema: { tags, params: cardParamsSchema, response: { 200: commentsSchema } } },
    async (req) => listComments(serviceContext(deps, req), req.membership!, req.params.cardId),
  );
  app.post(
    "/workspaces/:workspaceId/board/cards/:cardId/comments",
    { schema: { tags, params: cardParamsSchema, body: createCommentSchema, response: { 201: commentsSchema } } },
    async (req, reply) => {
      const outbox: Notice[] = [];
      const comments = await inTransaction(deps, req, async (ctx) => {
        ctx.outbox = outbox;
        await addComment(ctx, req.membership!, currentUser(req), req.params.cardId, req.body.body);
        return listComments(ctx, req.membership!, req.params.cardId);
      });
      events.publish(req.membership!.workspaceId, { type: "board", by: req.membership!.memberId });
      announceNotices(events, outbox, req.membership!.workspaceId);
      await emailNotices(deps.db, deps.mailer, req.log, deps.config.appUrl, req.membership!.workspace, outbox);
      return reply.code(201).send(comments);
    },
  );
  app.get("/workspaces/:workspaceId/notifications", { schema: { tags, params: workspaceParamsSchema, response: { 200: notificationsSchema } } }, async (req) =>
    listNotifications(serviceContext(deps, req), req.membership!, currentUser(req)),
  );
  // Reading a notification changes only the reader's own state, so it sits under /me (a viewer may do it too).
  app.post("/me/notifications/read", { schema: { tags, body: markReadSchema } }, async (req, reply) => {
    await markRead(serviceContext(deps, req), currentUser(req), req.body.ids);
    return reply.code(204).send();
  });

  app.post(
    "/workspaces/:workspaceId/board/import/trello",
    // Moving cards straight into Done is an approval, so importing is for owners and admins.
    { config: { role: "admin" }, bodyLimit: 20 * 1024 * 1024, schema: { tags, params: workspaceParamsSchema, body: trelloImportSchema, response: { 201: trelloImportResultSchema } } },
    async (req, reply) => {
      const result = await inTransaction(deps, req, (ctx) => importTrello(ctx, req.membership!, currentUser(req), req.body));
      events.publish(req.membership!.workspaceId, { type: "board", by: req.membership!.memberId });
      return reply.code(201).send(result);
    },
  );

  // Server-sent events: "board" whenever a card changes, "notification" when someone's bell has news, "resync" when
  // this server may have missed some (its events connection came back): screens re-read. Left out of the OpenAPI
  // document because the stream stays open (the generated tests call every documented route); membership is checked
  // like every workspace route. With several servers the stream says ": connected" once this one hears the others.
  app.get("/workspaces/:workspaceId/events", { schema: { hide: true, params: workspaceParamsSchema } }, async (req, reply) => {
    await events.ready?.().catch((err: unknown) => req.log.warn({ err, event: "events.not_ready" }, "workspace events from other servers are not reaching this one yet; retrying"));
    reply.hijack();
    if (req.raw.destroyed) return reply.raw.end();
    reply.raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive", "x-accel-buffering": "no" });
    reply.raw.write(": connected\n\n");
    const unsubscribe = events.subscribe(req.params.workspaceId, (event) => reply.raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
    // With each keep-alive the member and the session are looked up again: a member removed, or a session signed out
    // or ended from another device (on any server), loses the stream too.
    const userId = currentUser(req).id;
    const token = req.cookies[SESSION_COOKIE] ?? "";
    const stillSignedIn = async () => {
      const session = await findSessionWithUser(deps.db, token);
      return session?.id === userId && session.session_expires_at > iso(deps.clock());
    };
    const heartbeat = setInterval(() => {
      Promise.all([findMembership(deps.db, req.params.workspaceId, userId), stillSignedIn()]).then(
        ([still, signedIn]) => (still && signedIn ? reply.raw.write(": keep-alive\n\n") : reply.raw.end()),
        () => reply.raw.write(": keep-alive\n\n"),
      );
    }, HEARTBEAT_MS);
    req.raw.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
};
