import type { Network } from "@socialplan/schema";

/** One colour per network, so a glance at the month shows where posts go. */
export const NETWORK_COLORS: Record<Network, string> = {
  website: "#495057",
  instagram: "#c2255c",
  facebook: "#1c7ed6",
  x: "#212529",
  threads: "#5f3dc4",
  bluesky: "#1098ad",
  linkedin: "#0b7285",
  tiktok: "#e8590c",
  youtube: "#e03131",
  pinterest: "#a61e4d",
  naver_blog: "#2b8a3e",
  kakao: "#e67700",
  mastodon: "#6741d9",
  other: "#868e96",
};
