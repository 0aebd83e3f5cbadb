import { blueskyAdapter } from "./bluesky.ts";
import { facebookAdapter } from "./facebook.ts";
import { googleBusinessAdapter } from "./google-business.ts";
import { threadsAdapter } from "./threads.ts";
import { tiktokAdapter } from "./tiktok.ts";
import { instagramAdapter, instagramFacebookAdapter } from "./instagram.ts";
import type { Adapter } from "./types.ts";
import { mastodonAdapter } from "./mastodon.ts";
import { pinterestAdapter } from "./pinterest.ts";
import { telegramAdapter } from "./telegram.ts";
import { webhookAdapter } from "./webhook.ts";
import { linkedinAdapter } from "./linkedin.ts";
import { wordpressAdapter } from "./wordpress.ts";
import { youtubeAdapter } from "./youtube.ts";
import { xAdapter } from "./x.ts";

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
  youtube: youtubeAdapter,
  x: xAdapter,
  tiktok: tiktokAdapter,
  linkedin: linkedinAdapter,
  pinterest: pinterestAdapter,
  telegram: telegramAdapter,
  google_business: googleBusinessAdapter,
};
