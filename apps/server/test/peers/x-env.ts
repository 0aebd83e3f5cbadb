import { buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { addChannel, addPost, schedule, testPublisher } from "../helpers/posts.ts";
import { advanceClocks, deliveryOf, pickAccount, saveDeveloperApp, signInThrough, stepsOf, useSimApp } from "../helpers/sim-app.ts";
import type { TestApp, TestDialect } from "../helpers/test-app.ts";
import type { SimKit } from "../../../../test-peers/sim-kit/index.mjs";
import { registerX, type XSim, type XUser } from "../../../../test-peers/x/index.mjs";

export const NOW = new Date("2026-11-26T09:00:00Z");

export interface XEnv {
  t: TestApp;
  sim: SimKit;
  x: XSim;
  appUrl: string;
  client: { clientId: string; clientSecret: string };
  admin: TestUser;
}

/**
 * For a describe block: a sim-kit server with the X simulator, and an app listening on a real loopback port
 * (APP_URL). The app's X developer app is saved by an instance admin. Both clocks start at NOW.
 */
export function useX(dialect: TestDialect): XEnv {
  return useSimApp(dialect, {
    now: NOW,
    setup: async (base) => {
      const x = registerX(base.sim);
      const client = { clientId: "x-client-id", clientSecret: "x-client-secret" };
      x.oauth.registerApp({ ...client, redirectUris: [`${base.appUrl}/api/oauth/x/callback`], name: "Socialplan" });
      await saveDeveloperApp(base.admin, "x", client);
      return { x, client };
    },
    each: (env) => {
      env.x.setTier("basic");
      env.x.setProcessing({ checks: 1, fail: false });
    },
    close: (env) => env.x?.releaseAll(),
  });
}

/** Moves both clocks forward. */
export const advance = advanceClocks;

export const round = (t: TestApp) => testPublisher(t).round();

let people = 0;

/** A workspace with an X channel connected through the X sign-in (consent allowed as a new X user). */
export async function connectedX(env: XEnv) {
  const { owner, workspace } = await buildWorkspace(env.t.app);
  const n = ++people;
  const user = env.x.addUser({ name: `Seoul Bakery ${n}`, username: `seoulbakery${n}`, followers: 120 });
  const channelId = await addChannel(owner, workspace.id, "x", { handle: user.username });
  const { connectionId, authorizeUrl } = await signIn(env, owner, workspace.id, channelId, user);
  return { owner, workspace, channelId, connectionId: connectionId!, user, authorizeUrl };
}

/** Starts an X sign-in, allows it on the consent page as `user`, follows the callback; returns the connection made. */
export async function signIn(env: XEnv, owner: TestUser, workspaceId: string, channelId: string, user: XUser) {
  const p = await signInThrough(owner, workspaceId, { kind: "x", channelId }, (url) => env.x.oauth.approve(url, { userId: user.id }), `${env.appUrl}/api/oauth/x/callback`);
  const connectionId = p.connectionId ?? (await pickAccount(owner, workspaceId, p.id, user.id));
  return { connectionId, authorizeUrl: p.authorizeUrl };
}

export type Connected = Awaited<ReturnType<typeof connectedX>>;

/** A post for the channel (with the X thread option), scheduled at `due` (default: half a minute ahead). */
export async function plan(env: XEnv, c: Connected, body: Record<string, unknown>, thread?: string[], due?: string): Promise<string> {
  const post = await addPost(c.owner, c.workspace.id, { ...body, variants: [{ channelId: c.channelId, text: null, ...(thread ? { options: { thread } } : {}) }] });
  await schedule(c.owner, c.workspace.id, post.id, due ?? new Date(env.t.clock.now().getTime() + 30_000).toISOString());
  return post.id;
}

/** Plans a post, moves the clocks past it and runs a publishing round. */
export async function publish(env: XEnv, c: Connected, body: Record<string, unknown>, thread?: string[]): Promise<string> {
  const id = await plan(env, c, body, thread);
  advance(env, 60);
  await round(env.t);
  return id;
}

/** Makes a scheduled delivery due now (after a wait the publisher set) and runs a round. */
export async function retryNow(env: XEnv, postId: string): Promise<void> {
  const d = await deliveryOf(env.t, postId);
  await env.t.deps.db.updateTable("deliveries").set({ next_attempt_at: env.t.clock.now().toISOString() }).where("id", "=", d.id).execute();
  await round(env.t);
}

export const connectionRow = (t: TestApp, id: string) => t.deps.db.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
export const secretOf = (t: TestApp, sealed: string) => JSON.parse(t.deps.secrets.open(sealed)) as { accessToken: string; refreshToken?: string; accessExpiresAt?: string };
export { deliveryOf, stepsOf };

/** Creates (POST /2/tweets) the simulator performed, by text sent. */
export const createdWith = (env: XEnv, text: string) => env.x.state.created.filter((tw) => tw.sentText === text);

export { addPost, schedule, buildWorkspace };
