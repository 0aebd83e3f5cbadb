import { OAUTH_PROVIDERS, type OauthApp } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import { appUrlReachability } from "../src/features/oauth/app-url.ts";
import { loggedUrl } from "../src/features/oauth/request-log.ts";
import { TestClient } from "./helpers/client.ts";
import { addMember, buildUser, buildWorkspace, PASSWORD, type TestUser } from "./helpers/factories.ts";
import { addChannel } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const SECRET = "s3cret-app-secret-never-shown";
const silent = { log: () => undefined, error: () => undefined };

/** Signs in again as the same account in a new browser (a second session). */
async function secondSession(t: TestApp, u: TestUser): Promise<TestClient> {
  const client = new TestClient(t.app);
  const res = await client.post("/api/auth/login", { email: u.email, password: PASSWORD });
  expect(res.statusCode, res.body).toBe(200);
  return client;
}

/** The `state` the sign-in sent to the network. */
const stateOf = (authorizeUrl: string) => new URL(authorizeUrl).searchParams.get("state")!;

for (const dialect of DIALECTS) {
  describe(`sign-in with the networks: instance settings and the state's binding [${dialect}]`, () => {
    let t: TestApp;
    let admin: TestUser;
    const logLines: string[] = [];

    beforeAll(async () => {
      t = await createTestApp(dialect, { logLines });
      admin = await buildUser(t.app);
    });
    afterAll(async () => t?.close());

    it("lets only instance admins see and set the developer apps, and never returns the secret", async () => {
      expect(admin.user.instanceAdmin).toBe(true);
      const other = await buildUser(t.app);
      expect(other.user.instanceAdmin).toBe(false);
      expect((await new TestClient(t.app).get("/api/instance/oauth-apps")).statusCode).toBe(401);
      expect((await other.client.get("/api/instance/oauth-apps")).statusCode).toBe(403);
      expect((await other.client.put("/api/instance/oauth-apps/instagram", { clientId: "111", clientSecret: SECRET })).statusCode).toBe(403);

      const empty = await admin.client.get("/api/instance/oauth-apps");
      expect(empty.statusCode, empty.body).toBe(200);
      expect(empty.json<{ apps: OauthApp[] }>().apps.map((a) => [a.provider, a.configured])).toEqual(OAUTH_PROVIDERS.map((p) => [p, false]));

      const saved = await admin.client.put("/api/instance/oauth-apps/instagram", { clientId: "111", clientSecret: SECRET });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.body).not.toContain(SECRET);
      const ig = saved.json<{ apps: OauthApp[] }>().apps.find((a) => a.provider === "instagram")!;
      expect(ig).toMatchObject({ configured: true, source: "settings", clientId: "111", redirectUrl: "http://socialplan.test/api/oauth/instagram/callback" });
      expect(ig.scopes).toContain("instagram_business_content_publish");
      const listed = await admin.client.get("/api/instance/oauth-apps");
      expect(listed.body).not.toContain(SECRET);
      // Sealed at rest; not in the log.
      const row = await t.deps.db.selectFrom("oauth_apps").selectAll().where("provider", "=", "instagram").executeTakeFirstOrThrow();
      expect(row.client_secret).not.toContain(SECRET);
      expect(t.deps.secrets.open(row.client_secret)).toBe(SECRET);
      expect(logLines.join("\n")).not.toContain(SECRET);
      // The users' own view says who is an admin.
      expect((await other.client.get("/api/auth/me")).json<{ instanceAdmin: boolean }>().instanceAdmin).toBe(false);

      // `npm run admin -- make-admin` gives the right to another account.
      expect(await runCli(["make-admin", other.email], { DATA_DIR: t.config.dataDir, ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) }, silent)).toBe(0);
      // Another process's commit is seen from the next turn of the event loop (db/read-cache.ts).
      await new Promise((r) => setImmediate(r));
      expect((await other.client.get("/api/instance/oauth-apps")).statusCode).toBe(200);
      expect(await runCli(["make-admin", "nobody@example.com"], { DATA_DIR: t.config.dataDir, ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) }, silent)).toBe(1);

      const removed = await admin.client.delete("/api/instance/oauth-apps/instagram");
      expect(removed.statusCode, removed.body).toBe(200);
      expect(removed.json<{ apps: OauthApp[] }>().apps.find((a) => a.provider === "instagram")!.configured).toBe(false);
    });

    it("refuses to start a sign-in the instance or the channel cannot make", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const ws = workspace.id;
      const instagram = await addChannel(owner, ws, "instagram", { handle: "candles" });
      const facebook = await addChannel(owner, ws, "facebook", { handle: "candles" });
      const start = (body: Record<string, unknown>) => owner.client.post(`/api/workspaces/${ws}/connections/oauth`, body);

      const notSet = await start({ kind: "threads", channelId: instagram });
      expect(notSet.statusCode).toBe(400);
      expect(notSet.json().error).toMatchObject({ code: "validation.failed", fields: [{ field: "kind", code: "connection.oauth_not_configured" }] });

      await admin.client.put("/api/instance/oauth-apps/meta", { clientId: "222", clientSecret: SECRET });
      const wrong = await start({ kind: "facebook", channelId: instagram });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error).toMatchObject({ fields: [{ field: "channelId", code: "connection.oauth_wrong_network" }] });
      const unknown = await start({ kind: "facebook", channelId: "00000000-0000-4000-8000-000000000000" });
      expect(unknown.json().error).toMatchObject({ fields: [{ field: "channelId", code: "post.unknown_channel" }] });

      // An editor may not connect accounts (admins hold the business's credentials).
      const editor = await addMember(t.app, owner, ws, "editor");
      expect((await editor.client.post(`/api/workspaces/${ws}/connections/oauth`, { kind: "facebook", channelId: facebook })).statusCode).toBe(403);

      const ok = await start({ kind: "facebook", channelId: facebook });
      expect(ok.statusCode, ok.body).toBe(200);
      const { authorizeUrl, appUrl } = ok.json<{ authorizeUrl: string; appUrl: { publiclyReachable: boolean; reason: string } }>();
      const url = new URL(authorizeUrl);
      expect(url.origin + url.pathname).toBe("https://www.facebook.com/v24.0/dialog/oauth");
      expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: "222", redirect_uri: "http://socialplan.test/api/oauth/meta/callback", response_type: "code" });
      expect(url.searchParams.get("state")!.length).toBeGreaterThanOrEqual(40);
      // The test server's APP_URL is a reserved local name: the operator is warned.
      expect(appUrl).toMatchObject({ publiclyReachable: false, reason: "connection.app_url_local" });
      // Only the hash of the state is stored.
      const stored = await t.deps.db.selectFrom("oauth_states").selectAll().where("channel_id", "=", facebook).executeTakeFirstOrThrow();
      expect(stored.state_hash).not.toBe(url.searchParams.get("state"));

      // A channel that is connected already.
      await t.deps.db
        .insertInto("connections")
        .values({ id: "00000000-0000-4000-8000-0000000000aa", workspace_id: ws, channel_id: facebook, kind: "facebook", label: "Candles", config: "{}", secret: t.deps.secrets.seal("{}"), status: "active", status_reason: null, token_expires_at: null, expiry_warned_at: null, hold_until: null, quota: null, remote_account_id: "1", numbers_synced_at: null, created_at: "2026-11-26T09:00:00.000Z", updated_at: "2026-11-26T09:00:00.000Z" })
        .execute();
      expect((await start({ kind: "facebook", channelId: facebook })).statusCode).toBe(409);
      // …whose token is renewed by signing in again, never with a pasted secret.
      const reconnect = await start({ kind: "facebook", channelId: facebook, connectionId: "00000000-0000-4000-8000-0000000000aa" });
      expect(reconnect.statusCode, reconnect.body).toBe(200);
      const pasted = await owner.client.put(`/api/workspaces/${ws}/connections/00000000-0000-4000-8000-0000000000aa/secret`, { secret: { accessToken: "x" } });
      expect(pasted.json().error).toMatchObject({ fields: [{ field: "secret", code: "connection.oauth_sign_in_again" }] });
    });

    it("takes the network's answer only in the session that started it, once, within ten minutes", async () => {
      await admin.client.put("/api/instance/oauth-apps/threads", { clientId: "333", clientSecret: SECRET });
      const { owner, workspace } = await buildWorkspace(t.app);
      const ws = workspace.id;
      const channel = await addChannel(owner, ws, "threads", { handle: "candles" });
      const start = async () => stateOf((await owner.client.post(`/api/workspaces/${ws}/connections/oauth`, { kind: "threads", channelId: channel })).json<{ authorizeUrl: string }>().authorizeUrl);
      const callback = (client: TestClient, state: string, extra = "error=access_denied") => client.get(`/api/oauth/threads/callback?state=${encodeURIComponent(state)}&${extra}`);
      const location = (res: { statusCode: number; headers: Record<string, unknown> }) => {
        expect(res.statusCode).toBe(303);
        return String(res.headers.location);
      };

      const state = await start();
      // Another member of the same workspace, the same person in another session, or nobody signed in: refused,
      // and the answer names neither the workspace nor the sign-in.
      const colleague = await addMember(t.app, owner, ws, "admin");
      for (const client of [colleague.client, await secondSession(t, owner), new TestClient(t.app)]) {
        const to = location(await callback(client, state));
        expect(to).toBe("/connect-error?code=connection.oauth_other_session");
      }
      // A state for another provider, or one never given: unknown.
      expect(location(await owner.client.get(`/api/oauth/meta/callback?state=${state}&code=x`))).toBe("/connect-error?code=connection.oauth_state_unknown");
      expect(location(await owner.client.get(`/api/oauth/threads/callback?state=made-up&code=x`))).toBe("/connect-error?code=connection.oauth_state_unknown");

      // The member who started it: the denial is recorded on their pending sign-in.
      const to = location(await callback(owner.client, state));
      const pendingId = to.split("/").pop()!;
      expect(to).toBe(`/w/${ws}/connect/${pendingId}`);
      const pending = await owner.client.get(`/api/workspaces/${ws}/connections/oauth/${pendingId}`);
      expect(pending.statusCode, pending.body).toBe(200);
      expect(pending.json()).toMatchObject({ kind: "threads", channelId: channel, accounts: [], connectionId: null, error: "connection.oauth_denied" });
      // Only to them.
      expect((await colleague.client.get(`/api/workspaces/${ws}/connections/oauth/${pendingId}`)).statusCode).toBe(404);
      // Used once.
      expect(location(await callback(owner.client, state, "code=again"))).toBe("/connect-error?code=connection.oauth_state_used");

      // Expired after ten minutes: nothing is exchanged, the member is told.
      const late = await start();
      t.clock.advance(10 * 60 + 1);
      const lateTo = location(await callback(owner.client, late, "code=abc"));
      const latePending = await owner.client.get(`/api/workspaces/${ws}/connections/oauth/${lateTo.split("/").pop()}`);
      expect(latePending.json()).toMatchObject({ error: "connection.oauth_expired", accounts: [] });
      expect((await owner.client.post(`/api/workspaces/${ws}/connections/oauth/${lateTo.split("/").pop()}`, { accountId: "1" })).statusCode).toBe(409);
    });

    it("uses the environment's developer app over the settings, and then the screen cannot change it", async () => {
      const env = await createTestApp(dialect, { env: { META_APP_ID: "999", META_APP_SECRET: SECRET } });
      try {
        const first = await buildUser(env.app);
        const apps = (await first.client.get("/api/instance/oauth-apps")).json<{ apps: OauthApp[] }>().apps;
        expect(apps.find((a) => a.provider === "meta")).toMatchObject({ configured: true, source: "environment", clientId: "999" });
        const refused = await first.client.put("/api/instance/oauth-apps/meta", { clientId: "1", clientSecret: "other" });
        expect(refused.statusCode).toBe(409);
        expect(refused.json().error).toMatchObject({ code: "instance.oauth_app_from_environment" });
        expect(refused.body).not.toContain(SECRET);
      } finally {
        await env.close();
      }
    });
  });
}

describe("APP_URL reachability (the networks fetch media from it)", () => {
  const resolvesTo = (...addresses: string[]) => async () => addresses.map((address) => ({ address }));
  const fails = async () => {
    throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
  };
  it.each([
    ["http://localhost:3000", "connection.app_url_local"],
    ["https://socialplan.local", "connection.app_url_local"],
    ["https://intranet", "connection.app_url_local"],
    ["https://127.0.0.1", "connection.app_url_private"],
    ["https://10.1.2.3:8443", "connection.app_url_private"],
    ["https://192.168.0.10", "connection.app_url_private"],
    ["https://169.254.169.254", "connection.app_url_private"],
    ["https://[::1]", "connection.app_url_private"],
    ["https://[::ffff:127.0.0.1]", "connection.app_url_private"],
    ["https://0.0.0.0", "connection.app_url_private"],
    ["https://[fd00::1]", "connection.app_url_private"],
  ])("%s is not publicly reachable", async (appUrl, reason) => {
    expect(await appUrlReachability(appUrl, 0, resolvesTo("93.184.216.34"))).toEqual({ appUrl, publiclyReachable: false, reason });
  });

  it("looks at what the name resolves to", async () => {
    expect((await appUrlReachability("https://plan.example.co.kr", 0, resolvesTo("192.168.1.20"))).reason).toBe("connection.app_url_private");
    // One private address among public ones is enough to warn.
    expect((await appUrlReachability("https://plan.example.co.kr", 0, resolvesTo("93.184.216.34", "10.0.0.2"))).reason).toBe("connection.app_url_private");
    expect((await appUrlReachability("https://plan.example.co.kr", 0, fails)).reason).toBe("connection.app_url_unresolvable");
    expect(await appUrlReachability("https://plan.example.co.kr", 0, resolvesTo("93.184.216.34", "2606:2800:220:1::1"))).toEqual({ appUrl: "https://plan.example.co.kr", publiclyReachable: true, reason: null });
    // Public, but plain http: Meta's sign-in takes only https redirect URLs.
    expect((await appUrlReachability("http://plan.example.co.kr", 0, resolvesTo("93.184.216.34"))).reason).toBe("connection.app_url_not_https");
  });
});

describe("the request log", () => {
  it("shows a sign-in's callback and a media URL without their credentials", () => {
    expect(loggedUrl("/api/oauth/meta/callback?code=AQB-secret&state=xyz&granted_scopes=a")).toBe("/api/oauth/meta/callback?code=[redacted]&state=[redacted]&granted_scopes=a");
    expect(loggedUrl("/api/oauth/threads/callback?error=access_denied&STATE=abc")).toBe("/api/oauth/threads/callback?error=access_denied&STATE=[redacted]");
    expect(loggedUrl("/media/nonce.asset.99.signature")).toBe("/media/[redacted]");
    expect(loggedUrl("/api/workspaces/1/posts?from=2026-12-01")).toBe("/api/workspaces/1/posts?from=2026-12-01");
  });
});
