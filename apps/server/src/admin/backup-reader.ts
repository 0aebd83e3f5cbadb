import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import zlib from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { VERSION } from "../app.ts";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupError, DATABASE_ENTRY, isDataEntry, KEY_ENTRY, type Manifest, MANIFEST_ENTRY, MANIFEST_MAX_BYTES, manifestSchema } from "./backup-format.ts";

// PAX headers (long names) are small: a larger one is not from `backup`.
const META_MAX = 16 * 1024;
const PER_ENTRY_OVERHEAD = 3 * 512 + META_MAX;

type Stop = (error?: Error) => void;

/**
 * Reads a gzipped tar entry by entry, never more than `limit` bytes once decompressed (a compression bomb stops
 * there). `onEntry` handles each entry and may stop the whole read with an error.
 */
function scan(file: string, limit: number, onEntry: (entry: ReadEntry, stop: Stop) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let finished = false;
    const source = fs.createReadStream(file);
    const gunzip = zlib.createGunzip();
    let seen = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        seen += chunk.length;
        if (seen > limit) done(new BackupError("The backup holds more data than its manifest declares: refused."));
        else done(null, chunk);
      },
    });
    const parser = new Parser({ strict: true, maxMetaEntrySize: META_MAX });
    const stop: Stop = (error) => {
      if (finished) return;
      finished = true;
      source.destroy();
      gunzip.destroy();
      counter.destroy();
      if (error) reject(error instanceof BackupError ? error : new BackupError(`The backup file is damaged or not a Socialplan backup (${error.message}).`));
      else resolve();
    };
    for (const stream of [source, gunzip, counter]) stream.on("error", stop);
    parser.on("error", stop);
    parser.on("entry", (entry: ReadEntry) => (finished ? entry.resume() : onEntry(entry, stop)));
    parser.on("end", () => stop());
    source.pipe(gunzip).pipe(counter).pipe(parser as unknown as NodeJS.WritableStream);
  });
}

function collect(entry: ReadEntry, max: number, stop: Stop, then: (body: Buffer) => void): void {
  if (entry.type !== "File" || entry.size > max) return stop(new BackupError(`The entry ${entry.path} is not what a Socialplan backup holds: refused.`));
  const chunks: Buffer[] = [];
  entry.on("data", (c: Buffer) => chunks.push(c));
  entry.on("end", () => then(Buffer.concat(chunks)));
}

/** The manifest (the first entry), checked: the format, a version this release can read, every entry allowed. */
export async function readManifest(file: string): Promise<{ manifest: Manifest; digest: string }> {
  let result: { manifest: Manifest; digest: string } | undefined;
  await scan(file, MANIFEST_MAX_BYTES + PER_ENTRY_OVERHEAD, (entry, stop) => {
    if (entry.path !== MANIFEST_ENTRY) return stop(new BackupError(`Not a Socialplan backup: its first entry is ${entry.path}, not ${MANIFEST_ENTRY}.`));
    collect(entry, MANIFEST_MAX_BYTES, stop, (body) => {
      try {
        result = { manifest: parseManifest(body), digest: createHash("sha256").update(body).digest("hex") };
        stop();
      } catch (error) {
        stop(error as Error);
      }
    });
  });
  if (!result) throw new BackupError(`Not a Socialplan backup: ${file} has no ${MANIFEST_ENTRY}.`);
  return result;
}

function parseManifest(body: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw new BackupError(`The backup's ${MANIFEST_ENTRY} is not JSON: the file is damaged.`);
  }
  const head = json as { format?: unknown; formatVersion?: unknown; appVersion?: unknown };
  if (head.format !== BACKUP_FORMAT) throw new BackupError(`Not a Socialplan backup (format ${JSON.stringify(head.format)}).`);
  if (typeof head.formatVersion !== "number" || head.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      `This backup was made by a newer Socialplan (${String(head.appVersion)}, backup format ${String(head.formatVersion)}) than this one (${VERSION}, backup format ${BACKUP_FORMAT_VERSION}). Upgrade this installation first, then restore.`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupError(`The backup's manifest is not valid at ${issue.path.join(".") || "(top)"}: ${issue.message}.`);
  }
  const m = parsed.data;
  const names = new Set(m.entries.map((e) => e.path));
  if (names.size !== m.entries.length) throw new BackupError("The backup's manifest lists an entry twice: refused.");
  if (m.database.included !== names.has(DATABASE_ENTRY) || m.secretKey.included !== names.has(KEY_ENTRY)) throw new BackupError("The backup's manifest contradicts itself: refused.");
  return m;
}

/**
 * Extracts every entry the manifest lists into `staging`, refusing the whole file at the first entry that is not a
 * plain file of the format (links, folders, devices, "..", absolute names), not listed, listed twice, or of another
 * size than listed; and when a listed entry is missing.
 */
export async function extractBackup(file: string, staging: string, m: Manifest, digest: string): Promise<void> {
  const declared = new Map(m.entries.map((e) => [e.path, e.bytes]));
  const total = m.entries.reduce((sum, e) => sum + e.bytes, 0);
  const limit = MANIFEST_MAX_BYTES + total + (m.entries.length + 2) * PER_ENTRY_OVERHEAD;
  const written = new Set<string>();
  const writes: Promise<void>[] = [];
  let first = true;
  await scan(file, limit, (entry, stop) => {
    if (first) {
      first = false;
      if (entry.path !== MANIFEST_ENTRY) return stop(new BackupError("The backup changed while it was being read: refused."));
      return collect(entry, MANIFEST_MAX_BYTES, stop, (body) => {
        if (createHash("sha256").update(body).digest("hex") !== digest) stop(new BackupError("The backup changed while it was being read: refused."));
      });
    }
    const name = entry.path;
    const size = declared.get(name);
    if (entry.type !== "File" || !isDataEntry(name) || size === undefined || written.has(name)) {
      return stop(new BackupError(`The backup holds an entry that is not part of its format (${JSON.stringify(name)}, ${entry.type}): refused, nothing was restored.`));
    }
    if (entry.size !== size) return stop(new BackupError(`The entry ${name} is ${entry.size} bytes where the manifest says ${size}: refused, nothing was restored.`));
    const target = path.join(staging, ...name.split("/"));
    if (!target.startsWith(staging + path.sep)) return stop(new BackupError(`The entry ${name} points outside the data directory: refused.`));
    written.add(name);
    writes.push(writeEntry(entry, target, name === DATABASE_ENTRY || name === KEY_ENTRY ? 0o600 : 0o644).catch((error: Error) => stop(error)));
  });
  await Promise.all(writes);
  const absent = m.entries.filter((e) => !written.has(e.path));
  if (absent.length) throw new BackupError(`The backup is incomplete: ${absent.length} entr${absent.length === 1 ? "y" : "ies"} listed in its manifest are missing (first: ${absent[0]!.path}).`);
}

async function writeEntry(entry: ReadEntry, target: string, mode: number): Promise<void> {
  entry.pause();
  await fsp.mkdir(path.dirname(target), { recursive: true });
  const out = fs.createWriteStream(target, { flags: "wx", mode });
  await new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.on("close", resolve);
    entry.on("error", reject);
    entry.pipe(out);
  });
}

/** One small entry's bytes (the secret key), or null when the backup does not hold it. */
export async function readEntry(file: string, name: string, m: Manifest): Promise<Buffer | null> {
  const size = m.entries.find((e) => e.path === name)?.bytes;
  if (size === undefined || size > 4096) return null;
  const total = m.entries.reduce((sum, e) => sum + e.bytes, 0);
  let found: Buffer | null = null;
  await scan(file, MANIFEST_MAX_BYTES + total + (m.entries.length + 2) * PER_ENTRY_OVERHEAD, (entry, stop) => {
    if (entry.path !== name) return void entry.resume();
    collect(entry, size, stop, (body) => {
      found = body;
      stop();
    });
  });
  return found;
}
