import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const CRYPTO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/lib/crypto.ts");

describe("the generated secret key (no SECRET_KEY)", () => {
  it("is one key for processes that start together on a new data folder (a server and its workers)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-key-"));
    try {
      const script = `import { loadSecretKey } from ${JSON.stringify(CRYPTO)}; console.log(loadSecretKey(undefined, ${JSON.stringify(dir)}).toString("hex"));`;
      const run = () => promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
      const keys = (await Promise.all([run(), run(), run(), run()])).map((r) => r.stdout.trim());
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.readdirSync(dir)).toEqual(["secret.key"]);
      expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
