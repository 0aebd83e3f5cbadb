/**
 * Contract simulator of the Telegram Bot API (https://core.telegram.org/bots/api) for Socialplan's tests, on the
 * simulator kit (../sim-kit). Every rule cites its section of that page:
 *
 * - Requests: `https://api.telegram.org/bot<token>/<method>`, GET or POST, parameters as query string,
 *   application/x-www-form-urlencoded, application/json or multipart/form-data (#making-requests). Answers are
 *   `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }` (#making-requests,
 *   #responseparameters: `retry_after` on flood control, 429).
 * - An unknown token: 401 "Unauthorized" (#authorizing-your-bot: the token identifies the bot; the description
 *   text is what Telegram answers, not documented).
 * - getMe (#getme), getChat (#getchat: "Bad Request: chat not found" for a chat the bot cannot see — the wording is
 *   Telegram's, not documented), getChatMember (#getchatmember, #chatmember: status creator | administrator |
 *   member | restricted | left | kicked; #chatmemberadministrator: can_post_messages, channels only),
 *   getChatMemberCount (#getchatmembercount).
 * - sendMessage: text 1-4096 characters (#sendmessage), link_preview_options (#linkpreviewoptions).
 * - sendPhoto / sendVideo: the file uploaded as multipart/form-data or a file_id/URL string (#sending-files;
 *   photos at most 10 MB, other files 50 MB), caption 0-1024 characters (#sendphoto, #sendvideo).
 * - sendMediaGroup: `media` a JSON array of 2-10 InputMediaPhoto / InputMediaVideo, files referred to as
 *   `attach://<name>` (#sendmediagroup, #inputfile), captions 0-1024 each; answers an array of Messages.
 * - In a channel, only an administrator with can_post_messages (or the creator) may post: otherwise 400 "Bad
 *   Request: need administrator rights in the channel chat"; a bot not in the channel 403 "Forbidden: bot is not a
 *   member of the channel chat" (Telegram's wordings; not documented).
 * - Flood control: 429 "Too Many Requests: retry after N" with parameters.retry_after (#responseparameters).
 * Lengths are counted in characters (code points here; Telegram counts "characters after entities parsing").
 */
import { reply, startSimKit } from "../sim-kit/index.mjs";

const HOST = "api.telegram.org";
const MB = 1024 * 1024;

const fail = (status, description, parameters) => reply(status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });
const ok = (result) => ({ ok: true, result });
const length = (s) => [...String(s ?? "")].length;

/** Registers api.telegram.org on a sim-kit server. */
export function registerTelegram(sim) {
  const state = {
    /** token → { id, username, first_name } */
    bots: new Map(),
    /** chatId (string) → { id, type, title, username, members: Map<botId, { status, can_post_messages }>, count, messages: [] } */
    chats: new Map(),
    /** The next N calls answer 429 with retry_after. */
    flood: 0,
    retryAfter: 30,
    nextMessageId: 1,
  };

  const chatOf = (ref) => {
    const s = String(ref ?? "");
    if (s.startsWith("@")) return [...state.chats.values()].find((c) => c.username && `@${c.username}`.toLowerCase() === s.toLowerCase()) ?? null;
    return state.chats.get(s) ?? null;
  };

  async function params(ctx) {
    const type = String(ctx.headers["content-type"] ?? "");
    const out = Object.fromEntries(ctx.query);
    const files = {};
    if (type.includes("application/json")) Object.assign(out, ctx.json() ?? {});
    else if (type.includes("application/x-www-form-urlencoded")) Object.assign(out, Object.fromEntries(ctx.form()));
    else if (type.includes("multipart/form-data")) {
      for (const [k, v] of await ctx.formData()) {
        if (typeof v === "string") out[k] = v;
        else files[k] = v;
      }
    }
    return { p: out, files };
  }

  /** Whether the bot may post in the chat: an error answer, or null. */
  function mayPost(bot, chat) {
    const m = chat.members.get(bot.id);
    if (!m || m.status === "left" || m.status === "kicked") return fail(403, `Forbidden: bot is not a member of the ${chat.type} chat`);
    if (chat.type === "channel" && !(m.status === "creator" || (m.status === "administrator" && m.can_post_messages))) return fail(400, "Bad Request: need administrator rights in the channel chat");
    return null;
  }

  function post(chat, fields) {
    const message = { message_id: state.nextMessageId++, date: Math.floor(sim.now() / 1000), chat: { id: Number(chat.id), type: chat.type, title: chat.title, ...(chat.username ? { username: chat.username } : {}) }, ...fields };
    chat.messages.push(message);
    return message;
  }

  /** A file part: an uploaded file (with its size limit) or a string (file_id / URL, accepted as is). */
  function fileOf(value, files, limit, what) {
    if (typeof value === "string" && value.startsWith("attach://")) {
      const f = files[value.slice(9)];
      if (!f) return { error: fail(400, `Bad Request: file for ${what} not found in the request`) };
      if (f.size > limit) return { error: fail(413, "Request Entity Too Large") };
      return { file: { size: f.size, type: f.type } };
    }
    if (value && typeof value === "object") {
      if (value.size > limit) return { error: fail(413, "Request Entity Too Large") };
      return { file: { size: value.size, type: value.type } };
    }
    if (typeof value === "string" && value) return { file: { ref: value } };
    return { error: fail(400, `Bad Request: there is no ${what} in the request`) };
  }

  const methods = {
    getMe: (bot) => ok({ id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username, can_join_groups: true }),
    getChat: (bot, { p }) => {
      const chat = chatOf(p.chat_id);
      if (!chat || !chat.members.has(bot.id)) return fail(400, "Bad Request: chat not found");
      return ok({ id: Number(chat.id), type: chat.type, title: chat.title, ...(chat.username ? { username: chat.username } : {}) });
    },
    getChatMember: (bot, { p }) => {
      const chat = chatOf(p.chat_id);
      if (!chat || !chat.members.has(bot.id)) return fail(400, "Bad Request: chat not found");
      const m = chat.members.get(Number(p.user_id));
      if (!m) return fail(400, "Bad Request: user not found");
      return ok({ user: { id: Number(p.user_id), is_bot: true, first_name: bot.first_name }, status: m.status, ...(m.status === "administrator" ? { can_post_messages: Boolean(m.can_post_messages), can_be_edited: false, is_anonymous: false } : {}) });
    },
    getChatMemberCount: (bot, { p }) => {
      const chat = chatOf(p.chat_id);
      if (!chat || !chat.members.has(bot.id)) return fail(400, "Bad Request: chat not found");
      return ok(chat.count);
    },
    sendMessage: (bot, { p }) => {
      const chat = chatOf(p.chat_id);
      if (!chat) return fail(400, "Bad Request: chat not found");
      const refused = mayPost(bot, chat);
      if (refused) return refused;
      if (!length(p.text)) return fail(400, "Bad Request: message text is empty");
      if (length(p.text) > 4096) return fail(400, "Bad Request: message is too long");
      const preview = typeof p.link_preview_options === "string" ? JSON.parse(p.link_preview_options) : p.link_preview_options;
      return ok(post(chat, { text: p.text, link_preview_options: preview ?? null }));
    },
    sendPhoto: (bot, req) => single(bot, req, "photo", 10 * MB),
    sendVideo: (bot, req) => single(bot, req, "video", 50 * MB),
    sendMediaGroup: (bot, { p, files }) => {
      const chat = chatOf(p.chat_id);
      if (!chat) return fail(400, "Bad Request: chat not found");
      const refused = mayPost(bot, chat);
      if (refused) return refused;
      let media;
      try {
        media = typeof p.media === "string" ? JSON.parse(p.media) : p.media;
      } catch {
        return fail(400, "Bad Request: can't parse media JSON object");
      }
      if (!Array.isArray(media) || media.length < 2 || media.length > 10) return fail(400, "Bad Request: media must include 2-10 items");
      const items = [];
      for (const m of media) {
        if (m.type !== "photo" && m.type !== "video") return fail(400, "Bad Request: photos and videos can't be mixed with other media types");
        if (length(m.caption) > 1024) return fail(400, "Bad Request: message caption is too long");
        const got = fileOf(m.media, files, m.type === "photo" ? 10 * MB : 50 * MB, m.type);
        if (got.error) return got.error;
        items.push({ type: m.type, file: got.file, caption: m.caption ?? null });
      }
      const group = String(Date.now()) + state.nextMessageId;
      return ok(items.map((i) => post(chat, { media_group_id: group, [i.type]: i.file, ...(i.caption ? { caption: i.caption } : {}) })));
    },
  };

  function single(bot, { p, files }, field, limit) {
    const chat = chatOf(p.chat_id);
    if (!chat) return fail(400, "Bad Request: chat not found");
    const refused = mayPost(bot, chat);
    if (refused) return refused;
    if (length(p.caption) > 1024) return fail(400, "Bad Request: message caption is too long");
    const got = fileOf(files[field] ?? p[field], files, limit, field);
    if (got.error) return got.error;
    return ok(post(chat, { [field]: got.file, ...(p.caption ? { caption: p.caption } : {}) }));
  }

  sim.route(HOST, "*", /^\/bot(?<token>[^/]+)\/(?<method>[A-Za-z]+)$/, async (ctx) => {
    const bot = state.bots.get(ctx.params.token);
    if (!bot) return fail(401, "Unauthorized");
    const method = Object.keys(methods).find((m) => m.toLowerCase() === ctx.params.method.toLowerCase());
    if (!method) return fail(404, "Not Found");
    if (state.flood > 0 && method.startsWith("send")) {
      state.flood -= 1;
      return fail(429, `Too Many Requests: retry after ${state.retryAfter}`, { retry_after: state.retryAfter });
    }
    return methods[method](bot, await params(ctx));
  });

  return {
    sim,
    state,
    /** A bot (as @BotFather makes it); its token. */
    createBot(username = "socialplan_test_bot") {
      const id = 7000000000 + state.bots.size + 1;
      const token = `${id}:AAH${Buffer.from(`${username}-${id}-secret-part`).toString("base64url").slice(0, 32)}`;
      state.bots.set(token, { id, username, first_name: username });
      return { id, token, username };
    },
    /** A channel; `bot` joins it with the given status and right to post. */
    createChannel({ username = null, title = "Channel", members = 0 } = {}) {
      const id = String(-1001000000000 - state.chats.size - 1);
      const chat = { id, type: "channel", title, username, members: new Map(), count: members, messages: [] };
      state.chats.set(id, chat);
      return chat;
    },
    addBot(chat, bot, { status = "administrator", canPost = true } = {}) {
      chat.members.set(bot.id, { status, can_post_messages: canPost });
    },
    /** The bot is removed from the channel (its next post answers 403). */
    kick(chat, bot) {
      chat.members.set(bot.id, { status: "kicked", can_post_messages: false });
    },
    /** The token is revoked at @BotFather. */
    revoke(token) {
      state.bots.delete(token);
    },
    /** The next `n` send calls answer 429 with retry_after. */
    floodWait(n, retryAfter = 30) {
      state.flood = n;
      state.retryAfter = retryAfter;
    },
  };
}

/** A Telegram Bot API simulator on its own sim-kit server. */
export async function startTelegramSimulator() {
  const sim = await startSimKit();
  const t = registerTelegram(sim);
  return { ...t, url: sim.url, close: () => sim.close() };
}
