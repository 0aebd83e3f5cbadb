import type { Connection, Notification, OauthConnectionKind } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.ts";
import { runTokenJobs } from "../../src/features/oauth/token-jobs.ts";
import type { ConnectionsTable } from "../../src/db/schema.ts";
import { TestClient } from "../helpers/client.ts";
import { addMember, buildUser, buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { startMetaSimulator, type App } from "../helpers/meta-peer.ts";
import { addChannel } from "../helpers/posts.ts";
import { startSmtp } from "../helpers/smtp.ts";
import { ALLOW_LOOPBACK, createTestApp, DIALECTS, type TestApp } from "../helpers/test-app.ts";

type Sim = Awaited<ReturnType<typeof startMetaSimulator>>;
type Smtp = Awaited<ReturnType<typeof startSmtp>>;

const DAY = 86_400;
const START = new Date("2026-11-26T09:00:00Z");

interface Pending {
  id: string;
  kind: OauthConnectionKind;
  accounts: { id: string; name: string; username: string | null; pictureUrl: string | null }[];
  connectionId: string | null;
  error: string | null;
}

for (const dialect of DIALECTS) {
  describe(`connecting accounts by signing in with Meta, Instagram and Threads (the Meta simulator) [${dialect}]`, () => {
    let t: TestApp;
    let sim: Sim;
    let smtp: Smtp;
    const apps = {} as Record<"meta" | "instagram" | "threads", App>;

    /** Moves the app's clock and the simulator's together. */
    const advance = (seconds: number) => {
      t.clock.advance(seconds);
      sim.clock.set(t.clock.now());
    };
    const jobs = () => runTokenJobs({ ...t.deps, clock: t.clock.now }, t.app.log);
    const row = (id: string) => t.deps.db.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const secretOf = (r: ConnectionsTable) => JSON.parse(t.deps.secrets.open(r.secret)) as { accessToken: string; userAccessToken?: string; userId?: string };
    const cliEnv = () => ({ ...ALLOW_LOOPBACK, DATA_DIR: t.config.dataDir, NETWORK_SIMULATOR_URL: sim.url, ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) });

    beforeAll(async () => {
      sim = await startMetaSimulator();
      smtp = await startSmtp();
      t = await createTestApp(dialect, { env: { ...ALLOW_LOOPBACK, NETWORK_SIMULATOR_URL: sim.url, SMTP_URL: smtp.url } });
      const admin = await buildUser(t.app);
      for (const provider of ["meta", "instagram", "threads"] as const) {
        apps[provider] = sim.createApp({ provider, redirectUris: [`${t.config.appUrl}/api/oauth/${provider}/callback`] });
        const saved = await admin.client.put(`/api/instance/oauth-apps/${provider}`, { clientId: apps[provider].id, clientSecret: apps[provider].secret });
        expect(saved.statusCode, saved.body).toBe(200);
      }
    }, 300_000);
    afterAll(async () => {
      await t?.close();
      await sim?.close();
      await smtp?.close();
    });
    beforeEach(() => {
      t.clock.current = new Date(START);
      sim.clock.set(START);
    });

    /** A session lasts 30 days from its last use: after the clock moved on, the member logs in again. */
    async function signInAgain(u: TestUser): Promise<void> {
      u.client = new TestClient(t.app);
      const res = await u.client.post("/api/auth/login", { email: u.email, password: u.password });
      expect(res.statusCode, res.body).toBe(200);
    }

    /** Starts a sign-in, lets the simulator's consent screen allow it as `userId`, and follows the callback. */
    async function signIn(user: TestUser, workspaceId: string, body: { kind: OauthConnectionKind; channelId: string; connectionId?: string }, userId: string): Promise<Pending> {
      const started = await user.client.post(`/api/workspaces/${workspaceId}/connections/oauth`, body);
      expect(started.statusCode, started.body).toBe(200);
      const redirect = new URL(sim.approve(started.json<{ authorizeUrl: string }>().authorizeUrl, { userId }));
      expect(redirect.origin + redirect.pathname).toBe(`${t.config.appUrl}/api/oauth/${body.kind === "instagram" ? "instagram" : body.kind === "threads" ? "threads" : "meta"}/callback`);
      const back = await user.client.get(redirect.pathname + redirect.search);
      expect(back.statusCode, back.body).toBe(303);
      const location = String(back.headers.location);
      expect(location).toMatch(new RegExp(`^/w/${workspaceId}/connect/[0-9a-f-]{36}$`));
      const pending = await user.client.get(`/api/workspaces/${workspaceId}/connections/oauth/${location.split("/").pop()}`);
      expect(pending.statusCode, pending.body).toBe(200);
      return pending.json<Pending>();
    }

    async function instagramConnection(username = `candle_${Math.random().toString(36).slice(2, 7)}`) {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "instagram", { handle: username });
      const ig = sim.createInstagramUser({ username, name: "Seoul Candle" });
      const pending = await signIn(owner, workspace.id, { kind: "instagram", channelId }, ig.id);
      expect(pending.error).toBeNull();
      return { owner, workspace, channelId, ig, connectionId: pending.connectionId! };
    }

    it("connects an Instagram account through Instagram Login: one account, connected at the callback with a sealed long-lived token", async () => {
      const { owner, workspace, ig, connectionId } = await instagramConnection("candle_seoul");
      expect(connectionId).toBeTruthy();
      const r = await row(connectionId);
      expect(r).toMatchObject({ kind: "instagram", label: "@candle_seoul", remote_account_id: ig.id, status: "active" });
      expect(JSON.parse(r.config)).toMatchObject({ provider: "instagram", accountId: ig.id, username: "candle_seoul", name: "Seoul Candle" });
      const secret = secretOf(r);
      expect(r.secret).not.toContain(secret.accessToken);
      // The 1-hour token was exchanged for the 60-day one.
      expect(sim.tokenRecord(secret.accessToken)).toMatchObject({ longLived: true, provider: "instagram" });
      expect(r.token_expires_at).toBe(new Date(START.getTime() + 60 * DAY * 1000).toISOString());
      // The code was taken as Instagram documents: a form POST with grant_type=authorization_code.
      expect(sim.state.requests.some((q) => q.method === "POST" && q.host === "api.instagram.com" && q.path === "/oauth/access_token" && q.args.grant_type === "authorization_code")).toBe(true);
      expect(sim.state.requests.some((q) => q.path === "/access_token" && q.args.grant_type === "ig_exchange_token")).toBe(true);
      const listed = (await owner.client.get(`/api/workspaces/${workspace.id}/connections`)).json<{ connections: Connection[] }>().connections;
      expect(listed).toEqual([expect.objectContaining({ id: connectionId, kind: "instagram", tokenExpiresAt: r.token_expires_at })]);
      expect(JSON.stringify(listed)).not.toContain(secret.accessToken);
    });

    it("connects a Facebook Page: the member picks one of the Pages, which publishes with its own token", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "facebook", { handle: "seoulcandle" });
      const fb = sim.createFacebookUser({ name: "Min-ji Kim", pages: [{ name: "Candle Shop" }, { name: "Candle Workshop" }] });
      const pending = await signIn(owner, workspace.id, { kind: "facebook", channelId }, fb.user.id);
      expect(pending.connectionId).toBeNull();
      expect(pending.accounts.map((a) => a.name).sort()).toEqual(["Candle Shop", "Candle Workshop"]);
      const page = fb.pages.find((p) => p.name === "Candle Workshop")!;
      const unknown = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth/${pending.id}`, { accountId: "123" });
      expect(unknown.json().error).toMatchObject({ fields: [{ field: "accountId", code: "connection.oauth_unknown_account" }] });
      const picked = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth/${pending.id}`, { accountId: page.id });
      expect(picked.statusCode, picked.body).toBe(200);
      const connectionId = picked.json<Pending>().connectionId!;
      const r = await row(connectionId);
      expect(r).toMatchObject({ kind: "facebook", label: "Candle Workshop", remote_account_id: page.id });
      const secret = secretOf(r);
      expect(sim.tokenRecord(secret.accessToken)).toMatchObject({ kind: "page", pageId: page.id });
      expect(sim.tokenRecord(secret.userAccessToken!)).toMatchObject({ kind: "user", longLived: true });
      expect(secret.userId).toBe(fb.user.id);
      expect(r.token_expires_at).toBe(new Date(START.getTime() + 60 * DAY * 1000).toISOString());
      // The tokens of the Pages not picked are not kept, and the sign-in cannot be used again.
      const stateRow = await t.deps.db.selectFrom("oauth_states").selectAll().where("id", "=", pending.id).executeTakeFirstOrThrow();
      expect(t.deps.secrets.open(stateRow.result!)).not.toContain(secret.accessToken);
      expect((await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth/${pending.id}`, { accountId: page.id })).statusCode).toBe(409);
    });

    it("connects an Instagram account linked to a Page through Facebook Login", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "instagram", { handle: "candle_fb" });
      const fb = sim.createFacebookUser({ pages: [{ name: "Candle Page", instagram: { username: "candle_fb", name: "Candle FB" } }, { name: "No Instagram" }] });
      const pending = await signIn(owner, workspace.id, { kind: "instagram_facebook", channelId }, fb.user.id);
      expect(pending.accounts).toEqual([{ id: fb.igUsers[0]!.id, name: "Candle FB", username: "candle_fb", pictureUrl: expect.any(String) }]);
      const r = await row(pending.connectionId!);
      expect(r).toMatchObject({ kind: "instagram_facebook", label: "@candle_fb", remote_account_id: fb.igUsers[0]!.id });
      expect(JSON.parse(r.config)).toMatchObject({ provider: "meta", pageId: fb.pages[0]!.id });
      expect(sim.tokenRecord(secretOf(r).accessToken)).toMatchObject({ kind: "page", pageId: fb.pages[0]!.id });

      // A Facebook account whose Pages have no Instagram account linked: told why.
      const other = await buildWorkspace(t.app);
      const ch = await addChannel(other.owner, other.workspace.id, "instagram", { handle: "x" });
      const bare = sim.createFacebookUser({ pages: [{ name: "Plain Page" }] });
      expect((await signIn(other.owner, other.workspace.id, { kind: "instagram_facebook", channelId: ch }, bare.user.id)).error).toBe("connection.oauth_no_instagram");
    });

    it("connects a Threads profile", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "threads", { handle: "candle_threads" });
      const th = sim.createThreadsUser({ username: "candle_threads", name: "Candle Threads" });
      const pending = await signIn(owner, workspace.id, { kind: "threads", channelId }, th.id);
      const r = await row(pending.connectionId!);
      expect(r).toMatchObject({ kind: "threads", label: "@candle_threads", remote_account_id: th.id });
      expect(sim.tokenRecord(secretOf(r).accessToken)).toMatchObject({ longLived: true, provider: "threads" });
      expect(sim.state.requests.some((q) => q.path === "/access_token" && q.args.grant_type === "th_exchange_token")).toBe(true);
    });

    it("tells the member when they did not allow access at the consent screen", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "threads", { handle: "nope" });
      const th = sim.createThreadsUser({ username: "nope" });
      const started = (await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth`, { kind: "threads", channelId })).json<{ authorizeUrl: string }>();
      const redirect = new URL(sim.approve(started.authorizeUrl, { userId: th.id, deny: true }));
      const back = await owner.client.get(redirect.pathname + redirect.search);
      const pending = (await owner.client.get(`/api/workspaces/${workspace.id}/connections/oauth/${String(back.headers.location).split("/").pop()}`)).json<Pending>();
      expect(pending).toMatchObject({ error: "connection.oauth_denied", connectionId: null });
      expect(await t.deps.db.selectFrom("connections").select("id").where("channel_id", "=", channelId).execute()).toEqual([]);
    });

    it("refreshes Instagram Login and Threads tokens well before they run out", async () => {
      const { connectionId } = await instagramConnection();
      const threads = await buildWorkspace(t.app);
      const thChannel = await addChannel(threads.owner, threads.workspace.id, "threads", { handle: "refreshing" });
      const thConnection = (await signIn(threads.owner, threads.workspace.id, { kind: "threads", channelId: thChannel }, sim.createThreadsUser({ username: "refreshing" }).id)).connectionId!;
      const thBefore = secretOf(await row(thConnection)).accessToken;
      const before = secretOf(await row(connectionId)).accessToken;
      // Nothing to do while the token has more than 30 days left.
      advance(29 * DAY);
      await jobs();
      expect(secretOf(await row(connectionId)).accessToken).toBe(before);
      advance(2 * DAY);
      await jobs();
      const after = await row(connectionId);
      const fresh = secretOf(after).accessToken;
      expect(fresh).not.toBe(before);
      expect(sim.tokenRecord(fresh)).toMatchObject({ longLived: true });
      expect(after.token_expires_at).toBe(new Date(t.clock.now().getTime() + 60 * DAY * 1000).toISOString());
      expect(sim.state.requests.some((q) => q.path === "/refresh_access_token" && q.args.grant_type === "ig_refresh_token")).toBe(true);
      const th = await row(thConnection);
      expect(secretOf(th).accessToken).not.toBe(thBefore);
      expect(th.token_expires_at).toBe(after.token_expires_at);
      expect(sim.state.requests.some((q) => q.path === "/refresh_access_token" && q.args.grant_type === "th_refresh_token")).toBe(true);
      // It works: a harmless read with the new token.
      expect((await runCli(["check-connection", connectionId], cliEnv(), { log: () => undefined, error: () => undefined }))).toBe(0);
    });

    it("warns owners and admins once, a week before a Meta token runs out, in the app and by e-mail in their language", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const korean = await addMember(t.app, owner, workspace.id, "admin", await buildUser(t.app, { locale: "ko" }));
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      const channelId = await addChannel(owner, workspace.id, "facebook", { handle: "expiring" });
      const fb = sim.createFacebookUser({ pages: [{ name: "Expiring Candles" }] });
      const pending = await signIn(owner, workspace.id, { kind: "facebook", channelId }, fb.user.id);
      const connectionId = pending.connectionId!;
      const refreshes = () => sim.state.requests.filter((q) => q.path === "/refresh_access_token").length;
      const refreshesBefore = refreshes();
      const expiring = (u: TestUser) => u.client.get(`/api/workspaces/${workspace.id}/notifications`).then((r) => r.json<Notification[]>().filter((n) => n.kind === "connection_expiring").length);

      advance(52 * DAY);
      await jobs();
      for (const u of [owner, korean, editor]) await signInAgain(u);
      expect(await expiring(owner)).toBe(0);
      advance(1 * DAY + 3600);
      await jobs();
      await jobs();
      expect(await expiring(owner)).toBe(1);
      expect(await expiring(korean)).toBe(1);
      expect(await expiring(editor)).toBe(0);
      expect((await row(connectionId)).expiry_warned_at).not.toBeNull();
      // Meta's tokens are not refreshed without the person.
      expect(refreshes()).toBe(refreshesBefore);
      await expect.poll(() => smtp.inbox.filter((m) => JSON.stringify(m.to).includes(owner.email) && /Expiring Candles/.test(m.subject ?? "")).length).toBe(1);
      const mail = smtp.inbox.find((m) => JSON.stringify(m.to).includes(owner.email) && /Expiring Candles/.test(m.subject ?? ""))!;
      // The date on the workspace's clock (Asia/Seoul), the zone named.
      expect(mail.subject).toContain("January 25, 2027");
      expect(mail.text).toContain("Asia/Seoul (GMT+9)");
      await expect.poll(() => smtp.inbox.some((m) => JSON.stringify(m.to).includes(korean.email) && /로그인이/.test(m.subject ?? ""))).toBe(true);
    });

    it("pauses the channel and tells its keepers when the network refuses to refresh a revoked token; signing in again resumes it", async () => {
      const { owner, workspace, channelId, ig, connectionId } = await instagramConnection();
      sim.faults.revoke(secretOf(await row(connectionId)).accessToken, "password_changed");
      advance(31 * DAY);
      await jobs();
      const paused = await row(connectionId);
      expect(paused).toMatchObject({ status: "paused", status_reason: "connection.revoked" });
      await signInAgain(owner);
      const notices = (await owner.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>();
      expect(notices.filter((n) => n.kind === "connection_revoked")).toHaveLength(1);
      await expect.poll(() => smtp.inbox.some((m) => JSON.stringify(m.to).includes(owner.email) && /disconnected by the network/.test(m.subject ?? ""))).toBe(true);
      // A paused connection is left alone by the next runs.
      await jobs();
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>().filter((n) => n.kind === "connection_revoked")).toHaveLength(1);

      // Signing in again as another account is refused; as the same one, the connection resumes with a new token.
      const stranger = sim.createInstagramUser({ username: "someone_else" });
      const wrong = await signIn(owner, workspace.id, { kind: "instagram", channelId, connectionId }, stranger.id);
      expect(wrong.error).toBe("connection.oauth_other_account");
      const again = await signIn(owner, workspace.id, { kind: "instagram", channelId, connectionId }, ig.id);
      expect(again).toMatchObject({ error: null, connectionId });
      const resumed = await row(connectionId);
      expect(resumed).toMatchObject({ status: "active", status_reason: null, expiry_warned_at: null });
      expect(sim.tokenRecord(secretOf(resumed).accessToken).revoked).toBeUndefined();
    });

    it("revokes the app's access at Meta on disconnect, keeps it while another connection uses the same sign-in, and never lets a network error block it", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const fbChannel = await addChannel(owner, workspace.id, "facebook", { handle: "both" });
      const igChannel = await addChannel(owner, workspace.id, "instagram", { handle: "both_ig" });
      const fb = sim.createFacebookUser({ pages: [{ name: "Both Page", instagram: { username: "both_ig" } }] });
      const page = await signIn(owner, workspace.id, { kind: "facebook", channelId: fbChannel }, fb.user.id);
      const insta = await signIn(owner, workspace.id, { kind: "instagram_facebook", channelId: igChannel }, fb.user.id);
      const userToken = secretOf(await row(insta.connectionId!)).userAccessToken!;

      const first = await owner.client.delete(`/api/workspaces/${workspace.id}/connections/${page.connectionId}`);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ revocation: "kept" });
      expect(sim.tokenRecord(userToken).revoked).toBeUndefined();

      const last = await owner.client.delete(`/api/workspaces/${workspace.id}/connections/${insta.connectionId}`);
      expect(last.json()).toMatchObject({ revocation: "revoked", connections: [] });
      expect(sim.state.requests.some((q) => q.method === "DELETE" && q.path === `/${fb.user.id}/permissions`)).toBe(true);
      expect(sim.tokenRecord(userToken).revoked).toBeDefined();

      // The network cannot be reached: disconnected all the same, and the member is told.
      const again = await signIn(owner, workspace.id, { kind: "facebook", channelId: fbChannel }, sim.createFacebookUser({ pages: [{ name: "Down" }] }).user.id);
      sim.faults.failNext({ method: "DELETE", host: "facebook" }, { dropConnection: true });
      const failed = await owner.client.delete(`/api/workspaces/${workspace.id}/connections/${again.connectionId}`);
      expect(failed.json()).toMatchObject({ revocation: "failed", connections: [] });

      // Instagram Login documents no revocation endpoint.
      const ig = await instagramConnection();
      expect((await ig.owner.client.delete(`/api/workspaces/${ig.workspace.id}/connections/${ig.connectionId}`)).json()).toMatchObject({ revocation: "not_offered" });
    });

    it("checks a connection with a harmless read from the command line and the API", async () => {
      const { owner, workspace, connectionId } = await instagramConnection("checked_candle");
      const lines: string[] = [];
      const out = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
      expect(await runCli(["check-connection", "@checked_candle"], cliEnv(), out)).toBe(0);
      expect(lines.join("\n")).toMatch(/Account: @checked_candle/);
      expect(lines.join("\n")).toMatch(/Token expires: 2027-01-25T09:00:00.000Z/);
      expect(lines.join("\n")).toMatch(/Publishing quota: \d+ of 50 used in 24 hours/);
      const api = await owner.client.post(`/api/workspaces/${workspace.id}/connections/${connectionId}/check`);
      expect(api.statusCode, api.body).toBe(200);
      expect(api.json()).toMatchObject({ ok: true, account: { username: "checked_candle" }, quota: { limit: 50 }, error: null });

      sim.faults.expireToken(secretOf(await row(connectionId)).accessToken);
      lines.length = 0;
      expect(await runCli(["check-connection", connectionId], cliEnv(), out)).toBe(1);
      expect(lines.join("\n")).toMatch(/FAILED: The network refused the stored sign-in/);
      expect((await owner.client.post(`/api/workspaces/${workspace.id}/connections/${connectionId}/check`)).json()).toMatchObject({ ok: false, error: "connection.check_auth" });
      expect(await runCli(["check-connection", "@nobody_here"], cliEnv(), out)).toBe(1);
    });
  });
}
