import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNumber } from "../src/features/metrics/metric-import.ts";
import { buildWorkspace } from "./helpers/factories.ts";
import { addChannel } from "./helpers/posts.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

/**
 * The import's batch edges: the reader hands the writer 20,000 numbers at a time (SQLite: to its thread, merged
 * 100,000 at a time; PostgreSQL: upserts of 2,000, ten to a transaction). A bad row, a repeated key or an empty
 * cell on either side of an edge must give the same answer as anywhere else, and the dry run the same counts.
 */
const METRICS = ["followers", "reach", "views", "likes", "comments", "shares", "saves", "link_clicks", "profile_visits", "follows"];
const dayOf = (i: number) => new Date(Date.UTC(2001, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const valueOf = (i: number, k: number) => i * 10 + k;

describe("parseNumber", () => {
  it("reads plain whole numbers as before, and leaves everything else to the careful path", () => {
    expect(parseNumber("0", "en")).toBe(0);
    expect(parseNumber("007", "en")).toBe(7);
    expect(parseNumber("123456789012345", "en")).toBe(123456789012345);
    expect(parseNumber("1234567890123456", "en")).toBe(1234567890123456);
    expect(parseNumber("1,520", "en")).toBe(1520);
    expect(parseNumber("1.520", "de")).toBe(1520);
    expect(parseNumber("1.5", "en")).toBe(1.5);
    expect(parseNumber("-3", "en")).toBe(-3);
    expect(parseNumber(" 12 ", "en")).toBe(12);
    expect(parseNumber("", "en")).toBeNull();
    expect(parseNumber("-", "en")).toBeNull();
    expect(parseNumber("１２", "en")).toBe("bad");
    expect(parseNumber("12a", "en")).toBe("bad");
  });
});

for (const dialect of DIALECTS) {
  describe(`metrics import at batch edges [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    const mapping = (columns: Record<string, string>) => encodeURIComponent(JSON.stringify({ date: "Date", channel: "Account", metrics: columns }));
    const all = Object.fromEntries(METRICS.map((m) => [m, m]));

    async function stored(workspaceId: string) {
      const rows = await t.deps.db.selectFrom("metrics").select(["channel_id", "day", "metric", "value"]).where("workspace_id", "=", workspaceId).execute();
      return new Map(rows.map((r) => [`${r.channel_id}|${r.day}|${r.metric}`, r.value === null ? null : Number(r.value)]));
    }

    it("a file of exactly one part (20,000 numbers), one more row, and a bad row on the edge: every good number stored once, the bad one reported on its line", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const channel = await addChannel(owner, workspace.id, "instagram", { handle: "edge" });
      const url = (dry: boolean) => `/api/workspaces/${workspace.id}/metrics/import?preset=generic&dateFormat=YYYY-MM-DD&dryRun=${dry}&mapping=${mapping(all)}`;
      const file = (lines: number, bad?: number) => {
        const out = [`Date,Account,${METRICS.join(",")}`];
        for (let i = 0; i < lines; i++) out.push(`${dayOf(i)},@edge,${METRICS.map((_, k) => (i === bad && k === 9 ? "lots" : valueOf(i, k))).join(",")}`);
        return Buffer.from(out.join("\n"));
      };
      // 2,000 lines × 10 = 20,000 numbers: exactly one part.
      const exact = await owner.client.upload(url(false), file(2000), "text/csv");
      expect(exact.json()).toMatchObject({ rows: 2000, good: 2000, cells: 20_000, errorCount: 0 });
      expect((await stored(workspace.id)).size).toBe(20_000);
      // One row more, then the first row of the second part bad (line 2,002: the header is line 1).
      const dry = (await owner.client.upload(url(true), file(2001, 2000), "text/csv")).json();
      const done = (await owner.client.upload(url(false), file(2001, 2000), "text/csv")).json();
      for (const r of [dry, done]) {
        expect(r).toMatchObject({ rows: 2001, good: 2000, cells: 20_000, errorCount: 1 });
        expect(r.errors).toEqual([{ line: 2002, field: "follows", message: expect.stringContaining("\"lots\"") }]);
      }
      // The last good row before the edge, stored; the bad row's day has nothing.
      const numbers = await stored(workspace.id);
      expect(numbers.size).toBe(20_000);
      expect(numbers.get(`${channel}|${dayOf(1999)}|follows`)).toBe(valueOf(1999, 9));
      expect(numbers.has(`${channel}|${dayOf(2000)}|reach`)).toBe(false);
      // The whole file with the row corrected: the 20,001st to 20,010th numbers make a part of their own.
      expect((await owner.client.upload(url(false), file(2001), "text/csv")).json()).toMatchObject({ good: 2001, cells: 20_010, errorCount: 0 });
      expect((await stored(workspace.id)).get(`${channel}|${dayOf(2000)}|follows`)).toBe(valueOf(2000, 9));
    });

    it("of one key given on both sides of a part's and a merge's edge, keeps the later number; empty cells and two columns of one metric read as before", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const a = await addChannel(owner, workspace.id, "instagram", { handle: "early" });
      const b = await addChannel(owner, workspace.id, "facebook", { handle: "late" });
      const out = [`Date,Account,${METRICS.join(",")}`];
      // 10,050 lines × 10 = 100,500 numbers: five parts, the last cut short, and (SQLite) a merge of 100,000 then one
      // of 500. The first line is given again after the first part and at the very end, with other numbers.
      for (let i = 0; i < 10_000; i++) out.push(`${dayOf(Math.floor(i / 2))},@${i % 2 ? "late" : "early"},${METRICS.map((_, k) => valueOf(i, k)).join(",")}`);
      out.splice(2002, 0, `${dayOf(0)},@early,${METRICS.map((_, k) => 500_000 + k).join(",")}`);
      for (let i = 0; i < 49; i++) out.push(`${dayOf(9000 + i)},@late,${METRICS.map((_, k) => (k % 3 === 0 ? "" : valueOf(i, k))).join(",")}`);
      out.push(`${dayOf(0)},@early,${METRICS.map((_, k) => (k === 0 ? 900_000 : "")).join(",")}`);
      const file = Buffer.from(out.join("\n"));
      const url = (dry: boolean) => `/api/workspaces/${workspace.id}/metrics/import?preset=generic&dateFormat=YYYY-MM-DD&dryRun=${dry}&mapping=${mapping(all)}`;
      // Empty cells are no numbers: the 49 sparse lines have 6 each (k = 1, 2, 4, 5, 7, 8), the last line one.
      const cells = 10_001 * 10 + 49 * 6 + 1;
      const dry = (await owner.client.upload(url(true), file, "text/csv")).json();
      const done = (await owner.client.upload(url(false), file, "text/csv")).json();
      expect(dry).toMatchObject({ rows: 10_051, good: 10_051, cells, errorCount: 0 });
      expect(done).toMatchObject({ rows: 10_051, good: 10_051, cells, errorCount: 0 });
      expect(dry.preview).toEqual(done.preview);
      expect(done.preview[0]).toMatchObject({ line: 2, day: dayOf(0), values: Object.fromEntries(METRICS.map((m, k) => [m, valueOf(0, k)])) });
      const numbers = await stored(workspace.id);
      // Distinct keys: 5,000 days × 2 channels × 10, and the sparse lines' 49 days × 6.
      expect(numbers.size).toBe(100_000 + 49 * 6);
      expect(numbers.get(`${a}|${dayOf(0)}|followers`)).toBe(900_000);
      expect(numbers.get(`${a}|${dayOf(0)}|reach`)).toBe(500_001);
      expect(numbers.get(`${a}|${dayOf(0)}|follows`)).toBe(500_009);
      expect(numbers.get(`${b}|${dayOf(4999)}|follows`)).toBe(valueOf(9999, 9));
      expect(numbers.has(`${b}|${dayOf(9000)}|followers`)).toBe(false);
      expect(numbers.get(`${b}|${dayOf(9048)}|reach`)).toBe(valueOf(48, 1));

      // Two columns mapped to one metric: the row's later column wins, counted once (as the row object always did).
      const twice = Buffer.from(`Date,Account,Reach A,Reach B,Likes\n${dayOf(0)},@late,1,2,3\n${dayOf(1)},@late,4,,6\n`);
      const twiceUrl = `/api/workspaces/${workspace.id}/metrics/import?preset=generic&dateFormat=YYYY-MM-DD&dryRun=false&mapping=${mapping({ "Reach A": "reach", "Reach B": "reach", Likes: "likes" })}`;
      const r = (await owner.client.upload(twiceUrl, twice, "text/csv")).json();
      expect(r).toMatchObject({ rows: 2, good: 2, cells: 4, errorCount: 0 });
      expect(r.preview.map((p: { values: unknown }) => p.values)).toEqual([{ reach: 2, likes: 3 }, { reach: 4, likes: 6 }]);
      const after = await stored(workspace.id);
      expect([after.get(`${b}|${dayOf(0)}|reach`), after.get(`${b}|${dayOf(1)}|reach`)]).toEqual([2, 4]);
    });
  });
}
