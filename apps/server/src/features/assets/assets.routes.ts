import {
  assetDetailSchema,
  assetFileQuerySchema,
  assetLibrarySchema,
  assetParamsSchema,
  assetQuerySchema,
  assetUploadResultSchema,
  collectionBodySchema,
  assetCollectionParamsSchema,
  deleteAssetQuerySchema,
  okSchema,
  updateAssetSchema,
  uploadAssetQuerySchema,
  workspaceParamsSchema,
} from "@socialplan/schema";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import type { ByteRange } from "../../lib/blob-store.ts";
import { contentDisposition } from "../../lib/content-disposition.ts";
import { AppError } from "../../lib/errors.ts";
import { currentUser, inTransaction, serviceContext } from "../../route-context.ts";
import {
  blobKey,
  createCollection,
  deleteAsset,
  deleteCollection,
  dropBlobs,
  getAsset,
  listAssets,
  renameCollection,
  requireAssetFile,
  thumbnailKey,
  updateAsset,
  uploadAsset,
} from "./assets.service.ts";
import { tooLarge } from "./files.ts";
import { isStream } from "../../lib/streams.ts";

const tags = ["assets"];
const UPLOAD_TYPE = "application/octet-stream";
/** Types a browser may show in place; everything else is downloaded, and never interpreted as a page. */
const INLINE = /^(image\/|video\/|application\/pdf$)/;

/** The shared asset library: upload (streamed, checked, deduplicated), list, search, describe, collect, serve, delete. */
export const assetRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  // A file is the whole request body, always sent as bytes; the server works out what it is from the content.
  app.addContentTypeParser(UPLOAD_TYPE, (_req, payload, done) => done(null, payload));

  app.post(
    "/workspaces/:workspaceId/assets",
    { schema: { tags, params: workspaceParamsSchema, querystring: uploadAssetQuerySchema, response: { 200: assetUploadResultSchema, 201: assetUploadResultSchema } } },
    async (req, reply) => {
      const declared = Number(req.headers["content-length"] ?? 0);
      if (declared > deps.config.assetMaxBytes) throw tooLarge(deps.config.assetMaxBytes);
      const body = req.body as unknown;
      if (!isStream(body)) throw new AppError(415, "upload.send_bytes");
      const result = await uploadAsset(deps, req.membership!, currentUser(req), body, req.query.name, req.query.collectionId);
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );

  app.get("/workspaces/:workspaceId/assets", { schema: { tags, params: workspaceParamsSchema, querystring: assetQuerySchema, response: { 200: assetLibrarySchema } } }, async (req) =>
    listAssets(serviceContext(deps, req), req.params.workspaceId, deps.config.assetMaxBytes, req.query),
  );

  app.get("/workspaces/:workspaceId/assets/:assetId", { schema: { tags, params: assetParamsSchema, response: { 200: assetDetailSchema } } }, async (req) =>
    getAsset(serviceContext(deps, req), req.params.workspaceId, req.params.assetId),
  );

  app.patch("/workspaces/:workspaceId/assets/:assetId", { schema: { tags, params: assetParamsSchema, body: updateAssetSchema, response: { 200: assetDetailSchema } } }, async (req) =>
    inTransaction(deps, req, async (ctx) => {
      await updateAsset(ctx, req.membership!, req.params.assetId, req.body);
      return getAsset(ctx, req.params.workspaceId, req.params.assetId);
    }),
  );

  app.delete(
    "/workspaces/:workspaceId/assets/:assetId",
    { schema: { tags, params: assetParamsSchema, querystring: deleteAssetQuerySchema, response: { 200: okSchema } } },
    async (req) => {
      const gone = await inTransaction(deps, req, (ctx) => deleteAsset(ctx, req.membership!, currentUser(req), req.params.assetId, req.query.force === "true"));
      await dropBlobs(deps, gone);
      return { ok: true as const };
    },
  );

  app.get("/workspaces/:workspaceId/assets/:assetId/file", { schema: { tags, params: assetParamsSchema, querystring: assetFileQuerySchema } }, async (req, reply) =>
    sendAssetFile(deps, req, reply, await requireAssetFile(deps.db, req.params.workspaceId, req.params.assetId), req.query.download === "1"),
  );

  app.get("/workspaces/:workspaceId/assets/:assetId/thumbnail", { schema: { tags, params: assetParamsSchema } }, async (req, reply) => {
    const row = await requireAssetFile(deps.db, req.params.workspaceId, req.params.assetId);
    const stream = row.has_thumbnail ? await deps.blobs.read(thumbnailKey(row.workspace_id, row.sha256)) : null;
    if (!stream) throw new AppError(404, "upload.not_found");
    return headersForFile(reply, "image/webp").send(stream);
  });

  app.post("/workspaces/:workspaceId/asset-collections", { schema: { tags, params: workspaceParamsSchema, body: collectionBodySchema, response: { 201: okSchema } } }, async (req, reply) => {
    await inTransaction(deps, req, (ctx) => createCollection(ctx, req.membership!, req.body.name));
    return reply.code(201).send({ ok: true as const });
  });
  app.patch("/workspaces/:workspaceId/asset-collections/:collectionId", { schema: { tags, params: assetCollectionParamsSchema, body: collectionBodySchema, response: { 200: okSchema } } }, async (req) => {
    await inTransaction(deps, req, (ctx) => renameCollection(ctx, req.membership!, req.params.collectionId, req.body.name));
    return { ok: true as const };
  });
  app.delete("/workspaces/:workspaceId/asset-collections/:collectionId", { schema: { tags, params: assetCollectionParamsSchema, response: { 200: okSchema } } }, async (req) => {
    await inTransaction(deps, req, (ctx) => deleteCollection(ctx, req.membership!, req.params.collectionId));
    return { ok: true as const };
  });
};

/** Sends a library file's bytes (or the range asked for): shown in place when a browser can, else downloaded. */
export async function sendAssetFile(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, row: Awaited<ReturnType<typeof requireAssetFile>>, download: boolean) {
  const size = Number(row.size);
  const range = parseRange(req.headers.range, size);
  if (range === "unsatisfiable") return reply.code(416).header("content-range", `bytes */${size}`).send();
  const stream = await deps.blobs.read(blobKey(row.workspace_id, row.sha256), range ?? undefined);
  if (!stream) throw new AppError(404, "upload.not_found");
  const inline = INLINE.test(row.content_type) && !download;
  headersForFile(reply, row.content_type)
    .header("accept-ranges", "bytes")
    .header("content-disposition", contentDisposition(inline ? "inline" : "attachment", row.name));
  if (range) {
    reply.code(206).header("content-range", `bytes ${range.start}-${range.end}/${size}`).header("content-length", range.end - range.start + 1);
  } else reply.header("content-length", size);
  return reply.send(stream);
}

/** Headers for bytes served from the library: only to members, never sniffed into something else, cached privately (content never changes). */
function headersForFile(reply: FastifyReply, contentType: string): FastifyReply {
  return reply
    .header("content-type", contentType === "text/plain" ? "text/plain; charset=utf-8" : contentType)
    .header("x-content-type-options", "nosniff")
    .header("cache-control", "private, max-age=31536000, immutable")
    .header("content-security-policy", contentType === "application/pdf" ? "default-src 'none'; style-src 'unsafe-inline'" : "default-src 'none'; sandbox");
}

/** One `bytes=a-b` range (what browsers send to seek in a video); several ranges are answered with the whole file. */
export function parseRange(header: FastifyRequest["headers"]["range"], size: number): ByteRange | null | "unsatisfiable" {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return "unsatisfiable";
  return { start, end };
}
