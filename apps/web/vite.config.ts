import { createRequire } from "node:module";
import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// frappe-gantt exports its stylesheet only under the "style" condition; point at the file itself.
const ganttCss = path.join(path.dirname(createRequire(import.meta.url).resolve("frappe-gantt")), "frappe-gantt.css");

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "frappe-gantt.css": ganttCss } },
  server: {
    port: 5173,
    proxy: { "/api": `http://127.0.0.1:${process.env.API_PORT ?? 3000}` },
  },
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 1500 },
});
