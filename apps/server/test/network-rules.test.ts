import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { AssetUploadResult, Post } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { factsFromMoov, videoFacts } from "../src/features/assets/mp4-facts.ts";
import { ADAPTERS } from "../src/features/publishing/adapters/index.ts";
import { PublishError, type Outgoing } from "../src/features/publishing/adapters/types.ts";
import { buildUser, buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { outgoingExtras } from "./helpers/outgoing.ts";
import { mp4 } from "./helpers/mp4.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "./helpers/posts.ts";
import { ALLOW_LOOPBACK, createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

describe("reading a video's length and size from its MP4/MOV header", () => {
  const write = (bytes: Buffer) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mp4-")), "v.mp4");
    fs.writeFileSync(file, bytes);
    return file;
  };

  it("reads the movie header and the picture track, wherever the moov box is", async () => {
    expect(await videoFacts(write(mp4({ durationMs: 200_000, width: 1920, height: 1080 })))).toEqual({ durationMs: 200_000, width: 1920, height: 1080 });
    expect(await videoFacts(write(mp4({ durationMs: 15_500, width: 1080, height: 1920, moovFirst: true })))).toEqual({ durationMs: 15_500, width: 1080, height: 1920 });
  });

  it("reads 64-bit headers (version 1) and a picture turned a quarter as it is shown", async () => {
    expect(await videoFacts(write(mp4({ durationMs: 61_000, width: 1920, height: 1080, version: 1, rotated: true })))).toEqual({ durationMs: 61_000, width: 1080, height: 1920 });
  });

  it("says nothing rather than guess when there is no movie header", async () => {
    expect(await videoFacts(write(Buffer.concat([Buffer.from("000000186674797069736f6d0000020069736f6d69736f32", "hex"), Buffer.alloc(100, 1)])))).toEqual({ durationMs: null, width: null, height: null });
    expect(factsFromMoov(Buffer.from([0, 0, 0, 3, 1, 2]))).toEqual({ durationMs: null, width: null, height: null });
  });
});

/** A real HTTP server on loopback that counts what reaches it. */
async function startReceiver() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.setHeader("content-type", "application/json");
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`each network's rules on a post [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { ...ALLOW_LOOPBACK } });
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await t.close();
      await receiver.close();
    });
    beforeEach(() => {
      t.clock.current = new Date("2026-11-26T09:00:00Z");
    });

    const upload = async (user: TestUser, workspaceId: string, name: string, bytes: Buffer) => {
      const res = await user.client.upload(`/api/workspaces/${workspaceId}/assets?name=${encodeURIComponent(name)}`, bytes);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<AssetUploadResult>().asset;
    };

    it("warns per network with the numbers: Bluesky's 300 characters, Instagram's crop of a 3:1 image", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "candleshop" });
      const bsky = await addChannel(owner, workspace.id, "bluesky", { handle: "candleshop.bsky.social" });
      const wide = await upload(owner, workspace.id, "banner.png", await photo(1500, 500, "png"));
      expect(wide).toMatchObject({ width: 1500, height: 500, durationMs: null });
      const post = await addPost(owner, workspace.id, {
        body: "a".repeat(342),
        variants: [{ channelId: insta, text: null }, { channelId: bsky, text: null }],
        media: [{ assetId: wide.id, alt: "Candles on a shelf" }],
      });
      expect(post.warnings).toEqual([
        { kind: "aspect_ratio", channelId: insta, otherPostId: null, severity: "warning", params: { network: "instagram", item: 1, ratio: "3:1", shown: "1.91:1" } },
        { kind: "too_long", channelId: bsky, otherPostId: null, severity: "error", params: { network: "bluesky", length: 342, limit: 300, over: 42 } },
      ]);
      // What Bluesky would refuse keeps the post off the schedule, naming the field; Instagram's crop does not.
      const refused = await owner.client.post(`/api/workspaces/${workspace.id}/posts/${post.id}/schedule`, { scheduledAt: "2026-12-01T10:00:00Z" });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.fields).toEqual([expect.objectContaining({ field: "body", message: "Too long for bluesky: 342 of 300 characters." })]);
      // A Bluesky version of the text fixes it.
      const fixed = await owner.client.patch(`/api/workspaces/${workspace.id}/posts/${post.id}`, { variants: [{ channelId: insta, text: null }, { channelId: bsky, text: "Winter candles are here 🕯️" }] });
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json<{ post: Post }>().post.warnings.map((w) => [w.kind, w.severity])).toEqual([["aspect_ratio", "warning"]]);
      const scheduled = await schedule(owner, workspace.id, post.id, "2026-12-01T10:00:00Z");
      expect(scheduled.status).toBe("scheduled");
    });

    it("keeps a video Bluesky would refuse off the schedule, naming the file and the limit, in Korean too", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }));
      const bsky = await addChannel(owner, workspace.id, "bluesky");
      const long = await upload(owner, workspace.id, "tour.mp4", mp4({ durationMs: 200_000, width: 1080, height: 1920 }));
      expect(long).toMatchObject({ kind: "video", durationMs: 200_000, width: 1080, height: 1920 });
      const pic = await upload(owner, workspace.id, "shop.jpg", await photo(800, 800));
      const post = await addPost(owner, workspace.id, { body: "Shop tour", variants: [{ channelId: bsky, text: null }], media: [{ assetId: pic.id, alt: "" }, { assetId: long.id, alt: "" }] });
      expect(post.warnings.map((w) => [w.kind, w.severity, w.params])).toEqual([
        ["mixed_media", "error", { network: "bluesky", images: 1, videos: 1 }],
        ["video_too_long", "error", { network: "bluesky", item: 2, seconds: 200, max: 180 }],
      ]);
      const refused = await owner.client.post(`/api/workspaces/${workspace.id}/posts/${post.id}/schedule`, { scheduledAt: "2026-12-01T10:00:00Z" });
      expect(refused.statusCode).toBe(400);
      const fields = refused.json().error.fields as { field: string; message: string }[];
      expect(fields.map((f) => f.field)).toEqual(["media", "media.1.assetId"]);
      expect(fields[1]!.message).toBe("2번째 동영상은 200초인데 bluesky는 최대 180초까지 받습니다. 줄여 주세요.");
    });

    it("fails a send that breaks the network's rules at once, as something to change, without contacting the service", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      // Scheduled to a channel without rules; the channel is then turned into a Bluesky one, which takes 300 characters.
      const channel = await addChannel(owner, workspace.id, "other");
      const hook = await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "webhook", channelId: channel, config: { url: `${receiver.url}/hook` }, secret: { signingSecret: "network-rules-signing-secret" } });
      expect(hook.statusCode, hook.body).toBe(201);
      const post = await addPost(owner, workspace.id, { body: "b".repeat(400), variants: [{ channelId: channel, text: null }] });
      await schedule(owner, workspace.id, post.id, "2026-11-26T10:00:00Z");
      const entries = (await owner.client.get(`/api/workspaces/${workspace.id}/strategy`)).json<{ entries: { id: string; version: number; data: Record<string, unknown> }[] }>().entries;
      const entry = entries.find((e) => e.id === channel)!;
      const changed = await owner.client.put(`/api/workspaces/${workspace.id}/strategy/entries/${channel}`, { version: entry.version, data: { ...entry.data, network: "bluesky" } });
      expect(changed.statusCode, changed.body).toBe(200);
      t.clock.advance(3600);
      await testPublisher(t).round();
      const after = await readPost(owner, workspace.id, post.id);
      expect(after.deliveries[0]).toMatchObject({ status: "failed", attempts: 1, nextAttemptAt: null, error: { code: "publish.breaks_rules" } });
      expect(after.deliveries[0]!.error!.message).toContain("too_long length=400 limit=300");
      expect(receiver.hits).toEqual([]);
      // Nothing more is tried on later rounds.
      t.clock.advance(3600);
      await testPublisher(t).round();
      expect((await readPost(owner, workspace.id, post.id)).deliveries[0]).toMatchObject({ status: "failed", attempts: 1 });
    });

    it("has every adapter refuse a post its network would refuse, before any request", async () => {
      const out = (config: Record<string, unknown>, text: string, network: Outgoing["network"]): Outgoing => ({
        deliveryId: "d1",
        postId: "p1",
        workspaceId: "w1",
        title: "",
        text,
        link: null,
        media: [],
        network,
        channelId: "c1",
        dueAt: "2026-11-26T10:00:00.000Z",
        createdAt: "2026-11-26T09:00:00.000Z",
        config,
        secret: { appPassword: "x", accessToken: "x", applicationPassword: "x", signingSecret: "network-rules-signing-secret" },
        signal: AbortSignal.timeout(5000),
        fetch: t.deps.outbound.fetch,
        send: t.deps.outbound.send,
        ...outgoingExtras(),
      });
      const cases = [
        { kind: "bluesky", out: out({ service: receiver.url, handle: "shop.test" }, "c".repeat(301), "bluesky") },
        { kind: "mastodon", out: out({ instance: receiver.url }, "c".repeat(501), "mastodon") },
        { kind: "webhook", out: out({ url: `${receiver.url}/hook` }, "c".repeat(281), "x") },
      ];
      for (const c of cases) {
        const err = await ADAPTERS[c.kind]!.send(c.out).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, c.kind).toBeInstanceOf(PublishError);
        expect(err).toMatchObject({ kind: "rejected", code: "publish.breaks_rules" });
      }
      expect(receiver.hits).toEqual([]);
    });
  });
}
