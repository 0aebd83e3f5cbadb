import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import yauzl from "yauzl";
import { archiveError, FILE_ENTRY, TABLE_ENTRY, type ArchiveLimits } from "./archive.format.ts";

/** An archive opened for reading: its entries by name, checked before anything is read. */
export interface OpenArchive {
  entries: Map<string, yauzl.Entry>;
  /** The entry's bytes, counted and hashed as they are read. */
  read(name: string): Promise<{ stream: Readable; digest: () => { sha256: string; bytes: number } }>;
  close(): void;
}

const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
/** A thumbnail is a 480-pixel WebP and is hashed against nothing: far below this, unless it is a compression bomb. */
const THUMBNAIL_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Opens a zip and checks its directory: the entry count, every name (only the manifest, `tables/<name>.jsonl` and
 * `files/<key>`; no `..`, no absolute path, no backslash, no duplicate), no encryption, and the uncompressed sizes
 * against the limits. yauzl then refuses any entry whose bytes exceed the size its header declares.
 */
export async function openArchive(file: string, limits: ArchiveLimits): Promise<OpenArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true, decodeStrings: true }, (err, z) =>
      err || !z ? reject(archiveError("not_zip", { detail: err?.message ?? "" })) : resolve(z),
    ),
  );
  try {
    if (zip.entryCount > limits.maxEntries) throw archiveError("too_many_entries", { count: zip.entryCount, limit: limits.maxEntries });
    const entries = new Map<string, yauzl.Entry>();
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on("error", (err: Error) => reject(err instanceof Error && "statusCode" in err ? err : archiveError("not_zip", { detail: err.message })));
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        const problem = checkEntry(entry, entries, limits);
        if (problem) return reject(problem);
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) return reject(archiveError("too_large", { file: name, limit: limits.maxTotalBytes }));
        entries.set(name, entry);
        zip.readEntry();
      });
      zip.readEntry();
    });
    return {
      entries,
      read: (name) =>
        new Promise((resolve, reject) => {
          const entry = entries.get(name);
          if (!entry) return reject(archiveError("missing_entry", { file: name }));
          zip.openReadStream(entry, (err, stream) => {
            if (err || !stream) return reject(archiveError("not_zip", { detail: `${name}: ${err?.message ?? ""}` }));
            const hash = createHash("sha256");
            let bytes = 0;
            const counted = new Transform({
              transform(chunk: Buffer, _enc, done) {
                hash.update(chunk);
                bytes += chunk.length;
                done(null, chunk);
              },
            });
            stream.on("error", (e) => counted.destroy(archiveError("damaged_entry", { file: name, detail: e.message })));
            stream.pipe(counted);
            resolve({ stream: counted, digest: () => ({ sha256: hash.digest("hex"), bytes }) });
          });
        }),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

function checkEntry(entry: yauzl.Entry, seen: Map<string, yauzl.Entry>, limits: ArchiveLimits) {
  const name = entry.fileName;
  const known = name === "manifest.json" || TABLE_ENTRY.test(name) || FILE_ENTRY.test(name);
  if (!known || name.includes("..")) return archiveError("unknown_entry", { file: name.slice(0, 200) });
  if (seen.has(name)) return archiveError("duplicate_entry", { file: name });
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) return archiveError("encrypted_entry", { file: name });
  const cap =
    name === "manifest.json" ? MANIFEST_MAX_BYTES : name.endsWith(".thumb.webp") ? Math.min(THUMBNAIL_MAX_BYTES, limits.maxFileBytes) : name.startsWith("files/") ? limits.maxFileBytes : limits.maxTotalBytes;
  if (entry.uncompressedSize > cap) return archiveError("too_large", { file: name, limit: cap });
  return null;
}

/** Reads a whole (small, capped) entry. */
export async function readSmall(archive: OpenArchive, name: string): Promise<{ text: string; sha256: string; bytes: number }> {
  const { stream, digest } = await archive.read(name);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MANIFEST_MAX_BYTES) throw archiveError("too_large", { file: name, limit: MANIFEST_MAX_BYTES });
    parts.push(chunk as Buffer);
  }
  return { text: Buffer.concat(parts).toString("utf8"), ...digest() };
}
