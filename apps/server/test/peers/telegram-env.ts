import { expect } from "vitest";
import { buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "../helpers/posts.ts";
import type { TestDialect } from "../helpers/test-app.ts";
import { useSimulator } from "./pinterest-telegram-sim.ts";
import { startTelegramSimulator } from "../../../../test-peers/telegram/index.mjs";

export type TelegramSim = Awaited<ReturnType<typeof startTelegramSimulator>>;
export { NOW } from "./pinterest-telegram-sim.ts";

/** For a describe block: the Telegram Bot API simulator and an app that sends every network call to it (multipart uploads: no APP_URL needed). */
export function useTelegram(dialect: TestDialect) {
  return useSimulator(dialect, startTelegramSimulator);
}

type Env = ReturnType<typeof useTelegram>;

/** A workspace with a Telegram channel, a bot made at "@BotFather" and a channel at Telegram with the bot in it as said. */
export async function withChannel(env: Env, opts: { username?: string | null; status?: string; canPost?: boolean; members?: number } = {}) {
  const { owner, workspace } = await buildWorkspace(env.t.app);
  const channelId = await addChannel(owner, workspace.id, "telegram");
  const bot = env.sim.createBot(`cafe_bot_${Math.random().toString(36).slice(2, 7)}`);
  const username = opts.username === undefined ? `cafe_news_${Math.random().toString(36).slice(2, 7)}` : opts.username;
  const chat = env.sim.createChannel({ username, title: "Cafe news", members: opts.members ?? 0 });
  env.sim.addBot(chat, bot, { status: opts.status ?? "administrator", canPost: opts.canPost ?? true });
  return { owner, workspace, channelId, bot, chat, chatRef: username ? `@${username}` : chat.id };
}

/** POST …/connections for the channel; the answer. */
export const connect = (a: { owner: TestUser; workspace: { id: string }; channelId: string }, chat: string, botToken: string) =>
  a.owner.client.post(`/api/workspaces/${a.workspace.id}/connections`, { kind: "telegram", channelId: a.channelId, config: { chat }, secret: { botToken } });

/** A channel connected to a bot that may post. */
export async function connected(env: Env, opts: Parameters<typeof withChannel>[1] = {}) {
  const a = await withChannel(env, opts);
  const res = await connect(a, a.chatRef, a.bot.token);
  expect(res.statusCode, res.body).toBe(201);
  const connectionId = res.json<{ connections: { id: string; channelId: string }[] }>().connections.find((c) => c.channelId === a.channelId)!.id;
  return { ...a, connectionId };
}

/** Uploads bytes to the workspace's asset library; returns the asset's id. */
export async function upload(owner: TestUser, workspaceId: string, name: string, bytes: Buffer): Promise<string> {
  const res = await owner.client.upload(`/api/workspaces/${workspaceId}/assets?name=${encodeURIComponent(name)}`, bytes);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ asset: { id: string } }>().asset.id;
}

/** A post for the channel, due half a minute later; the clocks moved past it and one publisher round run. */
export async function publishNow(env: Env, a: { owner: TestUser; workspace: { id: string }; channelId: string }, body: Record<string, unknown>) {
  const post = await addPost(a.owner, a.workspace.id, { ...body, variants: [{ channelId: a.channelId, text: null }] });
  await schedule(a.owner, a.workspace.id, post.id, new Date(env.t.clock.now().getTime() + 30_000).toISOString());
  advance(env, 60);
  await testPublisher(env.t).round();
  return { postId: post.id, delivery: async () => (await readPost(a.owner, a.workspace.id, post.id)).deliveries[0]! };
}

export function advance(env: Env, seconds: number): void {
  env.t.clock.advance(seconds);
  env.sim.sim.setNow(env.t.clock.now().getTime());
}
