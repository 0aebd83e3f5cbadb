import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.ts";
import { appliedMigrations, LATEST_MIGRATION } from "../../db/migrate.ts";

const healthSchema = z.object({
  status: z.literal("ok"),
  database: z.object({
    dialect: z.enum(["sqlite", "postgres"]),
    migration: z.string(),
    applied: z.number(),
    upToDate: z.boolean(),
  }),
});

export const healthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get("/health", { config: { public: true }, schema: { tags: ["health"], response: { 200: healthSchema } } }, async () => {
    const applied = await appliedMigrations(deps.db);
    const migration = applied.at(-1) ?? "";
    return { status: "ok" as const, database: { dialect: deps.dialect, migration, applied: applied.length, upToDate: migration === LATEST_MIGRATION } };
  });
};
