import { beforeAll, expect } from "vitest";
import type { TestUser } from "../helpers/factories.ts";
import { signInThrough } from "../helpers/sim-app.ts";
import type { TestDialect } from "../helpers/test-app.ts";
import { BUSINESS_SCOPE, registerGoogleBusiness, type GoogleBusinessSim } from "../../../../test-peers/google/business.mjs";
import type { OAuthServer } from "../../../../test-peers/sim-kit/index.mjs";
import { useYoutube, type Pending, type YoutubeEnv } from "./youtube-env.ts";

export { advance, connectionRow, deliveryOf, NOW, pick, round, secretOf } from "./youtube-env.ts";

/**
 * The Google simulator shared with YouTube (test-peers/google/index.mjs: OAuth, the app saved by an admin, an app
 * listening on a real loopback port so photos are fetched from signed URLs; helpers in youtube-env.ts), with the
 * Business Profile APIs (test-peers/google/business.mjs) registered on the same server, their tokens checked by the
 * same Google OAuth server.
 */
export interface GoogleEnv extends YoutubeEnv {
  gbp: GoogleBusinessSim;
  oauth: OAuthServer;
}

export function useGoogleBusiness(dialect: TestDialect): GoogleEnv {
  const env = useYoutube(dialect) as GoogleEnv;
  beforeAll(() => {
    env.oauth = env.google.oauth;
    env.gbp = registerGoogleBusiness(env.sim, env.google);
  });
  return env;
}

/** Starts a Business Profile sign-in, allows it on the consent screen as Google user `userId`, follows the callback. */
export async function signIn(env: GoogleEnv, user: TestUser, workspaceId: string, channelId: string, userId: string): Promise<Pending> {
  const p = await signInThrough(user, workspaceId, { kind: "google_business", channelId }, (url) => env.google.approve(url, { userId }), `${env.appUrl}/api/oauth/google/callback`);
  expect(new URL(p.authorizeUrl).searchParams.get("scope")?.split(" ")).toContain(BUSINESS_SCOPE);
  return p;
}

let users = 0;
/** A Google user managing one Business Profile account with the given locations; returns the user id and locations. */
export function googleUser(env: GoogleEnv, locations: Array<{ title: string; verified?: boolean; address?: { regionCode: string; addressLines: string[]; locality: string } | null }>) {
  const userId = `g-business-${++users}-${Math.random().toString(36).slice(2, 7)}`;
  env.google.addUser({ id: userId, name: "Min-ji Kim" });
  const account = env.gbp.addAccount(userId, { accountName: "Min-ji Kim", type: "PERSONAL" });
  const locs = locations.map((l) => env.gbp.addLocation(account.name, { title: l.title, verified: l.verified ?? true, ...(l.address !== undefined ? { address: l.address } : {}) }));
  return { userId, account, locations: locs };
}
