import { defineConfig } from "vitest/config";
import { slowFirst } from "../../../../scripts/slow-first.ts";

/** Files that hold the app to a time (pg-boss must wake the worker within 3 s): run alone, after the others. */
const ALONE = ["apps/server/test/peers/pg-boss.test.ts"];

/**
 * Adapters against real local servers (`npm run test:peers`): Debian's `webhook`. CI installs them; `npm test`
 * does not need them.
 *
 * Files run two at a time even on a 2-core machine (vitest's default there is one): much of a file's time is spent
 * waiting — on simulators, a Bluesky PDS, WordPress, worker processes started and killed, leases running out — and
 * every file keeps to itself (its own app and database, free ports, temporary folders; only cluster.test.ts uses fixed
 * ports). PEERS_WORKERS=1 runs them one after the other again.
 */
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The longest files first (as the last CI run measured them), so that none is left to run alone at the end.
    sequence: { sequencer: slowFirst(["instagram.test.ts", "crash.test.ts", "google-business.test.ts", "bluesky.test.ts", "pinterest.test.ts", "x-crash.test.ts", "telegram-crash.test.ts", "google-business-crash.test.ts", "tiktok-crash.test.ts", "x.test.ts", "wordpress.test.ts"]) },
    projects: [
      { extends: true, test: { name: "peers", include: ["apps/server/test/peers/**/*.test.ts"], exclude: ALONE, maxWorkers: Number(process.env.PEERS_WORKERS ?? 2) } },
      { extends: true, test: { name: "peers, alone", include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
