import type { SimKit } from "../sim-kit/index.d.mts";

export interface SimBot {
  id: number;
  token: string;
  username: string;
}
export interface SimMessage {
  message_id: number;
  date: number;
  chat: { id: number; type: string; title: string; username?: string };
  text?: string;
  caption?: string;
  link_preview_options?: { is_disabled?: boolean } | null;
  photo?: { size?: number; type?: string; ref?: string };
  video?: { size?: number; type?: string; ref?: string };
  media_group_id?: string;
}
export interface SimChannel {
  /** "-100…" */
  id: string;
  type: "channel";
  title: string;
  username: string | null;
  members: Map<number, { status: string; can_post_messages: boolean }>;
  /** What getChatMemberCount answers. */
  count: number;
  messages: SimMessage[];
}
export interface TelegramSim {
  sim: SimKit;
  state: { bots: Map<string, { id: number; username: string; first_name: string }>; chats: Map<string, SimChannel>; flood: number; retryAfter: number; nextMessageId: number };
  createBot(username?: string): SimBot;
  createChannel(opts?: { username?: string | null; title?: string; members?: number }): SimChannel;
  addBot(chat: SimChannel, bot: SimBot, opts?: { status?: string; canPost?: boolean }): void;
  kick(chat: SimChannel, bot: SimBot): void;
  revoke(token: string): void;
  floodWait(n: number, retryAfter?: number): void;
}

export function registerTelegram(sim: SimKit): TelegramSim;
export function startTelegramSimulator(): Promise<TelegramSim & { url: string; close(): Promise<void> }>;
