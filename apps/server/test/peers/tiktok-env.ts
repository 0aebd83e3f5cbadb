import type { VariantOptions } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { ADAPTERS } from "../../src/features/publishing/adapters/index.ts";
import { createTikTokAdapter, type TikTokPollPolicy } from "../../src/features/publishing/adapters/tiktok.ts";
import { buildUser, buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { addChannel, addPost, schedule, testPublisher } from "../helpers/posts.ts";
import { mp4 } from "../helpers/mp4.ts";
import { advanceClocks, deliveryOf, retryNow as retryLater, setClocks, stepsOf, signInThrough, startSimApp, type Pending, type SimApp } from "../helpers/sim-app.ts";
import type { TestApp, TestDialect } from "../helpers/test-app.ts";
import { registerTikTok, type TikTokSim, type TikTokUser } from "../../../../test-peers/tiktok/index.mjs";

export const NOW = new Date("2026-11-26T09:00:00Z");
export const MB = 1024 * 1024;
/** Every scope the sign-in asks for (PROVIDERS.tiktok.scopes). */
export const ALL_SCOPES = ["user.info.basic", "user.info.profile", "user.info.stats", "video.list", "video.publish", "video.upload"];

/** Status polling for tests: the simulator's posts are processed after a read or two, not minutes. */
export const FAST_POLL: TikTokPollPolicy = { delaysMs: [10, 20, 40], budgetMs: 2000 };
/** 5 MB chunks, so a 12 MB video goes up in two chunks (the Media Transfer Guide's smallest chunk). */
export const TEST_ADAPTERS = { ...ADAPTERS, tiktok: createTikTokAdapter({ poll: FAST_POLL, chunkBytes: 5 * MB }) };
export const round = (t: TestApp) => testPublisher(t, { adapters: TEST_ADAPTERS }).round();

export interface TikTokEnv extends SimApp {
  tt: TikTokSim;
  app: { id: string; secret: string; settings: { audited: boolean; verified: string[] } };
  admin: TestUser;
}

/**
 * For a describe block: a sim-kit server with TikTok and an app on a loopback port (helpers/sim-app.ts); APP_URL is
 * the developer app's verified URL prefix, so the simulator pulls photos from the signed media URLs. The instance
 * admin saves the TikTok developer app (client key and secret). Both clocks start at NOW.
 */
export function useTikTok(dialect: TestDialect): TikTokEnv {
  const env = {} as TikTokEnv;
  beforeAll(async () => {
    Object.assign(env, await startSimApp(dialect));
    env.tt = registerTikTok(env.sim);
    env.app = env.tt.createApp({ redirectUris: [`${env.appUrl}/api/oauth/tiktok/callback`], audited: true, verified: [`${env.appUrl}/`] });
    env.admin = await buildUser(env.t.app);
    const saved = await env.admin.client.put(`/api/instance/oauth-apps/tiktok`, { clientId: env.app.id, clientSecret: env.app.secret });
    expect(saved.statusCode, saved.body).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await env.t?.close();
    await env.sim?.close();
  });
  beforeEach(() => {
    setClocks(env, NOW);
    env.app.settings.audited = true;
  });
  return env;
}

export const advance = advanceClocks;

/** Starts a TikTok sign-in for the channel, allows it on the consent screen as `userId` (with `scopes`), follows the callback. */
export function signIn(env: TikTokEnv, user: TestUser, workspaceId: string, channelId: string, userId: string, scopes?: string[]): Promise<Pending> {
  return signInThrough(user, workspaceId, { kind: "tiktok", channelId }, (url) => env.tt.oauth.approve(url, { userId, ...(scopes ? { scopes } : {}) }), `${env.appUrl}/api/oauth/tiktok/callback`);
}

/** A workspace with a TikTok channel connected by signing in as a new TikTok user. */
export async function connected(env: TikTokEnv, opts: Parameters<TikTokSim["createUser"]>[0] = {}, scopes?: string[]) {
  const { owner, workspace } = await buildWorkspace(env.t.app);
  await owner.client.patch(`/api/workspaces/${workspace.id}`, { missedPostMinutes: 10_080 });
  const channelId = await addChannel(owner, workspace.id, "tiktok");
  const user: TikTokUser = env.tt.createUser({ display_name: "Seoul Candle", ...opts });
  const pending = await signIn(env, owner, workspace.id, channelId, user.id, scopes);
  expect(pending.error).toBeNull();
  return { owner, workspace, channelId, user, connectionId: pending.connectionId! };
}

export type Connected = Awaited<ReturnType<typeof connected>>;

/** Uploads bytes to the workspace's asset library; returns the asset's id. */
export async function upload(owner: TestUser, workspaceId: string, name: string, bytes: Buffer): Promise<string> {
  const res = await owner.client.upload(`/api/workspaces/${workspaceId}/assets?name=${encodeURIComponent(name)}`, bytes);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ asset: { id: string } }>().asset.id;
}

export const settings = (privacyLevel: NonNullable<VariantOptions["tiktok"]>["privacyLevel"], more: Partial<NonNullable<VariantOptions["tiktok"]>> = {}): VariantOptions => ({
  tiktok: { privacyLevel, disableComment: false, disableDuet: false, disableStitch: false, brandOrganic: false, brandedContent: false, ...more },
});

/** A post for the channel with the TikTok settings, scheduled half a minute ahead; the clocks moved past it. */
export async function plan(env: TikTokEnv, c: Connected, body: { text: string; media: string[]; options?: VariantOptions }, due?: string): Promise<string> {
  const post = await addPost(c.owner, c.workspace.id, { body: body.text, media: body.media.map((assetId) => ({ assetId, alt: "" })), variants: [{ channelId: c.channelId, text: null, ...(body.options ? { options: body.options } : {}) }] });
  await schedule(c.owner, c.workspace.id, post.id, due ?? new Date(env.t.clock.now().getTime() + 30_000).toISOString());
  return post.id;
}

export async function publishNow(env: TikTokEnv, c: Connected, body: { text: string; media: string[]; options?: VariantOptions }): Promise<string> {
  const id = await plan(env, c, body);
  advance(env, 60);
  await round(env.t);
  return id;
}

export const connectionRow = (t: TestApp, id: string) => t.deps.db.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
export const secretOf = (t: TestApp, sealed: string) => JSON.parse(t.deps.secrets.open(sealed)) as { accessToken: string; refreshToken?: string; accessExpiresAt?: string; refreshExpiresAt?: string };
export { deliveryOf, stepsOf };

/** Another round after a delivery was put back for later: its time is now, the channel's hold lifted. */
export const retryNow = (env: TikTokEnv, postId: string) => retryLater(env, postId, advance, round);

/** A well-formed MP4 (helpers/mp4.ts) padded with a `free` box to `bytes` in all, so it goes up in several chunks. */
export function videoOf(bytes: number, durationMs = 15_000): Buffer {
  const head = mp4({ durationMs, width: 1080, height: 1920, moovFirst: true });
  const pad = Math.max(8, bytes - head.length);
  const free = Buffer.alloc(pad);
  free.writeUInt32BE(pad, 0);
  free.write("free", 4, "latin1");
  return Buffer.concat([head, free]);
}
