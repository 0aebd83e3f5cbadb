// Runs the API suite against a real PostgreSQL server (TEST_DATABASE_URL, default: the CI cluster on port 5433).
import { spawnSync } from "node:child_process";

const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5433/postgres";
const result = spawnSync("npx", ["vitest", "run", "apps/server/test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, TEST_DIALECTS: "postgres", TEST_DATABASE_URL: url },
});
process.exit(result.status ?? 1);
