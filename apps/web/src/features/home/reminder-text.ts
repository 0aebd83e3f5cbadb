import { tagLink, utmPreset, withLink } from "@socialplan/domain";
import type { Delivery, Network, Post } from "@socialplan/schema";

/**
 * The text a member copies for a reminder: the channel's own text (or the post's), with the post's link tagged for
 * the channel, or the counting short link the app made for this delivery when short links are on.
 */
export function reminderText(post: Post, delivery: Pick<Delivery, "channelId" | "shortPath">, network: Network | undefined, origin: string): string {
  const base = post.variants.find((v) => v.channelId === delivery.channelId)?.text ?? post.body;
  const tagged = post.link ? (tagLink(post.link, { ...utmPreset(network ?? "other", false, post.campaign ?? undefined), ...post.utm }) ?? post.link) : "";
  const link = delivery.shortPath ? `${origin}${delivery.shortPath}` : tagged;
  return withLink(base, post.link, link || null);
}
