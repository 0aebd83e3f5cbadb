import twitterText from "twitter-text";

/**
 * X's own count of a post's length: the official `twitter-text` library's `parseTweet` with its default (v3)
 * configuration — the weighting X applies to POST /2/tweets (https://docs.x.com/fundamentals/counting-characters):
 * text normalised to NFC; code points in the Latin and general-punctuation ranges weigh 1, all others (CJK,
 * Hangul, most scripts) 2; each emoji sequence (skin tones, ZWJ families, flags, keycaps) 2; every URL, with or
 * without "https://" (a domain with a known top-level domain such as "socialplan.co.kr"), 23. A post may weigh
 * at most 280.
 */
export function xWeightedLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

/** X's limit of weighted characters per post (twitter-text's `maxWeightedTweetLength`). */
export const X_MAX_WEIGHTED_LENGTH = 280;
