import type { CheckedMedia } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { cleanOptions, hasChannelOptions, optionProblems, parseTags, threadCounts, tiktokDisclosure, tiktokPrivacyChoices, variantExtras, variantOptionsOf } from "./channel-options-logic.ts";

const video: CheckedMedia = { kind: "video", width: 1080, height: 1920, durationMs: 30_000, bytes: 1_000_000, contentType: "video/mp4" };
const photo: CheckedMedia = { kind: "image", width: 1000, height: 1500, durationMs: null, bytes: 100_000, contentType: "image/jpeg" };

describe("which channels have settings of their own", () => {
  it("shows settings for the networks that ask for more than a text, none for the others", () => {
    for (const n of ["instagram", "threads", "youtube", "pinterest", "tiktok", "google_business", "x"] as const) expect(hasChannelOptions(n)).toBe(true);
    for (const n of ["bluesky", "linkedin", "telegram", "facebook", "mastodon"] as const) expect(hasChannelOptions(n)).toBe(false);
  });
});

describe("what is saved of a channel's settings", () => {
  it("keeps only the fields the channel's network reads, trimmed, and nothing when nothing is set", () => {
    const o = { title: "  Winter candles ", privacy: "unlisted" as const, tags: ["candles"], boardId: "b1", madeForKids: false, thread: ["x"] };
    expect(cleanOptions("youtube", o)).toEqual({ title: "Winter candles", privacy: "unlisted", tags: ["candles"], madeForKids: false });
    expect(cleanOptions("pinterest", o)).toEqual({ boardId: "b1", title: "Winter candles" });
    expect(cleanOptions("x", o)).toEqual({ thread: ["x"] });
    expect(cleanOptions("linkedin", o)).toBeUndefined();
    expect(cleanOptions("youtube", { title: "  " })).toBeUndefined();
    expect(cleanOptions("x", { thread: ["  ", ""] })).toBeUndefined();
  });

  it("sends TikTok's settings only once a privacy was picked; interactions stay off unless turned on; disclosure only with the switch on", () => {
    expect(cleanOptions("tiktok", { tiktok: { disableComment: false } })).toBeUndefined();
    expect(cleanOptions("tiktok", { tiktok: { privacyLevel: "FOLLOWER_OF_CREATOR", disableComment: false, brandedContent: true } })).toEqual({
      tiktok: { privacyLevel: "FOLLOWER_OF_CREATOR", disableComment: false, disableDuet: true, disableStitch: true, brandOrganic: false, brandedContent: false },
    });
    expect(cleanOptions("tiktok", { tiktok: { privacyLevel: "PUBLIC_TO_EVERYONE", disclose: true, brandOrganic: true } })?.tiktok).toMatchObject({ brandOrganic: true, brandedContent: false });
  });

  it("sends a Business Profile post with the fields its type takes: dates for events and offers, a coupon for offers, a button link except for Call", () => {
    const p = { eventTitle: " Tasting ", startsAt: "2026-12-10T18:00", endsAt: "2026-12-10T20:00", couponCode: "XMAS", action: "BOOK" as const, actionUrl: "https://shop.example/book" };
    expect(cleanOptions("google_business", { localPost: { type: "STANDARD", ...p } })).toEqual({ localPost: { type: "STANDARD", action: "BOOK", actionUrl: "https://shop.example/book" } });
    expect(cleanOptions("google_business", { localPost: { type: "EVENT", ...p } })).toEqual({ localPost: { type: "EVENT", eventTitle: "Tasting", startsAt: "2026-12-10T18:00", endsAt: "2026-12-10T20:00", action: "BOOK", actionUrl: "https://shop.example/book" } });
    expect(cleanOptions("google_business", { localPost: { type: "OFFER", ...p } })).toEqual({ localPost: { type: "OFFER", eventTitle: "Tasting", startsAt: "2026-12-10T18:00", endsAt: "2026-12-10T20:00", couponCode: "XMAS" } });
    expect(cleanOptions("google_business", { localPost: { type: "STANDARD", action: "CALL", actionUrl: "https://x.example" } })).toEqual({ localPost: { type: "STANDARD", action: "CALL" } });
  });

  it("saves format and first comment beside the network's fields, and reads a saved variant back with TikTok's switch on when it disclosed", () => {
    expect(variantExtras("instagram", { format: "story", firstComment: "  #candles " })).toEqual({ format: "story", firstComment: "#candles" });
    expect(variantExtras("pinterest", { options: { boardId: "b1" } })).toEqual({ options: { boardId: "b1" } });
    const saved = { privacyLevel: "PUBLIC_TO_EVERYONE" as const, disableComment: false, disableDuet: true, disableStitch: true, brandOrganic: true, brandedContent: false };
    expect(variantOptionsOf({ options: { tiktok: saved } }).options?.tiktok).toEqual({ ...saved, disclose: true });
    expect(variantOptionsOf({ format: "feed", firstComment: null })).toEqual({ format: "feed", firstComment: null });
  });

  it("reads tags typed with commas, without # or repeats", () => {
    expect(parseTags("candles, #soy, Candles,, winter gifts ")).toEqual(["candles", "soy", "winter gifts"]);
  });
});

describe("TikTok's post settings", () => {
  it("offers only the account's privacy levels, with Only me closed while the post is branded content", () => {
    expect(tiktokPrivacyChoices(["SELF_ONLY", "PUBLIC_TO_EVERYONE"], false)).toEqual([
      { value: "PUBLIC_TO_EVERYONE", disabled: false },
      { value: "SELF_ONLY", disabled: false },
    ]);
    expect(tiktokPrivacyChoices(["PUBLIC_TO_EVERYONE", "SELF_ONLY"], true).find((c) => c.value === "SELF_ONLY")?.disabled).toBe(true);
  });

  it("labels nothing until a kind is ticked, 'Promotional content' for your brand, 'Paid partnership' with branded content, and names the Branded Content Policy then", () => {
    expect(tiktokDisclosure(undefined)).toEqual({ label: null, consent: "music" });
    expect(tiktokDisclosure({ disclose: true })).toEqual({ label: null, consent: "music" });
    expect(tiktokDisclosure({ disclose: true, brandOrganic: true })).toEqual({ label: "promotional", consent: "music" });
    expect(tiktokDisclosure({ disclose: true, brandOrganic: true, brandedContent: true })).toEqual({ label: "paid", consent: "branded" });
    expect(tiktokDisclosure({ disclose: false, brandedContent: true })).toEqual({ label: null, consent: "music" });
  });
});

describe("what a network would refuse in a channel's settings", () => {
  it("asks TikTok's privacy, and a kind of disclosure once the switch is on", () => {
    expect(optionProblems("tiktok", undefined, [video], "")).toEqual([{ field: "tiktok.privacyLevel", rule: "tiktok_privacy", params: {} }]);
    expect(optionProblems("tiktok", { tiktok: { privacyLevel: "SELF_ONLY", disclose: true } }, [video], "").map((p) => p.rule)).toEqual(["tiktok_disclosure"]);
    expect(optionProblems("tiktok", { tiktok: { privacyLevel: "SELF_ONLY", disclose: true, brandOrganic: true } }, [video], "")).toEqual([]);
  });

  it("asks Pinterest's board", () => {
    expect(optionProblems("pinterest", {}, [photo], "").map((p) => p.field)).toEqual(["boardId"]);
    expect(optionProblems("pinterest", { boardId: "b1" }, [photo], "")).toEqual([]);
  });

  it("asks YouTube for a video and a title of 1-100 characters without < >, the post's title standing in", () => {
    expect(optionProblems("youtube", {}, [video], "Winter candles")).toEqual([]);
    expect(optionProblems("youtube", {}, [photo], "Winter candles").map((p) => p.rule)).toEqual(["youtube_video"]);
    expect(optionProblems("youtube", {}, [video], "").map((p) => p.rule)).toEqual(["youtube_title"]);
    expect(optionProblems("youtube", { title: "a <b>" }, [video], "ok").map((p) => p.rule)).toEqual(["youtube_title"]);
    expect(optionProblems("youtube", { tags: Array.from({ length: 40 }, (_, i) => `tag number ${i}`) }, [video], "t").map((p) => p.rule)).toEqual(["youtube_tags"]);
  });

  it("asks a Business Profile event or offer for its title and dates in order, and a button for its link", () => {
    expect(optionProblems("google_business", { localPost: { type: "EVENT" } }, [], "").map((p) => p.field)).toEqual(["localPost.eventTitle", "localPost.startsAt"]);
    expect(optionProblems("google_business", { localPost: { type: "OFFER", eventTitle: "Sale", startsAt: "2026-12-10T18:00", endsAt: "2026-12-09T18:00" } }, [], "").map((p) => p.field)).toEqual(["localPost.endsAt"]);
    expect(optionProblems("google_business", { localPost: { type: "STANDARD", action: "ORDER" } }, [], "").map((p) => p.field)).toEqual(["localPost.actionUrl"]);
    expect(optionProblems("google_business", { localPost: { type: "STANDARD", action: "CALL" } }, [], "")).toEqual([]);
  });

  it("counts each post of an X thread as X does, and names the one over 280", () => {
    expect(threadCounts("한".repeat(140), ["a".repeat(281)])).toEqual([
      { length: 280, limit: 280, over: false },
      { length: 281, limit: 280, over: true },
    ]);
    expect(optionProblems("x", { thread: ["short", "b".repeat(300)] }, [], "")).toEqual([{ field: "thread.1", rule: "x_thread_too_long", params: { n: 3, length: 300, limit: 280 } }]);
  });
});
