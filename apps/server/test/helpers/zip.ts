import { createHash } from "node:crypto";
import fs from "node:fs";
import yauzl from "yauzl";
import yazl from "yazl";

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Every entry of a (small, test-made) zip, in order. */
export async function readZip(file: string): Promise<ZipEntry[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z!))));
  const entries: ZipEntry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const parts: Buffer[] = [];
        stream!.on("data", (c: Buffer) => parts.push(c));
        stream!.on("end", () => {
          entries.push({ name: entry.fileName, data: Buffer.concat(parts) });
          zip.readEntry();
        });
      });
    });
    zip.on("end", () => resolve());
    zip.on("error", reject);
    zip.readEntry();
  });
  zip.close();
  return entries;
}

/**
 * Writes entries to a zip. With `resign`, the manifest's `entries` (sha256 and sizes) and row counts are made to match
 * the entries given, as a careful forger would.
 */
export async function writeZip(file: string, entries: ZipEntry[], resign: boolean): Promise<string> {
  let list = entries;
  if (resign) {
    const at = entries.findIndex((e) => e.name === "manifest.json");
    const manifest = JSON.parse(entries[at]!.data.toString()) as { entries: Record<string, unknown>; tables: Record<string, { rows: number }> };
    manifest.entries = {};
    for (const e of entries) {
      if (e.name === "manifest.json") continue;
      manifest.entries[e.name] = { sha256: createHash("sha256").update(e.data).digest("hex"), bytes: e.data.length };
      const table = /^tables\/(.+)\.jsonl$/.exec(e.name)?.[1];
      if (table && manifest.tables[table]) manifest.tables[table].rows = e.data.toString().split("\n").filter((l) => l.trim() !== "").length;
    }
    list = entries.map((e, i) => (i === at ? { name: e.name, data: Buffer.from(JSON.stringify(manifest)) } : e));
  }
  const zip = new yazl.ZipFile();
  for (const e of list) zip.addBuffer(e.data, e.name);
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(file)).on("close", resolve).on("error", reject));
  return file;
}
