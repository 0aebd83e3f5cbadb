import { sessionParamsSchema, sessionSchema } from "@socialplan/schema";
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { currentUser } from "../../route-context.ts";
import { clearSessionCookie } from "../../plugins/session.ts";
import { deleteSession, deleteUserSessions, listSessions } from "./sessions.repository.ts";

const tags = ["auth"];

export const sessionRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get("/auth/sessions", { schema: { tags, response: { 200: z.array(sessionSchema) } } }, async (req) => {
    const rows = await listSessions(deps.db, currentUser(req).id, iso(deps.clock()));
    return rows.map((r) => ({
      id: r.id,
      current: r.id === req.sessionId,
      userAgent: r.user_agent,
      ip: r.ip,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
    }));
  });

  app.delete("/auth/sessions/:sessionId", { schema: { tags, params: sessionParamsSchema } }, async (req, reply) => {
    const removed = await deleteSession(deps.db, currentUser(req).id, req.params.sessionId);
    if (!removed) throw new AppError(404, "auth.session_not_found");
    if (req.params.sessionId === req.sessionId) clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.delete("/auth/sessions", { schema: { tags, description: "Ends every session except this one." } }, async (req, reply) => {
    await deleteUserSessions(deps.db, currentUser(req).id, req.sessionId ?? undefined);
    return reply.code(204).send();
  });
};
