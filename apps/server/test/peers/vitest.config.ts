import { defineConfig } from "vitest/config";

/**
 * Adapters against real local servers (`npm run test:peers`): Debian's `webhook`. CI installs them; `npm test`
 * does not need them.
 */
export default defineConfig({
  test: { include: ["apps/server/test/peers/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
});
