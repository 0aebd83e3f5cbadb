import type { OauthConnectionKind } from "@socialplan/schema";
import { expect } from "vitest";
import { ADAPTERS } from "../../src/features/publishing/adapters/index.ts";
import { createPinterestAdapter } from "../../src/features/publishing/adapters/pinterest.ts";
import { buildUser, buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "../helpers/posts.ts";
import { signInThrough } from "../helpers/sim-app.ts";
import type { TestApp, TestDialect } from "../helpers/test-app.ts";
import { useSimulator } from "./pinterest-telegram-sim.ts";
import { startPinterestSimulator } from "../../../../test-peers/pinterest/index.mjs";

export type PinterestSim = Awaited<ReturnType<typeof startPinterestSimulator>>;
export { NOW } from "./pinterest-telegram-sim.ts";
/** Media status reads without waiting out real seconds. */
export const FAST_POLL = { delaysMs: [20, 50], budgetMs: 3000 };
export const round = (t: TestApp) => testPublisher(t, { adapters: { ...ADAPTERS, pinterest: createPinterestAdapter({ poll: FAST_POLL }) } }).round();

/**
 * For a describe block: the Pinterest simulator, an app listening on a real loopback port (the simulator fetches
 * each image from the signed media URL the app gives it), and the developer app saved as the instance's.
 */
export function usePinterest(dialect: TestDialect) {
  const env = useSimulator(dialect, startPinterestSimulator, {
    listen: true,
    after: async (e) => {
      const app = e.sim.createApp({ redirectUris: [`${e.appUrl}/api/oauth/pinterest/callback`] });
      const admin = await buildUser(e.t.app);
      const saved = await admin.client.put("/api/instance/oauth-apps/pinterest", { clientId: app.clientId, clientSecret: app.clientSecret });
      expect(saved.statusCode, saved.body).toBe(200);
    },
  });
  return env;
}

type Env = ReturnType<typeof usePinterest>;

/** Moves both clocks forward. */
export function advance(env: Env, seconds: number): void {
  env.t.clock.advance(seconds);
  env.sim.sim.setNow(env.t.clock.now().getTime());
}

/**
 * A workspace with a Pinterest channel connected by signing in: start → the simulator's "Allow" as the user →
 * the callback → the connection. Returns the simulated account and its boards.
 */
export async function signedIn(env: Env, opts: { boards?: { name: string; privacy?: string }[]; followers?: number } = {}) {
  const { owner, workspace } = await buildWorkspace(env.t.app);
  const channelId = await addChannel(owner, workspace.id, "pinterest");
  const made = env.sim.createUser({ username: `bakery_${Math.random().toString(36).slice(2, 8)}`, businessName: "Hanok Bakery", followers: opts.followers ?? 120, boards: opts.boards ?? [{ name: "Breads" }, { name: "Cakes", privacy: "SECRET" }] });
  const connectionId = await signIn(env, owner, workspace.id, { kind: "pinterest", channelId }, made.user.id);
  return { owner, workspace, channelId, connectionId, user: made.user, boards: made.boards };
}

export async function signIn(env: Env, owner: TestUser, workspaceId: string, body: { kind: OauthConnectionKind; channelId: string }, userId: string): Promise<string> {
  const pending = await signInThrough(owner, workspaceId, body, (url) => env.sim.oauth.approve(url, { userId }), `${env.appUrl}/api/oauth/pinterest/callback`);
  expect(pending.error).toBeNull();
  return pending.connectionId!;
}

/** Uploads bytes to the workspace's asset library; returns the asset's id. */
export async function upload(owner: TestUser, workspaceId: string, name: string, bytes: Buffer): Promise<string> {
  const res = await owner.client.upload(`/api/workspaces/${workspaceId}/assets?name=${encodeURIComponent(name)}`, bytes);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ asset: { id: string } }>().asset.id;
}

/** A post for the channel, due half a minute later; the clocks moved past it and one publisher round run. */
export async function publishNow(env: Env, a: { owner: TestUser; workspace: { id: string }; channelId: string }, body: Record<string, unknown>, options: Record<string, unknown>) {
  const post = await addPost(a.owner, a.workspace.id, { ...body, variants: [{ channelId: a.channelId, text: null, options }] });
  await schedule(a.owner, a.workspace.id, post.id, new Date(env.t.clock.now().getTime() + 30_000).toISOString());
  advance(env, 60);
  await round(env.t);
  return { postId: post.id, delivery: async () => (await readPost(a.owner, a.workspace.id, post.id)).deliveries[0]! };
}

export const connectionRow = (env: Env, id: string) => env.t.deps.db.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
export const secretOf = (env: Env, row: { secret: string }) => JSON.parse(env.t.deps.secrets.open(row.secret)) as Record<string, string>;
