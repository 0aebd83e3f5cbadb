import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/server/test/**/*.test.ts", "apps/web/src/**/*.test.ts"],
    // Tests that need LibreOffice run with `npm run test:office` (CI installs it).
    // Adapter tests against real local servers run with `npm run test:peers` (CI installs the servers).
    exclude: ["**/node_modules/**", "apps/server/test/office/**", "apps/server/test/peers/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
