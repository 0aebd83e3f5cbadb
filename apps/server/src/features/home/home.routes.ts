import { homeSchema, workspaceParamsSchema } from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { currentUser, serviceContext } from "../../route-context.ts";
import { home } from "./home.service.ts";

/** The home screen's data in one request. */
export const homeRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get("/workspaces/:workspaceId/home", { schema: { tags: ["home"], params: workspaceParamsSchema, response: { 200: homeSchema } } }, async (req) => ({
    home: await home(serviceContext(deps, req), req.membership!, currentUser(req)),
  }));
};
