import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { mediaUrlFor } from "../src/features/publishing/media-urls.ts";
import { createServer } from "../src/server.ts";
import { addMember, buildUser, buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { startMetaSimulator, type MetaSimulator } from "./helpers/meta-peer.ts";
import { addChannel } from "./helpers/posts.ts";
import { ALLOW_LOOPBACK, createStore, createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

/**
 * The sign-in and media routes attacked as a stranger would (issue 21's review): each test is a finding that was
 * real when written. Fast: the Meta simulator runs in-process; no timings.
 */
const APP_ID = "4242";
const APP_SECRET = "app-secret-never-shown-0123456789";
const CALLBACK = "http://socialplan.test/api/oauth/meta/callback";

for (const dialect of DIALECTS) {
  describe(`sign-in and media attacks (${dialect})`, () => {
    let t: TestApp;
    let sim: MetaSimulator;
    beforeAll(async () => {
      sim = await startMetaSimulator();
      sim.createApp({ provider: "meta", id: APP_ID, secret: APP_SECRET, redirectUris: [CALLBACK] });
      t = await createTestApp(dialect, { env: { ...ALLOW_LOOPBACK, NETWORK_SIMULATOR_URL: sim.url, META_APP_ID: APP_ID, META_APP_SECRET: APP_SECRET } });
    });
    afterAll(async () => {
      await t?.close();
      await sim?.close();
    });

    /** Starts a Facebook Page sign-in as `user` and has one Page's owner allow it at the simulator; answers the callback path. */
    async function allowedSignIn(user: TestUser, workspaceId: string, channelId: string): Promise<string> {
      const res = await user.client.post(`/api/workspaces/${workspaceId}/connections/oauth`, { kind: "facebook", channelId });
      expect(res.statusCode, res.body).toBe(200);
      const owner = sim.createFacebookUser({ pages: [{ name: "Seoul Candle Page" }] });
      const back = new URL(sim.approve(res.json<{ authorizeUrl: string }>().authorizeUrl, { userId: owner.user.id }));
      return back.pathname + back.search;
    }

    const connectionsOf = async (user: TestUser, workspaceId: string) =>
      (await user.client.get(`/api/workspaces/${workspaceId}/connections`)).json<{ connections: { channelId: string }[] }>().connections;

    it("refuses a sign-in that comes back after its member was made a viewer or removed", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const member = await addMember(t.app, owner, workspace.id, "admin");
      const memberId = async () => {
        const list = (await owner.client.get(`/api/workspaces/${workspace.id}/members`)).json<{ members: { id: string; userId: string }[] }>();
        return list.members.find((m) => m.userId === member.user.id)!.id;
      };
      const demoted = await addChannel(owner, workspace.id, "facebook", { handle: "demoted" });
      const callback = await allowedSignIn(member, workspace.id, demoted);
      expect((await owner.client.patch(`/api/workspaces/${workspace.id}/members/${await memberId()}`, { role: "viewer" })).statusCode).toBe(200);
      await member.client.get(callback);
      expect((await connectionsOf(owner, workspace.id)).filter((c) => c.channelId === demoted)).toEqual([]);

      expect((await owner.client.patch(`/api/workspaces/${workspace.id}/members/${await memberId()}`, { role: "admin" })).statusCode).toBe(200);
      const removed = await addChannel(owner, workspace.id, "facebook", { handle: "removed" });
      const second = await allowedSignIn(member, workspace.id, removed);
      expect((await owner.client.delete(`/api/workspaces/${workspace.id}/members/${await memberId()}`)).statusCode).toBeLessThan(300);
      await member.client.get(second);
      expect((await connectionsOf(owner, workspace.id)).filter((c) => c.channelId === removed)).toEqual([]);
    });

    it("keeps an expired sign-in expired when the network's answer is sent again", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "facebook", { handle: "late" });
      const callback = await allowedSignIn(owner, workspace.id, channelId);
      t.clock.advance(11 * 60);
      const first = await owner.client.get(callback);
      expect(first.statusCode).toBe(303);
      const again = await owner.client.get(callback);
      expect(await connectionsOf(owner, workspace.id)).toEqual([]);
      expect(again.headers.location).toBe("/connect-error?code=connection.oauth_state_used");
    });

    it("answers a clear conflict, never a 5xx, when two sign-ins pick an account for the same channel at once", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "facebook", { handle: "twice" });
      const picks: { pendingId: string; pageId: string }[] = [];
      for (const name of ["first", "second"]) {
        const res = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth`, { kind: "facebook", channelId });
        const pageOwner = sim.createFacebookUser({ pages: [{ name: `${name} page` }, { name: `${name} other page` }] });
        const back = new URL(sim.approve(res.json<{ authorizeUrl: string }>().authorizeUrl, { userId: pageOwner.user.id }));
        const location = (await owner.client.get(back.pathname + back.search)).headers.location as string;
        picks.push({ pendingId: location.split("/").pop()!, pageId: pageOwner.pages[0]!.id });
      }
      // Both tabs press "Connect" together: one connection is made, the other is told the channel has one.
      const answers = await Promise.all(picks.map((p) => owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth/${p.pendingId}`, { accountId: p.pageId })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      expect(await connectionsOf(owner, workspace.id)).toHaveLength(1);
    });

    it("serves each media URL the publisher hands out, and nothing for an altered, moved or expired one", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const other = await buildWorkspace(t.app);
      const upload = async (u: TestUser, ws: string, bytes: Buffer) => {
        const res = await u.client.upload(`/api/workspaces/${ws}/assets?name=photo.jpg`, bytes);
        expect(res.statusCode, res.body).toBeLessThan(300);
        return res.json<{ asset: { id: string } }>().asset.id;
      };
      const bytes = await photo(1080, 1080);
      const mine = await upload(owner, workspace.id, bytes);
      const theirs = await upload(other.owner, other.workspace.id, await photo(640, 640, "png"));
      const asset = (id: string) => t.deps.db.selectFrom("assets").select(["id", "workspace_id", "sha256", "content_type"]).where("id", "=", id).executeTakeFirstOrThrow();
      const url = await mediaUrlFor(t.deps, await asset(mine));
      expect(url.startsWith(`${t.config.appUrl}/media/`)).toBe(true);
      const target = url.slice(t.config.appUrl.length);
      const anonymous = await t.app.inject({ method: "GET", url: target });
      expect(anonymous.statusCode, anonymous.body.slice(0, 200)).toBe(200);
      expect(anonymous.rawPayload.equals(bytes)).toBe(true);

      const [nonce, , exp, signature] = target.slice("/media/".length).split(".") as [string, string, string, string];
      const refused = [
        `/media/${nonce}.${theirs}.${exp}.${signature}`,
        `/media/${nonce}.${mine}.${Number(exp) + 1}.${signature}`,
        `/media/${nonce}.${mine}.${exp}.${signature.slice(0, -1)}`,
        `/media/${nonce.slice(0, -1)}B.${mine}.${exp}.${signature}`,
        `/media/${nonce}.${mine}.${exp}.${t.deps.secrets.sign("review-link", `${workspace.id}.${nonce}.${mine}.${exp}`).slice(0, signature.length)}`,
        `/media/..%2f${target.slice("/media/".length)}`,
      ];
      for (const u of refused) expect((await t.app.inject({ method: "GET", url: u })).statusCode, u).toBe(404);
      t.clock.advance(61 * 60);
      expect((await t.app.inject({ method: "GET", url: target })).statusCode).toBe(404);
    });

    it("lets only instance admins see or set developer apps, only with the CSRF token, and never answers the secret", async () => {
      const stranger = await buildUser(t.app);
      expect((await stranger.client.get("/api/instance/oauth-apps")).statusCode).toBe(403);
      expect((await stranger.client.put("/api/instance/oauth-apps/threads", { clientId: "1", clientSecret: "x" })).statusCode).toBe(403);
      expect((await stranger.client.delete("/api/instance/oauth-apps/threads")).statusCode).toBe(403);
      const admin = await buildUser(t.app);
      await t.deps.db.updateTable("users").set({ instance_admin: 1 }).where("id", "=", admin.user.id).execute();
      const secret = "threads-secret-0123456789abcdef";
      const forged = await t.app.inject({
        method: "PUT",
        url: "/api/instance/oauth-apps/threads",
        headers: { cookie: admin.client.cookieHeaderValue(), "content-type": "application/json" },
        payload: JSON.stringify({ clientId: "777", clientSecret: secret }),
      });
      expect(forged.statusCode).toBe(403);
      const saved = await admin.client.put("/api/instance/oauth-apps/threads", { clientId: "777", clientSecret: secret });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.body).not.toContain(secret);
      expect((await admin.client.get("/api/instance/oauth-apps")).body).not.toContain(secret);
    });
  });
}

describe("request log", () => {
  it("keeps sign-in codes, states and media tokens out of the request log", async () => {
    // Every request logged (LOG_REQUESTS=all): the redaction must hold for lines the default setting leaves out too.
    const store = await createStore("sqlite");
    const lines: string[] = [];
    const config = loadConfig({ DATA_DIR: store.dataDir, APP_URL: "http://socialplan.test", WEB_DIST: path.join(store.dataDir, "no-web"), LOG_REQUESTS: "all" });
    const { app } = await createServer(config, { logger: { level: "info", stream: { write: (line: string) => void lines.push(line) } } });
    try {
      await app.ready();
      await app.inject({ method: "GET", url: "/api/oauth/meta/callback?code=CODE-SECRET-123&state=STATE-SECRET-456" });
      await app.inject({ method: "GET", url: "/media/AAAAAAAAAAAAAAAAAAAAAA.asset.9999999999.TOKEN-SIGNATURE" });
      const all = lines.join("\n");
      expect(all).toContain("/api/oauth/meta/callback");
      for (const secret of ["CODE-SECRET-123", "STATE-SECRET-456", "TOKEN-SIGNATURE"]) expect(all).not.toContain(secret);
    } finally {
      await app.close();
      await store.drop();
    }
  });
});
