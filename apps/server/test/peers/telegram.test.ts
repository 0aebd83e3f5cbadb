import { describe, expect, it } from "vitest";
import { photo } from "../helpers/media.ts";
import { mp4 } from "../helpers/mp4.ts";
import { DIALECTS } from "../helpers/test-app.ts";
import { advance, connect, connected, publishNow, upload, useTelegram, withChannel } from "./telegram-env.ts";

const HOST = "api.telegram.org";

for (const dialect of DIALECTS) {
  describe(`Telegram: a bot posting to a channel (Bot API simulator) [${dialect}]`, () => {
    const env = useTelegram(dialect);
    const sends = () => env.sim.sim.requestsTo(HOST).filter((r) => /\/send\w+$/.test(r.path));
    const fieldsOf = (res: { json: <T>() => T }) => res.json<{ error: { fields: { field: string; code: string }[] } }>().error.fields.map((f) => ({ field: f.field, key: f.code }));

    it("refuses a bad token, a bot that may not post, and connects a bot that is an administrator allowed to post", async () => {
      const a = await withChannel(env, { status: "administrator", canPost: false });
      const badToken = await connect(a, a.chatRef, `${a.bot.id}:AAHnotTheRealTokenAtAllButLongEnough12`);
      expect(badToken.statusCode).toBe(400);
      expect(fieldsOf(badToken)).toEqual([{ field: "secret.botToken", key: "connection.telegram_token_refused" }]);
      const notAdmin = await connect(a, a.chatRef, a.bot.token);
      expect(notAdmin.statusCode).toBe(400);
      expect(fieldsOf(notAdmin)).toEqual([{ field: "config.chat", key: "connection.telegram_not_admin" }]);
      const unknownChat = await connect(a, "@no_such_channel_here", a.bot.token);
      expect(fieldsOf(unknownChat)).toEqual([{ field: "config.chat", key: "connection.telegram_chat_not_found" }]);
      env.sim.addBot(a.chat, a.bot, { status: "administrator", canPost: true });
      const ok = await connect(a, a.chatRef, a.bot.token);
      expect(ok.statusCode, ok.body).toBe(201);
      const conn = ok.json<{ connections: { kind: string; label: string; config: Record<string, unknown> }[] }>().connections.find((c) => c.kind === "telegram")!;
      expect(conn).toMatchObject({ label: a.chatRef, config: { chat: a.chatRef } });
      expect(JSON.stringify(conn)).not.toContain(a.bot.token);
      // Nothing was posted while checking.
      expect(sends()).toHaveLength(0);
    });

    it("posts a text message with its link preview on, and records the message's link", async () => {
      const a = await connected(env);
      const { delivery } = await publishNow(env, a, { body: "Open until 9 tonight!", link: "https://cafe.example/hours" });
      const d = await delivery();
      expect(d.status, JSON.stringify(d)).toBe("published");
      const [m] = a.chat.messages;
      expect(m).toMatchObject({ message_id: Number(d.remoteId), link_preview_options: { is_disabled: false } });
      expect(m!.text).toMatch(/^Open until 9 tonight!\n\nhttps:\/\/cafe\.example\/hours\?utm_/);
      expect(d.permalink).toBe(`https://t.me/${a.chatRef.slice(1)}/${d.remoteId}`);
    });

    it("uploads one photo with the text as its caption; a private channel's link uses its id", async () => {
      const a = await connected(env, { username: null });
      const img = await upload(a.owner, a.workspace.id, "latte.jpg", await photo(800, 800, "jpeg", 40));
      const { delivery } = await publishNow(env, a, { body: "Winter latte ☕", media: [{ assetId: img, alt: "" }] });
      const d = await delivery();
      expect(d.status, JSON.stringify(d)).toBe("published");
      expect(a.chat.messages).toMatchObject([{ caption: "Winter latte ☕", photo: { type: "image/jpeg" } }]);
      expect(a.chat.messages[0]!.photo!.size).toBeGreaterThan(1000);
      expect(d.permalink).toBe(`https://t.me/c/${a.chat.id.slice(4)}/${d.remoteId}`);
      expect(sends().at(-1)!.path).toMatch(/\/sendPhoto$/);
    });

    it("sends photos and a video as one album with the caption on the first item", async () => {
      const a = await connected(env);
      const ids = [await upload(a.owner, a.workspace.id, "1.jpg", await photo(800, 800, "jpeg", 10)), await upload(a.owner, a.workspace.id, "2.png", await photo(600, 800, "png", 200)), await upload(a.owner, a.workspace.id, "3.mp4", mp4({ durationMs: 5000, width: 720, height: 1280 }))];
      const { delivery } = await publishNow(env, a, { body: "Our new space", media: ids.map((assetId) => ({ assetId, alt: "" })) });
      const d = await delivery();
      expect(d.status, JSON.stringify(d)).toBe("published");
      expect(a.chat.messages.map((m) => [m.photo ? "photo" : "video", m.caption ?? null])).toEqual([["photo", "Our new space"], ["photo", null], ["video", null]]);
      expect(new Set(a.chat.messages.map((m) => m.media_group_id)).size).toBe(1);
      expect(d.remoteId).toBe(String(a.chat.messages[0]!.message_id));
    });

    it("refuses a caption over 1,024 characters with media: when saved, naming the text; and at the send, before anything goes out", async () => {
      const a = await connected(env);
      const img = await upload(a.owner, a.workspace.id, "long.jpg", await photo(800, 800, "jpeg", 60));
      const saved = await a.owner.client.post(`/api/workspaces/${a.workspace.id}/posts`, { body: "가".repeat(1100), media: [{ assetId: img, alt: "" }], variants: [{ channelId: a.channelId, text: null }] });
      expect(saved.statusCode, saved.body).toBe(201);
      const { addPost, readPost, schedule, testPublisher } = await import("../helpers/posts.ts");
      const draftId = saved.json<{ post: { id: string } }>().post.id;
      const refused = await a.owner.client.post(`/api/workspaces/${a.workspace.id}/posts/${draftId}/schedule`, { scheduledAt: new Date(env.t.clock.now().getTime() + 30_000).toISOString() });
      expect(refused.statusCode).toBe(400);
      expect(fieldsOf(refused)).toEqual([{ field: "body", key: "post.too_long" }]);
      // A post saved before the limit applied (or changed underneath) is still refused before it is sent.
      const before = sends().length;
      const post = await addPost(a.owner, a.workspace.id, { body: "short", media: [{ assetId: img, alt: "" }], variants: [{ channelId: a.channelId, text: null }] });
      await schedule(a.owner, a.workspace.id, post.id, new Date(env.t.clock.now().getTime() + 30_000).toISOString());
      await env.t.deps.db.updateTable("posts").set({ body: "가".repeat(1100) }).where("id", "=", post.id).execute();
      advance(env, 60);
      await testPublisher(env.t).round();
      expect((await readPost(a.owner, a.workspace.id, post.id)).deliveries[0]).toMatchObject({ status: "failed", error: { code: "publish.breaks_rules" } });
      expect(sends().length).toBe(before);
    });

    it("waits as flood control says (retry_after), holding the channel, then posts once", async () => {
      const a = await connected(env);
      env.sim.floodWait(1, 45);
      const { delivery, postId } = await publishNow(env, a, { body: "Flood" });
      expect((await delivery()).status).toBe("scheduled");
      const row = await env.t.deps.db.selectFrom("connections").select("hold_until").where("id", "=", a.connectionId).executeTakeFirstOrThrow();
      expect(Date.parse(row.hold_until!)).toBe(env.t.clock.now().getTime() + 45_000);
      const steps = JSON.parse((await env.t.deps.db.selectFrom("deliveries").select("remote_steps").where("post_id", "=", postId).executeTakeFirstOrThrow()).remote_steps ?? "{}");
      expect(steps.sending).toBe("");
      advance(env, 46);
      const { testPublisher } = await import("../helpers/posts.ts");
      await testPublisher(env.t).round();
      expect((await delivery()).status).toBe("published");
      expect(a.chat.messages).toHaveLength(1);
    });

    it("pauses the channel when the bot was removed from the channel or its token revoked", async () => {
      const a = await connected(env);
      env.sim.kick(a.chat, a.bot);
      const { delivery } = await publishNow(env, a, { body: "Kicked" });
      expect((await delivery()).status).not.toBe("published");
      expect(await env.t.deps.db.selectFrom("connections").select(["status"]).where("id", "=", a.connectionId).executeTakeFirstOrThrow()).toMatchObject({ status: "paused" });
      const b = await connected(env);
      env.sim.revoke(b.bot.token);
      await publishNow(env, b, { body: "Revoked" });
      expect((await env.t.deps.db.selectFrom("connections").select(["status"]).where("id", "=", b.connectionId).executeTakeFirstOrThrow()).status).toBe("paused");
    });

    it("reads the channel's subscribers as followers; no per-post numbers are offered to bots", async () => {
      const a = await connected(env, { members: 1234 });
      await publishNow(env, a, { body: "Counted" });
      const res = await a.owner.client.post(`/api/workspaces/${a.workspace.id}/metrics/refresh`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ posts: 0, imported: 0, failed: [] });
      const rows = await env.t.deps.db.selectFrom("metrics").selectAll().where("workspace_id", "=", a.workspace.id).where("value", "is not", null).execute();
      expect(rows.map((r) => [r.metric, r.value])).toEqual([["followers", 1234]]);
      expect(env.sim.sim.requestsTo(HOST).filter((r) => r.path.endsWith("/getChatMemberCount")).length).toBeGreaterThan(0);
    });
  });
}
