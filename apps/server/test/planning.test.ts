import type { BulkResult, Notification, Post, PostActivity, QueueItem, Slots, UndoResult } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addMember, buildUser, buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { addChannel, addPost, readPost, schedule, testPublisher } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`planning many posts: slots, queue, duplicate, bulk changes and undo [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());
    beforeEach(() => {
      t.clock.current = new Date("2026-12-07T00:00:00Z"); // Monday 09:00 in Seoul
    });

    const bulk = async (user: TestUser, workspaceId: string, postIds: string[], action: Record<string, unknown>) => {
      const res = await user.client.post(`/api/workspaces/${workspaceId}/posts/bulk`, { postIds, action });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<BulkResult>();
    };
    const undo = async (user: TestUser, workspaceId: string, undoId: string | null) => {
      const res = await user.client.post(`/api/workspaces/${workspaceId}/undo/${undoId}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<UndoResult>();
    };
    const putSlots = async (user: TestUser, workspaceId: string, channelId: string, slots: { weekday: number; time: string }[]) => {
      const res = await user.client.put(`/api/workspaces/${workspaceId}/slots/${channelId}`, { slots });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const queue = async (user: TestUser, workspaceId: string, query: string) => {
      const res = await user.client.get(`/api/workspaces/${workspaceId}/queue?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: QueueItem[] }>().items;
    };
    const exists = async (user: TestUser, workspaceId: string, postId: string) => (await user.client.get(`/api/workspaces/${workspaceId}/posts/${postId}`)).statusCode === 200;

    it("keeps posting slots per channel and refuses a bad weekday or time naming the field", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const base = `/api/workspaces/${workspace.id}/slots`;
      expect((await owner.client.get(base)).json<Slots>()).toEqual({ channels: [] });
      const saved = await putSlots(owner, workspace.id, insta, [
        { weekday: 5, time: "09:00" },
        { weekday: 1, time: "18:30" },
        { weekday: 1, time: "09:00" },
      ]);
      expect(saved.slots).toEqual([
        { weekday: 1, time: "09:00" },
        { weekday: 1, time: "18:30" },
        { weekday: 5, time: "09:00" },
      ]);
      expect((await owner.client.get(base)).json<Slots>()).toEqual({ channels: [{ channelId: insta, slots: saved.slots }] });

      const badDay = await owner.client.put(`${base}/${insta}`, { slots: [{ weekday: 8, time: "09:00" }] });
      expect(badDay.statusCode).toBe(400);
      expect(badDay.json().error.fields).toMatchObject([{ field: "slots.0.weekday", message: "Weekday must be at most 7." }]);
      const badTime = await owner.client.put(`${base}/${insta}`, { slots: [{ weekday: 1, time: "9:00" }] });
      expect(badTime.statusCode).toBe(400);
      expect(badTime.json().error.fields[0]).toMatchObject({ field: "slots.0.time", code: "validation.time" });
      expect(badTime.json().error.message).toContain("HH:mm");
      const twice = await owner.client.put(`${base}/${insta}`, { slots: [{ weekday: 1, time: "09:00" }, { weekday: 1, time: "09:00" }] });
      expect(twice.json().error.fields).toMatchObject([{ field: "slots.1", code: "slot.twice" }]);
      // In Korean too.
      const ko = await buildUser(t.app, { locale: "ko" });
      const koSpace = await buildWorkspace(t.app, ko);
      const koChannel = await addChannel(ko, koSpace.workspace.id, "instagram");
      const koBad = await ko.client.put(`/api/workspaces/${koSpace.workspace.id}/slots/${koChannel}`, { slots: [{ weekday: 1, time: "25:00" }] });
      expect(koBad.json().error.message).toContain("24시간제");

      // Only the strategy's channels of this workspace; viewers read but do not change.
      expect((await owner.client.put(`${base}/${koChannel}`, { slots: [] })).statusCode).toBe(404);
      expect((await owner.client.put(`${base}/${crypto.randomUUID()}`, { slots: [] })).statusCode).toBe(404);
      const viewer = await addMember(t.app, owner, workspace.id, "viewer");
      expect((await viewer.client.get(base)).statusCode).toBe(200);
      expect((await viewer.client.put(`${base}/${insta}`, { slots: [] })).statusCode).toBe(403);
      await putSlots(owner, workspace.id, insta, []);
      expect((await owner.client.get(base)).json<Slots>()).toEqual({ channels: [] });
    });

    it("queues the next slots in the workspace's zone across the change to summer time, with the post that takes each", async () => {
      t.clock.current = new Date("2027-03-25T12:00:00Z"); // Thursday; Berlin's clocks go forward on Sunday 28 March
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { timezone: "Europe/Berlin", currency: "EUR" });
      const insta = await addChannel(owner, workspace.id, "instagram");
      const bsky = await addChannel(owner, workspace.id, "bluesky");
      await putSlots(owner, workspace.id, insta, [
        { weekday: 1, time: "09:00" },
        { weekday: 5, time: "09:00" },
        { weekday: 7, time: "02:30" },
      ]);
      await putSlots(owner, workspace.id, bsky, [{ weekday: 6, time: "12:00" }]);
      const taken = await addPost(owner, workspace.id, { body: "Spring", variants: [{ channelId: insta, text: null }], scheduledAt: "2027-03-29T07:00:00Z" });
      await addPost(owner, workspace.id, { body: "Other channel", variants: [{ channelId: bsky, text: null }], scheduledAt: "2027-03-26T08:00:00Z" });

      expect(await queue(owner, workspace.id, `channelId=${insta}&count=4`)).toEqual([
        { channelId: insta, at: "2027-03-26T08:00:00.000Z", postId: null }, // Fri 09:00 CET
        { channelId: insta, at: "2027-03-28T01:30:00.000Z", postId: null }, // Sun 02:30 does not exist: 03:30 CEST
        { channelId: insta, at: "2027-03-29T07:00:00.000Z", postId: taken.id }, // Mon 09:00 CEST
        { channelId: insta, at: "2027-04-02T07:00:00.000Z", postId: null },
      ]);
      const all = await queue(owner, workspace.id, "count=1");
      expect(all).toEqual([
        { channelId: insta, at: "2027-03-26T08:00:00.000Z", postId: null },
        { channelId: bsky, at: "2027-03-27T11:00:00.000Z", postId: null },
      ]);
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/queue?count=0`)).statusCode).toBe(400);
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/queue?channelId=${crypto.randomUUID()}`)).statusCode).toBe(404);
    });

    it("puts a post into the earliest free slot, skipping taken slots and a recurring post's occurrences, and undoes it", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const bsky = await addChannel(owner, workspace.id, "bluesky");
      await putSlots(owner, workspace.id, insta, [1, 3, 5].map((weekday) => ({ weekday, time: "10:00" })));
      const on = (text: string, extra: Record<string, unknown> = {}) => addPost(owner, workspace.id, { body: text, variants: [{ channelId: insta, text: null }], ...extra });
      await on("Monday's post", { scheduledAt: "2026-12-07T10:00:00+09:00" });
      await on("Every Wednesday", { scheduledAt: "2026-12-02T10:00:00+09:00", recurrence: "FREQ=WEEKLY;BYDAY=WE" });
      const draft = await on("A draft without a time");
      const base = `/api/workspaces/${workspace.id}/posts`;

      const res = await owner.client.post(`${base}/${draft.id}/next-slot`, {});
      expect(res.statusCode, res.body).toBe(200);
      const taken = res.json<{ post: Post; undoId: string }>();
      expect(taken.post).toMatchObject({ status: "draft", scheduledAt: "2026-12-11T01:00:00.000Z", deliveries: [] });
      expect(taken.undoId).toEqual(expect.any(String));

      const later = await on("Scheduled for the 20th", { scheduledAt: "2026-12-20T10:00:00+09:00" });
      await schedule(owner, workspace.id, later.id);
      const moved = (await owner.client.post(`${base}/${later.id}/next-slot`, { channelId: insta })).json<{ post: Post; undoId: string }>();
      expect(moved.post).toMatchObject({ status: "scheduled", scheduledAt: "2026-12-14T01:00:00.000Z" });
      expect(moved.post.deliveries.map((d) => [d.dueAt, d.status])).toEqual([["2026-12-14T01:00:00.000Z", "scheduled"]]);
      const queued = await queue(owner, workspace.id, `channelId=${insta}&count=4`);
      expect(queued.map((q) => q.postId !== null)).toEqual([true, true, true, true]);

      // No slots on Bluesky: said plainly.
      const none = await owner.client.post(`${base}/${draft.id}/next-slot`, { channelId: bsky });
      expect(none.statusCode).toBe(409);
      expect(none.json().error).toMatchObject({ code: "slot.none" });
      expect((await owner.client.post(`${base}/${draft.id}/next-slot`, { channelId: crypto.randomUUID() })).statusCode).toBe(400);
      // Undo puts the scheduled post and its delivery back on the 20th.
      expect(await undo(owner, workspace.id, moved.undoId)).toEqual({ restored: [later.id], skipped: [] });
      const back = await readPost(owner, workspace.id, later.id);
      expect(back).toMatchObject({ status: "scheduled", scheduledAt: "2026-12-20T01:00:00.000Z" });
      expect(back.deliveries.map((d) => d.dueAt)).toEqual(["2026-12-20T01:00:00.000Z"]);

      // Another channel's slot: a post being written gets that channel; a scheduled one is not changed under the publisher.
      await putSlots(owner, workspace.id, bsky, [{ weekday: 2, time: "12:00" }]);
      const toBsky = (await owner.client.post(`${base}/${draft.id}/next-slot`, { channelId: bsky })).json<{ post: Post; undoId: string }>();
      expect(toBsky.post).toMatchObject({ scheduledAt: "2026-12-08T03:00:00.000Z", variants: [{ channelId: insta }, { channelId: bsky }] });
      const refused = await owner.client.post(`${base}/${later.id}/next-slot`, { channelId: bsky });
      expect(refused.json().error.code).toBe("post.unschedule_to_edit");
      await undo(owner, workspace.id, toBsky.undoId);
      expect(await readPost(owner, workspace.id, draft.id)).toMatchObject({ scheduledAt: "2026-12-11T01:00:00.000Z", variants: [{ channelId: insta, text: null }] });

    });

    it("duplicates a post as a draft to another day and channel, without deliveries, approval or history", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const bsky = await addChannel(owner, workspace.id, "bluesky");
      const facebook = await addChannel(owner, workspace.id, "facebook");
      const image = (await owner.client.upload(`/api/workspaces/${workspace.id}/assets?name=jar.jpg`, await photo(300, 200))).json().asset.id as string;
      const source = await addPost(owner, workspace.id, {
        body: "Winter candles are here",
        variants: [{ channelId: insta, text: null }, { channelId: bsky, text: "Winter candles! 🕯️" }],
        media: [{ assetId: image, alt: "A jar candle" }],
        link: "https://candle.example/winter",
        utm: { utm_campaign: "winter" },
        campaign: "Winter",
        pillar: "Products",
        scheduledAt: "2026-12-10T09:00:00+09:00",
      });
      const base = `/api/workspaces/${workspace.id}/posts/${source.id}`;
      await owner.client.post(`${base}/comments`, { body: "Looks good" });
      await owner.client.post(`${base}/review`);
      await owner.client.post(`${base}/approve`, {});
      expect((await readPost(owner, workspace.id, source.id)).approvedAt).not.toBeNull();

      const res = await owner.client.post(`${base}/duplicate`, { scheduledLocal: { dateTime: "2026-12-15T18:00" }, channelIds: [bsky, facebook] });
      expect(res.statusCode, res.body).toBe(201);
      const { post: copy, undoId } = res.json<{ post: Post; undoId: string }>();
      expect(copy.id).not.toBe(source.id);
      expect(copy).toMatchObject({
        status: "draft",
        body: "Winter candles are here",
        scheduledAt: "2026-12-15T09:00:00.000Z",
        variants: [{ channelId: bsky, text: "Winter candles! 🕯️" }, { channelId: facebook, text: null }],
        media: [{ assetId: image, alt: "A jar candle" }],
        link: "https://candle.example/winter",
        utm: { utm_campaign: "winter" },
        campaign: "Winter",
        pillar: "Products",
        deliveries: [],
        approvedBy: null,
        approvedAt: null,
        lastReview: null,
        recurrence: null,
      });
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/posts/${copy.id}/activity`)).json<{ activity: PostActivity[] }>().activity).toEqual([]);

      // Left out: the same time and channels.
      const same = (await owner.client.post(`${base}/duplicate`, {})).json<{ post: Post }>().post;
      expect(same).toMatchObject({ scheduledAt: source.scheduledAt, variants: source.variants, status: "draft" });
      const bad = await owner.client.post(`${base}/duplicate`, { channelIds: [crypto.randomUUID()] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields[0]).toMatchObject({ field: "channelIds.0", code: "post.unknown_channel" });

      // Only the last change can be undone: the first copy's undo is gone, the second's removes it.
      expect((await owner.client.post(`/api/workspaces/${workspace.id}/undo/${undoId}`)).json().error.code).toBe("undo.expired");
      expect(await exists(owner, workspace.id, copy.id)).toBe(true);
      const lastUndo = (await owner.client.post(`${base}/duplicate`, {})).json<{ post: Post; undoId: string }>();
      expect(await undo(owner, workspace.id, lastUndo.undoId)).toEqual({ restored: [lastUndo.post.id], skipped: [] });
      expect(await exists(owner, workspace.id, lastUndo.post.id)).toBe(false);
      expect(await exists(owner, workspace.id, source.id)).toBe(true);
    });

    it("shifts posts by days keeping their wall-clock time across summer time, skipping posts without a date and other workspaces' posts", async () => {
      t.clock.current = new Date("2027-03-20T12:00:00Z");
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { timezone: "Europe/Berlin", currency: "EUR" });
      const insta = await addChannel(owner, workspace.id, "instagram");
      const v = [{ channelId: insta, text: null }];
      const friday = await addPost(owner, workspace.id, { body: "Friday", variants: v, scheduledAt: "2027-03-26T08:00:00Z" }); // 09:00 CET
      const scheduled = await addPost(owner, workspace.id, { body: "Saturday", variants: v, scheduledAt: "2027-03-27T17:00:00Z" }); // 18:00 CET
      await schedule(owner, workspace.id, scheduled.id);
      const idea = await addPost(owner, workspace.id, { body: "Some day", status: "idea" });
      const stranger = await buildWorkspace(t.app);
      const theirs = await addPost(stranger.owner, stranger.workspace.id, { body: "Not yours", scheduledAt: "2027-03-26T08:00:00Z" });

      const result = await bulk(owner, workspace.id, [friday.id, scheduled.id, idea.id, theirs.id], { kind: "shift", days: 7 });
      expect(result.changed).toEqual([friday.id, scheduled.id]);
      expect(result.skipped).toEqual([
        { postId: idea.id, code: "bulk.no_date", message: expect.stringContaining("no date") },
        { postId: theirs.id, code: "post.not_found", message: expect.stringContaining("does not exist") },
      ]);
      expect((await readPost(owner, workspace.id, friday.id)).scheduledAt).toBe("2027-04-02T07:00:00.000Z"); // 09:00 CEST
      const moved = await readPost(owner, workspace.id, scheduled.id);
      expect(moved.scheduledAt).toBe("2027-04-03T16:00:00.000Z");
      expect(moved.deliveries.map((d) => d.dueAt)).toEqual(["2027-04-03T16:00:00.000Z"]);
      expect((await readPost(stranger.owner, stranger.workspace.id, theirs.id)).scheduledAt).toBe("2027-03-26T08:00:00.000Z");

      expect(await undo(owner, workspace.id, result.undoId)).toEqual({ restored: [friday.id, scheduled.id], skipped: [] });
      expect((await readPost(owner, workspace.id, friday.id)).scheduledAt).toBe("2027-03-26T08:00:00.000Z");
      const back = await readPost(owner, workspace.id, scheduled.id);
      expect(back).toMatchObject({ status: "scheduled", scheduledAt: "2027-03-27T17:00:00.000Z" });
      expect(back.deliveries.map((d) => [d.dueAt, d.status])).toEqual([["2027-03-27T17:00:00.000Z", "scheduled"]]);
      // Undone once: not again.
      const again = await owner.client.post(`/api/workspaces/${workspace.id}/undo/${result.undoId}`);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe("undo.expired");
    });

    it("reschedules posts to a day keeping each one's time, and undoes it", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const v = [{ channelId: insta, text: null }];
      const morning = await addPost(owner, workspace.id, { body: "Morning", variants: v, scheduledAt: "2026-12-08T10:00:00+09:00" });
      const evening = await addPost(owner, workspace.id, { body: "Evening", variants: v, scheduledAt: "2026-12-09T19:30:00+09:00" });
      const undated = await addPost(owner, workspace.id, { body: "No time yet", variants: v });
      const result = await bulk(owner, workspace.id, [morning.id, evening.id, undated.id], { kind: "reschedule", date: "2026-12-18", time: "11:00" });
      expect(result).toMatchObject({ changed: [morning.id, evening.id, undated.id], skipped: [] });
      const times = async () => Promise.all([morning, evening, undated].map(async (p) => (await readPost(owner, workspace.id, p.id)).scheduledAt));
      expect(await times()).toEqual(["2026-12-18T01:00:00.000Z", "2026-12-18T10:30:00.000Z", "2026-12-18T02:00:00.000Z"]);
      await undo(owner, workspace.id, result.undoId);
      expect(await times()).toEqual(["2026-12-08T01:00:00.000Z", "2026-12-09T10:30:00.000Z", null]);
      expect((await owner.client.post(`/api/workspaces/${workspace.id}/posts/bulk`, { postIds: [morning.id], action: { kind: "reschedule", date: "2026-13-01" } })).json().error.fields).toMatchObject([{ field: "action.date", code: "validation.date" }]);
    });

    it("changes the status of many posts by the single-post rules, with a translated reason for each post it cannot change", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const v = [{ channelId: insta, text: null }];
      const ready = await addPost(owner, workspace.id, { body: "Ready to go", variants: v, scheduledAt: "2026-12-10T10:00:00+09:00" });
      const empty = await addPost(owner, workspace.id, { body: "", variants: v, scheduledAt: "2026-12-10T11:00:00+09:00" });
      const noTime = await addPost(owner, workspace.id, { body: "When?", variants: v });
      const already = await addPost(owner, workspace.id, { body: "Scheduled before", variants: v, scheduledAt: "2026-12-11T10:00:00+09:00" });
      await schedule(owner, workspace.id, already.id);

      const scheduled = await bulk(owner, workspace.id, [ready.id, empty.id, noTime.id, already.id], { kind: "status", status: "scheduled" });
      expect(scheduled.changed).toEqual([ready.id]);
      expect(scheduled.skipped).toEqual([
        { postId: empty.id, code: "post.empty", message: "Write something (or add an image) before scheduling." },
        { postId: noTime.id, code: "post.no_time", message: "Choose when it goes out." },
        { postId: already.id, code: "bulk.already", message: "This post is scheduled already." },
      ]);
      expect(await readPost(owner, workspace.id, ready.id)).toMatchObject({ status: "scheduled", deliveries: [{ dueAt: "2026-12-10T01:00:00.000Z" }] });
      // The reasons come in the reader's language, the post's state in it too.
      const kim = await addMember(t.app, owner, workspace.id, "editor", await buildUser(t.app, { locale: "ko" }));
      const korean = await bulk(kim, workspace.id, [already.id, noTime.id], { kind: "status", status: "scheduled" });
      expect(korean.skipped.map((s) => s.message)).toEqual(["이 게시물은 이미 예약됨 상태입니다.", expect.stringMatching(/[가-힣]/)]);
      // Undo takes it off the schedule again, its delivery with it; the history says so.
      await undo(owner, workspace.id, scheduled.undoId);
      expect(await readPost(owner, workspace.id, ready.id)).toMatchObject({ status: "draft", deliveries: [] });

      const back = await bulk(owner, workspace.id, [already.id, noTime.id], { kind: "status", status: "idea" });
      expect(back.changed).toEqual([already.id, noTime.id]);
      expect(await readPost(owner, workspace.id, already.id)).toMatchObject({ status: "idea", deliveries: [] });
      const activity = (await owner.client.get(`/api/workspaces/${workspace.id}/posts/${already.id}/activity`)).json<{ activity: PostActivity[] }>().activity;
      expect(activity.map((a) => a.kind)).toEqual(["scheduled", "unscheduled"]);
      await undo(owner, workspace.id, back.undoId);
      expect(await readPost(owner, workspace.id, already.id)).toMatchObject({ status: "scheduled", deliveries: [{ dueAt: "2026-12-11T01:00:00.000Z", status: "scheduled" }] });
      expect((await readPost(owner, workspace.id, noTime.id)).status).toBe("draft");

      // A post half published cannot go back to writing: its part of the change is rolled back whole.
      const bsky = await addChannel(owner, workspace.id, "bluesky");
      const half = await addPost(owner, workspace.id, { body: "Half out", variants: [...v, { channelId: bsky, text: null }], scheduledAt: "2026-12-20T00:00:00Z" });
      await schedule(owner, workspace.id, half.id);
      await t.deps.db.updateTable("deliveries").set({ status: "published", attempts: 1 }).where("post_id", "=", half.id).where("channel_id", "=", insta).execute();
      const refused = await bulk(owner, workspace.id, [half.id], { kind: "status", status: "draft" });
      expect(refused).toMatchObject({ changed: [], skipped: [{ postId: half.id, code: "post.already_published" }], undoId: null });
      const kept = (await readPost(owner, workspace.id, half.id)).deliveries;
      expect(Object.fromEntries(kept.map((d) => [d.channelId, d.status]))).toEqual({ [insta]: "published", [bsky]: "scheduled" });

      // A workspace that requires approval schedules only approved posts.
      await owner.client.patch(`/api/workspaces/${workspace.id}`, { requirePostApproval: true });
      const unapproved = await bulk(owner, workspace.id, [ready.id], { kind: "status", status: "scheduled" });
      expect(unapproved).toEqual({ changed: [], skipped: [{ postId: ready.id, code: "post.needs_approval", message: expect.stringContaining("approval") }], undoId: null });
    });

    it("deletes many posts, not one being published, and undo brings them back with their comments, history and notifications", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const minji = await addMember(t.app, owner, workspace.id, "editor", await buildUser(t.app, { name: "Minji" }));
      const insta = await addChannel(owner, workspace.id, "instagram");
      const v = [{ channelId: insta, text: null }];
      const talked = await addPost(owner, workspace.id, { body: "Talked about", variants: v, scheduledAt: "2026-12-12T10:00:00+09:00" });
      await owner.client.post(`/api/workspaces/${workspace.id}/posts/${talked.id}/comments`, { body: "@Minji is the price right?" });
      await schedule(owner, workspace.id, talked.id);
      const sending = await addPost(owner, workspace.id, { body: "Going out now", variants: v, scheduledAt: "2026-12-07T09:00:00+09:00" });
      await schedule(owner, workspace.id, sending.id);
      await t.deps.db.updateTable("deliveries").set({ status: "publishing", attempts: 1 }).where("post_id", "=", sending.id).execute();
      const stranger = await buildWorkspace(t.app);
      const theirs = await addPost(stranger.owner, stranger.workspace.id, { body: "Not yours" });
      const activityOf = async (id: string) => (await owner.client.get(`/api/workspaces/${workspace.id}/posts/${id}/activity`)).json<{ activity: PostActivity[] }>().activity;
      const before = { post: await readPost(owner, workspace.id, talked.id), activity: await activityOf(talked.id) };
      expect(before.activity.map((a) => a.kind)).toEqual(["comment", "scheduled"]);
      const mentioned = (await minji.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>().filter((n) => n.postId === talked.id);
      expect(mentioned).toHaveLength(1);

      const result = await bulk(owner, workspace.id, [talked.id, sending.id, theirs.id], { kind: "delete" });
      expect(result.changed).toEqual([talked.id]);
      expect(result.skipped.map((s) => [s.postId, s.code])).toEqual([
        [sending.id, "post.publishing_now"],
        [theirs.id, "post.not_found"],
      ]);
      expect(await exists(owner, workspace.id, talked.id)).toBe(false);
      expect(await exists(owner, workspace.id, sending.id)).toBe(true);
      expect(await exists(stranger.owner, stranger.workspace.id, theirs.id)).toBe(true);

      // Another member cannot undo it; the member who made it can, once.
      const refused = await minji.client.post(`/api/workspaces/${workspace.id}/undo/${result.undoId}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe("undo.not_yours");
      const elsewhere = await stranger.owner.client.post(`/api/workspaces/${stranger.workspace.id}/undo/${result.undoId}`);
      expect(elsewhere.json().error.code).toBe("undo.expired");
      expect(await undo(owner, workspace.id, result.undoId)).toEqual({ restored: [talked.id], skipped: [] });
      const after = await readPost(owner, workspace.id, talked.id);
      expect(after).toEqual({ ...before.post, warnings: after.warnings });
      expect(await activityOf(talked.id)).toEqual(before.activity);
      expect((await minji.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>().filter((n) => n.postId === talked.id)).toEqual(mentioned);
      expect((await owner.client.post(`/api/workspaces/${workspace.id}/undo/${result.undoId}`)).statusCode).toBe(409);
    });

    it("leaves a post published since the change as it is when undoing, and never sends it twice", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const v = [{ channelId: insta, text: null }];
      // Tomorrow 09:02, moved to today 09:02 (in two minutes).
      const soon = await addPost(owner, workspace.id, { body: "Moved to today", variants: v, scheduledAt: "2026-12-08T00:02:00Z" });
      await schedule(owner, workspace.id, soon.id);
      const other = await addPost(owner, workspace.id, { body: "Stays a draft", variants: v, scheduledAt: "2026-12-09T00:00:00Z" });
      const result = await bulk(owner, workspace.id, [soon.id, other.id], { kind: "shift", days: -1 });
      expect(result.changed).toEqual([soon.id, other.id]);

      t.clock.advance(180);
      const publisher = testPublisher(t);
      expect(await publisher.round()).toBe(1);
      const due = await readPost(owner, workspace.id, soon.id);
      const confirmed = await owner.client.post(`/api/workspaces/${workspace.id}/posts/${soon.id}/deliveries/${due.deliveries[0]!.id}/confirm`, { permalink: null });
      expect(confirmed.statusCode, confirmed.body).toBe(200);

      const undone = await undo(owner, workspace.id, result.undoId);
      expect(undone.restored).toEqual([other.id]);
      expect(undone.skipped).toEqual([{ postId: soon.id, code: "undo.published_since", message: expect.stringContaining("published") }]);
      const after = await readPost(owner, workspace.id, soon.id);
      expect(after).toMatchObject({ status: "published", scheduledAt: "2026-12-07T00:02:00.000Z" });
      expect(after.deliveries.map((d) => [d.dueAt, d.status])).toEqual([["2026-12-07T00:02:00.000Z", "published"]]);
      expect((await readPost(owner, workspace.id, other.id)).scheduledAt).toBe("2026-12-09T00:00:00.000Z");
      expect(await publisher.round()).toBe(0);
    });

    it("refuses an undo after 30 minutes", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const p = await addPost(owner, workspace.id, { body: "Old change", scheduledAt: "2026-12-09T00:00:00Z" });
      const result = await bulk(owner, workspace.id, [p.id], { kind: "shift", days: 1 });
      t.clock.advance(31 * 60);
      const late = await owner.client.post(`/api/workspaces/${workspace.id}/undo/${result.undoId}`);
      expect(late.statusCode).toBe(409);
      expect(late.json().error).toMatchObject({ code: "undo.expired", message: expect.stringContaining("30 minutes") });
      expect((await readPost(owner, workspace.id, p.id)).scheduledAt).toBe("2026-12-10T00:00:00.000Z");
    });
  });
}
