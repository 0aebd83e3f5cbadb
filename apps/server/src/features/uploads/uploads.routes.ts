import { UPLOAD_MAX_BYTES, UPLOAD_TYPES, uploadParamsSchema, uploadSchema, workspaceParamsSchema, type Upload } from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { currentUser } from "../../lib/route-context.ts";

const tags = ["uploads"];

/** Images a workspace uploads (a persona's photo now; the asset library later), kept in the database itself. */
export const uploadRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  // The image is the whole request body, sent with its own content type.
  for (const type of UPLOAD_TYPES) {
    app.addContentTypeParser(type, { parseAs: "buffer", bodyLimit: UPLOAD_MAX_BYTES }, (_req, body, done) => done(null, body));
  }

  app.post(
    "/workspaces/:workspaceId/uploads",
    { bodyLimit: UPLOAD_MAX_BYTES, schema: { tags, params: workspaceParamsSchema, response: { 201: uploadSchema } } },
    async (req, reply) => {
      const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (!(UPLOAD_TYPES as readonly string[]).includes(contentType) || !Buffer.isBuffer(req.body)) throw new AppError(415, "upload.unsupported_type");
      const bytes = req.body;
      if (!looksLike(contentType, bytes)) throw new AppError(415, "upload.unsupported_type");
      const upload: Upload = { id: newId(), contentType: contentType as Upload["contentType"], size: bytes.length };
      await deps.db
        .insertInto("uploads")
        .values({ id: upload.id, workspace_id: req.params.workspaceId, content_type: contentType, size: bytes.length, bytes, created_by: currentUser(req).id, created_at: iso(deps.clock()) })
        .execute();
      return reply.code(201).send(upload);
    },
  );

  app.get("/workspaces/:workspaceId/uploads/:uploadId", { schema: { tags, params: uploadParamsSchema } }, async (req, reply) => {
    const row = await deps.db
      .selectFrom("uploads")
      .select(["content_type", "bytes"])
      .where("workspace_id", "=", req.params.workspaceId)
      .where("id", "=", req.params.uploadId)
      .executeTakeFirst();
    if (!row) throw new AppError(404, "upload.not_found");
    return reply
      .header("content-type", row.content_type)
      .header("cache-control", "private, max-age=31536000, immutable")
      .header("x-content-type-options", "nosniff")
      .send(Buffer.from(row.bytes));
  });
};

/** The file's first bytes must match its declared type, so a script cannot be served as an "image". */
function looksLike(type: string, b: Buffer): boolean {
  const starts = (...bytes: number[]) => bytes.every((v, i) => b[i] === v);
  switch (type) {
    case "image/png":
      return starts(0x89, 0x50, 0x4e, 0x47);
    case "image/jpeg":
      return starts(0xff, 0xd8, 0xff);
    case "image/gif":
      return starts(0x47, 0x49, 0x46, 0x38);
    case "image/webp":
      return starts(0x52, 0x49, 0x46, 0x46) && b.subarray(8, 12).toString("latin1") === "WEBP";
    default:
      return false;
  }
}
