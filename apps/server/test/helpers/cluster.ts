import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const REPO_ROOT = path.resolve(SERVER_DIR, "../..");
export const SITE_CONF = path.join(REPO_ROOT, "deploy/nginx/socialplan.conf");

/**
 * The built server (`apps/server/dist`, what `npm start` and the systemd units run). Built here when missing (the
 * server bundle alone takes a few seconds), so the suite also runs before `npm run build`.
 */
export function builtEntry(name: "main" | "worker"): string {
  const file = path.join(SERVER_DIR, "dist", `${name}.js`);
  if (!fs.existsSync(file)) execFileSync(process.execPath, ["build.mjs"], { cwd: SERVER_DIR, stdio: "inherit" });
  return file;
}

/** A process of the built app; its standard error is kept for the failure message. */
export interface Child {
  child: ChildProcess;
  stderr: () => string;
  stop: () => Promise<void>;
}

export function spawnChild(command: string, args: string[], env: Record<string, string>, cwd?: string): Child {
  const child = spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr?.on("data", (c: Buffer) => (err = (err + c.toString()).slice(-20_000)));
  return {
    child,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Waits until `url` answers 200 (the process is listening), or fails with what the process said. */
export async function waitForHttp(url: string, proc: Child, ca?: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}): ${proc.stderr()}`);
    try {
      if ((await request("GET", url, {}, undefined, ca)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer: ${proc.stderr()}`);
}

/**
 * deploy/nginx/socialplan.conf with this test's ports and certificate: each replaced line must be in the file as
 * the deployment guide shows it, so a change there that the test does not follow fails here, loudly.
 */
export function renderSiteConf(conf: string, o: { upstreams: number[]; httpPort: number; httpsPort: number; cert: string; key: string }): string {
  const swaps: Array<[string | RegExp, string]> = [
    [/ {4}server 127\.0\.0\.1:3001 (.*);\n {4}server 127\.0\.0\.1:3002 (.*);\n/, o.upstreams.map((p) => `    server 127.0.0.1:${p} $1;\n`).join("")],
    ["    listen 80;\n    listen [::]:80;\n", `    listen 127.0.0.1:${o.httpPort};\n`],
    ["    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n", `    listen 127.0.0.1:${o.httpsPort} ssl http2;\n`],
    ["/etc/letsencrypt/live/socialplan.example.com/fullchain.pem", o.cert],
    ["/etc/letsencrypt/live/socialplan.example.com/privkey.pem", o.key],
  ];
  let out = conf;
  for (const [from, to] of swaps) {
    const next = out.replace(from, to);
    if (next === out) throw new Error(`deploy/nginx/socialplan.conf no longer has ${String(from)}: update the multi-server test with it`);
    out = next;
  }
  return out;
}

/** nginx's own main file for the test: everything under `dir`, the site file included as on a Debian install. */
export function nginxMainConf(dir: string, site: string): string {
  const t = (name: string) => path.join(dir, "temp", name);
  for (const name of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) fs.mkdirSync(t(name), { recursive: true });
  return [
    `pid ${path.join(dir, "nginx.pid")};`,
    `error_log ${path.join(dir, "error.log")} warn;`,
    "worker_processes 1;",
    ...(process.getuid?.() === 0 ? ["user root;"] : []),
    "events { worker_connections 256; }",
    "http {",
    `  access_log ${path.join(dir, "access.log")};`,
    `  client_body_temp_path ${t("body")};`,
    `  proxy_temp_path ${t("proxy")};`,
    `  fastcgi_temp_path ${t("fastcgi")};`,
    `  uwsgi_temp_path ${t("uwsgi")};`,
    `  scgi_temp_path ${t("scgi")};`,
    `  include ${site};`,
    "}",
    "",
  ].join("\n");
}

/** A self-signed certificate for 127.0.0.1 and socialplan.test (openssl), in place of Let's Encrypt's. */
export function selfSignedCert(dir: string): { cert: string; key: string; pem: string } {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=socialplan.test", "-addext", "subjectAltName=DNS:socialplan.test,IP:127.0.0.1"], { stdio: "ignore" });
  return { cert, key, pem: fs.readFileSync(cert, "utf8") };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: <T = any>() => T;
}

/** One HTTP(S) request; `ca` trusts the test's certificate. */
export function request(method: string, url: string, headers: Record<string, string>, body?: string, ca?: string): Promise<Answer> {
  const u = new URL(url);
  const lib = u.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method, headers: { ...headers, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}) }, ...(ca ? { ca, agent: false } : { agent: false }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A browser-like session: keeps its cookies and CSRF token, and can talk to nginx or to one server directly. */
export class Session {
  readonly cookies = new Map<string, string>();
  private csrf = "";
  constructor(
    public readonly base: string,
    private readonly ca?: string,
  ) {}

  /** The same session (cookies) against another address: a server directly, behind the proxy's back. */
  via(base: string): Session {
    const other = new Session(base, base.startsWith("https:") ? this.ca : undefined);
    other.cookies.clear();
    for (const [k, v] of this.cookies) other.cookies.set(k, v);
    other.csrf = this.csrf;
    return other;
  }

  async init(): Promise<this> {
    this.csrf = (await this.send("GET", "/api/auth/csrf")).json<{ token: string }>().token;
    return this;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async send(method: string, url: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
    const res = await request(
      method,
      this.base + url,
      {
        cookie: this.cookieHeader(),
        ...(method !== "GET" ? { "x-csrf-token": this.csrf } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...extra,
      },
      body !== undefined ? JSON.stringify(body) : undefined,
      this.ca,
    );
    const set = res.headers["set-cookie"] ?? [];
    for (const c of set) {
      const [pair = ""] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
}

export interface StreamEvent {
  type: string;
  data: Record<string, unknown>;
  at: number;
}

/** A workspace's server-sent event stream, read as a browser's EventSource would; resolves once connected. */
export async function openStream(session: Session, workspaceId: string, ca?: string): Promise<{ events: StreamEvent[]; waitFor: (pick: (e: StreamEvent) => boolean, ms?: number) => Promise<StreamEvent>; close: () => void }> {
  const u = new URL(`${session.base}/api/workspaces/${workspaceId}/events`);
  const lib = u.protocol === "https:" ? https : http;
  const events: StreamEvent[] = [];
  let buffer = "";
  let req: http.ClientRequest;
  await new Promise<void>((resolve, reject) => {
    req = lib.get(u, { headers: { cookie: session.cookieHeader(), accept: "text/event-stream" }, agent: false, ...(ca ? { ca } : {}) }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`event stream answered ${res.statusCode}`));
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(": connected")) resolve();
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type) events.push({ type, data: data ? JSON.parse(data) : {}, at: Date.now() });
        }
      });
      res.on("error", () => undefined);
    });
    req.on("error", reject);
  });
  return {
    events,
    waitFor: async (pick, ms = 5000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = events.find(pick);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such event within ${ms} ms; got ${JSON.stringify(events.map((e) => e.type))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => req.destroy(),
  };
}
