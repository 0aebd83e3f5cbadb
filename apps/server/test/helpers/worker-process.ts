import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ALLOW_LOOPBACK, type TestApp } from "./test-app.ts";

const WORKER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/worker.ts");

/**
 * The publishing worker (`src/worker.ts`) as its own process on the test app's database and data folder (so it
 * signs media URLs with the same key), for tests that kill it with SIGKILL. Short leases, so a killed worker's
 * deliveries are taken back within seconds.
 */
export function startWorker(t: TestApp, env: Record<string, string> = {}): ChildProcess {
  const workerEnv = {
    ...process.env,
    DATA_DIR: t.config.dataDir,
    ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}),
    APP_URL: t.config.appUrl,
    ...(t.config.networkSimulatorUrl ? { NETWORK_SIMULATOR_URL: t.config.networkSimulatorUrl } : {}),
    LOG_LEVEL: "error",
    ...ALLOW_LOOPBACK,
    PUBLISH_LEASE_MS: "3000",
    PUBLISH_POLL_MS: "500",
    ...env,
  };
  return spawn(process.execPath, ["--import", "tsx", WORKER], { env: workerEnv, stdio: ["ignore", "ignore", "inherit"] });
}

/** Resolves once the process has exited (at once if it already has). */
export const exited = (child: ChildProcess) => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once("exit", r)));

/** Waits (looking every 50 ms) until `what` is true; throws after `ms`. */
export async function waitUntil(what: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
