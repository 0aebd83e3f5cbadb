import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPostForNetwork, hashtagsOf, NETWORK_RULES, networkLength, ratioLabel, shownRatio, type CheckedMedia } from "./network-rules.ts";
import { NETWORK_LIMITS, NETWORK_MAX_IMAGES } from "./posts.ts";
import { NETWORKS } from "./strategy/catalog.ts";

const image = (width: number, height: number, extra: Partial<CheckedMedia> = {}): CheckedMedia => ({ kind: "image", width, height, durationMs: null, bytes: 200_000, contentType: "image/jpeg", ...extra });
const video = (durationMs: number, extra: Partial<CheckedMedia> = {}): CheckedMedia => ({ kind: "video", width: 1080, height: 1920, durationMs, bytes: 5_000_000, contentType: "video/mp4", ...extra });
const rules = (network: Parameters<typeof checkPostForNetwork>[0], post: Partial<Parameters<typeof checkPostForNetwork>[1]>) =>
  checkPostForNetwork(network, { text: "", link: null, media: [], ...post }).map((v) => v.rule);

describe("the network rules table", () => {
  it("has rules and a source for every network", () => {
    for (const n of NETWORKS) {
      expect(NETWORK_RULES[n].sources.length).toBeGreaterThan(0);
      expect(NETWORK_RULES[n].images.max).toBeGreaterThan(0);
    }
  });

  it("is where the old per-network limits come from", () => {
    expect(NETWORK_LIMITS.bluesky).toBe(300);
    expect(NETWORK_LIMITS.x).toBe(280);
    expect(NETWORK_LIMITS.website).toBeNull();
    expect(NETWORK_MAX_IMAGES.bluesky).toBe(4);
    expect(NETWORK_MAX_IMAGES.instagram).toBe(10);
  });
});

describe("checking a post against a network's rules", () => {
  it("takes one document (PDF, slides) on LinkedIn only, alone, of a type and size LinkedIn takes", () => {
    const pdf = (extra: Partial<CheckedMedia> = {}): CheckedMedia => ({ kind: "document", width: null, height: null, durationMs: null, bytes: 2_000_000, contentType: "application/pdf", ...extra });
    expect(rules("linkedin", { media: [pdf()] })).toEqual([]);
    expect(rules("linkedin", { media: [pdf(), pdf()] })).toEqual(["too_many_documents"]);
    expect(rules("linkedin", { media: [pdf(), image(1200, 1200)] })).toEqual(["mixed_media"]);
    expect(rules("linkedin", { media: [pdf({ contentType: "text/plain" })] })).toEqual(["media_format"]);
    expect(rules("linkedin", { media: [pdf({ bytes: 101 * 1024 * 1024 })] })).toEqual(["media_too_large"]);
    for (const network of ["instagram", "x", "facebook", "website"] as const) expect(rules(network, { media: [pdf()] })).toEqual(["too_many_documents"]);
  });

  it("says how far a text is over Bluesky's 300 graphemes", () => {
    const [v] = checkPostForNetwork("bluesky", { text: "a".repeat(342), link: null, media: [] });
    expect(v).toEqual({ rule: "too_long", severity: "error", params: { length: 342, limit: 300, over: 42 } });
  });

  it("counts Korean and emoji as one grapheme on Bluesky but two on X", () => {
    const text = "안녕하세요👋🏽".repeat(50); // 300 graphemes
    expect(rules("bluesky", { text })).toEqual([]);
    expect(rules("x", { text })).toEqual(["too_long"]);
    expect(networkLength("x", "안녕")).toBe(4);
  });

  it("counts the link the publisher adds, as 23 on X and Mastodon whatever its length", () => {
    const link = `https://shop.example/${"x".repeat(200)}`;
    expect(networkLength("mastodon", `hi ${link}`)).toBe(3 + 23);
    // 260 + a blank line + 23 = 285: over, with a long or a short address alike.
    expect(rules("x", { text: "a".repeat(260), link })).toEqual(["too_long"]);
    expect(rules("x", { text: "a".repeat(260), link: "https://a.co" })).toEqual(["too_long"]);
    expect(rules("x", { text: "a".repeat(260), link: null })).toEqual([]);
  });

  it("never reports the length of a text within the network's limit (any text, any network)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...NETWORKS), fc.string({ unit: "grapheme", maxLength: 400 }), (network, text) => {
        const limit = NETWORK_RULES[network].text.max;
        const within = limit === null || networkLength(network, text) <= limit;
        expect(rules(network, { text }).includes("too_long")).toBe(!within);
      }),
    );
  });

  it("never reports an image the feed shows whole", () => {
    fc.assert(
      fc.property(fc.constantFrom(...NETWORKS), fc.integer({ min: 50, max: 4000 }), fc.integer({ min: 50, max: 4000 }), (network, w, h) => {
        const cropped = Math.abs(shownRatio(network, w / h) - w / h) / (w / h) > 0.01;
        expect(rules(network, { media: [image(w, h)] }).includes("aspect_ratio")).toBe(cropped || (NETWORK_RULES[network].images.accepted !== null && (w / h > 10.005 || w / h < 0.095)));
      }),
    );
  });

  it("warns that Instagram crops a 3:1 image to 1.91:1, and that a square one is fine", () => {
    expect(checkPostForNetwork("instagram", { text: "", link: null, media: [image(3000, 1000)] })).toEqual([
      { rule: "aspect_ratio", severity: "warning", params: { item: 1, ratio: "3:1", shown: "1.91:1" } },
    ]);
    expect(rules("instagram", { media: [image(1080, 1080), image(1080, 1350), image(1080, 566)] })).toEqual([]);
    expect(rules("bluesky", { media: [image(3000, 1000)] })).toEqual([]);
  });

  it("refuses images Threads does not take (over 10:1)", () => {
    const [v] = checkPostForNetwork("threads", { text: "", link: null, media: [image(11000, 1000)] });
    expect(v).toMatchObject({ rule: "aspect_ratio", severity: "error" });
  });

  it("counts images, videos and their mix the network's way", () => {
    expect(rules("bluesky", { media: [image(1, 1), image(1, 1), image(1, 1), image(1, 1), image(1, 1)] })).toEqual(["too_many_images"]);
    expect(rules("bluesky", { media: [video(10_000), video(10_000)] })).toEqual(["too_many_videos"]);
    expect(rules("bluesky", { media: [image(1, 1), video(10_000)] })).toEqual(["mixed_media"]);
    // An Instagram carousel mixes them, ten items in all.
    expect(rules("instagram", { media: [image(1, 1), video(10_000)] })).toEqual([]);
    expect(rules("instagram", { media: [...Array.from({ length: 6 }, () => image(1, 1)), ...Array.from({ length: 5 }, () => video(10_000))] })).toEqual(["too_many_images"]);
  });

  it("checks a video's length with its seconds and the limit", () => {
    expect(checkPostForNetwork("bluesky", { text: "", link: null, media: [video(200_000)] })).toEqual([{ rule: "video_too_long", severity: "error", params: { item: 1, seconds: 200, max: 180 } }]);
    expect(rules("instagram", { media: [video(2000)] })).toEqual(["video_too_short"]);
    // A length nobody measured is not held against the video.
    expect(rules("bluesky", { media: [video(0, { durationMs: null })] })).toEqual([]);
  });

  it("names a format the network does not take, and a file too large", () => {
    expect(checkPostForNetwork("bluesky", { text: "", link: null, media: [video(10_000, { contentType: "video/webm" })] })).toEqual([
      { rule: "media_format", severity: "error", params: { item: 1, format: "WEBM", accepted: "MP4" } },
    ]);
    expect(checkPostForNetwork("x", { text: "", link: null, media: [image(1200, 675, { bytes: 6 * 1024 * 1024 })] })).toEqual([
      { rule: "media_too_large", severity: "error", params: { item: 1, megabytes: 6, max: 5 } },
    ]);
    // Bluesky's own app and our adapter scale a large photo down: said, not refused.
    expect(checkPostForNetwork("bluesky", { text: "", link: null, media: [image(4000, 3000, { bytes: 3_000_000 })] })[0]).toMatchObject({ rule: "media_too_large", severity: "warning" });
  });

  it("counts hashtags, not URL fragments or numbers, against Instagram's 30", () => {
    expect(hashtagsOf("#sale #세일 https://a.example/#top #1 a#b")).toEqual(["#sale", "#세일"]);
    const tags = Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(" ");
    expect(checkPostForNetwork("instagram", { text: tags, link: null, media: [] })).toEqual([{ rule: "too_many_hashtags", severity: "error", params: { count: 31, max: 30 } }]);
    expect(rules("bluesky", { text: tags })).toEqual([]);
  });
});

describe("ratio labels", () => {
  it("writes common ratios as people know them", () => {
    expect(ratioLabel(3)).toBe("3:1");
    expect(ratioLabel(0.8)).toBe("4:5");
    expect(ratioLabel(1.91)).toBe("1.91:1");
    expect(ratioLabel(16 / 9)).toBe("16:9");
    expect(ratioLabel(0.4)).toBe("1:2.5");
  });
});
