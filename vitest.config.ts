import os from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/server/test/**/*.test.ts", "apps/web/src/**/*.test.ts"],
    // Tests that need LibreOffice run with `npm run test:office` (CI installs it).
    // Adapter tests against real local servers run with `npm run test:peers` (CI installs the servers).
    exclude: ["**/node_modules/**", "apps/server/test/office/**", "apps/server/test/peers/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // At least two files at a time: on a 2-core machine vitest's default is one, which leaves a core idle while a file
    // imports the server or waits on PostgreSQL. Every file keeps to itself (its own app, database and folders).
    // TEST_WORKERS=1 runs them one after the other.
    maxWorkers: Number(process.env.TEST_WORKERS ?? Math.max(2, os.availableParallelism() - 1)),
  },
});
