import {
  appConfigSchema,
  changePasswordSchema,
  csrfSchema,
  loginResultSchema,
  loginSchema,
  okSchema,
  resetConfirmSchema,
  resetRequestSchema,
  signupSchema,
  translate,
  updateProfileSchema,
  userSchema,
} from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { AppError } from "../../lib/errors.ts";
import { currentUser, serviceContext } from "../../route-context.ts";
import { clearSessionCookie, setSessionCookie } from "../../plugins/session.ts";
import { changePassword, confirmPasswordReset, createPasswordReset, login, signup } from "./auth.service.ts";
import { deleteSessionById } from "./sessions.repository.ts";
import { startSession } from "./sessions.service.ts";
import { toUser } from "./user.dto.ts";
import { findUserById, updateUser } from "./users.repository.ts";
import { iso } from "../../lib/clock.ts";

const tags = ["auth"];

export const authRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; version: string }> = async (app, { deps, version }) => {
  const meta = (req: { headers: Record<string, unknown>; ip: string }) => ({
    userAgent: typeof req.headers["user-agent"] === "string" ? req.headers["user-agent"] : undefined,
    ip: req.ip,
  });

  app.get("/config", { config: { public: true }, schema: { tags, response: { 200: appConfigSchema } } }, async () => ({
    emailEnabled: deps.mailer.enabled,
    version,
  }));

  app.get("/auth/csrf", { config: { public: true }, schema: { tags, response: { 200: csrfSchema } } }, async (_req, reply) => ({
    token: reply.generateCsrf(),
  }));

  app.post("/auth/signup", { config: { public: true }, schema: { tags, body: signupSchema, response: { 201: userSchema } } }, async (req, reply) => {
    const ctx = serviceContext(deps, req);
    const user = await signup(ctx, req.body, req.locale);
    const session = await startSession(deps.db, user.id, meta(req), ctx.now);
    setSessionCookie(req, reply, session.token, session.expires, deps.config.cookieSecure);
    return reply.code(201).send(toUser(user));
  });

  app.post("/auth/login", { config: { public: true }, schema: { tags, body: loginSchema, response: { 200: loginResultSchema } } }, async (req, reply) => {
    const ctx = serviceContext(deps, req);
    const outcome = await login(ctx, deps.secrets, req.body, req.ip);
    if (outcome.kind === "second-factor") return { twoFactorRequired: true as const };
    const session = await startSession(deps.db, outcome.user.id, meta(req), ctx.now);
    setSessionCookie(req, reply, session.token, session.expires, deps.config.cookieSecure);
    return { user: toUser(outcome.user) };
  });

  app.post("/auth/logout", { schema: { tags, response: { 200: okSchema } } }, async (req, reply) => {
    if (req.sessionId) await deleteSessionById(deps.db, req.sessionId);
    clearSessionCookie(reply);
    return { ok: true as const };
  });

  app.get("/auth/me", { schema: { tags, response: { 200: userSchema } } }, async (req) => toUser(currentUser(req)));

  app.patch("/auth/me", { schema: { tags, body: updateProfileSchema, response: { 200: userSchema } } }, async (req) => {
    const user = currentUser(req);
    await updateUser(deps.db, user.id, { ...req.body, updated_at: iso(deps.clock()) });
    return toUser((await findUserById(deps.db, user.id)) ?? user);
  });

  app.post("/auth/password", { schema: { tags, body: changePasswordSchema, response: { 200: okSchema } } }, async (req) => {
    await changePassword(serviceContext(deps, req), currentUser(req), req.sessionId ?? "", req.body.currentPassword, req.body.newPassword);
    return { ok: true as const };
  });

  app.post(
    "/auth/password-reset/request",
    { config: { public: true }, schema: { tags, body: resetRequestSchema, response: { 202: okSchema } } },
    async (req, reply) => {
      if (!deps.mailer.enabled) throw new AppError(409, "auth.email_disabled");
      const reset = await createPasswordReset(serviceContext(deps, req), req.body.email);
      if (reset) {
        const locale = reset.user.locale === "ko" ? "ko" : "en";
        const url = `${deps.config.appUrl}/reset-password?token=${reset.token}`;
        try {
          await deps.mailer.send({
            to: reset.user.email,
            subject: translate(locale, "email.reset_subject"),
            text: translate(locale, "email.reset_body", { email: reset.user.email, url }),
          });
        } catch (err) {
          // Answering differently would tell who has an account; the operator sees the failure in the log.
          req.log.error({ err, event: "mail.failed" }, "password reset email could not be sent");
        }
      }
      // The same answer whether or not the address has an account.
      return reply.code(202).send({ ok: true as const });
    },
  );

  app.post(
    "/auth/password-reset/confirm",
    { config: { public: true }, schema: { tags, body: resetConfirmSchema, response: { 200: okSchema } } },
    async (req) => {
      await confirmPasswordReset(serviceContext(deps, req), req.body.token, req.body.password);
      return { ok: true as const };
    },
  );
};
