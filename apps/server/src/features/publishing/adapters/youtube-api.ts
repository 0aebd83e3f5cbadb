import type { GoogleKindApi } from "../../oauth/flows/google.ts";
import { googleFetch } from "../../oauth/flows/google-http.ts";
import type { FlowCall, FoundAccount } from "../../oauth/flows/types.ts";
import { youtubeReader } from "../../metrics/youtube-numbers.ts";
import { PublishError } from "./types.ts";

/**
 * The YouTube Data API v3 (https://developers.google.com/youtube/v3/docs) as the Google sign-in's `youtube` kind:
 * the channels a token may publish to, the check, the numbers. The upload itself is in youtube.ts / youtube-upload.ts.
 */
export const YOUTUBE_API = "https://www.googleapis.com/youtube/v3";
export const YOUTUBE_UPLOAD = "https://www.googleapis.com/upload/youtube/v3";
export const YOUTUBE_ANALYTICS = "https://youtubeanalytics.googleapis.com/v2";

export interface YoutubeChannel {
  id: string;
  snippet?: { title?: string; customUrl?: string; thumbnails?: Record<string, { url?: string }> };
  contentDetails?: { relatedPlaylists?: { uploads?: string } };
  statistics?: { subscriberCount?: string; hiddenSubscriberCount?: boolean; viewCount?: string; videoCount?: string };
}

/**
 * `channels.list?part=snippet,contentDetails,statistics&mine=true` (https://developers.google.com/youtube/v3/docs/channels/list):
 * the channels of the signed-in identity (the person picks the Google account or Brand Account on Google's consent
 * screen). A Google account without a channel answers no items.
 */
export async function myChannels(call: FlowCall, token: string): Promise<YoutubeChannel[]> {
  const { body } = await googleFetch<{ items?: YoutubeChannel[] }>(call, "GET", `${YOUTUBE_API}/channels`, { query: { part: "snippet,contentDetails,statistics", mine: true, maxResults: 50 }, token });
  return body.items ?? [];
}

export const channelAccount = (c: YoutubeChannel): Omit<FoundAccount, "accessToken"> => ({
  id: c.id,
  name: c.snippet?.title ?? c.id,
  // customUrl is the channel's handle ("@candleshop"); the app shows usernames with their "@".
  username: c.snippet?.customUrl ? c.snippet.customUrl.replace(/^@/, "") : null,
  pictureUrl: c.snippet?.thumbnails?.default?.url ?? null,
  extra: c.contentDetails?.relatedPlaylists?.uploads ? { uploads: c.contentDetails.relatedPlaylists.uploads } : {},
});

/** YouTube's daily quota for a project: 10,000 units (https://developers.google.com/youtube/v3/getting-started#quota). */
export const YOUTUBE_DAILY_UNITS = 10_000;
/** videos.insert costs 1,600 units (https://developers.google.com/youtube/v3/determine_quota_cost). */
export const UPLOAD_UNITS = 1_600;

export const youtubeApi: GoogleKindApi = {
  async accounts(call, accessToken) {
    const channels = await myChannels(call, accessToken);
    if (!channels.length) throw new PublishError("rejected", "connection.youtube_no_channel", "this Google account has no YouTube channel");
    return channels.map(channelAccount);
  },
  async check(call, conn) {
    const { body } = await googleFetch<{ items?: YoutubeChannel[] }>(call, "GET", `${YOUTUBE_API}/channels`, { query: { part: "snippet", id: conn.accountId }, token: conn.secret.accessToken });
    const c = body.items?.[0];
    if (!c) throw new PublishError("auth", "publish.auth", "the channel is not visible with this sign-in");
    const a = channelAccount(c);
    // The quota is per Google Cloud project and the API does not tell how much is used: not shown.
    return { id: a.id, name: a.name, username: a.username, quota: null };
  },
  numbersReader: (call, conn) => youtubeReader(call, conn),
};
