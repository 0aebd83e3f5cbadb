import { defineConfig } from "vitest/config";

/** Tests that open our exports in LibreOffice (`soffice`, Debian package libreoffice-calc). */
export default defineConfig({
  test: { include: ["apps/server/test/office/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 60_000 },
});
