import type { FastifyInstance } from "fastify";
import { buildApp, type BuildOptions } from "./app.ts";
import type { Config } from "./config.ts";
import type { AppDeps } from "./context.ts";
import { openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { moveLegacyUploads } from "./features/assets/legacy-uploads.ts";
import { createBlobStore } from "./lib/blob-store.ts";
import { systemClock } from "./lib/clock.ts";
import { loadSecretKey, SecretBox } from "./lib/crypto.ts";
import { createMailer } from "./lib/mailer.ts";

/** Opens the database, brings it to the latest migration and builds the app on it. */
export async function createServer(config: Config, options: BuildOptions & Partial<Pick<AppDeps, "clock" | "mailer">> = {}) {
  const handle = await openDatabase(config);
  await migrateToLatest(handle.db);
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    config,
    clock: options.clock ?? systemClock,
    mailer: options.mailer ?? createMailer(config.smtpUrl, config.mailFrom),
    secrets: new SecretBox(loadSecretKey(config.secretKey, config.dataDir)),
    blobs: await createBlobStore(config.dataDir, config.s3),
  };
  const moved = await moveLegacyUploads(deps);
  const app: FastifyInstance = await buildApp(deps, options);
  if (moved) app.log.info({ moved }, "moved stored photos into the asset library");
  app.addHook("onClose", async () => handle.destroy());
  return { app, deps };
}
