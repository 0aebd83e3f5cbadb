import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from "./x-text.ts";

/**
 * How networks count a post's length. Most count user-perceived characters (grapheme clusters: an emoji
 * with skin tone or a Korean syllable is one). X weighs them with its own rules (x-text.ts: the official
 * twitter-text library).
 */
// Made on first use: building it loads ICU's break rules (about 10 ms of a server's start).
let segmenter: Intl.Segmenter | undefined;
const URL_RE = /\bhttps?:\/\/[^\s<>"]+/giu;

export { X_MAX_WEIGHTED_LENGTH, xWeightedLength };

export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of (segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(text)) n += 1;
  return n;
}

/** The length of `text` as `network` counts it. */
export function postLength(network: string, text: string): number {
  return network === "x" ? xWeightedLength(text) : graphemeCount(text);
}

/** Words of a text for comparing two posts: lower case, no links, no punctuation. */
function shingles(text: string): Set<string> {
  const clean = text.normalize("NFC").toLowerCase().replace(URL_RE, " ").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  const chars = [...clean.replace(/ /g, "")];
  const out = new Set<string>();
  for (let i = 0; i + 2 < chars.length + 1; i++) out.add(chars.slice(i, i + 3).join(""));
  return out;
}

/**
 * Similarity of two texts from 0 to 1 (Jaccard index of character trigrams, so it works for Korean without
 * word splitting). Texts at 0.8 or more are "nearly the same" for the duplicate warning.
 */
export function textSimilarity(a: string, b: string): number {
  const sa = shingles(a);
  const sb = shingles(b);
  if (sa.size === 0 && sb.size === 0) return a.trim() === b.trim() ? 1 : 0;
  let common = 0;
  for (const s of sa) if (sb.has(s)) common += 1;
  return common / (sa.size + sb.size - common);
}
export const NEAR_DUPLICATE = 0.8;

/**
 * A post's text as a network gets it: the post's link (`original`) replaced by `link` (tagged or shortened) where
 * the text contains it, otherwise added after a blank line.
 */
export function withLink(text: string, original: string | null, link: string | null): string {
  if (!link) return text;
  if (original && text.includes(original)) return text.replace(original, link);
  return text.trim() ? `${text}\n\n${link}` : link;
}
