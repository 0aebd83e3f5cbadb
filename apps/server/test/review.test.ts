import type { GuestReview, Home, Notification, Post, PostActivity, ReviewLink } from "@socialplan/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestClient } from "./helpers/client.ts";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { photo } from "./helpers/media.ts";
import { addChannel, addPost, schedule } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`review on the post, review links and the home screen [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());
    beforeEach(() => {
      t.clock.current = new Date("2026-12-04T09:00:00Z");
    });

    it("keeps a conversation on the post: comments with @mentions (Korean names too) beside its history", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const minji = await addMember(t.app, owner, workspace.id, "editor", await buildUser(t.app, { name: "김민지" }));
      const viewer = await addMember(t.app, owner, workspace.id, "viewer");
      const insta = await addChannel(owner, workspace.id, "instagram");
      const post = await addPost(owner, workspace.id, { body: "Winter candles", variants: [{ channelId: insta, text: null }] });
      const base = `/api/workspaces/${workspace.id}/posts/${post.id}`;
      await owner.client.post(`${base}/review`);
      const res = await owner.client.post(`${base}/comments`, { body: "@김민지 can you check the price?" });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<{ activity: PostActivity[] }>().activity.map((a) => [a.kind, a.body])).toEqual([
        ["submitted", null],
        ["comment", "@김민지 can you check the price?"],
      ]);
      const bell = (await minji.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>();
      expect(bell.find((n) => n.kind === "mentioned")).toMatchObject({ postId: post.id, cardId: null });
      // Viewers read the conversation but do not write in it; other workspaces see nothing.
      expect((await viewer.client.get(`${base}/activity`)).statusCode).toBe(200);
      expect((await viewer.client.post(`${base}/comments`, { body: "hi" })).statusCode).toBe(403);
      const stranger = await buildWorkspace(t.app);
      expect((await stranger.owner.client.get(`/api/workspaces/${stranger.workspace.id}/posts/${post.id}/activity`)).statusCode).toBe(404);
      expect((await owner.client.post(`${base}/comments`, { body: " \u0007 " })).statusCode).toBe(400);
    });

    it("lets a reviewer without an account see the period's posts and approve, ask for changes or comment through a signed, expiring link", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { timezone: "Asia/Seoul" });
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "candlelab" });
      const bsky = await addChannel(owner, workspace.id, "bluesky", { handle: "candlelab.bsky.social" });
      const image = (await owner.client.upload(`/api/workspaces/${workspace.id}/assets?name=jar.jpg`, await photo(300, 200))).json().asset.id as string;
      const other = (await owner.client.upload(`/api/workspaces/${workspace.id}/assets?name=secret.jpg`, await photo(300, 200, "jpeg", 120))).json().asset.id as string;
      const inPeriod = await addPost(editor, workspace.id, {
        body: "New jar candles",
        variants: [{ channelId: insta, text: null }, { channelId: bsky, text: "Jar candles are here" }],
        media: [{ assetId: image, alt: "A jar candle" }],
        scheduledAt: "2026-12-10T09:00:00+09:00",
      });
      const approvedOne = await addPost(editor, workspace.id, { body: "Opening hours", variants: [{ channelId: insta, text: null }], scheduledAt: "2026-12-11T09:00:00+09:00" });
      const later = await addPost(editor, workspace.id, { body: "January sale", variants: [{ channelId: insta, text: null }], media: [{ assetId: other, alt: "" }], scheduledAt: "2027-01-20T09:00:00+09:00" });
      const draft = await addPost(editor, workspace.id, { body: "Just an idea", variants: [{ channelId: insta, text: null }], scheduledAt: "2026-12-12T09:00:00+09:00" });
      await editor.client.post(`/api/workspaces/${workspace.id}/posts/${inPeriod.id}/review`);
      await schedule(editor, workspace.id, approvedOne.id);

      // Viewers may not make links; editors may, and see the address once.
      const viewer = await addMember(t.app, owner, workspace.id, "viewer");
      const body = { label: "December for Mrs. Kim", from: "2026-12-01", to: "2026-12-31", days: 7 };
      expect((await viewer.client.post(`/api/workspaces/${workspace.id}/review-links`, body)).statusCode).toBe(403);
      expect((await editor.client.post(`/api/workspaces/${workspace.id}/review-links`, { ...body, to: "2026-11-30" })).statusCode).toBe(400);
      expect((await editor.client.post(`/api/workspaces/${workspace.id}/review-links`, { ...body, to: "2027-06-30" })).statusCode).toBe(400);
      const made = await editor.client.post(`/api/workspaces/${workspace.id}/review-links`, body);
      expect(made.statusCode, made.body).toBe(201);
      const link = made.json<{ link: ReviewLink }>().link;
      const token = link.url!.split("/review/")[1]!;
      expect(link.url).toMatch(/\/review\/[\w-]+\.\d+\.[\w-]+$/);
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/review-links`)).json<{ links: ReviewLink[] }>().links).toEqual([{ ...link, url: undefined }].map(({ url: _, ...l }) => l));

      // The reviewer: no session at all.
      const guest = new TestClient(t.app);
      const view = await guest.get(`/api/review-links/${token}`);
      expect(view.statusCode, view.body).toBe(200);
      const review = view.json<{ review: GuestReview }>().review;
      expect(review).toMatchObject({ workspaceName: workspace.name, timezone: "Asia/Seoul", label: "December for Mrs. Kim", from: "2026-12-01", to: "2026-12-31" });
      // The period's planned posts, not drafts and not January's.
      expect(review.posts.map((p) => p.id)).toEqual([inPeriod.id, approvedOne.id]);
      expect(review.posts[0]).toMatchObject({
        status: "in_review",
        channels: [
          { network: "instagram", handle: "candlelab", text: "New jar candles" },
          { network: "bluesky", handle: "candlelab.bsky.social", text: "Jar candles are here" },
        ],
        media: [{ alt: "A jar candle", kind: "image" }],
        activity: [{ kind: "submitted", guest: false }],
      });
      // Its media come through the link; another file of the workspace does not, nor a forged or altered token.
      const media = await guest.get(review.posts[0]!.media[0]!.url);
      expect(media.statusCode).toBe(200);
      expect(media.headers["content-type"]).toBe("image/jpeg");
      expect((await guest.get(`/api/review-links/${token}/media/${other}`)).statusCode).toBe(404);
      const [id, exp, sig] = token.split(".");
      for (const forged of [`${id}.${Number(exp) + 86400}.${sig}`, `${id}.${exp}.${sig!.slice(0, -2)}AA`, `${crypto.randomUUID()}.${exp}.${sig}`, `${id}.${exp}`]) {
        const res = await guest.get(`/api/review-links/${forged}`);
        expect(res.statusCode, forged).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, forged).toBeLessThan(500);
      }

      // Comment, ask for changes, approve — each recorded under the name given, and the team is told.
      const posted = await guest.post(`/api/review-links/${token}/posts/${inPeriod.id}/comments`, { name: "Mrs. Kim", body: "Lovely photo" });
      expect(posted.statusCode, posted.body).toBe(200);
      expect((await guest.post(`/api/review-links/${token}/posts/${inPeriod.id}/request-changes`, { name: "Mrs. Kim", comment: "" })).statusCode).toBe(400);
      const changes = (await guest.post(`/api/review-links/${token}/posts/${inPeriod.id}/request-changes`, { name: "Mrs. Kim", comment: "Say it is soy wax" })).json<{ review: GuestReview }>().review;
      // Sent back to draft: it leaves the link's posts until it is in review again.
      expect(changes.posts.map((p) => p.id)).toEqual([approvedOne.id]);
      const editorBell = (await editor.client.get(`/api/workspaces/${workspace.id}/notifications`)).json<Notification[]>();
      expect(editorBell.find((n) => n.kind === "changes_requested")).toMatchObject({ postId: inPeriod.id });
      const back = (await editor.client.get(`/api/workspaces/${workspace.id}/posts/${inPeriod.id}`)).json<{ post: Post }>().post;
      expect(back).toMatchObject({ status: "draft", lastReview: { decision: "changes_requested", byName: "Mrs. Kim", note: "Say it is soy wax" } });
      // Not in review: no decision through the link (the approved post neither), and nothing outside the link.
      expect((await guest.post(`/api/review-links/${token}/posts/${approvedOne.id}/approve`, { name: "Mrs. Kim" })).statusCode).toBe(409);
      expect((await guest.post(`/api/review-links/${token}/posts/${draft.id}/approve`, { name: "Mrs. Kim" })).statusCode).toBe(404);
      expect((await guest.post(`/api/review-links/${token}/posts/${later.id}/comments`, { name: "Mrs. Kim", body: "x" })).statusCode).toBe(404);
      await editor.client.patch(`/api/workspaces/${workspace.id}/posts/${inPeriod.id}`, { body: "New soy wax jar candles" });
      await editor.client.post(`/api/workspaces/${workspace.id}/posts/${inPeriod.id}/review`);
      const approved = (await guest.post(`/api/review-links/${token}/posts/${inPeriod.id}/approve`, { name: "Mrs. Kim", comment: "Perfect" })).json<{ review: GuestReview }>().review;
      const history = approved.posts.find((p) => p.id === inPeriod.id)!.activity;
      expect(history.map((a) => [a.kind, a.authorName, a.guest])).toEqual([
        ["submitted", editor.user.name, false],
        ["comment", "Mrs. Kim", true],
        ["changes_requested", "Mrs. Kim", true],
        ["submitted", editor.user.name, false],
        ["approved", "Mrs. Kim", true],
        // Its time is ahead: approved, it goes on the schedule as its writer planned.
        ["scheduled", "Mrs. Kim", true],
      ]);
      expect((await editor.client.get(`/api/workspaces/${workspace.id}/posts/${inPeriod.id}`)).json<{ post: Post }>().post).toMatchObject({
        status: "scheduled",
        approvedBy: null,
        scheduledAt: "2026-12-10T00:00:00.000Z",
        lastReview: { byName: "Mrs. Kim" },
        deliveries: [{ status: "scheduled" }, { status: "scheduled" }],
      });

      // Revoked or expired: refused, and the link no longer listed.
      const second = (await editor.client.post(`/api/workspaces/${workspace.id}/review-links`, { ...body, days: 1 })).json<{ link: ReviewLink }>().link;
      expect((await viewer.client.delete(`/api/workspaces/${workspace.id}/review-links/${link.id}`)).statusCode).toBe(403);
      expect((await editor.client.delete(`/api/workspaces/${workspace.id}/review-links/${link.id}`)).statusCode).toBe(200);
      expect((await guest.get(`/api/review-links/${token}`)).json().error.code).toBe("review.link_invalid");
      t.clock.current = new Date("2026-12-05T09:00:01Z");
      expect((await guest.get(`/api/review-links/${second.url!.split("/review/")[1]}`)).statusCode).toBe(404);
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/review-links`)).json<{ links: ReviewLink[] }>().links).toEqual([]);
      // A link of another workspace cannot be withdrawn from here.
      const stranger = await buildWorkspace(t.app);
      expect((await stranger.owner.client.delete(`/api/workspaces/${stranger.workspace.id}/review-links/${second.id}`)).statusCode).toBe(404);
    });

    it("answers the home screen in one request: checklist from real data, goals, the week, what waits, budget pace and the next review", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { timezone: "Asia/Seoul" });
      const ws = `/api/workspaces/${workspace.id}`;
      const first = (await owner.client.get(`${ws}/home`)).json<{ home: Home }>().home;
      expect(first.checklist).toEqual(["basics", "channel", "goal", "post", "budget", "team"].map((step) => ({ step, done: false })));
      expect(first).toMatchObject({ approvalRequired: false, canApprove: true, example: false, goals: [], budget: null, waiting: { reviews: [], changesRequested: [], tasks: [], reminders: [], problems: [] } });
      // The week runs Monday to Sunday in the workspace's zone: Friday 4 December 18:00 in Seoul.
      expect(first.week).toMatchObject({ from: "2026-11-30", to: "2026-12-06" });
      expect(first.week.days.map((d) => d.date)).toEqual(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);

      // Fill it step by step, as the first run does.
      await owner.client.put(`${ws}/strategy/sections/company`, { version: 0, data: { name: "Candle Lab" } });
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "candlelab" });
      const goal = (await owner.client.post(`${ws}/strategy/collections/goal`, { data: { title: "More followers", measurable: { metric: "followers" } } })).json<{ id: string }>().id;
      const post = await addPost(owner, workspace.id, { body: "Hello Seoul", variants: [{ channelId: insta, text: null }], goalId: goal, scheduledAt: "2026-12-05T10:00:00+09:00" });
      await schedule(owner, workspace.id, post.id);
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      const review = await addPost(editor, workspace.id, { body: "Please check", variants: [{ channelId: insta, text: null }], scheduledAt: "2026-12-06T10:00:00+09:00" });
      await editor.client.post(`${ws}/posts/${review.id}/review`);
      const me = (await owner.client.get(`${ws}/members`)).json().members.find((x: { userId: string }) => x.userId === owner.user.id);
      const card = (await owner.client.post(`${ws}/board/cards`, { title: "Shoot photos", stage: "next", dueDate: "2026-12-03", assigneeIds: [me.id] })).json().cards.find((c: { title: string }) => c.title === "Shoot photos").id as string;

      const half = (await owner.client.get(`${ws}/home`)).json<{ home: Home }>().home;
      expect(Object.fromEntries(half.checklist.map((c) => [c.step, c.done]))).toEqual({ basics: true, channel: true, goal: true, post: true, budget: false, team: true });
      expect(half.goals).toMatchObject([{ goalId: goal, title: "More followers", verdict: "not_measurable", missing: ["channels", "baseline", "target", "deadline"], posts: 1 }]);
      expect(half.week.days.find((d) => d.date === "2026-12-05")!.posts).toMatchObject([{ id: post.id, status: "scheduled", channels: [{ channelId: insta, network: "instagram" }] }]);
      expect(half.week.days.find((d) => d.date === "2026-12-06")!.posts).toMatchObject([{ id: review.id, status: "in_review" }]);
      expect(half.waiting.reviews).toMatchObject([{ id: review.id }]);
      expect(half.waiting.tasks).toMatchObject([{ cardId: card, title: "Shoot photos", overdue: true }]);
      // An editor sees their own post waiting, not the right to decide.
      const editorHome = (await editor.client.get(`${ws}/home`)).json<{ home: Home }>().home;
      expect(editorHome).toMatchObject({ canApprove: false, waiting: { reviews: [{ id: review.id }] } });
      await owner.client.post(`${ws}/posts/${review.id}/request-changes`, { comment: "Shorter, please" });
      expect((await editor.client.get(`${ws}/home`)).json<{ home: Home }>().home.waiting.changesRequested).toMatchObject([{ id: review.id, note: "Shorter, please", byName: owner.user.name }]);
      // This month's budget and its pace; the next strategy review from the cadence.
      const line = (await owner.client.post(`${ws}/budget/lines`, { name: "Instagram ads", category: "ads", planned: { "2026-12": 30000 } })).json().lines[0];
      await owner.client.put(`${ws}/budget/cells`, { cells: [{ lineId: line.id, month: "2026-12", field: "actual", amount: 5000 }] });
      const full = (await owner.client.get(`${ws}/home`)).json<{ home: Home }>().home;
      expect(full.checklist.every((c) => c.done)).toBe(true);
      expect(full.budget).toMatchObject({ planned: 30000, pacing: { month: "2026-12", day: 4, days: 31, spent: 5000, available: 30000, status: "early" } });
      expect(full.checkIn).toMatchObject({ lastReview: null, lastReportId: null, overdue: false });
      expect(full.checkIn.due > "2026-12-04").toBe(true);
      // Other workspaces' members get nothing.
      const stranger = await buildWorkspace(t.app);
      expect((await stranger.owner.client.get(`${ws}/home`)).statusCode).toBe(404);
    });
  });
}
