import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Post } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtEntry, nginxMainConf, openStream, renderSiteConf, selfSignedCert, Session, SITE_CONF, spawnChild, waitForHttp, type Child } from "../helpers/cluster.ts";
import { ALLOW_LOOPBACK, createStore, DIALECTS, type TestStore } from "../helpers/test-app.ts";
import { startWebhookPeer } from "../helpers/webhook-peer.ts";

/**
 * Several servers, one PostgreSQL (docs/deployment.md): two server processes of the built app and one publishing
 * worker behind Debian's nginx, configured with deploy/nginx/socialplan.conf (round-robin, no sticky sessions,
 * https with a self-signed certificate in place of Let's Encrypt's). Members talk to nginx; a stream or a request
 * sent to one server directly says which server it is on. Started once for the whole file.
 */
const PORTS = { https: 18080, one: 18081, two: 18082, http: 18083 };
const SECRET = "whsec-cluster-0123456789abcdef";
const PASSWORD = "correct horse battery";
const hasPostgres = DIALECTS.includes("postgres");

describe.skipIf(!hasPostgres)("two servers and a worker behind nginx, on PostgreSQL [postgres]", () => {
  let store: TestStore;
  let dir: string;
  let ca: string;
  const procs: Child[] = [];
  let peer: Awaited<ReturnType<typeof startWebhookPeer>>;
  const proxy = `https://127.0.0.1:${PORTS.https}`;
  const one = `http://127.0.0.1:${PORTS.one}`;
  const two = `http://127.0.0.1:${PORTS.two}`;

  beforeAll(async () => {
    const main = builtEntry("main");
    const worker = builtEntry("worker");
    store = await createStore("postgres");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-cluster-"));
    peer = await startWebhookPeer(SECRET);
    // What every process shares (docs/deployment.md): the database, the key, the file store.
    const shared = {
      DATABASE_URL: store.databaseUrl!,
      DATA_DIR: store.dataDir,
      SECRET_KEY: randomBytes(32).toString("hex"),
      APP_URL: proxy,
      TRUST_PROXY: "true",
      PUBLISHER: "off",
      WEB_DIST: path.join(dir, "no-web"),
      LOG_LEVEL: "warn",
      ...ALLOW_LOOPBACK,
    };
    // The first server migrates the new database; the others start on it (as an upgrade does, one server first).
    const first = spawnChild(process.execPath, [main], { ...shared, HOST: "127.0.0.1", PORT: String(PORTS.one) });
    procs.push(first);
    await waitForHttp(`${one}/api/health`, first);
    const second = spawnChild(process.execPath, [main], { ...shared, HOST: "127.0.0.1", PORT: String(PORTS.two) });
    const publisher = spawnChild(process.execPath, [worker], { ...shared, PUBLISH_POLL_MS: "500" });
    procs.push(second, publisher);
    await waitForHttp(`${two}/api/health`, second);

    const tls = selfSignedCert(dir);
    ca = tls.pem;
    const site = path.join(dir, "socialplan.conf");
    fs.writeFileSync(site, renderSiteConf(fs.readFileSync(SITE_CONF, "utf8"), { upstreams: [PORTS.one, PORTS.two], httpPort: PORTS.http, httpsPort: PORTS.https, cert: tls.cert, key: tls.key }));
    fs.writeFileSync(path.join(dir, "nginx.conf"), nginxMainConf(dir, site));
    const nginx = spawnChild("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log"), "-g", "daemon off;"], {});
    procs.push(nginx);
    await waitForHttp(`${proxy}/api/health`, nginx, ca);
  });

  afterAll(async () => {
    for (const p of procs.reverse()) await p.stop();
    await peer?.close();
    await store?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Signs up through nginx and returns the logged-in session. */
  async function signUp(name: string): Promise<{ s: Session; email: string; userId: string }> {
    const s = await new Session(proxy, ca).init();
    const email = `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.com`;
    const res = await s.send("POST", "/api/auth/signup", { email, password: PASSWORD, name, locale: "en" });
    expect(res.status, res.body).toBe(201);
    return { s, email, userId: res.json<{ id: string }>().id };
  }

  /** A workspace with an owner and an editor, all through nginx. */
  async function team() {
    const owner = await signUp("Owner");
    const ws = await owner.s.send("POST", "/api/workspaces", { name: "Seoul Candle Co.", timezone: "Asia/Seoul", currency: "KRW" });
    expect(ws.status, ws.body).toBe(201);
    const workspaceId = ws.json<{ id: string }>().id;
    const editor = await signUp("Minji");
    const inv = await owner.s.send("POST", `/api/workspaces/${workspaceId}/invitations`, { role: "editor" });
    expect(inv.status, inv.body).toBe(201);
    const token = inv.json<{ url: string }>().url.split("/invite/")[1];
    const accepted = await editor.s.send("POST", `/api/invitations/${token}/accept`);
    expect(accepted.status, accepted.body).toBe(200);
    const people = await owner.s.send("GET", `/api/workspaces/${workspaceId}/members`);
    const memberId = people.json<{ members: Array<{ id: string; userId: string }> }>().members.find((m) => m.userId === editor.userId)!.id;
    return { owner, editor, workspaceId, memberId };
  }

  it("shows a board change made through one server on a stream held by the other, and through nginx", async () => {
    const { owner, editor, workspaceId } = await team();
    const onOne = await openStream(editor.s.via(one), workspaceId);
    const onTwo = await openStream(editor.s.via(two), workspaceId);
    const viaProxy = await openStream(editor.s, workspaceId, ca);
    try {
      const sent = Date.now();
      const made = await owner.s.via(two).send("POST", `/api/workspaces/${workspaceId}/board/cards`, { title: "Autumn candle launch" });
      expect(made.status, made.body).toBe(201);
      const seen = await onOne.waitFor((e) => e.type === "board");
      const local = await onTwo.waitFor((e) => e.type === "board");
      // From the request to server 1's stream; and the hop between servers alone (vs server 2's own stream).
      console.log(`[cluster] board change through server 2: on server 1's stream ${seen.at - sent} ms after the request, ${seen.at - local.at} ms after server 2's own`);
      await viaProxy.waitFor((e) => e.type === "board");

      // Round-robin: of two changes in a row through nginx, each server makes one; every stream sees both.
      for (const title of ["Photo shoot", "Korean captions"]) {
        const res = await owner.s.send("POST", `/api/workspaces/${workspaceId}/board/cards`, { title });
        expect(res.status, res.body).toBe(201);
      }
      for (const stream of [onOne, onTwo, viaProxy]) {
        await stream.waitFor(() => stream.events.filter((e) => e.type === "board").length >= 3);
      }
      // The board read through nginx has all three, whichever server answers.
      const board = await editor.s.send("GET", `/api/workspaces/${workspaceId}/board`);
      expect(board.json<{ cards: Array<{ title: string }> }>().cards.map((c) => c.title).sort()).toEqual(["Autumn candle launch", "Korean captions", "Photo shoot"]);
    } finally {
      for (const s of [onOne, onTwo, viaProxy]) s.close();
    }
  });

  it("rings the bell on the other server when a notification is stored", async () => {
    const { owner, editor, workspaceId, memberId } = await team();
    const onOne = await openStream(editor.s.via(one), workspaceId);
    try {
      const sent = Date.now();
      const res = await owner.s.via(two).send("POST", `/api/workspaces/${workspaceId}/board/cards`, { title: "Write the newsletter", assigneeIds: [memberId] });
      expect(res.status, res.body).toBe(201);
      const rung = await onOne.waitFor((e) => e.type === "notification");
      console.log(`[cluster] notification stored on server 2 rang server 1's stream after ${rung.at - sent} ms`);
      const list = await editor.s.via(one).send("GET", `/api/workspaces/${workspaceId}/notifications`);
      expect(list.json<Array<{ kind: string; read: boolean }>>()).toContainEqual(expect.objectContaining({ kind: "assigned", read: false }));
    } finally {
      onOne.close();
    }
  });

  it("refuses a member removed through one server at the very next request to the other", async () => {
    const { owner, editor, workspaceId, memberId } = await team();
    // Both servers serve the editor first (so nothing about them is only "not yet loaded").
    for (const base of [one, two]) expect((await editor.s.via(base).send("GET", `/api/workspaces/${workspaceId}/board`)).status).toBe(200);
    const removed = await owner.s.via(one).send("DELETE", `/api/workspaces/${workspaceId}/members/${memberId}`);
    expect(removed.status, removed.body).toBe(204);
    // Refused as any non-member is: the workspace is not found (its existence is not told).
    expect((await editor.s.via(two).send("GET", `/api/workspaces/${workspaceId}/board`)).status).toBe(404);
    expect((await editor.s.via(one).send("GET", `/api/workspaces/${workspaceId}/board`)).status).toBe(404);
    for (let i = 0; i < 2; i++) expect((await editor.s.send("GET", `/api/workspaces/${workspaceId}/board`)).status).toBe(404);
    // Signing out on one server ends the session on the other too.
    const out = await owner.s.via(two).send("POST", "/api/auth/logout");
    expect(out.status, out.body).toBeLessThan(300);
    expect((await owner.s.via(one).send("GET", "/api/auth/me")).status).toBe(401);
  });

  it("counts failed logins made through both servers together", async () => {
    const { email } = await signUp("Jiho");
    const guesser = (base: string) => new Session(base, base === proxy ? ca : undefined).init();
    // Five wrong passwords for one account from one address, alternating between the servers, then through nginx
    // with a forged X-Forwarded-For (nginx puts the real address in its place).
    const attempts: Array<[string, Record<string, string>]> = [
      [one, {}],
      [two, {}],
      [one, {}],
      [two, {}],
      [proxy, { "x-forwarded-for": "203.0.113.9" }],
    ];
    for (const [base, headers] of attempts) {
      const res = await (await guesser(base)).send("POST", "/api/auth/login", { email, password: "wrong password" }, headers);
      expect(res.status, res.body).toBe(401);
    }
    // Locked on both servers, even with the right password; a forged address through nginx changes nothing. (The
    // servers themselves believe X-Forwarded-For — TRUST_PROXY — so only nginx may reach them: HOST=127.0.0.1.)
    for (const [base, headers] of [[one, {}], [two, {}], [proxy, { "x-forwarded-for": "198.51.100.7" }]] as const) {
      const locked = await (await guesser(base)).send("POST", "/api/auth/login", { email, password: PASSWORD }, headers);
      expect(locked.status, `${base}: ${locked.body}`).toBe(429);
    }
  });

  /** An Instagram channel publishing to the webhook peer's hook. */
  async function webhookChannel(owner: Session, workspaceId: string, hook: "publish" | "refuse"): Promise<string> {
    const channel = await owner.send("POST", `/api/workspaces/${workspaceId}/strategy/collections/channel`, { data: { network: "instagram" } });
    expect(channel.status, channel.body).toBe(201);
    const channelId = channel.json<{ id: string }>().id;
    const conn = await owner.send("POST", `/api/workspaces/${workspaceId}/connections`, { kind: "webhook", channelId, config: { url: peer.url(hook) }, secret: { signingSecret: SECRET } });
    expect(conn.status, conn.body).toBe(201);
    return channelId;
  }

  it("rings the bells on the servers when the worker stores a notification (a post the receiver refused)", async () => {
    const { owner, workspaceId } = await team();
    const channelId = await webhookChannel(owner.s, workspaceId, "refuse");
    const onOne = await openStream(owner.s.via(one), workspaceId);
    try {
      const created = await owner.s.send("POST", `/api/workspaces/${workspaceId}/posts`, { body: "Refused on arrival", variants: [{ channelId, text: null }] });
      expect(created.status, created.body).toBe(201);
      const id = created.json<{ post: Post }>().post.id;
      const scheduled = await owner.s.send("POST", `/api/workspaces/${workspaceId}/posts/${id}/schedule`, { scheduledAt: new Date(Date.now() + 1000).toISOString() });
      expect(scheduled.status, scheduled.body).toBe(200);
      await onOne.waitFor((e) => e.type === "notification", 30_000);
      const list = await owner.s.send("GET", `/api/workspaces/${workspaceId}/notifications`);
      expect(list.json<Array<{ kind: string; postId: string | null }>>()).toContainEqual(expect.objectContaining({ kind: "post_failed", postId: id }));
    } finally {
      onOne.close();
    }
  });

  it("publishes a post scheduled through one server exactly once, by the worker", async () => {
    const { owner, workspaceId } = await team();
    const channelId = await webhookChannel(owner.s, workspaceId, "publish");
    const ids: string[] = [];
    for (const [base, body] of [
      [one, "First candle of the season"],
      [two, "가을 캔들 출시"],
    ] as const) {
      const created = await owner.s.via(base).send("POST", `/api/workspaces/${workspaceId}/posts`, { body, variants: [{ channelId, text: null }] });
      expect(created.status, created.body).toBe(201);
      const id = created.json<{ post: Post }>().post.id;
      const scheduled = await owner.s.via(base).send("POST", `/api/workspaces/${workspaceId}/posts/${id}/schedule`, { scheduledAt: new Date(Date.now() + 2000).toISOString() });
      expect(scheduled.status, scheduled.body).toBe(200);
      ids.push(id);
    }
    const read = async (id: string) => (await owner.s.send("GET", `/api/workspaces/${workspaceId}/posts/${id}`)).json<{ post: Post }>().post;
    const deadline = Date.now() + 30_000;
    let posts = await Promise.all(ids.map(read));
    while (posts.some((p) => p.status !== "published") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      posts = await Promise.all(ids.map(read));
    }
    expect(posts.map((p) => p.status)).toEqual(["published", "published"]);
    // Each delivery reached the receiver once, with its own id as the Idempotency-Key.
    const keys = peer.received().map(([key]) => key);
    for (const p of posts) expect(keys.filter((k) => k === p.deliveries[0]!.id)).toHaveLength(1);
    expect(peer.received().map(([, text]) => text).sort()).toEqual(["First candle of the season", "가을 캔들 출시"]);
  });
});
