import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A random URL-safe token with 256 bits of entropy (session, reset and invitation links). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** SHA-256 hex of a high-entropy token; tokens are stored only as this hash. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Encrypts secrets at rest (TOTP secrets, later social tokens) with AES-256-GCM. */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error("SECRET_KEY must be 32 bytes (64 hex characters or 44 base64 characters)");
    this.key = key;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
  }

  /** An HMAC-SHA256 signature (base64url) of `data` for one purpose, with a key derived from the secret key for it. */
  sign(purpose: string, data: string): string {
    const key = Buffer.from(hkdfSync("sha256", this.key, Buffer.alloc(0), `socialplan:${purpose}`, 32));
    return createHmac("sha256", key).update(data).digest("base64url");
  }

  /** Whether `signature` is `sign(purpose, data)`, compared in constant time. */
  verify(purpose: string, data: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(purpose, data));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(":");
    if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("unknown secret format");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  }
}

/** The key from SECRET_KEY, or one generated once into `<dataDir>/secret.key` (mode 0600). */
export function loadSecretKey(secretKey: string | undefined, dataDir: string): Buffer {
  if (secretKey) return parseKey(secretKey);
  const file = path.join(dataDir, "secret.key");
  if (fs.existsSync(file)) return parseKey(fs.readFileSync(file, "utf8").trim());
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // Written whole under a temporary name, then linked into place (a link fails when the file exists): a server and
  // a worker starting together on a new data folder end up with the one key that won, never a half-written one.
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, key.toString("hex"), { mode: 0o600 });
  try {
    fs.linkSync(partial, file);
    return key;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return parseKey(fs.readFileSync(file, "utf8").trim());
    // A file system without hard links: write it in place, still refusing to replace one.
    fs.writeFileSync(file, key.toString("hex"), { mode: 0o600, flag: "wx" });
    return key;
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

function parseKey(text: string): Buffer {
  return /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
}
