import type { Card, Notification, Post } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "./helpers/posts.ts";
import { photo } from "./helpers/media.ts";
import { startSmtp } from "./helpers/smtp.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`posts and the content calendar [${dialect}]`, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    beforeAll(async () => {
      smtp = await startSmtp();
      t = await createTestApp(dialect, { env: { SMTP_URL: smtp.url } });
    });
    afterAll(async () => {
      await t.close();
      await smtp.close();
    });
    beforeEach(() => {
      t.clock.current = new Date("2026-11-26T09:00:00Z");
    });

    it("stores times in UTC from any offset and shows the post with per-channel variants", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const bsky = await addChannel(owner, workspace.id, "bluesky");
      // 09:00 in Seoul on 1 December.
      const post = await addPost(owner, workspace.id, {
        body: "New winter candles are here",
        variants: [
          { channelId: insta, text: null },
          { channelId: bsky, text: "Winter candles 🕯️" },
        ],
        scheduledAt: "2026-12-01T09:00:00+09:00",
        link: "https://candle.example/winter",
        campaign: "Winter Launch",
      });
      expect(post).toMatchObject({ status: "draft", title: "New winter candles are here", scheduledAt: "2026-12-01T00:00:00.000Z", deliveries: [], warnings: [] });
      const listed = (await owner.client.get(`/api/workspaces/${workspace.id}/posts?from=2026-12-01T00:00:00%2B09:00&to=2026-12-02T00:00:00%2B09:00`)).json<{ posts: Post[] }>().posts;
      expect(listed.map((p) => p.id)).toEqual([post.id]);
      const outside = (await owner.client.get(`/api/workspaces/${workspace.id}/posts?from=2026-12-02T00:00:00Z&to=2026-12-03T00:00:00Z`)).json<{ posts: Post[] }>().posts;
      expect(outside).toEqual([]);
    });

    it("refuses a channel, goal or file of another workspace, naming the field", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const other = await buildWorkspace(t.app);
      const foreign = await addChannel(other.owner, other.workspace.id, "instagram");
      const res = await owner.client.post(`/api/workspaces/${workspace.id}/posts`, { body: "x", variants: [{ channelId: foreign, text: null }], goalId: foreign });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field).sort()).toEqual(["goalId", "variants.0.channelId"]);
      const badTime = await owner.client.post(`/api/workspaces/${workspace.id}/posts`, { body: "x", scheduledAt: "2026-12-01 09:00" });
      expect(badTime.statusCode).toBe(400);
      expect(badTime.json().error.fields[0].field).toBe("scheduledAt");
      const badRule = await owner.client.post(`/api/workspaces/${workspace.id}/posts`, { body: "x", recurrence: "FREQ=MINUTELY" });
      expect(badRule.json().error.fields[0]).toMatchObject({ field: "recurrence", code: "validation.recurrence_too_often" });
    });

    it("warns about length per network, the same minute and near-duplicate text within 24 hours", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const x = await addChannel(owner, workspace.id, "x");
      const bsky = await addChannel(owner, workspace.id, "bluesky");
      // 150 Hangul syllables: 150 graphemes (fine on Bluesky's 300) but 300 weighted units on X (over 280).
      const long = "가".repeat(150);
      const a = await addPost(owner, workspace.id, { body: long, variants: [{ channelId: x, text: null }, { channelId: bsky, text: null }] });
      expect(a.warnings).toEqual([{ kind: "too_long", channelId: x, otherPostId: null, severity: "error", params: { network: "x", length: 300, limit: 280, over: 20 } }]);
      const first = await addPost(owner, workspace.id, { body: "Our autumn menu is here! Come try it today.", variants: [{ channelId: bsky, text: null }], scheduledAt: "2026-12-03T10:00:00Z" });
      const second = await addPost(owner, workspace.id, { body: "Our autumn menu is here!! Come and try it today", variants: [{ channelId: bsky, text: null }], scheduledAt: "2026-12-03T10:00:30Z" });
      expect(second.warnings.map((w) => [w.kind, w.otherPostId]).sort()).toEqual([
        ["near_duplicate", first.id],
        ["same_minute", first.id],
      ]);
      const later = await addPost(owner, workspace.id, { body: "Our autumn menu is here! Come try it today.", variants: [{ channelId: bsky, text: null }], scheduledAt: "2026-12-05T10:00:00Z" });
      expect(later.warnings).toEqual([]);
      const refused = await owner.client.post(`/api/workspaces/${workspace.id}/posts/${a.id}/schedule`, { scheduledAt: "2026-12-10T10:00:00Z" });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.fields[0]).toMatchObject({ field: "body", message: "Too long for x: 300 of 280 characters." });
    });

    it("publishes by reminder: the assignee is told at the time, with the text, and it is published only when confirmed", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const editor = await addMember(t.app, owner, workspace.id, "editor", await buildUser(t.app, { locale: "ko" }));
      const members = (await owner.client.get(`/api/workspaces/${workspace.id}/members`)).json().members as { id: string; userId: string }[];
      const editorMember = members.find((m) => m.userId === editor.user.id)!;
      const insta = await addChannel(owner, workspace.id, "instagram");
      const post = await addPost(editor, workspace.id, {
        body: "겨울 캔들 출시! 🕯️",
        variants: [{ channelId: insta, text: null }],
        link: "https://candle.example/winter?ref=bio",
        campaign: "Winter Launch",
        assigneeMemberId: editorMember.id,
      });
      const scheduled = await schedule(editor, workspace.id, post.id, "2026-11-26T10:00:00Z");
      expect(scheduled.status).toBe("scheduled");
      expect(scheduled.deliveries).toMatchObject([{ channelId: insta, mode: "reminder", status: "scheduled", dueAt: "2026-11-26T10:00:00.000Z" }]);

      const publisher = testPublisher(t);
      expect(await publisher.round()).toBe(0); // not due yet
      t.clock.advance(3600);
      expect(await publisher.round()).toBe(1);
      let now = await readPost(editor, workspace.id, post.id);
      expect(now.status).toBe("publishing");
      expect(now.deliveries[0]).toMatchObject({ status: "awaiting_confirmation", overdue: false });

      const bell = (await editor.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>();
      expect(bell.find((n) => n.kind === "post_due")).toMatchObject({ postId: post.id, cardId: null, cardTitle: "겨울 캔들 출시! 🕯️" });
      await expect.poll(() => smtp.inbox.find((m) => m.to && JSON.stringify(m.to).includes(editor.email))?.text ?? "").toContain("겨울 캔들 출시! 🕯️");
      const mail = smtp.inbox.find((m) => JSON.stringify(m.to).includes(editor.email))!;
      expect(mail.subject).toContain("인스타그램");
      // The link goes out tagged for the channel, keeping its own parameters.
      expect(mail.text).toContain("https://candle.example/winter?ref=bio&utm_source=instagram&utm_medium=social&utm_campaign=winter-launch");

      // Unconfirmed an hour later: overdue, and the post needs attention.
      t.clock.advance(3601);
      now = await readPost(editor, workspace.id, post.id);
      expect(now.status).toBe("needs_attention");
      expect(now.deliveries[0]!.overdue).toBe(true);

      const badLink = await editor.client.post(`/api/workspaces/${workspace.id}/posts/${post.id}/deliveries/${now.deliveries[0]!.id}/confirm`, { permalink: "instagram.com/p/1" });
      expect(badLink.statusCode).toBe(400);
      const confirmed = await editor.client.post(`/api/workspaces/${workspace.id}/posts/${post.id}/deliveries/${now.deliveries[0]!.id}/confirm`, { permalink: "https://www.instagram.com/p/C0ffee/" });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().post).toMatchObject({ status: "published", deliveries: [{ status: "published", permalink: "https://www.instagram.com/p/C0ffee/", overdue: false }] });
      // A second round changes nothing.
      expect(await publisher.round()).toBe(0);
    });

    it("publishes only approved posts when the workspace requires approval, decided on the post itself", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      await owner.client.patch(`/api/workspaces/${workspace.id}`, { requirePostApproval: true });
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      const insta = await addChannel(owner, workspace.id, "instagram");
      const base = `/api/workspaces/${workspace.id}/posts`;
      // No time yet: approving it leaves it approved, for its writer to schedule (a dated one is scheduled at once: review.test.ts).
      const post = await addPost(editor, workspace.id, { body: "Needs a yes", variants: [{ channelId: insta, text: null }] });
      const early = await editor.client.post(`${base}/${post.id}/schedule`, { scheduledAt: "2026-11-27T09:00:00Z" });
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe("post.needs_approval");

      const inReview = (await editor.client.post(`${base}/${post.id}/review`)).json<{ post: Post }>().post;
      expect(inReview).toMatchObject({ status: "in_review", cardId: null, lastReview: null });
      // One text: nothing is copied onto the board; its Review column reads the posts in review.
      const board = (await owner.client.get(`/api/workspaces/${workspace.id}/board`)).json<{ cards: Card[] }>().cards;
      expect(board.some((c) => c.title === "Needs a yes")).toBe(false);
      expect((await owner.client.get(`${base}?status=in_review`)).json<{ posts: Post[] }>().posts.map((p) => p.id)).toEqual([post.id]);
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/review`)).json()).toMatchObject({ canApprove: true, posts: [{ id: post.id }] });
      expect((await editor.client.get(`/api/workspaces/${workspace.id}/review`)).json()).toMatchObject({ canApprove: false });
      const ownerBell = (await owner.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>();
      expect(ownerBell.find((n) => n.kind === "approval_requested")).toMatchObject({ postId: post.id, cardId: null, cardTitle: "Needs a yes" });

      // The editor may not decide; the owner asks for changes (with a note), then approves the new version.
      const refused = await editor.client.post(`${base}/${post.id}/approve`, {});
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe("post.approval_forbidden");
      expect((await owner.client.post(`${base}/${post.id}/request-changes`, { comment: "  " })).statusCode).toBe(400);
      const sentBack = (await owner.client.post(`${base}/${post.id}/request-changes`, { comment: "Add the opening hours" })).json<{ post: Post }>().post;
      expect(sentBack).toMatchObject({ status: "draft", lastReview: { decision: "changes_requested", byName: owner.user.name, note: "Add the opening hours" } });
      const editorBell = (await editor.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>();
      expect(editorBell.find((n) => n.kind === "changes_requested")).toMatchObject({ postId: post.id });
      expect((await owner.client.post(`${base}/${post.id}/approve`, {})).statusCode).toBe(200);
      const reviewed = (await editor.client.patch(`${base}/${post.id}`, { title: "", body: "Needs a yes — open 9 to 6" })).json<{ post: Post }>().post;
      expect(reviewed).toMatchObject({ status: "draft", lastReview: null });
      await editor.client.post(`${base}/${post.id}/review`);
      const approved = (await owner.client.post(`${base}/${post.id}/approve`, { comment: "Good" })).json<{ post: Post }>().post;
      expect(approved).toMatchObject({ status: "approved", approvedBy: owner.user.id, lastReview: { decision: "approved", note: "Good" } });
      expect((await editor.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>().some((n) => n.kind === "approved" && n.postId === post.id)).toBe(true);

      // Saving it unchanged (a form sends every field) keeps the approval; changing the text takes it back.
      const same = (await editor.client.patch(`${base}/${post.id}`, { body: "Needs a yes — open 9 to 6", title: "", variants: approved.variants, assigneeMemberId: approved.assigneeMemberId })).json<{ post: Post }>().post;
      expect(same.status).toBe("approved");
      const edited = (await editor.client.patch(`${base}/${post.id}`, { body: "Changed after approval" })).json<{ post: Post }>().post;
      expect(edited).toMatchObject({ status: "draft", lastReview: null });
      expect((await editor.client.post(`${base}/${post.id}/schedule`, { scheduledAt: "2026-11-27T09:00:00Z" })).statusCode).toBe(409);
      await editor.client.post(`${base}/${post.id}/review`);
      await owner.client.post(`${base}/${post.id}/approve`, {});
      const ok = await schedule(editor, workspace.id, post.id, "2026-11-27T09:00:00Z");
      expect(ok.status).toBe("scheduled");
      // A scheduled post is not edited under the publisher: unschedule first (moving it is fine).
      const locked = await editor.client.patch(`${base}/${post.id}`, { body: "sneaky" });
      expect(locked.statusCode).toBe(409);
      expect(locked.json().error.code).toBe("post.unschedule_to_edit");
      const moved = (await editor.client.post(`${base}/${post.id}/move`, { scheduledAt: "2026-11-28T09:00:00Z" })).json<{ post: Post }>().post;
      expect(moved).toMatchObject({ scheduledAt: "2026-11-28T09:00:00.000Z", deliveries: [{ dueAt: "2026-11-28T09:00:00.000Z", status: "scheduled" }] });
      const back = (await editor.client.post(`${base}/${post.id}/unschedule`)).json<{ post: Post }>().post;
      expect(back).toMatchObject({ status: "approved", deliveries: [] });
      // Every step is in the post's history, with who took it.
      const activity = (await owner.client.get(`${base}/${post.id}/activity`)).json<{ activity: { kind: string; authorName: string | null }[] }>().activity;
      expect(activity.map((a) => a.kind)).toEqual(["submitted", "changes_requested", "approved", "unapproved", "submitted", "approved", "unapproved", "submitted", "approved", "scheduled", "unscheduled"]);
      expect(activity[1]).toMatchObject({ authorName: owner.user.name });
    });

    it("repeats a recurring post at the same local time across a daylight-saving change", async () => {
      // Every Saturday 08:00 New York time, from Saturday 6 March 2027; clocks go forward on Sunday 14 March.
      t.clock.current = new Date("2027-03-05T12:00:00Z");
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { timezone: "America/New_York" });
      const fb = await addChannel(owner, workspace.id, "facebook");
      const post = await addPost(owner, workspace.id, { body: "Weekend hours", variants: [{ channelId: fb, text: null }], scheduledAt: "2027-03-06T08:00:00-05:00", recurrence: "FREQ=WEEKLY;BYDAY=SA" });
      const scheduled = await schedule(owner, workspace.id, post.id);
      // Occurrences become deliveries eight days ahead.
      expect(scheduled.deliveries.map((d) => d.dueAt)).toEqual(["2027-03-06T13:00:00.000Z"]);
      t.clock.current = new Date("2027-03-13T12:00:00Z");
      await testPublisher(t).round();
      const later = await readPost(owner, workspace.id, post.id);
      // 13 March is before the change (08:00 EST = 13:00 UTC), 20 March after it (08:00 EDT = 12:00 UTC).
      expect(later.deliveries.map((d) => d.dueAt)).toEqual(["2027-03-06T13:00:00.000Z", "2027-03-13T13:00:00.000Z", "2027-03-20T12:00:00.000Z"]);
      await owner.client.post(`/api/workspaces/${workspace.id}/posts/${post.id}/unschedule`);
    });

    it("holds a post that fell due while the server was down for longer than the workspace allows", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      await owner.client.patch(`/api/workspaces/${workspace.id}`, { missedPostMinutes: 30 });
      const insta = await addChannel(owner, workspace.id, "instagram");
      const soon = await addPost(owner, workspace.id, { body: "slightly late is fine", variants: [{ channelId: insta, text: null }] });
      const missed = await addPost(owner, workspace.id, { body: "too late", variants: [{ channelId: insta, text: null }] });
      await schedule(owner, workspace.id, soon.id, "2026-11-26T09:50:00Z");
      await schedule(owner, workspace.id, missed.id, "2026-11-26T09:05:00Z");
      // "Down" from 09:00 to 10:00: the first is 10 minutes late, the second 55.
      t.clock.current = new Date("2026-11-26T10:00:00Z");
      await testPublisher(t).round();
      expect((await readPost(owner, workspace.id, soon.id)).deliveries[0]!.status).toBe("awaiting_confirmation");
      const held = await readPost(owner, workspace.id, missed.id);
      expect(held.status).toBe("needs_attention");
      expect(held.deliveries[0]).toMatchObject({ status: "needs_attention", error: { code: "publish.missed" } });
      // A person decides: send it now.
      const retried = await owner.client.post(`/api/workspaces/${workspace.id}/posts/${missed.id}/deliveries/${held.deliveries[0]!.id}/resolve`, { action: "retry" });
      expect(retried.json().post.deliveries[0].status).toBe("scheduled");
      await testPublisher(t).round();
      expect((await readPost(owner, workspace.id, missed.id)).deliveries[0]!.status).toBe("awaiting_confirmation");
    });

    it("never lets two workers claim the same delivery", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        const p = await addPost(owner, workspace.id, { body: `post ${i} ${"x".repeat(i)}`, variants: [{ channelId: insta, text: null }] });
        await schedule(owner, workspace.id, p.id, "2026-11-26T09:00:30Z");
        ids.push(p.id);
      }
      t.clock.advance(60);
      const a = testPublisher(t, { workerId: "a", batchSize: 7 });
      const b = testPublisher(t, { workerId: "b", batchSize: 7 });
      const now = t.clock.now();
      const claims = await Promise.all([a.claim(now), b.claim(now), a.claim(now), b.claim(now), a.claim(now), b.claim(now), a.claim(now)]);
      const claimed = claims.flat().map((d) => d.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBe(40);
    });

    it("sends links as counting short links when the workspace wants them; bots are not counted", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      await owner.client.patch(`/api/workspaces/${workspace.id}`, { shortLinks: true });
      const insta = await addChannel(owner, workspace.id, "instagram");
      const post = await addPost(owner, workspace.id, { body: "Shop the look", variants: [{ channelId: insta, text: null }], link: "https://candle.example/look", campaign: "Spring" });
      await schedule(owner, workspace.id, post.id, "2026-11-26T09:00:30Z");
      t.clock.advance(60);
      await testPublisher(t).round();
      const d = (await readPost(owner, workspace.id, post.id)).deliveries[0]!;
      expect(d.shortPath).toMatch(/^\/l\/[A-Za-z0-9]{8}$/);
      await expect.poll(() => smtp.inbox.find((m) => m.text?.includes(d.shortPath!))?.text ?? "").toContain(`http://socialplan.test${d.shortPath}`);
      const human = await t.app.inject({ method: "GET", url: d.shortPath!, headers: { "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148" } });
      expect(human.statusCode).toBe(302);
      expect(human.headers.location).toBe("https://candle.example/look?utm_source=instagram&utm_medium=social&utm_campaign=spring");
      await t.app.inject({ method: "GET", url: d.shortPath!, headers: { "user-agent": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)" } });
      await t.app.inject({ method: "GET", url: d.shortPath!, headers: { "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0" } });
      const links = (await owner.client.get(`/api/workspaces/${workspace.id}/links`)).json().links;
      expect(links).toEqual([{ code: d.shortPath!.slice(3), postId: post.id, channelId: insta, campaign: "Spring", target: human.headers.location, clicks: 2, days: [{ day: "2026-11-26", clicks: 2 }] }]);
      expect((await t.app.inject({ method: "GET", url: "/l/NoSuchCode" })).statusCode).toBe(404);
    });

    it("shows a post among the places a library file is used, and takes it out of the post when the file is deleted anyway", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const upload = await owner.client.upload(`/api/workspaces/${workspace.id}/assets?name=jar.jpg`, await photo(300, 200));
      const assetId = upload.json().asset.id as string;
      const post = await addPost(owner, workspace.id, { title: "Jar post", body: "A jar", variants: [{ channelId: insta, text: null }], media: [{ assetId, alt: "A jar" }] });
      const detail = (await owner.client.get(`/api/workspaces/${workspace.id}/assets/${assetId}`)).json();
      expect(detail.uses).toEqual([{ kind: "post", id: post.id, title: "Jar post" }]);
      expect((await owner.client.delete(`/api/workspaces/${workspace.id}/assets/${assetId}`)).statusCode).toBe(409);
      expect((await owner.client.delete(`/api/workspaces/${workspace.id}/assets/${assetId}?force=true`)).statusCode).toBeLessThan(300);
      expect((await readPost(owner, workspace.id, post.id)).media).toEqual([]);
    });

    it("lets viewers read the calendar but not change it", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const viewer = await addMember(t.app, owner, workspace.id, "viewer");
      const post = await addPost(owner, workspace.id, { body: "hello" });
      expect((await viewer.client.get(`/api/workspaces/${workspace.id}/posts`)).statusCode).toBe(200);
      expect((await viewer.client.patch(`/api/workspaces/${workspace.id}/posts/${post.id}`, { body: "x" })).statusCode).toBe(403);
      expect((await viewer.client.delete(`/api/workspaces/${workspace.id}/posts/${post.id}`)).statusCode).toBe(403);
      expect((await owner.client.delete(`/api/workspaces/${workspace.id}/posts/${post.id}`)).statusCode).toBe(200);
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/posts/${post.id}`)).statusCode).toBe(404);
    });
  });
}
