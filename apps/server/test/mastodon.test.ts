import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildWorkspace } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "./helpers/posts.ts";
import { ALLOW_LOOPBACK, createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

/**
 * A HAND-WRITTEN stand-in for a Mastodon server — used only because no Mastodon-compatible server installs here
 * (npm or Debian). It follows the documented API (docs.joinmastodon.org): verify_credentials, v2 media upload that
 * answers 202 while "processing", media polling, statuses with Idempotency-Key. It proves our requests have the
 * documented shape, not that a real Mastodon accepts them.
 */
async function startMastodonStandIn() {
  const statuses: { id: string; key: string | null; body: { status: string; media_ids?: string[]; visibility: string } }[] = [];
  const media: { id: string; description: string; type: string; size: number; polls: number }[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const json = (status: number, data: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(data));
    if (req.headers.authorization !== "Bearer good-token") return json(401, { error: "The access token is invalid" });
    const url = new URL(req.url!, "http://x");
    if (req.method === "GET" && url.pathname === "/api/v1/accounts/verify_credentials") return json(200, { id: "1", username: "candleshop" });
    if (req.method === "POST" && url.pathname === "/api/v2/media") {
      const form = await new Request("http://x", { method: "POST", headers: { "content-type": req.headers["content-type"]! }, body }).formData();
      const file = form.get("file") as File;
      const m = { id: String(100 + media.length), description: String(form.get("description") ?? ""), type: file.type, size: file.size, polls: 0 };
      media.push(m);
      return json(202, { id: m.id, url: null });
    }
    const poll = /^\/api\/v1\/media\/(\d+)$/.exec(url.pathname);
    if (req.method === "GET" && poll) {
      const m = media.find((x) => x.id === poll[1])!;
      m.polls += 1;
      return m.polls < 2 ? json(206, { id: m.id, url: null }) : json(200, { id: m.id, url: `https://files.example/${m.id}.jpg` });
    }
    if (req.method === "POST" && url.pathname === "/api/v1/statuses") {
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const seen = key ? statuses.find((s) => s.key === key) : undefined;
      const parsed = JSON.parse(body.toString()) as (typeof statuses)[number]["body"];
      if (parsed.status.length > 500) return json(422, { error: "Validation failed: Text character limit of 500 exceeded" });
      const s = seen ?? { id: String(9000 + statuses.length), key, body: parsed };
      if (!seen) statuses.push(s);
      return json(200, { id: s.id, uri: `https://social.example/users/candleshop/statuses/${s.id}`, url: `https://social.example/@candleshop/${s.id}` });
    }
    return json(404, { error: "Record not found" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, statuses, media, close: () => new Promise((r) => server.close(r)) };
}

for (const dialect of DIALECTS) {
  describe(`publishing to Mastodon (documented API, stand-in server) [${dialect}]`, () => {
    let t: TestApp;
    let masto: Awaited<ReturnType<typeof startMastodonStandIn>>;
    beforeAll(async () => {
      masto = await startMastodonStandIn();
      t = await createTestApp(dialect, { env: ALLOW_LOOPBACK });
    });
    afterAll(async () => {
      await t.close();
      await masto.close();
    });
    beforeEach(() => {
      t.clock.current = new Date("2026-11-26T09:00:00Z");
    });

    it("checks the token, uploads the image with its description, waits for processing and posts with an Idempotency-Key", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "mastodon");
      const base = `/api/workspaces/${workspace.id}/connections`;
      const refused = await owner.client.post(base, { kind: "mastodon", channelId, config: { instance: masto.url }, secret: { accessToken: "bad-token" } });
      expect(refused.json().error.fields[0]).toMatchObject({ field: "secret.accessToken", code: "connection.login_failed" });
      expect((await owner.client.post(base, { kind: "mastodon", channelId, config: { instance: masto.url }, secret: { accessToken: "good-token" } })).statusCode).toBe(201);
      const upload = await owner.client.upload(`/api/workspaces/${workspace.id}/assets?name=jar.jpg`, await photo(400, 300));
      const post = await addPost(owner, workspace.id, { body: "Hello fediverse", variants: [{ channelId, text: null }], media: [{ assetId: upload.json().asset.id, alt: "A candle jar" }] });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      await testPublisher(t).round();
      const published = await readPost(owner, workspace.id, post.id);
      expect(published.status, JSON.stringify(published.deliveries)).toBe("published");
      expect(masto.media).toEqual([expect.objectContaining({ description: "A candle jar", type: "image/jpeg", polls: 2 })]);
      expect(masto.statuses).toEqual([{ id: "9000", key: published.deliveries[0]!.id, body: { status: "Hello fediverse", visibility: "public", media_ids: ["100"] } }]);
      expect(published.deliveries[0]).toMatchObject({ remoteId: "9000", permalink: "https://social.example/@candleshop/9000" });
    });
  });
}
