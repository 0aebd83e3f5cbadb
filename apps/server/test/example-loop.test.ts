import type { Card, Dashboard, Entry, Notification, Post, Report } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Adapter, Outgoing } from "../src/features/publishing/adapters/types.ts";
import { newId } from "../src/lib/ids.ts";
import { buildUser, buildWorkspace } from "./helpers/factories.ts";
import { addPost, schedule, testPublisher } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const DAY = 86_400_000;
/** The test clock's "now" is 2026-11-26 09:00 UTC, 18:00 in Seoul. */
const at = (t: TestApp, days: number) => new Date(t.clock.now().getTime() + days * DAY).toISOString();
/** 19:00 in Seoul, some days from the test's today. */
const sevenPm = (days: number) => new Date(Date.parse("2026-11-26T10:00:00Z") + days * DAY).toISOString();

const TEXT = {
  en: { goal: "Double the German Instagram audience", reel: "Reel: from clay to cup in 30 seconds", review: "Winter colours are here", card: "Launch the paid promotion in Germany" },
  ko: { goal: "독일 인스타그램 팔로워 두 배", reel: "릴스: 흙에서 컵까지 30초", review: "겨울 색상이 나왔어요", card: "독일 유료 홍보 시작" },
} as const;

for (const dialect of DIALECTS) {
  describe(`worked example: the whole loop [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    for (const locale of ["en", "ko"] as const) {
      it(`shows goal → initiatives → posts → numbers → review → report in ${locale}, stays quiet when due, and clears all of it but the user's own work`, async () => {
        t.clock.current = new Date("2026-11-26T09:00:00Z");
        const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale }));
        const ws = `/api/workspaces/${workspace.id}`;
        const loaded = await owner.client.post(`${ws}/strategy/example`, { locale });
        expect(loaded.statusCode, loaded.body).toBe(200);
        // The guide's sample budget comes with it: the home screen shows this month's pace.
        const home = (await owner.client.get(`${ws}/home`)).json().home;
        expect(home.budget?.planned).toBeGreaterThan(0);
        expect(home.checklist.find((c: { step: string }) => c.step === "budget").done).toBe(true);

        const entries = (await owner.client.get(`${ws}/strategy`)).json<{ entries: Entry[] }>().entries;
        const goal = entries.find((e) => e.kind === "goal" && e.data.title === TEXT[locale].goal)!;
        const goals = new Set(entries.filter((e) => e.kind === "goal").map((e) => e.id));
        const initiatives = entries.filter((e) => e.kind === "initiative");
        const channels = new Map(entries.filter((e) => e.kind === "channel").map((e) => [e.data.handle as string, e.id]));
        const insta = channels.get("@onsae.de")!;
        const facebook = channels.get("Onsae Ceramics")!;

        // The user's own work, hung on the example's goal, initiative and channels.
        const ownPost = await addPost(owner, workspace.id, { body: "Our own post", variants: [{ channelId: insta, text: null }], goalId: goal.id });
        const ownFbPost = await addPost(owner, workspace.id, { body: "Our own Facebook post", variants: [{ channelId: facebook, text: null }] });
        const localise = initiatives.find((i) => i.parentId === goal.id && i.data.status === "in_progress")!;
        const ownCard = (await owner.client.post(`${ws}/board/cards`, { title: "Our own task", initiativeId: localise.id, goalId: goal.id })).json<{ cards: Card[] }>().cards.find((c) => c.title === "Our own task")!;
        const ownReport = await owner.client.post(`${ws}/reports`, { periodKind: "month", from: "2026-10-01", to: "2026-10-31" });
        expect(ownReport.statusCode, ownReport.body).toBe(201);

        // The calendar: the example's posts in the past (published) and ahead (scheduled), in review, drafts and ideas.
        const calendar = await owner.client.get(`${ws}/posts?from=${encodeURIComponent(at(t, -30))}&to=${encodeURIComponent(at(t, 14))}`);
        expect(calendar.statusCode, calendar.body).toBe(200);
        const posts = calendar.json<{ posts: Post[] }>().posts.filter((p) => p.id !== ownPost.id && p.id !== ownFbPost.id);
        const now = t.clock.now().toISOString();
        const published = posts.filter((p) => p.status === "published");
        const ahead = posts.filter((p) => p.status === "scheduled");
        expect(published.length).toBeGreaterThanOrEqual(4);
        expect(published.every((p) => p.scheduledAt! < now && p.deliveries.every((d) => d.status === "published" && d.publishedAt && d.mode === "reminder"))).toBe(true);
        expect(ahead.length).toBeGreaterThanOrEqual(3);
        expect(ahead.every((p) => p.scheduledAt! > now && p.deliveries.length > 0 && p.deliveries.every((d) => d.status === "scheduled"))).toBe(true);
        expect(posts.filter((p) => p.status === "draft").length).toBeGreaterThanOrEqual(1);
        expect(posts.filter((p) => p.status === "idea").length).toBeGreaterThanOrEqual(1);
        expect(posts.map((p) => p.title)).toContain(TEXT[locale].reel);
        // Every post serves a goal of the example and goes to the example's channels; most follow an initiative.
        expect(posts.every((p) => p.goalId && goals.has(p.goalId) && p.variants.every((v) => [...channels.values()].includes(v.channelId)))).toBe(true);
        expect(posts.filter((p) => p.initiativeId && initiatives.some((i) => i.id === p.initiativeId)).length).toBeGreaterThanOrEqual(8);

        // One post waits for review, with its history and a comment.
        const inReview = posts.filter((p) => p.status === "in_review");
        expect(inReview.map((p) => p.title)).toEqual([TEXT[locale].review]);
        const queue = (await owner.client.get(`${ws}/posts?status=in_review`)).json<{ posts: Post[] }>().posts;
        expect(queue.map((p) => p.id)).toEqual([inReview[0]!.id]);
        const db = t.deps.db;
        expect((await db.selectFrom("post_events").select("kind").where("post_id", "=", inReview[0]!.id).execute()).map((e) => e.kind)).toEqual(["submitted"]);
        expect(await db.selectFrom("post_comments").select("body").where("post_id", "=", inReview[0]!.id).execute()).toHaveLength(1);

        // The published posts have their own numbers, and the best of them are the period's top posts.
        const perPost = await db.selectFrom("metrics_per_post").select(["post_key", "metric", "value"]).where("workspace_id", "=", workspace.id).where("post_key", "in", published.map((p) => p.id)).execute();
        expect(new Set(perPost.map((r) => r.post_key))).toEqual(new Set(published.map((p) => p.id)));
        expect(perPost.filter((r) => r.metric === "reach").every((r) => Number(r.value) > 0)).toBe(true);
        const dashboard = (await owner.client.get(`${ws}/dashboard?from=2026-10-28&to=2026-11-26`)).json<Dashboard>();
        const top = dashboard.topPosts.filter((p) => p.postId && published.some((x) => x.id === p.postId));
        expect(top.length).toBeGreaterThanOrEqual(1);
        expect(top.map((p) => p.text)).toContain(TEXT[locale].reel);
        expect(top.every((p) => p.publishedAt && (p.values.reach ?? 0) > 0)).toBe(true);

        // The board: cards in several stages, on the example's initiatives.
        const cards = (await owner.client.get(`${ws}/board`)).json<{ cards: Card[] }>().cards.filter((c) => c.id !== ownCard.id);
        expect(new Set(cards.map((c) => c.stage)).size).toBeGreaterThanOrEqual(4);
        expect(cards.find((c) => c.title === TEXT[locale].card)).toMatchObject({ stage: "on_hold", holdReason: expect.any(String) });
        expect(cards.every((c) => c.goalId && goals.has(c.goalId))).toBe(true);
        expect(cards.filter((c) => c.stage === "done").every((c) => c.approvedAt)).toBe(true);

        // Last month's report, its four review questions answered.
        const reports = (await owner.client.get(`${ws}/reports`)).json<{ reports: Report[] }>().reports;
        const example = reports.find((r) => r.id !== ownReport.json<Report>().id)!;
        expect(example).toMatchObject({ periodKind: "month", from: "2026-10-01", to: "2026-10-31", answered: 4 });
        const full = (await owner.client.get(`${ws}/reports/${example.id}`)).json<Report>();
        expect(Object.values(full.answers).filter((a) => a && a.trim())).toHaveLength(4);

        // The audience goal is measured and forecast.
        const progress = (await owner.client.get(`${ws}/goals/progress`)).json<{ goals: { goalId: string; verdict: string; forecastDate: string | null; fit: unknown }[] }>().goals;
        const forecast = progress.find((g) => g.goalId === goal.id)!;
        expect(["on_track", "behind"]).toContain(forecast.verdict);
        expect(forecast.fit).not.toBeNull();

        // When the example's posts fall due they wait as reminders, quietly, and are never sent — even on a channel
        // that has an account now; the user's own posts go out and remind as usual.
        const sent: string[] = [];
        const fake: Adapter = { kind: "fake", resendSafe: true, send: async (out: Outgoing) => (sent.push(out.postId), { remoteId: `fake-${out.postId}`, permalink: null }) };
        await db
          .insertInto("connections")
          .values({ id: newId(), workspace_id: workspace.id, channel_id: facebook, kind: "fake", label: "fake", config: "{}", secret: t.deps.secrets.seal("{}"), status: "active", status_reason: null, created_at: now, updated_at: now })
          .execute();
        await schedule(owner, workspace.id, ownPost.id, sevenPm(4));
        await schedule(owner, workspace.id, ownFbPost.id, sevenPm(4));
        t.clock.current = new Date(Date.parse(sevenPm(4)) + 30_000);
        await testPublisher(t, { adapters: { fake } }).round();
        expect(sent).toEqual([ownFbPost.id]);
        const due = ahead.filter((p) => p.scheduledAt! <= sevenPm(4)).map((p) => p.id);
        expect(due.length).toBeGreaterThanOrEqual(3);
        const dueDeliveries = await db.selectFrom("deliveries").select(["status", "channel_id"]).where("post_id", "in", due).execute();
        expect(dueDeliveries.some((d) => d.channel_id === facebook)).toBe(true);
        expect(dueDeliveries.every((d) => d.status === "awaiting_confirmation")).toBe(true);
        const notices = (await owner.client.get(`${ws}/notifications`)).json<Notification[]>();
        expect(notices.filter((n) => n.postId === ownPost.id).map((n) => n.kind)).toEqual(["post_due"]);
        expect(notices.filter((n) => n.postId && posts.some((p) => p.id === n.postId))).toEqual([]);

        // Clearing removes the example's posts (with their deliveries, history, comments and numbers), cards and
        // report, and keeps the user's own — with the goal, initiative and channels they hang on.
        const exampleIds = posts.map((p) => p.id);
        const cleared = await owner.client.delete(`${ws}/strategy/example`);
        expect(cleared.statusCode, cleared.body).toBe(200);
        expect((await owner.client.get(`${ws}/budget`)).json().lines).toEqual([]);
        const left = (await owner.client.get(`${ws}/posts`)).json<{ posts: Post[] }>().posts;
        expect(left.map((p) => p.id).sort()).toEqual([ownPost.id, ownFbPost.id].sort());
        expect(left.find((p) => p.id === ownPost.id)).toMatchObject({ goalId: goal.id, variants: [{ channelId: insta, text: null }] });
        expect((await owner.client.get(`${ws}/board`)).json<{ cards: Card[] }>().cards).toEqual([expect.objectContaining({ id: ownCard.id, initiativeId: localise.id, goalId: goal.id })]);
        expect((await owner.client.get(`${ws}/reports`)).json<{ reports: Report[] }>().reports.map((r) => r.id)).toEqual([ownReport.json<Report>().id]);
        for (const table of ["deliveries", "post_events", "post_comments"] as const) {
          expect(await db.selectFrom(table).select("id").where("post_id", "in", exampleIds).execute(), table).toEqual([]);
        }
        expect(await db.selectFrom("metrics_per_post").select("post_key").where("workspace_id", "=", workspace.id).execute()).toEqual([]);
        const kept = (await owner.client.get(`${ws}/strategy`)).json<{ entries: Entry[] }>().entries;
        expect(kept.map((e) => e.id).sort()).toEqual([goal.id, localise.id, insta, facebook].sort());
      });
    }
    it("makes an edited example post the user's: it stays when the example is cleared", async () => {
      t.clock.current = new Date("2026-11-26T09:00:00Z");
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app));
      const ws = `/api/workspaces/${workspace.id}`;
      expect((await owner.client.post(`${ws}/strategy/example`, { locale: "en" })).statusCode).toBe(200);
      const draft = (await owner.client.get(`${ws}/posts`)).json<{ posts: Post[] }>().posts.find((p) => p.status === "draft")!;
      expect((await owner.client.patch(`${ws}/posts/${draft.id}`, { body: "Made it ours" })).statusCode).toBe(200);
      await owner.client.delete(`${ws}/strategy/example`);
      expect((await owner.client.get(`${ws}/posts`)).json<{ posts: Post[] }>().posts.map((p) => p.id)).toEqual([draft.id]);
    });

  });
}
