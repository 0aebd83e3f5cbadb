import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildWorkspace } from "./helpers/factories.ts";
import { addChannel } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "fixtures", "metrics", name));
type Cell = { channelId: string; postId: string | null; day: string; metric: string; value: number };

for (const dialect of DIALECTS) {
  describe(`metrics import [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    it("reads a Meta Instagram export (BOM, \"1,520\", MM/DD/YYYY HH:mm), previews each bad row, and a second import doubles nothing", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "onsae.de" });
      await addChannel(owner, workspace.id, "instagram", { handle: "onsae.kr" });
      const url = (dry: boolean) => `/api/workspaces/${workspace.id}/metrics/import?preset=meta&dryRun=${dry}`;
      const preview = await owner.client.upload(url(true), fixture("meta-instagram-en.csv"), "text/csv");
      expect(preview.statusCode, preview.body).toBe(200);
      const p = preview.json();
      expect(p).toMatchObject({ rows: 4, good: 3, language: "en", errorCount: 2 });
      expect(p.errors).toEqual([
        { line: 5, field: "date", message: expect.stringContaining("13/45/2026 25:99") },
        { line: 5, field: "likes", message: expect.stringContaining("\"many\" in Likes is not a number") },
      ]);
      expect(p.columns.filter((c: { field: string | null }) => !c.field).map((c: { header: string }) => c.header)).toEqual(["Duration (sec)", "Data comment", "Date"]);
      expect(p.preview[0]).toMatchObject({ line: 2, day: "2026-11-03", channel: "instagram @onsae.de", values: { views: 4210, reach: 3120, likes: 1520, shares: 35, follows: 12, comments: 48, saves: 210 } });
      // Nothing is saved by the preview.
      expect((await owner.client.get(`/api/workspaces/${workspace.id}/metrics`)).json().cells).toHaveLength(0);

      for (let i = 0; i < 2; i++) {
        const done = await owner.client.upload(url(false), fixture("meta-instagram-en.csv"), "text/csv");
        expect(done.json()).toMatchObject({ good: 3, cells: 21 });
      }
      const cells = (await owner.client.get(`/api/workspaces/${workspace.id}/metrics`)).json().cells as Cell[];
      expect(cells).toHaveLength(21);
      expect(cells.filter((c) => c.metric === "likes").map((c) => [c.day, c.value])).toEqual([
        ["2026-11-03", 1520],
        ["2026-11-05", 2310],
        ["2026-11-07", 640],
      ]);
      expect(new Set(cells.map((c) => c.channelId))).toEqual(new Set([insta]));
    });

    it("understands Korean and German headers (and \"1.520\" as German thousands)", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const fb = await addChannel(owner, workspace.id, "facebook", { handle: "onsae" });
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "onsae.de" });
      const ko = await owner.client.upload(`/api/workspaces/${workspace.id}/metrics/import?preset=meta&dryRun=false`, fixture("meta-facebook-ko.csv"), "text/csv");
      expect(ko.json()).toMatchObject({ rows: 2, good: 2, language: "ko", errorCount: 0 });
      const de = await owner.client.upload(`/api/workspaces/${workspace.id}/metrics/import?preset=meta&dryRun=false&channelId=${insta}`, fixture("meta-instagram-de.csv"), "text/csv");
      expect(de.json()).toMatchObject({ rows: 1, good: 1, language: "de", errorCount: 0 });
      const cells = (await owner.client.get(`/api/workspaces/${workspace.id}/metrics`)).json().cells as Cell[];
      const of = (channelId: string, metric: string) => cells.filter((c) => c.channelId === channelId && c.metric === metric).map((c) => c.value);
      expect(of(fb, "reactions")).toEqual([310, 95]);
      expect(of(fb, "views")).toEqual([3400, 1250]);
      expect(of(insta, "likes")).toEqual([1180]);
      expect(of(insta, "views")).toEqual([5120]);
    });

    it("reads a Korean Meta export with shuffled, spaced headers: every number kept, the account found by its username though its name comes first, every unused column named", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "dojagi.gongbang" });
      await addChannel(owner, workspace.id, "instagram", { handle: "other.shop" });
      // The same handle on Facebook: the export's columns say it is Instagram's.
      await addChannel(owner, workspace.id, "facebook", { handle: "dojagi.gongbang" });
      const url = (dry: boolean) => `/api/workspaces/${workspace.id}/metrics/import?preset=meta&dryRun=${dry}`;
      const preview = (await owner.client.upload(url(true), fixture("meta-instagram-ko-spaced.csv"), "text/csv")).json();
      expect(preview).toMatchObject({ rows: 3, good: 3, errorCount: 0, language: "ko", cells: 21 });
      const used = Object.fromEntries(preview.columns.filter((c: { field: string | null }) => c.field).map((c: { header: string; field: string }) => [c.header, c.field]));
      expect(used).toEqual({
        "저장 수": "saves",
        "계정 이름": "account_name",
        "게시 시간": "published",
        "조회 수": "views",
        "계정 ID": "account_id",
        "계정 사용자 이름": "account_username",
        "좋아요 수": "likes",
        "게시물 ID": "post_id",
        "댓글 수": "comments",
        "도달 수": "reach",
        "공유 수": "shares",
        "고유 링크": "permalink",
        "설명": "caption",
        "게시물 유형": "post_type",
        "팔로우 수": "follows",
      });
      expect(preview.columns.filter((c: { field: string | null }) => !c.field).map((c: { header: string }) => c.header)).toEqual(["재생 시간(초)", "날짜", "내부 메모", "데이터 코멘트"]);
      expect(preview.columns).toHaveLength(19);
      expect(preview.preview[0]).toMatchObject({ line: 2, day: "2026-11-03", channel: "instagram @dojagi.gongbang", values: { saves: 210, views: 4210, likes: 1520, comments: 48, reach: 3120, shares: 35, follows: 12 } });

      const done = (await owner.client.upload(url(false), fixture("meta-instagram-ko-spaced.csv"), "text/csv")).json();
      expect(done).toMatchObject({ rows: 3, good: 3, errorCount: 0, cells: 21 });
      expect(done.columns).toEqual(preview.columns);
      const cells = (await owner.client.get(`/api/workspaces/${workspace.id}/metrics`)).json().cells as Cell[];
      expect(cells).toHaveLength(21);
      expect(new Set(cells.map((c) => c.channelId))).toEqual(new Set([insta]));
      const byMetric = (metric: string) => cells.filter((c) => c.metric === metric).map((c) => [c.day, c.value]);
      expect(byMetric("views")).toEqual([["2026-11-03", 4210], ["2026-11-05", 12800], ["2026-11-07", 2050]]);
      expect(byMetric("reach")).toEqual([["2026-11-03", 3120], ["2026-11-05", 9450], ["2026-11-07", 1700]]);
      expect(byMetric("likes")).toEqual([["2026-11-03", 1520], ["2026-11-05", 2310], ["2026-11-07", 640]]);
      expect(byMetric("comments")).toEqual([["2026-11-03", 48], ["2026-11-05", 96], ["2026-11-07", 22]]);
      expect(byMetric("shares")).toEqual([["2026-11-03", 35], ["2026-11-05", 120], ["2026-11-07", 8]]);
      expect(byMetric("saves")).toEqual([["2026-11-03", 210], ["2026-11-05", 388], ["2026-11-07", 57]]);
      expect(byMetric("follows")).toEqual([["2026-11-03", 12], ["2026-11-05", 41], ["2026-11-07", 3]]);
      const posts = await t.deps.db.selectFrom("metric_posts").select(["post_key", "caption", "post_type"]).where("workspace_id", "=", workspace.id).orderBy("post_key").execute();
      expect(posts.map((p) => [p.post_key, p.caption, p.post_type])).toEqual([
        ["m:18034567890300001", "겨울 머그컵 굽는 날", "IG 캐러셀"],
        ["m:18034567890300002", "릴스: 주문 포장하는 법", "IG 릴스"],
        ["m:18034567890300003", "이번 주 손님 사진", "IG 이미지"],
      ]);
    });

    it("matches the account by its id first (a channel whose address holds the Page ID), before its name", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      await addChannel(owner, workspace.id, "facebook", { handle: "onsae" });
      const byId = await addChannel(owner, workspace.id, "facebook", { handle: "onsae.kr", url: "https://www.facebook.com/profile.php?id=100012345678901" });
      const res = (await owner.client.upload(`/api/workspaces/${workspace.id}/metrics/import?preset=meta&dryRun=false`, fixture("meta-facebook-ko.csv"), "text/csv")).json();
      expect(res).toMatchObject({ rows: 2, good: 2, errorCount: 0 });
      expect(res.preview.map((p: { channel: string }) => p.channel)).toEqual(["facebook @onsae.kr", "facebook @onsae.kr"]);
      // "제목" (empty) stands before "설명": the caption is the description.
      const posts = await t.deps.db.selectFrom("metric_posts").select(["channel_id", "caption"]).where("workspace_id", "=", workspace.id).orderBy("post_key").execute();
      expect(posts).toEqual([
        { channel_id: byId, caption: "겨울 한정 캔들 출시" },
        { channel_id: byId, caption: "매장 이벤트 안내" },
      ]);
      expect(res.columns.filter((c: { field: string | null }) => !c.field).map((c: { header: string }) => c.header)).toEqual(["날짜"]);
    });

    it("reads an account's numbers by day (Excel's sep= line, Korean counts) as the channel's own numbers, naming the column it does not use", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const insta = await addChannel(owner, workspace.id, "instagram", { handle: "dojagi.gongbang" });
      const csv = ["sep=,", '"날짜","팔로워 수","도달 수","프로필 방문 수","링크 클릭 수","콘텐츠 상호작용"', '"2026-11-01","1,204","830","41","12","77"', '"2026-11-02","1,210","1,020","38","9","65"'].join("\r\n");
      const res = (await owner.client.upload(`/api/workspaces/${workspace.id}/metrics/import?preset=meta&dateFormat=YYYY-MM-DD&channelId=${insta}&dryRun=false`, Buffer.from(csv), "text/csv")).json();
      expect(res).toMatchObject({ rows: 2, good: 2, errorCount: 0, cells: 8 });
      expect(res.columns).toEqual([
        { header: "날짜", field: "date" },
        { header: "팔로워 수", field: "followers" },
        { header: "도달 수", field: "reach" },
        { header: "프로필 방문 수", field: "profile_visits" },
        { header: "링크 클릭 수", field: "link_clicks" },
        { header: "콘텐츠 상호작용", field: null },
      ]);
      const cells = (await owner.client.get(`/api/workspaces/${workspace.id}/metrics`)).json().cells as Cell[];
      expect(cells.every((c) => c.postId === null && c.channelId === insta)).toBe(true);
      expect(cells.filter((c) => c.metric === "followers").map((c) => [c.day, c.value])).toEqual([["2026-11-01", 1204], ["2026-11-02", 1210]]);
      expect(cells.filter((c) => c.metric === "profile_visits").map((c) => c.value)).toEqual([41, 38]);
    });

    it("reads a GA4 traffic export (comment lines, YYYYMMDD, totals row) into sessions by source, medium and campaign", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const url = `/api/workspaces/${workspace.id}/metrics/import?preset=ga4&dryRun=false`;
      const first = await owner.client.upload(url, fixture("ga4-traffic.csv"), "text/csv");
      expect(first.json(), first.body).toMatchObject({ rows: 5, good: 5, errorCount: 0 });
      expect(first.json().columns).toEqual([
        { header: "Session source / medium", field: "source_medium" },
        { header: "Session campaign", field: "campaign" },
        { header: "Date", field: "date" },
        { header: "Sessions", field: "sessions" },
        { header: "Engaged sessions", field: null },
        { header: "Key events", field: "key_events" },
        { header: "Total revenue", field: "revenue" },
      ]);
      await owner.client.upload(url, fixture("ga4-traffic.csv"), "text/csv");
      const rows = await t.deps.db.selectFrom("traffic").selectAll().where("workspace_id", "=", workspace.id).orderBy("day").orderBy("source").execute();
      expect(rows.map((r) => [r.day, r.source, r.medium, r.campaign, Number(r.sessions), Number(r.revenue)])).toEqual([
        ["2026-11-01", "google", "organic", "(organic)", 300, 980],
        ["2026-11-01", "instagram", "social", "winter_launch", 120, 1240.5],
        ["2026-11-02", "instagram", "social", "winter_launch", 98, 310],
        ["2026-11-02", "l.instagram.com", "referral", "(not set)", 12, 0],
        ["2026-11-03", "facebook", "paid", "winter_launch", 75, 45.9],
      ]);
    });

    it("streams a large file in batches and commits (50,000 numbers); importing it again changes nothing", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channels = [];
      for (let i = 0; i < 5; i++) channels.push(await addChannel(owner, workspace.id, "instagram", { handle: `shop${i}` }));
      const metrics = ["followers", "reach", "views", "likes", "comments", "shares", "saves", "link_clicks", "profile_visits", "follows"];
      const lines = [`Date,Account,${metrics.join(",")}`];
      for (let i = 0; i < 5000; i++) {
        const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 5) * 86_400_000).toISOString().slice(0, 10);
        lines.push(`${day},@shop${i % 5},${metrics.map((_, k) => i * 10 + k).join(",")}`);
      }
      const mapping = encodeURIComponent(JSON.stringify({ date: "Date", channel: "Account", metrics: Object.fromEntries(metrics.map((m) => [m, m])) }));
      const url = `/api/workspaces/${workspace.id}/metrics/import?preset=generic&dateFormat=YYYY-MM-DD&dryRun=false&mapping=${mapping}`;
      for (let round = 0; round < 2; round++) {
        const res = await owner.client.upload(url, Buffer.from(lines.join("\n")), "text/csv");
        expect(res.json()).toMatchObject({ rows: 5000, good: 5000, cells: 50_000, errorCount: 0 });
      }
      const count = await t.deps.db.selectFrom("metrics").select((eb) => eb.fn.countAll<number>().as("n")).where("workspace_id", "=", workspace.id).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(50_000);
      const last = await t.deps.db.selectFrom("metrics").select("value").where("workspace_id", "=", workspace.id).where("channel_id", "=", channels[4]!).where("day", "=", "2022-09-26").where("metric", "=", "follows").executeTakeFirstOrThrow();
      expect(Number(last.value)).toBe(4999 * 10 + 9);
    });

    it("keeps Korean text whole across the file's chunks, and of one key given twice keeps the later number", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const fb = await addChannel(owner, workspace.id, "facebook", { handle: "onsae" });
      const header = "\uFEFF\"게시물 ID\",\"페이지 이름\",\"설명\",\"게시 시간\",\"고유 링크\",\"반응\",\"댓글\"";
      const caption = (i: number) => `겨울 한정 캔들 ${i}번 — 향기로운 밤을 위한 선물 🕯️ 매장과 온라인에서 만나보세요`;
      const lines = [header];
      // ~600 KB: the text arrives in many chunks, and a chunk ends inside a character more than once.
      for (let i = 0; i < 4000; i++) lines.push(`"p${i}","onsae","${caption(i)}","11/${String((i % 28) + 1).padStart(2, "0")}/2026 10:00","https://www.facebook.com/onsae/posts/p${i}","${(i * 3).toLocaleString("en")}","${i % 50}"`);
      lines.push(`"p0","onsae","${caption(0)}","11/01/2026 10:00","https://www.facebook.com/onsae/posts/p0","7,777","1"`);
      const res = await owner.client.upload(`/api/workspaces/${workspace.id}/metrics/import?preset=meta&dryRun=false`, Buffer.from(lines.join("\r\n")), "text/csv");
      expect(res.json()).toMatchObject({ rows: 4001, good: 4001, errorCount: 0, language: "ko" });
      const posts = await t.deps.db.selectFrom("metric_posts").select(["permalink", "caption"]).where("workspace_id", "=", workspace.id).execute();
      expect(posts).toHaveLength(4000);
      const bad = posts.filter((p) => p.caption !== caption(Number(p.permalink.split("/p").at(-1))));
      expect(bad).toEqual([]);
      const reactions = await t.deps.db.selectFrom("metrics_per_post").select(["value"]).where("workspace_id", "=", workspace.id).where("channel_id", "=", fb).where("metric", "=", "reactions").where("post_key", "=", "m:p0").execute();
      expect(reactions.map((r) => Number(r.value))).toEqual([7777]);
    });

    it("answers an upload cut off half way, keeps the database writable, and takes the whole file afterwards", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      await addChannel(owner, workspace.id, "instagram", { handle: "cut" });
      const metrics = ["reach", "views", "likes", "comments", "shares"];
      const lines = [`Date,Account,${metrics.join(",")}`];
      for (let i = 0; i < 12_000; i++) lines.push(`${new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},@cut,${metrics.map((_, k) => i + k).join(",")}`);
      const file = Buffer.from(lines.join("\n"));
      const mapping = encodeURIComponent(JSON.stringify({ date: "Date", channel: "Account", metrics: Object.fromEntries(metrics.map((m) => [m, m])) }));
      const url = `/api/workspaces/${workspace.id}/metrics/import?preset=generic&dateFormat=YYYY-MM-DD&dryRun=false&mapping=${mapping}`;
      const csrf = await owner.client.csrfToken();
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      try {
        const { port } = t.app.server.address() as AddressInfo;
        // Two thirds of the file, then the connection drops.
        await new Promise<void>((resolve) => {
          const req = http.request({ host: "127.0.0.1", port, method: "POST", path: url, headers: { cookie: owner.client.cookieHeaderValue(), "x-csrf-token": csrf, "content-type": "text/csv", "content-length": file.length } });
          req.on("error", () => resolve());
          req.on("response", (r) => (r.resume(), resolve()));
          req.write(file.subarray(0, Math.floor((file.length * 2) / 3)), () => setTimeout(() => req.destroy(), 300));
        });
      } finally {
        await t.app.server.close();
      }
      const again = await owner.client.upload(url, file, "text/csv");
      expect(again.json()).toMatchObject({ rows: 12_000, good: 12_000, cells: 60_000, errorCount: 0 });
      const count = await t.deps.db.selectFrom("metrics").select((eb) => eb.fn.countAll<number>().as("n")).where("workspace_id", "=", workspace.id).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(60_000);
      const card = await owner.client.post(`/api/workspaces/${workspace.id}/board/cards`, { title: "Still writable" });
      expect(card.statusCode).toBe(201);
    });

    it("maps any other file's columns, reports a missing column by name, and refuses viewers", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const viewer = await addMember(t.app, owner, workspace.id, "viewer");
      const shop = await addChannel(owner, workspace.id, "website");
      const csv = Buffer.from("Tag;Bestellungen;Umsatz\n2026-11-01;12;1.240,50\n2026-11-02;9;980\n2026-11-03;x;10\n");
      const mapping = encodeURIComponent(JSON.stringify({ date: "Tag", metrics: { Bestellungen: "orders", Umsatz: "revenue" } }));
      const url = `/api/workspaces/${workspace.id}/metrics/import?preset=generic&dateFormat=YYYY-MM-DD&decimal=comma&channelId=${shop}&mapping=${mapping}&dryRun=false`;
      const res = await owner.client.upload(url, csv, "text/csv");
      expect(res.json()).toMatchObject({ rows: 3, good: 2, cells: 4, errorCount: 1, errors: [{ line: 4, field: "orders" }] });
      const cells = (await owner.client.get(`/api/workspaces/${workspace.id}/metrics`)).json().cells as Cell[];
      expect(cells.filter((c) => c.metric === "revenue").map((c) => c.value)).toEqual([1240.5, 980]);
      const missing = await owner.client.upload(`/api/workspaces/${workspace.id}/metrics/import?preset=ga4`, csv, "text/csv");
      expect(missing.json().errors[0]).toMatchObject({ line: 1, field: "date", message: expect.stringContaining("Tag, Bestellungen, Umsatz") });
      await owner.client.patch("/api/auth/me", { locale: "ko" });
      const ko = await owner.client.upload(`/api/workspaces/${workspace.id}/metrics/import?preset=ga4`, csv, "text/csv");
      expect(ko.json().errors[0].message).toContain("열이 없습니다");
      expect((await viewer.client.upload(url, csv, "text/csv")).statusCode).toBe(403);
    });

    it("refuses a file whose header has thousands of columns or whose line never ends, without holding or echoing it", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const url = `/api/workspaces/${workspace.id}/metrics/import?preset=generic&dryRun=true`;
      const wide = await owner.client.upload(url, Buffer.from(`${Array.from({ length: 20_000 }, (_, i) => `column ${i}`).join(",")}\n2027-01-01,1\n`), "text/csv");
      expect(wide.statusCode).toBe(200);
      expect(wide.json().errors[0].message).toBe("The file has 20000 columns; an export has at most 500. Check that it is the right file and delimiter.");
      expect(wide.json().columns).toEqual([]);
      expect(wide.body.length).toBeLessThan(5_000);
      const endless = await owner.client.upload(url, Buffer.from(`date,reach\n${"9".repeat(3_000_000)}`), "text/csv");
      expect(endless.statusCode).toBe(413);
      expect(endless.json().error.code).toBe("metrics.line_too_long");
      expect((await t.app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
    });
  });
}
