import { describe, expect, it } from "vitest";
import { nextPacificMidnight, subOf } from "../src/features/oauth/flows/google.ts";
import { isShort, youtubeTitle } from "../src/features/publishing/adapters/youtube.ts";

describe("YouTube and Google: the pure rules", () => {
  it("the daily quota starts again at the next midnight in Los Angeles, daylight saving included", () => {
    // PST (UTC−8): 2026-11-26 01:00 → 2026-11-27 00:00 = 08:00 UTC.
    expect(nextPacificMidnight(new Date("2026-11-26T09:00:00Z")).toISOString()).toBe("2026-11-27T08:00:00.000Z");
    // PDT (UTC−7): 2026-07-01 16:59 → 2026-07-02 00:00 = 07:00 UTC.
    expect(nextPacificMidnight(new Date("2026-07-01T23:59:00Z")).toISOString()).toBe("2026-07-02T07:00:00.000Z");
    // 2026-03-08 01:30 PST; clocks go forward at 02:00, so the next midnight is in PDT: 07:00 UTC.
    expect(nextPacificMidnight(new Date("2026-03-08T09:30:00Z")).toISOString()).toBe("2026-03-09T07:00:00.000Z");
    // 2026-11-01 00:30 PDT; clocks go back at 02:00, so the next midnight is in PST: 08:00 UTC.
    expect(nextPacificMidnight(new Date("2026-11-01T07:30:00Z")).toISOString()).toBe("2026-11-02T08:00:00.000Z");
    // Exactly at midnight: the next one, a day later.
    expect(nextPacificMidnight(new Date("2026-11-27T08:00:00Z")).toISOString()).toBe("2026-11-28T08:00:00.000Z");
  });

  it("a title is at most 100 characters on one line, without < or >, from the copy's title else the post's", () => {
    expect(youtubeTitle({ options: { title: "  <b>Sale</b>\nnow  " }, title: "Post" })).toBe("‹b›Sale‹/b› now");
    expect(youtubeTitle({ options: {}, title: "캔들 만들기 " })).toBe("캔들 만들기");
    expect([...youtubeTitle({ options: { title: "가".repeat(150) }, title: "" })]).toHaveLength(100);
    expect(youtubeTitle({ options: { title: "   " }, title: "" })).toBe("");
  });

  it("a square or vertical video of at most 3 minutes is a Short; a landscape or longer one, or one of unknown shape, is not", () => {
    expect(isShort({ width: 1080, height: 1920, durationMs: 180_000 })).toBe(true);
    expect(isShort({ width: 1080, height: 1080, durationMs: 30_000 })).toBe(true);
    expect(isShort({ width: 1080, height: 1920, durationMs: 180_001 })).toBe(false);
    expect(isShort({ width: 1920, height: 1080, durationMs: 30_000 })).toBe(false);
    expect(isShort({ width: null, height: null, durationMs: 30_000 })).toBe(false);
  });

  it("the Google account is the id token's sub; a malformed token gives none", () => {
    const token = (claims: unknown) => `${Buffer.from("{}").toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
    expect(subOf(token({ sub: "1234567890", aud: "x" }))).toBe("1234567890");
    expect(subOf(token({ aud: "x" }))).toBeUndefined();
    expect(subOf("not-a-jwt")).toBeUndefined();
    expect(subOf(undefined)).toBeUndefined();
  });
});
