import { postLength, withLink } from "@socialplan/domain";
import { NETWORK_LIMITS, NETWORK_MAX_IMAGES, type Network, type Post, type PostStatus } from "@socialplan/schema";

/** One channel of a post as a preview shows it: which network, whose account, and the text it gets. */
export interface PreviewChannel {
  channelId: string;
  network: Network;
  handle: string;
  text: string;
}
export interface PreviewMedia {
  url: string;
  alt: string;
  kind: "image" | "video";
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
      return { channelId: v.channelId, network: c?.network ?? "other", handle: c?.handle ?? "", text: channelText(post, v.channelId) };
    }),
    media: post.media.map((m) => mediaOf(m.assetId, m.alt)),
  };
}

/**
 * Networks that turn a post's link into a card (title and picture fetched from the page) when the post carries no
 * image or video; with media they show the media and the link stays in the text.
 */
const LINK_CARD_NETWORKS: ReadonlySet<Network> = new Set(["facebook", "x", "threads", "bluesky", "linkedin", "mastodon", "kakao"]);
/** Networks where a link in the text cannot be clicked (Instagram captions, TikTok and Pinterest descriptions). */
const DEAD_LINK_NETWORKS: ReadonlySet<Network> = new Set(["instagram", "tiktok"]);

export interface PreviewParts {
  /** The text exactly as the network gets it: the link put in or added at the end, as the publisher does. */
  text: string;
  /** The link shown as a card below the text (its address and host only: the page itself is not fetched here). */
  card: { url: string; host: string } | null;
  /** The media this network takes, and how many it leaves out (Bluesky and X take four images). */
  media: PreviewMedia[];
  dropped: number;
  length: number;
  limit: number | null;
  overLimit: boolean;
  /** The text has a link that readers on this network cannot click. */
  deadLink: boolean;
}

/** What one network's preview shows of a channel's text, the post's link and its media. */
export function previewParts(network: Network, text: string, link: string | null, media: PreviewMedia[]): PreviewParts {
  const full = withLink(text, link, link);
  const limit = NETWORK_LIMITS[network];
  const length = postLength(network, full);
  const max = NETWORK_MAX_IMAGES[network];
  const kept = media.slice(0, max);
  return {
    text: full,
    card: link && kept.length === 0 && LINK_CARD_NETWORKS.has(network) ? { url: link, host: hostOf(link) } : null,
    media: kept,
    dropped: media.length - kept.length,
    length,
    limit,
    overLimit: limit !== null && length > limit,
    deadLink: !!link && DEAD_LINK_NETWORKS.has(network),
  };
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
  if (network === "website" || network === "naver_blog" || h.includes("/") || h.startsWith("@")) return h;
  return `@${h}`;
}

/** A period of calendar days ("2027-01-04" to "2027-01-31") as the language writes a range: "Jan 4 – 31, 2027". */
export function periodLabel(from: string, to: string, locale: string): string {
  const day = (d: string) => new Date(`${d}T12:00:00Z`);
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  return from === to ? format.format(day(from)) : format.formatRange(day(from), day(to));
}

/** A post's name in lists: its title, or the first line of its text (80 characters at most). */
export const postLabel = (p: Pick<Post, "title" | "body">, untitled: string) => p.title.trim() || p.body.trim().split("\n")[0]?.slice(0, 80) || untitled;
