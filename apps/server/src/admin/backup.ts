import { randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import * as tar from "tar";
import { VERSION } from "../app.ts";
import { loadConfig, type Config } from "../config.ts";
import { openDatabase, sqliteFile } from "../db/database.ts";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  DATABASE_ENTRY,
  FILES_PREFIX,
  fileStamp,
  humanBytes,
  isStoreKey,
  plural,
  KEY_ENTRY,
  MANIFEST_ENTRY,
  type Manifest,
  type Out,
  removeStale,
  syncDir,
} from "./backup-format.ts";
import { restoreBackup } from "./restore.ts";

/**
 * Writes a backup of the instance to `target`: the embedded database by SQLite's online backup API (on its own
 * connection, while the server runs), the file store taken around it, and the secret key, under a temporary name
 * renamed at the end. On PostgreSQL the database is not in the file: the output says how to dump it.
 */
export async function createBackup(config: Config, target: string, force: boolean, out: Out): Promise<Manifest> {
  const output = path.resolve(target);
  if (fs.existsSync(output) && !force) throw new BackupError(`${output} exists already. Choose another name, or add --force to replace it.`);
  if (!fs.existsSync(config.dataDir)) throw new BackupError(`DATA_DIR ${config.dataDir} does not exist: is DATA_DIR set as for the server?`);
  const filesDir = path.join(config.dataDir, "files");
  if (!path.relative(filesDir, output).startsWith("..")) throw new BackupError(`Write the backup outside the file store (${filesDir}): it would be backed up into itself.`);
  await fsp.mkdir(path.dirname(output), { recursive: true });
  await removeStale(config.dataDir, ".backup-");
  const staging = path.join(config.dataDir, `.backup-${process.pid}-${randomBytes(4).toString("hex")}`);
  await fsp.mkdir(staging, { mode: 0o700 });
  const partial = `${output}.partial-${process.pid}`;
  try {
    const manifest = await stage(config, staging);
    await fsp.writeFile(path.join(staging, MANIFEST_ENTRY), JSON.stringify(manifest, null, 2), { mode: 0o600 });
    await writeArchive(staging, [MANIFEST_ENTRY, ...manifest.entries.map((e) => e.path)], partial);
    await fsp.rename(partial, output);
    await syncDir(path.dirname(output));
    summarise(config, manifest, output, (await fsp.stat(output)).size, out);
    return manifest;
  } finally {
    await fsp.rm(partial, { force: true });
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

/** Puts everything the backup holds into `staging` (files as hard links where it can) and describes it. */
async function stage(config: Config, staging: string): Promise<Manifest> {
  const warnings: string[] = [];
  const filesDir = path.join(config.dataDir, "files");
  const staged = new Map<string, number>();
  const onDisk = !config.s3;
  // Files first, the database, then files again: a file is written before its asset's row and deleted after it, so
  // every asset in the snapshot has its file among the two passes unless it came and went between them (reported).
  if (onDisk) await stageFiles(filesDir, path.join(staging, "files"), staged, warnings);
  let database: Manifest["database"];
  let migrations: string[];
  let refs: Set<string> | null = null;
  let missing: string[] = [];
  if (config.databaseUrl) {
    migrations = await postgresMigrations(config);
    database = { included: false, bytes: 0, note: "PostgreSQL: the database is not in this file; back it up with pg_dump -Fc (see the README)." };
  } else {
    const snapshot = path.join(staging, DATABASE_ENTRY);
    await snapshotSqlite(config.dataDir, snapshot);
    const facts = readSnapshot(snapshot);
    migrations = facts.migrations;
    refs = facts.refs;
    database = { included: true, bytes: (await fsp.stat(snapshot)).size, note: "Embedded SQLite database, copied with SQLite's online backup API." };
  }
  if (onDisk) {
    await stageFiles(filesDir, path.join(staging, "files"), staged, warnings);
    if (refs) missing = await pruneToSnapshot(path.join(staging, "files"), staged, refs, warnings);
  }
  const secretKey = await stageKey(config, staging);
  const fileEntries = [...staged].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, bytes]) => ({ path: FILES_PREFIX + key, bytes }));
  const entries = [
    // The key before the database: a restore reads it to compare with the key in place without reading past the database.
    ...(secretKey.included ? [{ path: KEY_ENTRY, bytes: (await fsp.stat(path.join(staging, KEY_ENTRY))).size }] : []),
    ...(database.included ? [{ path: DATABASE_ENTRY, bytes: database.bytes }] : []),
    ...fileEntries,
  ];
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion: VERSION,
    createdAt: new Date().toISOString(),
    dialect: config.databaseUrl ? "postgres" : "sqlite",
    migrations: { last: migrations.at(-1) ?? "", applied: migrations },
    database,
    files: {
      store: onDisk ? "disk" : "s3",
      included: onDisk,
      count: fileEntries.length,
      bytes: fileEntries.reduce((sum, e) => sum + e.bytes, 0),
      missing,
      note: onDisk
        ? "The local file store (DATA_DIR/files)."
        : `The file store is the S3 bucket ${config.s3!.bucket}: it is not copied; keep the bucket's own versioning or replication.`,
    },
    secretKey,
    entries,
    warnings,
  };
}

/** One consistent copy of the live database: a single backup step holds one read transaction over the whole file. */
async function snapshotSqlite(dataDir: string, destination: string): Promise<void> {
  const file = sqliteFile(dataDir);
  if (!fs.existsSync(file)) throw new BackupError(`No database at ${file}: is DATA_DIR set as for the server?`);
  await fsp.mkdir(path.dirname(destination), { recursive: true });
  const source = new SQLite(file, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    // The first step only measures; the second copies every page at once, so writes by the server in between can
    // not make SQLite start over again and again.
    await source.backup(destination, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  await fsp.chmod(destination, 0o600);
}

/** The snapshot as one self-contained file, checked, with its migrations and the files its assets use. */
function readSnapshot(file: string): { migrations: string[]; refs: Set<string> } {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma("journal_mode = DELETE");
    const check = db.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new BackupError(`The database copy failed SQLite's integrity check (${String(check)}); the live database may be damaged.`);
    const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]));
    const migrations = tables.has("kysely_migration") ? (db.prepare("select name from kysely_migration order by name").pluck().all() as string[]) : [];
    const refs = new Set<string>();
    if (tables.has("assets")) {
      for (const row of db.prepare("select workspace_id, sha256, has_thumbnail from assets").all() as { workspace_id: string; sha256: string; has_thumbnail: number }[]) {
        const key = `${row.workspace_id}/${row.sha256.slice(0, 2)}/${row.sha256}`;
        refs.add(key);
        if (row.has_thumbnail) refs.add(`${key}.thumb.webp`);
      }
    }
    return { migrations, refs };
  } finally {
    db.close();
  }
}

async function postgresMigrations(config: Config): Promise<string[]> {
  const handle = await openDatabase(config);
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
    return rows.rows.map((r) => r.name);
  } catch {
    return []; // a database the server never started on
  } finally {
    await handle.destroy();
  }
}

/**
 * Links (or copies, across file systems) every store file not yet staged. Keys are content hashes, so a file never
 * changes once written; a link keeps the bytes even if the server deletes the file a moment later.
 */
async function stageFiles(root: string, into: string, staged: Map<string, number>, warnings: string[]): Promise<void> {
  if (!fs.existsSync(root)) return;
  for (const entry of await fsp.readdir(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const key = path.relative(root, full).split(path.sep).join("/");
    if (key.split("/").some((s) => s.startsWith("."))) continue; // .incoming: uploads not yet received
    if (entry.isDirectory() || staged.has(key)) continue;
    if (!entry.isFile() || !isStoreKey(key)) {
      warnings.push(`Left out ${key}: ${entry.isFile() ? "not a name the file store uses" : "not a regular file"}.`);
      continue;
    }
    const target = path.join(into, ...key.split("/"));
    await fsp.mkdir(path.dirname(target), { recursive: true });
    try {
      await fsp.link(full, target).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") throw error;
        await fsp.copyFile(full, target, fs.constants.COPYFILE_FICLONE);
      });
      staged.set(key, (await fsp.stat(target)).size);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      // Deleted by the server since the listing: the second pass or the snapshot check says whether it mattered.
    }
  }
}

/**
 * Keeps the files the snapshot's assets use (and any file the store holds for other reasons); leaves out asset
 * files uploaded after the snapshot or deleted before it. Returns the snapshot's files that could not be taken.
 */
async function pruneToSnapshot(into: string, staged: Map<string, number>, refs: Set<string>, warnings: string[]): Promise<string[]> {
  const assetFile = /^[^/]+\/[0-9a-f]{2}\/[0-9a-f]{64}(\.thumb\.webp)?$/;
  for (const key of [...staged.keys()]) {
    if (assetFile.test(key) && !refs.has(key)) {
      await fsp.rm(path.join(into, ...key.split("/")), { force: true });
      staged.delete(key);
    }
  }
  const missing = [...refs].filter((key) => !staged.has(key)).sort();
  if (missing.length) {
    warnings.push(
      `${missing.length} file(s) of assets in the database copy were deleted while the backup ran (their assets were deleted a moment after the copy); ` +
        `after a restore those assets show without their file: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}`,
    );
  }
  return missing;
}

async function stageKey(config: Config, staging: string): Promise<Manifest["secretKey"]> {
  if (config.secretKey) {
    return { included: false, source: "environment", note: "SECRET_KEY comes from the environment: keep it with the backup; the restored server needs the same SECRET_KEY." };
  }
  const file = path.join(config.dataDir, "secret.key");
  if (!fs.existsSync(file)) return { included: false, source: "none", note: "No secret key yet (the server has not started on this DATA_DIR)." };
  await fsp.copyFile(file, path.join(staging, KEY_ENTRY));
  await fsp.chmod(path.join(staging, KEY_ENTRY), 0o600);
  return { included: true, source: "data-dir", note: "DATA_DIR/secret.key is in this file: keep the backup as safe as the key itself." };
}

/** The hard links staged from the live store must go in as files: a tar "link" entry is refused on restore. */
class NoHardLinks extends Map<string, string> {
  override get(): undefined {
    return undefined;
  }
}

async function writeArchive(cwd: string, entries: string[], file: string): Promise<void> {
  const pack = tar.c({ cwd, gzip: true, portable: true, noDirRecurse: true, linkCache: new NoHardLinks() as never }, entries);
  await pipeline(pack, fs.createWriteStream(file, { flags: "wx", mode: 0o600 }));
  const handle = await fsp.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function summarise(config: Config, m: Manifest, output: string, size: number, out: Out): void {
  out.log(`Backup written: ${output} (${humanBytes(size)}, mode 0600)`);
  out.log(
    m.database.included
      ? `  database    embedded SQLite, ${humanBytes(m.database.bytes)}, at migration ${m.migrations.last || "(none)"}`
      : `  database    NOT included: PostgreSQL (at migration ${m.migrations.last || "(none)"})`,
  );
  out.log(m.files.included ? `  files       ${plural(m.files.count, "file")}, ${humanBytes(m.files.bytes)} from ${path.join(config.dataDir, "files")}` : `  files       NOT included: ${m.files.note}`);
  out.log(m.secretKey.included ? `  secret key  included (${m.secretKey.note})` : `  secret key  NOT included: ${m.secretKey.note}`);
  for (const w of m.warnings) out.error(`Warning: ${w}`);
  if (!m.database.included) {
    out.log(
      [
        "",
        "Back up the PostgreSQL database with pg_dump, run just BEFORE this command (so these files cover every asset in the dump):",
        `  pg_dump -Fc -f socialplan-${fileStamp(new Date()).slice(0, 10)}.dump "$DATABASE_URL"`,
        "Keep the .dump file with this backup; `restore` prints the pg_restore steps.",
      ].join("\n"),
    );
  }
}

/** `backup <file> [--force]` and `restore <file> [--force]` of the admin CLI; returns the exit code. */
export async function backupCommand(command: "backup" | "restore", args: string[], env: NodeJS.ProcessEnv, out: Out): Promise<number> {
  const force = args.includes("--force");
  const rest = args.filter((a) => a !== "--force");
  if (rest.length !== 1 || rest[0]!.startsWith("-")) {
    out.error(`Usage: npm run admin -- ${command} <file.tar.gz> [--force]`);
    return 2;
  }
  const config = loadConfig(env);
  try {
    if (command === "backup") await createBackup(config, rest[0]!, force, out);
    else await restoreBackup(config, rest[0]!, force, out);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    out.error(`${command === "backup" ? "Backup" : "Restore"} refused: ${error.message}`);
    return 1;
  }
}
