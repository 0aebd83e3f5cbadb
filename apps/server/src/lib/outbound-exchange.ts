import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream";
import zlib from "node:zlib";
import type { Dispatcher } from "undici";

/**
 * One request and its answer, as undici's WHATWG `fetch` makes them, over undici's plain `request()` on the
 * caller's dispatcher (the outbound client's checked agent). The same bytes go out (fetch's default headers in
 * fetch's order, `text/plain` for a string body, `content-length: 0` for an empty POST or PUT) and the same answer
 * comes back (compressed bodies decoded as fetch decodes them, an unexpected redirect or a 407 failing as
 * `TypeError: fetch failed`), without fetch's Request/Response/Headers objects and web streams for each call.
 * Redirects are the caller's (outbound.ts follows them by hand and checks each one).
 */

export interface Hop {
  url: URL;
  method: string;
  /** The caller's headers (a runtime Headers: lower-case names, sorted, repeated values joined). */
  headers: Headers;
  body: string | Uint8Array | null;
  redirect: "follow" | "manual" | "error";
  signal: AbortSignal;
}

export interface Answer {
  status: number;
  statusText: string;
  /** As undici hands them: lower-case names, a repeated header as an array. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as fetch would give it: decoded (gzip, deflate, br). Not yet read. */
  body: Readable;
}

const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CONDITIONAL = ["if-modified-since", "if-none-match", "if-unmodified-since", "if-match", "if-range"];
// The undici package (not Node's bundled copy) names itself so in fetch's default user agent.
const USER_AGENT = "undici";
const MAX_CODINGS = 5;
const hasZstd = typeof (zlib as { createZstdDecompress?: unknown }).createZstdDecompress === "function";

/** What fetch rejects with when the network failed (the cause is the system's error). */
export const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

/** The header list fetch sends for this request, flat (name, value, name, value…), in fetch's order. */
export function wireHeaders(hop: Pick<Hop, "url" | "method" | "headers" | "body">): string[] {
  const list = new Map<string, string>();
  const append = (name: string, value: string) => {
    const had = list.get(name);
    list.set(name, had === undefined ? value : `${had}${name === "cookie" ? "; " : ", "}${value}`);
  };
  for (const [name, value] of hop.headers) append(name, value);
  // The Request: a string body is text, unless the caller said otherwise.
  if (typeof hop.body === "string" && !list.has("content-type")) list.set("content-type", "text/plain;charset=UTF-8");
  // fetch's main steps, then the HTTP-network-or-cache steps.
  if (!list.has("accept")) list.set("accept", "*/*");
  if (!list.has("accept-language")) list.set("accept-language", "*");
  if (hop.body === null && (hop.method === "POST" || hop.method === "PUT") && !list.has("content-length")) list.set("content-length", "0");
  list.set("sec-fetch-mode", "cors");
  if (!list.has("user-agent")) list.set("user-agent", USER_AGENT);
  if (CONDITIONAL.some((h) => list.has(h))) {
    if (!list.has("pragma")) list.set("pragma", "no-cache");
    if (!list.has("cache-control")) list.set("cache-control", "no-cache");
  }
  if (list.has("range")) append("accept-encoding", "identity");
  if (!list.has("accept-encoding")) list.set("accept-encoding", hop.url.protocol === "https:" ? "br, gzip, deflate" : "gzip, deflate");
  list.delete("host");
  const flat: string[] = [];
  for (const [name, value] of list) flat.push(name, value);
  return flat;
}

/** Sends one request; resolves once the answer's head is in. Rejects as fetch does (the abort reason, or `fetch failed`). */
export async function exchange(dispatcher: Dispatcher, hop: Hop): Promise<Answer> {
  const { url, method, body, signal } = hop;
  if (FORBIDDEN_METHODS.has(method)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  if (body !== null && (method === "GET" || method === "HEAD")) throw new TypeError("Request with GET/HEAD method cannot have body.");
  signal.throwIfAborted();
  const hasTrailingQuestionMark = url.search.length === 0 && url.href[url.href.length - url.hash.length - 1] === "?";
  let res: Dispatcher.ResponseData;
  try {
    res = await dispatcher.request({ origin: url.origin, path: `${url.pathname}${url.search}${hasTrailingQuestionMark ? "?" : ""}`, method: method as Dispatcher.HttpMethod, headers: wireHeaders(hop), body, signal });
  } catch (err) {
    throw signal.aborted && err === signal.reason ? err : fetchFailed(err);
  }
  const status = res.statusCode;
  const headers = res.headers;
  const fail = (reason: string) => {
    discard(res.body);
    return fetchFailed(new Error(reason));
  };
  if (REDIRECTS.has(status) && hop.redirect === "error") throw fail("unexpected redirect");
  // fetch gives no reason here (an empty message).
  if (status === 407) throw fail("");
  const willFollow = hop.redirect === "follow" && REDIRECTS.has(status) && Boolean(joined(headers.location));
  let decoded: Readable = res.body;
  if (method !== "HEAD" && !NULL_BODY.has(status) && !willFollow) {
    const decoders = decodersFor(joined(headers["content-encoding"]));
    if (decoders === "too many") throw fail(`too many content-encodings in response`);
    if (decoders.length) decoded = pipeline([res.body, ...decoders], () => undefined) as unknown as Readable;
  }
  return { status, statusText: res.statusText ?? "", headers, body: decoded };
}

/** Drops a body not to be read (the connection is closed; undici's "aborted" error is expected, not thrown). */
export function discard(body: Readable): void {
  body.on("error", () => undefined).destroy();
}

/** A header's value as fetch's `headers.get` gives it. */
export const joined = (value: string | string[] | undefined): string | null => (value === undefined ? null : Array.isArray(value) ? value.join(", ") : value);

/** The decoders fetch puts behind a body with this Content-Encoding (none when one coding is unknown). */
function decodersFor(contentEncoding: string | null): Transform[] | "too many" {
  const codings = contentEncoding ? contentEncoding.toLowerCase().split(",") : [];
  if (codings.length > MAX_CODINGS) return "too many";
  const decoders: Transform[] = [];
  // As fetch (and cURL): lenient flushing, for servers whose compressed answers are slightly off.
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  for (let i = codings.length - 1; i >= 0; --i) {
    const coding = codings[i]!.trim();
    if (coding === "x-gzip" || coding === "gzip") decoders.push(zlib.createGunzip(lenient));
    else if (coding === "deflate") decoders.push(inflate(lenient));
    else if (coding === "br") decoders.push(zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }));
    else if (coding === "zstd" && hasZstd) {
      const z = zlib as unknown as { createZstdDecompress(o: object): Transform; constants: Record<string, number> };
      decoders.push(z.createZstdDecompress({ flush: z.constants.ZSTD_e_continue, finishFlush: z.constants.ZSTD_e_end }));
    } else return [];
  }
  return decoders;
}

/** "deflate" as servers send it: with the zlib header, or raw (fetch looks at the first byte). */
function inflate(options: zlib.ZlibOptions): Transform {
  let inner: zlib.Inflate | zlib.InflateRaw | null = null;
  const out: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!inner) {
        if (chunk.length === 0) return callback();
        inner = (chunk[0]! & 0x0f) === 0x08 ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        inner.on("data", (data: Buffer) => out.push(data));
        inner.on("end", () => out.push(null));
        inner.on("error", (err) => out.destroy(err));
      }
      inner.write(chunk, callback);
    },
    final(callback) {
      if (inner) {
        inner.end();
        inner = null;
      } else out.push(null);
      callback();
    },
  });
  return out;
}
