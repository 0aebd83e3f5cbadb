import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { z } from "zod";
import type { SecretBox } from "../../lib/crypto.ts";
import { AppError } from "../../lib/errors.ts";
import type { ColumnType } from "./archive.tables.ts";

export const FORMAT_NAME = "socialplan-workspace";
export const FORMAT_VERSION = 1;

/** What an import accepts at most: a hostile archive never exhausts memory or disk. */
export interface ArchiveLimits {
  /** Entries in the zip (tables, files and the manifest). */
  maxEntries: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one file of the asset library. */
  maxFileBytes: number;
  /** One line of a table file (one row as JSON). */
  maxLineBytes: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxEntries: 200_000,
  maxTotalBytes: 50 * 1024 ** 3,
  maxFileBytes: 2 * 1024 ** 3,
  maxLineBytes: 8 * 1024 * 1024,
};

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

export const manifestSchema = z
  .object({
    format: z.literal(FORMAT_NAME),
    formatVersion: z.number().int(),
    appVersion: z.string().max(40),
    lastMigration: z.string().max(100),
    exportedAt: z.string().max(40),
    workspace: z.object({ id: uuid, name: z.string().max(200) }).strict(),
    withCredentials: z.boolean(),
    /** sha256(HMAC of a fixed text with the instance's key): equal on two instances exactly when their keys are. */
    secretKeyFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    tables: z.record(z.string().max(60), z.object({ rows: z.number().int().min(0), columns: z.array(z.string().max(60)).max(100) }).strict()),
    /** sha256 (hex) of every other entry, by its name. */
    entries: z.record(z.string().max(300), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) }).strict()),
  })
  .strict();
export type Manifest = z.infer<typeof manifestSchema>;

/** A fingerprint of the instance's secret key: a hash of a keyed hash, from which the key cannot be found. */
export const keyFingerprint = (secrets: SecretBox): string => createHash("sha256").update(secrets.sign("workspace-archive-fingerprint", FORMAT_NAME)).digest("hex");

/** `files/<workspace id>/<2 hex>/<sha256>` and its `.thumb.webp`: the asset library's keys, nothing else. */
export const FILE_ENTRY = /^files\/([0-9a-f-]{36})\/([0-9a-f]{2})\/([0-9a-f]{64})(\.thumb\.webp)?$/;
export const TABLE_ENTRY = /^tables\/([a-z_]{1,60})\.jsonl$/;

/** A refusal naming the place in the archive: file, line and column where they are known. */
export const archiveError = (key: string, params: Record<string, string | number> = {}) => new AppError(422, `archive.${key}`, params);

/** Splits a byte stream into lines (without the newline), refusing a line longer than `max` bytes. */
export class LineSplitter extends Transform {
  private parts: Buffer[] = [];
  private length = 0;
  line = 0;
  constructor(
    private readonly max: number,
    private readonly file: string,
  ) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      if (!this.add(chunk.subarray(start, i))) return done(this.tooLong());
      this.emitLine();
      start = i + 1;
    }
    if (start < chunk.length && !this.add(chunk.subarray(start))) return done(this.tooLong());
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.length > 0) this.emitLine();
    done();
  }

  private add(part: Buffer): boolean {
    this.length += part.length;
    if (this.length > this.max) return false;
    this.parts.push(part);
    return true;
  }

  private emitLine(): void {
    this.line += 1;
    const text = Buffer.concat(this.parts, this.length).toString("utf8");
    this.parts = [];
    this.length = 0;
    this.push({ line: this.line, text });
  }

  private tooLong(): AppError {
    return archiveError("line_too_long", { file: this.file, line: this.line + 1, limit: this.max });
  }
}

/** Checks one value against its column's type; returns the value to write, or a short English description of the problem. */
export function checkValue(type: ColumnType, value: unknown): { ok: true; value: string | number | null } | { ok: false; expected: string } {
  const nullable = type.endsWith("?");
  const base = nullable ? type.slice(0, -1) : type;
  if (value === null || value === undefined) return nullable ? { ok: true, value: null } : { ok: false, expected: describe(base) };
  if (base.startsWith("s") || base === "t") {
    if (typeof value !== "string") return { ok: false, expected: describe(base) };
    const max = base === "t" ? Infinity : Number(base.slice(1));
    return value.length <= max ? { ok: true, value } : { ok: false, expected: describe(base) };
  }
  if (base === "i") return Number.isSafeInteger(value) ? { ok: true, value: value as number } : { ok: false, expected: describe(base) };
  if (base === "b") {
    if (typeof value === "number" && Number.isSafeInteger(value)) return { ok: true, value };
    if (typeof value === "string" && /^-?\d{1,18}$/.test(value)) return { ok: true, value: Number(value) };
    return { ok: false, expected: describe(base) };
  }
  if (base === "f") return typeof value === "number" && Number.isFinite(value) ? { ok: true, value } : { ok: false, expected: describe(base) };
  return { ok: false, expected: describe(base) };
}

function describe(base: string): string {
  if (base === "i" || base === "b") return "an integer";
  if (base === "f") return "a number";
  if (base === "t") return "a text";
  return `a text of at most ${base.slice(1)} characters`;
}

/** A value as the archive writes it: big integers (PostgreSQL hands them over as strings) become numbers. */
export function exportValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const base = type.replace("?", "");
  if ((base === "b" || base === "i" || base === "f") && typeof value === "string") return Number(value);
  return value;
}
