import { createRequire } from "node:module";
import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { FIRST_SCREEN_FILES, firstScreenFile, firstScreenSets, precompress, splitMessages } from "./vite-plugins.ts";

// frappe-gantt exports its stylesheet only under the "style" condition; point at the file itself.
const ganttCss = path.join(path.dirname(createRequire(import.meta.url).resolve("frappe-gantt")), "frappe-gantt.css");

// rrule ships two builds: CommonJS (`main`, what Node, the tests and the server bundle load) and ES modules (`module`).
// The browser bundle takes the same CommonJS build, so packages/domain's recurrence.ts meets one shape everywhere.
const rruleMain = createRequire(import.meta.url).resolve("rrule");

// The workspace packages are plain modules of exports (zod schemas, message tables, formulas): whatever a screen
// does not import is left out of its chunk.
const WORKSPACE_PACKAGES = /[\\/]packages[\\/](?:schema|domain)[\\/]src[\\/]/;

// What every screen runs on, in one file that stays cached while the screens change from release to release.
const FRAMEWORK = /[\\/]node_modules[\\/](?:react|react-dom|scheduler|react-router|@tanstack[\\/](?:query-core|react-query)|i18next|react-i18next|use-sync-external-store)[\\/]/;

export default defineConfig({
  plugins: [react(), splitMessages(), firstScreenSets(), precompress()],
  resolve: { alias: [{ find: "frappe-gantt.css", replacement: ganttCss }, { find: /^rrule$/, replacement: rruleMain }] },
  server: {
    port: 5173,
    proxy: { "/api": `http://127.0.0.1:${process.env.API_PORT ?? 3000}` },
  },
  build: {
    outDir: "dist",
    // Source maps are built beside the files (useful to read a stack trace) but the server does not serve them
    // unless SERVE_SOURCE_MAPS=true.
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Rolldown reports plugins that take a large share of a build. Ours do on purpose: precompress writes brotli-11
      // and gzip-9 copies of every file once, here, so the server never compresses them, and firstScreenSets walks the
      // module graph to group the first screens' modules. The report only times the build (it changes no output) and
      // comes and goes with the machine's load, so it is turned off.
      checks: { bundlerTimings: false },
      treeshake: { moduleSideEffects: (id: string) => !WORKSPACE_PACKAGES.test(id) },
      output: {
        codeSplitting: {
          groups: [
            { name: "framework", test: FRAMEWORK, priority: 30 },
            // The first screens' files (see firstScreenSets); the other screens are split as Rolldown sees fit.
            ...FIRST_SCREEN_FILES.map((name, i) => ({ name, test: (id: string) => firstScreenFile(id) === name, priority: 20 - i })),
          ],
        },
      },
    },
  },
});
