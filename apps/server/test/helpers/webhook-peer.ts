import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "./process.ts";
import { ALLOW_LOOPBACK, createTestApp, type TestApp, type TestDialect } from "./test-app.ts";

/**
 * Debian's `webhook` (adnanh/webhook) as the receiving end of our webhooks, on loopback. Its hooks:
 * - `publish`: checks our HMAC-SHA256 signature and records each delivery's Idempotency-Key and text in a file,
 *   one line each, before answering; `revoke()` turns it into a hook that answers 401 to everything (access
 *   withdrawn on the receiving side), `restore()` back (webhook reloads its hooks file when it changes);
 * - `broken`: its command fails (500, after receiving the post: the outcome is unknown to the sender);
 * - `busy`: answers 429; `refuse`: answers 422.
 */
export async function startWebhookPeer(secret: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-webhook-"));
  const log = path.join(dir, "received.log");
  const record = path.join(dir, "record.sh");
  fs.writeFileSync(record, `#!/bin/sh\nprintf '%s\\t%s\\n' "$1" "$(printf '%s' "$2" | base64 -w0)" >> "${log}"\necho '{"id":"hook-'"$1"'"}'\n`, { mode: 0o755 });
  fs.writeFileSync(log, "");
  const signature = { match: { type: "payload-hmac-sha256", secret, parameter: { source: "header", name: "X-Socialplan-Signature" } } };
  const publish = (revoked: boolean) => ({
      id: "publish",
      "execute-command": record,
      "include-command-output-in-response": true,
      "pass-arguments-to-command": [
        { source: "header", name: "Idempotency-Key" },
        { source: "payload", name: "post.text" },
      ],
      "trigger-rule": revoked ? { match: { type: "value", value: "access-withdrawn", parameter: { source: "header", name: "X-Never-Sent" } } } : signature,
      "trigger-rule-mismatch-http-response-code": 401,
  });
  const hooks = (revoked: boolean) => [
    publish(revoked),
    { id: "broken", "execute-command": "/bin/false", "include-command-output-in-response": true, "trigger-rule": signature },
    { id: "busy", "execute-command": "/bin/true", "success-http-response-code": 429, "trigger-rule": signature },
    { id: "refuse", "execute-command": "/bin/true", "success-http-response-code": 422, "response-message": "text not accepted", "trigger-rule": signature },
  ];
  const hooksFile = path.join(dir, "hooks.json");
  fs.writeFileSync(hooksFile, JSON.stringify(hooks(false)));
  const port = await freePort();
  const child: ChildProcess = spawn("webhook", ["-hooks", hooksFile, "-ip", "127.0.0.1", "-port", String(port), "-hotreload", "-verbose"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const base = `http://127.0.0.1:${port}/hooks`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      if (i > 100) throw new Error(`webhook did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /** Rewrites the hooks file and waits until webhook says it has loaded it again. */
  const reload = async (revoked: boolean) => {
    const before = (stderr.match(/found \d+ hook/g) ?? []).length;
    fs.writeFileSync(hooksFile, JSON.stringify(hooks(revoked)));
    for (let i = 0; (stderr.match(/found \d+ hook/g) ?? []).length <= before; i++) {
      if (i > 100) throw new Error(`webhook did not reload its hooks: ${stderr.slice(-500)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    revoke: () => reload(true),
    restore: () => reload(false),
    url: (hook: "publish" | "broken" | "busy" | "refuse") => `${base}/${hook}`,
    /** Every delivery the `publish` hook ran for: [idempotency key, text]. */
    received: (): Array<[string, string]> =>
      fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => {
          const [key, text] = l.split("\t") as [string, string];
          return [key, Buffer.from(text, "base64").toString("utf8")] as [string, string];
        }),
    close: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a describe block: the webhook peer and an app, started before the tests and stopped after. Read `env.t` and
 * `env.peer` inside the tests.
 */
export function useAppWithWebhookPeer(dialect: TestDialect, secret: string, appOptions: Parameters<typeof createTestApp>[1] = {}) {
  const env = {} as { t: TestApp; peer: Awaited<ReturnType<typeof startWebhookPeer>> };
  beforeAll(async () => {
    env.peer = await startWebhookPeer(secret);
    // The peer listens on loopback, which the app reaches only when allowed to.
    env.t = await createTestApp(dialect, { ...appOptions, env: { ...ALLOW_LOOPBACK, ...appOptions.env } });
  });
  afterAll(async () => {
    await env.t.close();
    await env.peer.close();
  });
  return env;
}
