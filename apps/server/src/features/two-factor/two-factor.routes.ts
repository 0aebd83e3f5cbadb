import { okSchema, recoveryCodesSchema, twoFactorDisableSchema, twoFactorEnableSchema, twoFactorSetupSchema } from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { currentUser, serviceContext } from "../../route-context.ts";
import { assertPasswordAndCode, beginEnrolment, confirmEnrolment, disable, issueRecoveryCodes } from "./two-factor.service.ts";

const tags = ["two-factor"];

export const twoFactorRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post("/auth/2fa/setup", { schema: { tags, response: { 200: twoFactorSetupSchema } } }, async (req) =>
    beginEnrolment(serviceContext(deps, req), deps.secrets, currentUser(req)),
  );

  app.post("/auth/2fa/enable", { schema: { tags, body: twoFactorEnableSchema, response: { 200: recoveryCodesSchema } } }, async (req) => ({
    recoveryCodes: await confirmEnrolment(serviceContext(deps, req), deps.secrets, currentUser(req), req.body.code),
  }));

  app.post("/auth/2fa/disable", { schema: { tags, body: twoFactorDisableSchema, response: { 200: okSchema } } }, async (req) => {
    await disable(serviceContext(deps, req), deps.secrets, currentUser(req), req.body.password, req.body.code);
    return { ok: true as const };
  });

  app.post(
    "/auth/2fa/recovery-codes",
    { schema: { tags, body: twoFactorDisableSchema, response: { 200: recoveryCodesSchema } } },
    async (req) => {
      const ctx = serviceContext(deps, req);
      const user = currentUser(req);
      await assertPasswordAndCode(ctx, deps.secrets, user, req.body.password, req.body.code);
      return { recoveryCodes: await issueRecoveryCodes(ctx, user.id) };
    },
  );
};
