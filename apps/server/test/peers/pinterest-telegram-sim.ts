import { afterAll, beforeAll, beforeEach } from "vitest";
import { freePort } from "../helpers/process.ts";
import { ALLOW_LOOPBACK, createTestApp, type TestApp, type TestDialect } from "../helpers/test-app.ts";
import type { SimKit } from "../../../../test-peers/sim-kit/index.mjs";

export const NOW = new Date("2026-11-26T09:00:00Z");

/**
 * For a describe block (the Pinterest and Telegram peer tests): a network simulator started by `start`, and an app
 * that sends every network call to it; with `listen`, the app listens on a real loopback port (APP_URL) so the
 * simulator can fetch media from the signed URLs. Both clocks start at NOW before each test.
 */
export function useSimulator<S extends { sim: SimKit; url: string; close(): Promise<void> }>(dialect: TestDialect, start: () => Promise<S>, opts: { listen?: boolean; after?: (env: { t: TestApp; sim: S; appUrl: string }) => Promise<void> } = {}) {
  const env = {} as { t: TestApp; sim: S; appUrl: string };
  beforeAll(async () => {
    env.sim = await start();
    const port = opts.listen ? await freePort() : null;
    env.appUrl = port ? `http://127.0.0.1:${port}` : "";
    env.t = await createTestApp(dialect, { env: { ...ALLOW_LOOPBACK, NETWORK_SIMULATOR_URL: env.sim.url, ...(port ? { APP_URL: env.appUrl } : {}) } });
    if (port) await env.t.app.listen({ port, host: "127.0.0.1" });
    await opts.after?.(env);
  }, 300_000);
  afterAll(async () => {
    await env.t?.close();
    await env.sim?.close();
  });
  beforeEach(() => {
    env.t.clock.current = new Date(NOW);
    env.sim.sim.setNow(NOW.getTime());
  });
  return env;
}
