import fsp from "node:fs/promises";
import { PassThrough } from "node:stream";
import { archiveImportReportSchema, workspaceParamsSchema } from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { contentDisposition } from "../../lib/content-disposition.ts";
import { AppError } from "../../lib/errors.ts";
import { isStream } from "../../lib/streams.ts";
import { currentUser } from "../../route-context.ts";
import { receive, tooLarge } from "../assets/files.ts";
import { requireInstanceAdmin } from "../oauth/oauth-apps.service.ts";
import { exportWorkspace } from "./archive.export.ts";
import { importWorkspace } from "./archive.import.ts";

const tags = ["archive"];
/** The largest archive the import route takes (the admin command has no limit but the disk). */
export const ARCHIVE_UPLOAD_MAX_BYTES = 10 * 1024 ** 3;

/** A workspace's whole archive for its owner, and the import of one by an instance admin. */
export const archiveRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; version: string; maxUploadBytes?: number }> = async (app, { deps, version, maxUploadBytes = ARCHIVE_UPLOAD_MAX_BYTES }) => {
  app.addContentTypeParser("application/zip", (_req, payload, done) => done(null, payload));

  app.get("/workspaces/:workspaceId/archive", { config: { role: "owner" }, schema: { tags, params: workspaceParamsSchema } }, async (req, reply) => {
    const workspace = req.membership!.workspace;
    const day = deps.clock().toISOString().slice(0, 10);
    const body = new PassThrough();
    exportWorkspace(deps, { workspaceId: workspace.id, appVersion: version, now: deps.clock() }, body).catch((error: unknown) => {
      req.log.error({ event: "archive.export_failed", workspaceId: workspace.id, err: error }, "the workspace archive could not be written");
      body.destroy(error as Error);
    });
    req.log.info({ event: "archive.exported", workspaceId: workspace.id, by: currentUser(req).id }, "a workspace archive was downloaded");
    return reply
      .header("content-type", "application/zip")
      .header("cache-control", "no-store")
      .header("content-disposition", contentDisposition("attachment", `${workspace.name} ${day}.zip`, `socialplan-workspace-${day}.zip`))
      .send(body);
  });

  app.post(
    "/instance/workspace-archives",
    {
      bodyLimit: maxUploadBytes,
      schema: { tags, response: { 201: archiveImportReportSchema } },
      // Before the body is read: anyone else's upload (or one a JSON parser would buffer, up to the 10 GiB limit) stops here.
      onRequest: async (req) => {
        requireInstanceAdmin(currentUser(req));
        if ((req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase() !== "application/zip") throw new AppError(415, "archive.send_zip");
      },
    },
    async (req, reply) => {
      if (Number(req.headers["content-length"] ?? 0) > maxUploadBytes) throw tooLarge(maxUploadBytes);
      const body = req.body as unknown;
      if (!isStream(body)) throw new AppError(415, "archive.send_zip");
      const received = await receive(body, deps.blobs.incomingDir, maxUploadBytes);
      try {
        const report = await importWorkspace(deps, received.path);
        req.log.info({ event: "archive.imported", workspaceId: report.workspace.id, by: currentUser(req).id }, "a workspace archive was imported");
        return reply.code(201).send(report);
      } finally {
        await fsp.rm(received.path, { force: true });
      }
    },
  );
};
