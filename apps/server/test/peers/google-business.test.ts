import type { Notification } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { externalKey } from "../../src/features/metrics/metric-import.ts";
import { photo } from "../helpers/media.ts";
import { addChannel, addPost, schedule } from "../helpers/posts.ts";
import { buildWorkspace } from "../helpers/factories.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { loseFile, upload } from "./meta-publish-env.ts";
import { advance, connectionRow, deliveryOf, googleUser, pick, round, secretOf, signIn, useGoogleBusiness, type GoogleEnv } from "./google-business-env.ts";

const V4 = "mybusiness.googleapis.com";

/** A workspace with a Business Profile channel connected through the Google sign-in (the location picked). */
async function connected(env: GoogleEnv, opts: { verified?: boolean } = {}) {
  const { owner, workspace } = await buildWorkspace(env.t.app);
  const channelId = await addChannel(owner, workspace.id, "google_business", { handle: "seoul-candle" });
  const g = googleUser(env, [{ title: "Seoul Candle", verified: opts.verified ?? true }]);
  const pending = await signIn(env, owner, workspace.id, channelId, g.userId);
  const connectionId = pending.connectionId ?? (await pick(owner, workspace.id, pending.id, g.locations[0]!.id));
  return { owner, workspace, channelId, connectionId, ...g, location: g.locations[0]! };
}

/** A post for the channel with the Business Profile options, scheduled half a minute ahead; the clocks move past it and a round runs. */
async function publish(env: GoogleEnv, c: Awaited<ReturnType<typeof connected>>, body: Record<string, unknown>, localPost?: Record<string, unknown>) {
  const post = await addPost(c.owner, c.workspace.id, { ...body, variants: [{ channelId: c.channelId, text: null, ...(localPost ? { options: { localPost } } : {}) }] });
  await schedule(c.owner, c.workspace.id, post.id, new Date(env.t.clock.now().getTime() + 30_000).toISOString());
  advance(env, 60);
  await round(env.t);
  return post.id;
}

const creates = (env: GoogleEnv, c: { account: { name: string }; location: { name: string } }) =>
  env.sim.requestsTo(V4, `/v4/${c.account.name}/${c.location.name}/localPosts`).filter((r) => r.method === "POST");

for (const dialect of DIALECTS) {
  describe(`Google Business Profile: sign-in, local posts, never twice, tokens (the Google simulator) [${dialect}]`, () => {
    const env = useGoogleBusiness(dialect);

    it("connects one location picked among the ones the Google account manages", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app);
      const channelId = await addChannel(owner, workspace.id, "google_business", { handle: "candles" });
      const g = googleUser(env, [{ title: "Candle Shop" }, { title: "Candle Workshop", address: { regionCode: "KR", addressLines: ["12 Insadong-gil"], locality: "Seoul" } }, { title: "Candle Delivery", address: null }]);
      const pending = await signIn(env, owner, workspace.id, channelId, g.userId);
      expect(pending.connectionId).toBeNull();
      expect(pending.accounts.map((a) => a.name).sort()).toEqual(["Candle Delivery", "Candle Shop — 1 Main St, Seoul", "Candle Workshop — 12 Insadong-gil, Seoul"]);
      const workshop = g.locations[1]!;
      const connectionId = await pick(owner, workspace.id, pending.id, workshop.id);
      const r = await connectionRow(env.t, connectionId);
      expect(r).toMatchObject({ kind: "google_business", label: "Candle Workshop — 12 Insadong-gil, Seoul", remote_account_id: workshop.id, status: "active" });
      expect(JSON.parse(r.config)).toMatchObject({ provider: "google", accountId: workshop.id, account: g.account.name, location: workshop.name });
      const secret = secretOf(env.t, r.secret);
      expect(secret.refreshToken).toBeTruthy();
      expect(Date.parse(secret.accessExpiresAt!)).toBeGreaterThan(env.t.clock.now().getTime());
      expect(r.secret).not.toContain(secret.accessToken);
      // The check reads the location back with the stored token.
      const check = await owner.client.post(`/api/workspaces/${workspace.id}/connections/${connectionId}/check`);
      expect(check.statusCode, check.body).toBe(200);
      expect(check.json()).toMatchObject({ ok: true, account: { id: workshop.id, name: "Candle Workshop — 12 Insadong-gil, Seoul", username: null }, error: null });
      // The location list was read with the documented readMask.
      expect(env.sim.requestsTo("mybusinessbusinessinformation.googleapis.com", `/v1/${g.account.name}/locations`)[0]!.query.readMask).toBe("name,title,storefrontAddress");
    });

    it("publishes a What's new post with its photo fetched by Google and a Learn more button to the post's link", async () => {
      const c = await connected(env);
      const asset = await upload(c.owner, c.workspace.id, "candles.jpg", await photo(1200, 900, "jpeg"));
      const postId = await publish(env, c, { body: "Winter candles are in. Come smell them!", link: "https://candle.example/winter", media: [{ assetId: asset, alt: "" }] });
      const d = await deliveryOf(env.t, postId);
      expect(d.status, d.error_message ?? "").toBe("published");
      const posts = env.gbp.postsOf(c.location.name);
      expect(posts).toHaveLength(1);
      const made = posts[0]!;
      expect(made).toMatchObject({ topicType: "STANDARD", summary: "Winter candles are in. Come smell them!", callToAction: { actionType: "LEARN_MORE", url: expect.stringMatching(/^https:\/\/candle\.example\/winter\?utm_/) } });
      expect(made.media).toHaveLength(1);
      expect(d.remote_id).toBe(made.name);
      expect(d.permalink).toBe(made.searchUrl);
      // Google fetched the photo from the app's signed URL.
      expect(env.sim.fetched.some((f) => f.url.startsWith(env.appUrl) && f.status === 200 && f.bytes > 10_000)).toBe(true);
    });

    it("publishes an event with its title and local schedule, and a Call button without a URL", async () => {
      const c = await connected(env);
      const postId = await publish(env, c, { body: "Candle-making night: bring a friend." }, { type: "EVENT", eventTitle: "Candle-making night", startsAt: "2026-12-12T18:30", endsAt: "2026-12-12T21:00", action: "CALL" });
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      const made = env.gbp.postsOf(c.location.name)[0]!;
      expect(made).toMatchObject({
        topicType: "EVENT",
        callToAction: { actionType: "CALL" },
        event: { title: "Candle-making night", schedule: { startDate: { year: 2026, month: 12, day: 12 }, startTime: { hours: 18, minutes: 30 }, endDate: { year: 2026, month: 12, day: 12 }, endTime: { hours: 21, minutes: 0 } } },
      });
      expect(made.callToAction!.url).toBeUndefined();
    });

    it("publishes an offer with its coupon, redeem link and terms, and no button (ignored for offers)", async () => {
      const c = await connected(env);
      const postId = await publish(env, c, { body: "20% off every candle this weekend.", link: "https://candle.example/sale" }, { type: "OFFER", eventTitle: "Weekend sale", startsAt: "2026-12-05T10:00", endsAt: "2026-12-06T20:00", couponCode: "WINTER20", redeemUrl: "https://candle.example/redeem", terms: "One per customer." });
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      const made = env.gbp.postsOf(c.location.name)[0]!;
      expect(made).toMatchObject({ topicType: "OFFER", offer: { couponCode: "WINTER20", redeemOnlineUrl: "https://candle.example/redeem", termsConditions: "One per customer." }, event: { title: "Weekend sale" } });
      expect(made.callToAction).toBeUndefined();
      expect(JSON.parse(creates(env, c)[0]!.body.toString()).callToAction).toBeUndefined();
    });

    it("refuses, before anything is made, a location Google does not let post (not verified): the person is told to verify it", async () => {
      const c = await connected(env, { verified: false });
      const postId = await publish(env, c, { body: "Hello from a new shop" });
      const d = await deliveryOf(env.t, postId);
      expect(d).toMatchObject({ status: "failed", error_code: "publish.gbp_unverified" });
      expect(creates(env, c)).toHaveLength(0);
      expect(env.gbp.postsOf(c.location.name)).toHaveLength(0);
    });

    it("an event without its schedule is refused with what to add, and nothing is sent", async () => {
      const c = await connected(env);
      const postId = await publish(env, c, { body: "Open house" }, { type: "EVENT", eventTitle: "Open house" });
      expect(await deliveryOf(env.t, postId)).toMatchObject({ status: "failed", error_code: "publish.gbp_event_incomplete" });
      expect(creates(env, c)).toHaveLength(0);
    });

    it("a photo under Google's minimums (10 KB, 250×250) is refused before anything is sent", async () => {
      const c = await connected(env);
      const asset = await upload(c.owner, c.workspace.id, "tiny.png", await photo(40, 30, "png"));
      const postId = await publish(env, c, { body: "A tiny photo", media: [{ assetId: asset, alt: "" }] });
      expect(await deliveryOf(env.t, postId)).toMatchObject({ status: "failed", error_code: "publish.gbp_photo" });
      expect(creates(env, c)).toHaveLength(0);
    });

    it("a photo Google cannot fetch from the app is refused as unreachable media, and no post is made", async () => {
      const c = await connected(env);
      const asset = await upload(c.owner, c.workspace.id, "gone.jpg", await photo(1200, 900, "jpeg", 40));
      await loseFile(env.t, c.workspace.id, asset);
      const postId = await publish(env, c, { body: "A photo that is gone", media: [{ assetId: asset, alt: "" }] });
      const d = await deliveryOf(env.t, postId);
      expect(d.status).toBe("failed");
      expect(d.error_code).toBe("publish.media_unreachable");
      expect(creates(env, c)).toHaveLength(1);
      expect(env.gbp.postsOf(c.location.name)).toHaveLength(0);
    });

    it("an answer lost after Google made the post: the next attempt finds it on the location and makes nothing", async () => {
      const c = await connected(env);
      env.sim.fault({ host: V4, method: "POST", path: `/v4/${c.account.name}/${c.location.name}/localPosts`, when: "after", drop: true });
      const postId = await publish(env, c, { body: "Fresh stock of beeswax candles" });
      const first = await deliveryOf(env.t, postId);
      expect(first.status).not.toBe("published");
      expect(JSON.parse(first.remote_steps ?? "{}").posting).toBeTruthy();
      advance(env, 3600);
      await env.t.deps.db.updateTable("deliveries").set({ next_attempt_at: env.t.clock.now().toISOString() }).where("id", "=", first.id).execute();
      await round(env.t);
      const d = await deliveryOf(env.t, postId);
      expect(d.status).toBe("published");
      expect(env.gbp.postsOf(c.location.name)).toHaveLength(1);
      expect(d.remote_id).toBe(env.gbp.postsOf(c.location.name)[0]!.name);
      expect(creates(env, c)).toHaveLength(1);
    });

    it("a rate limit (429 RESOURCE_EXHAUSTED) holds the channel and the post goes out later, once", async () => {
      const c = await connected(env);
      env.sim.fault({ host: V4, method: "POST", path: `/v4/${c.account.name}/${c.location.name}/localPosts`, status: 429, body: { error: { code: 429, message: "Quota exceeded", status: "RESOURCE_EXHAUSTED" } }, headers: { "retry-after": "120" } });
      const postId = await publish(env, c, { body: "Rate limited once" });
      expect((await deliveryOf(env.t, postId)).status).not.toBe("published");
      const held = await connectionRow(env.t, c.connectionId);
      expect(Date.parse(held.hold_until!)).toBeGreaterThanOrEqual(env.t.clock.now().getTime() + 119_000);
      advance(env, 180);
      const d0 = await deliveryOf(env.t, postId);
      await env.t.deps.db.updateTable("deliveries").set({ next_attempt_at: env.t.clock.now().toISOString() }).where("id", "=", d0.id).execute();
      await round(env.t);
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      expect(env.gbp.postsOf(c.location.name)).toHaveLength(1);
    });

    it("an access token that ran out (Google's last an hour) is refreshed before sending", async () => {
      const c = await connected(env);
      const before = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret);
      advance(env, 2 * 3600);
      const postId = await publish(env, c, { body: "Posted with a fresh token" });
      expect((await deliveryOf(env.t, postId)).status).toBe("published");
      const after = secretOf(env.t, (await connectionRow(env.t, c.connectionId)).secret);
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(after.refreshToken).toBe(before.refreshToken);
      expect(env.sim.requestsTo("oauth2.googleapis.com", "/token").some((r) => r.body.toString().includes("grant_type=refresh_token"))).toBe(true);
    });

    it("a revoked grant (invalid_grant on refresh) pauses the channel and tells its owners; nothing is sent", async () => {
      const c = await connected(env);
      env.oauth.revokeUser(c.userId);
      advance(env, 2 * 3600);
      const postId = await publish(env, c, { body: "This cannot go out" });
      expect((await deliveryOf(env.t, postId)).status).not.toBe("published");
      expect(await connectionRow(env.t, c.connectionId)).toMatchObject({ status: "paused", status_reason: "connection.revoked" });
      const notices = (await c.owner.client.get(`/api/workspaces/${c.workspace.id}/notifications`)).json<Notification[]>();
      expect(notices.filter((n) => n.kind === "connection_revoked")).toHaveLength(1);
      expect(creates(env, c)).toHaveLength(0);
    });

    it("imports the location's daily views, website clicks, calls and direction requests, and lists posts made outside Socialplan without numbers", async () => {
      const c = await connected(env);
      for (const [metric, v] of [["BUSINESS_IMPRESSIONS_MOBILE_MAPS", 40], ["BUSINESS_IMPRESSIONS_MOBILE_SEARCH", 25], ["BUSINESS_IMPRESSIONS_DESKTOP_MAPS", 3], ["BUSINESS_IMPRESSIONS_DESKTOP_SEARCH", 2], ["WEBSITE_CLICKS", 7], ["CALL_CLICKS", 4], ["BUSINESS_DIRECTION_REQUESTS", 9]] as const) {
        env.gbp.setMetric(c.location.name, metric, "2026-11-24", v);
      }
      env.gbp.setMetric(c.location.name, "WEBSITE_CLICKS", "2026-11-25", 2);
      const outside = env.gbp.addPost(c.account.name, c.location.name, { summary: "Posted in the Business Profile app", createTime: "2026-11-23T02:00:00.000Z" });
      const res = await c.owner.client.post(`/api/workspaces/${c.workspace.id}/metrics/refresh`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ accounts: 1, imported: 1, failed: [] });
      const own = await env.t.deps.db.selectFrom("metrics").select(["day", "metric", "value", "source"]).where("workspace_id", "=", c.workspace.id).where("value", "is not", null).orderBy("metric").orderBy("day").execute();
      expect(own.filter((m) => m.value !== 0)).toEqual([
        { day: "2026-11-24", metric: "calls", value: 4, source: "google_business" },
        { day: "2026-11-24", metric: "direction_requests", value: 9, source: "google_business" },
        { day: "2026-11-24", metric: "link_clicks", value: 7, source: "google_business" },
        { day: "2026-11-25", metric: "link_clicks", value: 2, source: "google_business" },
        { day: "2026-11-24", metric: "views", value: 70, source: "google_business" },
      ]);
      // A day Google answered without a value is a zero ("not present when the value is zero").
      expect(own).toContainEqual({ day: "2026-11-23", metric: "views", value: 0, source: "google_business" });
      expect(new Set(own.map((m) => m.metric))).toEqual(new Set(["calls", "direction_requests", "link_clicks", "views"]));
      const imported = await env.t.deps.db.selectFrom("metric_posts").select(["post_key", "caption", "permalink"]).where("workspace_id", "=", c.workspace.id).execute();
      expect(imported).toEqual([{ post_key: externalKey(outside.name), caption: "Posted in the Business Profile app", permalink: outside.searchUrl }]);
      // The Performance API was asked for the documented metrics of the location.
      const asked = env.sim.requestsTo("businessprofileperformance.googleapis.com", `/v1/${c.location.name}:fetchMultiDailyMetricsTimeSeries`);
      expect(asked).toHaveLength(1);
    });
  });
}
