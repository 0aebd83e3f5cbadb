// Bundles the server into dist/: one file per entry point plus shared chunks, because loading a few files is much
// faster than the hundreds of small modules that kysely, zod and fastify are made of (start-up time is a product
// figure). Code splitting puts every module the code loads with `await import()` (exports, reports, archives, QR
// codes…) into a chunk of its own that is read only when first used, so the start compiles and holds less.
// Native addons, packages that load files or workers at run time, and lazily loaded ones stay external; so does
// `cookie`, which @fastify/cookie (CommonJS) loads with import(): split into a chunk of its own, esbuild would hand it
// only the default export (stringifySetCookie undefined), where Node gives the CommonJS module's named exports.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const EXTERNAL = ["better-sqlite3", "argon2", "pino", "thread-stream", "@fastify/swagger-ui", "pg", "nodemailer", "qrcode", "pdfkit", "docx", "@expo-google-fonts/noto-sans-kr", "exceljs", "papaparse", "ical-generator", "sharp", "file-type", "@aws-sdk/client-s3", "@aws-sdk/s3-request-presigner", "@atproto/api", "pg-boss", "undici", "prom-client", "tar", "cookie"];
const OUT = "dist";
// Chunks sit beside the entry points: code that finds files relative to import.meta.url (metric-writer.js, the web
// app's folder) must see the same folder whichever file it landed in.
const CHUNK = "chunk-";

const result = await build({
  entryPoints: { main: "src/main.ts", cli: "src/cli.ts", worker: "src/worker.ts", "metric-writer": "src/features/metrics/metric-writer.worker.ts", "wal-checkpointer": "src/db/wal-checkpointer.worker.ts" },
  outdir: OUT,
  bundle: true,
  splitting: true,
  chunkNames: `${CHUNK}[name]-[hash]`,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  metafile: true,
  external: EXTERNAL,
  // Bundled CommonJS packages call require(); give each ES module file one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

// V8 keeps each file's source text in memory for as long as the process runs; one non-ASCII character makes it keep
// the whole file as two bytes per character. esbuild escapes strings, but not comments and regular expressions (a
// few quotes, dashes and Korean words), so escape those too: `\uXXXX` means the same code unit in a regular
// expression (with or without the u flag) and nothing in a comment. (The source map's columns shift on those lines.)
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".js"))) {
  const text = fs.readFileSync(file, "utf8");
  if (!/[^\x00-\x7f]/.test(text)) continue;
  if (/String\.raw[^\n]*[^\x00-\x7f]|\\[^\x00-\x7f]/.test(text)) throw new Error(`${file}: a non-ASCII character in String.raw or after a backslash`);
  fs.writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

// Chunks of earlier builds: removed once they are an hour old (a server started from an older build a moment ago
// may still import one of its chunks lazily).
const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(file)));
for (const name of fs.readdirSync(OUT).filter((n) => n.startsWith(CHUNK))) {
  const file = path.resolve(OUT, name);
  if (!written.has(file) && Date.now() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
}
