import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts the built app (`npm run build` first) on a free port with a fresh SQLite database; `env` adds or overrides variables (NETWORK_SIMULATOR_URL…). */
export async function startApp(env: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const main = path.join(ROOT, "apps/server/dist/main.js");
  if (!fs.existsSync(main)) throw new Error("Build the app first: npm run build");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [main], {
    // The specs publish to peers on loopback (a local Bluesky PDS), which only an allowed address range reaches.
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, APP_URL: url, LOG_LEVEL: "warn", OUTBOUND_ALLOW_PRIVATE: "127.0.0.0/8,::1/128", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // Until it answers (spec files run side by side, so a start can take a while), and never on without it.
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`The app exited with ${code} before it answered`))));
  exited.catch(() => undefined);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await Promise.race([fetch(`${url}/api/health`).then((r) => r.ok, () => false), exited]);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The app did not answer ${url}/api/health within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
