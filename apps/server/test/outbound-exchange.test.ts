import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "../src/lib/outbound-address.ts";
import { createOutbound, OutboundRefused, type OutboundInit } from "../src/lib/outbound.ts";

/**
 * The outbound client sends through undici's `request()` instead of its WHATWG `fetch` (cheaper per call). These
 * tests send the same requests both ways to one server and compare what arrived (method, header lines in order,
 * body bytes) and what came back (status, status text, headers, decoded body, errors): the answer of undici's
 * `fetch` itself, called as the client called it before, is the expected value.
 */

interface Seen {
  method: string;
  url: string;
  headers: string[];
  body: string;
}

const text = "Snow in Seoul, 눈 내리는 서울. ".repeat(40);
const answers: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
  "/plain": (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"id":"remote-1"}'),
  "/cookies": (_req, res) => {
    res.setHeader("set-cookie", ["a=1; Path=/", "b=2"]);
    res.setHeader("x-multi", ["p", "q"]);
    res.writeHead(201, "Made It", { "retry-after": "30" }).end("made");
  },
  "/gzip": (_req, res) => res.writeHead(200, { "content-encoding": "gzip" }).end(zlib.gzipSync(text)),
  "/deflate": (_req, res) => res.writeHead(200, { "content-encoding": "deflate" }).end(zlib.deflateSync(text)),
  "/deflate-raw": (_req, res) => res.writeHead(200, { "content-encoding": "deflate" }).end(zlib.deflateRawSync(text)),
  "/br": (_req, res) => res.writeHead(200, { "content-encoding": "br" }).end(zlib.brotliCompressSync(text)),
  "/gzip-twice": (_req, res) => res.writeHead(200, { "content-encoding": "gzip, gzip" }).end(zlib.gzipSync(zlib.gzipSync(text))),
  "/unknown-coding": (_req, res) => res.writeHead(200, { "content-encoding": "snappy" }).end("as is"),
  "/empty": (_req, res) => res.writeHead(204).end(),
  "/moved": (_req, res) => res.writeHead(302, { location: "/plain" }).end("moved"),
  "/proxy": (_req, res) => res.writeHead(407).end("who are you"),
  "/error": (_req, res) => res.writeHead(503, { "retry-after": "120", "content-type": "text/plain" }).end("busy"),
  "/chunked": (_req, res) => {
    res.writeHead(200);
    for (let i = 0; i < 20; i++) res.write(`chunk ${i};`);
    res.end();
  },
};

describe("the outbound client's requests, compared with undici's fetch", () => {
  let server: http.Server;
  let base = "";
  const seen: Seen[] = [];
  const outbound = createOutbound({ allow: parseAllowList("127.0.0.1/32") });
  const plain = new Agent();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.rawHeaders, body: Buffer.concat(chunks).toString("latin1") });
        (answers[req.url!.replace(/\?.*$/, "")] ?? answers["/plain"]!)(req, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await outbound.close();
    await plain.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  /** What the client did before: the caller's headers through a runtime Headers, undici's fetch, redirects by hand. */
  const before = (url: string, init: OutboundInit) =>
    undiciFetch(url, { method: init.method, headers: [...new Headers(init.headers)], body: init.body as string, redirect: init.redirect === "follow" || !init.redirect ? "manual" : init.redirect, dispatcher: plain });

  const outcome = async (call: () => Promise<{ status: number; statusText: string; headers: Iterable<[string, string]>; arrayBuffer(): Promise<ArrayBuffer> }>) => {
    try {
      const res = await call();
      // The date may differ by a second between the two calls.
      const headers = [...res.headers].filter(([name]) => name !== "date");
      return { status: res.status, statusText: res.statusText, headers, body: Buffer.from(await res.arrayBuffer()).toString("latin1") };
    } catch (err) {
      const e = err as Error & { cause?: Error & { code?: string } };
      return { error: e.name, message: e.message, cause: e.cause?.message, code: e.cause?.code };
    }
  };

  const cases: Array<[string, OutboundInit]> = [
    ["/plain", {}],
    ["/plain?x=1&y=%20", { method: "get", headers: { Accept: "application/json", "X-Custom": "a", "x-custom": "b" } }],
    ["/plain?", {}],
    ["/plain", { method: "POST", body: '{"hello":"world 눈"}', headers: { "content-type": "application/json", "idempotency-key": "d-1", "user-agent": "Socialplan-Webhook/1", "X-Socialplan-Signature": "sha256=00" } }],
    ["/plain", { method: "POST", body: "no type given" }],
    ["/plain", { method: "POST", body: new Uint8Array([0, 1, 2, 255]) }],
    ["/plain", { method: "POST" }],
    ["/plain", { method: "PUT" }],
    ["/plain", { method: "PATCH", body: "x", headers: { "content-type": "text/csv" } }],
    ["/plain", { method: "DELETE", headers: { authorization: "Bearer t", cookie: "a=1" } }],
    ["/plain", { method: "HEAD" }],
    ["/plain", { headers: { range: "bytes=0-3" } }],
    ["/plain", { headers: { "if-none-match": '"v1"' } }],
    ["/plain", { headers: { host: "elsewhere.test", "accept-language": "ko", "accept-encoding": "identity" } }],
    ["/cookies", {}],
    ["/gzip", {}],
    ["/deflate", {}],
    ["/deflate-raw", {}],
    ["/br", {}],
    ["/gzip-twice", {}],
    ["/unknown-coding", {}],
    ["/gzip", { method: "HEAD" }],
    ["/empty", { method: "POST", body: "x" }],
    ["/moved", { redirect: "manual" }],
    ["/moved", { method: "POST", body: "x", redirect: "error" }],
    ["/proxy", {}],
    ["/error", { method: "POST", body: "{}" }],
    ["/chunked", {}],
  ];

  it("sends the same request line, header lines (in order) and body, and gets the same answer", async () => {
    for (const [path, init] of cases) {
      const label = `${init.method ?? "GET"} ${path} ${JSON.stringify(init)}`;
      seen.length = 0;
      const expected = await outcome(() => before(base + path, init));
      const sentBefore = seen.splice(0);
      const actual = await outcome(() => outbound.fetch(base + path, init));
      const sentNow = seen.splice(0);
      expect(actual, label).toEqual(expected);
      expect(sentNow, label).toEqual(sentBefore);
      expect(sentNow.length, label).toBe(1);
    }
  });

  it("answers `send` (the lean reply) as its Response would, and sends the same request as `fetch`", async () => {
    for (const [path, init] of cases) {
      const label = `${init.method ?? "GET"} ${path} ${JSON.stringify(init)}`;
      seen.length = 0;
      const viaFetch = await outbound.fetch(base + path, init).then(
        async (res) => ({ status: res.status, statusText: res.statusText, ok: res.ok, url: res.url, names: [...res.headers.keys()], get: (n: string) => res.headers.get(n), text: await res.text() }),
        (err: Error) => ({ error: err.name, message: err.message }),
      );
      const sentByFetch = seen.splice(0);
      const viaSend = await outbound.send(base + path, init).then(
        (r) => ({ status: r.status, statusText: r.statusText, ok: r.ok, url: r.url, names: [] as string[], get: (n: string) => r.header(n), text: r.text() }),
        (err: Error) => ({ error: err.name, message: err.message }),
      );
      expect(seen, label).toEqual(sentByFetch);
      if ("error" in viaFetch || "error" in viaSend) {
        expect(viaSend, label).toEqual(viaFetch);
        continue;
      }
      const { get: fetchGet, names, ...fetchRest } = viaFetch;
      const { get: sendGet, names: _none, ...sendRest } = viaSend;
      expect(sendRest, label).toEqual(fetchRest);
      for (const name of [...names, "X-Multi", "Retry-After", "absent", "constructor"].filter((n) => n !== "date")) expect(sendGet(name), `${label} ${name}`).toBe(fetchGet(name));
    }
  });

  it("keeps every check and bound on `send`: a refused address after a redirect, the size limit, the time limit", async () => {
    const hop = http.createServer((req, res) => {
      if (req.url === "/to-loopback-2") return res.writeHead(302, { location: `http://127.0.0.2:${(hop.address() as AddressInfo).port}/x` }).end();
      if (req.url === "/never") return;
      res.writeHead(200, { "content-length": 5000 }).end("x".repeat(5000));
    });
    await new Promise<void>((r) => hop.listen(0, "127.0.0.1", r));
    const port = (hop.address() as AddressInfo).port;
    const bounded = createOutbound({ allow: parseAllowList("127.0.0.1/32"), maxBytes: 1000, timeoutMs: 200 });
    const code = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof OutboundRefused ? e.code : (e as Error).name));
    try {
      expect(await code(bounded.send(`http://127.0.0.1:${port}/to-loopback-2`))).toBe("outbound.private_address");
      expect(await code(bounded.send(`http://127.0.0.1:${port}/big`))).toBe("outbound.too_large");
      expect(await code(bounded.send(`http://127.0.0.1:${port}/never`))).toBe("TimeoutError");
      expect(await code(bounded.send("http://169.254.169.254/latest/meta-data/"))).toBe("outbound.private_address");
      expect(await code(bounded.send("file:///etc/passwd"))).toBe("outbound.bad_scheme");
      expect((await bounded.send(`http://127.0.0.1:${port}/big`, { maxBytes: 5000 })).text()).toHaveLength(5000);
    } finally {
      await bounded.close();
      hop.closeAllConnections();
      await new Promise((r) => hop.close(r));
    }
  });

  it("fails as fetch does where fetch refuses before sending", async () => {
    for (const init of [{ method: "TRACE" }, { method: "GET", body: "x" }] as OutboundInit[]) {
      const expected = await outcome(() => before(`${base}/plain`, init));
      const actual = await outcome(() => outbound.fetch(`${base}/plain`, init));
      expect(actual, JSON.stringify(init)).toEqual(expected);
    }
  });

  it("fails an unreachable address as fetch does, with the system's code in `cause`", async () => {
    // A port nobody listens on (the server's, once closed).
    const idle = http.createServer();
    await new Promise<void>((r) => idle.listen(0, "127.0.0.1", r));
    const port = (idle.address() as AddressInfo).port;
    await new Promise((r) => idle.close(r));
    const expected = await outcome(() => before(`http://127.0.0.1:${port}/`, {}));
    const actual = await outcome(() => outbound.fetch(`http://127.0.0.1:${port}/`, {}));
    expect(actual).toEqual(expected);
    expect(actual).toMatchObject({ error: "TypeError", message: "fetch failed", code: "ECONNREFUSED" });
  });

  it("bounds a compressed answer by its decoded size", async () => {
    const small = createOutbound({ allow: parseAllowList("127.0.0.1/32"), maxBytes: 1000 });
    try {
      // About 400 bytes on the wire, 1,440 once decoded.
      const err = await small.fetch(`${base}/gzip`).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(OutboundRefused);
      expect((err as OutboundRefused).code).toBe("outbound.too_large");
      expect(await (await small.fetch(`${base}/plain`)).json()).toEqual({ id: "remote-1" });
    } finally {
      await small.close();
    }
  });

  it("reuses connections as fetch did: ten requests, as few sockets", async () => {
    const ports: number[] = [];
    const counting = http.createServer((req, res) => {
      ports.push(req.socket.remotePort!);
      res.end("ok");
    });
    await new Promise<void>((r) => counting.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(counting.address() as AddressInfo).port}/`;
      for (let i = 0; i < 10; i++) expect(await (await before(url, { method: "POST", body: String(i) })).text()).toBe("ok");
      const fetchSockets = new Set(ports.splice(0)).size;
      for (let i = 0; i < 10; i++) expect(await (await outbound.fetch(url, { method: "POST", body: String(i) })).text()).toBe("ok");
      expect(new Set(ports).size).toBe(fetchSockets);
      expect(fetchSockets).toBeLessThanOrEqual(2);
    } finally {
      counting.closeAllConnections();
      await new Promise((r) => counting.close(r));
    }
  });
});
