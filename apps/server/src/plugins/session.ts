import { LOCALES, pickLocale, type Locale } from "@socialplan/schema";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { loadSession } from "../features/auth/sessions.service.ts";
import type { AppDeps } from "../context.ts";
import { unauthenticated } from "../lib/errors.ts";

export const SESSION_COOKIE = "sp_session";

/** Resolves the caller (session cookie → user) and language on every request; protects non-public routes. */
export function registerSession(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest("user", null);
  app.decorateRequest("sessionId", null);
  app.decorateRequest("locale", "en");
  app.decorateRequest("membership", null);

  app.addHook("onRequest", async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    let found: Awaited<ReturnType<typeof loadSession>> = null;
    try {
      if (token) found = await loadSession(deps.db, token, deps.clock());
    } catch (err) {
      // A session that could not be read (the database is down): the error is answered in the browser's language.
      request.locale = requestedLocale(request);
      throw err;
    }
    if (found) {
      request.user = found.user;
      request.sessionId = found.sessionId;
      request.locale = found.user.locale === "ko" ? "ko" : "en";
    } else {
      // Without a signed-in user, the browser's language (read only then: a signed-in user's own language wins).
      request.locale = requestedLocale(request);
      if (token) clearSessionCookie(reply);
    }
    // Deny by default: the matched route decides, never the request's raw URL (which may be in absolute form,
    // percent-encoded or otherwise spelled differently from the route it reaches).
    if (!request.user && !isPublic(request)) throw unauthenticated();
  });
}

/** Routes marked public, unknown routes (they answer 404), and the API documentation's own pages. */
export function isPublic(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route === undefined || request.routeOptions.config.public === true || route === "/api/docs" || route.startsWith("/api/docs/");
}

function requestedLocale(request: FastifyRequest) {
  const explicit = request.headers["x-locale"];
  if (typeof explicit === "string" && (LOCALES as readonly string[]).includes(explicit)) return explicit as Locale;
  return pickLocale(request.headers["accept-language"]);
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expires: Date, secure: "auto" | boolean) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: secure === "auto" ? request.protocol === "https" : secure,
    expires,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}
