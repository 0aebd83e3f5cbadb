import { describe, expect, it } from "vitest";
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from "./x-text.ts";

/**
 * Cases from twitter-text's conformance suite (conformance/validate.yml, "WeightedTweetsWithDiscountedEmojiCounterTest"
 * and "lengths"): the weights X itself applies.
 */
const x = (n: number, s: string) => s.repeat(n);
const CONFORMANCE: Array<[string, string, number]> = [
  ["plain Latin", "This is a test.", 15],
  ["a URL with http:// counts 23", "http://test.com", 23],
  ["a URL with https:// counts 23", "https://test.com", 23],
  ["a URL without protocol counts 23", "test.com", 23],
  ["several URLs", "Test https://test.com test https://test.com test.com test", 86],
  ["BMP Hangul counts 2 each", "저찀쯿쿿", 8],
  ["non-BMP code points count 2 each", "\u{10000}\u{10FFFF}", 4],
  ["emoji inside and outside the BMP", "😷👾😡🔥💩", 10],
  ["emoji with skin tone and ZWJ sequences count 2 each", "🙋🏽👨‍🎤", 4],
  ["a mix: H, cat, smiley, family", "H🐱☺👨‍👩‍👧‍👦", 7],
  ["'Á' decomposed is normalised into one character", "A\u0301B", 2],
  ["160 emoji", x(160, "😷"), 320],
  ["CJK counts 2", x(140, "の"), 280],
  ["a long URL in a long post", `285 chars- http://www.twitter.com/jack ${x(24, "xxxxxxxxxx-")}`, 299],
  ["ten URLs", x(10, "https://www.twitter.com/aloha "), 240],
];

describe("X's weighted length (twitter-text's parseTweet)", () => {
  it.each(CONFORMANCE)("%s", (_name, text, expected) => {
    expect(xWeightedLength(text)).toBe(expected);
  });

  it("counts Korean, which X weighs 2 per syllable, against the 280 limit", () => {
    expect(xWeightedLength("가".repeat(140))).toBe(X_MAX_WEIGHTED_LENGTH);
    expect(xWeightedLength("가".repeat(141))).toBeGreaterThan(X_MAX_WEIGHTED_LENGTH);
    expect(xWeightedLength("가게 socialplan.co.kr")).toBe(4 + 1 + 23);
  });
});
