import { buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { mp4 } from "../helpers/mp4.ts";
import { addChannel, addPost, schedule, testPublisher } from "../helpers/posts.ts";
import { advanceClocks, deliveryOf, pickAccount, saveDeveloperApp, signInThrough, stepsOf, useSimApp, type Pending } from "../helpers/sim-app.ts";

export type { Pending };
import type { TestApp, TestDialect } from "../helpers/test-app.ts";
import type { SimKit } from "../../../../test-peers/sim-kit/index.mjs";
import { registerGoogle, SCOPES, type GoogleSim } from "../../../../test-peers/google/index.mjs";
import { upload } from "./meta-publish-env.ts";

/** A Thursday 09:00 UTC (01:00 in Los Angeles): YouTube's quota day is Pacific. */
export const NOW = new Date("2026-11-26T09:00:00Z");

export interface YoutubeEnv {
  t: TestApp;
  sim: SimKit;
  google: GoogleSim;
  appUrl: string;
  client: { clientId: string; clientSecret: string };
  admin: TestUser;
}

/**
 * For a describe block: a sim-kit server with the Google simulator (OAuth, YouTube Data and Analytics), and an app
 * listening on a real loopback port. The instance's Google developer app is saved by an admin. Both clocks at NOW.
 */
export function useYoutube(dialect: TestDialect): YoutubeEnv {
  return useSimApp(dialect, {
    now: NOW,
    setup: async (base) => {
      const google = registerGoogle(base.sim);
      const client = { clientId: "yt-client.apps.googleusercontent.com", clientSecret: "yt-secret" };
      google.registerApp({ ...client, redirectUris: [`${base.appUrl}/api/oauth/google/callback`], name: "Socialplan" });
      await saveDeveloperApp(base.admin, "google", client);
      return { google, client };
    },
    each: (env) => env.google.releaseHeld(),
  });
}

/** Moves both clocks forward. */
export const advance = advanceClocks;

export const round = (t: TestApp) => testPublisher(t).round();

/** Starts a YouTube sign-in, allows it on Google's consent screen as `userId`, follows the callback. */
export async function signIn(env: YoutubeEnv, user: TestUser, workspaceId: string, channelId: string, userId: string, scopes?: string[]): Promise<Pending & { authorizeUrl: URL }> {
  const p = await signInThrough(user, workspaceId, { kind: "youtube", channelId }, (url) => env.google.approve(url, { userId, ...(scopes ? { scopes } : {}) }), `${env.appUrl}/api/oauth/google/callback`);
  return { ...p, authorizeUrl: new URL(p.authorizeUrl.replace(`${env.sim.url}/accounts.google.com`, "https://accounts.google.com")) };
}

/** Picks one of the sign-in's channels; returns the connection's id. */
export const pick = pickAccount;

let users = 0;
/** A Google account with YouTube channels. */
export function googleUser(env: YoutubeEnv, channels: Array<Parameters<GoogleSim["addChannel"]>[1]> = [{ title: "Seoul Candle Co." }]) {
  const userId = `yt-user-${++users}-${Math.random().toString(36).slice(2, 7)}`;
  env.google.addUser({ id: userId, name: "Min-ji Kim", email: `${userId}@example.com` });
  return { userId, channels: channels.map((c) => env.google.addChannel(userId, c)) };
}

/** A workspace with a YouTube channel connected through the sign-in (the first channel, picked when several). */
export async function connected(env: YoutubeEnv, channels?: Array<Parameters<GoogleSim["addChannel"]>[1]>) {
  const { owner, workspace } = await buildWorkspace(env.t.app);
  const channelId = await addChannel(owner, workspace.id, "youtube", { handle: "seoul-candle" });
  const g = googleUser(env, channels);
  const pending = await signIn(env, owner, workspace.id, channelId, g.userId);
  const connectionId = pending.connectionId ?? (await pick(owner, workspace.id, pending.id, g.channels[0]!.id));
  await owner.client.patch(`/api/workspaces/${workspace.id}`, { missedPostMinutes: 10_080 });
  return { owner, workspace, channelId, connectionId, ...g, channel: g.channels[0]! };
}
export type Connected = Awaited<ReturnType<typeof connected>>;

/**
 * An MP4 the asset library reads (duration, width, height), padded to `bytes` with an `mdat` of filler: a 9 MB one
 * is uploaded in two chunks (8 MiB, then the rest).
 */
export function video(opts: { width: number; height: number; durationMs: number; bytes?: number }): Buffer {
  const small = mp4({ width: opts.width, height: opts.height, durationMs: opts.durationMs, moovFirst: true });
  if (!opts.bytes || opts.bytes <= small.length) return small;
  const head = small.subarray(0, small.length - (4096 + 8));
  const fill = opts.bytes - head.length - 8;
  const box = Buffer.alloc(8);
  box.writeUInt32BE(fill + 8, 0);
  box.write("mdat", 4, "latin1");
  return Buffer.concat([head, box, Buffer.alloc(fill, 7)]);
}

/** A post for the channel with the YouTube options, scheduled half a minute ahead. */
export async function plan(env: YoutubeEnv, c: Connected, body: Record<string, unknown>, options?: Record<string, unknown>, at?: Date): Promise<string> {
  const post = await addPost(c.owner, c.workspace.id, { ...body, variants: [{ channelId: c.channelId, text: null, ...(options ? { options } : {}) }] });
  await schedule(c.owner, c.workspace.id, post.id, (at ?? new Date(env.t.clock.now().getTime() + 30_000)).toISOString());
  return post.id;
}

/** plan(), then the clocks move past it and a round runs. */
export async function publish(env: YoutubeEnv, c: Connected, body: Record<string, unknown>, options?: Record<string, unknown>): Promise<string> {
  const id = await plan(env, c, body, options);
  advance(env, 60);
  await round(env.t);
  return id;
}

/** Uploads a video (or image) to the workspace's library. */
export const asset = (c: Connected, name: string, bytes: Buffer) => upload(c.owner, c.workspace.id, name, bytes);

export const connectionRow = (t: TestApp, id: string) => t.deps.db.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
export const secretOf = (t: TestApp, sealed: string) => JSON.parse(t.deps.secrets.open(sealed)) as { accessToken: string; refreshToken?: string; accessExpiresAt?: string; googleSub?: string };
export { deliveryOf, stepsOf };

/** The upload session starts (POST) and byte PUTs the simulator received. */
export const uploadCalls = (env: YoutubeEnv) => env.sim.requestsTo("www.googleapis.com", "/upload/youtube/v3/videos");

export const YOUTUBE_SCOPES = [SCOPES.upload, SCOPES.readonly, SCOPES.analytics];
