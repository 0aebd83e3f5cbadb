import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { addressRefusal, parseAllowList } from "../src/lib/outbound-address.ts";
import { ADAPTERS } from "../src/features/publishing/adapters/index.ts";
import { PublishError } from "../src/features/publishing/adapters/types.ts";
import { createOutbound, OutboundRefused, type Outbound, type Resolver } from "../src/lib/outbound.ts";
import { buildUser, buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { outgoingExtras } from "./helpers/outgoing.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

/** A real HTTP server on a loopback address that counts what reaches it. */
async function startServer(host: string, handler: http.RequestListener = (_req, res) => res.end("ok"), port = 0) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`.trim());
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    url: (path = "/") => `http://${host}:${(server.address() as AddressInfo).port}${path}`,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

const refusedWith = async (promise: Promise<unknown>, code: string) => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, String(err)).toBeInstanceOf(OutboundRefused);
  expect((err as OutboundRefused).code).toBe(code);
  return err as OutboundRefused;
};

describe("the outbound client", () => {
  let local: Awaited<ReturnType<typeof startServer>>;
  let other: Awaited<ReturnType<typeof startServer>>;
  const clients: Outbound[] = [];
  const client = (...args: Parameters<typeof createOutbound>) => {
    const c = createOutbound(...args);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    other = await startServer("127.0.0.2");
    // The same port on both addresses: only the address decides which server a request reaches.
    local = await startServer("127.0.0.1", undefined, other.port);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await local.close();
    await other.close();
  });
  beforeEach(() => {
    local.hits.length = 0;
    other.hits.length = 0;
  });

  it("has the URL parser turn decimal, octal, hex and short IPv4 forms into the dotted address it then checks", () => {
    for (const form of ["2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "017700000001"]) expect(new URL(`http://${form}/`).hostname).toBe("127.0.0.1");
    expect(new URL("http://[::ffff:127.0.0.1]/").hostname).toBe("[::ffff:7f00:1]");
    expect(new URL("http://0/").hostname).toBe("0.0.0.0");
  });

  it("refuses loopback, private, link-local, metadata, unspecified and IPv4-in-IPv6 addresses before connecting", async () => {
    const outbound = client();
    const literals = [
      ...["127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "169.254.0.1", "0.0.0.0", "0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "240.0.0.1"],
      // The same loopback address in the forms browsers accept.
      ...["2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "017700000001"],
      ...["[::1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:169.254.169.254]", "[::127.0.0.1]", "[fe80::1]", "[fc00::1]", "[fd12:3456::1]", "[fec0::1]"],
      // IPv4 carried inside IPv6: NAT64 and 6to4 of loopback and private addresses, and Teredo.
      ...["[64:ff9b::7f00:1]", "[64:ff9b::a00:1]", "[2002:7f00:1::1]", "[2002:c0a8:101::1]", "[2001:0::1]", "[ff02::1]"],
    ];
    for (const host of literals) {
      const err = await refusedWith(outbound.fetch(`http://${host}:${local.port}/`), "outbound.private_address");
      expect(err.message).toMatch(/address/);
      await refusedWith(outbound.check(`https://${host}/x`), "outbound.private_address");
    }
    expect(local.hits).toEqual([]);
  });

  it("refuses a name that resolves to a loopback address (localhost)", async () => {
    const outbound = client();
    const err = await refusedWith(outbound.fetch(`http://localhost:${local.port}/`), "outbound.private_address");
    expect(err.message).toContain("localhost resolves to 127.0.0.1");
    await refusedWith(outbound.check("http://localhost/hook"), "outbound.private_address");
    expect(local.hits).toEqual([]);
  });

  it("refuses other schemes and addresses with credentials in them", async () => {
    const outbound = client({ allow: parseAllowList("127.0.0.0/8") });
    await refusedWith(outbound.fetch("file:///etc/passwd"), "outbound.bad_scheme");
    await refusedWith(outbound.fetch("ftp://127.0.0.1/"), "outbound.bad_scheme");
    await refusedWith(outbound.check("gopher://127.0.0.1:70/"), "outbound.bad_scheme");
    await refusedWith(outbound.fetch(`http://user:pass@127.0.0.1:${local.port}/`), "outbound.bad_url");
    await refusedWith(outbound.check("not a url"), "outbound.bad_url");
    expect(local.hits).toEqual([]);
  });

  it("connects to the address it checked, so a name cannot resolve to another one between check and use", async () => {
    let calls = 0;
    // Allowed the first time, the forbidden loopback address afterwards (DNS rebinding).
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: "127.0.0.2", family: 4 }] : [{ address: "127.0.0.1", family: 4 }]);
    const first = client({ allow: parseAllowList("127.0.0.2/32"), resolve: rebinding });
    const res = await first.fetch(`http://rebind.test:${local.port}/pinned`);
    expect(res.status).toBe(200);
    // `rebind.test` exists in no DNS: the request reached the address our resolver gave and the check passed.
    expect(calls).toBe(1);
    expect(other.hits).toEqual(["GET /pinned"]);
    // A new connection asks again, gets the loopback address, and is refused; 127.0.0.1 never sees a request.
    const second = client({ allow: parseAllowList("127.0.0.2/32"), resolve: rebinding });
    await refusedWith(second.fetch(`http://rebind.test:${local.port}/again`), "outbound.private_address");
    expect(local.hits).toEqual([]);
  });

  it("refuses a name when any of its addresses is refused", async () => {
    const outbound = client({ allow: parseAllowList("127.0.0.2/32"), resolve: async () => [{ address: "127.0.0.2", family: 4 }, { address: "127.0.0.1", family: 4 }] });
    await refusedWith(outbound.fetch(`http://mixed.test:${local.port}/`), "outbound.private_address");
    await refusedWith(outbound.check("http://mixed.test/"), "outbound.private_address");
    expect([...local.hits, ...other.hits]).toEqual([]);
  });

  describe("redirects", () => {
    let hop: Awaited<ReturnType<typeof startServer>>;
    beforeAll(async () => {
      hop = await startServer("127.0.0.1", (req, res) => {
        const to = (location: string, status = 302) => res.writeHead(status, { location }).end();
        if (req.url === "/to-other") return to(other.url("/secret"));
        if (req.url === "/to-name") return to(`http://inside.test:${other.port}/secret`);
        if (req.url === "/to-metadata") return to("http://169.254.169.254/latest/meta-data/");
        if (req.url === "/to-file") return to("file:///etc/passwd");
        if (req.url === "/to-self") return to("/final", 301);
        if (req.url === "/post-303") return to("/final", 303);
        if (req.url?.startsWith("/loop")) return to(`/loop${Number(req.url.slice(5) || 0) + 1}`);
        res.end(`${req.method} ${req.url}`);
      });
    });
    afterAll(() => hop.close());

    const allowOnlyFirst = () => client({ allow: parseAllowList("127.0.0.1/32"), resolve: async () => [{ address: "127.0.0.2", family: 4 }] });

    it("follows a redirect to an allowed address", async () => {
      const res = await allowOnlyFirst().fetch(hop.url("/to-self"));
      expect(await res.text()).toBe("GET /final");
      const posted = await allowOnlyFirst().fetch(hop.url("/post-303"), { method: "POST", body: "x" });
      expect(await posted.text()).toBe("GET /final");
    });

    it("checks every redirect again: one to a refused address, name or scheme is not followed", async () => {
      const outbound = allowOnlyFirst();
      await refusedWith(outbound.fetch(hop.url("/to-other")), "outbound.private_address");
      await refusedWith(outbound.fetch(hop.url("/to-name")), "outbound.private_address");
      await refusedWith(outbound.fetch(hop.url("/to-metadata")), "outbound.private_address");
      await refusedWith(outbound.fetch(hop.url("/to-file")), "outbound.bad_scheme");
      expect(other.hits).toEqual([]);
    });

    it("stops after five redirects", async () => {
      await refusedWith(allowOnlyFirst().fetch(hop.url("/loop")), "outbound.too_many_redirects");
      expect(hop.hits.filter((h) => h.startsWith("GET /loop")).length).toBe(6);
    });

    it("does not carry credentials to another origin", async () => {
      const outbound = client({ allow: parseAllowList("127.0.0.1/32,127.0.0.2/32") });
      const res = await outbound.fetch(hop.url("/to-other"), { headers: { authorization: "Bearer token" } });
      expect(res.status).toBe(200);
      expect(hop.hits.at(-1)).toBe("GET /to-other Bearer token");
      expect(other.hits).toEqual(["GET /secret"]);
    });

    it("leaves a redirect unfollowed when the caller asks so", async () => {
      const outbound = client({ allow: parseAllowList("127.0.0.1/32") });
      expect((await outbound.fetch(hop.url("/to-other"), { redirect: "manual" })).status).toBe(302);
      await expect(outbound.fetch(hop.url("/to-other"), { redirect: "error" })).rejects.toThrow();
      expect(other.hits).toEqual([]);
    });
  });

  describe("bounds", () => {
    let slow: Awaited<ReturnType<typeof startServer>>;
    beforeAll(async () => {
      slow = await startServer("127.0.0.1", (req, res) => {
        const big = Buffer.alloc(2 * 1024 * 1024, 97);
        if (req.url === "/big") return res.writeHead(200, { "content-length": big.length }).end(big);
        if (req.url === "/big-chunked") {
          res.writeHead(200);
          for (let i = 0; i < 32; i++) res.write(big.subarray(0, 64 * 1024));
          return res.end();
        }
        if (req.url === "/stall-body") return res.writeHead(200, { "content-length": 100 }).write("partial");
        if (req.url === "/never") return; // no answer at all
        res.end("small");
      });
    });
    afterAll(() => slow.close());

    it("refuses an answer larger than the limit, declared or not", async () => {
      const outbound = client({ allow: parseAllowList("127.0.0.1/32"), maxBytes: 1024 * 1024 });
      await refusedWith(outbound.fetch(slow.url("/big")), "outbound.too_large");
      await refusedWith(outbound.fetch(slow.url("/big-chunked")), "outbound.too_large");
      expect(await (await outbound.fetch(slow.url("/big"), { maxBytes: 3 * 1024 * 1024 })).arrayBuffer()).toHaveProperty("byteLength", 2 * 1024 * 1024);
      expect(await (await outbound.fetch(slow.url("/small"))).text()).toBe("small");
    });

    it("gives up after the time limit, whether the server never answers or stops half-way", async () => {
      const outbound = client({ allow: parseAllowList("127.0.0.1/32"), timeoutMs: 300 });
      const started = Date.now();
      await expect(outbound.fetch(slow.url("/never"))).rejects.toMatchObject({ name: "TimeoutError" });
      await expect(outbound.fetch(slow.url("/stall-body"))).rejects.toMatchObject({ name: "TimeoutError" });
      await expect(outbound.fetch(slow.url("/never"), { timeoutMs: 100 })).rejects.toMatchObject({ name: "TimeoutError" });
      expect(Date.now() - started).toBeLessThan(3000);
      // The caller's own signal still works within the limit.
      const caller = new AbortController();
      const pending = outbound.fetch(slow.url("/never"), { signal: caller.signal, timeoutMs: 60_000 });
      caller.abort();
      await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    });
  });

  it("is what every adapter fetches with: a refused address fails as rejected, never as a bad login or a retry", async () => {
    const outbound = client();
    const configs: Record<string, Record<string, unknown>> = {
      bluesky: { service: local.url(), handle: "shop.test" },
      wordpress: { siteUrl: local.url("/blog"), username: "admin" },
      mastodon: { instance: local.url() },
      webhook: { url: local.url("/hook") },
    };
    for (const [kind, adapter] of Object.entries(ADAPTERS)) {
      // The networks signed in with OAuth (Meta's) call the API's host, here sent to the local address as the
      // simulator setting would; they publish media, so the post carries an image.
      const oauth = !configs[kind];
      const config = configs[kind] ?? { accountId: "17841400000000000", pageId: "100000000000001", author: "urn:li:organization:1", account: "accounts/1", location: "locations/1", chat: "@shop_news" };
      // Each network gets a post it takes (a video where only video goes out) and the choices it requires.
      const video = kind === "youtube" || kind === "tiktok";
      const media = oauth ? [{ assetId: "a", name: video ? "a.mp4" : "a.jpg", contentType: video ? "video/mp4" : "image/jpeg", size: 100_000, sha256: "0", alt: "", width: 1080, height: video ? 1920 : 1080, durationMs: video ? 10_000 : null, bytes: async () => Buffer.alloc(100_000) }] : [];
      const options = { boardId: "1", title: "Winter", tiktok: { privacyLevel: "SELF_ONLY" as const, disableComment: false, disableDuet: false, disableStitch: false, brandOrganic: false, brandedContent: false } };
      const secret = { appPassword: "p", applicationPassword: "p", accessToken: "t", signingSecret: "s", botToken: "123456:abcdefghijklmnopqrstuvwxyz0123456789" };
      const attempt = adapter.verify
        ? adapter.verify(config, secret, outbound.fetch, local.url())
        : adapter.send({ deliveryId: "d", postId: "p", workspaceId: "w", title: "", text: "x", link: null, media, network: "other", channelId: "c", dueAt: "2026-11-26T09:00:00Z", createdAt: "2026-11-26T09:00:00Z", config, secret, signal: AbortSignal.timeout(5000), fetch: outbound.fetch, send: outbound.send, ...outgoingExtras({ networkSimulatorUrl: local.url() }), options });
      const err = await attempt.then(() => null, (e: unknown) => e);
      expect(err, kind).toBeInstanceOf(PublishError);
      expect(err, kind).toMatchObject({ kind: "rejected", code: "publish.private_address" });
    }
    expect(local.hits).toEqual([]);
  });

  describe("the administrator's allow-list (OUTBOUND_ALLOW_PRIVATE)", () => {
    it("lets a listed private address through", async () => {
      const lan = client({ allow: parseAllowList("127.0.0.1/32") });
      expect(await (await lan.fetch(local.url("/lan"))).text()).toBe("ok");
      await lan.check(local.url("/lan"));
      // Only what is listed: the neighbour on 127.0.0.2 stays refused.
      await refusedWith(lan.fetch(other.url("/")), "outbound.private_address");
      expect(local.hits).toEqual(["GET /lan"]);
    });

    it("allows ranges and single addresses; * is the local network, not loopback, link-local or unspecified", () => {
      const ranges = parseAllowList("192.168.1.0/24, 10.0.0.5,fd00::/8");
      expect(addressRefusal("192.168.1.77", ranges)).toBeNull();
      expect(addressRefusal("10.0.0.5", ranges)).toBeNull();
      expect(addressRefusal("::ffff:192.168.1.9", ranges)).toBeNull();
      expect(addressRefusal("fd00::5", ranges)).toBeNull();
      expect(addressRefusal("192.168.2.1", ranges)).toBe("private");
      expect(addressRefusal("10.0.0.6", ranges)).toBe("private");
      const star = parseAllowList("*");
      for (const a of ["10.1.2.3", "172.20.0.1", "192.168.0.10", "100.64.1.1", "fd12::1"]) expect(addressRefusal(a, star)).toBeNull();
      for (const a of ["127.0.0.1", "::1", "169.254.169.254", "fe80::1", "0.0.0.0", "::"]) expect(addressRefusal(a, star)).not.toBeNull();
      // The metadata address needs its own entry; 0.0.0.0, broadcast and multicast are never allowed.
      expect(addressRefusal("169.254.169.254", parseAllowList("169.254.169.254/32"))).toBeNull();
      const everything = parseAllowList("0.0.0.0/0,::/0");
      for (const a of ["0.0.0.0", "255.255.255.255", "224.0.0.1", "::"]) expect(addressRefusal(a, everything)).not.toBeNull();
      expect(addressRefusal("8.8.8.8", parseAllowList(""))).toBeNull();
      expect(addressRefusal("2606:4700::1111", parseAllowList(""))).toBeNull();
    });

    it("fails at start on a value that is not a range, naming it", () => {
      for (const bad of ["192.168.1.0/33", "10.1", "0177.0.0.1", "lan", "10.0.0.0/8;", "::1/129"]) {
        expect(() => loadConfig({ OUTBOUND_ALLOW_PRIVATE: bad })).toThrow(`OUTBOUND_ALLOW_PRIVATE: "${bad}" is not an address range`);
      }
      expect(loadConfig({ OUTBOUND_ALLOW_PRIVATE: "192.168.1.0/24,*" }).outboundAllowPrivate).toMatchObject({ lan: true, ranges: [expect.anything()] });
      expect(loadConfig({}).outboundAllowPrivate).toMatchObject({ lan: false, ranges: [] });
    });
  });
});

const HOOK_SECRET = "outbound-test-signing-secret";

for (const dialect of DIALECTS) {
  describe(`connections to private addresses [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Awaited<ReturnType<typeof startServer>>;
    afterEach(async () => {
      await t?.close();
      await receiver?.close();
    });

    const connectWebhook = (owner: TestUser, workspaceId: string, channelId: string, url: string) =>
      owner.client.request("POST", `/api/workspaces/${workspaceId}/connections`, { kind: "webhook", channelId, config: { url }, secret: { signingSecret: HOOK_SECRET } }, { headers: { "x-locale": owner.user.locale } });

    it("refuses a webhook to loopback or the metadata address when it is saved, naming the field, in English and Korean", async () => {
      t = await createTestApp(dialect);
      receiver = await startServer("127.0.0.1");
      for (const locale of ["en", "ko"] as const) {
        const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale }));
        const channelId = await addChannel(owner, workspace.id, "instagram");
        for (const url of ["http://127.0.0.1:9/x", "http://169.254.169.254/latest/meta-data", receiver.url("/hook"), "http://[::ffff:127.0.0.1]/x", "http://2130706433/x", "http://localhost/x"]) {
          const res = await connectWebhook(owner, workspace.id, channelId, url);
          expect(res.statusCode, res.body).toBe(400);
          const field = res.json().error.fields[0];
          expect(field).toMatchObject({ field: "config.url", code: "outbound.private_address" });
          expect(field.message).toContain("OUTBOUND_ALLOW_PRIVATE");
          expect(field.message).toMatch(locale === "ko" ? /주소\(.+\)로 연결됩니다/ : /Address leads to a private or internal address \(.+\)/);
        }
        const ftp = await connectWebhook(owner, workspace.id, channelId, "http://user:pw@example.com/x");
        expect(ftp.json().error.fields[0]).toMatchObject({ field: "config.url", code: "outbound.bad_url" });
        expect((await owner.client.get(`/api/workspaces/${workspace.id}/connections`)).json().connections).toEqual([]);
      }
      expect(receiver.hits).toEqual([]);
    });

    it("refuses a Mastodon, WordPress or Bluesky address on the local network, naming each kind's field", async () => {
      t = await createTestApp(dialect);
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}/connections`;
      const cases = [
        { kind: "mastodon", network: "mastodon", config: { instance: "http://192.168.1.10" }, secret: { accessToken: "t" }, field: "config.instance" },
        { kind: "wordpress", network: "website", config: { siteUrl: "http://10.0.0.8/blog", username: "admin" }, secret: { applicationPassword: "p" }, field: "config.siteUrl" },
        { kind: "bluesky", network: "bluesky", config: { service: "http://[fd00::1]:2583", handle: "shop.test" }, secret: { appPassword: "p" }, field: "config.service" },
      ] as const;
      for (const c of cases) {
        const channelId = await addChannel(owner, workspace.id, c.network);
        const res = await owner.client.post(base, { kind: c.kind, channelId, config: c.config, secret: c.secret });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().error.fields[0]).toMatchObject({ field: c.field, code: "outbound.private_address" });
      }
    });

    it("accepts the address when the administrator allows it", async () => {
      t = await createTestApp(dialect, { env: { OUTBOUND_ALLOW_PRIVATE: "127.0.0.0/8,169.254.169.254/32" } });
      const { owner, workspace } = await buildWorkspace(t.app);
      for (const url of ["http://127.0.0.1:9/x", "http://169.254.169.254/latest/meta-data"]) {
        const channelId = await addChannel(owner, workspace.id, "instagram");
        const res = await connectWebhook(owner, workspace.id, channelId, url);
        expect(res.statusCode, res.body).toBe(201);
      }
    });

    it("fails a delivery to an address no longer allowed as rejected, without sending or retrying", async () => {
      t = await createTestApp(dialect, { env: { OUTBOUND_ALLOW_PRIVATE: "127.0.0.0/8" } });
      receiver = await startServer("127.0.0.1");
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "instagram");
      expect((await connectWebhook(owner, workspace.id, channelId, receiver.url("/hook"))).statusCode).toBe(201);
      // The administrator takes the setting away (as a restart without OUTBOUND_ALLOW_PRIVATE would).
      const allowed = t.deps.outbound;
      t.deps.outbound = createOutbound({ allow: loadConfig({}).outboundAllowPrivate });
      await allowed.close();

      const post = await addPost(owner, workspace.id, { body: "Not to the LAN", variants: [{ channelId, text: null }] });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      await testPublisher(t).round();
      const d = (await readPost(owner, workspace.id, post.id)).deliveries[0]!;
      expect(d, JSON.stringify(d)).toMatchObject({ status: "failed", error: { code: "publish.private_address" } });
      expect(d.error!.message).toContain("127.0.0.1");
      t.clock.advance(3600);
      await testPublisher(t).round();
      expect((await readPost(owner, workspace.id, post.id)).deliveries[0]).toMatchObject({ status: "failed", attempts: 1 });
      expect(receiver.hits).toEqual([]);
    });

    it("never shows what a remote server answered, at save or in a delivery's error", async () => {
      t = await createTestApp(dialect, { env: { OUTBOUND_ALLOW_PRIVATE: "127.0.0.1/32" } });
      const LEAK = "root:x:0:0:internal-secret";
      receiver = await startServer("127.0.0.1", (req, res) => res.writeHead(req.url === "/hook" ? 422 : 500, { "content-type": "text/plain" }).end(LEAK));
      const { owner, workspace } = await buildWorkspace(t.app);
      const mastodon = await addChannel(owner, workspace.id, "mastodon");
      const saved = await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "mastodon", channelId: mastodon, config: { instance: receiver.url("") }, secret: { accessToken: "t" } });
      expect(saved.statusCode).toBe(400);
      expect(saved.json().error.fields[0]).toMatchObject({ field: "config.instance", code: "connection.unreachable" });
      expect(saved.body).toContain("HTTP 500");
      expect(saved.body).not.toContain("internal-secret");

      const channelId = await addChannel(owner, workspace.id, "instagram");
      expect((await connectWebhook(owner, workspace.id, channelId, receiver.url("/hook"))).statusCode).toBe(201);
      const post = await addPost(owner, workspace.id, { body: "Refused by the receiver", variants: [{ channelId, text: null }] });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      await testPublisher(t).round();
      const read = await owner.client.get(`/api/workspaces/${workspace.id}/posts/${post.id}`);
      expect(read.json().post.deliveries[0]).toMatchObject({ status: "failed", error: { code: "publish.rejected", message: "HTTP 422" } });
      expect(read.body).not.toContain("internal-secret");
    });
  });
}
