import type { OutboundFetch } from "../../lib/outbound.ts";
import { telegramMemberCount } from "../publishing/adapters/telegram.ts";
import { stopFor, type NumbersReader } from "./numbers-reader.ts";

/**
 * What a bot can read of a Telegram channel: its member count (`getChatMemberCount`,
 * https://core.telegram.org/bots/api#getchatmembercount) — a channel's subscribers, stored as followers. The Bot
 * API offers no message views or reactions counts for channel posts and no way to list a channel's history, so
 * there are no per-post numbers and no outside posts to import (a person can still enter views by hand or import
 * a file from Telegram's channel statistics).
 */
export function telegramReader(fetch: OutboundFetch, simulator: string | undefined, config: Record<string, unknown>, secret: Record<string, string>): NumbersReader {
  return {
    recentPosts: async () => [],
    post: async () => null,
    numbers: async () => ({}),
    async account() {
      try {
        return { followers: await telegramMemberCount(fetch, simulator, config, secret), daily: [] };
      } catch (err) {
        throw stopFor(err);
      }
    },
  };
}
