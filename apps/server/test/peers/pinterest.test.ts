import type { Notification } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { advance, connectionRow, NOW, publishNow, round, secretOf, signedIn, upload, usePinterest } from "./pinterest-env.ts";

const DAY = 86_400;
const API = "api.pinterest.com";

for (const dialect of DIALECTS) {
  describe(`Pinterest: sign-in, boards, Pins, tokens and numbers (Pinterest simulator) [${dialect}]`, () => {
    const env = usePinterest(dialect);
    /** The access token runs out now (at Pinterest and in the stored secret); the refresh token stays as it was. */
    const expireAccess = async (a: { connectionId: string; user: { id: string } }) => {
      env.sim.oauth.expireAccess(a.user.id);
      const row = await connectionRow(env, a.connectionId);
      const secret = { ...secretOf(env, row), accessExpiresAt: env.t.clock.now().toISOString() };
      await env.t.deps.db.updateTable("connections").set({ secret: env.t.deps.secrets.seal(JSON.stringify(secret)) }).where("id", "=", a.connectionId).execute();
    };
    const pinsCreated = () => env.sim.sim.requestsTo(API, "/v5/pins").filter((r) => r.method === "POST");

    it("connects a business account by signing in (HTTP Basic token exchange) and stores both tokens sealed with their ends", async () => {
      const a = await signedIn(env);
      const row = await connectionRow(env, a.connectionId);
      expect(row).toMatchObject({ kind: "pinterest", status: "active", remote_account_id: a.user.id, label: `@${a.user.username}` });
      const secret = secretOf(env, row);
      expect(secret.accessToken).toMatch(/^at_/);
      expect(secret.refreshToken).toMatch(/^rt_/);
      expect(Date.parse(secret.accessExpiresAt!)).toBe(NOW.getTime() + 30 * DAY * 1000);
      expect(Date.parse(secret.refreshExpiresAt!)).toBe(NOW.getTime() + 60 * DAY * 1000);
      // The connection stops working without the person when the refresh token ends.
      expect(row.token_expires_at).toBe(secret.refreshExpiresAt);
      const token = env.sim.sim.requestsTo(API, "/v5/oauth/token").at(-1)!;
      expect(String(token.headers.authorization)).toMatch(/^Basic /);
      expect(new URLSearchParams(token.body.toString()).get("continuous_refresh")).toBe("true");
      const authorize = env.sim.sim.requestsTo("www.pinterest.com");
      expect(authorize).toHaveLength(0); // the browser goes there; the test's "Allow" stands in for it
    });

    it("lists every board of the account to choose from, following the bookmark across pages", async () => {
      const boards = Array.from({ length: 260 }, (_, i) => ({ name: `Board ${i + 1}`, privacy: i === 0 ? "SECRET" : "PUBLIC" }));
      const a = await signedIn(env, { boards });
      const res = await a.owner.client.get(`/api/workspaces/${a.workspace.id}/connections/${a.connectionId}/publish-options`);
      expect(res.statusCode, res.body).toBe(200);
      const listed = res.json<{ boards: { id: string; name: string; privacy: string | null }[] }>().boards;
      expect(listed).toHaveLength(260);
      expect(listed[0]).toEqual({ id: a.boards[0]!.id, name: "Board 1", privacy: "SECRET" });
      expect(env.sim.sim.requestsTo(API, "/v5/boards").filter((r) => r.path === "/v5/boards")).toHaveLength(2);
    });

    it("publishes an image Pin to the chosen board with title, description, the post's link and alt text", async () => {
      const a = await signedIn(env);
      const img = await upload(a.owner, a.workspace.id, "bread.jpg", await photo(1000, 1500, "jpeg", 30));
      const { delivery } = await publishNow(env, a, { body: "Fresh salt bread every morning 🥐", link: "https://bakery.example/menu", media: [{ assetId: img, alt: "Salt bread on a tray" }] }, { boardId: a.boards[0]!.id, title: "Salt bread" });
      const d = await delivery();
      expect(d.status, JSON.stringify(d)).toBe("published");
      const pins = env.sim.pinsOn(a.boards[0]!.id);
      expect(pins).toHaveLength(1);
      expect(pins[0]).toMatchObject({ id: d.remoteId, title: "Salt bread", description: "Fresh salt bread every morning 🥐", alt_text: "Salt bread on a tray", media_type: "image" });
      expect(pins[0]!.link).toMatch(/^https:\/\/bakery\.example\/menu\?utm_/);
      expect(d.permalink).toBe(`https://www.pinterest.com/pin/${d.remoteId}/`);
      // Pinterest fetched the image from our signed media URL.
      expect(env.sim.sim.fetched.at(-1)).toMatchObject({ status: 200 });
      expect(env.sim.sim.fetched.at(-1)!.url.startsWith(`${env.appUrl}/media/`)).toBe(true);
    });

    it("publishes three images as a carousel Pin", async () => {
      const a = await signedIn(env);
      const ids = [];
      for (const hue of [10, 120, 240]) ids.push(await upload(a.owner, a.workspace.id, `c${hue}.jpg`, await photo(1000, 1500, "jpeg", hue)));
      const { delivery } = await publishNow(env, a, { body: "This week's cakes", media: ids.map((assetId) => ({ assetId, alt: "" })) }, { boardId: a.boards[1]!.id });
      expect((await delivery()).status).toBe("published");
      const pins = env.sim.pinsOn(a.boards[1]!.id);
      expect(pins.map((p) => p.media_type)).toEqual(["multiple_images"]);
      expect(JSON.parse(pinsCreated().at(-1)!.body.toString()).media_source.items).toHaveLength(3);
    });

    it("publishes a video Pin: the media registered, uploaded with its form fields, processed, then the Pin", async () => {
      const a = await signedIn(env);
      env.sim.state.processingReads = 2;
      const video = await upload(a.owner, a.workspace.id, "oven.mp4", mp4({ durationMs: 8000, width: 1080, height: 1920 }));
      const { delivery, postId } = await publishNow(env, a, { body: "Into the oven", media: [{ assetId: video, alt: "" }] }, { boardId: a.boards[0]!.id, title: "Baking" });
      const d = await delivery();
      expect(d.status, JSON.stringify(d)).toBe("published");
      const media = [...env.sim.state.media.values()].filter((m) => m.ownerId === a.user.id);
      expect(media).toHaveLength(1);
      expect(media[0]).toMatchObject({ status: "succeeded", usedBy: d.remoteId });
      expect(media[0]!.bytes).toBeGreaterThan(0);
      expect(env.sim.pinsOn(a.boards[0]!.id)).toMatchObject([{ media_type: "video", title: "Baking" }]);
      const steps = JSON.parse((await env.t.deps.db.selectFrom("deliveries").select("remote_steps").where("post_id", "=", postId).executeTakeFirstOrThrow()).remote_steps!);
      expect(steps).toMatchObject({ media: media[0]!.id, uploaded: media[0]!.id, pin: d.remoteId });
    });

    it("refuses a Pin without a board before anything is sent, with a message naming the field", async () => {
      const a = await signedIn(env);
      const img = await upload(a.owner, a.workspace.id, "x.jpg", await photo(800, 1200, "jpeg", 5));
      const before = pinsCreated().length;
      const { delivery } = await publishNow(env, a, { body: "No board", media: [{ assetId: img, alt: "" }] }, {});
      const d = await delivery();
      expect(d).toMatchObject({ status: "failed", error: { code: "publish.pinterest_board_missing" } });
      expect(pinsCreated().length).toBe(before);
    });

    it("waits out a rate limit as X-RateLimit-Reset says, holding the channel, then publishes", async () => {
      const a = await signedIn(env);
      const img = await upload(a.owner, a.workspace.id, "r.jpg", await photo(800, 1200, "jpeg", 50));
      env.sim.rateLimit(1, 120, { method: "POST", path: "/v5/pins" });
      const { delivery } = await publishNow(env, a, { body: "Limited", media: [{ assetId: img, alt: "" }] }, { boardId: a.boards[0]!.id });
      expect((await delivery()).status).toBe("scheduled");
      const held = await connectionRow(env, a.connectionId);
      expect(Date.parse(held.hold_until!)).toBe(env.t.clock.now().getTime() + 120_000);
      advance(env, 121);
      await round(env.t);
      expect((await delivery()).status).toBe("published");
      expect(env.sim.pinsOn(a.boards[0]!.id)).toHaveLength(1);
    });

    it("refreshes an access token that ran out before the send, storing the new refresh token and its later end", async () => {
      const a = await signedIn(env);
      const first = secretOf(env, await connectionRow(env, a.connectionId));
      await expireAccess(a);
      const img = await upload(a.owner, a.workspace.id, "later.jpg", await photo(800, 1200, "jpeg", 80));
      const { delivery } = await publishNow(env, a, { body: "A month later", media: [{ assetId: img, alt: "" }] }, { boardId: a.boards[0]!.id });
      expect((await delivery()).status).toBe("published");
      const row = await connectionRow(env, a.connectionId);
      const now = secretOf(env, row);
      expect(now.accessToken).not.toBe(first.accessToken);
      expect(now.refreshToken).not.toBe(first.refreshToken);
      expect(Date.parse(now.refreshExpiresAt!)).toBe(env.t.clock.now().getTime() + 60 * DAY * 1000);
      expect(row.token_expires_at).toBe(now.refreshExpiresAt);
      // The old refresh token was replaced (continuous refresh): it no longer works.
      expect(env.sim.oauth.refreshTokens.get(first.refreshToken!)!.revoked).toBe(true);
    });

    it("pauses the channel and tells its owners when the person removed the app (the refresh is refused)", async () => {
      const a = await signedIn(env);
      env.sim.oauth.revokeUser(a.user.id);
      await expireAccess(a);
      const img = await upload(a.owner, a.workspace.id, "gone.jpg", await photo(800, 1200, "jpeg", 90));
      const before = pinsCreated().length;
      const { delivery } = await publishNow(env, a, { body: "After removal", media: [{ assetId: img, alt: "" }] }, { boardId: a.boards[0]!.id });
      expect((await delivery()).status).not.toBe("published");
      expect(await connectionRow(env, a.connectionId)).toMatchObject({ status: "paused", status_reason: "connection.revoked" });
      const notices = (await a.owner.client.get(`/api/workspaces/${a.workspace.id}/notifications`)).json<Notification[]>();
      expect(notices.filter((n) => n.kind === "connection_revoked")).toHaveLength(1);
      expect(pinsCreated().length).toBe(before);
    });

    it("pauses the channel when Pinterest refuses the token at the send (401)", async () => {
      const a = await signedIn(env);
      for (const t of env.sim.oauth.tokensOf(a.user.id)) t.revoked = true;
      const img = await upload(a.owner, a.workspace.id, "401.jpg", await photo(800, 1200, "jpeg", 95));
      const { delivery } = await publishNow(env, a, { body: "Refused", media: [{ assetId: img, alt: "" }] }, { boardId: a.boards[0]!.id });
      expect((await delivery()).status).not.toBe("published");
      expect((await connectionRow(env, a.connectionId)).status).toBe("paused");
    });

    it("reads our Pins' numbers, the followers and daily numbers, and imports Pins made on Pinterest", async () => {
      const a = await signedIn(env, { followers: 345 });
      const img = await upload(a.owner, a.workspace.id, "n.jpg", await photo(800, 1200, "jpeg", 15));
      const { delivery } = await publishNow(env, a, { body: "Counted", media: [{ assetId: img, alt: "" }] }, { boardId: a.boards[0]!.id });
      const d = await delivery();
      const ours = env.sim.state.pins.find((p) => p.id === d.remoteId)!;
      Object.assign(ours.metrics, { IMPRESSION: 900, SAVE: 31, PIN_CLICK: 12, OUTBOUND_CLICK: 7 });
      const outside = env.sim.addOutsidePin(a.user.id, a.boards[0]!.id, { title: "Made on the site", description: "Sourdough", metrics: { IMPRESSION: 50, SAVE: 2 } });
      const yesterday = new Date(env.t.clock.now().getTime() - DAY * 1000).toISOString().slice(0, 10);
      a.user.daily.push({ date: yesterday, metrics: { IMPRESSION: 1200, SAVE: 40, OUTBOUND_CLICK: 9, PIN_CLICK: 20 } });
      const res = await a.owner.client.post(`/api/workspaces/${a.workspace.id}/metrics/refresh`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ accounts: 1, posts: 1, imported: 1, failed: [] });
      const db = env.t.deps.db;
      const postId = (await db.selectFrom("deliveries").select("post_id").where("remote_id", "=", d.remoteId).executeTakeFirstOrThrow()).post_id;
      const postNumbers = await db.selectFrom("metrics_per_post").selectAll().where("post_key", "=", postId).execute();
      expect(Object.fromEntries(postNumbers.map((r) => [r.metric, Number(r.value)]))).toMatchObject({ impressions: 900, saves: 31, link_clicks: 7 });
      const imported = await db.selectFrom("metric_posts").selectAll().where("workspace_id", "=", a.workspace.id).execute();
      expect(imported.map((p) => p.permalink)).toEqual([`https://www.pinterest.com/pin/${outside.id}/`]);
      const channel = await db.selectFrom("metrics").selectAll().where("workspace_id", "=", a.workspace.id).where("value", "is not", null).execute();
      expect(channel.find((r) => r.metric === "followers")?.value).toBe(345);
      expect(channel.filter((r) => r.day === yesterday).map((r) => [r.metric, Number(r.value)]).sort()).toEqual([["impressions", 1200], ["link_clicks", 9], ["saves", 40]]);
    });
  });
}
