import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { startMetaSimulator, type MetaSimulator } from "../helpers/meta-peer.ts";
import { mp4 } from "../helpers/mp4.ts";

/**
 * The publishing endpoints of the Meta simulator alone (test-peers/meta/publish.mjs): the documented container
 * states, publishing twice, the limits and quotas, media fetched from the URL given, and the faults crash tests use.
 * Each expectation names the rule of Meta's documentation it checks (the rules: publish.mjs comments).
 */

type Json = Record<string, any>;

describe("Meta simulator: publishing endpoints", () => {
  let sim: MetaSimulator;
  let media: http.Server;
  let mediaUrl = "";
  const files = new Map<string, { type: string; body: Buffer }>();

  beforeAll(async () => {
    sim = await startMetaSimulator();
    files.set("/square.jpg", { type: "image/jpeg", body: await photo(1080, 1080, "jpeg") });
    files.set("/portrait.jpg", { type: "image/jpeg", body: await photo(1080, 1350, "jpeg", 60) });
    files.set("/wide.jpg", { type: "image/jpeg", body: await photo(1200, 600, "jpeg") });
    files.set("/square.png", { type: "image/png", body: await photo(800, 800, "png") });
    files.set("/reel.mp4", { type: "video/mp4", body: mp4({ durationMs: 8000, width: 1080, height: 1920, moovFirst: true }) });
    files.set("/moov-last.mp4", { type: "video/mp4", body: mp4({ durationMs: 8000, width: 1080, height: 1920 }) });
    files.set("/too-short.mp4", { type: "video/mp4", body: mp4({ durationMs: 1500, width: 1080, height: 1920, moovFirst: true }) });
    media = http.createServer((req, res) => {
      const f = files.get(req.url ?? "");
      if (!f) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
        return;
      }
      res.writeHead(200, { "content-type": f.type, "content-length": f.body.length });
      res.end(f.body);
    });
    await new Promise<void>((resolve) => media.listen(0, "127.0.0.1", resolve));
    mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await sim?.close();
    await new Promise((resolve) => media?.close(resolve));
  });
  beforeEach(() => {
    sim.clock.set(new Date("2026-12-01T09:00:00Z"));
  });

  /** A Graph call through the simulator: GET with query parameters, POST with a form body. */
  async function graph(method: "GET" | "POST", host: string, path: string, params: Record<string, string>, token: string | null) {
    const url = new URL(`${sim.url}/${host}/v24.0${path}`);
    const form = new URLSearchParams(params);
    if (token) form.set("access_token", token);
    const res = method === "GET" ? await fetch(`${url}?${form}`) : await fetch(url, { method, body: form });
    return { status: res.status, body: (await res.json()) as Json };
  }

  function instagramLogin() {
    const app = sim.createApp({ provider: "instagram", redirectUris: ["https://app.example/cb"] });
    const ig = sim.createInstagramUser();
    const token = sim.issueToken({ appId: app.id, userId: ig.id, scopes: ["instagram_business_basic", "instagram_business_content_publish", "instagram_business_manage_comments"] });
    const call = (method: "GET" | "POST", path: string, params: Record<string, string> = {}) => graph(method, "graph.instagram.com", path, params, token);
    return { app, ig, token, call };
  }

  /** Polls a container the way a client must before publishing. */
  async function pollUntilDone(call: ReturnType<typeof instagramLogin>["call"], id: string) {
    for (let i = 0; i < 20; i++) {
      const r = await call("GET", `/${id}`, { fields: "status_code,status" });
      if (r.body.status_code !== "IN_PROGRESS") return r.body;
    }
    throw new Error("still IN_PROGRESS");
  }

  it("Instagram Login: an image container is published once, read back with its permalink, commented, and counted", async () => {
    const { ig, call } = instagramLogin();
    const created = await call("POST", `/${ig.id}/media`, { image_url: `${mediaUrl}/portrait.jpg`, caption: "New candles #handmade @friend", alt_text: "Three candles on a wooden table" });
    expect(created.status).toBe(200);
    const containerId = created.body.id as string;
    // The simulator fetched the URL we gave, once.
    expect(sim.state.fetchLog.filter((f) => f.url === `${mediaUrl}/portrait.jpg`)).toHaveLength(1);
    expect((await call("GET", `/${containerId}`, { fields: "status_code,status" })).body).toMatchObject({ id: containerId, status_code: "FINISHED" });

    const published = await call("POST", `/${ig.id}/media_publish`, { creation_id: containerId });
    expect(published.status).toBe(200);
    const mediaId = published.body.id as string;
    // Publishing the same container twice is refused (not documented; the simulator answers 24 / 2207008).
    const again = await call("POST", `/${ig.id}/media_publish`, { creation_id: containerId });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 24, error_subcode: 2207008 });
    expect((await call("GET", `/${containerId}`, { fields: "status_code" })).body.status_code).toBe("PUBLISHED");
    expect(sim.publishedMedia(ig.id).filter((m) => m.containerId === containerId)).toHaveLength(1);

    const read = await call("GET", `/${mediaId}`, { fields: "id,permalink,timestamp,caption,media_type,media_product_type,alt_text" });
    expect(read.body).toMatchObject({ id: mediaId, caption: "New candles #handmade @friend", media_type: "IMAGE", media_product_type: "FEED", alt_text: "Three candles on a wooden table" });
    expect(read.body.permalink).toMatch(/^https:\/\/www\.instagram\.com\/p\/[\w-]+\/$/);
    // Graph's format, on the simulator's clock: set to 09:00:00 before each test, it runs on in real time (a second
    // or more on a busy machine), so the publish is stamped between then and now.
    expect(read.body.timestamp).toMatch(/^2026-12-01T09:\d\d:\d\d\+0000$/);
    const stamped = Date.parse(String(read.body.timestamp).replace("+0000", "Z"));
    expect(stamped).toBeGreaterThanOrEqual(Date.parse("2026-12-01T09:00:00Z"));
    expect(stamped).toBeLessThanOrEqual(sim.clock.now());

    const comment = await call("POST", `/${mediaId}/comments`, { message: "Shop link in bio" });
    expect(comment.status).toBe(200);
    expect((await call("GET", `/${mediaId}`, { fields: "comments_count" })).body.comments_count).toBeGreaterThanOrEqual(1);

    const limit = await call("GET", `/${ig.id}/content_publishing_limit`, { fields: "config,quota_usage" });
    expect(limit.body).toEqual({ data: [{ quota_usage: 1, config: { quota_total: 50, quota_duration: 86400 } }] });
  });

  it("refuses what the image specifications and caption limits refuse, with the documented codes", async () => {
    const { ig, call } = instagramLogin();
    const expectError = async (params: Record<string, string>, code: number, subcode?: number) => {
      const r = await call("POST", `/${ig.id}/media`, params);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code, ...(subcode ? { error_subcode: subcode } : {}) });
      return r.body.error as Json;
    };
    // Unreachable media: 9004 / 2207052 "The media could not be fetched from this uri".
    const missing = await expectError({ image_url: `${mediaUrl}/gone.jpg` }, 9004, 2207052);
    expect(missing.message).toContain(`${mediaUrl}/gone.jpg`);
    await expectError({ image_url: "http://127.0.0.1:9/closed.jpg" }, 9004, 2207052);
    // JPEG only: 36001 / 2207005.
    await expectError({ image_url: `${mediaUrl}/square.png` }, 36001, 2207005);
    // Aspect ratio outside 4:5 … 1.91:1: 36003 / 2207009.
    await expectError({ image_url: `${mediaUrl}/wide.jpg` }, 36003, 2207009);
    // Caption: 2,200 characters (36004 / 2207010), 20 @ tags (100 / 2207040), 30 hashtags (100).
    await expectError({ image_url: `${mediaUrl}/square.jpg`, caption: "캔들".repeat(1101) }, 36004, 2207010);
    await expectError({ image_url: `${mediaUrl}/square.jpg`, caption: Array.from({ length: 21 }, (_, i) => `@user${i}`).join(" ") }, 100, 2207040);
    await expectError({ image_url: `${mediaUrl}/square.jpg`, caption: Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(" ") }, 100);
    // alt_text: up to 1,000 characters, images only.
    await expectError({ image_url: `${mediaUrl}/square.jpg`, alt_text: "a".repeat(1001) }, 100);
    await expectError({ media_type: "REELS", video_url: `${mediaUrl}/reel.mp4`, alt_text: "a reel" }, 100);
    // A caption of exactly 2,200 characters, 30 hashtags and 20 tags is accepted.
    const ok = await call("POST", `/${ig.id}/media`, {
      image_url: `${mediaUrl}/square.jpg`,
      caption: [...Array.from({ length: 30 }, (_, i) => `#t${i}`), ...Array.from({ length: 20 }, (_, i) => `@u${i}`)].join(" "),
    });
    expect(ok.status).toBe(200);
  });

  it("carousel through Facebook Login: up to 10 FINISHED items of the same account, caption on the album only", async () => {
    const app = sim.createApp({ provider: "meta", redirectUris: ["https://app.example/cb"] });
    const { user, pages, igUsers } = sim.createFacebookUser({ pages: [{ name: "Candle shop", instagram: true }] });
    const ig = igUsers[0]!;
    const pageToken = sim.issueToken({ appId: app.id, userId: user.id, pageId: pages[0]!.id, scopes: ["instagram_basic", "instagram_content_publish", "pages_read_engagement", "pages_show_list"] });
    const call = (method: "GET" | "POST", path: string, params: Record<string, string> = {}) => graph(method, "graph.facebook.com", path, params, pageToken);

    // The second item is slow: the carousel cannot be made before it is FINISHED (9007 / 2207027).
    const first = await call("POST", `/${ig.id}/media`, { image_url: `${mediaUrl}/square.jpg`, is_carousel_item: "true", alt_text: "The red candle" });
    sim.publish.slowContainers(2, { network: "instagram", accountId: ig.id });
    const second = await call("POST", `/${ig.id}/media`, { image_url: `${mediaUrl}/portrait.jpg`, is_carousel_item: "true", alt_text: "The blue candle" });
    const tooEarly = await call("POST", `/${ig.id}/media`, { media_type: "CAROUSEL", children: `${first.body.id},${second.body.id}`, caption: "Two colours" });
    expect(tooEarly.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    expect((await call("GET", `/${second.body.id}`, { fields: "status_code" })).body.status_code).toBe("IN_PROGRESS");
    expect((await call("GET", `/${second.body.id}`, { fields: "status_code" })).body.status_code).toBe("IN_PROGRESS");
    expect((await call("GET", `/${second.body.id}`, { fields: "status_code" })).body.status_code).toBe("FINISHED");

    // Captions belong on the carousel container, not on items; 2 to 10 items (100 / 2207028).
    expect((await call("POST", `/${ig.id}/media`, { image_url: `${mediaUrl}/square.jpg`, is_carousel_item: "true", caption: "no" })).body.error).toMatchObject({ code: 100 });
    expect((await call("POST", `/${ig.id}/media`, { media_type: "CAROUSEL", children: String(first.body.id) })).body.error).toMatchObject({ code: 100, error_subcode: 2207028 });
    const eleven = Array.from({ length: 11 }, () => first.body.id as string);
    expect((await call("POST", `/${ig.id}/media`, { media_type: "CAROUSEL", children: eleven.join(",") })).body.error).toMatchObject({ code: 100, error_subcode: 2207028 });

    const album = await call("POST", `/${ig.id}/media`, { media_type: "CAROUSEL", children: `${first.body.id},${second.body.id}`, caption: "Two colours" });
    expect(album.status).toBe(200);
    // Items are not published on their own.
    expect((await call("POST", `/${ig.id}/media_publish`, { creation_id: first.body.id })).status).toBe(400);
    const published = await call("POST", `/${ig.id}/media_publish`, { creation_id: album.body.id });
    expect(published.status).toBe(200);
    const read = await call("GET", `/${published.body.id}`, { fields: "media_type,caption,children{id,media_type,alt_text}" });
    expect(read.body).toMatchObject({ media_type: "CAROUSEL_ALBUM", caption: "Two colours" });
    expect(read.body.children.data.map((c: Json) => c.alt_text)).toEqual(["The red candle", "The blue candle"]);
    // The album counts as one post; its items are not listed as posts of their own.
    expect(sim.publish.quotaUsage(ig.id)).toBe(1);
    const listed = await call("GET", `/${ig.id}/media`, { fields: "id" });
    expect(listed.body.data.map((m: Json) => m.id)).toEqual([published.body.id]);

    // A user token works too (the documented token for graph.facebook.com); another account's container does not.
    const userToken = sim.issueToken({ appId: app.id, userId: user.id });
    const other = instagramLogin();
    const foreign = await other.call("POST", `/${other.ig.id}/media`, { image_url: `${mediaUrl}/square.jpg` });
    const wrongOwner = await graph("POST", "graph.facebook.com", `/${ig.id}/media_publish`, { creation_id: foreign.body.id }, userToken);
    expect(wrongOwner.body.error).toMatchObject({ code: 24, error_subcode: 2207006 });
  });

  it("reels and stories: asynchronous video processing, IN_PROGRESS, ERROR for a bad file, EXPIRED after 24 hours", async () => {
    const { ig, call } = instagramLogin();
    const reel = await call("POST", `/${ig.id}/media`, { media_type: "REELS", video_url: `${mediaUrl}/reel.mp4`, caption: "Pouring", share_to_feed: "true" });
    expect(reel.status).toBe(200);
    // Publishing before the container is FINISHED: 9007 / 2207027.
    const early = await call("POST", `/${ig.id}/media_publish`, { creation_id: reel.body.id });
    expect(early.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    expect((await call("GET", `/${reel.body.id}`, { fields: "status_code" })).body.status_code).toBe("IN_PROGRESS");
    expect(await pollUntilDone(call, reel.body.id)).toMatchObject({ status_code: "FINISHED" });
    const published = await call("POST", `/${ig.id}/media_publish`, { creation_id: reel.body.id });
    const read = await call("GET", `/${published.body.id}`, { fields: "media_type,media_product_type,permalink" });
    expect(read.body).toMatchObject({ media_type: "VIDEO", media_product_type: "REELS" });
    expect(read.body.permalink).toMatch(/\/reel\//);

    // A video whose moov atom is at the end, one too short, one that cannot be fetched: ERROR, `status` = subcode.
    for (const [file, subcode] of [["moov-last.mp4", "2207026"], ["too-short.mp4", "2207026"], ["gone.mp4", "2207052"]] as const) {
      const c = await call("POST", `/${ig.id}/media`, { media_type: "REELS", video_url: `${mediaUrl}/${file}` });
      expect(c.status).toBe(200);
      expect(await pollUntilDone(call, c.body.id)).toMatchObject({ status_code: "ERROR", status: subcode });
      expect((await call("POST", `/${ig.id}/media_publish`, { creation_id: c.body.id })).status).toBe(400);
    }

    // A story image; never published within 24 hours → EXPIRED, and publishing it: -2 / 2207020.
    const story = await call("POST", `/${ig.id}/media`, { media_type: "STORIES", image_url: `${mediaUrl}/square.jpg` });
    expect(story.status).toBe(200);
    sim.clock.advance(24 * 60 * 60 * 1000);
    expect((await call("GET", `/${story.body.id}`, { fields: "status_code" })).body.status_code).toBe("EXPIRED");
    expect((await call("POST", `/${ig.id}/media_publish`, { creation_id: story.body.id })).body.error).toMatchObject({ code: -2, error_subcode: 2207020 });
  });

  it("the publishing quota: 50 posts per moving 24 hours, then 9 / 2207042", async () => {
    const { ig, call } = instagramLogin();
    sim.publish.useQuota(ig.id, 49);
    const c1 = await call("POST", `/${ig.id}/media`, { image_url: `${mediaUrl}/square.jpg` });
    expect((await call("POST", `/${ig.id}/media_publish`, { creation_id: c1.body.id })).status).toBe(200);
    expect((await call("GET", `/${ig.id}/content_publishing_limit`)).body).toEqual({ data: [{ quota_usage: 50 }] });
    const c2 = await call("POST", `/${ig.id}/media`, { image_url: `${mediaUrl}/square.jpg` });
    const refused = await call("POST", `/${ig.id}/media_publish`, { creation_id: c2.body.id });
    expect(refused.body.error).toMatchObject({ code: 9, error_subcode: 2207042 });
    // The window moves: a day later the quota is free again (the container too old by then: a new one).
    sim.clock.advance(24 * 60 * 60 * 1000 + 1000);
    const c3 = await call("POST", `/${ig.id}/media`, { image_url: `${mediaUrl}/square.jpg` });
    expect((await call("POST", `/${ig.id}/media_publish`, { creation_id: c3.body.id })).status).toBe(200);
    expect(sim.publish.quotaUsage(ig.id)).toBe(1);
  });

  it("faults: a publish that succeeds but never answers, a forced ERROR, a 500, an expired token", async () => {
    const { ig, call, token } = instagramLogin();
    const c = await call("POST", `/${ig.id}/media`, { image_url: `${mediaUrl}/square.jpg` });
    sim.publish.hangNextPublish({ network: "instagram", accountId: ig.id });
    await expect(call("POST", `/${ig.id}/media_publish`, { creation_id: c.body.id })).rejects.toThrow();
    // It was published: the client must look it up instead of publishing again.
    expect(sim.publishedMedia(ig.id).map((m) => m.containerId)).toEqual([c.body.id]);
    expect((await call("GET", `/${c.body.id}`, { fields: "status_code" })).body.status_code).toBe("PUBLISHED");

    sim.publish.failNextContainer({ network: "instagram" }, { code: -1, subcode: 2207053, message: "unknown upload error" });
    const failing = await call("POST", `/${ig.id}/media`, { media_type: "REELS", video_url: `${mediaUrl}/reel.mp4` });
    expect(await pollUntilDone(call, failing.body.id)).toMatchObject({ status_code: "ERROR", status: "2207053" });

    sim.faults.failNext({ path: `/${ig.id}/media_publish` }, { status: 500, code: 2, type: "OAuthException", message: "An unexpected error has occurred. Please retry your request later.", isTransient: true });
    const c2 = await call("POST", `/${ig.id}/media`, { image_url: `${mediaUrl}/square.jpg` });
    const broken = await call("POST", `/${ig.id}/media_publish`, { creation_id: c2.body.id });
    expect(broken.status).toBe(500);
    expect(sim.publish.statusOf(c2.body.id)).toBe("FINISHED");

    sim.faults.expireToken(token);
    const expired = await call("POST", `/${ig.id}/media_publish`, { creation_id: c2.body.id });
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("Threads: text, image and carousel containers, the 500-character and 5-link limits, replies, the quota", async () => {
    const app = sim.createApp({ provider: "threads", redirectUris: ["https://app.example/cb"] });
    const user = sim.createThreadsUser({ username: "candle_maker" });
    const token = sim.issueToken({ appId: app.id, userId: user.id, scopes: ["threads_basic", "threads_content_publish", "threads_manage_replies"] });
    const call = (method: "GET" | "POST", path: string, params: Record<string, string> = {}) => graph(method, "graph.threads.net", path, params, token);
    const poll = async (id: string) => {
      for (let i = 0; i < 10; i++) {
        const r = await call("GET", `/${id}`, { fields: "status,error_message" });
        if (r.body.status !== "IN_PROGRESS") return r.body;
      }
      throw new Error("still IN_PROGRESS");
    };

    // 500 characters, emojis counted as their UTF-8 bytes: 497 letters + one 4-byte emoji is too long.
    expect((await call("POST", `/${user.id}/threads`, { media_type: "TEXT", text: "a".repeat(497) + "🕯" })).body.error).toMatchObject({ code: 100 });
    expect((await call("POST", `/${user.id}/threads`, { media_type: "TEXT", text: "가".repeat(500) })).status).toBe(200);
    const sixLinks = Array.from({ length: 6 }, (_, i) => `https://shop${i}.example`).join(" ");
    expect((await call("POST", `/${user.id}/threads`, { media_type: "TEXT", text: sixLinks })).body.error.message).toContain("THREADS_API__LINK_LIMIT_EXCEEDED");

    const text = await call("POST", `/${user.id}/threads`, { media_type: "TEXT", text: "New scents today https://candle.example" });
    expect(await poll(text.body.id)).toMatchObject({ status: "FINISHED" });
    const post = await call("POST", `/${user.id}/threads_publish`, { creation_id: text.body.id });
    expect(post.status).toBe(200);
    expect((await call("POST", `/${user.id}/threads_publish`, { creation_id: text.body.id })).status).toBe(400);
    const read = await call("GET", `/${post.body.id}`, { fields: "id,permalink,text,media_type,timestamp" });
    expect(read.body).toMatchObject({ media_type: "TEXT_POST", text: "New scents today https://candle.example" });
    expect(read.body.permalink).toMatch(/^https:\/\/www\.threads\.com\/@candle_maker\/post\//);

    // First comment: a reply to our own post (reply_to_id), published the same way, counted as a reply.
    const reply = await call("POST", `/${user.id}/threads`, { media_type: "TEXT", text: "Price list: https://candle.example/prices", reply_to_id: post.body.id });
    const replied = await call("POST", `/${user.id}/threads_publish`, { creation_id: reply.body.id });
    expect(replied.status).toBe(200);
    const limits = await call("GET", `/${user.id}/threads_publishing_limit`, { fields: "quota_usage,config,reply_quota_usage,reply_config" });
    expect(limits.body.data[0]).toEqual({ quota_usage: 1, config: { quota_total: 250, quota_duration: 86400 }, reply_quota_usage: 1, reply_config: { quota_total: 1000, quota_duration: 86400 } });

    // Image items (JPEG and PNG) are processed asynchronously; a carousel needs 2 to 20 FINISHED items.
    const a = await call("POST", `/${user.id}/threads`, { media_type: "IMAGE", image_url: `${mediaUrl}/square.png`, is_carousel_item: "true", alt_text: "Candles" });
    const b = await call("POST", `/${user.id}/threads`, { media_type: "IMAGE", image_url: `${mediaUrl}/wide.jpg`, is_carousel_item: "true" });
    expect((await call("POST", `/${user.id}/threads`, { media_type: "CAROUSEL", children: `${a.body.id},${b.body.id}` })).body.error).toMatchObject({ code: 9007 });
    await poll(a.body.id);
    await poll(b.body.id);
    expect((await call("POST", `/${user.id}/threads`, { media_type: "CAROUSEL", children: String(a.body.id) })).body.error).toMatchObject({ code: 100 });
    const album = await call("POST", `/${user.id}/threads`, { media_type: "CAROUSEL", children: `${a.body.id},${b.body.id}`, text: "Two looks" });
    const albumPost = await call("POST", `/${user.id}/threads_publish`, { creation_id: album.body.id });
    expect((await call("GET", `/${albumPost.body.id}`, { fields: "media_type" })).body.media_type).toBe("CAROUSEL_ALBUM");

    // A video that cannot be downloaded: ERROR with error_message FAILED_DOWNLOADING_VIDEO.
    const video = await call("POST", `/${user.id}/threads`, { media_type: "VIDEO", video_url: `${mediaUrl}/gone.mp4` });
    expect(await poll(video.body.id)).toMatchObject({ status: "ERROR", error_message: "FAILED_DOWNLOADING_VIDEO" });

    // Replies need threads_manage_replies ("Required for making POST calls to reply endpoints").
    sim.faults.dropPermission({ appId: app.id, userId: user.id }, "threads_manage_replies");
    expect((await call("POST", `/${user.id}/threads`, { media_type: "TEXT", text: "More", reply_to_id: post.body.id })).body.error).toMatchObject({ code: 10 });

    // 250 posts per 24 hours.
    sim.publish.useQuota(user.id, 248);
    const last = await call("POST", `/${user.id}/threads`, { media_type: "TEXT", text: "Last one today" });
    expect((await call("POST", `/${user.id}/threads_publish`, { creation_id: last.body.id })).body.error).toMatchObject({ code: 9 });
  });

  it("Facebook Pages: text, link, photos and video with the Page token; a user token or a missing permission is refused", async () => {
    const app = sim.createApp({ provider: "meta", redirectUris: ["https://app.example/cb"] });
    const { user, pages } = sim.createFacebookUser({ pages: [{ name: "Candle shop" }] });
    const page = pages[0]!;
    const scopes = ["pages_show_list", "pages_read_engagement", "pages_manage_posts", "pages_manage_engagement"];
    const pageToken = sim.issueToken({ appId: app.id, userId: user.id, pageId: page.id, scopes });
    const userToken = sim.issueToken({ appId: app.id, userId: user.id });
    const call = (method: "GET" | "POST", path: string, params: Record<string, string>, token = pageToken) => graph(method, "graph.facebook.com", path, params, token);

    const withUserToken = await call("POST", `/${page.id}/feed`, { message: "Hello" }, userToken);
    expect(withUserToken.body.error).toMatchObject({ code: 200 });

    const text = await call("POST", `/${page.id}/feed`, { message: "Open on Sunday", link: "https://candle.example" });
    expect(text.status).toBe(200);
    expect(text.body.id).toMatch(new RegExp(`^${page.id}_\\d+$`));
    const read = await call("GET", `/${text.body.id}`, { fields: "permalink_url,created_time,message" });
    expect(read.body).toMatchObject({ message: "Open on Sunday", created_time: expect.stringMatching(/^2026-12-01T09:\d\d:\d\d\+0000$/) }); // the clock runs on from 09:00:00
    expect(read.body.permalink_url).toMatch(/^https:\/\/www\.facebook\.com\//);
    // The same message again, consecutively: 506.
    expect((await call("POST", `/${page.id}/feed`, { message: "Open on Sunday", link: "https://candle.example" })).body.error).toMatchObject({ code: 506 });
    expect((await call("POST", `/${text.body.id}/comments`, { message: "See you there" })).status).toBe(200);

    const photoPost = await call("POST", `/${page.id}/photos`, { url: `${mediaUrl}/square.png`, caption: "The workshop" });
    expect(photoPost.body).toEqual({ id: expect.any(String), post_id: expect.stringMatching(new RegExp(`^${page.id}_`)) });

    // Several photos: unpublished uploads, then one feed post with attached_media.
    const p1 = await call("POST", `/${page.id}/photos`, { url: `${mediaUrl}/square.jpg`, published: "false" });
    const p2 = await call("POST", `/${page.id}/photos`, { url: `${mediaUrl}/wide.jpg`, published: "false" });
    expect(p1.body).toEqual({ id: expect.any(String) });
    const multi = await call("POST", `/${page.id}/feed`, { message: "Two photos", "attached_media[0]": JSON.stringify({ media_fbid: p1.body.id }), "attached_media[1]": JSON.stringify({ media_fbid: p2.body.id }) });
    expect(multi.status).toBe(200);
    expect(sim.publishedMedia(page.id).find((m) => m.id === multi.body.id)?.children).toEqual([p1.body.id, p2.body.id]);
    // "Either link or message must be supplied", attached photos or not.
    const p3 = await call("POST", `/${page.id}/photos`, { url: `${mediaUrl}/portrait.jpg`, published: "false" });
    const noText = await call("POST", `/${page.id}/feed`, { "attached_media[0]": JSON.stringify({ media_fbid: p3.body.id }) });
    expect(noText.body.error).toMatchObject({ code: 100, message: "(#100) Either link or message must be supplied." });
    // A photo or video URL that cannot be fetched: 324 "Missing or invalid image file", 389 "Unable to fetch video file from URL".
    expect((await call("POST", `/${page.id}/photos`, { url: `${mediaUrl}/gone.jpg` })).body.error).toMatchObject({ code: 324 });
    expect((await call("POST", `/${page.id}/videos`, { file_url: `${mediaUrl}/gone.mp4` })).body.error).toMatchObject({ code: 389 });

    const video = await call("POST", `/${page.id}/videos`, { file_url: `${mediaUrl}/reel.mp4`, description: "Pouring wax" });
    expect(video.status).toBe(200);
    expect((await call("GET", `/${video.body.id}`, { fields: "post_id,permalink_url" })).body.post_id).toMatch(new RegExp(`^${page.id}_`));

    sim.faults.dropPermission({ appId: app.id, userId: user.id }, "pages_manage_posts");
    expect((await call("POST", `/${page.id}/feed`, { message: "Without permission" })).body.error).toMatchObject({ code: 200 });
    expect(sim.publish.quotaUsage(page.id)).toBe(4);
  });
});
