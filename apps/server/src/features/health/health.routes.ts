import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.ts";
import { appliedMigrations, LATEST_MIGRATION } from "../../db/migrate.ts";
import { readiness } from "./health.service.ts";

const healthSchema = z.object({
  status: z.literal("ok"),
  database: z.object({
    dialect: z.enum(["sqlite", "postgres"]),
    migration: z.string(),
    applied: z.number(),
    upToDate: z.boolean(),
  }),
});

const liveSchema = z.object({ status: z.literal("ok"), uptimeSeconds: z.number() });

const check = z.object({ status: z.enum(["ok", "fail", "skipped"]), detail: z.string() });
export const readySchema = z.object({
  status: z.enum(["ok", "fail"]),
  failing: z.array(z.enum(["database", "migrations", "publisherLag"])),
  checks: z.object({
    database: check.extend({ ms: z.number().nullable() }),
    migrations: check.extend({ applied: z.string().nullable(), expected: z.string() }),
    publisherLag: check.extend({ seconds: z.number().nullable(), maxSeconds: z.number() }),
  }),
});

export const healthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get("/health", { config: { public: true }, schema: { tags: ["health"], response: { 200: healthSchema } } }, async () => {
    const applied = await appliedMigrations(deps.db);
    const migration = applied.at(-1) ?? "";
    return { status: "ok" as const, database: { dialect: deps.dialect, migration, applied: applied.length, upToDate: migration === LATEST_MIGRATION } };
  });

  app.get(
    "/health/live",
    { config: { public: true }, schema: { tags: ["health"], summary: "The process answers (no database involved): for a liveness probe", response: { 200: liveSchema } } },
    async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return { status: "ok" as const, uptimeSeconds: Math.round(process.uptime()) };
    },
  );

  app.get(
    "/health/ready",
    {
      config: { public: true },
      schema: {
        tags: ["health"],
        summary: "Ready for traffic: the database answers, its migrations are current, the publisher keeps up (503 names the failing checks)",
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (request, reply) => {
      // A web server with PUBLISHER=off does not publish: the workers' lag is not its readiness (see health.service.ts).
      const result = await readiness(deps, deps.config.publisher === "embedded", request.log);
      reply.header("cache-control", "no-store");
      return reply.code(result.status === "ok" ? 200 : 503).send(result);
    },
  );
};
