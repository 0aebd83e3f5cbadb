import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ASSET_TYPES, type AssetContentType, type AssetKind } from "@socialplan/schema";
import { AppError } from "../../lib/errors.ts";

export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
export const tooLarge = (limit: number) => new AppError(413, "upload.too_large", { limit: megabytes(limit) });

/**
 * Streams an upload to a file in `dir` while hashing and counting it: never more than `limit` bytes are
 * written, and nothing is held in memory. The file is synced before this returns.
 */
export async function receive(body: Readable, dir: string, limit: number): Promise<ReceivedFile> {
  const file = path.join(dir, `${randomUUID()}.part`);
  const hash = createHash("sha256");
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) return done(tooLarge(limit));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    const out = fs.createWriteStream(file);
    await pipeline(body, counter, out);
    const handle = await fsp.open(file, "r+");
    await handle.sync();
    await handle.close();
  } catch (error) {
    await fsp.rm(file, { force: true });
    throw error instanceof AppError ? error : new AppError(400, "upload.interrupted");
  }
  if (size === 0) {
    await fsp.rm(file, { force: true });
    throw new AppError(400, "upload.empty");
  }
  return { path: file, size, sha256: hash.digest("hex") };
}

/** The kind a file's name claims (by its extension), if it claims one. */
const CLAIMS: Record<string, AssetKind> = Object.fromEntries([
  ...["png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "tif", "tiff"].map((e) => [e, "image"] as const),
  ...["mp4", "mov", "m4v", "webm", "avi", "mkv"].map((e) => [e, "video"] as const),
  ...["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "md"].map((e) => [e, "document"] as const),
]);

/**
 * What the file is, from its content: the file's name and the browser's claim are never trusted. A name
 * that claims another kind than the content (a program or a page called photo.jpg) is refused as forged.
 */
export async function sniff(file: string, name: string): Promise<{ contentType: AssetContentType; kind: AssetKind }> {
  const found = await sniffContent(file);
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  const claimed = CLAIMS[extension];
  if (claimed && claimed !== found.kind) throw new AppError(415, "upload.type_mismatch", { extension, claimed, found: found.kind });
  return found;
}

async function sniffContent(file: string): Promise<{ contentType: AssetContentType; kind: AssetKind }> {
  const { fileTypeFromFile } = await import("file-type");
  const found = await fileTypeFromFile(file);
  if (found) {
    if (found.mime === "image/heic" || found.mime === "image/heif" || found.mime === "image/heic-sequence") throw new AppError(415, "upload.heic");
    if (found.mime in ASSET_TYPES) return { contentType: found.mime as AssetContentType, kind: ASSET_TYPES[found.mime as AssetContentType] };
    throw new AppError(415, "upload.unsupported_type");
  }
  // No binary signature: plain text is fine, as long as it really is text (UTF-8, no NUL bytes).
  const head = await readHead(file, 64 * 1024);
  if (head.includes(0)) throw new AppError(415, "upload.unsupported_type");
  let text: string;
  try {
    // A multi-byte character cut at the end of the sample is not an error.
    text = new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, lastWholeCharacter(head)));
  } catch {
    throw new AppError(415, "upload.unsupported_type");
  }
  if (/<svg[\s>]/i.test(text.slice(0, 4096))) throw new AppError(415, "upload.svg");
  return { contentType: "text/plain", kind: "document" };
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await fsp.open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The length of `b` without a trailing, incomplete UTF-8 sequence. */
function lastWholeCharacter(b: Buffer): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const byte = b[b.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? b.length - back : b.length;
  }
  return b.length;
}

export interface ImageFacts {
  width: number;
  height: number;
  thumbnail: Buffer;
}

export const THUMBNAIL_SIZE = 480;

/** Width, height (as displayed, after the camera's rotation) and a WebP thumbnail; a damaged image is refused. */
export async function describeImage(file: string | Buffer): Promise<ImageFacts> {
  const { default: sharp } = await import("sharp");
  try {
    const image = sharp(file, { animated: false, failOn: "error" });
    const meta = await image.metadata();
    const thumbnail = await image.clone().rotate().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    const turned = (meta.orientation ?? 1) >= 5;
    return { width: (turned ? meta.height : meta.width) ?? 0, height: (turned ? meta.width : meta.height) ?? 0, thumbnail };
  } catch {
    throw new AppError(422, "upload.unreadable_image");
  }
}
