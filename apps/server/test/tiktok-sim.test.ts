import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunking } from "../src/features/publishing/adapters/tiktok.ts";
import { keepBigIds } from "../src/features/publishing/adapters/tiktok-api.ts";
import { startTikTokSimulator } from "../../../test-peers/tiktok/index.mjs";

type Sim = Awaited<ReturnType<typeof startTikTokSimulator>>;
const MB = 1024 * 1024;

/** The TikTok simulator's documented rules, called directly (no app): what the adapter relies on it to enforce. */
describe("TikTok simulator (test-peers/tiktok)", () => {
  let sim: Sim;
  let token: string;
  let userId: string;
  const call = async (path: string, body: unknown, bearer = token) => {
    const res = await fetch(`${sim.url}/open.tiktokapis.com${path}`, { method: "POST", headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json; charset=UTF-8" }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { data: Record<string, unknown>; error: { code: string; message: string; log_id: string } } };
  };
  const post = (privacy: string, source: Record<string, unknown>) => ({ post_info: { title: "t", privacy_level: privacy }, source_info: { source: "FILE_UPLOAD", ...source } });

  beforeAll(async () => {
    sim = await startTikTokSimulator();
    const app = sim.createApp({ redirectUris: ["https://app.example/cb"], audited: false });
    const user = sim.createUser({ private: true });
    userId = user.id;
    token = sim.issueToken(user.id, app.id, ["user.info.basic", "video.publish", "video.upload"]).access;
  });
  afterAll(() => sim?.close());

  it("answers with the v2 error struct and enforces the chunk rules of the Media Transfer Guide", async () => {
    const bad = await call("/v2/post/publish/video/init/", post("SELF_ONLY", { video_size: 3 * MB, chunk_size: MB, total_chunk_count: 3 }));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid_params" });
    expect(bad.body.error.log_id).toMatch(/^[0-9A-F]{32}$/);
    const tooBig = await call("/v2/post/publish/video/init/", post("SELF_ONLY", { video_size: 70 * MB, chunk_size: 70 * MB, total_chunk_count: 1 }));
    expect(tooBig.body.error.code).toBe("invalid_params");
    const count = await call("/v2/post/publish/video/init/", post("SELF_ONLY", { video_size: 12 * MB, chunk_size: 5 * MB, total_chunk_count: 3 }));
    expect(count.body.error.code).toBe("invalid_params");
    const good = await call("/v2/post/publish/video/init/", post("SELF_ONLY", { video_size: 12 * MB, chunk_size: 5 * MB, total_chunk_count: 2 }));
    expect(good.status).toBe(200);
    expect(good.body.error.code).toBe("ok");
    expect(good.body.data.upload_url).toMatch(/^https:\/\/open-upload\.tiktokapis\.com\/upload\//);
  });

  it("lets an unaudited app post only SELF_ONLY, refuses an unknown token, and limits video inits to 6 a minute", async () => {
    sim.sim.advance(61_000);
    const pub = await call("/v2/post/publish/video/init/", post("FOLLOWER_OF_CREATOR", { video_size: MB, chunk_size: MB, total_chunk_count: 1 }));
    expect(pub.status).toBe(403);
    expect(pub.body.error.code).toBe("unaudited_client_can_only_post_to_private_accounts");
    const unknown = await call("/v2/post/publish/creator_info/query/", {}, "act.nope");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe("access_token_invalid");
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await call("/v2/post/publish/video/init/", post("SELF_ONLY", { video_size: MB, chunk_size: MB, total_chunk_count: 1 }))).body.error.code);
    // Every request counts, the refused one above too: the 7th of the minute is refused.
    expect(codes).toEqual(["ok", "ok", "ok", "ok", "ok", "rate_limit_exceeded"]);
    sim.sim.advance(61_000);
    expect((await call("/v2/post/publish/video/init/", post("SELF_ONLY", { video_size: MB, chunk_size: MB, total_chunk_count: 1 }))).body.error.code).toBe("ok");
  });

  it("pulls photos only from verified URL prefixes", async () => {
    const res = await call("/v2/post/publish/content/init/", { media_type: "PHOTO", post_mode: "DIRECT_POST", post_info: { title: "t", privacy_level: "SELF_ONLY" }, source_info: { source: "PULL_FROM_URL", photo_cover_index: 0, photo_images: ["https://unverified.example/a.jpg"] } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("url_ownership_unverified");
    expect(sim.publishesOf(userId).filter((p) => p.kind === "photo")).toHaveLength(0);
  });

  it("the adapter's chunking follows the same rules, and big post ids survive JSON", () => {
    expect(chunking(3 * MB)).toEqual({ chunkSize: 3 * MB, count: 1 });
    expect(chunking(30 * MB)).toEqual({ chunkSize: 10 * MB, count: 3 });
    expect(chunking(64 * MB + 1)).toEqual({ chunkSize: 10 * MB, count: 6 });
    const big = chunking(20_000 * MB);
    expect(big.count).toBeLessThanOrEqual(1000);
    expect(20_000 * MB - (big.count - 1) * big.chunkSize).toBeLessThanOrEqual(128 * MB);
    expect(JSON.parse(keepBigIds('{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[7185739460401966269]}}')).data.publicaly_available_post_id).toEqual(["7185739460401966269"]);
  });
});
