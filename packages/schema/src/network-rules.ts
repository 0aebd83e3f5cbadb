import { graphemeCount, withLink, xWeightedLength } from "@socialplan/domain";
import type { Network } from "./strategy/catalog.ts";

/**
 * Each network's rules for one post, in one table that the editor's previews, the server's warnings and the
 * publishing adapters all read. Every value names where it comes from: the network's own documentation where it
 * states one, otherwise "observed" (what the network's app does today, written down as such, not as a promise).
 * Aspect ratios are width ÷ height (4:5 = 0.8, 1.91:1 = 1.91).
 */
export interface NetworkRules {
  text: {
    /** Longest text the network takes, in its units; null: no practical limit (a website or blog). */
    max: number | null;
    /** Longest text when the post carries media, where the network limits a caption more (Telegram: 1,024); absent: `max`. */
    withMedia?: number;
    /** graphemes: user-perceived characters; x: X's weighted count (CJK and emoji 2, every URL 23); urls23: graphemes with every URL as 23 (Mastodon). */
    counting: "graphemes" | "x" | "urls23";
    /** Characters the feed shows before it cuts the text with its "more" link; null: the whole text is shown. */
    feedCut: number | null;
    /** The word the network puts after the cut (translated in the app: preview.more_<word>). */
    more: "more" | "see_more" | null;
  };
  images: {
    /** Images in one post (a carousel counts every item; Instagram and Threads count videos with them). */
    max: number;
    /** The frames the feed shows an image in without cropping it (w÷h); outside, the feed crops it to the nearer end. null: shown whole. */
    frame: { min: number; max: number } | null;
    /** Ratios the network refuses outright (w÷h); null: none documented. */
    accepted: { min: number; max: number } | null;
    /** The crop of the profile grid, where the network has one (w÷h). */
    grid: number | null;
    /** How several images are laid out: swiped one by one, or side by side. */
    layout: "carousel" | "grid";
    /** Content types taken; empty: any image. */
    formats: readonly string[];
    /** Largest file in bytes; null: none documented. */
    maxBytes: number | null;
    /** A larger image is scaled down (by the network's app and by our adapter) rather than refused. */
    scaledDown: boolean;
  };
  videos: {
    max: number;
    minMs: number | null;
    maxMs: number | null;
    formats: readonly string[];
    maxBytes: number | null;
    /** The frame the player shows (w÷h); null: the video's own. */
    frame: number | null;
  };
  /**
   * Documents (a PDF or a slide deck shown as a swipeable carousel): only where the network's API posts them
   * (LinkedIn). Absent: the network takes none. A document always goes out alone, without images or a video.
   */
  documents?: { max: number; formats: readonly string[]; maxBytes: number | null };
  /** Images and a video can go out in the same post. */
  mixMedia: boolean;
  hashtags: { max: number; severity: Severity } | null;
  link: {
    /** The network turns a post's link into a card (title and picture) when the post carries no media. */
    card: boolean;
    /** A link written in the text can be clicked. */
    clickable: boolean;
  };
  /** The pages the values come from. */
  sources: readonly string[];
}

export type Severity = "error" | "warning";

const MB = 1024 * 1024;
const SEC = 1000;
const MIN = 60 * SEC;
const JPEG_PNG = ["image/jpeg", "image/png"] as const;
const COMMON_IMAGES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
const MP4_MOV = ["video/mp4", "video/quicktime", "video/x-m4v"] as const;
/** What LinkedIn's Documents API takes: PDF, PPT, PPTX, DOC, DOCX (documents-api). */
export const DOCUMENT_FORMATS = [
  "application/pdf",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
] as const;
const ANY_VIDEO = { max: 10, minMs: null, maxMs: null, formats: [], maxBytes: null, frame: null } as const;
const ANY_IMAGES = { frame: null, accepted: null, grid: null, layout: "grid", formats: [], maxBytes: null, scaledDown: false } as const;

export const NETWORK_RULES: Record<Network, NetworkRules> = {
  // A website or blog post (WordPress, webhook): the article itself, no limits of a feed.
  website: {
    text: { max: null, counting: "graphemes", feedCut: null, more: null },
    images: { ...ANY_IMAGES, max: 20 },
    videos: ANY_VIDEO,
    mixMedia: true,
    hashtags: null,
    link: { card: false, clickable: true },
    sources: ["no documented limit; a site's own pages"],
  },
  instagram: {
    // Caption: 2,200 characters, 30 hashtags (ig-user/media reference, "caption"). Carousel: up to 10 images and
    // videos. Images: JPEG (the API; the app converts PNG), 8 MB, 4:5 to 1.91:1 (the API refuses outside; the app
    // crops to the nearer end). Reels: 3 s to 15 min, 300 MB, MP4/MOV.
    // Feed cut after about 125 characters with "… more": observed. Profile grid shows a 3:4 crop since January 2025: observed.
    text: { max: 2200, counting: "graphemes", feedCut: 125, more: "more" },
    images: { max: 10, frame: { min: 0.8, max: 1.91 }, accepted: null, grid: 3 / 4, layout: "carousel", formats: JPEG_PNG, maxBytes: 8 * MB, scaledDown: false },
    videos: { max: 10, minMs: 3 * SEC, maxMs: 15 * MIN, formats: MP4_MOV, maxBytes: 300 * MB, frame: null },
    mixMedia: true,
    hashtags: { max: 30, severity: "error" },
    link: { card: false, clickable: false },
    sources: [
      "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media",
      "https://developers.facebook.com/docs/instagram-platform/content-publishing/",
    ],
  },
  facebook: {
    // 63,206 characters: the limit Facebook's composer enforces (no API page states it: observed). "See more"
    // after about 480 characters on the web: observed. Video: up to 240 minutes and 10 GB (Video API).
    text: { max: 63206, counting: "graphemes", feedCut: 480, more: "see_more" },
    images: { max: 10, frame: { min: 0.8, max: 1.91 }, accepted: null, grid: null, layout: "grid", formats: COMMON_IMAGES, maxBytes: 10 * MB, scaledDown: true },
    videos: { max: 1, minMs: 1 * SEC, maxMs: 240 * MIN, formats: MP4_MOV, maxBytes: 10 * 1024 * MB, frame: null },
    mixMedia: true,
    hashtags: null,
    link: { card: true, clickable: true },
    sources: ["https://developers.facebook.com/docs/video-api/guides/publishing", "observed: text limit, feed cut, image count and feed crop"],
  },
  x: {
    // 280 weighted characters, counted by twitter-text's parseTweet (counting-characters). Media (media best
    // practices, "Keep in mind" and "Size and duration limits"): up to 4 photos, or 1 animated GIF, or 1 video, never
    // mixed; JPG, PNG, GIF, WEBP images of 5 MB (an animated GIF may be 15 MB: not expressible here, so a GIF over
    // 5 MB is flagged); a Post video 0.5 s to 20 minutes and 8 GB for an account without X Premium (Premium: 125
    // minutes, 16 GB), aspect ratio between 1:3 and 3:1. Single images shown whole between 3:4 and 16:9 on the
    // timeline: observed, not documented.
    text: { max: 280, counting: "x", feedCut: null, more: null },
    images: { max: 4, frame: { min: 0.75, max: 16 / 9 }, accepted: null, grid: null, layout: "grid", formats: COMMON_IMAGES, maxBytes: 5 * MB, scaledDown: false },
    videos: { max: 1, minMs: 500, maxMs: 20 * MIN, formats: MP4_MOV, maxBytes: 8 * 1024 * MB, frame: null },
    mixMedia: false,
    hashtags: null,
    link: { card: true, clickable: true },
    sources: ["https://docs.x.com/fundamentals/counting-characters", "https://docs.x.com/x-api/media/quickstart/best-practices"],
  },
  threads: {
    // 500 characters (Threads "Posts": Meta counts an emoji by its UTF-8 bytes, we count graphemes). Carousel: up to
    // 20 images and videos mixed. Images JPEG/PNG, 8 MB, at most 10:1; video up to 5 minutes, 1 GB (media
    // specifications). One topic tag per post. The first URL in the text becomes the link preview.
    text: { max: 500, counting: "graphemes", feedCut: null, more: null },
    images: { max: 20, frame: null, accepted: { min: 0.1, max: 10 }, grid: null, layout: "carousel", formats: JPEG_PNG, maxBytes: 8 * MB, scaledDown: false },
    videos: { max: 20, minMs: null, maxMs: 5 * MIN, formats: MP4_MOV, maxBytes: 1024 * MB, frame: null },
    mixMedia: true,
    hashtags: { max: 1, severity: "warning" },
    link: { card: true, clickable: true },
    sources: ["https://developers.facebook.com/docs/threads/posts"],
  },
  bluesky: {
    // app.bsky.feed.post: text maxGraphemes 300. app.bsky.embed.images: 4 images, blobs of 1,000,000 bytes (our
    // adapter scales larger photos down). app.bsky.embed.video: one video/mp4 of 100 MB; a post has one embed, so
    // no images with a video. Video up to 3 minutes (Bluesky's announcement, March 2025). A link card
    // (app.bsky.embed.external) when the post has no media.
    text: { max: 300, counting: "graphemes", feedCut: null, more: null },
    images: { max: 4, frame: null, accepted: null, grid: null, layout: "grid", formats: [], maxBytes: 1_000_000, scaledDown: true },
    videos: { max: 1, minMs: null, maxMs: 3 * MIN, formats: ["video/mp4"], maxBytes: 100_000_000, frame: null },
    mixMedia: false,
    hashtags: null,
    link: { card: true, clickable: true },
    sources: [
      "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json",
      "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/images.json",
      "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/video.json",
      "https://bsky.social/about/blog/09-11-2024-video",
    ],
  },
  linkedin: {
    // Commentary up to 3,000 characters (Posts API). Images JPG, GIF or PNG, under 36,152,320 pixels (Images API);
    // 2 to 20 in a MultiImage post, shown side by side (MultiImage API). One video: MP4, 3 s to 30 min, 75 KB to
    // 500 MB (Videos API); a document (PDF, PPT(X), DOC(X), up to 100 MB and 300 pages, Documents API) is checked by
    // the adapter. No mix of images and video. "…see more" after about 210 characters and the feed crop of a
    // single image: observed.
    text: { max: 3000, counting: "graphemes", feedCut: 210, more: "see_more" },
    images: { max: 20, frame: { min: 0.8, max: 1.91 }, accepted: null, grid: null, layout: "grid", formats: ["image/jpeg", "image/png", "image/gif"], maxBytes: null, scaledDown: false },
    videos: { max: 1, minMs: 3 * SEC, maxMs: 30 * MIN, formats: ["video/mp4"], maxBytes: 500 * MB, frame: null },
    documents: { max: 1, formats: DOCUMENT_FORMATS, maxBytes: 100 * MB },
    mixMedia: false,
    hashtags: null,
    link: { card: true, clickable: true },
    sources: [
      "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api",
      "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api",
      "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/multiimage-post-api",
      "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api",
      "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/documents-api",
    ],
  },
  tiktok: {
    // Checked against the Content Posting API pages (sources): a video's title (our caption) up to 2,200 UTF-16
    // units (the TikTok adapter also counts UTF-16, which emoji exceed in graphemes); a photo post's description
    // 4,000 and title 90; photo posts up to 35 JPEG/WebP images of 20 MB, at most 1080p; video up to 10 minutes
    // (creator_info's max_video_post_duration_sec is the account's own), 4 GB, MP4/WebM/MOV, 360-4096 px, 23-60
    // fps; photos and a video never together. The 3-second minimum is not documented by the API (TikTok's app
    // rule; kept). Shown full screen at 9:16; the caption is cut after about 80 characters: observed.
    text: { max: 2200, counting: "graphemes", feedCut: 80, more: "more" },
    images: { max: 35, frame: { min: 9 / 16, max: 9 / 16 }, accepted: null, grid: null, layout: "carousel", formats: ["image/jpeg", "image/webp"], maxBytes: 20 * MB, scaledDown: false },
    videos: { max: 1, minMs: 3 * SEC, maxMs: 10 * MIN, formats: ["video/mp4", "video/webm", "video/quicktime"], maxBytes: 4096 * MB, frame: 9 / 16 },
    mixMedia: false,
    hashtags: null,
    link: { card: false, clickable: false },
    sources: ["https://developers.tiktok.com/doc/content-posting-api-reference-direct-post", "https://developers.tiktok.com/doc/content-posting-api-reference-photo-post", "https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide"],
  },
  youtube: {
    // Description: "maximum length of 5000 bytes", no < or > (videos resource, snippet.description) — bytes, so a
    // Korean text holds about 1,666 characters: the adapter checks the bytes, this table the characters. One video
    // per upload (videos.insert), "256 GB or 12 hours, whichever is less" (answer/71673; 15 minutes until the
    // account is verified, answer/71673). Any video type: "video/*, application/octet-stream" (videos.insert). The
    // description is cut after about 100 characters under the video: observed. A square or vertical video of up
    // to 3 minutes becomes a Short (answer/15424877), so the player's frame is the video's own. Images: the Data API
    // publishes none (a post with only images goes by reminder). Over 60 hashtags, YouTube ignores them all (answer/6390658).
    text: { max: 5000, counting: "graphemes", feedCut: 100, more: "more" },
    images: { ...ANY_IMAGES, max: 1, frame: { min: 16 / 9, max: 16 / 9 } },
    videos: { max: 1, minMs: null, maxMs: 12 * 60 * MIN, formats: [], maxBytes: 256 * 1024 * MB, frame: null },
    mixMedia: false,
    hashtags: { max: 60, severity: "warning" },
    link: { card: false, clickable: true },
    sources: ["https://developers.google.com/youtube/v3/docs/videos", "https://developers.google.com/youtube/v3/docs/videos/insert", "https://support.google.com/youtube/answer/71673", "https://support.google.com/youtube/answer/6390658", "https://support.google.com/youtube/answer/15424877"],
  },
  pinterest: {
    // Pin description up to 500 characters, title 100; a carousel of 2 to 5 images; images up to 20 MB; video 4 s
    // to 15 min, 2 GB (Pins API and Pinterest's product specs). 2:3 is the shape the feed shows whole; taller Pins
    // are cut off (product specs). The Pin's link is the card itself; links in the description are not clickable.
    text: { max: 500, counting: "graphemes", feedCut: null, more: null },
    images: { max: 5, frame: { min: 1 / 2.1, max: 1.91 }, accepted: null, grid: null, layout: "carousel", formats: ["image/jpeg", "image/png", "image/webp"], maxBytes: 20 * MB, scaledDown: false },
    videos: { max: 1, minMs: 4 * SEC, maxMs: 15 * MIN, formats: MP4_MOV, maxBytes: 2048 * MB, frame: null },
    mixMedia: false,
    hashtags: null,
    link: { card: false, clickable: false },
    sources: ["https://developers.pinterest.com/docs/api/v5/pins-create/", "https://help.pinterest.com/en/business/article/pinterest-product-specs"],
  },
  naver_blog: {
    // No public API documents a post's limits: observed values of the blog editor.
    text: { max: null, counting: "graphemes", feedCut: null, more: null },
    images: { ...ANY_IMAGES, max: 50 },
    videos: ANY_VIDEO,
    mixMedia: true,
    hashtags: { max: 30, severity: "warning" },
    link: { card: true, clickable: true },
    sources: ["no documented limit; observed in the blog editor"],
  },
  kakao: {
    // Kakao Channel posts: no public API documents the limits: observed values of the channel's post editor.
    text: { max: 1000, counting: "graphemes", feedCut: 100, more: "more" },
    images: { ...ANY_IMAGES, max: 10 },
    videos: { ...ANY_VIDEO, max: 1 },
    mixMedia: false,
    hashtags: null,
    link: { card: true, clickable: true },
    sources: ["no documented limit; observed in the Kakao Channel post editor"],
  },
  mastodon: {
    // Each server sets its own limits (GET /api/v2/instance, configuration.statuses and media_attachments); these
    // are Mastodon's defaults: 500 characters with every URL counted as 23, 4 attachments, a video alone, images of
    // 16 MB and videos of 99 MB. No video length limit is documented.
    text: { max: 500, counting: "urls23", feedCut: null, more: null },
    images: { max: 4, frame: null, accepted: null, grid: null, layout: "grid", formats: ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"], maxBytes: 16 * MB, scaledDown: false },
    videos: { max: 1, minMs: null, maxMs: null, formats: ["video/mp4", "video/webm", "video/quicktime"], maxBytes: 99 * MB, frame: null },
    mixMedia: false,
    hashtags: null,
    link: { card: true, clickable: true },
    sources: ["https://docs.joinmastodon.org/entities/Instance/", "https://docs.joinmastodon.org/methods/statuses/#create", "https://docs.joinmastodon.org/user/posting/"],
  },
  google_business: {
    // Local posts ("What's new", offers, events) on the business's Google profile. Checked against the docs (gbp):
    // - summary 1,500 characters: observed (Google's post editor since 2018); the API reference states no limit;
    // - one photo by `sourceUrl` ("sourceUrl is the only supported data field for a LocalPost MediaItem", localPosts
    //   reference); JPG or PNG, 10 KB to 5 MB, at least 250×250 px: Business Profile photo guidelines (answer 6103862);
    //   more than one photo per post: not documented for the API, so one; 4:3 is the frame the profile shows (observed);
    // - no video: the posts guide (content/posts-data) shows PHOTO only; chosen: a video goes by reminder.
    text: { max: 1500, counting: "graphemes", feedCut: null, more: null },
    images: { max: 1, frame: { min: 4 / 3, max: 4 / 3 }, accepted: null, grid: null, layout: "carousel", formats: JPEG_PNG, maxBytes: 5 * MB, scaledDown: false },
    videos: { max: 0, minMs: null, maxMs: null, formats: [], maxBytes: null, frame: null },
    mixMedia: false,
    hashtags: null,
    link: { card: false, clickable: false },
    sources: ["https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts", "https://developers.google.com/my-business/content/posts-data", "https://support.google.com/business/answer/6103862"],
  },
  telegram: {
    // Bot API: a message's text is 1-4096 characters, a caption 0-1024 (sendMessage, sendPhoto); an album
    // (sendMediaGroup) has 2-10 photos and videos together; photos up to 10 MB and videos up to 50 MB uploaded by a bot.
    text: { max: 4096, withMedia: 1024, counting: "graphemes", feedCut: null, more: null },
    images: { max: 10, frame: null, accepted: null, grid: null, layout: "grid", formats: [], maxBytes: 10 * MB, scaledDown: false },
    videos: { max: 10, minMs: null, maxMs: null, formats: ["video/mp4"], maxBytes: 50 * MB, frame: null },
    mixMedia: true,
    hashtags: null,
    link: { card: true, clickable: true },
    sources: ["https://core.telegram.org/bots/api#sendmessage", "https://core.telegram.org/bots/api#sendmediagroup", "https://core.telegram.org/bots/api#sending-files"],
  },
  other: {
    text: { max: null, counting: "graphemes", feedCut: null, more: null },
    images: { ...ANY_IMAGES, max: 10 },
    videos: ANY_VIDEO,
    mixMedia: true,
    hashtags: null,
    link: { card: false, clickable: true },
    sources: ["no documented limit: a network the app does not know"],
  },
};

/** Networks the app can publish to by itself through a connected account (the others get reminders). */
export const CONNECTABLE_NETWORKS: readonly Network[] = ["bluesky", "mastodon", "website", "telegram", "instagram", "facebook", "threads", "linkedin", "x", "youtube", "google_business", "tiktok", "pinterest"];

const URL_RE = /\bhttps?:\/\/[^\s<>"]+/giu;

/** The length of `text` as `network` counts it (its units: graphemes, X's weights, or graphemes with URLs as 23). */
export function networkLength(network: Network, text: string): number {
  const counting = NETWORK_RULES[network].text.counting;
  if (counting === "x") return xWeightedLength(text);
  if (counting === "urls23") {
    let urls = 0;
    const rest = text.replace(URL_RE, () => {
      urls += 1;
      return "";
    });
    return graphemeCount(rest) + urls * 23;
  }
  return graphemeCount(text);
}

const HASHTAG_RE = /(^|[^\p{L}\p{N}_&/])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
/** Hashtags in a text (#word with at least one letter; "#1" and URL fragments are not tags). */
export function hashtagsOf(text: string): string[] {
  return [...text.replace(URL_RE, " ").matchAll(HASHTAG_RE)].map((m) => `#${m[2]}`);
}

export const VIOLATION_RULES = [
  "too_long",
  "too_many_images",
  "too_many_videos",
  "too_many_documents",
  "mixed_media",
  "aspect_ratio",
  "video_too_long",
  "video_too_short",
  "media_format",
  "media_too_large",
  "too_many_hashtags",
] as const;
export type ViolationRule = (typeof VIOLATION_RULES)[number];

/** One image or video as the checker needs it; unknown facts (null) are not checked. */
export interface CheckedMedia {
  kind: "image" | "video" | "document";
  width: number | null;
  height: number | null;
  durationMs: number | null;
  bytes: number | null;
  contentType: string | null;
}
export interface CheckedPost {
  text: string;
  link: string | null;
  media: readonly CheckedMedia[];
}
/** What breaks a network's rule: `error`, the network refuses it; `warning`, it goes out changed (cropped, scaled down, tags ignored). */
export interface Violation {
  rule: ViolationRule;
  severity: Severity;
  /** For the message: numbers and short words (a ratio "3:1", a format "WEBP"); `item` is the 1-based media position. */
  params: Record<string, string | number>;
}

/** "3:1", "1.91:1", "4:5" for a width ÷ height. */
export function ratioLabel(ratio: number): string {
  for (const [w, h] of [[1, 1], [4, 5], [3, 4], [2, 3], [9, 16], [16, 9], [4, 3], [3, 2], [5, 4], [1, 2], [2, 1], [3, 1], [1, 3]] as const) {
    if (Math.abs(ratio - w / h) < 0.01) return `${w}:${h}`;
  }
  return ratio >= 1 ? `${round2(ratio)}:1` : `1:${round2(1 / ratio)}`;
}
const round2 = (n: number) => String(Math.round(n * 100) / 100);
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const formatName = (type: string) => (type.split("/")[1] ?? type).replace(/^quicktime$/, "mov").replace(/^x-m4v$/, "m4v").toUpperCase();

/** The frame a feed shows an image of `ratio` in: the ratio itself within the network's frame, else the nearer end. */
export function shownRatio(network: Network, ratio: number): number {
  const frame = NETWORK_RULES[network].images.frame;
  if (!frame) return ratio;
  return Math.min(frame.max, Math.max(frame.min, ratio));
}

/**
 * What in a post breaks `network`'s rules: the text (as the network gets it, the link put in) over its limit,
 * too many images or videos, images with a video where the network takes one or the other, images the feed crops
 * or refuses, videos too long or short, files of a type or size it does not take, too many hashtags. Pure.
 */
export function checkPostForNetwork(network: Network, post: CheckedPost): Violation[] {
  const rules = NETWORK_RULES[network];
  const out: Violation[] = [];
  const text = withLink(post.text, post.link, post.link);
  const length = networkLength(network, text);
  const textMax = post.media.length && rules.text.withMedia !== undefined ? rules.text.withMedia : rules.text.max;
  if (textMax !== null && length > textMax) out.push({ rule: "too_long", severity: "error", params: { length, limit: textMax, over: length - textMax } });
  const images = post.media.filter((m) => m.kind === "image");
  const videos = post.media.filter((m) => m.kind === "video");
  if (rules.mixMedia && rules.images.layout === "carousel" && rules.images.max === rules.videos.max) {
    // A carousel counts images and videos together.
    if (post.media.length > rules.images.max) out.push({ rule: "too_many_images", severity: "error", params: { count: post.media.length, max: rules.images.max } });
  } else {
    if (images.length > rules.images.max) out.push({ rule: "too_many_images", severity: "error", params: { count: images.length, max: rules.images.max } });
    if (videos.length > rules.videos.max) out.push({ rule: "too_many_videos", severity: "error", params: { count: videos.length, max: rules.videos.max } });
  }
  if (!rules.mixMedia && images.length > 0 && videos.length > 0) out.push({ rule: "mixed_media", severity: "error", params: { images: images.length, videos: videos.length } });
  const documents = post.media.filter((m) => m.kind === "document");
  if (documents.length) {
    const taken = rules.documents;
    if (documents.length > (taken?.max ?? 0)) out.push({ rule: "too_many_documents", severity: "error", params: { count: documents.length, max: taken?.max ?? 0 } });
    else if (images.length + videos.length > 0) out.push({ rule: "mixed_media", severity: "error", params: { images: images.length, videos: videos.length } });
  }
  post.media.forEach((m, i) => {
    const item = i + 1;
    if (m.kind === "document") {
      const taken = rules.documents;
      if (taken && m.contentType && !taken.formats.includes(m.contentType)) out.push({ rule: "media_format", severity: "error", params: { item, format: formatName(m.contentType), accepted: "PDF, PPT, PPTX, DOC, DOCX" } });
      if (taken && m.bytes !== null && taken.maxBytes !== null && m.bytes > taken.maxBytes) out.push({ rule: "media_too_large", severity: "error", params: { item, megabytes: mb(m.bytes), max: mb(taken.maxBytes) } });
    } else if (m.kind === "image") {
      if (m.width && m.height) {
        const ratio = m.width / m.height;
        const accepted = rules.images.accepted;
        if (accepted && (ratio < accepted.min - 0.005 || ratio > accepted.max + 0.005)) {
          out.push({ rule: "aspect_ratio", severity: "error", params: { item, ratio: ratioLabel(ratio), min: ratioLabel(accepted.min), max: ratioLabel(accepted.max) } });
        } else {
          const shown = shownRatio(network, ratio);
          // Within a hair of the frame is no crop anyone sees (1080×566 is "1.91:1").
          if (Math.abs(shown - ratio) / ratio > 0.01) out.push({ rule: "aspect_ratio", severity: "warning", params: { item, ratio: ratioLabel(ratio), shown: ratioLabel(shown) } });
        }
      }
      if (m.contentType && rules.images.formats.length && !rules.images.formats.includes(m.contentType)) {
        out.push({ rule: "media_format", severity: "error", params: { item, format: formatName(m.contentType), accepted: rules.images.formats.map(formatName).join(", ") } });
      }
      if (m.bytes !== null && rules.images.maxBytes !== null && m.bytes > rules.images.maxBytes) {
        out.push({ rule: "media_too_large", severity: rules.images.scaledDown ? "warning" : "error", params: { item, megabytes: mb(m.bytes), max: mb(rules.images.maxBytes) } });
      }
    } else {
      if (m.durationMs !== null && rules.videos.maxMs !== null && m.durationMs > rules.videos.maxMs) {
        out.push({ rule: "video_too_long", severity: "error", params: { item, seconds: seconds(m.durationMs), max: seconds(rules.videos.maxMs) } });
      }
      if (m.durationMs !== null && rules.videos.minMs !== null && m.durationMs < rules.videos.minMs) {
        out.push({ rule: "video_too_short", severity: "error", params: { item, seconds: seconds(m.durationMs), min: seconds(rules.videos.minMs) } });
      }
      if (m.contentType && rules.videos.formats.length && !rules.videos.formats.includes(m.contentType)) {
        out.push({ rule: "media_format", severity: "error", params: { item, format: formatName(m.contentType), accepted: [...new Set(rules.videos.formats.map(formatName))].join(", ") } });
      }
      if (m.bytes !== null && rules.videos.maxBytes !== null && m.bytes > rules.videos.maxBytes) {
        out.push({ rule: "media_too_large", severity: "error", params: { item, megabytes: mb(m.bytes), max: mb(rules.videos.maxBytes) } });
      }
    }
  });
  if (rules.hashtags) {
    const count = hashtagsOf(text).length;
    if (count > rules.hashtags.max) out.push({ rule: "too_many_hashtags", severity: rules.hashtags.severity, params: { count, max: rules.hashtags.max } });
  }
  return out;
}
