import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { wordpressAdapter } from "../../src/features/publishing/adapters/wordpress.ts";
import { buildWorkspace } from "../helpers/factories.ts";
import { photo } from "../helpers/media.ts";
import { outgoingExtras } from "../helpers/outgoing.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "../helpers/posts.ts";
import { ALLOW_LOOPBACK, createTestApp, DIALECTS, type TestApp } from "../helpers/test-app.ts";
import { startWordPressPeer } from "../helpers/wordpress-peer.ts";

for (const dialect of DIALECTS) {
  describe(`publishing to WordPress (Debian's package) [${dialect}]`, () => {
    let t: TestApp;
    let wp: Awaited<ReturnType<typeof startWordPressPeer>>;
    beforeAll(async () => {
      wp = await startWordPressPeer();
      t = await createTestApp(dialect, { env: ALLOW_LOOPBACK });
    }, 120_000);
    afterAll(async () => {
      await t?.close();
      await wp?.close();
    });
    beforeEach(() => {
      t.clock.current = new Date("2026-11-26T09:00:00Z");
    });

    it("checks the application password, publishes a post with its featured image, alt text and category, and never twice", async () => {
      const password = wp.applicationPassword("socialplan");
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "website");
      const base = `/api/workspaces/${workspace.id}/connections`;
      const config = { siteUrl: wp.url, username: wp.username, categories: [wp.category] };
      const refused = await owner.client.post(base, { kind: "wordpress", channelId, config, secret: { applicationPassword: "abcd efgh ijkl mnop qrst uvwx" } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.fields[0]).toMatchObject({ field: "secret.applicationPassword", code: "connection.login_failed" });
      expect((await owner.client.post(base, { kind: "wordpress", channelId, config, secret: { applicationPassword: password } })).statusCode).toBe(201);

      const upload = await owner.client.upload(`/api/workspaces/${workspace.id}/assets?name=workshop.jpg`, await photo(1000, 700));
      const post = await addPost(owner, workspace.id, {
        title: "Inside the workshop",
        body: "How we pour our candles.\n\nRead more: https://candle.example/story",
        variants: [{ channelId, text: null }],
        media: [{ assetId: upload.json().asset.id, alt: "Wax being poured" }],
      });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      await testPublisher(t).round();
      const published = await readPost(owner, workspace.id, post.id);
      expect(published.status, JSON.stringify(published.deliveries)).toBe("published");

      const ours = async () => (await wp.posts(password)).filter((x) => x.slug === `sp-${published.deliveries[0]!.id}`);
      let posts = await ours();
      expect(posts).toHaveLength(1);
      const p = posts[0]!;
      expect(p).toMatchObject({ slug: `sp-${published.deliveries[0]!.id}`, status: "publish", title: { raw: "Inside the workshop" }, categories: [wp.category], date_gmt: "2026-11-26T09:00:30" });
      expect(p.content.raw).toBe('<p>How we pour our candles.</p>\n<p>Read more: <a href="https://candle.example/story">https://candle.example/story</a></p>');
      expect(String(p.id)).toBe(published.deliveries[0]!.remoteId);
      expect(published.deliveries[0]!.permalink).toBe(p.link);
      const media = await wp.media(p.featured_media);
      expect(media).toMatchObject({ alt_text: "Wax being poured", mime_type: "image/jpeg" });

      // As if the worker had died after WordPress stored the post: the resend finds it by its slug.
      await t.deps.db.updateTable("deliveries").set({ status: "publishing", worker: "dead", lease_until: "2026-11-26T09:00:00.000Z" }).where("post_id", "=", post.id).execute();
      await testPublisher(t).round();
      await testPublisher(t).round();
      expect((await readPost(owner, workspace.id, post.id)).status).toBe("published");
      posts = await ours();
      expect(posts).toHaveLength(1);
    });

    it("schedules in WordPress a post sent ahead of its time", async () => {
      const password = wp.applicationPassword("ahead");
      const due = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const result = await wordpressAdapter.send({
        deliveryId: "0b5e6a52-5a4c-4b53-9d37-2f0c1d9a7e11",
        postId: "p",
        workspaceId: "w",
        title: "Next week's news",
        text: "Coming soon.",
        link: null,
        media: [],
        network: "website",
        channelId: "c",
        dueAt: due,
        createdAt: new Date().toISOString(),
        config: { siteUrl: wp.url, username: wp.username },
        secret: { applicationPassword: password },
        signal: AbortSignal.timeout(30_000),
        fetch: t.deps.outbound.fetch,
        send: t.deps.outbound.send,
        ...outgoingExtras(),
      });
      const post = (await wp.posts(password)).find((p) => String(p.id) === result.remoteId)!;
      expect(post).toMatchObject({ status: "future", date_gmt: due.slice(0, 19) });
    });

    it("pauses the channel when the application password is revoked", async () => {
      const password = wp.applicationPassword("to-revoke");
      const { owner, workspace } = await buildWorkspace(t.app);
      const channelId = await addChannel(owner, workspace.id, "website");
      await owner.client.post(`/api/workspaces/${workspace.id}/connections`, { kind: "wordpress", channelId, config: { siteUrl: wp.url, username: wp.username }, secret: { applicationPassword: password } });
      wp.revokeApplicationPasswords();
      const post = await addPost(owner, workspace.id, { body: "Never out", variants: [{ channelId, text: null }] });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      await testPublisher(t).round();
      const d = (await readPost(owner, workspace.id, post.id)).deliveries[0]!;
      expect(d, JSON.stringify(d.error)).toMatchObject({ status: "scheduled", error: { code: "publish.auth" } });
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/connections`)).json().connections[0].status).toBe("paused");
    });
  });
}
