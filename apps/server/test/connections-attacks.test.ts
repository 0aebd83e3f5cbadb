import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetaSimulator, type MetaSimulator } from "./helpers/meta-peer.ts";
import { startSimKit, type SimKit } from "../../../test-peers/sim-kit/index.mjs";
import { registerX, type XSim } from "../../../test-peers/x/index.mjs";
import { addMember, buildUser, buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { insertOauthConnection } from "./helpers/oauth-connection.ts";
import { addChannel, addPost, schedule, testPublisher } from "./helpers/posts.ts";
import { ALLOW_LOOPBACK, createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

/**
 * Issue 22's connections attacked as a stranger, a member of another workspace or a careless paste would (the
 * sign-in for the new providers, publishing options, Telegram's pasted bot token, the sealed refresh tokens). Each
 * test that is not marked "held" was a finding when written. Fast: the simulators run in-process on one sim-kit
 * server (Meta's answers every host the kit has no route for); no timings.
 */
const META_APP_ID = "4343";
const META_APP_SECRET = "meta-app-secret-never-shown-0123";
/** The Telegram simulator's control API used here (test-peers/telegram/index.mjs has no type declarations yet). */
interface TelegramControl {
  createBot(username?: string): { id: number; token: string; username: string };
  createChannel(o: { username?: string | null; title?: string; members?: number }): { id: string; username: string | null };
  addBot(chat: { id: string }, bot: { id: number }, o?: { status?: string; canPost?: boolean }): void;
  revoke(token: string): void;
}
const TELEGRAM_SIMULATOR: string = "../../../test-peers/telegram/index.mjs";
const X_APP = { clientId: "x-client-attacks", clientSecret: "x-secret-never-shown-0123456789" };

for (const dialect of DIALECTS) {
  describe(`connections attacks (${dialect})`, () => {
    let t: TestApp;
    let sim: SimKit;
    let x: XSim;
    let meta: MetaSimulator;
    let tg: TelegramControl;
    const logLines: string[] = [];
    beforeAll(async () => {
      meta = await createMetaSimulator();
      sim = await startSimKit({ fallback: (req, res) => meta.handle(req, res) });
      x = registerX(sim);
      tg = ((await import(TELEGRAM_SIMULATOR)) as { registerTelegram: (s: SimKit) => TelegramControl }).registerTelegram(sim);
      t = await createTestApp(dialect, { logLines, env: { ...ALLOW_LOOPBACK, NETWORK_SIMULATOR_URL: sim.url, META_APP_ID, META_APP_SECRET } });
      meta.createApp({ provider: "meta", id: META_APP_ID, secret: META_APP_SECRET, redirectUris: [`${t.config.appUrl}/api/oauth/meta/callback`] });
      x.oauth.registerApp({ ...X_APP, redirectUris: [`${t.config.appUrl}/api/oauth/x/callback`] });
      const admin = await buildUser(t.app);
      await t.deps.db.updateTable("users").set({ instance_admin: 1 }).where("id", "=", admin.user.id).execute();
      const saved = await admin.client.put("/api/instance/oauth-apps/x", X_APP);
      expect(saved.statusCode, saved.body).toBe(200);
    });
    afterAll(async () => {
      await t?.close();
      await sim?.close();
    });

    const connectionsOf = async (user: TestUser, workspaceId: string) =>
      (await user.client.get(`/api/workspaces/${workspaceId}/connections`)).json<{ connections: { id: string; kind: string; channelId: string }[] }>().connections;

    /** Changes a channel's network in the strategy (what any editor may do while an admin signs in). */
    async function renetwork(user: TestUser, workspaceId: string, channelId: string, network: string) {
      const strategy = (await user.client.get(`/api/workspaces/${workspaceId}/strategy`)).json<{ entries: { id: string; version: number; data: Record<string, unknown> }[] }>();
      const entry = strategy.entries.find((e) => e.id === channelId)!;
      const res = await user.client.put(`/api/workspaces/${workspaceId}/strategy/entries/${channelId}`, { version: entry.version, data: { ...entry.data, network } });
      expect(res.statusCode, res.body).toBe(200);
    }

    /** Starts a Facebook Login sign-in for `channelId` and has `fbUserId` allow it; answers the callback's path. */
    async function facebookConsent(owner: TestUser, workspaceId: string, channelId: string, fbUserId: string): Promise<string> {
      const res = await owner.client.post(`/api/workspaces/${workspaceId}/connections/oauth`, { kind: "facebook", channelId });
      expect(res.statusCode, res.body).toBe(200);
      const back = new URL(meta.approve(res.json<{ authorizeUrl: string }>().authorizeUrl, { userId: fbUserId }));
      return back.pathname + back.search;
    }

    it("refuses an account picked after the channel was moved to another network of the same sign-in", async () => {
      // A Facebook Page sign-in found two Pages; before one is picked, an editor makes the channel an Instagram one.
      // The pick must not make an Instagram connection from a Facebook Page (the same as YouTube → Business Profile).
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "facebook", { handle: "two-pages" });
      const fb = meta.createFacebookUser({ pages: [{ name: "First Page" }, { name: "Second Page" }] });
      const location = (await owner.client.get(await facebookConsent(owner, workspace.id, channelId, fb.user.id))).headers.location as string;
      const pendingId = location.split("/").pop()!;
      const pending = (await owner.client.get(`/api/workspaces/${workspace.id}/connections/oauth/${pendingId}`)).json<{ kind: string; accounts: { id: string }[] }>();
      expect(pending.kind).toBe("facebook");
      expect(pending.accounts).toHaveLength(2);

      await renetwork(owner, workspace.id, channelId, "instagram");
      const picked = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth/${pendingId}`, { accountId: fb.pages[0]!.id });
      expect(picked.statusCode, picked.body).toBe(409);
      expect(picked.json<{ error: { code: string } }>().error.code).toBe("connection.oauth_channel_moved");
      expect(await connectionsOf(owner, workspace.id)).toEqual([]);
    });

    it("refuses a sign-in that comes back after its channel was moved to another network of the same sign-in", async () => {
      // Started as a Facebook Page connection; the channel is made an Instagram one before the consent comes back.
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "facebook", { handle: "moved" });
      const fb = meta.createFacebookUser({ pages: [{ name: "Linked Page", instagram: { username: "linked_ig" } }] });
      const callback = await facebookConsent(owner, workspace.id, channelId, fb.user.id);
      await renetwork(owner, workspace.id, channelId, "instagram");
      const back = await owner.client.get(callback);
      expect(back.statusCode).toBe(303);
      expect(await connectionsOf(owner, workspace.id)).toEqual([]);
      const pending = await owner.client.get(`/api/workspaces/${workspace.id}/connections/oauth/${String(back.headers.location).split("/").pop()}`);
      expect(pending.json<{ error: string | null; accounts: unknown[] }>()).toMatchObject({ error: "connection.oauth_channel_moved", accounts: [] });
    });

    it("held: keeps X's PKCE verifier sealed, out of every URL and answer, and good for one callback only", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "x", { handle: "pkce" });
      const user = x.addUser({ name: "PKCE Cafe", username: "pkce_cafe" });
      // An X sign-in for a channel of another network is refused before anything is stored.
      const other = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth`, { kind: "x", channelId: await addChannel(owner, workspace.id, "linkedin") });
      expect(other.json<{ error: { fields: { code: string }[] } }>().error.fields[0]!.code).toBe("connection.oauth_wrong_network");
      const started = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth`, { kind: "x", channelId });
      const authorizeUrl = started.json<{ authorizeUrl: string }>().authorizeUrl;
      expect(new URL(authorizeUrl).searchParams.get("code_challenge_method")).toBe("S256");
      const back = new URL(x.oauth.approve(authorizeUrl, { userId: user.id }));
      // The same answer at another provider's callback is unknown there, and does not use the state up.
      const elsewhere = await owner.client.get(`/api/oauth/meta/callback${back.search}`);
      expect(elsewhere.headers.location).toBe("/connect-error?code=connection.oauth_state_unknown");
      // Another member of the workspace (an admin too) cannot finish it.
      const colleague = await addMember(t.app, owner, workspace.id, "admin");
      expect((await colleague.client.get(back.pathname + back.search)).headers.location).toBe("/connect-error?code=connection.oauth_other_session");
      const first = await owner.client.get(back.pathname + back.search);
      expect(first.headers.location).toMatch(new RegExp(`^/w/${workspace.id}/connect/`));
      expect((await owner.client.get(back.pathname + back.search)).headers.location).toBe("/connect-error?code=connection.oauth_state_used");
      expect(await connectionsOf(owner, workspace.id)).toHaveLength(1);

      const exchange = sim.requestsTo("api.x.com", "/2/oauth2/token").at(-1)!;
      const verifier = new URLSearchParams(exchange.body.toString()).get("code_verifier")!;
      expect(verifier.length).toBeGreaterThanOrEqual(43);
      const state = await t.deps.db.selectFrom("oauth_states").select(["code_verifier", "result"]).where("id", "=", String(first.headers.location).split("/").pop()!).executeTakeFirstOrThrow();
      expect(state.code_verifier).not.toContain(verifier);
      const seen = [authorizeUrl, back.toString(), String(first.headers.location), (await owner.client.get(`/api/workspaces/${workspace.id}/connections`)).body, logLines.join("\n")].join("\n");
      expect(seen).not.toContain(verifier);
    });

    it("held: answers publishing options only to the workspace's editors, for its own active connections", async () => {
      const made = await insertOauthConnection(t, "x", { id: "9001", label: "Options Cafe", username: "options_cafe" }, { accessToken: "x-access-options-0123456789", refreshToken: "x-refresh-options-0123456789" });
      x.addUser({ id: "9001", name: "Options Cafe", username: "options_cafe" });
      const ws = made.workspace.id;
      const url = (w: string, id: string) => `/api/workspaces/${w}/connections/${id}/publish-options`;
      const viewer = await addMember(t.app, made.owner, ws, "viewer");
      const editor = await addMember(t.app, made.owner, ws, "editor");
      const stranger = await buildWorkspace(t.app);
      expect((await viewer.client.get(url(ws, made.connectionId))).statusCode).toBe(403);
      expect((await stranger.owner.client.get(url(ws, made.connectionId))).statusCode).toBe(404);
      expect((await stranger.owner.client.get(url(stranger.workspace.id, made.connectionId))).statusCode).toBe(404);
      expect((await editor.client.get(url(ws, "..%2f..%2fconnections"))).statusCode).toBe(400);
      expect((await editor.client.get(url(ws, "00000000-0000-4000-8000-000000000000"))).statusCode).toBe(404);
      expect((await t.app.inject({ method: "GET", url: url(ws, made.connectionId) })).statusCode).toBe(401);
      const asked = sim.requests.length;
      await t.deps.db.updateTable("connections").set({ status: "paused", status_reason: "connection.revoked" }).where("id", "=", made.connectionId).execute();
      const paused = await editor.client.get(url(ws, made.connectionId));
      expect(paused.statusCode, paused.body).toBe(409);
      expect(sim.requests.length).toBe(asked);
    });

    it("held: keeps X's access and refresh tokens out of every answer, notice and log line when the refresh is refused", async () => {
      const secret = { accessToken: "x-access-leak-check-0123456789", refreshToken: "x-refresh-leak-check-0123456789", accessExpiresAt: new Date(t.clock.now().getTime() + 60_000).toISOString() };
      const made = await insertOauthConnection(t, "x", { id: "9002", label: "Leaky Cafe", username: "leaky_cafe" }, secret);
      const ws = made.workspace.id;
      const editor = await addMember(t.app, made.owner, ws, "editor");
      const answers: string[] = [];
      answers.push((await made.owner.client.get(`/api/workspaces/${ws}/connections`)).body);
      // X does not know the refresh token: the refresh is refused, the connection pauses and its owners are told.
      const options = await editor.client.get(`/api/workspaces/${ws}/connections/${made.connectionId}/publish-options`);
      answers.push(options.body);
      expect(options.statusCode, options.body).toBe(409);
      answers.push((await made.owner.client.post(`/api/workspaces/${ws}/connections/${made.connectionId}/check`, {})).body);
      answers.push((await made.owner.client.get(`/api/workspaces/${ws}/connections`)).body);
      answers.push((await made.owner.client.get(`/api/workspaces/${ws}/notifications`)).body);
      const all = [...answers, logLines.join("\n")].join("\n");
      expect(all).toContain("connection.revoked");
      for (const token of [secret.accessToken, secret.refreshToken]) expect(all).not.toContain(token);
    });

    async function telegramChannel(owner: TestUser, workspaceId: string) {
      const channelId = await addChannel(owner, workspaceId, "telegram");
      const bot = tg.createBot(`attack_bot_${Math.random().toString(36).slice(2, 7)}`);
      const chat = tg.createChannel({ username: `attack_news_${Math.random().toString(36).slice(2, 7)}`, title: "Attack news", members: 3 });
      tg.addBot(chat, bot, { status: "administrator", canPost: true });
      return { channelId, bot, chat: `@${chat.username}` };
    }

    it("refuses a new bot token that would change the Bot API's path before sending it anywhere", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const { channelId, bot, chat } = await telegramChannel(owner, workspace.id);
      const asked = sim.requests.length;
      const hostile = await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "telegram", channelId, config: { chat }, secret: { botToken: "123:abc/../../x" } });
      expect(hostile.statusCode, hostile.body).toBe(400);
      expect(sim.requests.length).toBe(asked);
      const made = await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "telegram", channelId, config: { chat }, secret: { botToken: bot.token } });
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json<{ connections: { id: string }[] }>().connections[0]!.id;
      const checked = sim.requests.length;
      for (const botToken of ["123:abc/../../x", `${bot.token}/../../../file`, "123:abc%2f..%2fx", `${bot.token}?chat_id=@other`, `${bot.token}#`, " ", "1:short"]) {
        const res = await owner.client.put(`/api/workspaces/${workspace.id}/connections/${id}/secret`, { secret: { botToken } });
        expect(res.statusCode, botToken).toBe(400);
        expect(res.json<{ error: { fields: { field: string }[] } }>().error.fields[0]!.field, botToken).toBe("secret.botToken");
      }
      // Nothing went to Telegram, and the connection still has its token.
      expect(sim.requests.slice(checked).map((r) => r.path)).toEqual([]);
      expect((await owner.client.post(`/api/workspaces/${workspace.id}/connections/${id}/check`, {})).json<{ ok: boolean }>().ok).toBe(true);
    });

    it("held: keeps a bot token out of the answer and the log when the outbound client refuses the Bot API's address", async () => {
      // The same simulator on 127.0.0.1, from an instance that does not allow loopback addresses.
      const lines: string[] = [];
      const strict = await createTestApp(dialect, { logLines: lines, env: { NETWORK_SIMULATOR_URL: sim.url } });
      try {
        const { owner, workspace } = await buildWorkspace(strict.app);
        const { channelId, bot, chat } = await telegramChannel(owner, workspace.id);
        const res = await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "telegram", channelId, config: { chat }, secret: { botToken: bot.token } });
        expect(res.statusCode, res.body).toBe(400);
        // The member is told the server refused the address, not that Telegram refused the token.
        expect(res.json<{ error: { fields: { field: string; code: string }[] } }>().error.fields[0]).toMatchObject({ field: "secret.botToken", code: "outbound.private_address" });
        expect(`${res.body}\n${lines.join("\n")}`).not.toContain(bot.token.split(":")[1]);
      } finally {
        await strict.close();
      }
    });

    it("held: keeps a bot token out of answers, notices and log lines when Telegram refuses it, also while publishing", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const { channelId, bot, chat } = await telegramChannel(owner, workspace.id);
      const answers: string[] = [];
      // A hostile chat: refused by the schema before anything is sent.
      for (const bad of ["@x/../../bot1", "-100123?x=1", "@a\nb", `@${"a".repeat(40)}`]) {
        const res = await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "telegram", channelId, config: { chat: bad }, secret: { botToken: bot.token } });
        expect(res.statusCode, bad).toBe(400);
        answers.push(res.body);
      }
      const made = await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "telegram", channelId, config: { chat }, secret: { botToken: bot.token } });
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json<{ connections: { id: string }[] }>().connections[0]!.id;
      answers.push(made.body);
      // Revoked at @BotFather: the check, a reconnect with a token Telegram does not know, and a send all fail.
      tg.revoke(bot.token);
      answers.push((await owner.client.post(`/api/workspaces/${workspace.id}/connections/${id}/check`, {})).body);
      answers.push((await owner.client.put(`/api/workspaces/${workspace.id}/connections/${id}/secret`, { secret: { botToken: `${bot.token.split(":")[0]}:${"Z".repeat(35)}` } })).body);
      const post = await addPost(owner, workspace.id, { body: "Winter hours", variants: [{ channelId, text: null }] });
      await schedule(owner, workspace.id, post.id, new Date(t.clock.now().getTime() + 30_000).toISOString());
      t.clock.advance(60);
      await testPublisher(t).round();
      answers.push((await owner.client.get(`/api/workspaces/${workspace.id}/posts/${post.id}`)).body);
      answers.push((await owner.client.get(`/api/workspaces/${workspace.id}/notifications`)).body);
      answers.push((await owner.client.get(`/api/workspaces/${workspace.id}/connections`)).body);
      const delivery = await t.deps.db.selectFrom("deliveries").select(["status", "error_code", "error_message"]).where("post_id", "=", post.id).executeTakeFirstOrThrow();
      expect(delivery.error_code).toBe("publish.auth");
      const all = [...answers, JSON.stringify(delivery), logLines.join("\n")].join("\n");
      expect(all).not.toContain(bot.token);
      expect(all).not.toContain(bot.token.split(":")[1]);
    });
  });
}
