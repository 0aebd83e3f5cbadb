import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifySwagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDeps } from "./context.ts";
import { assetRoutes } from "./features/assets/assets.routes.ts";
import { archiveRoutes } from "./features/archive/archive.routes.ts";
import { authRoutes } from "./features/auth/auth.routes.ts";
import { sessionRoutes } from "./features/auth/sessions.routes.ts";
import { healthRoutes } from "./features/health/health.routes.ts";
import { invitationRoutes } from "./features/invitations/invitations.routes.ts";
import { memberRoutes } from "./features/members/members.routes.ts";
import { boardRoutes } from "./features/board/board.routes.ts";
import { postRoutes } from "./features/posts/posts.routes.ts";
import { reviewLinkRoutes } from "./features/posts/review-links.routes.ts";
import { planningRoutes } from "./features/posts/planning.routes.ts";
import { homeRoutes } from "./features/home/home.routes.ts";
import { metricRoutes } from "./features/metrics/metrics.routes.ts";
import { oauthRoutes } from "./features/oauth/oauth.routes.ts";
import { withRedactedRequests } from "./features/oauth/request-log.ts";
import { budgetRoutes } from "./features/budget/budget.routes.ts";
import { setupRoutes } from "./features/setup/setup.routes.ts";
import { strategyExportRoutes } from "./features/strategy/export.routes.ts";
import { strategyRoutes } from "./features/strategy/strategy.routes.ts";
import { toolRoutes } from "./features/tools/tools.routes.ts";
import { twoFactorRoutes } from "./features/two-factor/two-factor.routes.ts";
import { workspaceRoutes } from "./features/workspaces/workspaces.routes.ts";
import { serializerCompiler } from "./lib/serializer.ts";
import { followShortLink } from "./features/posts/short-links.ts";
import { registerMediaUrlRoute } from "./features/publishing/media-urls.ts";
import { shortLinkParamsSchema } from "@socialplan/schema";
import { registerCleanText } from "./plugins/clean-text.ts";
import { registerErrorHandling, sendClientError, sendFrameworkError } from "./plugins/errors.ts";
import { registerSession } from "./plugins/session.ts";
import { registerWorkspaceAccess } from "./plugins/workspace-access.ts";
import { documentAccess, originForm } from "./plugins/request-target.ts";
import { registerCompression, registerSecurityHeaders } from "./plugins/security-headers.ts";
import { registerWebApp } from "./plugins/web-app.ts";
import { registerApiDocs } from "./plugins/api-docs.ts";
import { registerMetrics } from "./plugins/metrics.ts";
import { requestLog } from "./plugins/request-log.ts";

export const VERSION = "0.1.0";
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface BuildOptions {
  logger?: FastifyServerOptions["logger"];
}

/** Builds the whole HTTP application; `listen` is the caller's business (tests use `inject`). */
export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Sign-in codes and states, and media URLs' signatures, never reach the log.
    logger: withRedactedRequests(options.logger ?? false),
    // Request lines only for failed and slow requests by default (LOG_REQUESTS, LOG_SLOW_MS).
    logController: requestLog(deps.config),
    bodyLimit: deps.config.bodyLimit,
    trustProxy: deps.config.trustProxy,
    // Requests in absolute form ("GET http://host/api/… HTTP/1.1") are answered as the path they name.
    rewriteUrl: (req) => originForm(req.url ?? "/"),
    // An address the router cannot read (bad percent-encoding, a part over 100 characters) gets our error body too.
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: sendClientError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only; anything else gets a clear 415.
  app.removeContentTypeParser("text/plain");
  // Before any route: security headers on every response, and compression of the dynamic ones.
  await registerSecurityHeaders(app);
  await registerCompression(app);

  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    sessionPlugin: "@fastify/cookie",
    cookieOpts: { path: "/", httpOnly: true, sameSite: "lax", signed: false },
    getToken: (req) => req.headers["x-csrf-token"] as string | undefined,
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: "Socialplan API", version: VERSION, description: "Every route under /workspaces/{workspaceId} requires membership of that workspace." },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "sp_session" } } },
      security: [{ session: [] }],
    },
    transform: documentAccess,
  });
  registerErrorHandling(app, deps.config.bodyLimit);
  // Control characters never reach a handler: JSON bodies and query strings are cleaned before validation.
  registerCleanText(app);
  // The API documentation: Swagger UI is loaded on the page's first request.
  registerApiDocs(app);
  // CSRF first: a forged request is refused before anything else looks at it, whatever address it came to.
  app.addHook("onRequest", (request, reply, done) => {
    if (STATE_CHANGING.has(request.method)) app.csrfProtection(request, reply, done);
    else done();
  });
  registerSession(app, deps);
  registerWorkspaceAccess(app, deps);
  await registerMetrics(app, deps);

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { deps });
      await api.register(authRoutes, { deps, version: VERSION });
      await api.register(sessionRoutes, { deps });
      await api.register(twoFactorRoutes, { deps });
      await api.register(workspaceRoutes, { deps });
      await api.register(memberRoutes, { deps });
      await api.register(invitationRoutes, { deps });
      await api.register(strategyRoutes, { deps });
      await api.register(strategyExportRoutes, { deps });
      await api.register(assetRoutes, { deps });
      await api.register(budgetRoutes, { deps });
      await api.register(toolRoutes, { deps });
      await api.register(boardRoutes, { deps });
      await api.register(setupRoutes, { deps });
      await api.register(postRoutes, { deps });
      await api.register(reviewLinkRoutes, { deps });
      await api.register(planningRoutes, { deps });
      await api.register(homeRoutes, { deps });
      await api.register(metricRoutes, { deps });
      await api.register(oauthRoutes, { deps });
      await api.register(archiveRoutes, { deps, version: VERSION });
      api.get("/openapi.json", { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: "/api" },
  );

  // Short links in published posts: public, outside the API, counted per day (bots excluded).
  app.get("/l/:code", { config: { public: true }, schema: { hide: true, params: shortLinkParamsSchema } }, async (request, reply) => {
    const target = await followShortLink(deps.db, request.params.code, request.headers["user-agent"], deps.clock());
    if (!target) return reply.code(404).header("content-type", "text/plain; charset=utf-8").send("This link does not exist.");
    return reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer-when-downgrade").redirect(target, 302);
  });
  // Signed, expiring URLs from which Instagram, Threads and Facebook fetch a post's media.
  registerMediaUrlRoute(app, deps);

  await registerWebApp(app, { root: deps.config.webDist, serveSourceMaps: deps.config.serveSourceMaps });
  return app;
}
