import type { Budget, ImportResult, Post } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, buildWorkspace } from "./helpers/factories.ts";
import { CMD, exportsWithFormulaText, HYPERLINK, MINUS, rowsOf, SUM } from "./helpers/formula-text.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`CSV exports are safe to open in a spreadsheet, and our imports read them back [${dialect}]`, () => {
    let t: TestApp;
    let data: Awaited<ReturnType<typeof exportsWithFormulaText>>;
    beforeAll(async () => {
      t = await createTestApp(dialect);
      data = await exportsWithFormulaText(t.app);
    });
    afterAll(() => t.close());

    it("escapes a formula in a post's title, text and campaign in the calendar export, and the import reads the originals back", async () => {
      const { owner, workspace, csv } = data;
      const base = `/api/workspaces/${workspace.id}/posts`;
      const stored = (await owner.client.get(`${base}/${data.post.id}`)).json<{ post: Post }>().post;
      expect(stored.campaign!.startsWith("-")).toBe(true);
      expect(csv.posts.startsWith('\uFEFF"date (Asia/Seoul)","time (Asia/Seoul)","status","channel","title","text"')).toBe(true);
      // The cells as written: quoted, with the protective quote in front; the published count stays a number.
      expect(csv.posts).toContain(`"'=HYPERLINK(""http://evil"",""x"")","'@SUM(1,1)",`);
      expect(csv.posts).toMatch(/,0,""$/);
      const [header, row] = rowsOf(csv.posts);
      const cell = (name: string) => row![header!.indexOf(name)];
      expect([cell("title"), cell("text"), cell("campaign")]).toEqual([`'${HYPERLINK}`, `'${SUM}`, `'${stored.campaign}`]);

      // The export, imported again as our own format: the quote is taken off, the texts are as they were.
      const imported = (await owner.client.post(`${base}/import`, { csv: csv.posts, preset: "socialplan", dateFormat: "YYYY-MM-DD", channelIds: [], dryRun: false })).json<ImportResult>();
      expect(imported.rows[0]!.errors).toEqual([]);
      expect(imported.rows[0]!.text).toBe(SUM);
      const copy = (await owner.client.get(base)).json<{ posts: Post[] }>().posts.find((x) => x.id !== data.post.id)!;
      expect([copy.title, copy.body, copy.campaign]).toEqual([HYPERLINK, SUM, stored.campaign]);
    });

    it("escapes a budget line's name but keeps negative differences as numbers, and the import finds the line by its escaped name", async () => {
      const { owner, workspace, csv } = data;
      const base = `/api/workspaces/${workspace.id}/budget`;
      const lines = csv.budget.replace(/^\uFEFF/, "").split("\r\n");
      expect(lines[0]).toBe('"line","category","month","planned","actual","available","difference"');
      expect(lines[1]).toBe(`"'+cmd|' /C calc'!A0","Advertising","2026-11",10,22.5,10,-12.5`);

      // Our export's line names in an import file (as a spreadsheet leaves them): the line is found.
      const rows = rowsOf(csv.budget).slice(1, 3);
      const back = ["line,month,amount", ...rows.map((r) => `"${r[0]!.replace(/"/g, '""')}",${r[2]},"$1,180.50"`)].join("\n");
      const result = await owner.client.post(`${base}/import`, { csv: back, field: "planned", apply: true });
      expect(result.json().rows.map((r: { error: string | null }) => r.error)).toEqual([null, null]);
      expect(result.json().applied).toBe(2);
      expect((await owner.client.get(base)).json<Budget>().lines[0]!.planned).toMatchObject({ "2026-11": 118_050, "2026-12": 118_050 });
    });

    it("escapes a report's answers and goal titles in its CSV", () => {
      const cells = rowsOf(data.csv.report).flat();
      for (const attack of [HYPERLINK, SUM, MINUS, CMD]) {
        expect(cells).toContain(`'${attack}`);
        expect(cells).not.toContain(attack);
      }
      expect(cells).toContain("More reels");
      expect(cells).toContain("950");
    });

    it("refuses the issue's loosely read amounts (1e308, 12abc34, 0x10) with their rows and reasons, and writes nothing", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { currency: "USD" });
      const base = `/api/workspaces/${workspace.id}/budget`;
      await owner.client.post(`${base}/lines`, { name: "Instagram ads", category: "ads" });
      const csv = "line,month,amount\nInstagram ads,2026-11,1e308\nInstagram ads,2026-12,12abc34\nInstagram ads,2027-01,0x10\nInstagram ads,2027-02,33.335\nInstagram ads,2027-03,\"1,180.50\"\n";
      const res = await owner.client.post(`${base}/import`, { csv, field: "actual", apply: true });
      expect(res.statusCode, res.body).toBe(200);
      const rows = res.json<{ rows: { row: number; amount: number | null; error: string | null }[]; applied: number }>();
      expect(rows.applied).toBe(0);
      expect(rows.rows.map((r) => [r.row, r.amount, r.error])).toEqual([
        [2, null, '"1e308" is not an amount: write digits with at most one decimal mark, grouped by threes if you like and with the currency\'s sign, as in $1,180.50.'],
        [3, null, expect.stringContaining('"12abc34" is not an amount')],
        [4, null, expect.stringContaining('"0x10" is not an amount')],
        [5, null, '"33.335" has more decimals than USD has (2). Amounts are not rounded: correct it in the file.'],
        [6, 118_050, null],
      ]);
      expect((await owner.client.get(base)).json<Budget>().lines[0]!.actual).toEqual({});

      // In Korean, with the won: a dollar amount, decimals and a negative amount are refused, "12,000원" is read.
      const ko = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }));
      const koBase = `/api/workspaces/${ko.workspace.id}/budget`;
      await ko.owner.client.post(`${koBase}/lines`, { name: "광고", category: "ads" });
      const won = await ko.owner.client.post(`${koBase}/import`, { csv: "line,month,amount\n광고,2026-11,$12\n광고,2026-12,12.5\n광고,2027-01,\"12,000원\"\n광고,2027-02,-5000\n", field: "actual", apply: false });
      expect(won.json().rows.map((r: { error: string | null }) => r.error)).toEqual([
        '"$12"은(는) 다른 통화($)입니다. 여기서는 KRW로 씁니다.',
        '"12.5"에 소수가 있지만 KRW 금액은 정수입니다. 금액은 반올림하지 않으니 파일에서 고쳐 주세요.',
        null,
        '"-5000"은(는) 음수입니다. 여기서는 0 이상의 금액만 쓸 수 있습니다.',
      ]);
    });
  });
}
