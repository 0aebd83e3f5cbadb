// Bundles the server into dist/ as one file per entry point: loading one file is much faster than the
// hundreds of small modules that kysely, zod and fastify are made of (start-up time is a product figure).
// Native addons, packages that load files or workers at run time, and lazily loaded ones stay external.
import { build } from "esbuild";

const EXTERNAL = ["better-sqlite3", "argon2", "pino", "thread-stream", "@fastify/swagger-ui", "pg", "nodemailer", "qrcode", "pdfkit", "docx", "@expo-google-fonts/noto-sans-kr", "exceljs", "papaparse", "ical-generator", "sharp", "file-type", "@aws-sdk/client-s3", "@atproto/api", "pg-boss", "undici", "prom-client"];

await build({
  entryPoints: { main: "src/main.ts", cli: "src/cli.ts", worker: "src/worker.ts", "metric-writer": "src/features/metrics/metric-writer.worker.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  external: EXTERNAL,
  // Bundled CommonJS packages call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
