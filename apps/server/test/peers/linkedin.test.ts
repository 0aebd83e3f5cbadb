import { translate, type Notification } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { linkedinAdapter, createLinkedInAdapter, littleText, readable } from "../../src/features/publishing/adapters/linkedin.ts";
import { LINKEDIN_VERSION } from "../../src/features/publishing/adapters/linkedin-api.ts";
import type { Outgoing, OutgoingMedia } from "../../src/features/publishing/adapters/types.ts";
import { PublishError } from "../../src/features/publishing/adapters/types.ts";
import { buildWorkspace } from "../helpers/factories.ts";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { outgoingExtras } from "../helpers/outgoing.ts";
import { addChannel } from "../helpers/posts.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { readLittleText, VIDEO_PART_BYTES } from "../../../../test-peers/linkedin/index.mjs";
import { API, connected, deliveryOf, FAST_POLL, NOW, padded, publishNow, retryNow, SCOPES, signIn, stepsOf, upload, useLinkedIn } from "./linkedin-env.ts";

const DAY_MS = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`LinkedIn: sign-in, publishing and numbers (the LinkedIn simulator) [${dialect}]`, () => {
    const env = useLinkedIn(dialect);
    const row = (id: string) => env.t.deps.db.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const secretOf = async (id: string) => JSON.parse(env.t.deps.secrets.open((await row(id)).secret)) as Record<string, string>;

    it("connects the member's profile or a page they administer: the member picks, the author URN is kept, tokens sealed", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const channelId = await addChannel(owner, workspace.id, "linkedin");
      const member = env.li.createMember({ name: "Min-ji Kim" });
      const shop = env.li.createOrganization({ name: "Seoul Candle Co.", vanityName: "seoul-candle", admins: [member.id] });
      env.li.createOrganization({ name: "Someone Else's Page", admins: [] });
      const pending = await signIn(env, owner, workspace.id, channelId, member.id);
      expect(pending.error).toBeNull();
      expect(pending.connectionId).toBeNull();
      expect(pending.accounts).toEqual([
        { id: member.urn, name: "Min-ji Kim", username: null, pictureUrl: member.picture },
        { id: shop.urn, name: "Seoul Candle Co.", username: null, pictureUrl: null },
      ]);
      // The authorize URL asked for the documented scopes, space-separated; the code went as a form POST.
      const authorize = env.sim.requests.find((r) => r.host === "www.linkedin.com" && r.path === "/oauth/v2/accessToken");
      expect(authorize?.body.toString()).toMatch(/grant_type=authorization_code/);
      // Every versioned call named the version and Rest.li 2.0.
      for (const r of env.sim.requestsTo(API, "/rest/")) expect([r.headers["linkedin-version"], r.headers["x-restli-protocol-version"]]).toEqual([LINKEDIN_VERSION, "2.0.0"]);

      const picked = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth/${pending.id}`, { accountId: shop.urn });
      expect(picked.statusCode, picked.body).toBe(200);
      const connectionId = picked.json<{ connectionId: string }>().connectionId;
      const r = await row(connectionId);
      expect(r).toMatchObject({ kind: "linkedin", label: "Seoul Candle Co.", remote_account_id: shop.urn, status: "active" });
      expect(JSON.parse(r.config)).toMatchObject({ provider: "linkedin", author: shop.urn, authorType: "organization", vanityName: "seoul-candle" });
      const secret = await secretOf(connectionId);
      expect(r.secret).not.toContain(secret.accessToken);
      expect(secret.refreshToken).toBeTruthy();
      // 60-day access token; the connection lasts as long as the 365-day refresh token.
      expect(secret.accessExpiresAt).toBe(new Date(NOW.getTime() + 60 * DAY_MS).toISOString());
      expect(r.token_expires_at).toBe(new Date(NOW.getTime() + 365 * DAY_MS).toISOString());

      // The same member's own profile, on another channel.
      const personal = await addChannel(owner, workspace.id, "linkedin");
      const again = await signIn(env, owner, workspace.id, personal, member.id);
      const mine = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth/${again.id}`, { accountId: member.urn });
      expect(JSON.parse((await row(mine.json<{ connectionId: string }>().connectionId)).config)).toMatchObject({ author: member.urn, authorType: "person" });

      // The check reads the page back; LinkedIn documents no revocation: disconnecting says where to remove the app.
      const checked = await owner.client.post(`/api/workspaces/${workspace.id}/connections/${connectionId}/check`, {});
      expect(checked.statusCode, checked.body).toBe(200);
      expect(checked.json()).toMatchObject({ ok: true, account: { id: shop.urn, name: "Seoul Candle Co." }, error: null });
      const gone = await owner.client.delete(`/api/workspaces/${workspace.id}/connections/${connectionId}`);
      expect(gone.json()).toMatchObject({ revocation: "not_offered" });
    });

    it("signs in without the Community Management API: the member's profile only", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const channelId = await addChannel(owner, workspace.id, "linkedin");
      const member = env.li.createMember({ name: "Ji-ho Park" });
      env.li.createOrganization({ name: "Park Bakery", admins: [member.id] });
      const started = await owner.client.post(`/api/workspaces/${workspace.id}/connections/oauth`, { kind: "linkedin", channelId });
      const url = started.json<{ authorizeUrl: string }>().authorizeUrl;
      expect(new URL(url).searchParams.get("scope")).toBe(SCOPES.join(" "));
      // The member allowed only the sign-in and sharing permissions.
      const redirect = new URL(env.li.oauth.approve(url, { userId: member.id, scopes: ["openid", "profile", "w_member_social"] }));
      const back = await owner.client.get(redirect.pathname + redirect.search);
      const pending = await owner.client.get(`/api/workspaces/${workspace.id}/connections/oauth/${String(back.headers.location).split("/").pop()}`);
      expect(pending.json()).toMatchObject({ error: null, accounts: [{ id: member.urn, name: "Ji-ho Park" }] });
    });

    it("publishes text, a link, one image, several images and a video to a page, each once, with escaped little text", async () => {
      const { owner, workspace, channelId, author } = await connected(env, "organization");
      const ws = workspace.id;
      const v = [{ channelId, text: null }];
      const text = await publishNow(env, owner, ws, { body: "Open late (until 10pm) on Friday #candles @ the shop_front *new*", variants: v });
      const link = await publishNow(env, owner, ws, { title: "Our winter story", body: "Our winter story", link: "https://candle.example/story", variants: v });
      const one = await upload(owner, ws, "one.jpg", await photo(1200, 900, "jpeg", 10));
      const two = await upload(owner, ws, "two.png", await photo(900, 900, "png", 80));
      const single = await publishNow(env, owner, ws, { body: "The shop this morning", variants: v, media: [{ assetId: one, alt: "Shelves of amber candles" }] });
      const several = await publishNow(env, owner, ws, { body: "Two new scents", variants: v, media: [{ assetId: one, alt: "Amber" }, { assetId: two, alt: "Pine" }] });
      // 4.5 MB: two upload parts of 4 MB and the rest.
      const clip = await upload(owner, ws, "clip.mp4", padded(mp4({ durationMs: 5000, width: 1280, height: 720, moovFirst: true }), VIDEO_PART_BYTES + 500_000));
      const video = await publishNow(env, owner, ws, { body: "Pouring the wax", variants: v, media: [{ assetId: clip, alt: "" }] });

      for (const p of [text, link, single, several, video]) {
        const d = await deliveryOf(env.t, p.postId);
        expect(d.status, JSON.stringify(d)).toBe("published");
        expect(d.remote_id).toMatch(/^urn:li:share:\d+$/);
        expect(d.permalink).toBe(`https://www.linkedin.com/feed/update/${d.remote_id}/`);
      }
      const posts = env.li.postsBy(author);
      expect(posts).toHaveLength(5);
      const by = (start: string) => posts.filter((p) => p.text.startsWith(start));
      // Reserved characters escaped, the hashtag kept as a hashtag: it reads on LinkedIn as written, not cut.
      const t = by("Open late")[0]!;
      expect(t).toMatchObject({ unescaped: false, text: "Open late (until 10pm) on Friday #candles @ the shop_front *new*" });
      expect(t.commentary).toContain("{hashtag|\\#|candles}");
      expect(by("Our winter story")[0]!.content).toEqual({ article: { source: expect.stringMatching(/^https:\/\/candle\.example\/story/), title: "Our winter story" } });
      expect(by("The shop this morning")[0]!.content).toEqual({ media: { id: expect.stringMatching(/^urn:li:image:/), altText: "Shelves of amber candles" } });
      expect(by("Two new scents")[0]!.content.multiImage.images).toEqual([
        { id: expect.stringMatching(/^urn:li:image:/), altText: "Amber" },
        { id: expect.stringMatching(/^urn:li:image:/), altText: "Pine" },
      ]);
      const vid = env.li.media(by("Pouring the wax")[0]!.content.media.id)!;
      expect(vid).toMatchObject({ kind: "video", status: "AVAILABLE", owner: author });
      expect(vid.parts).toHaveLength(2);
      expect(vid.bytes!.length).toBe(VIDEO_PART_BYTES + 500_000);
      // Each media uploaded once: 3 images (one, then one and two again for the second post) and one video.
      expect(env.li.mediaOf(author, "image")).toHaveLength(3);
      expect(env.li.mediaOf(author, "video")).toHaveLength(1);
      const steps = await stepsOf(env.t, several.postId);
      expect(Object.keys(steps).sort()).toEqual(["image0", "image1", "post", "posting"]);
    });

    it("publishes to the member's own profile", async () => {
      const { owner, workspace, channelId, member } = await connected(env, "member");
      const p = await publishNow(env, owner, workspace.id, { body: "Hello from my own profile", variants: [{ channelId, text: null }] });
      expect((await deliveryOf(env.t, p.postId)).status).toBe("published");
      expect(env.li.postsBy(member.urn).map((x) => x.text)).toEqual(["Hello from my own profile"]);
    });

    it("publishes a document (a PDF from the library) through the Documents API", async () => {
      const { author, token } = await connected(env, "organization");
      const pdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
      const item: OutgoingMedia = { assetId: "a1", name: "menu.pdf", contentType: "application/pdf", size: pdf.length, sha256: "x", alt: "", width: null, height: null, durationMs: null, bytes: async () => pdf };
      const out: Outgoing = {
        ...outgoingExtras({ networkSimulatorUrl: env.sim.url, now: () => new Date(env.sim.now()) }),
        deliveryId: "d1",
        postId: "p1",
        workspaceId: "w1",
        title: "Winter menu",
        text: "Our winter menu",
        link: null,
        media: [item],
        network: "linkedin",
        channelId: "c1",
        dueAt: NOW.toISOString(),
        createdAt: NOW.toISOString(),
        config: { author },
        secret: { accessToken: token.access },
        signal: AbortSignal.timeout(30_000),
        fetch: env.t.deps.outbound.fetch,
        send: env.t.deps.outbound.send,
      };
      const adapter = createLinkedInAdapter({ poll: FAST_POLL });
      const done = await adapter.send(out);
      const post = env.li.postsBy(author).find((p) => p.id === done.remoteId)!;
      expect(post.content).toEqual({ media: { id: expect.stringMatching(/^urn:li:document:/), title: "Winter menu" } });
      expect(env.li.media(post.content.media.id)!.bytes!.equals(pdf)).toBe(true);
      // Sent again after success: the recorded post is returned, nothing new.
      expect(await adapter.send(out)).toEqual(done);
      expect(env.li.postsBy(author)).toHaveLength(1);

      // A document LinkedIn cannot process: refused, a person changes the file.
      env.li.control.failNextDocument = true;
      const bad = await adapter.send({ ...out, ...outgoingExtras({ networkSimulatorUrl: env.sim.url }), deliveryId: "d2" }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(PublishError);
      expect((bad as PublishError).code).toBe("publish.media_rejected");
    });

    it("finds a post whose answer was lost instead of posting it again", async () => {
      const { owner, workspace, channelId, author } = await connected(env, "organization");
      env.sim.fault({ host: API, method: "POST", path: "/rest/posts", when: "after" });
      const p = await publishNow(env, owner, workspace.id, { body: "Answer lost on the way", variants: [{ channelId, text: null }] });
      expect((await deliveryOf(env.t, p.postId)).status).not.toBe("published");
      expect(env.li.postsBy(author)).toHaveLength(1);
      await retryNow(env, p.postId);
      const d = await deliveryOf(env.t, p.postId);
      expect(d.status).toBe("published");
      expect(d.remote_id).toBe(env.li.postsBy(author)[0]!.id);
      expect(env.li.postsBy(author)).toHaveLength(1);
      expect(env.sim.requestsTo(API, "/rest/posts").filter((r) => r.method === "GET" && r.query.q === "author")).not.toHaveLength(0);
    });

    it("on the member's profile, a lost answer needs a person: LinkedIn does not let the app read the member's posts", async () => {
      const { owner, workspace, channelId, member } = await connected(env, "member");
      env.sim.fault({ host: API, method: "POST", path: "/rest/posts", when: "after" });
      const p = await publishNow(env, owner, workspace.id, { body: "Member post, answer lost", variants: [{ channelId, text: null }] });
      await retryNow(env, p.postId);
      expect(await deliveryOf(env.t, p.postId)).toMatchObject({ status: "needs_attention", error_code: "publish.outcome_unknown" });
      expect(env.li.postsBy(member.urn)).toHaveLength(1);
    });

    it("refreshes an access token that ran out before sending, with the refresh token; the connection's end stays", async () => {
      const c = await connected(env, "organization", { accessExpiresAt: new Date(NOW.getTime() - 1000) });
      env.li.oauth.expireAccess(c.member.id);
      const before = await row(c.connectionId);
      const p = await publishNow(env, c.owner, c.workspace.id, { body: "After a refresh", variants: [{ channelId: c.channelId, text: null }] });
      expect((await deliveryOf(env.t, p.postId)).status).toBe("published");
      const refreshes = env.sim.requests.filter((r) => r.path === "/oauth/v2/accessToken" && r.body.toString().includes("grant_type=refresh_token"));
      expect(refreshes).toHaveLength(1);
      const secret = await secretOf(c.connectionId);
      expect(secret.accessToken).not.toBe(c.token.access);
      expect(secret.refreshToken).toBe(c.token.refresh);
      expect(Date.parse(secret.accessExpiresAt!)).toBeGreaterThan(env.t.clock.now().getTime() + 59 * DAY_MS);
      expect((await row(c.connectionId)).token_expires_at).toBe(before.token_expires_at);
    });

    it("pauses the channel and tells its keepers when LinkedIn refuses the refresh of a revoked token", async () => {
      const c = await connected(env, "organization", { accessExpiresAt: new Date(NOW.getTime() - 1000) });
      env.li.oauth.revokeUser(c.member.id);
      const p = await publishNow(env, c.owner, c.workspace.id, { body: "Never out", variants: [{ channelId: c.channelId, text: null }] });
      // The round's token upkeep (or the send) tried the refresh first: refused, so the post waits, never sent.
      expect(await deliveryOf(env.t, p.postId)).toMatchObject({ status: "scheduled", remote_id: null });
      expect(await row(c.connectionId)).toMatchObject({ status: "paused", status_reason: "connection.revoked" });
      const notices = (await c.owner.client.get(`/api/workspaces/${c.workspace.id}/notifications`)).json<Notification[]>();
      expect(notices.filter((n) => n.kind === "connection_revoked")).toHaveLength(1);
      expect(env.li.postsBy(c.author)).toHaveLength(0);

      // A token revoked while still unexpired: LinkedIn answers 401 on the call itself; the queue pauses too.
      const d = await connected(env, "organization");
      env.li.oauth.revokeUser(d.member.id);
      const q = await publishNow(env, d.owner, d.workspace.id, { body: "Also never out", variants: [{ channelId: d.channelId, text: null }] });
      expect(await deliveryOf(env.t, q.postId)).toMatchObject({ status: "scheduled", error_code: "publish.auth" });
      expect((await row(d.connectionId)).status).toBe("paused");
    });

    it("fails a post LinkedIn refuses for a missing permission, with a translated reason", async () => {
      const c = await connected(env, "organization");
      // The member is no longer an administrator of the page.
      env.li.state.organizations.get(c.author)!.admins.delete(c.member.id);
      const p = await publishNow(env, c.owner, c.workspace.id, { body: "Not an admin", variants: [{ channelId: c.channelId, text: null }] });
      expect(await deliveryOf(env.t, p.postId)).toMatchObject({ status: "failed", error_code: "publish.linkedin_permission" });
      expect(translate("en", "publish.linkedin_permission")).toMatch(/administrator of this LinkedIn page/);
      expect(translate("ko", "publish.linkedin_permission")).toMatch(/링크드인 페이지의 관리자/);
    });

    it("holds the channel until LinkedIn's daily limit starts again, then publishes", async () => {
      const c = await connected(env, "organization");
      env.li.control.memberDailyPosts = 0;
      const p = await publishNow(env, c.owner, c.workspace.id, { body: "Over the daily limit", variants: [{ channelId: c.channelId, text: null }] });
      expect(await deliveryOf(env.t, p.postId)).toMatchObject({ status: "scheduled", error_code: "publish.rate_limited" });
      const held = await row(c.connectionId);
      // Daily limits reset at midnight UTC.
      expect(held.hold_until).toBe("2026-11-27T00:00:00.000Z");
      env.li.control.memberDailyPosts = 150;
      await retryNow(env, p.postId);
      expect((await deliveryOf(env.t, p.postId)).status).toBe("published");
      expect(env.li.postsBy(c.author)).toHaveLength(1);
    });

    it("uploads again when an upload URL expired, and refuses a video LinkedIn could not process", async () => {
      const c = await connected(env, "organization");
      const pic = await upload(c.owner, c.workspace.id, "late.jpg", await photo(800, 800, "jpeg", 40));
      // Every upload URL runs out at once: the first PUT is refused.
      env.sim.fault({ host: "www.linkedin.com", method: "PUT", path: /^\/dms-uploads\//, status: 400, body: { status: 400, code: "UPLOAD_EXPIRED", message: "The upload URL has expired" } });
      const p = await publishNow(env, c.owner, c.workspace.id, { body: "Uploaded twice", variants: [{ channelId: c.channelId, text: null }], media: [{ assetId: pic, alt: "" }] });
      expect(await deliveryOf(env.t, p.postId)).toMatchObject({ status: "scheduled", error_code: "publish.linkedin_upload_expired" });
      await retryNow(env, p.postId);
      expect((await deliveryOf(env.t, p.postId)).status).toBe("published");
      expect(env.li.postsBy(c.author)).toHaveLength(1);

      env.li.control.failNextVideo = true;
      const clip = await upload(c.owner, c.workspace.id, "broken.mp4", padded(mp4({ durationMs: 4000, width: 720, height: 720, moovFirst: true }), 100_000));
      const q = await publishNow(env, c.owner, c.workspace.id, { body: "Broken video", variants: [{ channelId: c.channelId, text: null }], media: [{ assetId: clip, alt: "" }] });
      expect(await deliveryOf(env.t, q.postId)).toMatchObject({ status: "failed", error_code: "publish.media_rejected" });
      expect(env.li.postsBy(c.author)).toHaveLength(1);
    });

    it("imports a page's numbers (share statistics, followers) and the numbers of a member's own posts", async () => {
      const c = await connected(env, "organization");
      const ours = await publishNow(env, c.owner, c.workspace.id, { body: "Ours, with numbers", variants: [{ channelId: c.channelId, text: null }] });
      const oursUrn = (await deliveryOf(env.t, ours.postId)).remote_id!;
      // A post made on LinkedIn itself.
      const outside = { id: "urn:li:share:7100000000000000001", author: c.author, commentary: "Made on LinkedIn", text: "Made on LinkedIn", unescaped: false, visibility: "PUBLIC", lifecycleState: "PUBLISHED", content: null, createdAt: NOW.getTime() - 2 * DAY_MS, publishedAt: NOW.getTime() - 2 * DAY_MS, byMember: c.member.id };
      env.li.state.posts.push(outside);
      env.li.setStats(oursUrn, { impressionCount: 900, uniqueImpressionsCount: 610, clickCount: 41, likeCount: 52, commentCount: 7, shareCount: 3 });
      env.li.setStats(outside.id, { impressionCount: 300, uniqueImpressionsCount: 200, clickCount: 5, likeCount: 9, commentCount: 1, shareCount: 0 });
      const res = await c.owner.client.post(`/api/workspaces/${c.workspace.id}/metrics/refresh`, {});
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ accounts: 1, posts: 1, imported: 1, failed: [] });
      const perPost = await env.t.deps.db.selectFrom("metrics_per_post").select(["post_key", "metric", "value"]).where("workspace_id", "=", c.workspace.id).execute();
      expect(perPost).toEqual(
        expect.arrayContaining([
          { post_key: ours.postId, metric: "impressions", value: 900 },
          { post_key: ours.postId, metric: "reach", value: 610 },
          { post_key: ours.postId, metric: "link_clicks", value: 41 },
          { post_key: ours.postId, metric: "likes", value: 52 },
          { post_key: ours.postId, metric: "comments", value: 7 },
          { post_key: ours.postId, metric: "shares", value: 3 },
          { post_key: `m:${outside.id}`, metric: "impressions", value: 300 },
        ]),
      );
      expect(perPost).toHaveLength(12);
      const followers = await env.t.deps.db.selectFrom("metrics").select(["day", "value", "source"]).where("workspace_id", "=", c.workspace.id).where("metric", "=", "followers").execute();
      expect(followers).toEqual([{ day: "2026-11-26", value: 1520, source: "linkedin" }]);

      // The member's own profile: the post's numbers through memberCreatorPostAnalytics; nothing imported from outside.
      const m = await connected(env, "member");
      const mine = await publishNow(env, m.owner, m.workspace.id, { body: "My own post", variants: [{ channelId: m.channelId, text: null }] });
      env.li.setMemberStats((await deliveryOf(env.t, mine.postId)).remote_id!, { IMPRESSION: 410, MEMBERS_REACHED: 300, REACTION: 22, COMMENT: 4, RESHARE: 1 });
      const again = await m.owner.client.post(`/api/workspaces/${m.workspace.id}/metrics/refresh`, {});
      expect(again.json()).toMatchObject({ accounts: 1, posts: 1, imported: 0, failed: [] });
      const memberRows = await env.t.deps.db.selectFrom("metrics_per_post").select(["metric", "value"]).where("workspace_id", "=", m.workspace.id).execute();
      expect(memberRows.sort((a, b) => a.metric.localeCompare(b.metric))).toEqual([
        { metric: "comments", value: 4 },
        { metric: "impressions", value: 410 },
        { metric: "likes", value: 22 },
        { metric: "reach", value: 300 },
        { metric: "shares", value: 1 },
      ]);
    });

    it("the simulator holds LinkedIn's version rules: the header is required and must be an active version", async () => {
      const c = await connected(env, "organization");
      const call = (headers: Record<string, string>) => fetch(`${env.sim.url}/${API}/rest/organizations/${c.org!.id}`, { headers: { authorization: `Bearer ${c.token.access}`, ...headers } });
      expect((await call({ "x-restli-protocol-version": "2.0.0" })).status).toBe(400);
      const old = await call({ "linkedin-version": "202401", "x-restli-protocol-version": "2.0.0" });
      expect(old.status).toBe(426);
      expect(await old.json()).toMatchObject({ code: "NONEXISTENT_VERSION" });
      expect((await call({ "linkedin-version": LINKEDIN_VERSION, "x-restli-protocol-version": "2.0.0" })).status).toBe(200);
    });
  });
}

describe("LinkedIn little text", () => {
  it("escapes reserved characters and keeps hashtags, so the text reads back as written", () => {
    for (const s of ["plain", "a (b) [c] {d} <e> @f *g* _h_ ~i~ \\ | #tag #한글태그 end", "price: 10,000원 (VAT) — #candles#more", "mail me: a_b@c.com"]) {
      const escaped = littleText(s);
      expect(readLittleText(escaped)).toEqual({ text: s, unescaped: false });
    }
    expect(littleText("#candles")).toBe("{hashtag|\\#|candles}");
    for (const s of ["a (b) #tag \\ end", "#a#b mail_me"]) expect(readable(littleText(s))).toBe(s);
    expect(linkedinAdapter.resendSafe).toBe(true);
  });
});
