import { badRequest } from "../../../lib/errors.ts";
import { findRefusal, type OutboundFetch } from "../../../lib/outbound.ts";
import { networkUrl } from "../../oauth/providers.ts";
import { failureFromFetch, PublishError, refuseBrokenRules, type Adapter, type Outgoing, type OutgoingMedia, type Published } from "./types.ts";

/**
 * Telegram channels through a bot (Bot API, https://core.telegram.org/bots/api): every call is
 * `POST https://api.telegram.org/bot<token>/<method>` and answers `{ ok, result }` or
 * `{ ok: false, error_code, description, parameters }` (#making-requests). The URL holds the token: it is never
 * logged, and errors carry only the method's name.
 *
 * What goes out:
 * - text: `sendMessage` (≤ 4,096 characters; the link preview on, #sendmessage, #linkpreviewoptions);
 * - one photo or video with the text as caption: `sendPhoto` / `sendVideo`, the file uploaded as
 *   multipart/form-data (#sending-files: Telegram cannot fetch a URL on a private APP_URL, an upload works
 *   anywhere);
 * - 2-10 photos and videos: `sendMediaGroup` with `attach://<name>` files, the caption on the first item
 *   (#sendmediagroup, #inputmediaphoto).
 * A caption is at most 1,024 characters: a longer text with media breaks the rules table's `text.withMedia` and is
 * refused before anything is sent (the editor warns first). Splitting it into media and a second text message was
 * not chosen: two sends double the window in which a crash leaves the outcome unknown.
 *
 * Never twice: the Bot API takes no idempotency key and a bot cannot read a channel's history, so a lost answer
 * cannot be looked up. A `sending` marker is recorded before the call and the message id after; a send that starts
 * again with the marker and no message id cannot know whether the message went out → "attention" (a person looks
 * at the channel). A call the API certainly refused (an error answer, or no connection made) clears the marker.
 *
 * Errors: 429 with `parameters.retry_after` → wait that long (the channel is held); 401 (a token revoked at
 * @BotFather) and 403 (the bot was removed from the channel) → "auth": the channel's queue pauses; 400 "chat not
 * found" / "not enough rights" → "auth" too (the bot lost its place or its right to post); other 400s → rejected.
 */

const API = "https://api.telegram.org";
export const SENDING_STEP = "sending";
export const MESSAGE_STEP = "message";

interface TelegramAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

interface Message {
  message_id: number;
  chat: { id: number; username?: string; type?: string };
}

const LOST_RIGHTS = /chat not found|not enough rights|need administrator rights|have no rights|bot is not a member|chat_write_forbidden|CHAT_ADMIN_REQUIRED/i;

/** An error answer as the failure it means (the description goes to the log only). */
export function telegramFailure(method: string, status: number, body: TelegramAnswer<unknown> | null, text: string): PublishError {
  const code = body?.error_code ?? status;
  const detail = { body: text.slice(0, 500) };
  const message = `${method}: HTTP ${code}`;
  const desc = body?.description ?? "";
  if (code === 429) {
    const after = body?.parameters?.retry_after;
    return new PublishError("retry", "publish.rate_limited", message, typeof after === "number" ? Math.max(1, after) * 1000 : 30_000, detail);
  }
  if (code === 401 || code === 403) return new PublishError("auth", "publish.auth", message, null, detail);
  if (code === 400 && LOST_RIGHTS.test(desc)) return new PublishError("auth", "publish.telegram_no_rights", message, null, detail);
  if (code >= 500) return new PublishError("unknown", "publish.server_error", message, null, detail);
  return new PublishError("rejected", "publish.rejected", message, null, detail);
}

/** Marks an error as one after which nothing was sent (an answer came, or no connection was made). */
class Refused extends Error {
  constructor(readonly failure: PublishError) {
    super(failure.message);
  }
}

/** One Bot API call: JSON or multipart form. Throws Refused (certainly not done) or PublishError (maybe done). */
async function botCall<T>(fetch: OutboundFetch, simulator: string | undefined, token: string, method: string, body: Record<string, unknown> | FormData, signal?: AbortSignal): Promise<T> {
  const url = networkUrl(`${API}/bot${token}/${method}`, simulator);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      ...(body instanceof FormData ? { body } : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
      ...(signal ? { signal } : {}),
      redirect: "error",
    });
  } catch (err) {
    const f = failureFromFetch(err);
    // The fetch error's message may hold the URL (and so the token): only our words are kept, and the outbound
    // client's refusal (which names the host only) as the cause, so a check says the address was refused rather
    // than the token.
    const refusal = findRefusal(err);
    const clean = new PublishError(f.kind, f.code, `${method}: ${f.code}`, null, refusal ? { cause: refusal } : {});
    throw f.kind === "retry" ? new Refused(clean) : clean;
  }
  let text = "";
  try {
    text = await res.text();
  } catch {
    throw new PublishError("unknown", "publish.network", `${method}: the answer was cut off`);
  }
  let json: TelegramAnswer<T> | null = null;
  try {
    json = JSON.parse(text) as TelegramAnswer<T>;
  } catch {
    json = null;
  }
  if (res.ok && json?.ok) return json.result as T;
  const failure = telegramFailure(method, res.status, json, text);
  throw json && !json.ok && failure.kind !== "unknown" ? new Refused(failure) : failure;
}

const unwrap = (err: unknown) => (err instanceof Refused ? err.failure : err);
/** Telegram answered no (not our outbound client refusing to call it): what a check blames on the token or chat. */
const saidNo = (f: unknown): f is PublishError => f instanceof PublishError && !findRefusal(f) && (f.kind === "auth" || f.kind === "rejected");

/** A public channel's post link (t.me/<name>/<id>), or a private channel's (t.me/c/<id without -100>/<id>). */
export function messageLink(chat: string, message: Message): string | null {
  const name = message.chat.username ?? (chat.startsWith("@") ? chat.slice(1) : null);
  if (name) return `https://t.me/${name}/${message.message_id}`;
  const id = String(message.chat.id);
  return id.startsWith("-100") ? `https://t.me/c/${id.slice(4)}/${message.message_id}` : null;
}

async function fileOf(m: OutgoingMedia): Promise<Blob> {
  return new Blob([new Uint8Array(await m.bytes())], { type: m.contentType });
}

const isVideo = (m: OutgoingMedia) => m.contentType.startsWith("video/");

/** The call for the post: its method and body. */
async function request(out: Outgoing, chat: string): Promise<{ method: string; body: Record<string, unknown> | FormData }> {
  if (!out.media.length) return { method: "sendMessage", body: { chat_id: chat, text: out.text, link_preview_options: { is_disabled: false } } };
  const form = new FormData();
  form.set("chat_id", chat);
  if (out.media.length === 1) {
    const m = out.media[0]!;
    const field = isVideo(m) ? "video" : "photo";
    if (out.text) form.set("caption", out.text);
    if (isVideo(m)) form.set("supports_streaming", "true");
    form.set(field, await fileOf(m), m.name);
    return { method: isVideo(m) ? "sendVideo" : "sendPhoto", body: form };
  }
  const media = out.media.map((m, i) => ({ type: isVideo(m) ? "video" : "photo", media: `attach://file${i}`, ...(i === 0 && out.text ? { caption: out.text } : {}) }));
  form.set("media", JSON.stringify(media));
  for (const [i, m] of out.media.entries()) form.set(`file${i}`, await fileOf(m), m.name);
  return { method: "sendMediaGroup", body: form };
}

interface ChatMember {
  status: string;
  can_post_messages?: boolean;
}

export const telegramAdapter: Adapter = {
  kind: "telegram",
  resendSafe: true,
  byReminder: (post) => post.format === "story",
  async send(out: Outgoing): Promise<Published> {
    const chat = String(out.config.chat ?? "");
    const token = out.secret.botToken ?? "";
    const known = out.steps[MESSAGE_STEP];
    if (known) return { remoteId: known, permalink: out.steps.permalink || null };
    if (out.steps[SENDING_STEP]) {
      throw new PublishError("attention", "publish.outcome_unknown", "a send to Telegram was interrupted; a bot cannot read the channel to see whether it went out");
    }
    refuseBrokenRules(out, "telegram");
    if (out.media.length > 10) throw new PublishError("rejected", "publish.breaks_rules", "an album takes at most 10 items");
    const { method, body } = await request(out, chat);
    await out.recordStep(SENDING_STEP, `${out.now().toISOString()} ${method}`);
    let result: Message | Message[];
    try {
      result = await botCall<Message | Message[]>(out.fetch, out.networkSimulatorUrl, token, method, body, out.signal);
    } catch (err) {
      if (err instanceof Refused) {
        // Telegram answered with an error: nothing was sent; the next attempt may send.
        await out.recordStep(SENDING_STEP, "");
        if (err.failure.code === "publish.rate_limited" && err.failure.retryAfterMs) await out.connection.hold(new Date(out.now().getTime() + err.failure.retryAfterMs));
      }
      throw unwrap(err);
    }
    const first = Array.isArray(result) ? result[0]! : result;
    const id = String(first.message_id);
    const permalink = messageLink(chat, first);
    if (permalink) await out.recordStep("permalink", permalink);
    await out.recordStep(MESSAGE_STEP, id);
    return { remoteId: id, permalink };
  },
  /**
   * The token (getMe), the channel (getChat) and the bot's rights there (getChatMember): in a channel it must be an
   * administrator allowed to post messages (#chatmemberadministrator `can_post_messages`). A refusal names the field
   * to fix.
   */
  async verify(config, secret, fetch, simulator) {
    const token = secret.botToken ?? "";
    const chat = String(config.chat ?? "");
    const chatError = (key: string) => badRequest("validation.failed", {}, [{ field: "config.chat", key }]);
    let me: { id: number };
    try {
      me = await botCall<{ id: number }>(fetch, simulator, token, "getMe", {});
    } catch (err) {
      const f = unwrap(err);
      // 401/404 on getMe: the token is not a bot's (or was revoked at @BotFather).
      if (saidNo(f)) throw badRequest("validation.failed", {}, [{ field: "secret.botToken", key: "connection.telegram_token_refused" }]);
      throw f;
    }
    let chatInfo: { id: number; type: string };
    try {
      chatInfo = await botCall<{ id: number; type: string }>(fetch, simulator, token, "getChat", { chat_id: chat });
    } catch (err) {
      const f = unwrap(err);
      if (saidNo(f)) throw chatError("connection.telegram_chat_not_found");
      throw f;
    }
    let member: ChatMember;
    try {
      member = await botCall<ChatMember>(fetch, simulator, token, "getChatMember", { chat_id: chat, user_id: me.id });
    } catch (err) {
      const f = unwrap(err);
      if (saidNo(f)) throw chatError("connection.telegram_not_admin");
      throw f;
    }
    const canPost = chatInfo.type === "channel" ? member.status === "creator" || (member.status === "administrator" && member.can_post_messages === true) : ["creator", "administrator", "member"].includes(member.status);
    if (!canPost) throw chatError("connection.telegram_not_admin");
  },
};

/** The channel's member count (`getChatMemberCount`, #getchatmembercount): a channel's subscribers. */
export async function telegramMemberCount(fetch: OutboundFetch, simulator: string | undefined, config: Record<string, unknown>, secret: Record<string, string>): Promise<number> {
  try {
    return await botCall<number>(fetch, simulator, secret.botToken ?? "", "getChatMemberCount", { chat_id: String(config.chat ?? "") });
  } catch (err) {
    throw unwrap(err);
  }
}
