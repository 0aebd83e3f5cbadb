import { graphemeCount, withLink } from "@socialplan/domain";
import { checkPostForNetwork, formatDayRange, NETWORK_RULES, networkLength, shownRatio, type CheckedMedia, type Network, type Post, type PostStatus, type VariantOptions, type Violation } from "@socialplan/schema";

/** One channel of a post as a preview shows it: which network, whose account, and the text it gets. */
export interface PreviewChannel {
  channelId: string;
  network: Network;
  handle: string;
  text: string;
  /** The network's own fields of this copy (a YouTube title, a Pinterest board, TikTok's settings, an X thread…). */
  options?: VariantOptions;
  /** YouTube: the custom thumbnail's address, where one was picked. */
  thumbnailUrl?: string | null;
  /** Pinterest: the board's name, where known (read from the connected account). */
  boardName?: string | null;
}
export interface PreviewMedia {
  url: string;
  alt: string;
  /** A document (a PDF or slides, LinkedIn only) shows as its first page: a portrait A4 frame with its name. */
  kind: "image" | "video" | "document";
  /** What the rules need of the file (size in pixels and bytes, type, a video's length), where known. */
  facts?: Omit<CheckedMedia, "kind">;
}
/** A post as the previews need it, whether it comes from the workspace (a member) or from a review link (a guest). */
export interface PreviewPost {
  id: string;
  title: string;
  status: PostStatus;
  scheduledAt: string | null;
  link: string | null;
  channels: PreviewChannel[];
  media: PreviewMedia[];
}

/** A channel of the workspace's strategy (a channel entry's network and handle). */
export interface ChannelInfo {
  id: string;
  network: Network;
  handle: string;
}

/** The text a channel gets: its own text where one was written (even an empty one), otherwise the post's text. */
export function channelText(post: Pick<Post, "body" | "variants">, channelId: string): string {
  const own = post.variants.find((v) => v.channelId === channelId)?.text;
  return own ?? post.body;
}

/**
 * A workspace post as its previews show it: one channel per variant (a channel since removed from the strategy
 * shows as "other" without a handle), media at the addresses `mediaOf` gives.
 */
export function previewOfPost(post: Post, channels: ChannelInfo[], mediaOf: (assetId: string, alt: string) => PreviewMedia): PreviewPost {
  return {
    id: post.id,
    title: post.title,
    status: post.status,
    scheduledAt: post.scheduledAt,
    link: post.link,
    channels: post.variants.map((v) => {
      const c = channels.find((x) => x.id === v.channelId);
      const thumbnail = v.options?.thumbnailAssetId;
      return {
        channelId: v.channelId,
        network: c?.network ?? "other",
        handle: c?.handle ?? "",
        text: channelText(post, v.channelId),
        ...(v.options ? { options: v.options } : {}),
        ...(thumbnail ? { thumbnailUrl: mediaOf(thumbnail, "").url } : {}),
      };
    }),
    media: post.media.map((m) => mediaOf(m.assetId, m.alt)),
  };
}

export interface PreviewParts {
  /** The text exactly as the network gets it: the link put in or added at the end, as the publisher does. */
  text: string;
  /** The text as the feed first shows it, cut where the network puts its "more"; null: the feed shows it whole. */
  feed: { shown: string; more: "more" | "see_more" } | null;
  /** The link shown as a card below the text (its address and host only: the page itself is not fetched here). */
  card: { url: string; host: string } | null;
  /** The media this network takes, and how many it leaves out (Bluesky and X take four images). */
  media: PreviewMedia[];
  dropped: number;
  /** How several pictures are shown: swiped one by one, or side by side. */
  layout: "carousel" | "grid";
  /** The frame (width ÷ height) each kept picture is shown in, as the network crops it. */
  frames: number[];
  length: number;
  limit: number | null;
  overLimit: boolean;
  /** The text has a link that readers on this network cannot click. */
  deadLink: boolean;
  /** Links in the text are clickable on this network (shown as links in the preview). */
  linksClickable: boolean;
  /** What breaks the network's rules (from the shared rules table), where the media's facts are known. */
  violations: Violation[];
}

/** The frame a feed gives a picture of unknown shape: square on Instagram, 16:9 elsewhere. */
const defaultFrame = (network: Network) => (network === "instagram" ? 1 : network === "tiktok" ? 9 / 16 : network === "pinterest" ? 2 / 3 : network === "google_business" ? 4 / 3 : 16 / 9);
const ownRatio = (m: PreviewMedia) => (m.facts?.width && m.facts.height ? m.facts.width / m.facts.height : null);

/** The frame of each picture as the network shows it: one alone keeps its shape within the feed's frame; a carousel crops all to the first one's; a grid to squares. */
export function mediaFrames(network: Network, media: PreviewMedia[], layout: "carousel" | "grid"): number[] {
  if (media.length === 0) return [];
  const rules = NETWORK_RULES[network];
  const frameOf = (m: PreviewMedia) => {
    if (m.kind === "video") return rules.videos.frame ?? ownRatio(m) ?? 16 / 9;
    if (m.kind === "document") return 1 / Math.SQRT2;
    const own = ownRatio(m);
    return own === null ? defaultFrame(network) : shownRatio(network, own);
  };
  if (media.length === 1) return [frameOf(media[0]!)];
  if (layout === "carousel") return media.map(() => frameOf(media[0]!));
  return media.map(() => 1);
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** The first `count` graphemes of `text` (never half an emoji or a Hangul syllable). */
function firstGraphemes(text: string, count: number): string {
  let out = "";
  let n = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (n++ >= count) break;
    out += segment;
  }
  return out;
}

/** What one network's preview shows of a channel's text, the post's link and its media. */
export function previewParts(network: Network, text: string, link: string | null, media: PreviewMedia[]): PreviewParts {
  const rules = NETWORK_RULES[network];
  const full = withLink(text, link, link);
  // A caption under media may have a lower limit than a message (Telegram: 1,024 against 4,096).
  const limit = media.length && rules.text.withMedia !== undefined ? rules.text.withMedia : rules.text.max;
  const length = networkLength(network, full);
  const kept = media.slice(0, rules.images.max);
  const cut = rules.text.feedCut;
  const layout = rules.images.layout;
  return {
    text: full,
    feed: cut !== null && rules.text.more && graphemeCount(full) > cut ? { shown: firstGraphemes(full, cut).trimEnd(), more: rules.text.more } : null,
    card: link && kept.length === 0 && rules.link.card ? { url: link, host: hostOf(link) } : null,
    media: kept,
    dropped: media.length - kept.length,
    layout,
    frames: mediaFrames(network, kept, layout),
    length,
    limit,
    overLimit: limit !== null && length > limit,
    deadLink: !!link && !rules.link.clickable,
    linksClickable: rules.link.clickable,
    violations: checkPostForNetwork(network, {
      text,
      link,
      media: media.map((m) => ({ kind: m.kind, width: null, height: null, durationMs: null, bytes: null, contentType: null, ...m.facts })),
    }),
  };
}

/** A piece of a post's text as networks style it: plain, a #hashtag, an @mention or a link. */
export interface TextPiece {
  kind: "text" | "hashtag" | "mention" | "link";
  text: string;
}
const PIECES_RE = /(https?:\/\/[^\s<>"]+)|((?<![\p{L}\p{N}_&/])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)|((?<![\p{L}\p{N}_.])@[A-Za-z0-9_][A-Za-z0-9_.-]*(?:@[A-Za-z0-9.-]+[A-Za-z0-9])?)/gu;
/** Splits a text into what a feed shows plain and what it highlights (hashtags, mentions, links). */
export function textPieces(text: string): TextPiece[] {
  const out: TextPiece[] = [];
  let at = 0;
  for (const m of text.matchAll(PIECES_RE)) {
    if (m.index > at) out.push({ kind: "text", text: text.slice(at, m.index) });
    out.push({ kind: m[1] ? "link" : m[2] ? "hashtag" : "mention", text: m[0] });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: "text", text: text.slice(at) });
  return out;
}

/** "shop.example" for "https://www.shop.example/winter?x=1"; the address itself when it does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/** The letter in a preview's round avatar: the first letter of the handle or, without one, of the workspace. */
export function avatarLetter(handle: string, fallback: string): string {
  const source = handle.replace(/^@/, "").trim() || fallback.trim();
  return ([...source][0] ?? "?").toUpperCase();
}

/** The handle as the network writes it: "@name" for social accounts, the address as typed for a website or blog. */
export function displayHandle(network: Network, handle: string): string {
  const h = handle.trim();
  if (!h) return "";
  // A website, a blog or a Business Profile location is named as typed (a location has no @handle).
  if (network === "website" || network === "naver_blog" || network === "google_business" || h.includes("/") || h.startsWith("@")) return h;
  return `@${h}`;
}

/** A period of calendar days ("2027-01-04" to "2027-01-31") as the language writes a range: "Jan 4 – 31, 2027". */
export function periodLabel(from: string, to: string, locale: string): string {
  return formatDayRange(locale, from, to);
}

/** A post's name in lists: its title, or the first line of its text (80 characters at most). */
export const postLabel = (p: Pick<Post, "title" | "body">, untitled: string) => p.title.trim() || p.body.trim().split("\n")[0]?.slice(0, 80) || untitled;

/** X: each post of a thread (the channel's text first, then the thread's posts) with its X-weighted length. */
export function threadParts(first: string, options: VariantOptions | undefined): { text: string; length: number; over: boolean }[] {
  const limit = NETWORK_RULES.x.text.max ?? 280;
  return [first, ...(options?.thread ?? [])].map((text) => {
    const length = networkLength("x", text);
    return { text, length, over: length > limit };
  });
}

/** Telegram: with media the text goes out as the media's caption (1,024 characters), without as a message (4,096). */
export const telegramMode = (mediaCount: number): "caption" | "message" => (mediaCount > 0 ? "caption" : "message");

/**
 * A Business Profile local post as Google shows it: the type, an event's or offer's title and dates, the coupon,
 * and the button (an offer's is "View offer"; a post without a chosen button has none).
 */
export function localPostParts(options: VariantOptions | undefined): {
  type: "STANDARD" | "EVENT" | "OFFER";
  title: string | null;
  startsAt: string | null;
  endsAt: string | null;
  coupon: string | null;
  button: string | null;
  url: string | null;
} {
  const p = options?.localPost;
  const type = p?.type ?? "STANDARD";
  const dated = type !== "STANDARD";
  return {
    type,
    title: dated ? p?.eventTitle?.trim() || null : null,
    startsAt: dated ? (p?.startsAt ?? null) : null,
    endsAt: dated ? (p?.endsAt ?? null) : null,
    coupon: type === "OFFER" ? p?.couponCode?.trim() || null : null,
    button: type === "OFFER" ? (p?.redeemUrl ? "VIEW_OFFER" : null) : (p?.action ?? null),
    url: type === "OFFER" ? (p?.redeemUrl ?? null) : p?.action === "CALL" ? null : (p?.actionUrl ?? null),
  };
}
