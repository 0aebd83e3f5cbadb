import type { ImportResult, Post } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { addChannel, addPost, schedule } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`bulk import, CSV export and the calendar feed [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("previews a Hootsuite file (BOM, semicolons, day first) with an error per bad row, then imports only the good rows", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }));
      const x = await addChannel(owner, workspace.id, "x");
      const csv = "\uFEFF" + ["01/12/2026 09:30;겨울 캔들 출시!;https://candle.example", "31/02/2026 10:00;없는 날짜", `02/12/2026 18:00;${"가".repeat(141)}`, "03/12/2026 7:15 PM;Evening post;"].join("\r\n");
      const base = `/api/workspaces/${workspace.id}/posts`;
      const preview = await owner.client.post(`${base}/import`, { csv, preset: "hootsuite", dateFormat: "DD/MM/YYYY", channelIds: [x], dryRun: true });
      expect(preview.statusCode, preview.body).toBe(200);
      const result = preview.json<ImportResult>();
      expect(result.imported).toBe(0);
      expect(result.rows.map((r) => [r.line, r.errors.map((e) => e.field)])).toEqual([
        [1, []],
        [2, ["date"]],
        [3, ["text"]],
        [4, []],
      ]);
      expect(result.rows[0]!.scheduledAt).toBe("2026-12-01T00:30:00.000Z"); // 09:30 in Seoul
      expect(result.rows[3]!.scheduledAt).toBe("2026-12-03T10:15:00.000Z");
      expect(result.rows[1]!.errors[0]!.message).toContain("DD/MM/YYYY");
      // X weighs Hangul double: 141 syllables are 282 of its 280.
      expect(result.rows[2]!.errors[0]!.message).toMatch(/에 비해 너무 깁니다: 280자 중 282자\.$/);
      expect((await owner.client.get(base)).json<{ posts: Post[] }>().posts).toEqual([]);

      const done = (await owner.client.post(`${base}/import`, { csv, preset: "hootsuite", dateFormat: "DD/MM/YYYY", channelIds: [x], dryRun: false })).json<ImportResult>();
      expect(done.imported).toBe(2);
      const posts = (await owner.client.get(base)).json<{ posts: Post[] }>().posts;
      expect(posts.map((p) => [p.body, p.status, p.link])).toEqual([
        ["겨울 캔들 출시!", "scheduled", "https://candle.example"],
        ["Evening post", "scheduled", null],
      ]);
    });

    it("reads Sprout Social's columns and our own, with channels named in the file", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "candleshop" });
      const bsky = await addChannel(owner, workspace.id, "bluesky");
      const base = `/api/workspaces/${workspace.id}/posts/import`;
      const sprout = "Date,Time,Message,Link,Image URL\n12/24/2026,5:00 PM,Merry candles,https://candle.example/xmas,\n";
      const s = (await owner.client.post(base, { csv: sprout, preset: "sprout", dateFormat: "MM/DD/YYYY", channelIds: [insta], dryRun: true })).json<ImportResult>();
      expect(s.rows).toMatchObject([{ line: 2, text: "Merry candles", scheduledAt: "2026-12-24T08:00:00.000Z", channelIds: [insta], errors: [] }]);

      const ours = "date,time,channel,text,campaign\n2026-12-05,10:00,instagram|bluesky,Both networks,Winter\n2026-12-06,10:00,tiktok,Nowhere\n2026-12-07,10:00,@candleshop,By handle\n";
      const o = (await owner.client.post(base, { csv: ours, preset: "socialplan", dateFormat: "YYYY-MM-DD", channelIds: [], dryRun: false })).json<ImportResult>();
      expect(o.imported).toBe(2);
      expect(o.rows[0]!.channelIds.sort()).toEqual([insta, bsky].sort());
      expect(o.rows[1]!.errors).toEqual([{ field: "channel", message: "\"tiktok\" is not one of your channels. Use a network name such as instagram, or add the channel to the strategy." }]);
      expect(o.rows[2]!.channelIds).toEqual([insta]);
    });

    it("matches a bulk file's headers by meaning wherever they stand, and names every column it does not use", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "candleshop" });
      const base = `/api/workspaces/${workspace.id}/posts/import`;
      // Shuffled, in other words than ours, one column we have no use for, and the date and time in one cell.
      const csv = "\uFEFFNotes;Post Text;Campaign;Channel;Date;URL\nask Mina first;Winter candles are back;Winter;@candleshop;2026-12-05 10:00;https://candle.example\n";
      const r = (await owner.client.post(base, { csv, preset: "socialplan", dateFormat: "YYYY-MM-DD", channelIds: [], dryRun: true })).json<ImportResult>();
      expect(r.columns).toEqual([
        { header: "Notes", field: null },
        { header: "Post Text", field: "text" },
        { header: "Campaign", field: "campaign" },
        { header: "Channel", field: "channel" },
        { header: "Date", field: "date" },
        { header: "URL", field: "link" },
      ]);
      expect(r.rows).toMatchObject([{ line: 2, text: "Winter candles are back", scheduledAt: "2026-12-05T01:00:00.000Z", channelIds: [insta], errors: [] }]);

      // Sprout's image column is not read (images are added in the editor); Sprout has no channel column of ours.
      const sprout = "Message,Time,Image URL,Date,Link\nMerry candles,5:00 PM,https://img.example/x.jpg,12/24/2026,\n";
      const s = (await owner.client.post(base, { csv: sprout, preset: "sprout", dateFormat: "MM/DD/YYYY", channelIds: [insta], dryRun: true })).json<ImportResult>();
      expect(s.columns.filter((c) => !c.field).map((c) => c.header)).toEqual(["Image URL"]);
      expect(s.rows).toMatchObject([{ text: "Merry candles", scheduledAt: "2026-12-24T08:00:00.000Z", errors: [] }]);

      // Hootsuite's file has no header: its columns are named by letter, and a fourth one is not used.
      const hoot = "01/12/2026 09:30,Hello,https://candle.example,extra\n";
      const h = (await owner.client.post(base, { csv: hoot, preset: "hootsuite", dateFormat: "DD/MM/YYYY", channelIds: [insta], dryRun: true })).json<ImportResult>();
      expect(h.columns).toEqual([
        { header: "A", field: "date" },
        { header: "B", field: "text" },
        { header: "C", field: "link" },
        { header: "D", field: null },
      ]);
      expect(h.rows[0]).toMatchObject({ line: 1, text: "Hello", errors: [] });
    });

    it("exports the calendar as CSV in the workspace's zone, naming the zone in the date and time headers", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram");
      const p = await addPost(owner, workspace.id, { body: "Line one, with a comma\nand a second line", variants: [{ channelId: insta, text: null }], campaign: "Winter" });
      await schedule(owner, workspace.id, p.id, "2026-12-01T00:30:00Z");
      const res = await owner.client.get(`/api/workspaces/${workspace.id}/posts/export`);
      expect(res.headers["content-type"]).toContain("text/csv");
      expect(res.body.startsWith('\uFEFF"date (Asia/Seoul)","time (Asia/Seoul)","status","channel","title","text"')).toBe(true);
      expect(res.body).toContain('"2026-12-01","09:30","scheduled","instagram","Line one, with a comma","Line one, with a comma\nand a second line","","Winter"');
      // West of UTC the same instant is the evening before.
      const la = await buildWorkspace(t.app, undefined, { timezone: "America/Los_Angeles", currency: "USD" });
      const laInsta = await addChannel(la.owner, la.workspace.id, "instagram");
      const q = await addPost(la.owner, la.workspace.id, { body: "Gift guide", variants: [{ channelId: laInsta, text: null }] });
      await schedule(la.owner, la.workspace.id, q.id, "2026-12-01T00:30:00Z");
      const laCsv = (await la.owner.client.get(`/api/workspaces/${la.workspace.id}/posts/export`)).body;
      expect(laCsv.startsWith('\uFEFF"date (America/Los_Angeles)","time (America/Los_Angeles)","status"')).toBe(true);
      expect(laCsv).toContain('"2026-11-30","16:30","scheduled","instagram"');
      // Imported again as our own format, the zone in the headers does not stop them being read as date and time.
      const back = (await la.owner.client.post(`/api/workspaces/${la.workspace.id}/posts/import`, { csv: laCsv, preset: "socialplan", dateFormat: "YYYY-MM-DD", channelIds: [], dryRun: true })).json<ImportResult>();
      expect(back.columns.slice(0, 2)).toEqual([
        { header: "date (America/Los_Angeles)", field: "date" },
        { header: "time (America/Los_Angeles)", field: "time" },
      ]);
      expect(back.rows[0]).toMatchObject({ scheduledAt: "2026-12-01T00:30:00.000Z", errors: [] });
    });

    it("serves a private iCalendar feed that a new address or revoking turns off", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const editor = await addMember(t.app, owner, workspace.id, "editor");
      const insta = await addChannel(owner, workspace.id, "instagram");
      const p = await addPost(owner, workspace.id, { body: "Feed me", variants: [{ channelId: insta, text: null }] });
      await schedule(owner, workspace.id, p.id, "2026-12-01T00:30:00Z");
      const weekly = await addPost(owner, workspace.id, { body: "Weekly tip", variants: [{ channelId: insta, text: null }], scheduledAt: "2026-11-30T01:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=MO" });
      await schedule(owner, workspace.id, weekly.id);
      expect((await editor.client.post(`/api/workspaces/${workspace.id}/calendar-feed`)).statusCode).toBe(403);
      const { url } = (await owner.client.post(`/api/workspaces/${workspace.id}/calendar-feed`)).json<{ url: string }>();
      const path = new URL(url).pathname;
      const anonymous = await t.app.inject({ method: "GET", url: path });
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.headers["content-type"]).toContain("text/calendar");
      expect(anonymous.body).toContain("BEGIN:VCALENDAR");
      expect(anonymous.body).toContain("SUMMARY:Feed me (instagram)");
      expect(anonymous.body).toContain("DTSTART:20261201T003000Z");
      // A recurring post is one event with its rule, in the workspace's zone (see calendar-feed.test.ts).
      expect(anonymous.body.match(/SUMMARY:Weekly tip/g)!.length).toBe(1);
      expect(anonymous.body).toContain("RRULE:FREQ=WEEKLY;BYDAY=MO");
      expect(anonymous.body).toContain("DTSTART;TZID=Asia/Seoul:20261130T100000");
      const second = (await owner.client.post(`/api/workspaces/${workspace.id}/calendar-feed`)).json<{ url: string }>().url;
      expect((await t.app.inject({ method: "GET", url: path })).statusCode).toBe(404);
      expect((await t.app.inject({ method: "GET", url: new URL(second).pathname })).statusCode).toBe(200);
      await owner.client.delete(`/api/workspaces/${workspace.id}/calendar-feed`);
      expect((await t.app.inject({ method: "GET", url: new URL(second).pathname })).statusCode).toBe(404);
    });
  });
}
