import { randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import SQLite from "better-sqlite3";
import { VERSION } from "../app.ts";
import type { Config } from "../config.ts";
import { openDatabase, sqliteFile } from "../db/database.ts";
import { LATEST_MIGRATION, migrateToLatest } from "../db/migrate.ts";
import { BackupError, DATABASE_ENTRY, fileStamp, humanBytes, KEY_ENTRY, type Manifest, type Out, plural, removeStale, syncDir } from "./backup-format.ts";
import { extractBackup, readEntry, readManifest } from "./backup-reader.ts";

/**
 * Puts a backup back into DATA_DIR with the server stopped: checks the file completely in a staging folder first
 * (entries, sizes, the database's integrity, its migrations), brings the database up to this release, and only then
 * moves what was there aside (`*.before-restore-<time>`) and the backup in.
 */
export async function restoreBackup(config: Config, source: string, force: boolean, out: Out): Promise<Manifest> {
  const file = path.resolve(source);
  if (!fs.existsSync(file)) throw new BackupError(`No file at ${file}.`);
  const { manifest, digest } = await readManifest(file);
  refuseNewer(manifest);
  if (manifest.database.included && config.databaseUrl) {
    throw new BackupError(
      "This backup holds an embedded (SQLite) database, but DATABASE_URL points to PostgreSQL. Restore it with DATABASE_URL unset, " +
        "then move the workspaces to PostgreSQL with `export-workspace` / `import-workspace` (see the README).",
    );
  }
  const dataDir = config.dataDir;
  const createdDir = !fs.existsSync(dataDir);
  await fsp.mkdir(dataDir, { recursive: true });
  let staging: string | undefined;
  let lock: SQLite.Database | undefined;
  let swapping = false;
  try {
    const liveDb = sqliteFile(dataDir);
    // Held until the swap: a server started meanwhile finds the database locked.
    if (manifest.database.included && fs.existsSync(liveDb)) lock = lockLiveDatabase(liveDb);
    const existing = await existingData(dataDir, manifest, file);
    if (existing.length && !force) {
      throw new BackupError(`DATA_DIR ${dataDir} holds data already (${existing.join(", ")}). Add --force to restore over it: what is there is kept aside as *.before-restore-<time>.`);
    }
    const needed = manifest.entries.reduce((sum, e) => sum + e.bytes, 0);
    const free = freeBytes(dataDir);
    if (needed > free) throw new BackupError(`The backup needs ${humanBytes(needed)} in ${dataDir}; only ${humanBytes(free)} is free.`);

    await removeStale(dataDir, ".restore-");
    staging = path.join(dataDir, `.restore-${process.pid}-${randomBytes(4).toString("hex")}`);
    await fsp.mkdir(staging, { mode: 0o700 });
    await extractBackup(file, staging, manifest, digest);
    const upgraded = manifest.database.included ? await checkAndMigrate(staging) : null;

    swapping = true;
    const stamp = fileStamp(new Date());
    const keptAside: string[] = [];
    const swap = async (name: string, present: boolean) => {
      const target = path.join(dataDir, name);
      if (fs.existsSync(target)) {
        if (name === "files" && !(await hasStoredFiles(target))) await fsp.rm(target, { recursive: true, force: true });
        else {
          await fsp.rename(target, `${target}.before-restore-${stamp}`);
          keptAside.push(`${name}.before-restore-${stamp}`);
        }
      }
      if (present) await fsp.rename(path.join(staging!, name), target);
    };
    if (manifest.database.included) {
      lock?.close();
      for (const suffix of ["-wal", "-shm"]) await fsp.rm(liveDb + suffix, { force: true }); // emptied under the lock
      await swap("socialplan.db", false);
      await fsp.rename(path.join(staging, DATABASE_ENTRY), liveDb);
    }
    if (manifest.files.included) {
      await fsp.mkdir(path.join(staging, "files"), { recursive: true });
      await swap("files", true);
    }
    if (manifest.secretKey.included) {
      const same = await sameContent(path.join(dataDir, KEY_ENTRY), path.join(staging, KEY_ENTRY));
      if (!same) await swap(KEY_ENTRY, true);
    }
    await syncDir(dataDir);
    report(config, manifest, upgraded, keptAside, file, out);
    return manifest;
  } catch (error) {
    // A folder this restore made is removed again, unless restored data is already in it.
    if (createdDir && !swapping) await fsp.rm(dataDir, { recursive: true, force: true });
    throw error;
  } finally {
    if (lock?.open) lock.close();
    if (staging) await fsp.rm(staging, { recursive: true, force: true });
  }
}

/** A backup made by a newer release: refused before anything is written. */
function refuseNewer(m: Manifest): void {
  const newer = m.migrations.applied.filter((name) => name > LATEST_MIGRATION);
  if (newer.length) {
    throw new BackupError(
      `This backup comes from a newer Socialplan (${m.appVersion}, database at migration ${m.migrations.last}) than this one (${VERSION}, migrations up to ${LATEST_MIGRATION}). ` +
        `Upgrade this installation first, then restore. Unknown migration(s): ${newer.join(", ")}.`,
    );
  }
}

/**
 * The server must be stopped: a running server (or worker) holds the database open, and SQLite then refuses an
 * exclusive lock. With the lock, the write-ahead log is folded into the file so that the file alone is the database;
 * the returned connection keeps the lock.
 */
function lockLiveDatabase(file: string): SQLite.Database {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 0");
    db.pragma("locking_mode = EXCLUSIVE");
    try {
      db.exec("BEGIN EXCLUSIVE; COMMIT");
    } catch {
      throw new BackupError(`The database ${file} is in use: stop the Socialplan server and its workers, then restore again.`);
    }
    db.pragma("wal_checkpoint(TRUNCATE)");
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** What a restore would replace (a database, stored files, another secret key). */
async function existingData(dataDir: string, m: Manifest, backupFile: string): Promise<string[]> {
  const found: string[] = [];
  if (m.database.included && fs.existsSync(sqliteFile(dataDir))) found.push("socialplan.db");
  if (m.files.included && (await hasStoredFiles(path.join(dataDir, "files")))) found.push("files/");
  const key = path.join(dataDir, KEY_ENTRY);
  if (m.secretKey.included && fs.existsSync(key)) {
    const inBackup = await readEntry(backupFile, KEY_ENTRY, m);
    if (inBackup === null || !(await fsp.readFile(key)).equals(inBackup)) found.push("a different secret.key");
  }
  return found;
}

async function hasStoredFiles(dir: string): Promise<boolean> {
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  return names.some((n) => !n.startsWith("."));
}

async function sameContent(a: string, b: string): Promise<boolean> {
  try {
    return (await fsp.readFile(a)).equals(await fsp.readFile(b));
  } catch {
    return false;
  }
}

function freeBytes(dir: string): number {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}

/** The restored database must pass SQLite's integrity check and know no migration newer than this release. */
async function checkAndMigrate(staging: string): Promise<{ from: string; to: string }> {
  const file = path.join(staging, DATABASE_ENTRY);
  const raw = new SQLite(file, { fileMustExist: true });
  let applied: string[];
  try {
    const check = raw.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new BackupError(`The database in the backup fails SQLite's integrity check (${String(check)}): restore another backup.`);
    const hasTable = raw.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    applied = hasTable ? (raw.prepare("select name from kysely_migration order by name").pluck().all() as string[]) : [];
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`The database in the backup is not a SQLite database Socialplan made, or is damaged (${(error as Error).message}): restore another backup.`);
  } finally {
    raw.close();
  }
  const newer = applied.filter((name) => name > LATEST_MIGRATION);
  if (newer.length) {
    throw new BackupError(`The database in this backup is at migration ${newer.at(-1)}, newer than this Socialplan (${VERSION}, migrations up to ${LATEST_MIGRATION}). Upgrade this installation first.`);
  }
  // The migrations run on the staged copy: a failure leaves DATA_DIR as it was.
  const handle = await openDatabase({ databaseUrl: undefined, dataDir: path.dirname(file) });
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    throw new BackupError(`The database in the backup could not be brought up to this release's migrations (${(error as Error).message.slice(0, 300)}): it was not made by Socialplan, or is damaged. Nothing was changed.`);
  } finally {
    await handle.destroy();
  }
  const settled = new SQLite(file, { fileMustExist: true });
  try {
    // One self-contained file to move in place (the server puts it back into WAL mode when it opens it).
    settled.pragma("journal_mode = DELETE");
  } finally {
    settled.close();
  }
  return { from: applied.at(-1) ?? "(empty)", to: LATEST_MIGRATION };
}

function report(config: Config, m: Manifest, upgraded: { from: string; to: string } | null, keptAside: string[], file: string, out: Out): void {
  out.log(`Restored ${file} (made ${m.createdAt} by Socialplan ${m.appVersion}) into ${config.dataDir}`);
  if (upgraded) out.log(`  database    integrity ok; migrations ${upgraded.from === upgraded.to ? `current (${upgraded.to})` : `${upgraded.from} → ${upgraded.to}`}`);
  out.log(m.files.included ? `  files       ${plural(m.files.count, "file")}, ${humanBytes(m.files.bytes)}` : `  files       not in the backup: ${m.files.note}`);
  if (m.files.missing.length) out.error(`Warning: ${m.files.missing.length} asset file(s) were missing when the backup was made; those assets show without their file.`);
  if (m.secretKey.included) {
    out.log("  secret key  restored to DATA_DIR/secret.key");
    if (config.secretKey) out.error("Warning: SECRET_KEY is set in this environment and wins over DATA_DIR/secret.key: unset it (or set it to the key from the backup), or connection tokens and 2FA secrets cannot be read.");
  } else if (m.secretKey.source === "environment") {
    out.log("  secret key  not in the backup: start the server with the same SECRET_KEY as the instance the backup came from.");
  }
  if (keptAside.length) out.log(`  kept aside  ${keptAside.join(", ")} (in DATA_DIR; delete them once the restore is checked)`);
  if (!m.database.included) {
    out.log(
      [
        "",
        "The PostgreSQL database is not in this file. Restore it from the pg_dump file made with this backup, into an empty database:",
        '  createdb socialplan        # or: psql "$ADMIN_URL" -c "CREATE DATABASE socialplan"',
        '  pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" socialplan-YYYY-MM-DD.dump',
        "Then start the server: it brings the database up to this release's migrations.",
      ].join("\n"),
    );
  }
  if (!m.files.included && m.files.store === "s3") out.log("Start the server with the same S3_* settings: the files are in the bucket.");
  out.log("Start the server (and workers) again.");
}
