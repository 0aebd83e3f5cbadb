import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graph, GraphError, honourUsage, parseUsage } from "../src/features/publishing/adapters/meta-graph.ts";
import { PublishError } from "../src/features/publishing/adapters/types.ts";
import { parseAllowList } from "../src/lib/outbound-address.ts";
import { createOutbound, type Outbound } from "../src/lib/outbound.ts";

/** What the local server answers next: status, JSON body, headers. */
let next: { status: number; body: unknown; headers?: Record<string, string> } = { status: 200, body: {} };
let seen: { method: string; url: string; body: string }[] = [];

describe("the Graph client (meta-graph.ts)", () => {
  let server: http.Server;
  let base: string;
  let outbound: Outbound;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", body });
        res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
        res.end(JSON.stringify(next.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    outbound = createOutbound({ allow: parseAllowList("127.0.0.1/32") });
  });
  afterAll(async () => {
    await outbound.close();
    await new Promise((r) => server.close(r));
  });

  const call = () => ({ fetch: outbound.fetch, simulator: base });
  const fail = async (method: "GET" | "POST", answer: typeof next) => {
    next = answer;
    return graph(call(), method, "https://graph.instagram.com/v24.0/1784/media", { caption: "x" }, "TOKEN").then(
      () => null,
      (e: unknown) => e as PublishError,
    );
  };
  const graphError = (code: number, subcode?: number, extra: Record<string, unknown> = {}) => ({ error: { message: "m", type: "OAuthException", code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: "x", ...extra } });

  it("sends the token as access_token (query for GET, form body for POST) to the simulator's path for the host", async () => {
    seen = [];
    next = { status: 200, body: { id: "1" } };
    await graph(call(), "GET", "https://graph.facebook.com/v24.0/me", { fields: "id,name" }, "T1");
    await graph(call(), "POST", "https://graph.instagram.com/v24.0/1784/media", { image_url: "https://a/b.jpg", skip: undefined }, "T2");
    expect(seen[0]).toMatchObject({ method: "GET", url: "/graph.facebook.com/v24.0/me?fields=id%2Cname&access_token=T1" });
    expect(seen[1]!.url).toBe("/graph.instagram.com/v24.0/1784/media");
    expect(Object.fromEntries(new URLSearchParams(seen[1]!.body))).toEqual({ image_url: "https://a/b.jpg", access_token: "T2" });
  });

  it("maps the documented error codes to what the publisher does next", async () => {
    expect(await fail("POST", { status: 400, body: graphError(190, 463) })).toMatchObject({ kind: "auth", code: "publish.auth" });
    expect(await fail("POST", { status: 403, body: graphError(10) })).toMatchObject({ kind: "rejected", code: "publish.permission_missing" });
    expect(await fail("POST", { status: 400, body: graphError(200) })).toMatchObject({ kind: "rejected", code: "publish.permission_missing" });
    expect(await fail("POST", { status: 400, body: graphError(9004, 2207052) })).toMatchObject({ kind: "rejected", code: "publish.media_unreachable" });
    expect(await fail("POST", { status: 400, body: graphError(9, 2207042) })).toMatchObject({ kind: "retry", code: "publish.quota_exceeded", retryAfterMs: 3600_000 });
    expect(await fail("POST", { status: 400, body: graphError(4, 2207051) })).toMatchObject({ kind: "rejected", code: "publish.restricted" });
    expect(await fail("POST", { status: 400, body: graphError(368) })).toMatchObject({ kind: "retry", code: "publish.temporarily_blocked" });
    expect(await fail("POST", { status: 400, body: graphError(100, 2207020) })).toMatchObject({ kind: "rejected", code: "publish.container_expired", graphSubcode: 2207020 });
    expect(await fail("POST", { status: 400, body: graphError(100) })).toMatchObject({ kind: "rejected", code: "publish.rejected" });
    // A transient error: a read is simply tried again, a write may have been done.
    expect(await fail("GET", { status: 500, body: graphError(2, undefined, { is_transient: true }) })).toMatchObject({ kind: "retry" });
    expect(await fail("POST", { status: 500, body: graphError(2, undefined, { is_transient: true }) })).toMatchObject({ kind: "unknown", code: "publish.server_error" });
    expect(await fail("POST", { status: 502, body: "<html>bad gateway</html>" })).toMatchObject({ kind: "unknown" });
    const e = await fail("POST", { status: 400, body: graphError(190) });
    expect(e).toBeInstanceOf(GraphError);
    // What people see never carries the remote text or the token.
    expect(e!.message).toBe("HTTP 400, Graph error 190");
  });

  it("waits as long as the rate-limit headers say, an hour at 100 % app usage, 15 minutes when nothing says", async () => {
    const buc = { "1784": [{ type: "instagram", call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 12 }] };
    expect(await fail("GET", { status: 400, body: graphError(80002), headers: { "x-business-use-case-usage": JSON.stringify(buc) } })).toMatchObject({ kind: "retry", code: "publish.rate_limited", retryAfterMs: 12 * 60_000 });
    expect(await fail("GET", { status: 400, body: graphError(4), headers: { "x-app-usage": JSON.stringify({ call_count: 100, total_cputime: 5, total_time: 5 }) } })).toMatchObject({ retryAfterMs: 3600_000 });
    for (const code of [17, 32, 613]) expect(await fail("GET", { status: 400, body: graphError(code) })).toMatchObject({ kind: "retry", retryAfterMs: 15 * 60_000 });
  });

  it("reads the usage headers, and holds the channel from 95 % or when a time to regain access is given", async () => {
    const headers = (h: Record<string, string>) => new Headers(h);
    expect(parseUsage(headers({}))).toEqual({ highestPercent: 0, regainAccessMinutes: null });
    expect(parseUsage(headers({ "x-app-usage": '{"call_count":28,"total_time":25,"total_cputime":96}' }))).toEqual({ highestPercent: 96, regainAccessMinutes: null });
    expect(parseUsage(headers({ "x-business-use-case-usage": '{"1":[{"type":"pages","call_count":10,"estimated_time_to_regain_access":0}],"2":[{"type":"instagram","call_count":50,"estimated_time_to_regain_access":7}]}' }))).toEqual({ highestPercent: 50, regainAccessMinutes: 7 });
    expect(parseUsage(headers({ "x-app-usage": "not json" }))).toEqual({ highestPercent: 0, regainAccessMinutes: null });

    const holds: Date[] = [];
    const connection = { hold: async (d: Date) => void holds.push(d) };
    const now = new Date("2026-11-26T09:00:00Z");
    expect(await honourUsage({ highestPercent: 80, regainAccessMinutes: 0 }, connection, now)).toBeNull();
    expect(await honourUsage({ highestPercent: 95, regainAccessMinutes: 0 }, connection, now)).toEqual(new Date("2026-11-26T09:10:00Z"));
    expect(await honourUsage({ highestPercent: 40, regainAccessMinutes: 30 }, connection, now)).toEqual(new Date("2026-11-26T09:30:00Z"));
    expect(await honourUsage({ highestPercent: 100, regainAccessMinutes: null }, connection, now)).toEqual(new Date("2026-11-26T10:00:00Z"));
    expect(holds).toHaveLength(3);
  });
});
