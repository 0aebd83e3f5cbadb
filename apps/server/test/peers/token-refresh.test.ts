import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startXSimulator } from "../../../../test-peers/x/index.mjs";
import { freshSecret } from "../../src/features/oauth/access-token.ts";
import { createServer } from "../../src/server.ts";
import { insertOauthConnection, storedSecret } from "../helpers/oauth-connection.ts";
import { ALLOW_LOOPBACK, createTestApp, DIALECTS, type TestApp } from "../helpers/test-app.ts";

/**
 * The access-token upkeep every short-lived sign-in relies on (features/oauth/access-token.ts), against X's
 * simulator, whose refresh tokens rotate (a refresh token works once): a token about to run out is refreshed before
 * use; two processes that need it at the same moment make ONE refresh and both use its result (a second refresh
 * with the spent token would end the connection); a refresh the network refuses pauses the channel and tells its
 * owners. A second app instance on the same database stands for the second server process.
 */
for (const dialect of DIALECTS) {
  describe(`refreshing access tokens before use (${dialect})`, () => {
    let sim: Awaited<ReturnType<typeof startXSimulator>>;
    let one: TestApp;
    let two: { deps: TestApp["deps"]; app: TestApp["app"] };
    let client: { clientId: string; clientSecret: string };
    beforeAll(async () => {
      sim = await startXSimulator();
      client = { clientId: "x-client-refresh", clientSecret: "x-secret-refresh-0123456789" };
      sim.x.oauth.registerApp({ ...client, redirectUris: ["http://127.0.0.1:1/api/oauth/x/callback"] });
      const env = { ...ALLOW_LOOPBACK, NETWORK_SIMULATOR_URL: sim.sim.url, X_CLIENT_ID: client.clientId, X_CLIENT_SECRET: client.clientSecret };
      one = await createTestApp(dialect, { env });
      // The same database and data folder, another app: what a second server or worker process would be.
      two = await createServer(one.config, { clock: one.clock.now, logger: false });
    }, 300_000);
    afterAll(async () => {
      await two?.app.close();
      await one?.close();
      await sim?.sim.close();
    });

    const connectUser = async (username: string) => {
      const user = sim.x.addUser({ name: username, username });
      const token = sim.x.oauth.issue(user.id, client.clientId, ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"]);
      // Stored as the sign-in stores it, with an access token that ends in five minutes: inside the ten-minute margin.
      const ends = new Date(one.clock.now().getTime() + 5 * 60_000).toISOString();
      const made = await insertOauthConnection(one, "x", { id: user.id, label: username, username }, { accessToken: token.access, refreshToken: token.refresh!, accessExpiresAt: ends });
      return { user, token, ...made };
    };
    const row = (t: { deps: TestApp["deps"] }, id: string) => t.deps.db.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

    it("refreshes once for two processes at the same moment, and both use the new token", async () => {
      const { token, connectionId } = await connectUser("cafe_refresh");
      const before = sim.sim.requestsTo("api.x.com", "/2/oauth2/token").length;
      // Both read the row before either refreshed, as two servers would.
      const [a, b] = await Promise.all([row(one, connectionId), row(two, connectionId)]);
      const [sa, sb] = await Promise.all([freshSecret(one.deps, one.app.log, a), freshSecret(two.deps, two.app.log, b)]);
      expect(sim.sim.requestsTo("api.x.com", "/2/oauth2/token").length - before).toBe(1);
      expect(sa.accessToken).toBe(sb.accessToken);
      expect(sa.accessToken).not.toBe(token.access);
      const stored = await storedSecret(one, connectionId);
      expect(stored.refreshToken).toBe(sa.refreshToken);
      expect(stored.refreshToken).not.toBe(token.refresh);
      expect(Date.parse(stored.accessExpiresAt!)).toBeGreaterThan(one.clock.now().getTime() + 60 * 60_000);
      // The new token works at X; a token good for more than ten minutes is used as it is.
      expect((await freshSecret(one.deps, one.app.log, await row(one, connectionId))).accessToken).toBe(sa.accessToken);
      expect(sim.sim.requestsTo("api.x.com", "/2/oauth2/token").length - before).toBe(1);
    });

    it("pauses the connection and tells its owners when X refuses the refresh token", async () => {
      const { user, connectionId, workspace } = await connectUser("cafe_revoked");
      sim.x.oauth.revokeUser(user.id);
      await expect(freshSecret(one.deps, one.app.log, await row(one, connectionId))).rejects.toMatchObject({ kind: "auth" });
      const after = await row(one, connectionId);
      expect([after.status, after.status_reason]).toEqual(["paused", "connection.revoked"]);
      const notices = await one.deps.db.selectFrom("notifications").select("kind").where("workspace_id", "=", workspace.id).execute();
      expect(notices.map((n) => n.kind)).toContain("connection_revoked");
    });
  });
}
