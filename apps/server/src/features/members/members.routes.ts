import { memberParamsSchema, peopleSchema, updateMemberSchema, workspaceParamsSchema } from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { serviceContext } from "../../route-context.ts";
import { listPeople, removeMember, updateMember } from "./members.service.ts";

const tags = ["members"];

export const memberRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    "/workspaces/:workspaceId/members",
    { schema: { tags, params: workspaceParamsSchema, response: { 200: peopleSchema } } },
    async (req) => listPeople(serviceContext(deps, req), req.params.workspaceId),
  );

  app.patch(
    "/workspaces/:workspaceId/members/:memberId",
    { schema: { tags, params: memberParamsSchema, body: updateMemberSchema, response: { 200: peopleSchema } } },
    async (req) => {
      const ctx = serviceContext(deps, req);
      await updateMember(ctx, req.membership!, req.params.memberId, req.body);
      return listPeople(ctx, req.params.workspaceId);
    },
  );

  app.delete(
    "/workspaces/:workspaceId/members/:memberId",
    { config: { role: "admin" }, schema: { tags, params: memberParamsSchema } },
    async (req, reply) => {
      await removeMember(serviceContext(deps, req), req.membership!, req.params.memberId);
      return reply.code(204).send();
    },
  );
};
