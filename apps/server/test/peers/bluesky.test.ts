import type { Post } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildWorkspace, type TestUser } from "../helpers/factories.ts";
import { startBlueskyPeer } from "../helpers/bluesky-peer.ts";
import { photo } from "../helpers/media.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "../helpers/posts.ts";
import { ALLOW_LOOPBACK, createTestApp, DIALECTS, type TestApp } from "../helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`publishing to Bluesky (a real local PDS) [${dialect}]`, () => {
    let t: TestApp;
    let pds: Awaited<ReturnType<typeof startBlueskyPeer>>;
    beforeAll(async () => {
      pds = await startBlueskyPeer();
      t = await createTestApp(dialect, { env: ALLOW_LOOPBACK });
    }, 300_000);
    afterAll(async () => {
      await t?.close();
      await pds?.close();
    });
    beforeEach(() => {
      t.clock.current = new Date("2026-11-26T09:00:00Z");
    });

    async function connect(owner: TestUser, workspaceId: string, handle: string, appPassword: string) {
      const channelId = await addChannel(owner, workspaceId, "bluesky", { handle });
      const res = await owner.client.post(`/api/workspaces/${workspaceId}/connections`, { kind: "bluesky", channelId, config: { service: pds.url, handle }, secret: { appPassword } });
      return { channelId, res };
    }

    it("checks the app password, posts text with link and mention facets and an image with alt text, and reads it back", async () => {
      const shop = await pds.account(`shop-${dialect}.test`);
      const friend = await pds.account(`friend-${dialect}.test`);
      const { owner, workspace } = await buildWorkspace(t.app);
      const refused = await connect(owner, workspace.id, shop.handle, "wrong-password-1234");
      expect(refused.res.statusCode).toBe(400);
      expect(refused.res.json().error.fields[0]).toMatchObject({ field: "secret.appPassword", code: "connection.login_failed" });
      await owner.client.delete(`/api/workspaces/${workspace.id}/strategy/entries/${refused.channelId}?version=1`);

      const { channelId, res } = await connect(owner, workspace.id, shop.handle, await shop.appPassword("socialplan"));
      expect(res.statusCode, res.body).toBe(201);
      const upload = await owner.client.upload(`/api/workspaces/${workspace.id}/assets?name=candle.jpg`, await photo(1600, 1000));
      const assetId = upload.json().asset.id as string;
      const post = await addPost(owner, workspace.id, {
        body: `New winter candles, made with @${friend.handle} 🕯️`,
        variants: [{ channelId, text: null }],
        link: "https://candle.example/winter",
        campaign: "Winter",
        media: [{ assetId, alt: "A lit candle in a glass jar" }],
      });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      expect(await testPublisher(t).round()).toBe(1);
      const published = await readPost(owner, workspace.id, post.id);
      expect(published.status, JSON.stringify(published.deliveries)).toBe("published");
      const uri = published.deliveries[0]!.remoteId!;
      expect(uri).toMatch(new RegExp(`^at://${shop.did}/app.bsky.feed.post/[2-7a-z]{13}$`));
      expect(published.deliveries[0]!.permalink).toBe(`https://bsky.app/profile/${shop.handle}/post/${uri.split("/").pop()}`);

      const record = (await pds.getRecord(uri)).value as { text: string; facets: { features: { $type: string; did?: string; uri?: string }[] }[]; embed: { $type: string; images: { alt: string; aspectRatio: unknown }[] } };
      const tagged = "https://candle.example/winter?utm_source=bluesky&utm_medium=social&utm_campaign=winter";
      expect(record.text).toBe(`New winter candles, made with @${friend.handle} 🕯️\n\n${tagged}`);
      const features = record.facets.flatMap((f) => f.features);
      expect(features).toContainEqual({ $type: "app.bsky.richtext.facet#mention", did: friend.did });
      expect(features).toContainEqual({ $type: "app.bsky.richtext.facet#link", uri: tagged });
      expect(record.embed.$type).toBe("app.bsky.embed.images");
      expect(record.embed.images).toEqual([expect.objectContaining({ alt: "A lit candle in a glass jar", aspectRatio: { width: 1600, height: 1000 } })]);
    });

    it("reads the published posts back from the PDS and matches them to their records; a post deleted on Bluesky is found missing", async () => {
      const shop = await pds.account(`reader-${dialect}.test`);
      const { owner, workspace } = await buildWorkspace(t.app);
      const { channelId } = await connect(owner, workspace.id, shop.handle, await shop.appPassword("socialplan"));
      const ids: string[] = [];
      for (const text of ["First candle post", "Second candle post"]) {
        const post = await addPost(owner, workspace.id, { body: text, variants: [{ channelId, text: null }] });
        await schedule(owner, workspace.id, post.id, new Date(t.clock.now().getTime() + 30_000).toISOString());
        ids.push(post.id);
      }
      t.clock.advance(60);
      expect(await testPublisher(t).round()).toBe(2);
      const sync = () => owner.client.post(`/api/workspaces/${workspace.id}/metrics/bluesky`);
      const first = await sync();
      expect(first.statusCode, first.body).toBe(200);
      // A lone PDS has no AppView: the records are matched, and the app says that no per-post numbers came back.
      expect(first.json()).toMatchObject({ accounts: 1, posts: 2, matched: 2, missing: [], appView: false, numbers: 0 });
      const gone = (await readPost(owner, workspace.id, ids[1]!)).deliveries[0]!.remoteId!;
      await shop.deleteRecord(gone);
      expect((await sync()).json()).toMatchObject({ posts: 2, matched: 1, missing: [ids[1]] });
    });

    it("never makes a second post when a send is repeated after a crash (the record key is the delivery's)", async () => {
      const shop = await pds.account(`again-${dialect}.test`);
      const { owner, workspace } = await buildWorkspace(t.app);
      const { channelId } = await connect(owner, workspace.id, shop.handle, await shop.appPassword("socialplan"));
      const post = await addPost(owner, workspace.id, { body: "Only once, please", variants: [{ channelId, text: null }], link: "https://candle.example" });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      await testPublisher(t).round();
      const first = await readPost(owner, workspace.id, post.id);
      expect(first.status).toBe("published");
      // As if the worker had died after the PDS stored the post but before the app recorded it.
      await t.deps.db.updateTable("deliveries").set({ status: "publishing", worker: "dead", lease_until: "2026-11-26T09:00:00.000Z", remote_id: null }).where("post_id", "=", post.id).execute();
      await testPublisher(t).round(); // takes the dead worker's claim back: Bluesky is safe to resend
      await testPublisher(t).round();
      const again = await readPost(owner, workspace.id, post.id);
      expect(again.status).toBe("published");
      expect(again.deliveries[0]!.remoteId).toBe(first.deliveries[0]!.remoteId);
      const posts = await pds.listPosts(shop.did);
      expect(posts.map((p) => (p.value as { text: string }).text)).toEqual(["Only once, please\n\nhttps://candle.example/?utm_source=bluesky&utm_medium=social"]);
      // A link without an image becomes a link card.
      expect((posts[0]!.value as { embed: { $type: string } }).embed.$type).toBe("app.bsky.embed.external");
    });

    it("pauses the channel when the app password is revoked and resumes with a new one", async () => {
      const shop = await pds.account(`revoked-${dialect}.test`);
      const { owner, workspace } = await buildWorkspace(t.app);
      const { channelId } = await connect(owner, workspace.id, shop.handle, await shop.appPassword("first"));
      await shop.revokeAppPassword("first");
      const post = await addPost(owner, workspace.id, { body: "After the password change", variants: [{ channelId, text: null }] });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      await testPublisher(t).round();
      let now: Post = await readPost(owner, workspace.id, post.id);
      expect(now.deliveries[0]).toMatchObject({ status: "scheduled", error: { code: "publish.auth" } });
      const connections = (await owner.client.get(`/api/workspaces/${workspace.id}/connections`)).json().connections;
      expect(connections[0].status).toBe("paused");
      const fixed = await owner.client.put(`/api/workspaces/${workspace.id}/connections/${connections[0].id}/secret`, { secret: { appPassword: await shop.appPassword("second") } });
      expect(fixed.statusCode, fixed.body).toBe(200);
      await testPublisher(t).round();
      now = await readPost(owner, workspace.id, post.id);
      expect(now.status).toBe("published");
      expect((await pds.listPosts(shop.did)).length).toBe(1);
    });
  });
}
