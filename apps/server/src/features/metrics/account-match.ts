import type { Network } from "@socialplan/schema";
import type { ChannelInfo } from "../posts/posts.service.ts";
import { findChannel } from "../posts/post-files.ts";

/** How an export names the account a row is for; any of them may be empty. */
export interface AccountNames {
  id: string;
  username: string;
  name: string;
}

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
/** The parts of a channel's address that could be an account's id ("…/profile.php?id=1000123…", "…/1000123…"). */
const addressParts = (url: string) => new Set(url.toLowerCase().split(/[^\p{L}\p{N}_.]+/u).filter(Boolean));

/**
 * The channel a row of an export is for, by the most specific identifier the row has, whatever the order of its
 * columns: the account id (against a channel whose handle or address holds it), then the username (against the
 * handle), then the display name (a channel's name or handle, or the handle written without its dots and
 * underscores). An identifier that matches no channel passes to the next. When two channels match, the one on the
 * network the file is from is taken; else none.
 */
export function matchAccount(who: AccountNames, channels: ReadonlyMap<string, ChannelInfo>, network: Network | null): string | null {
  const all = [...channels.values()];
  const pick = (hits: ChannelInfo[]) => {
    if (hits.length === 1) return hits[0]!.id;
    const same = network ? hits.filter((c) => c.network === network) : [];
    return same.length === 1 ? same[0]!.id : null;
  };
  const id = who.id.trim().toLowerCase();
  if (id) {
    const hit = pick(all.filter((c) => c.handle.toLowerCase() === id || addressParts(c.url).has(id)));
    if (hit) return hit;
  }
  const username = who.username.trim().toLowerCase().replace(/^@/, "");
  if (username) {
    const hit = pick(all.filter((c) => c.handle.toLowerCase() === username));
    if (hit) return hit;
  }
  const name = who.name.trim();
  if (name) {
    const bare = name.toLowerCase().replace(/^@/, "");
    const hit = pick(all.filter((c) => c.handle.toLowerCase() === bare)) ?? findChannel(name, channels as Map<string, ChannelInfo>);
    if (hit) return hit;
    const squashed = squash(name);
    if (squashed) return pick(all.filter((c) => c.handle && squash(c.handle) === squashed));
  }
  return null;
}
