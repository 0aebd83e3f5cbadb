import { describe, expect, it } from "vitest";
import { graphemeCount, postLength, textSimilarity, NEAR_DUPLICATE, xWeightedLength } from "./post-text.ts";

describe("post length as each network counts it", () => {
  it("counts user-perceived characters", () => {
    expect(graphemeCount("안녕하세요")).toBe(5);
    expect(graphemeCount("👍🏽 ok")).toBe(4);
    expect(graphemeCount("👨‍👩‍👧")).toBe(1);
  });

  it("weighs X posts: CJK and emoji 2, URLs 23", () => {
    expect(xWeightedLength("hello")).toBe(5);
    expect(xWeightedLength("안녕")).toBe(4);
    expect(xWeightedLength("hi 👍")).toBe(5);
    expect(xWeightedLength("see https://example.com/a/very/long/path?x=1 now")).toBe(4 + 23 + 4);
    expect(postLength("x", "가".repeat(140))).toBe(280);
    expect(postLength("bluesky", "가".repeat(140))).toBe(140);
  });
});

describe("near-duplicate texts", () => {
  it("finds a text that only changed a little, in English and Korean", () => {
    expect(textSimilarity("Our new autumn menu is here! Come try it today.", "Our new autumn menu is here!! Come try it today")).toBeGreaterThanOrEqual(NEAR_DUPLICATE);
    expect(textSimilarity("가을 신메뉴가 나왔어요! 오늘 맛보러 오세요", "가을 신메뉴가 나왔어요! 오늘 맛보러 오세요 https://x.test")).toBeGreaterThanOrEqual(NEAR_DUPLICATE);
    expect(textSimilarity("Our new autumn menu is here!", "Closed on Monday for the holiday")).toBeLessThan(0.3);
  });
});
