import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import * as tar from "tar";
import { runCli } from "../../src/cli.ts";
import type { Manifest } from "../../src/admin/backup-format.ts";

/** Runs an admin command in this process and keeps what it printed. */
export async function admin(argv: string[], env: Record<string, string>): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const push = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  const code = await runCli(argv, env, { log: push, error: push });
  return { code, text: lines.join("\n") };
}

export const tempDir = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `socialplan-${label}-`));

/** Every file under `dir` with a hash of its bytes (links shown as links): a "was anything touched" witness. */
export function dirState(dir: string): Record<string, string> {
  const state: Record<string, string> = {};
  if (!fs.existsSync(dir)) return state;
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, name);
    const stat = fs.lstatSync(full);
    state[name] = stat.isSymbolicLink() ? `link:${fs.readlinkSync(full)}` : stat.isDirectory() ? "dir" : createHash("sha256").update(fs.readFileSync(full)).digest("hex");
  }
  return state;
}

/** Unpacks a backup (our own, trusted) into a folder, for tests that change it and pack it again. */
export async function unpack(file: string, dir: string): Promise<{ dir: string; manifest: Manifest }> {
  await tar.x({ file, cwd: dir });
  return { dir, manifest: JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest };
}

/** Packs a folder made by `unpack` again, with the (changed) manifest, sizes taken from the files as they are now. */
export async function repack(dir: string, manifest: Manifest, file: string): Promise<void> {
  const entries = manifest.entries.map((e) => ({ ...e, bytes: fs.statSync(path.join(dir, e.path)).size }));
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ ...manifest, entries }));
  await tar.c({ cwd: dir, file, gzip: true, portable: true }, ["manifest.json", ...entries.map((e) => e.path)]);
}

export interface RawEntry {
  name: string;
  body?: Buffer;
  /** ustar type flag: "0" file, "1" hard link, "2" symbolic link, "5" folder. */
  type?: string;
  linkname?: string;
  /** The size written in the header, when it should lie about the body. */
  declaredSize?: number;
}

/** A gzipped tar written byte by byte, so that a test can put in it what no well-behaved tool would. */
export function rawTarGz(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = e.body ?? Buffer.alloc(0);
    const header = Buffer.alloc(512);
    header.write(e.name, 0, 100, "utf8");
    header.write("0000644\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    const size = e.declaredSize ?? body.length;
    if (size < 0o77777777777) header.write(size.toString(8).padStart(11, "0") + "\0", 124);
    else {
      // base-256, as GNU tar writes sizes of 8 GiB and more
      header[124] = 0x80;
      header.writeBigUInt64BE(BigInt(size), 128);
    }
    header.write("00000000000\0", 136);
    header.write("        ", 148);
    header.write(e.type ?? "0", 156);
    if (e.linkname) header.write(e.linkname, 157, 100);
    header.write("ustar\0", 257);
    header.write("00", 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(blocks));
}

/** A manifest that passes the format's checks, declaring `entries`. */
export function manifestFor(entries: { path: string; bytes: number }[], over: Partial<Manifest> = {}): Buffer {
  const manifest: Manifest = {
    format: "socialplan-backup",
    formatVersion: 1,
    appVersion: "0.1.0",
    createdAt: new Date().toISOString(),
    dialect: "sqlite",
    migrations: { last: "0001-initial", applied: ["0001-initial"] },
    database: { included: false, bytes: 0, note: "" },
    files: { store: "disk", included: true, count: entries.length, bytes: entries.reduce((s, e) => s + e.bytes, 0), missing: [], note: "" },
    secretKey: { included: false, source: "none", note: "" },
    entries,
    warnings: [],
    ...over,
  };
  return Buffer.from(JSON.stringify(manifest));
}
