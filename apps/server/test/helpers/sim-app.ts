import type { OauthConnectionKind } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { startSimKit, type SimKit } from "../../../../test-peers/sim-kit/index.mjs";
import { buildUser, type TestUser } from "./factories.ts";
import { freePort } from "./process.ts";
import { ALLOW_LOOPBACK, createTestApp, type TestApp, type TestDialect } from "./test-app.ts";

/**
 * What the signed-in networks' peer tests share (any network on the sim-kit): a simulator kit and an app listening
 * on a real loopback port (APP_URL, so the simulator can fetch media from the signed URLs), both clocks moved
 * together, and a sign-in followed through the simulator's consent screen.
 */
export interface SimApp {
  t: TestApp;
  sim: SimKit;
  appUrl: string;
}

export async function startSimApp(dialect: TestDialect, env: Record<string, string> = {}): Promise<SimApp> {
  const sim = await startSimKit();
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp(dialect, { env: { ...ALLOW_LOOPBACK, NETWORK_SIMULATOR_URL: sim.url, APP_URL: appUrl, ...env } });
  await t.app.listen({ port, host: "127.0.0.1" });
  return { t, sim, appUrl };
}

/**
 * For a describe block: `startSimApp` before all, then `setup` (register the network's simulator modules, its
 * developer app, anything else) with an instance admin at hand; both clocks at `now` before each test, then `each`;
 * everything closed after all. Answers the environment, filled in once `beforeAll` ran.
 */
export function useSimApp<E extends object>(
  dialect: TestDialect,
  o: { now: Date; env?: Record<string, string>; setup: (base: SimApp & { admin: TestUser }) => E | Promise<E>; each?: (env: SimApp & { admin: TestUser } & E) => void; close?: (env: SimApp & { admin: TestUser } & E) => void },
): SimApp & { admin: TestUser } & E {
  const env = {} as SimApp & { admin: TestUser } & E;
  beforeAll(async () => {
    Object.assign(env, await startSimApp(dialect, o.env));
    env.admin = await buildUser(env.t.app);
    Object.assign(env, await o.setup(env));
  }, 300_000);
  afterAll(async () => {
    if (env.sim) o.close?.(env);
    await env.t?.close();
    await env.sim?.close();
  });
  beforeEach(() => {
    setClocks(env, o.now);
    o.each?.(env);
  });
  return env;
}

/** The instance admin saves a provider's developer app (Instance settings), as an operator would. */
export async function saveDeveloperApp(admin: TestUser, provider: string, app: { clientId: string; clientSecret: string }): Promise<void> {
  const saved = await admin.client.put(`/api/instance/oauth-apps/${provider}`, { clientId: app.clientId, clientSecret: app.clientSecret });
  expect(saved.statusCode, saved.body).toBe(200);
}

/** Sets both clocks (the app's and the simulator's) to `at`. */
export function setClocks(env: Pick<SimApp, "t" | "sim">, at: Date): void {
  env.t.clock.current = new Date(at);
  env.sim.setNow(at.getTime());
}

/** Moves both clocks forward. */
export function advanceClocks(env: Pick<SimApp, "t" | "sim">, seconds: number): void {
  env.t.clock.advance(seconds);
  env.sim.setNow(env.t.clock.now().getTime());
}

/** A sign-in waiting on the connect screen (GET /connections/oauth/:id). */
export interface Pending {
  id: string;
  kind: OauthConnectionKind;
  accounts: { id: string; name: string; username: string | null; pictureUrl: string | null }[];
  connectionId: string | null;
  error: string | null;
}

/**
 * Starts a sign-in for the channel, lets `approve` answer the consent screen (the simulator's OAuthServer.approve),
 * follows the callback to our app and reads the pending sign-in.
 */
export async function signInThrough(user: TestUser, workspaceId: string, body: { kind: OauthConnectionKind; channelId: string }, approve: (authorizeUrl: string) => string, callback: string): Promise<Pending & { authorizeUrl: string }> {
  const started = await user.client.post(`/api/workspaces/${workspaceId}/connections/oauth`, body);
  expect(started.statusCode, started.body).toBe(200);
  const authorizeUrl = started.json<{ authorizeUrl: string }>().authorizeUrl;
  const redirect = new URL(approve(authorizeUrl));
  expect(redirect.origin + redirect.pathname).toBe(callback);
  const back = await user.client.get(redirect.pathname + redirect.search);
  expect(back.statusCode, back.body).toBe(303);
  const pending = await user.client.get(`/api/workspaces/${workspaceId}/connections/oauth/${String(back.headers.location).split("/").pop()}`);
  expect(pending.statusCode, pending.body).toBe(200);
  return { ...pending.json<Pending>(), authorizeUrl };
}

/** Picks one of a sign-in's accounts on the connect screen; answers the connection's id. */
export async function pickAccount(user: TestUser, workspaceId: string, pendingId: string, accountId: string): Promise<string> {
  const picked = await user.client.post(`/api/workspaces/${workspaceId}/connections/oauth/${pendingId}`, { accountId });
  expect(picked.statusCode, picked.body).toBe(200);
  return picked.json<Pending>().connectionId!;
}

/** The delivery of a post (one channel), as the publisher left it. */
export const deliveryOf = (t: TestApp, postId: string) => t.deps.db.selectFrom("deliveries").selectAll().where("post_id", "=", postId).executeTakeFirstOrThrow();

/** The remote ids a post's delivery recorded step by step (`remote_steps`). */
export const stepsOf = async (t: TestApp, postId: string) => JSON.parse((await deliveryOf(t, postId)).remote_steps ?? "{}") as Record<string, string>;

/**
 * Another publisher round after a delivery was put back for later: both clocks moved to its time (`advance`), the
 * channel's hold lifted, then `round`.
 */
export async function retryNow<E extends { t: TestApp }>(env: E, postId: string, advance: (env: E, seconds: number) => void, round: (t: TestApp) => Promise<unknown>): Promise<void> {
  const d = await deliveryOf(env.t, postId);
  if (d.next_attempt_at) advance(env, Math.ceil(Math.max(0, Date.parse(d.next_attempt_at) - env.t.clock.now().getTime()) / 1000) + 1);
  await env.t.deps.db.updateTable("connections").set({ hold_until: null }).where("channel_id", "=", d.channel_id).execute();
  await round(env.t);
}
