import type { Post } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, buildWorkspace, type TestUser } from "./helpers/factories.ts";
import { addChannel, addPost } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

// Berlin: clocks go forward 02:00 → 03:00 on 28 March 2027 and back 03:00 → 02:00 on 31 October 2027.
for (const dialect of DIALECTS) {
  describe(`one rule for local times: API, CSV import and recurring posts [${dialect}]`, () => {
    let t: TestApp;
    let owner: TestUser;
    let base: string;
    let channelId: string;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      const w = await buildWorkspace(t.app, undefined, { timezone: "Europe/Berlin", currency: "EUR" });
      owner = w.owner;
      base = `/api/workspaces/${w.workspace.id}`;
      channelId = await addChannel(owner, w.workspace.id, "instagram");
    });
    afterAll(() => t.close());

    const create = (scheduledLocal: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      owner.client.post(`${base}/posts`, { body: "Hallo", variants: [{ channelId, text: null }], scheduledLocal, ...extra });

    it("refuses a local time the clock skips, naming the two nearest real times, in English and Korean", async () => {
      const res = await create({ dateTime: "2027-03-28T02:30" });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0]).toMatchObject({ field: "scheduledLocal.dateTime", code: "post.time_skipped" });
      expect(res.json().error.message).toBe("02:30 does not exist on Mar 28, 2027 in Europe/Berlin: the clocks go forward 60 minutes that night. Choose 01:30 or 03:30.");
      const korean = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }), { timezone: "Europe/Berlin" });
      const ko = await korean.owner.client.post(`/api/workspaces/${korean.workspace.id}/posts`, { body: "x", scheduledLocal: { dateTime: "2027-03-28T02:30" } });
      expect(ko.json().error.message).toBe("Europe/Berlin에서 2027. 3. 28. 02:30은(는) 없는 시각입니다. 그날 밤 시계가 60분 앞으로 갑니다. 01:30 또는 03:30을(를) 고르세요.");
      // Asked for, either reading is taken.
      expect((await create({ dateTime: "2027-03-28T02:30", disambiguation: "later" })).json().post.scheduledAt).toBe("2027-03-28T01:30:00.000Z");
      expect((await create({ dateTime: "2027-03-28T02:30", disambiguation: "earlier" })).json().post.scheduledAt).toBe("2027-03-28T00:30:00.000Z");
    });

    it("takes the first of a local time that happens twice unless told otherwise, and the post says so", async () => {
      const first = (await create({ dateTime: "2027-10-31T02:30" })).json<{ post: Post }>().post;
      expect(first.scheduledAt).toBe("2027-10-31T00:30:00.000Z");
      expect(first.warnings).toContainEqual({ kind: "time_twice", channelId: null, otherPostId: null, instant: "2027-10-31T00:30:00.000Z", otherInstant: "2027-10-31T01:30:00.000Z" });
      const second = (await create({ dateTime: "2027-10-31T02:30", disambiguation: "later" })).json<{ post: Post }>().post;
      expect(second.scheduledAt).toBe("2027-10-31T01:30:00.000Z");
      expect(second.warnings.find((w) => w.kind === "time_twice")?.otherInstant).toBe("2027-10-31T00:30:00.000Z");
      // An ordinary time: no warning; another zone may be named.
      const plain = (await create({ dateTime: "2027-05-03T09:00" })).json<{ post: Post }>().post;
      expect(plain.scheduledAt).toBe("2027-05-03T07:00:00.000Z");
      expect(plain.warnings.filter((w) => w.kind.startsWith("time_"))).toEqual([]);
      expect((await create({ dateTime: "2027-05-03T09:00", timeZone: "Asia/Seoul" })).json().post.scheduledAt).toBe("2027-05-03T00:00:00.000Z");
    });

    it("takes a local time on schedule and move too, and refuses one given twice or malformed", async () => {
      const post = await addPost(owner, base.split("/").pop()!, { body: "Move me", variants: [{ channelId, text: null }] });
      const scheduled = await owner.client.post(`${base}/posts/${post.id}/schedule`, { scheduledLocal: { dateTime: "2027-06-01T10:15" } });
      expect(scheduled.statusCode, scheduled.body).toBe(200);
      expect(scheduled.json().post.scheduledAt).toBe("2027-06-01T08:15:00.000Z");
      const moved = await owner.client.post(`${base}/posts/${post.id}/move`, { scheduledLocal: { dateTime: "2027-06-02T10:15" } });
      expect(moved.json().post.scheduledAt).toBe("2027-06-02T08:15:00.000Z");
      const both = await create({ dateTime: "2027-06-01T10:15" }, { scheduledAt: "2027-06-01T08:15:00Z" });
      expect(both.json().error.fields[0]).toMatchObject({ field: "scheduledLocal", code: "post.time_both" });
      for (const dateTime of ["2027-02-30T09:00", "2027-06-01T24:00", "2027-06-01 09:00", "2027-06-01T09:00:00Z"]) {
        expect((await create({ dateTime })).json().error.fields[0]).toMatchObject({ field: "scheduledLocal.dateTime", code: "validation.local_time" });
      }
      expect((await create({ dateTime: "2027-06-01T09:00", timeZone: "Mars/Olympus" })).json().error.fields[0].field).toBe("scheduledLocal.timeZone");
      expect((await owner.client.post(`${base}/posts/${post.id}/move`, {})).statusCode).toBe(400);
    });

    it("reads CSV times by the same rule: a skipped time is a bad row with both offers, a repeated one the first with a note", async () => {
      const csv = "date,time,channel,text\n2027-03-28,02:30,instagram,Spring\n2027-10-31,02:30,instagram,Autumn\n2027-10-31,04:00,instagram,Plain";
      const res = await owner.client.post(`${base}/posts/import`, { csv, preset: "socialplan", dateFormat: "YYYY-MM-DD", channelIds: [], dryRun: true });
      const rows = res.json().rows as { line: number; scheduledAt: string | null; errors: { field: string; message: string }[]; notes?: { message: string }[] }[];
      expect(rows[0]!.errors).toEqual([{ field: "time", message: "02:30 does not exist on 2027-03-28 in Europe/Berlin: the clocks go forward 60 minutes that night. Choose 01:30 or 03:30." }]);
      expect(rows[1]).toMatchObject({ scheduledAt: "2027-10-31T00:30:00.000Z", errors: [] });
      expect(rows[1]!.notes![0]!.message).toContain("the first 02:30 was taken");
      expect(rows[2]).toMatchObject({ scheduledAt: "2027-10-31T03:00:00.000Z", errors: [] });
      expect(rows[2]!.notes).toBeUndefined();
    });

    it("tells which occurrences of a recurring post the clock moves or repeats", async () => {
      const post = (await create({ dateTime: "2027-03-07T02:30" }, { recurrence: "FREQ=WEEKLY;BYDAY=SU" })).json<{ post: Post }>().post;
      const timeWarnings = post.warnings.filter((w) => w.kind.startsWith("time_"));
      expect(timeWarnings).toEqual([
        { kind: "time_moved", channelId: null, otherPostId: null, instant: "2027-03-28T01:30:00.000Z", otherInstant: null },
        { kind: "time_twice", channelId: null, otherPostId: null, instant: "2027-10-31T00:30:00.000Z", otherInstant: "2027-10-31T01:30:00.000Z" },
      ]);
    });
  });
}
