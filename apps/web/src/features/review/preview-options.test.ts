import { describe, expect, it } from "vitest";
import { localPostParts, mediaFrames, previewParts, telegramMode, threadParts, type PreviewMedia } from "./preview.ts";

const img = (width: number | null, height: number | null): PreviewMedia => ({ url: "/a.png", alt: "", kind: "image", ...(width ? { facts: { width, height, durationMs: null, bytes: 1000, contentType: "image/png" } } : {}) });

describe("the previews read each channel's own settings", () => {
  it("shows an X thread's posts after the first, each with its X-weighted length", () => {
    expect(threadParts("first", { thread: ["second", "x".repeat(281)] })).toEqual([
      { text: "first", length: 5, over: false },
      { text: "second", length: 6, over: false },
      { text: "x".repeat(281), length: 281, over: true },
    ]);
    expect(threadParts("only", undefined)).toHaveLength(1);
  });

  it("shows a Business Profile post's event or offer title, dates, coupon and button", () => {
    expect(localPostParts(undefined)).toEqual({ type: "STANDARD", title: null, startsAt: null, endsAt: null, coupon: null, button: null, url: null });
    expect(localPostParts({ localPost: { type: "STANDARD", action: "BOOK", actionUrl: "https://a.example", eventTitle: "ignored" } })).toMatchObject({ type: "STANDARD", title: null, button: "BOOK", url: "https://a.example" });
    expect(localPostParts({ localPost: { type: "EVENT", eventTitle: "Tasting", startsAt: "2026-12-10T18:00", endsAt: "2026-12-10T20:00", action: "CALL" } })).toMatchObject({ title: "Tasting", startsAt: "2026-12-10T18:00", button: "CALL", url: null });
    expect(localPostParts({ localPost: { type: "OFFER", eventTitle: "Sale", couponCode: "XMAS", redeemUrl: "https://a.example/r", action: "BOOK" } })).toMatchObject({ coupon: "XMAS", button: "VIEW_OFFER", url: "https://a.example/r" });
  });

  it("sends Telegram text as a caption (1,024) with media and as a message (4,096) without", () => {
    expect(telegramMode(0)).toBe("message");
    expect(telegramMode(2)).toBe("caption");
    expect(previewParts("telegram", "hi", null, []).limit).toBe(4096);
    expect(previewParts("telegram", "hi", null, [img(800, 600)]).limit).toBe(1024);
    expect(previewParts("telegram", "x".repeat(1100), null, [img(800, 600)]).overLimit).toBe(true);
  });

  it("frames a Pin of unknown shape 2:3, a Business Profile photo 4:3", () => {
    expect(mediaFrames("pinterest", [img(null, null)], "carousel")).toEqual([2 / 3]);
    expect(mediaFrames("google_business", [img(null, null)], "carousel")).toEqual([4 / 3]);
  });
});
