import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

/** S3-compatible storage for the asset library (S3_* variables). */
export interface S3Config {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (http://host/bucket/key), which MinIO, s3rver and most self-hosted stores need. */
  forcePathStyle: boolean;
  /** Prepended to every key, to share a bucket with other data. */
  prefix: string;
}

/** A byte range, both ends included (as in an HTTP Range header). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where the asset library keeps its bytes. Keys are content hashes, so a key's bytes never change: writing a
 * key again is harmless, and a write interrupted by a crash leaves at worst an unreferenced file.
 */
export interface BlobStore {
  readonly kind: "disk" | "s3";
  /** A folder on local disk for files being received; they are handed over with `takeFile`. */
  readonly incomingDir: string;
  /** Stores a complete, synced local file under `key` and removes the local file. */
  takeFile(key: string, file: string, contentType: string): Promise<void>;
  putBytes(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes (or a range of them), or null when nothing is stored under `key`. */
  read(key: string, range?: ByteRange): Promise<Readable | null>;
  delete(key: string): Promise<void>;
  /**
   * A URL anyone holding it can GET the bytes from until it expires (a presigned S3 URL), for networks that fetch
   * media themselves; null where the store has none (disk: the app serves its own signed URL, features/publishing/media-urls.ts).
   */
  presignedGetUrl(key: string, expiresInSeconds: number, contentType: string): Promise<string | null>;
}

/** Picks the store from the configuration: S3-compatible storage when S3_BUCKET is set, else `<dataDir>/files`. */
export async function createBlobStore(dataDir: string, s3: S3Config | undefined): Promise<BlobStore> {
  const incomingDir = path.join(dataDir, "files", ".incoming");
  await fsp.mkdir(incomingDir, { recursive: true });
  // Files left half-received by a crash belong to no asset.
  for (const name of await fsp.readdir(incomingDir)) await fsp.rm(path.join(incomingDir, name), { force: true });
  return s3 ? S3BlobStore.create(s3, incomingDir) : new DiskBlobStore(path.join(dataDir, "files"), incomingDir);
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class DiskBlobStore implements BlobStore {
  readonly kind = "disk";
  constructor(
    private readonly root: string,
    readonly incomingDir: string,
  ) {}

  private pathOf(key: string): string {
    const file = path.resolve(this.root, key);
    if (!file.startsWith(this.root + path.sep) || key.startsWith(".")) throw new Error(`invalid blob key ${key}`);
    return file;
  }

  async takeFile(key: string, file: string): Promise<void> {
    const target = this.pathOf(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    // Same file system: a rename is atomic, and syncing the folder makes it survive a power cut.
    await fsp.rename(file, target);
    await syncDir(path.dirname(target));
  }

  async putBytes(key: string, bytes: Buffer): Promise<void> {
    const temp = path.join(this.incomingDir, `${randomUUID()}.part`);
    const handle = await fsp.open(temp, "w");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.takeFile(key, temp);
  }

  async read(key: string, range?: ByteRange): Promise<Readable | null> {
    const file = this.pathOf(key);
    try {
      await fsp.access(file);
    } catch {
      return null;
    }
    return fs.createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async presignedGetUrl(): Promise<string | null> {
    return null;
  }
}

type S3Module = typeof import("@aws-sdk/client-s3");

/** S3, MinIO, R2, Garage, … The SDK is loaded only when configured, so the embedded set-up starts fast. */
export class S3BlobStore implements BlobStore {
  readonly kind = "s3";
  private constructor(
    private readonly sdk: S3Module,
    private readonly client: InstanceType<S3Module["S3Client"]>,
    private readonly config: S3Config,
    readonly incomingDir: string,
  ) {}

  static async create(config: S3Config, incomingDir: string): Promise<S3BlobStore> {
    const sdk = await import("@aws-sdk/client-s3");
    const client = new sdk.S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      // Checksums only where the API requires them: the default sends streamed bodies as "aws-chunked",
      // which many S3-compatible stores (s3rver, older MinIO, Garage) store as is, framing and all.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    });
    return new S3BlobStore(sdk, client, config, incomingDir);
  }

  private key(key: string): string {
    return `${this.config.prefix}${key}`;
  }

  async takeFile(key: string, file: string, contentType: string): Promise<void> {
    const { size } = await fsp.stat(file);
    await this.client.send(new this.sdk.PutObjectCommand({ Bucket: this.config.bucket, Key: this.key(key), Body: fs.createReadStream(file), ContentLength: size, ContentType: contentType }));
    await fsp.rm(file, { force: true });
  }

  async putBytes(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.client.send(new this.sdk.PutObjectCommand({ Bucket: this.config.bucket, Key: this.key(key), Body: bytes, ContentType: contentType }));
  }

  async read(key: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const res = await this.client.send(
        new this.sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      return res.Body as Readable;
    } catch (error) {
      if (error instanceof this.sdk.NoSuchKey || (error as { name?: string }).name === "NotFound") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.key(key) }));
  }

  /** A presigned GET (query-string SigV4, at most 7 days as S3 allows) that answers with the file's type. */
  async presignedGetUrl(key: string, expiresInSeconds: number, contentType: string): Promise<string | null> {
    const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
    const command = new this.sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(key), ResponseContentType: contentType, ResponseCacheControl: "private, no-store" });
    return getSignedUrl(this.client, command, { expiresIn: Math.max(1, Math.min(7 * 24 * 3600, Math.round(expiresInSeconds))) });
  }
}
