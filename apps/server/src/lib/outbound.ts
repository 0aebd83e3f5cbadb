import dns from "node:dns";
import net from "node:net";
import type { Agent } from "undici";
import { discard, exchange, joined, type Answer } from "./outbound-exchange.ts";
import { addressRefusal, NO_PRIVATE_ADDRESSES, type AllowList } from "./outbound-address.ts";

/**
 * The one way the server fetches a URL it was given by a user (a webhook, a WordPress site, a Mastodon or Bluesky
 * server), after Mastodon's `Request`: http(s) only, every address a name resolves to checked (loopback, private,
 * link-local and the rest refused unless the administrator allowed them) and the connection made to the address
 * that was checked, redirects followed by hand and each one checked again, time and response size bounded. Requests
 * go out through undici's plain `request()` as its `fetch` would send them (outbound-exchange.ts): the same bytes,
 * without fetch's per-call objects.
 * Operator-configured endpoints (S3, SMTP) do not go through it.
 */

export type OutboundCode = "outbound.private_address" | "outbound.bad_scheme" | "outbound.bad_url" | "outbound.too_many_redirects" | "outbound.too_large";

/** A request this client would not make (or a response it would not take); `code` is a message key. */
export class OutboundRefused extends Error {
  override readonly name = "OutboundRefused";
  constructor(
    readonly code: OutboundCode,
    message: string,
    /** The host (or address) refused, for messages. */
    readonly host = "",
  ) {
    super(message);
  }
}

/** The OutboundRefused behind an error, looking through `cause` (fetch and XRPC wrap what went wrong). */
export function findRefusal(err: unknown): OutboundRefused | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) if (e instanceof OutboundRefused) return e;
  return null;
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface OutboundPolicy {
  /** Private addresses the administrator allows (OUTBOUND_ALLOW_PRIVATE); none by default. */
  allow?: AllowList;
  /** Longest time for a whole request, redirects and body included (ms). */
  timeoutMs?: number;
  /** Largest response body taken (bytes). */
  maxBytes?: number;
  maxRedirects?: number;
  /** How names become addresses; the system resolver by default (tests pass their own). */
  resolve?: Resolver;
}

/** fetch's options plus this client's bounds for one call. */
export type OutboundInit = RequestInit & { timeoutMs?: number; maxBytes?: number };
export type OutboundFetch = (input: string | URL | Request, init?: OutboundInit) => Promise<Response>;
/** The same call as `fetch` (every check and bound), answered as a plain read-in-full reply instead of a Response. */
export type OutboundSend = (input: string | URL, init?: OutboundInit) => Promise<OutboundReply>;

/** An answer read in full (within the size limit), for callers that need only its status, headers and text. */
export interface OutboundReply {
  status: number;
  statusText: string;
  /** 200–299, as Response.ok. */
  ok: boolean;
  /** The address that answered (after redirects). */
  url: string;
  /** A header's value as Response.headers.get gives it (repeated values joined with ", "), or null. */
  header(name: string): string | null;
  /** The body as UTF-8 text, as Response.text() reads it. */
  text(): string;
}

export interface Outbound {
  /** A fetch (usable wherever a WHATWG fetch is, e.g. AtpAgent's `fetch` option) that keeps to the policy. */
  fetch: OutboundFetch;
  /** The same request as `fetch` without the WHATWG Response: cheaper, for the publisher's own sends (webhooks). */
  send: OutboundSend;
  /** Checks a URL before it is stored: its scheme, and every address its host resolves to now. */
  check(url: string): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const RANGE_NAMES: Record<string, string> = {
  linkLocal: "link-local",
  uniqueLocal: "unique-local",
  carrierGradeNat: "carrier-grade NAT",
  rfc6052: "NAT64",
  "6to4": "6to4",
  deprecatedSiteLocal: "site-local",
};
const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export function createOutbound(policy: OutboundPolicy = {}): Outbound {
  const allow = policy.allow ?? NO_PRIVATE_ADDRESSES;
  const resolve = policy.resolve ?? systemResolver;
  const maxRedirects = policy.maxRedirects ?? DEFAULT_MAX_REDIRECTS;

  const refuseAddress = (host: string, address: string) => {
    const range = addressRefusal(address, allow);
    if (!range) return;
    const what = `${/^[aeiou]/.test(RANGE_NAMES[range] ?? range) ? "an" : "a"} ${RANGE_NAMES[range] ?? range} address`;
    throw new OutboundRefused("outbound.private_address", `${host === address ? `${address} is` : `${host} resolves to ${address},`} ${what}, which OUTBOUND_ALLOW_PRIVATE does not allow`, host);
  };

  /** Resolves a name and refuses it when any of its addresses is refused: a name cannot hide one private address among public ones. */
  const resolveChecked = async (hostname: string) => {
    const addresses = await resolve(hostname);
    for (const a of addresses) refuseAddress(hostname, a.address);
    return addresses;
  };

  // net.connect calls this instead of dns.lookup and connects to what it hands back: the addresses just checked.
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    resolveChecked(hostname).then(
      (all) => {
        const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
        const usable = family ? all.filter((a) => a.family === family) : all;
        if (!usable.length) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname }), "", 0);
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
  // undici is loaded on the first request: most processes start without needing it (start-up time is a product figure).
  let transport: Promise<Agent> | null = null;
  const load = () =>
    (transport ??= import("undici").then(({ Agent, buildConnector }) => {
      const connectChecked = buildConnector({ lookup, timeout: 10_000 });
      return new Agent({
        // An IP literal never reaches `lookup` (net.connect skips it), so it is checked here first.
        connect(options, callback) {
          if (net.isIP(options.hostname)) {
            try {
              refuseAddress(options.hostname, options.hostname);
            } catch (err) {
              return callback(err as Error, null);
            }
          }
          connectChecked(options, callback);
        },
      });
    }));

  /** Refuses a URL before any connection: scheme, credentials, an IP literal host. */
  const checkUrl = (url: URL) => {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundRefused("outbound.bad_scheme", `only http and https addresses are fetched (got ${url.protocol})`, url.host);
    if (url.username || url.password) throw new OutboundRefused("outbound.bad_url", "addresses with a user name or password in them are not fetched", url.host);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host)) refuseAddress(host, host);
  };

  const parse = (raw: string | URL) => {
    try {
      return new URL(raw);
    } catch {
      throw new OutboundRefused("outbound.bad_url", "not a valid address");
    }
  };

  /** One call under the policy: redirects followed by hand and each checked, the answer read within the bounds. */
  async function call(input: string | URL | Request, init: OutboundInit): Promise<Read> {
    const req = await normalise(input, init);
    const maxBytes = init.maxBytes ?? policy.maxBytes ?? DEFAULT_MAX_BYTES;
    // One signal for the whole call (redirects and body included): the time limit, or the caller's own signal.
    const timeoutMs = init.timeoutMs ?? policy.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")), timeoutMs);
    timer.unref();
    const caller = req.signal;
    const forward = () => limit.abort(caller!.reason);
    if (caller?.aborted) forward();
    else caller?.addEventListener("abort", forward, { once: true });
    try {
      let url = parse(req.url);
      let { method, body } = req;
      const { headers } = req;
      const agent = await load();
      for (let hop = 0; ; hop++) {
        checkUrl(url);
        let res: Answer;
        try {
          res = await exchange(agent, { url, method, headers, body, redirect: req.redirect, signal: limit.signal });
        } catch (err) {
          throw findRefusal(err) ?? err;
        }
        const location = joined(res.headers.location);
        if (req.redirect !== "follow" || !REDIRECTS.has(res.status) || !location) return { res, url, body: await readBody(res, url, maxBytes, limit.signal) };
        discard(res.body);
        if (hop >= maxRedirects) throw new OutboundRefused("outbound.too_many_redirects", `more than ${maxRedirects} redirects`, url.host);
        const next = parse(new URL(location, url).href);
        // As browsers do: credentials never follow a redirect to another origin, and a POST answered by 301/302/303 becomes a GET.
        if (next.origin !== url.origin) for (const h of ["authorization", "cookie", "proxy-authorization"]) headers.delete(h);
        if ((res.status === 303 && method !== "HEAD") || ((res.status === 301 || res.status === 302) && method === "POST")) {
          method = "GET";
          body = null;
          for (const h of ["content-type", "content-length", "content-encoding", "content-language", "content-location"]) headers.delete(h);
        }
        url = next;
      }
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener("abort", forward);
    }
  }

  return {
    fetch: async (input, init = {}) => asResponse(await call(input, init)),
    send: async (input, init = {}) => asReply(await call(input, init)),
    async check(raw) {
      const url = parse(raw);
      checkUrl(url);
      const host = url.hostname.replace(/^\[|\]$/g, "");
      if (!net.isIP(host)) await resolveChecked(host);
    },
    close: async () => {
      if (transport) await (await transport).close();
    },
  };
}

interface Normalised {
  url: string;
  method: string;
  headers: Headers;
  body: string | Uint8Array | null;
  signal: AbortSignal | null;
  redirect: NonNullable<RequestInit["redirect"]>;
}

/**
 * A Request (as AtpAgent passes) or a URL with options, as plain values. The body is read into memory (so a redirect
 * can send it again, and so forms are encoded by the runtime's fetch rather than by a second copy of undici).
 */
async function normalise(input: string | URL | Request, init: OutboundInit): Promise<Normalised> {
  const { timeoutMs: _t, maxBytes: _m, ...rest } = init;
  if (input instanceof Request) {
    const merged = rest.body !== undefined || rest.method || rest.headers ? new Request(input, rest) : input;
    const body = merged.body ? new Uint8Array(await merged.arrayBuffer()) : null;
    return { url: merged.url, method: merged.method, headers: new Headers(merged.headers), body, signal: rest.signal ?? input.signal, redirect: rest.redirect ?? merged.redirect };
  }
  const headers = new Headers(rest.headers);
  const raw = rest.body;
  let body: Normalised["body"] = null;
  if (typeof raw === "string" || raw instanceof Uint8Array) body = raw;
  else if (raw !== undefined && raw !== null) {
    const encoded = new Response(raw);
    body = new Uint8Array(await encoded.arrayBuffer());
    const type = encoded.headers.get("content-type");
    if (type && !headers.has("content-type")) headers.set("content-type", type);
  }
  return { url: String(input), method: (rest.method ?? "GET").toUpperCase(), headers, body, signal: rest.signal ?? null, redirect: rest.redirect ?? "follow" };
}

interface Read {
  res: Answer;
  url: URL;
  body: Buffer;
}

/** The answer's body, read within the size limit (declared or not; a compressed body counts decoded). */
async function readBody(res: Answer, url: URL, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const tooLarge = () => new OutboundRefused("outbound.too_large", `the answer is larger than ${maxBytes} bytes`, url.host);
  const declared = Number(joined(res.headers["content-length"]) ?? "");
  if (declared > maxBytes) {
    discard(res.body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      // Leaving the loop destroys the body, which closes the connection.
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    // As fetch's body: the abort reason as it is, anything else as the stream ending early.
    if (err instanceof OutboundRefused || (signal.aborted && err === signal.reason)) throw err;
    throw new TypeError("terminated", { cause: err });
  }
  return Buffer.concat(chunks, size);
}

/** The answer as a Response of the runtime's own fetch (what library callers such as AtpAgent take). */
function asResponse({ res, url, body }: Read): Response {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.push([name, v]);
    else if (value !== undefined) headers.push([name, value]);
  }
  const out = new Response(NULL_BODY.has(res.status) ? null : body, { status: res.status, statusText: res.statusText, headers });
  Object.defineProperty(out, "url", { value: url.href });
  return out;
}

const utf8 = new TextDecoder();

/** The answer as a plain reply: what Response's status, ok, url, headers.get and text() would give. */
function asReply({ res, url, body }: Read): OutboundReply {
  return {
    status: res.status,
    statusText: res.statusText,
    ok: res.status >= 200 && res.status <= 299,
    url: url.href,
    header: (name) => {
      const key = name.toLowerCase();
      return Object.hasOwn(res.headers, key) ? joined(res.headers[key]) : null;
    },
    text: () => (NULL_BODY.has(res.status) ? "" : utf8.decode(body)),
  };
}
