import { createHash } from "node:crypto";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql, type Kysely } from "kysely";
import yazl from "yazl";
import type { DB } from "../../db/database.ts";
import type { BlobStore } from "../../lib/blob-store.ts";
import type { SecretBox } from "../../lib/crypto.ts";
import { blobKey, thumbnailKey } from "../assets/assets.service.ts";
import { exportValue, FORMAT_NAME, FORMAT_VERSION, keyFingerprint, type Manifest } from "./archive.format.ts";
import { carriedColumns, EXPORTED, type ExportedTable } from "./archive.tables.ts";

export interface ExportDeps {
  db: DB;
  secrets: SecretBox;
  blobs: BlobStore;
}

export interface ExportOptions {
  workspaceId: string;
  appVersion: string;
  now: Date;
  /** Carry password hashes, 2FA and instance-admin flags (the admin command's instance move). */
  withCredentials?: boolean;
}

const PAGE = 2000;
type Row = Record<string, unknown>;

/** The name of the last migration applied to this database. */
export async function lastMigration(db: DB): Promise<string> {
  const row = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return row.rows[0]?.name ?? "";
}

/**
 * Writes the workspace's archive (a zip) to `out`: one JSON Lines file per table, read page by page (a table of
 * millions of numbers is never in memory), the asset library's files, and the manifest last, with every entry's
 * row count and sha256. Returns the manifest.
 */
export async function exportWorkspace(deps: ExportDeps, options: ExportOptions, out: Writable): Promise<Manifest> {
  const db = deps.db as unknown as Kysely<any>;
  const workspace = await db.selectFrom("workspaces").select(["id", "name"]).where("id", "=", options.workspaceId).executeTakeFirstOrThrow();
  const withCredentials = options.withCredentials === true;
  const manifest: Manifest = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    appVersion: options.appVersion,
    lastMigration: await lastMigration(deps.db),
    exportedAt: options.now.toISOString(),
    workspace: { id: workspace.id as string, name: workspace.name as string },
    withCredentials,
    secretKeyFingerprint: keyFingerprint(deps.secrets),
    tables: {},
    entries: {},
  };
  const zip = new yazl.ZipFile();
  // A failed read (the database gone, a file vanished) ends the whole archive with that error, never the process.
  const fail = (error: Error) => (zip.outputStream as Readable).destroy(error);
  zip.on("error", fail);
  const done = pipeline(zip.outputStream, out);
  const users = new Set<string>();
  const mtime = options.now;

  const addEntry = (name: string, chunks: () => AsyncGenerator<Buffer>, compress = true) => {
    const hash = createHash("sha256");
    let bytes = 0;
    const stream = Readable.from(
      (async function* () {
        for await (const chunk of chunks()) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
        manifest.entries[name] = { sha256: hash.digest("hex"), bytes };
      })(),
    );
    stream.on("error", fail);
    zip.addReadStream(stream, name, { mtime, compress });
  };

  // Users last among the tables: they are everyone the other tables name (members, authors, approvers…).
  const order = [...EXPORTED.filter((t) => t.scope.kind !== "users" && t.name !== "recovery_codes"), ...EXPORTED.filter((t) => t.scope.kind === "users" || t.name === "recovery_codes")];
  for (const table of order) {
    if (table.credentialsOnly && !withCredentials) continue;
    const columns = carriedColumns(table, withCredentials);
    manifest.tables[table.name] = { rows: 0, columns };
    const userRefs = Object.entries(table.refs ?? {}).filter(([, target]) => target === "users").map(([c]) => c);
    addEntry(`tables/${table.name}.jsonl`, async function* () {
      for await (const rows of pages(db, table, columns, options.workspaceId, users)) {
        const lines = rows.map((row) => {
          for (const c of userRefs) if (typeof row[c] === "string") users.add(row[c]);
          return JSON.stringify(Object.fromEntries(columns.map((c) => [c, exportValue(table.columns[c]!, row[c])])));
        });
        manifest.tables[table.name]!.rows += rows.length;
        yield Buffer.from(lines.join("\n") + "\n");
      }
    });
  }

  for (const key of await fileKeys(db, deps.blobs, options.workspaceId)) {
    addEntry(
      `files/${key}`,
      async function* () {
        const stream = await deps.blobs.read(key);
        if (!stream) throw new Error(`the file ${key} disappeared during the export`);
        for await (const chunk of stream) yield chunk as Buffer;
      },
      false,
    );
  }

  // Read when the zip reaches it, that is once every entry before it has been written and counted.
  zip.addReadStream(Readable.from((async function* () { yield Buffer.from(JSON.stringify(manifest, null, 2)); })()), "manifest.json", { mtime });
  zip.end();
  await done;
  return manifest;
}

/** The table's rows in pages ordered by its primary key (keyset paging: each page is one short query). */
async function* pages(db: Kysely<any>, table: ExportedTable, columns: string[], workspaceId: string, users: Set<string>): AsyncGenerator<Row[]> {
  let last: unknown[] | null = null;
  const scope = table.scope;
  if (scope.kind === "users" || (scope.kind === "parent" && scope.parent === "users")) {
    // Everyone the workspace's rows name: few enough to ask for by id.
    const members = await db.selectFrom("members").select("user_id").where("workspace_id", "=", workspaceId).execute();
    for (const m of members) users.add(m.user_id as string);
    const ids = [...users].sort();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const column = scope.kind === "users" ? "id" : scope.column;
      const rows = await db.selectFrom(table.name).select(columns).where(column, "in", chunk).orderBy(table.key[0]!).execute();
      if (rows.length) yield rows as Row[];
    }
    return;
  }
  for (;;) {
    let q = db.selectFrom(table.name).select(columns);
    if (scope.kind === "workspace") q = q.where(scope.column, "=", workspaceId);
    else q = q.where(scope.column, "in", db.selectFrom(scope.parent).select(scope.parentKey).where("workspace_id", "=", workspaceId));
    if (table.liveChannel) q = q.where(table.liveChannel, "in", db.selectFrom("strategy_entries").select("id").where("workspace_id", "=", workspaceId).where("kind", "=", "channel"));
    if (last) {
      const after = last;
      q = q.where(sql<boolean>`(${sql.join(table.key.map((k) => sql.ref(k)))}) > (${sql.join(after)})`);
    }
    for (const k of table.key) q = q.orderBy(k);
    const rows = (await q.limit(PAGE).execute()) as Row[];
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    const end = rows[rows.length - 1]!;
    last = table.key.map((k) => end[k]);
  }
}

/** The asset library's files (and thumbnails) that the store still holds. */
async function fileKeys(db: Kysely<any>, blobs: BlobStore, workspaceId: string): Promise<string[]> {
  const assets = await db.selectFrom("assets").select(["sha256", "has_thumbnail"]).where("workspace_id", "=", workspaceId).orderBy("sha256").execute();
  const keys: string[] = [];
  for (const a of assets) {
    const candidates = [blobKey(workspaceId, a.sha256 as string), ...(a.has_thumbnail ? [thumbnailKey(workspaceId, a.sha256 as string)] : [])];
    for (const key of candidates) {
      const stream = await blobs.read(key, { start: 0, end: 0 });
      if (!stream) continue;
      stream.destroy();
      keys.push(key);
    }
  }
  return keys;
}
