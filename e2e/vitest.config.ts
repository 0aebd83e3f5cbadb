import { defineConfig } from "vitest/config";
import { slowFirst } from "../scripts/slow-first.ts";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["specs/**/*.spec.ts"],
    // Longer than a spec needs alone: with another spec file beside it, a test that waits for a post's minute to
    // come (bluesky.spec.ts) took up to 2 minutes on a busy machine.
    testTimeout: 180_000,
    // Starting the app and Chromium takes longer while another spec file runs beside it.
    hookTimeout: 120_000,
    // Two spec files at a time (E2E_WORKERS=1: one after the other). Each file starts its own built app (a free port,
    // a fresh SQLite database in its own folder) and its own Chromium, so files never see each other's data; much of a
    // spec's time is spent waiting on the app and the browser, which the other file uses meanwhile.
    maxWorkers: Number(process.env.E2E_WORKERS ?? 2),
    // The longest files first (as the last CI run measured them), so that none is left to run alone at the end.
    sequence: { sequencer: slowFirst(["specs/a11y.spec.ts", "specs/publish-four.spec.ts", "specs/phone.spec.ts", "specs/connect-meta.spec.ts", "specs/bluesky.spec.ts", "specs/first-run.spec.ts", "specs/strategy-korean.spec.ts", "specs/planning.spec.ts"]) },
  },
});
