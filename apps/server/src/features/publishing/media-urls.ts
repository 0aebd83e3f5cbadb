import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDeps } from "../../context.ts";
import { blobKey } from "../assets/assets.service.ts";
import { parseRange } from "../assets/assets.routes.ts";
import { assetById } from "./publishing.repository.ts";

/**
 * Media by URL: Instagram, Threads and Facebook video fetch each file from a URL we give them (Instagram's content
 * publishing guide: "the image/video must be on a public server"; the network fetches it when the container is
 * made, and a video while its container is IN_PROGRESS). Each outgoing file gets its own URL under APP_URL:
 *
 *   `${APP_URL}/media/<nonce>.<assetId>.<expiry>.<signature>`
 *
 * - unguessable: a 96-bit random nonce in every URL (two sends of one file get different URLs);
 * - signed: HMAC-SHA256 (cut to 128 bits, so the path stays under the router's 100-character limit for a
 *   parameter) with the server's key for the purpose "media-url", over the nonce, the asset, its workspace and the
 *   expiry, so no part can be changed or moved to another workspace's file;
 * - expiring: an hour by default. Not documented how long Instagram takes to fetch; chosen: an hour covers a
 *   container's processing (the adapters poll for at most a few minutes per attempt, and a later attempt resumes
 *   the same container, whose file was fetched already).
 * With S3 storage the URL is a presigned S3 GET with the same lifetime instead, so the bytes do not pass through
 * the app.
 */
const PURPOSE = "media-url";
export const MEDIA_URL_TTL_MS = 60 * 60_000;

export interface MediaAsset {
  id: string;
  workspace_id: string;
  sha256: string;
  content_type: string;
}

/** A URL from which a network can fetch `asset` until `ttlMs` from now. */
export async function mediaUrlFor(deps: Pick<AppDeps, "config" | "secrets" | "clock" | "blobs">, asset: MediaAsset, opts: { ttlMs?: number } = {}): Promise<string> {
  const ttlMs = opts.ttlMs ?? MEDIA_URL_TTL_MS;
  const presigned = await deps.blobs.presignedGetUrl(blobKey(asset.workspace_id, asset.sha256), ttlMs / 1000, asset.content_type);
  if (presigned) return presigned;
  const nonce = randomBytes(12).toString("base64url");
  const exp = Math.floor((deps.clock().getTime() + ttlMs) / 1000);
  const payload = `${nonce}.${asset.id}.${exp}`;
  const signature = signatureOf(deps.secrets, asset.workspace_id, payload);
  return `${deps.config.appUrl}/media/${payload}.${signature}`;
}

const SIGNATURE_CHARS = 22;
const signatureOf = (secrets: AppDeps["secrets"], workspaceId: string, payload: string) => secrets.sign(PURPOSE, `${workspaceId}.${payload}`).slice(0, SIGNATURE_CHARS);
const TOKEN = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9-]{1,40})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/;
const paramsSchema = z.object({ token: z.string() });

/**
 * `GET /media/:token` (and HEAD): the file, for anyone holding a valid, unexpired URL — no session, no cookie. Any
 * bad, altered or expired token is the same bare 404, so nothing can be learnt by trying.
 */
export function registerMediaUrlRoute(app: FastifyInstance, deps: AppDeps): void {
  app.withTypeProvider<ZodTypeProvider>().get("/media/:token", { config: { public: true }, schema: { hide: true, params: paramsSchema } }, async (request, reply) => {
    const notFound = () => reply.code(404).header("cache-control", "no-store").header("content-type", "text/plain; charset=utf-8").send("Not found.");
    const match = request.params.token.length <= 200 ? TOKEN.exec(request.params.token) : null;
    if (!match) return notFound();
    const [, nonce, assetId, exp, signature] = match as unknown as [string, string, string, string, string];
    if (Number(exp) * 1000 <= deps.clock().getTime()) return notFound();
    const asset = await assetById(deps.db, assetId);
    if (!asset || !timingSafeEqual(Buffer.from(signatureOf(deps.secrets, asset.workspace_id, `${nonce}.${assetId}.${exp}`)), Buffer.from(signature))) return notFound();
    const size = Number(asset.size);
    const range = parseRange(request.headers.range, size);
    if (range === "unsatisfiable") return reply.code(416).header("content-range", `bytes */${size}`).header("cache-control", "private, no-store").send();
    const stream = await deps.blobs.read(blobKey(asset.workspace_id, asset.sha256), range ?? undefined);
    if (!stream) return notFound();
    reply
      .header("content-type", asset.content_type)
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "private, no-store")
      .header("accept-ranges", "bytes")
      .header("content-security-policy", "default-src 'none'; sandbox")
      .header("referrer-policy", "no-referrer");
    if (range) reply.code(206).header("content-range", `bytes ${range.start}-${range.end}/${size}`).header("content-length", range.end - range.start + 1);
    else reply.header("content-length", size);
    return reply.send(stream);
  });
}
