import {
  connectionCheckSchema,
  connectionParamsSchema,
  oauthAppsSchema,
  oauthPendingParamsSchema,
  oauthPendingSchema,
  oauthProviderParamsSchema,
  pickOauthAccountSchema,
  publishOptionsSchema,
  saveOauthAppSchema,
  startOauthResultSchema,
  startOauthSchema,
  workspaceParamsSchema,
} from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { currentUser, inTransaction, serviceContext } from "../../route-context.ts";
import { SESSION_COOKIE } from "../../plugins/session.ts";
import { appUrlReachability } from "./app-url.ts";
import { checkConnection, publishOptionsOf } from "./connection-check.ts";
import { listOauthApps, removeOauthApp, requireInstanceAdmin, saveOauthApp } from "./oauth-apps.service.ts";
import { getPending, oauthCallback, pickAccount, startOauth } from "./oauth-flow.service.ts";
import { findConnection } from "./oauth.repository.ts";

const callbackQuerySchema = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_reason: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});

/**
 * Sign-in with the networks: the instance's developer apps (instance admins), starting a sign-in and the network's
 * callback, picking the account, and a harmless check of a connection.
 */
export const oauthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const tags = ["connections"];
  const admin = { role: "admin" as const };

  app.get("/instance/oauth-apps", { schema: { tags, response: { 200: oauthAppsSchema } } }, async (req) => {
    requireInstanceAdmin(currentUser(req));
    return listOauthApps(deps, deps.clock());
  });
  app.put("/instance/oauth-apps/:provider", { schema: { tags, params: oauthProviderParamsSchema, body: saveOauthAppSchema, response: { 200: oauthAppsSchema } } }, async (req) => {
    await saveOauthApp(deps, deps.db, currentUser(req), req.params.provider, req.body, deps.clock());
    req.log.info({ event: "instance.oauth_app_saved", provider: req.params.provider, by: currentUser(req).id }, "a developer app was set");
    return listOauthApps(deps, deps.clock());
  });
  app.delete("/instance/oauth-apps/:provider", { schema: { tags, params: oauthProviderParamsSchema, response: { 200: oauthAppsSchema } } }, async (req) => {
    await removeOauthApp(deps, deps.db, currentUser(req), req.params.provider);
    req.log.info({ event: "instance.oauth_app_removed", provider: req.params.provider, by: currentUser(req).id }, "a developer app was removed");
    return listOauthApps(deps, deps.clock());
  });

  app.post("/workspaces/:workspaceId/connections/oauth", { config: admin, schema: { tags, params: workspaceParamsSchema, body: startOauthSchema, response: { 200: startOauthResultSchema } } }, async (req) => {
    const session = req.cookies[SESSION_COOKIE] ?? "";
    const authorizeUrl = await inTransaction(deps, req, (ctx) => startOauth(deps, ctx, req.membership!, currentUser(req), session, req.body));
    return { authorizeUrl, appUrl: await appUrlReachability(deps.config.appUrl, deps.clock().getTime()) };
  });

  // Public so that a browser that lost its session lands on a page that says so; the state is checked against the
  // session inside, and nothing about it is shown to anyone else.
  app.get("/oauth/:provider/callback", { config: { public: true }, schema: { tags, params: oauthProviderParamsSchema, querystring: callbackQuerySchema } }, async (req, reply) => {
    const location = await oauthCallback(deps, req.log, { provider: req.params.provider, query: req.query, user: req.user, sessionToken: req.cookies[SESSION_COOKIE] });
    return reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer").redirect(location, 303);
  });

  app.get("/workspaces/:workspaceId/connections/oauth/:pendingId", { config: admin, schema: { tags, params: oauthPendingParamsSchema, response: { 200: oauthPendingSchema } } }, async (req) =>
    getPending(serviceContext(deps, req), deps, req.membership!, currentUser(req), req.params.pendingId),
  );
  app.post(
    "/workspaces/:workspaceId/connections/oauth/:pendingId",
    { config: admin, schema: { tags, params: oauthPendingParamsSchema, body: pickOauthAccountSchema, response: { 200: oauthPendingSchema } } },
    async (req) => {
      const pending = await inTransaction(deps, req, async (ctx) => {
        await pickAccount(ctx, deps, req.membership!, currentUser(req), req.params.pendingId, req.body.accountId);
        return getPending(ctx, deps, req.membership!, currentUser(req), req.params.pendingId);
      });
      deps.publisher?.wake();
      return pending;
    },
  );

  // Read from the network each time (TikTok asks for the creator info to be queried before each post): editors, who write posts.
  app.get("/workspaces/:workspaceId/connections/:connectionId/publish-options", { config: { role: "editor" }, schema: { tags, params: connectionParamsSchema, response: { 200: publishOptionsSchema } } }, async (req) => {
    const row = await findConnection(deps.db, req.params.workspaceId, req.params.connectionId);
    if (!row) throw new AppError(404, "connection.not_found");
    return publishOptionsOf(deps, req.log, row);
  });

  app.post("/workspaces/:workspaceId/connections/:connectionId/check", { config: admin, schema: { tags, params: connectionParamsSchema, response: { 200: connectionCheckSchema } } }, async (req) => {
    const row = await findConnection(deps.db, req.params.workspaceId, req.params.connectionId);
    if (!row) throw new AppError(404, "connection.not_found");
    const { detail: _detail, ...check } = await checkConnection(deps, req.log, row);
    return check;
  });
};
