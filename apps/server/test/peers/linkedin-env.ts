import { ADAPTERS } from "../../src/features/publishing/adapters/index.ts";
import { createLinkedInAdapter } from "../../src/features/publishing/adapters/linkedin.ts";
import type { WaitPolicy } from "../../src/features/publishing/adapters/linkedin-media.ts";
import { buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { insertOauthConnection } from "../helpers/oauth-connection.ts";
import { addPost, readPost, schedule, testPublisher } from "../helpers/posts.ts";
import { advanceClocks, retryNow as retryLater, saveDeveloperApp, signInThrough, stepsOf, useSimApp, type Pending } from "../helpers/sim-app.ts";
import type { TestApp, TestDialect } from "../helpers/test-app.ts";
import { registerLinkedIn, type LinkedInSim } from "../../../../test-peers/linkedin/index.mjs";
import type { SimKit } from "../../../../test-peers/sim-kit/index.mjs";

export { deliveryOf, upload } from "./meta-publish-env.ts";

/** Shared set-up of the LinkedIn tests (linkedin*.test.ts): the simulator, the app, a connected member or page. */

export const NOW = new Date("2026-11-26T09:00:00Z");
export const API = "api.linkedin.com";
/** What the Socialplan app asks for (PROVIDERS.linkedin.scopes). */
export const SCOPES = ["openid", "profile", "w_member_social", "r_organization_social", "w_organization_social", "rw_organization_admin", "r_member_postAnalytics"];

/** Media polling for tests: a few short waits, not minutes. */
export const FAST_POLL: WaitPolicy = { delaysMs: [20, 50, 100], budgetMs: 1500 };
const TEST_ADAPTERS = { ...ADAPTERS, linkedin: createLinkedInAdapter({ poll: FAST_POLL }) };
export const round = (t: TestApp) => testPublisher(t, { adapters: TEST_ADAPTERS }).round();

export type { Pending };

export interface Env {
  appUrl: string;
  t: TestApp;
  sim: SimKit;
  li: LinkedInSim;
  app: { clientId: string; clientSecret: string };
  admin: TestUser;
}

/** For a describe block: the simulator kit with LinkedIn, an app using it, and the developer app saved by an admin. */
export function useLinkedIn(dialect: TestDialect, extraEnv: Record<string, string> = {}): Env {
  return useSimApp(dialect, {
    now: NOW,
    env: extraEnv,
    setup: async (base) => {
      const li = registerLinkedIn(base.sim);
      const app = li.createApp({ redirectUris: [`${base.appUrl}/api/oauth/linkedin/callback`], scopes: SCOPES });
      await saveDeveloperApp(base.admin, "linkedin", app);
      return { li, app };
    },
  });
}

/** Moves both clocks (the app's and the simulator's) forward. */
export const advance = advanceClocks;

/** Starts a sign-in, lets the simulator's consent screen allow it as `memberId`, follows the callback. */
export function signIn(env: Env, user: TestUser, workspaceId: string, channelId: string, memberId: string): Promise<Pending> {
  return signInThrough(user, workspaceId, { kind: "linkedin", channelId }, (url) => env.li.oauth.approve(url, { userId: memberId }), `${env.appUrl}/api/oauth/linkedin/callback`);
}

/**
 * A LinkedIn channel connected as a finished sign-in leaves it (the row, the sealed tokens), posting as the member
 * or as an organization the member administers.
 */
export async function connected(env: Env, as: "member" | "organization", o: { scopes?: string[]; accessExpiresAt?: Date } = {}) {
  const member = env.li.createMember({ name: "Min-ji Kim" });
  const org = as === "organization" ? env.li.createOrganization({ name: "Seoul Candle Co.", admins: [member.id], followers: 1520 }) : null;
  const token = env.li.issueToken(member.id, env.app.clientId, o.scopes ?? SCOPES);
  const author = org ? org.urn : member.urn;
  const { owner, workspace } = await buildWorkspace(env.t.app);
  await owner.client.patch(`/api/workspaces/${workspace.id}`, { missedPostMinutes: 10_080 });
  const secret = {
    accessToken: token.access,
    refreshToken: token.refresh!,
    accessExpiresAt: (o.accessExpiresAt ?? new Date(token.accessExpiresAt!)).toISOString(),
    refreshExpiresAt: new Date(token.refreshExpiresAt!).toISOString(),
  };
  const { channelId, connectionId } = await insertOauthConnection(
    env.t,
    "linkedin",
    { id: author, label: org ? org.name : member.name, username: org?.vanityName ?? null, extra: { author, authorType: org ? "organization" : "person" } },
    secret,
    { tokenExpiresAt: secret.refreshExpiresAt, workspace: { owner, workspace } },
  );
  return { owner, workspace, channelId, connectionId, member, org, author, token };
}

/** An MP4 made longer in bytes with a trailing `free` box (LinkedIn takes videos of 75 KB and more). */
export function padded(video: Buffer, bytes: number): Buffer {
  const size = Math.max(8, bytes - video.length);
  const free = Buffer.alloc(size);
  free.writeUInt32BE(size, 0);
  free.write("free", 4, "latin1");
  return Buffer.concat([video, free]);
}

/** Creates a post for the channel, schedules it half a minute ahead, moves the clocks past it and runs a round. */
export async function publishNow(env: Env, owner: TestUser, workspaceId: string, body: Record<string, unknown>) {
  const post = await addPost(owner, workspaceId, body);
  await schedule(owner, workspaceId, post.id, new Date(env.t.clock.now().getTime() + 30_000).toISOString());
  advance(env, 60);
  await round(env.t);
  return { postId: post.id, read: () => readPost(owner, workspaceId, post.id) };
}

export { stepsOf };

/** Another round after a delivery was put back for later: its time is now, and any hold is lifted. */
export const retryNow = (env: Env, postId: string) => retryLater(env, postId, advance, round);
