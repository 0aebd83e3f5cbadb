import type { Network } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { blobKey } from "../../src/features/assets/assets.service.ts";
import { ADAPTERS } from "../../src/features/publishing/adapters/index.ts";
import { createThreadsAdapter } from "../../src/features/publishing/adapters/threads.ts";
import type { PollPolicy } from "../../src/features/publishing/adapters/meta-container.ts";
import type { TestUser } from "../helpers/factories.ts";
import { startMetaSimulator } from "../helpers/meta-peer.ts";
import { insertOauthConnection } from "../helpers/oauth-connection.ts";
import { addPost, readPost, schedule, testPublisher } from "../helpers/posts.ts";
import { freePort } from "../helpers/process.ts";
import { deliveryOf, retryNow as retryLater } from "../helpers/sim-app.ts";
import { newId } from "../../src/lib/ids.ts";
import { ALLOW_LOOPBACK, createTestApp, type TestApp, type TestDialect } from "../helpers/test-app.ts";
import type { PublishControl } from "../../../../test-peers/meta/publish.mjs";

export type Sim = Awaited<ReturnType<typeof startMetaSimulator>>;
export const NOW = new Date("2026-11-26T09:00:00Z");

/** Container polling for tests: the simulator's slow containers become ready after a few reads, not minutes. */
export const FAST_POLL: PollPolicy = { delaysMs: [20, 50, 100], budgetMs: 1500 };
const TEST_ADAPTERS = { ...ADAPTERS, threads: createThreadsAdapter({ poll: FAST_POLL }) };
/** A publisher round with the test adapters. */
export const round = (t: TestApp) => testPublisher(t, { adapters: TEST_ADAPTERS }).round();

/** The simulator's publishing controls (slow containers, publishes whose answer never comes, quota). */
export const publishControl = (sim: Sim) => (sim as unknown as { publish: PublishControl }).publish;

/**
 * For a describe block: the Meta simulator and an app listening on a real loopback port (APP_URL), so the simulator
 * fetches each image and video from the signed media URLs the app gives it. Both clocks start at NOW.
 */
export function useMetaPublishing(dialect: TestDialect) {
  const env = {} as { t: TestApp; sim: Sim; appUrl: string };
  beforeAll(async () => {
    env.sim = await startMetaSimulator();
    const port = await freePort();
    env.appUrl = `http://127.0.0.1:${port}`;
    env.t = await createTestApp(dialect, { env: { ...ALLOW_LOOPBACK, NETWORK_SIMULATOR_URL: env.sim.url, APP_URL: env.appUrl } });
    await env.t.app.listen({ port, host: "127.0.0.1" });
  }, 300_000);
  afterAll(async () => {
    await env.t?.close();
    await env.sim?.close();
  });
  beforeEach(() => {
    env.t.clock.current = new Date(NOW);
    env.sim.clock.set(NOW);
  });
  return env;
}

/** Moves both clocks (the app's and the simulator's) forward. */
export function advance(env: { t: TestApp; sim: Sim }, seconds: number): void {
  env.t.clock.advance(seconds);
  env.sim.clock.set(env.t.clock.now());
}

/** A channel connected the way the sign-in stores it (the row, with the sealed token). */
export async function connect(t: TestApp, _network: Network, kind: "facebook" | "threads" | "instagram" | "instagram_facebook", account: { id: string; label: string; username?: string; pageId?: string }, token: string) {
  return insertOauthConnection(t, kind, { id: account.id, label: account.label, username: account.username ?? null, ...(account.pageId ? { extra: { pageId: account.pageId } } : {}) }, { accessToken: token });
}

export const PAGE_SCOPES = ["pages_show_list", "pages_read_engagement", "pages_manage_posts"];
/** threads_manage_replies: "Required for making POST calls to reply endpoints" (the first comment is a reply). */
export const THREADS_SCOPES = ["threads_basic", "threads_content_publish", "threads_manage_replies"];

/** A Facebook Page connected with its Page token. */
export async function connectedPage(env: { t: TestApp; sim: Sim }) {
  const app = env.sim.createApp({ provider: "meta", redirectUris: [`${env.t.config.appUrl}/api/oauth/meta/callback`] });
  const { user, pages } = env.sim.createFacebookUser({ pages: [{ name: "Seoul Candle Co." }], grant: { appId: app.id, scopes: PAGE_SCOPES } });
  const page = pages[0]!;
  const token = env.sim.issueToken({ appId: app.id, userId: user.id, pageId: page.id, scopes: PAGE_SCOPES, longLived: true });
  return { ...(await connect(env.t, "facebook", "facebook", { id: page.id, label: page.name }, token)), app, user, page, token };
}

/** A Threads account connected with its long-lived token. */
export async function connectedThreads(env: { t: TestApp; sim: Sim }) {
  const app = env.sim.createApp({ provider: "threads", redirectUris: [`${env.t.config.appUrl}/api/oauth/threads/callback`] });
  const user = env.sim.createThreadsUser({ username: `candles_${newId().slice(0, 6)}` });
  const token = env.sim.issueToken({ appId: app.id, userId: user.id, scopes: THREADS_SCOPES, longLived: true });
  return { ...(await connect(env.t, "threads", "threads", { id: user.id, label: `@${user.username}`, username: user.username }, token)), app, user, token };
}

/** Uploads bytes to the workspace's asset library; returns the asset's id. */
export async function upload(owner: TestUser, workspaceId: string, name: string, bytes: Buffer): Promise<string> {
  const res = await owner.client.upload(`/api/workspaces/${workspaceId}/assets?name=${encodeURIComponent(name)}`, bytes);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ asset: { id: string } }>().asset.id;
}

/** Removes an asset's file from storage, so its media URL answers 404 (a URL the network cannot fetch). */
export async function loseFile(t: TestApp, workspaceId: string, assetId: string): Promise<void> {
  const a = await t.deps.db.selectFrom("assets").select("sha256").where("id", "=", assetId).executeTakeFirstOrThrow();
  await t.deps.blobs.delete(blobKey(workspaceId, a.sha256));
}

/** Creates a post for the channel, schedules it half a minute ahead, moves the clocks past it and runs a round. */
export async function publishNow(env: { t: TestApp; sim: Sim }, owner: TestUser, workspaceId: string, body: Record<string, unknown>) {
  const post = await addPost(owner, workspaceId, body);
  await schedule(owner, workspaceId, post.id, new Date(env.t.clock.now().getTime() + 30_000).toISOString());
  advance(env, 60);
  await round(env.t);
  return { postId: post.id, read: () => readPost(owner, workspaceId, post.id) };
}

export { deliveryOf };

/** Another round after a delivery was put back for later: its time is now. */
export const retryNow = (env: { t: TestApp; sim: Sim }, postId: string) => retryLater(env, postId, advance, round);
