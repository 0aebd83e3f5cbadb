import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { currencySchema, localeSchema, roleSchema, timezoneSchema, weekStartSchema, workspaceSettingsSchema, type ArchiveImportReport } from "@socialplan/schema";
import { z, type ZodType } from "zod";
import type { Kysely } from "kysely";
import type { DB } from "../../db/database.ts";
import type { BlobStore } from "../../lib/blob-store.ts";
import type { SecretBox } from "../../lib/crypto.ts";
import { AppError } from "../../lib/errors.ts";
import { lastMigration } from "./archive.export.ts";
import { archiveError, checkValue, DEFAULT_LIMITS, FILE_ENTRY, FORMAT_VERSION, keyFingerprint, LineSplitter, manifestSchema, type ArchiveLimits, type Manifest } from "./archive.format.ts";
import { EXPORTED, EXPORTED_BY_NAME, type ExportedTable, type TableName } from "./archive.tables.ts";
import { openArchive, readSmall, type OpenArchive } from "./archive.zip.ts";

export interface ImportDeps {
  db: DB;
  secrets: SecretBox;
  blobs: BlobStore;
}

/** Not a password hash: no password matches it, so the account signs in only after "Forgot password". */
const NO_PASSWORD = "!imported-without-password";
export const RECONNECT_REASON = "Moved from another instance: its sign-in could not be carried over. Connect the account again.";

export interface ImportOptions {
  limits?: ArchiveLimits;
  /**
   * Take password hashes, 2FA and the instance-admin flag from an archive made `--with-credentials`: the operator's
   * instance move only. Otherwise they are ignored — an archive's author must never choose a password or admin rights here.
   */
  acceptCredentials?: boolean;
}

type Row = Record<string, string | number | null>;
type Any = Kysely<any>;

interface State {
  manifest: Manifest;
  limits: ArchiveLimits;
  /** Credentials carried and accepted. */
  credentials: boolean;
  trx: Any;
  sameKey: boolean;
  /** Ids of the rows written so far, for the tables other rows point at. */
  ids: Map<TableName, Set<string>>;
  /** The archive's user ids → the accounts on this instance. */
  userIds: Map<string, string>;
  /** Accounts made by this import (only those may take the archive's recovery codes). */
  created: Set<string>;
  twoFactorKept: Set<string>;
  /** sha256 → content type of the archive's assets: the only files it may carry. */
  assetTypes: Map<string, string>;
  /** References to rows that may have been deleted: checked once everything is in. */
  soft: Map<string, { file: string; line: number; column: string; table: TableName; value: string }>;
  selfRefs: { table: ExportedTable; id: string; parent: string }[];
  report: ArchiveImportReport;
}

/**
 * Values the app itself only ever stores from a fixed set, or as JSON text: one made up (a role "god", a currency
 * "ZZ!") answered 500 on every screen of the workspace, also for an existing account the archive made a member by its
 * email; a connection's config that is not JSON broke other workspaces' disconnects (revoke.ts reads them all).
 */
const JSON_TEXT: [ZodType, string] = [
  z.string().refine((text) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }),
  "JSON text",
];
const settings = workspaceSettingsSchema.shape;
const APP_VALUES: Partial<Record<TableName, Record<string, [ZodType, string]>>> = {
  workspaces: {
    timezone: [timezoneSchema, "a time zone such as Asia/Seoul"],
    currency: [currencySchema, "a currency code such as KRW"],
    locale: [localeSchema, "en or ko"],
    week_start: [weekStartSchema, "a weekday from 1 to 7"],
    period_start: [settings.periodStart, "a month such as 2026-01"],
    // 2,000,000 months made one budget page of ~760 MB, built while the server answered no one else.
    period_months: [settings.periodMonths, "a number of months from 1 to 36"],
    missed_post_minutes: [settings.missedPostMinutes, "a number of minutes from 1 to 10080"],
    review_cadence_days: [settings.reviewCadenceDays, "a number of days from 0 to 365"],
    report_schedule: [settings.reportSchedule, "off, weekly or monthly"],
    report_recipients: JSON_TEXT,
  },
  members: { role: [roleSchema, "owner, admin, editor or viewer"] },
  users: { locale: [localeSchema, "en or ko"] },
  strategy_entries: { data: JSON_TEXT },
  strategy_revisions: { data: JSON_TEXT },
  board_cards: { labels: JSON_TEXT, checklist: JSON_TEXT },
  assets: { tags: JSON_TEXT },
  connections: { config: JSON_TEXT, quota: JSON_TEXT },
  posts: { variants: JSON_TEXT, media: JSON_TEXT, utm: JSON_TEXT },
  deliveries: { remote_steps: JSON_TEXT },
  reports: { snapshot: JSON_TEXT, answers: JSON_TEXT },
};

const REFERENCED = new Set<TableName>(EXPORTED.flatMap((t) => [...Object.values(t.refs ?? {}), ...Object.values(t.softRefs ?? {})]));

/**
 * Imports a workspace archive in one transaction: nothing is written unless all of it is valid. Every entry is
 * checked (names, sizes, sha256 against the manifest), every row (known columns, types, the archive's workspace,
 * references inside the archive), and an id that already exists here refuses the whole import.
 */
export async function importWorkspace(deps: ImportDeps, file: string, options: ImportOptions = {}): Promise<ArchiveImportReport> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const archive = await openArchive(file, limits);
  const written: string[] = [];
  try {
    const manifest = await readManifest(deps.db, archive);
    const db = deps.db as unknown as Any;
    if (await db.selectFrom("workspaces").select("id").where("id", "=", manifest.workspace.id).executeTakeFirst()) {
      throw new AppError(409, "archive.workspace_exists", { id: manifest.workspace.id, name: manifest.workspace.name });
    }
    const sameKey = manifest.secretKeyFingerprint === keyFingerprint(deps.secrets);
    return await db.transaction().execute(async (trx) => {
      const state: State = {
        manifest,
        limits,
        credentials: manifest.withCredentials && options.acceptCredentials === true,
        trx,
        sameKey,
        ids: new Map([...REFERENCED].map((t) => [t, new Set<string>()])),
        userIds: new Map(),
        created: new Set(),
        twoFactorKept: new Set(),
        assetTypes: new Map(),
        soft: new Map(),
        selfRefs: [],
        report: { workspace: manifest.workspace, rows: {}, files: 0, usersMatched: [], usersWithoutPassword: [], secretsKept: sameKey, connectionsToReconnect: [], twoFactorDropped: [] },
      };
      for (const table of EXPORTED) {
        const name = `tables/${table.name}.jsonl`;
        if (!archive.entries.has(name)) {
          if (table.name === "workspaces" || table.name === "users") throw archiveError("missing_entry", { file: name });
          continue;
        }
        await importTable(deps, archive, state, table, name);
      }
      if (state.report.rows.workspaces !== 1) throw archiveError("row_count", { file: "tables/workspaces.jsonl", expected: 1, found: state.report.rows.workspaces ?? 0 });
      await finishReferences(state);
      state.report.files = await importFiles(deps, archive, state, written);
      return state.report;
    });
  } catch (error) {
    for (const key of written) await deps.blobs.delete(key).catch(() => undefined);
    throw error;
  } finally {
    archive.close();
  }
}

async function readManifest(db: DB, archive: OpenArchive): Promise<Manifest> {
  if (!archive.entries.has("manifest.json")) throw archiveError("missing_entry", { file: "manifest.json" });
  const { text } = await readSmall(archive, "manifest.json");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw archiveError("bad_json", { file: "manifest.json", line: 1 });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw archiveError("bad_manifest", { field: issue.path.join(".") || "(root)", detail: issue.message });
  }
  const manifest = parsed.data;
  if (manifest.formatVersion > FORMAT_VERSION) throw archiveError("newer_format", { version: manifest.formatVersion, supported: FORMAT_VERSION });
  const ours = await lastMigration(db);
  if (manifest.lastMigration > ours) throw archiveError("newer_database", { theirs: manifest.lastMigration, ours });
  for (const name of archive.entries.keys()) {
    if (name === "manifest.json") continue;
    if (!manifest.entries[name]) throw archiveError("unlisted_entry", { file: name });
    const table = /^tables\/(.+)\.jsonl$/.exec(name)?.[1];
    if (table !== undefined) {
      const spec = EXPORTED_BY_NAME.get(table);
      if (!spec || (spec.credentialsOnly && !manifest.withCredentials)) throw archiveError("unknown_table", { file: name });
      if (!manifest.tables[table]) throw archiveError("unlisted_entry", { file: name });
    }
    const fileKey = FILE_ENTRY.exec(name);
    if (fileKey && fileKey[1] !== manifest.workspace.id) throw archiveError("wrong_workspace", { file: name, line: 0 });
    // The asset store's own key only (`<workspace>/<first 2 of the hash>/<hash>`): no copies under other folders.
    if (fileKey && fileKey[2] !== fileKey[3]!.slice(0, 2)) throw archiveError("unknown_entry", { file: name });
  }
  for (const name of Object.keys(manifest.entries)) if (!archive.entries.has(name)) throw archiveError("missing_entry", { file: name });
  for (const [table, info] of Object.entries(manifest.tables)) {
    const spec = EXPORTED_BY_NAME.get(table);
    if (!spec) throw archiveError("unknown_table", { file: `tables/${table}.jsonl` });
    for (const c of info.columns) {
      if (!Object.hasOwn(spec.columns, c) || (spec.credentials?.includes(c) && !manifest.withCredentials)) throw archiveError("unknown_column", { file: `tables/${table}.jsonl`, line: 0, column: c });
    }
  }
  return manifest;
}

/** Streams one table file: each line checked and mapped, written in batches. */
async function importTable(deps: ImportDeps, archive: OpenArchive, state: State, table: ExportedTable, file: string): Promise<void> {
  const declared = state.manifest.tables[table.name]!;
  const columns = declared.columns.filter((c) => !table.derived?.includes(c));
  const batchSize = Math.max(1, Math.min(500, Math.floor(20_000 / Math.max(1, columns.length))));
  const { stream, digest } = await archive.read(file);
  const lines = new LineSplitter(state.limits.maxLineBytes, file);
  let batch: { line: number; row: Row }[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length) await insertBatch(state, table, file, batch);
    batch = [];
  };
  const run = async () => {
    for await (const { line, text } of lines as AsyncIterable<{ line: number; text: string }>) {
      // No blank lines: a file of nothing but newlines matched "0 rows" while the import's transaction waited for it.
      if (text.trim() === "") throw archiveError("bad_json", { file, line });
      const row = await checkRow(deps, state, table, file, line, text, declared.columns, columns);
      count += 1;
      if (row) batch.push({ line, row });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  };
  const piping = pipeline(stream, lines);
  try {
    await run();
    await piping;
  } catch (error) {
    // A refused row stops the reading too: nothing is left running behind the error.
    lines.destroy();
    stream.destroy();
    await piping.catch(() => undefined);
    throw error;
  }
  const got = digest();
  const listed = state.manifest.entries[file]!;
  if (got.sha256 !== listed.sha256 || got.bytes !== listed.bytes) throw archiveError("checksum", { file });
  if (count !== declared.rows) throw archiveError("row_count", { file, expected: declared.rows, found: count });
  state.report.rows[table.name] = (state.report.rows[table.name] ?? 0) + count;
  if (table.selfRef) {
    for (const s of state.selfRefs.filter((x) => x.table === table)) {
      await state.trx.updateTable(table.name).set({ [table.selfRef]: s.parent }).where("id", "=", s.id).execute();
    }
  }
}

async function checkRow(deps: ImportDeps, state: State, table: ExportedTable, file: string, line: number, text: string, declared: string[], columns: string[]): Promise<Row | null> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw archiveError("bad_json", { file, line });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw archiveError("bad_json", { file, line });
  const given = json as Record<string, unknown>;
  for (const c of Object.keys(given)) if (!declared.includes(c)) throw archiveError("unknown_column", { file, line, column: c.slice(0, 60) });
  const row: Row = {};
  for (const c of columns) {
    if (!Object.hasOwn(given, c)) throw archiveError("missing_column", { file, line, column: c });
    const checked = checkValue(table.columns[c]!, given[c]);
    if (!checked.ok) throw archiveError("wrong_type", { file, line, column: c, expected: checked.expected });
    row[c] = checked.value;
  }
  for (const [column, [schema, expected]] of Object.entries(APP_VALUES[table.name] ?? {})) {
    if (row[column] !== null && row[column] !== undefined && !schema.safeParse(row[column]).success) throw archiveError("wrong_type", { file, line, column, expected });
  }
  const ws = state.manifest.workspace.id;
  if (table.scope.kind === "workspace" && row[table.scope.column] !== ws) throw archiveError("wrong_workspace", { file, line });
  for (const [column, target] of Object.entries(table.refs ?? {})) {
    const value = row[column];
    if (value === null || value === undefined || column === table.selfRef) continue;
    if (target === "users") {
      const mapped = state.userIds.get(String(value));
      if (!mapped) throw archiveError("dangling_ref", { file, line, column, value: String(value) });
      row[column] = mapped;
    } else if (!state.ids.get(target)?.has(String(value))) throw archiveError("dangling_ref", { file, line, column, value: String(value) });
  }
  for (const [column, target] of Object.entries(table.softRefs ?? {})) {
    const value = row[column];
    const id = `${target}:${String(value)}`;
    if (typeof value === "string" && !state.ids.get(target)?.has(value) && !state.soft.has(id)) state.soft.set(id, { file, line, column, table: target, value });
  }
  if (table.selfRef && row[table.selfRef] !== null) {
    state.selfRefs.push({ table, id: String(row.id), parent: String(row[table.selfRef]) });
    row[table.selfRef] = null;
  }
  if (table.name === "users") return importUser(deps, state, file, line, row);
  // Refs are mapped by now: user_id is the account here.
  if (table.name === "recovery_codes" && !state.twoFactorKept.has(String(row.user_id))) return null;
  if (table.name === "connections" && !state.sameKey) {
    row.secret = deps.secrets.seal("{}");
    row.status = "paused";
    row.status_reason = RECONNECT_REASON;
    state.report.connectionsToReconnect.push({ id: String(row.id), label: String(row.label), kind: String(row.kind) });
  }
  if (table.name === "assets") state.assetTypes.set(String(row.sha256), String(row.content_type));
  const key = table.key.length === 1 ? String(row[table.key[0]!]) : null;
  if (key !== null) {
    const ids = state.ids.get(table.name);
    if (ids?.has(key)) throw archiveError("duplicate_row", { file, line, id: key });
    ids?.add(key);
  }
  return row;
}

/** Users are matched by email; an email without an account here gets one without a usable password. */
async function importUser(deps: ImportDeps, state: State, file: string, line: number, row: Row): Promise<Row | null> {
  const email = String(row.email).trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw archiveError("wrong_type", { file, line, column: "email", expected: "an email address" });
  const archiveId = String(row.id);
  if (state.userIds.has(archiveId)) throw archiveError("duplicate_row", { file, line, id: archiveId });
  const existing = await state.trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (existing) {
    state.userIds.set(archiveId, existing.id as string);
    state.report.usersMatched.push(email);
    return null;
  }
  const taken = await state.trx.selectFrom("users").select("id").where("id", "=", archiveId).executeTakeFirst();
  const id = taken ? randomUUID() : archiveId;
  state.userIds.set(archiveId, id);
  state.created.add(id);
  const withHash = state.credentials && typeof row.password_hash === "string" && row.password_hash !== "";
  if (!withHash) state.report.usersWithoutPassword.push(email);
  const keepTotp = state.credentials && state.sameKey && row.totp_secret !== null && row.totp_secret !== undefined;
  if (keepTotp) state.twoFactorKept.add(id);
  else if (row.totp_secret && state.credentials) state.report.twoFactorDropped.push(email);
  return {
    id,
    email,
    name: row.name!,
    locale: row.locale!,
    created_at: row.created_at!,
    updated_at: row.updated_at!,
    password_hash: withHash ? row.password_hash! : NO_PASSWORD,
    totp_secret: keepTotp ? row.totp_secret! : null,
    totp_pending: keepTotp ? (row.totp_pending ?? null) : null,
    totp_last_counter: keepTotp ? (row.totp_last_counter ?? null) : null,
    instance_admin: state.credentials && row.instance_admin === 1 ? 1 : 0,
  };
}

async function insertBatch(state: State, table: ExportedTable, file: string, batch: { line: number; row: Row }[]): Promise<void> {
  const where = `${batch[0]!.line}–${batch[batch.length - 1]!.line}`;
  const key = table.key.length === 1 ? table.key[0]! : null;
  if (key) {
    const values = batch.map((b) => b.row[key]);
    const found = await state.trx.selectFrom(table.name).select(key).where(key, "in", values).executeTakeFirst();
    if (found) {
      const at = batch.find((b) => b.row[key] === found[key])!;
      throw new AppError(409, "archive.row_exists", { file, line: at.line, id: String(found[key]) });
    }
  }
  try {
    await state.trx.insertInto(table.name).values(batch.map((b) => b.row)).execute();
  } catch (error) {
    throw archiveError("refused", { file, line: where, detail: (error as Error).message.slice(0, 300) });
  }
}

/** References to rows outside the archive: a deleted row's id is kept only if it names no row of another workspace. */
async function finishReferences(state: State): Promise<void> {
  for (const s of state.selfRefs) {
    if (!state.ids.get(s.table.name)?.has(s.parent)) throw archiveError("dangling_ref", { file: `tables/${s.table.name}.jsonl`, line: 0, column: s.table.selfRef!, value: s.parent });
  }
  const pending = [...state.soft.values()].filter((s) => !state.ids.get(s.table)?.has(s.value));
  for (let i = 0; i < pending.length; i += 500) {
    const chunk = pending.slice(i, i + 500);
    for (const table of new Set(chunk.map((c) => c.table))) {
      const values = chunk.filter((c) => c.table === table).map((c) => c.value);
      const found = await state.trx.selectFrom(table).select("id").where("id", "in", values).where("workspace_id", "<>", state.manifest.workspace.id).executeTakeFirst();
      if (found) {
        const at = chunk.find((c) => c.value === found.id)!;
        throw archiveError("dangling_ref", { file: at.file, line: at.line, column: at.column, value: at.value });
      }
    }
  }
}

/** The asset library's files: each one's content must hash to the name it is stored under. */
async function importFiles(deps: ImportDeps, archive: OpenArchive, state: State, written: string[]): Promise<number> {
  let count = 0;
  for (const name of archive.entries.keys()) {
    const match = FILE_ENTRY.exec(name);
    if (!match) continue;
    const [, , , sha256, thumb] = match;
    const type = state.assetTypes.get(sha256!);
    if (!type) throw archiveError("orphan_file", { file: name });
    const { stream, digest } = await archive.read(name);
    const temp = path.join(deps.blobs.incomingDir, `${randomUUID()}.part`);
    const content = createHash("sha256");
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, done) {
        content.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, hashing, fs.createWriteStream(temp));
      const got = digest();
      const listed = state.manifest.entries[name]!;
      if (got.sha256 !== listed.sha256 || got.bytes !== listed.bytes || (!thumb && content.digest("hex") !== sha256)) throw archiveError("checksum", { file: name });
      const key = name.slice("files/".length);
      await deps.blobs.takeFile(key, temp, thumb ? "image/webp" : type);
      written.push(key);
      count += 1;
    } finally {
      await fsp.rm(temp, { force: true });
    }
  }
  return count;
}
