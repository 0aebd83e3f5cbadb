import { cleanText } from "@socialplan/schema";
import type { FastifyInstance } from "fastify";

/**
 * Keys whose strings are secrets (passwords, tokens, app passwords): they go to a hash or to another server
 * exactly as typed, so they are not changed.
 */
const SECRET_KEYS = new Set(["password", "currentPassword", "newPassword", "secret"]);

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Cleans every string of a parsed JSON body or query string in place (keys too), as `cleanText` says: control
 * characters go, tab and newline stay, CRLF becomes LF. Iterative, so a deeply nested body cannot exhaust the stack.
 * Returns the cleaned value (a bare string is returned anew).
 */
export function cleanStrings<T>(root: T): T {
  if (typeof root === "string") return cleanText(root) as T;
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    // The query string parser's objects have a prototype of their own: the root is taken as a record whatever it is.
    const record = node === root && typeof node === "object" && node !== null && !Buffer.isBuffer(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (typeof v === "string") node[i] = cleanText(v);
        else if (typeof v === "object" && v !== null) stack.push(v);
      }
    } else if (record || isPlain(node)) {
      const obj = node as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        if (SECRET_KEYS.has(key)) continue;
        let k = key;
        const clean = cleanText(key);
        if (clean !== key) {
          const v = obj[key];
          delete obj[key];
          if (clean === "__proto__" || Object.hasOwn(obj, clean)) continue;
          Object.defineProperty(obj, clean, { value: v, enumerable: true, writable: true, configurable: true });
          k = clean;
        }
        const v = obj[k];
        if (typeof v === "string") obj[k] = cleanText(v);
        else if (typeof v === "object" && v !== null) stack.push(v);
      }
    }
  }
  return root;
}

/**
 * Text is cleaned at the boundary, before validation: whatever a route accepts (today's and tomorrow's) never
 * stores NUL or other control characters, which PostgreSQL refuses and which break Word and XML exports.
 * Raw uploads (streams, buffers) are left alone; file names are further cleaned by their schema.
 */
export function registerCleanText(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    if (request.query && typeof request.query === "object") cleanStrings(request.query);
    const body: unknown = request.body;
    if (typeof body === "string") request.body = cleanText(body);
    else if (Array.isArray(body) || isPlain(body)) cleanStrings(body);
  });
}
