import { createWorkspaceSchema, updateWorkspaceSchema, workspaceParamsSchema, workspaceSchema } from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { currentUser, serviceContext } from "../../route-context.ts";
import { toWorkspace } from "./workspace.dto.ts";
import { findWorkspaceForUser, listWorkspacesForUser } from "./workspaces.repository.ts";
import { createWorkspace, updateSettings } from "./workspaces.service.ts";

const tags = ["workspaces"];

export const workspaceRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const load = async (workspaceId: string, userId: string) => {
    const row = await findWorkspaceForUser(deps.db, workspaceId, userId);
    if (!row) throw new AppError(404, "workspace.not_found");
    return toWorkspace(row);
  };

  app.get("/workspaces", { schema: { tags, response: { 200: z.array(workspaceSchema) } } }, async (req) =>
    (await listWorkspacesForUser(deps.db, currentUser(req).id)).map(toWorkspace),
  );

  app.post("/workspaces", { schema: { tags, body: createWorkspaceSchema, response: { 201: workspaceSchema } } }, async (req, reply) => {
    const user = currentUser(req);
    const id = await deps.db.transaction().execute((trx) => createWorkspace(serviceContext(deps, req, trx), user, req.body));
    return reply.code(201).send(await load(id, user.id));
  });

  app.get(
    "/workspaces/:workspaceId",
    { schema: { tags, params: workspaceParamsSchema, response: { 200: workspaceSchema } } },
    async (req) => toWorkspace({ ...req.membership!.workspace, role: req.membership!.role }),
  );

  app.patch(
    "/workspaces/:workspaceId",
    { config: { role: "admin" }, schema: { tags, params: workspaceParamsSchema, body: updateWorkspaceSchema, response: { 200: workspaceSchema } } },
    async (req) => {
      const user = currentUser(req);
      await updateSettings(serviceContext(deps, req), user, req.membership!, req.body);
      return load(req.params.workspaceId, user.id);
    },
  );
};
