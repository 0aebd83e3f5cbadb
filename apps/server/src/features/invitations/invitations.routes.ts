import {
  createInvitationSchema,
  createdInvitationSchema,
  invitationParamsSchema,
  invitationPreviewSchema,
  invitationSchema,
  invitationTokenParamsSchema,
  workspaceParamsSchema,
} from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { currentUser, serviceContext } from "../../route-context.ts";
import { findInvitation, listInvitations, revokeInvitation } from "./invitations.repository.ts";
import { emailInvitation } from "./invitation-email.ts";
import { acceptInvitation, createInvitation, previewInvitation, toInvitation } from "./invitations.service.ts";

const tags = ["invitations"];
const admin = { role: "admin" } as const;

export const invitationRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    "/workspaces/:workspaceId/invitations",
    { config: admin, schema: { tags, params: workspaceParamsSchema, response: { 200: z.array(invitationSchema) } } },
    async (req) => {
      const now = deps.clock();
      return (await listInvitations(deps.db, req.params.workspaceId)).map((r) => toInvitation(r, now));
    },
  );

  app.post(
    "/workspaces/:workspaceId/invitations",
    { config: admin, schema: { tags, params: workspaceParamsSchema, body: createInvitationSchema, response: { 201: createdInvitationSchema } } },
    async (req, reply) => {
      const ctx = serviceContext(deps, req);
      const user = currentUser(req);
      const { row, token } = await createInvitation(ctx, req.params.workspaceId, user, req.body);
      const url = `${deps.config.appUrl}/invite/${token}`;
      const emailed = await emailInvitation(deps.mailer, req.log, { row, url, inviter: user, workspace: req.membership!.workspace });
      return reply.code(201).send({ invitation: toInvitation(row, ctx.now), url, emailed });
    },
  );

  app.delete(
    "/workspaces/:workspaceId/invitations/:invitationId",
    { config: admin, schema: { tags, params: invitationParamsSchema } },
    async (req, reply) => {
      const row = await findInvitation(deps.db, req.params.workspaceId, req.params.invitationId);
      if (!row) throw new AppError(404, "workspace.invitation_not_found");
      await revokeInvitation(deps.db, row.id, iso(deps.clock()));
      return reply.code(204).send();
    },
  );

  app.get(
    "/invitations/:token",
    { config: { public: true }, schema: { tags, params: invitationTokenParamsSchema, response: { 200: invitationPreviewSchema } } },
    async (req) => previewInvitation(serviceContext(deps, req), req.params.token),
  );

  app.post(
    "/invitations/:token/accept",
    { schema: { tags, params: invitationTokenParamsSchema, response: { 200: z.object({ workspaceId: z.string() }) } } },
    async (req) => {
      const user = currentUser(req);
      const workspaceId = await deps.db.transaction().execute((trx) => acceptInvitation(serviceContext(deps, req, trx), req.params.token, user));
      return { workspaceId };
    },
  );
};
