import type { Network } from "@socialplan/schema";

/**
 * One colour per network, so a glance at the month shows where posts go. Each is dark enough for white text on it and
 * for text in it on white (WCAG AA, 4.5:1 and more); the network is also named in text or a mark, never by colour alone.
 */
export const NETWORK_COLORS: Record<Network, string> = {
  website: "#495057",
  instagram: "#c2255c",
  facebook: "#1864ab",
  x: "#212529",
  threads: "#5f3dc4",
  bluesky: "#0a7d8f",
  linkedin: "#0b7285",
  tiktok: "#c0410a",
  youtube: "#c92a2a",
  pinterest: "#a61e4d",
  naver_blog: "#2f7d3a",
  kakao: "#a65f00",
  mastodon: "#6741d9",
  google_business: "#364fc7",
  telegram: "#1c6ea4",
  other: "#5c636a",
};
