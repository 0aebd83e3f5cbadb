import type { Post } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { avatarLetter, channelText, displayHandle, hostOf, mediaFrames, periodLabel, previewOfPost, previewParts, textPieces, type PreviewMedia } from "./preview.ts";

const image = (n: number): PreviewMedia => ({ url: `/img/${n}`, alt: "", kind: "image" });
const post = {
  id: "p1",
  status: "in_review",
  title: "Winter candles",
  body: "Our winter candles are here",
  variants: [
    { channelId: "ig", text: null },
    { channelId: "bs", text: "Short one for Bluesky" },
    { channelId: "gone", text: "" },
  ],
  media: [{ assetId: "a1", alt: "A candle" }],
  link: "https://www.shop.example/winter",
  scheduledAt: "2027-01-05T09:30:00.000Z",
} as unknown as Post;

describe("the text each channel gets", () => {
  it("is the channel's own text where one was written, even an empty one, and the post's text otherwise", () => {
    expect(channelText(post, "ig")).toBe("Our winter candles are here");
    expect(channelText(post, "bs")).toBe("Short one for Bluesky");
    expect(channelText(post, "gone")).toBe("");
    expect(channelText(post, "unknown")).toBe("Our winter candles are here");
  });

  it("makes one preview per channel of the post, with the channel's network and handle", () => {
    const preview = previewOfPost(post, [{ id: "ig", network: "instagram", handle: "candles" }, { id: "bs", network: "bluesky", handle: "candles.bsky.social" }], (id, alt) => ({ url: `/f/${id}`, alt, kind: "image" }));
    expect(preview.channels).toEqual([
      { channelId: "ig", network: "instagram", handle: "candles", text: "Our winter candles are here" },
      { channelId: "bs", network: "bluesky", handle: "candles.bsky.social", text: "Short one for Bluesky" },
      { channelId: "gone", network: "other", handle: "", text: "" },
    ]);
    expect(preview.media).toEqual([{ url: "/f/a1", alt: "A candle", kind: "image" }]);
  });
});

describe("a network's preview", () => {
  it("adds the link at the end as the publisher does, or leaves it where the text has it", () => {
    expect(previewParts("facebook", "Hello", "https://shop.example", []).text).toBe("Hello\n\nhttps://shop.example");
    expect(previewParts("facebook", "See https://shop.example now", "https://shop.example", []).text).toBe("See https://shop.example now");
    expect(previewParts("facebook", "Hello", null, []).text).toBe("Hello");
  });

  it("shows a link card on networks that make one when the post has no media, and none on Instagram", () => {
    expect(previewParts("bluesky", "Hi", "https://www.shop.example/a", []).card).toEqual({ url: "https://www.shop.example/a", host: "shop.example" });
    expect(previewParts("bluesky", "Hi", "https://shop.example", [image(1)]).card).toBeNull();
    expect(previewParts("instagram", "Hi", "https://shop.example", []).card).toBeNull();
    expect(previewParts("instagram", "Hi", "https://shop.example", []).deadLink).toBe(true);
    expect(previewParts("facebook", "Hi", "https://shop.example", []).deadLink).toBe(false);
  });

  it("keeps only the images a network takes and says how many it leaves out", () => {
    const parts = previewParts("bluesky", "Hi", null, [1, 2, 3, 4, 5, 6].map(image));
    expect(parts.media).toHaveLength(4);
    expect(parts.dropped).toBe(2);
    expect(previewParts("instagram", "Hi", null, [1, 2].map(image)).dropped).toBe(0);
  });

  it("counts the length as the network does and flags a text over its limit", () => {
    const x = previewParts("x", "가".repeat(141), null, []);
    expect(x.length).toBe(282);
    expect(x.overLimit).toBe(true);
    expect(previewParts("facebook", "가".repeat(141), null, []).overLimit).toBe(false);
    expect(previewParts("website", "a".repeat(5000), null, []).limit).toBeNull();
  });
});

describe("a network's mock of the post", () => {
  const sized = (width: number, height: number): PreviewMedia => ({ url: "/i", alt: "", kind: "image", facts: { width, height, durationMs: null, bytes: 100_000, contentType: "image/png" } });

  it("cuts the text where the feed puts its more, never inside a character", () => {
    const long = "🕯️".repeat(130);
    const ig = previewParts("instagram", long, null, []);
    expect(ig.feed).toEqual({ shown: "🕯️".repeat(125), more: "more" });
    expect(previewParts("linkedin", "a".repeat(300), null, []).feed?.more).toBe("see_more");
    expect(previewParts("bluesky", "a".repeat(300), null, []).feed).toBeNull();
    expect(previewParts("instagram", "short", null, []).feed).toBeNull();
  });

  it("shows a picture in the frame the network crops it to: one alone, a carousel, a grid", () => {
    expect(mediaFrames("instagram", [sized(3000, 1000)], "carousel")).toEqual([1.91]);
    expect(mediaFrames("instagram", [sized(1000, 2000)], "carousel")).toEqual([0.8]);
    expect(mediaFrames("bluesky", [sized(3000, 1000)], "grid")).toEqual([3]);
    // A carousel takes the first picture's frame for all; a grid shows squares.
    expect(mediaFrames("instagram", [sized(1080, 1350), sized(3000, 1000)], "carousel")).toEqual([0.8, 0.8]);
    expect(mediaFrames("x", [sized(3000, 1000), sized(1000, 1000)], "grid")).toEqual([1, 1]);
  });

  it("carries the network's rules, with the numbers, where the files' facts are known", () => {
    const parts = previewParts("instagram", "Hi", null, [sized(3000, 1000)]);
    expect(parts.violations).toEqual([{ rule: "aspect_ratio", severity: "warning", params: { item: 1, ratio: "3:1", shown: "1.91:1" } }]);
    expect(previewParts("instagram", "Hi", null, [image(1)]).violations).toEqual([]);
    expect(previewParts("bluesky", "a".repeat(342), null, []).violations[0]).toMatchObject({ rule: "too_long", params: { over: 42 } });
  });

  it("highlights hashtags, mentions and links, and leaves the rest plain", () => {
    expect(textPieces("New #겨울캔들 by @candle.shop at https://shop.example/a! mail a@b.example #1")).toEqual([
      { kind: "text", text: "New " },
      { kind: "hashtag", text: "#겨울캔들" },
      { kind: "text", text: " by " },
      { kind: "mention", text: "@candle.shop" },
      { kind: "text", text: " at " },
      { kind: "link", text: "https://shop.example/a!" },
      { kind: "text", text: " mail a@b.example #1" },
    ]);
    expect(textPieces("@me@social.example hi")[0]).toEqual({ kind: "mention", text: "@me@social.example" });
  });
});

describe("the account line", () => {
  it("writes social handles with an @ and leaves addresses alone", () => {
    expect(displayHandle("instagram", "candles")).toBe("@candles");
    expect(displayHandle("mastodon", "@candles@social.example")).toBe("@candles@social.example");
    expect(displayHandle("website", "shop.example")).toBe("shop.example");
    expect(displayHandle("x", " ")).toBe("");
  });

  it("puts the handle's first letter in the avatar, or the workspace's without a handle", () => {
    expect(avatarLetter("@candles", "Shop")).toBe("C");
    expect(avatarLetter("", "촛불 가게")).toBe("촛");
    expect(avatarLetter("", "")).toBe("?");
  });

  it("shortens a link to its host for the card", () => {
    expect(hostOf("https://www.shop.example/winter?x=1")).toBe("shop.example");
    expect(hostOf("not a url")).toBe("not a url");
  });
});

describe("a review link's period", () => {
  it("is written as one range in the reader's language", () => {
    expect(periodLabel("2027-01-04", "2027-01-31", "en-US").replace(/\s/g, " ")).toBe("Jan 4 – 31, 2027");
    expect(periodLabel("2027-01-04", "2027-01-04", "en-US")).toBe("Jan 4, 2027");
    expect(periodLabel("2027-01-04", "2027-02-01", "ko-KR")).toContain("2027");
  });
});
