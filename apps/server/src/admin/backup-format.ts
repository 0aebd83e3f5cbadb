import fsp from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * The backup file: a gzipped tar whose first entry is `manifest.json`, then `database/socialplan.db` (the embedded
 * database, when it is in the file), `secret.key` (when the key lives in DATA_DIR) and `files/<key>` for each file of
 * the local file store. Nothing else: a restore refuses any other entry, any link and any size the manifest does not
 * declare.
 */
export const BACKUP_FORMAT = "socialplan-backup";
/** Raised when a restore of today's files by an older release would go wrong. */
export const BACKUP_FORMAT_VERSION = 1;

export const MANIFEST_ENTRY = "manifest.json";
export const DATABASE_ENTRY = "database/socialplan.db";
export const KEY_ENTRY = "secret.key";
export const FILES_PREFIX = "files/";
/** The manifest is read into memory: this bounds it (about 150 bytes per file: some hundred thousand files). */
export const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;

// A file-store key: the blob store's own keys (`<workspace>/<ab>/<sha256>[.thumb.webp]`) match, and "." or ".."
// can never be a segment.
const SEGMENT = "[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}";
const FILE_KEY = new RegExp(`^(?:${SEGMENT}/){0,8}${SEGMENT}$`);

/** Whether `key` (a path under the file store, "/"-separated) may be in a backup. */
export const isStoreKey = (key: string): boolean => FILE_KEY.test(key);

/** Whether `entry` is a name the format defines (manifest excluded). */
export function isDataEntry(entry: string): boolean {
  if (entry === DATABASE_ENTRY || entry === KEY_ENTRY) return true;
  return entry.startsWith(FILES_PREFIX) && isStoreKey(entry.slice(FILES_PREFIX.length));
}

const entrySchema = z.object({ path: z.string().refine(isDataEntry, "not an entry of the backup format"), bytes: z.number().int().min(0) });

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  appVersion: z.string(),
  createdAt: z.string(),
  dialect: z.enum(["sqlite", "postgres"]),
  migrations: z.object({ last: z.string(), applied: z.array(z.string()) }),
  database: z.object({ included: z.boolean(), bytes: z.number().int().min(0), note: z.string() }),
  files: z.object({
    store: z.enum(["disk", "s3"]),
    included: z.boolean(),
    count: z.number().int().min(0),
    bytes: z.number().int().min(0),
    /** Files of assets in the database snapshot that were deleted before the backup could take them. */
    missing: z.array(z.string()),
    note: z.string(),
  }),
  secretKey: z.object({ included: z.boolean(), source: z.enum(["data-dir", "environment", "none"]), note: z.string() }),
  /** Every entry after the manifest, with its exact size. */
  entries: z.array(entrySchema),
  warnings: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;

/** A refusal with a message for the administrator (exit code 1, no stack trace). */
export class BackupError extends Error {}

/** Bytes as the summary shows them. */
export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A timestamp usable in a file name (no colons). */
export const fileStamp = (d: Date) => d.toISOString().replace(/[:.]/g, "-");

export type Out = Pick<Console, "log" | "error">;

export async function syncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes `<prefix><pid>-…` folders left by a backup or restore whose process is gone (a crash, a kill). */
export async function removeStale(dataDir: string, prefix: string): Promise<void> {
  for (const name of await fsp.readdir(dataDir).catch(() => [] as string[])) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length).split("-")[0]) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    await fsp.rm(path.join(dataDir, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

