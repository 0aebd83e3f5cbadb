import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freePort } from "./process.ts";

const PEER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../test-peers/bluesky");

/** Installs the PDS package (its own folder, not part of the app's install) the first time it is needed. */
function ensureInstalled(): void {
  if (fs.existsSync(path.join(PEER_DIR, "node_modules/@atproto/pds"))) return;
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: PEER_DIR, stdio: "inherit" });
  if (r.status !== 0) throw new Error("could not install the Bluesky PDS test peer (test-peers/bluesky)");
}

async function xrpc<T>(base: string, method: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}/xrpc/${method}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/**
 * A real Bluesky Personal Data Server (@atproto/pds 0.4.217) with a local PLC directory, on loopback, in its own
 * process. Accounts, app passwords and records are made and read with the PDS's own XRPC methods.
 */
export async function startBlueskyPeer() {
  ensureInstalled();
  const [pdsPort, plcPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ["start.mjs"], { cwd: PEER_DIR, env: { ...process.env, PDS_PORT: String(pdsPort), PLC_PORT: String(plcPort) }, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ pds: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the PDS did not start within 60 s")), 60_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { pds: string });
    });
    child.once("exit", (code) => reject(new Error(`the PDS exited with ${code}`)));
  });
  const url = ready.pds;
  return {
    url,
    async account(handle: string) {
      const acc = await xrpc<{ did: string; accessJwt: string }>(url, "com.atproto.server.createAccount", { handle, email: `${handle}@example.com`, password: "account-password-123" });
      return {
        did: acc.did,
        handle,
        appPassword: async (name: string) => (await xrpc<{ password: string }>(url, "com.atproto.server.createAppPassword", { name }, acc.accessJwt)).password,
        revokeAppPassword: (name: string) => xrpc(url, "com.atproto.server.revokeAppPassword", { name }, acc.accessJwt),
        /** Deletes one of the account's records, as the account would on Bluesky. */
        deleteRecord: (uri: string) => {
          const [, , repo, collection, rkey] = uri.split("/");
          return xrpc(url, "com.atproto.repo.deleteRecord", { repo, collection, rkey }, acc.accessJwt);
        },
      };
    },
    getRecord: (uri: string) => {
      const [, , repo, collection, rkey] = uri.split("/");
      return xrpc<{ uri: string; value: Record<string, unknown> }>(url, `com.atproto.repo.getRecord?repo=${repo}&collection=${collection}&rkey=${rkey}`);
    },
    listPosts: async (repo: string) => (await xrpc<{ records: { uri: string; value: Record<string, unknown> }[] }>(url, `com.atproto.repo.listRecords?repo=${repo}&collection=app.bsky.feed.post&limit=100`)).records,
    close: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    },
  };
}
