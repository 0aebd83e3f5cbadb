import { blueskyAdapter } from "./bluesky.ts";
import { facebookAdapter } from "./facebook.ts";
import { threadsAdapter } from "./threads.ts";
import { instagramAdapter, instagramFacebookAdapter } from "./instagram.ts";
import type { Adapter } from "./types.ts";
import { mastodonAdapter } from "./mastodon.ts";
import { webhookAdapter } from "./webhook.ts";
import { wordpressAdapter } from "./wordpress.ts";

/** Adapters by connection kind; a channel without a connection (or of a kind not here) gets reminders. */
export const ADAPTERS: Record<string, Adapter> = {
  webhook: webhookAdapter,
  bluesky: blueskyAdapter,
  wordpress: wordpressAdapter,
  mastodon: mastodonAdapter,
  instagram: instagramAdapter,
  instagram_facebook: instagramFacebookAdapter,
  facebook: facebookAdapter,
  threads: threadsAdapter,
};
