import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { benchPort } from "./pg.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * The built server on a free port (19000–19099, see benchPort) with its own data folder — and on PostgreSQL when
 * `env.DATABASE_URL` is given — and a signed-up user's client (session cookie and CSRF token kept) for the
 * benchmarks that go through the API.
 */
export async function startBenchServer(dataDir: string, options: { env?: Record<string, string>; nodeArgs?: string[] } = {}) {
  const main = path.join(ROOT, "apps/server/dist/main.js");
  if (!fs.existsSync(main)) throw new Error("build first: npm run build -w apps/server");
  const port = await benchPort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), main], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", ...options.env },
    stdio: "inherit",
  });
  // The server goes with the benchmark, also when the benchmark is interrupted.
  process.once("exit", () => server.kill());
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const jar = new Map<string, string>();
  const keep = (res: Response) => res.headers.getSetCookie().forEach((c) => jar.set(c.split("=")[0]!, c.split(";")[0]!.split("=").slice(1).join("=")));
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { token } = (await csrfRes.json()) as { token: string };
  const headers = (type = "application/json") => ({ "content-type": type, "x-csrf-token": token, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") });
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}/api${url}`, { method, headers: headers(), ...(body ? { body: JSON.stringify(body) } : {}) });
    keep(res);
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  await call("POST", "/auth/signup", { email: "bench@example.com", password: "bench password", name: "Bench" });
  return { server, base, call, headers };
}
