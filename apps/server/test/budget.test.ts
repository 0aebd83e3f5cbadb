import { monthPacing, periodMonths, sheetFigures, type BudgetLineInput } from "@socialplan/domain";
import { budgetFiguresAt, type Budget } from "@socialplan/schema";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, buildWorkspace } from "./helpers/factories.ts";
import { createTestApp, DIALECTS, type TestApp } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`budget [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.close());

    // The test clock's period: 2026-11 for 12 months.
    it("keeps lines and monthly amounts in minor units; rollover is on by default for advertising only", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { currency: "USD" });
      const base = `/api/workspaces/${workspace.id}/budget`;
      const created = await owner.client.post(`${base}/lines`, { name: "Instagram ads", category: "ads", planned: { "2026-11": 25000, "2026-12": 25000 } });
      expect(created.statusCode, created.body).toBe(201);
      await owner.client.post(`${base}/lines`, { name: "Canva", category: "software", planned: { "2026-11": 1499 } });
      const budget = (await owner.client.get(base)).json<Budget>();
      expect(budget.period).toEqual({ start: "2026-11", months: 12 });
      expect(budget.lines.map((l) => [l.name, l.rollover, l.trackActuals])).toEqual([
        ["Instagram ads", true, true],
        ["Canva", false, true],
      ]);
      const ads = budget.lines[0]!;
      const after = await owner.client.put(`${base}/cells`, {
        cells: [
          { lineId: ads.id, month: "2026-11", field: "actual", amount: 18000 },
          { lineId: ads.id, month: "2026-12", field: "planned", amount: 30000 },
        ],
      });
      expect(after.json().lines[0]).toMatchObject({ planned: { "2026-11": 25000, "2026-12": 30000 }, actual: { "2026-11": 18000 } });
      // Clearing a cell removes its amount.
      const cleared = await owner.client.put(`${base}/cells`, { cells: [{ lineId: ads.id, month: "2026-11", field: "actual", amount: null }] });
      expect(cleared.json().lines[0].actual).toEqual({});
    });

    it("plans €300 a month for a year in one request, and spreads a yearly amount so the months add up exactly", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { currency: "EUR" });
      const base = `/api/workspaces/${workspace.id}/budget`;
      const created = await owner.client.post(`${base}/lines`, { name: "Canva", category: "software", plan: { kind: "monthly", amount: 30000, from: "2026-11", to: "2027-10" } });
      expect(created.statusCode, created.body).toBe(201);
      const canva = created.json<Budget>().lines[0]!;
      expect(Object.keys(canva.planned)).toEqual(periodMonths({ start: "2026-11", months: 12 }));
      expect(Object.values(canva.planned).every((v) => v === 30000)).toBe(true);
      expect(created.json<Budget>().figures.lines[canva.id]!.total.planned).toBe(360000);

      // A yearly €1,000.00 spread over the twelve months: 100000 / 12 = 8333 rest 4, the rest on the first four months.
      const spread = await owner.client.patch(`${base}/lines/${canva.id}`, { plan: { kind: "spread", amount: 100000, from: "2026-11", to: "2027-10" } });
      expect(spread.statusCode, spread.body).toBe(200);
      const planned = Object.values(spread.json<Budget>().lines[0]!.planned);
      expect(planned).toEqual([8334, 8334, 8334, 8334, 8333, 8333, 8333, 8333, 8333, 8333, 8333, 8333]);
      expect(planned.reduce((a, b) => a + b, 0)).toBe(100000);

      // Part of the period: only those months change; the others keep their amounts.
      const part = await owner.client.patch(`${base}/lines/${canva.id}`, { plan: { kind: "monthly", amount: 500, from: "2027-09", to: "2027-10" } });
      expect(part.json<Budget>().lines[0]!.planned).toMatchObject({ "2026-11": 8334, "2027-08": 8333, "2027-09": 500, "2027-10": 500 });
    });

    it("refuses a plan's months outside the period or in the wrong order, naming the field, in the user's language", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }), { currency: "KRW" });
      const base = `/api/workspaces/${workspace.id}/budget`;
      const outside = await owner.client.post(`${base}/lines`, { name: "광고", category: "ads", plan: { kind: "monthly", amount: 300000, from: "2026-10", to: "2028-01" } });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.fields.map((f: { field: string; code: string }) => [f.field, f.code])).toEqual([
        ["plan.from", "budget.plan_month"],
        ["plan.to", "budget.plan_month"],
      ]);
      expect(outside.json().error.fields[0].message).toContain("전략 기간");
      const reversed = await owner.client.post(`${base}/lines`, { name: "광고", category: "ads", plan: { kind: "spread", amount: 1200000, from: "2027-05", to: "2027-01" } });
      expect(reversed.json().error.fields).toMatchObject([{ field: "plan.to", code: "budget.plan_order" }]);
      const fraction = await owner.client.post(`${base}/lines`, { name: "광고", category: "ads", plan: { kind: "spread", amount: 12.5, from: "2026-11", to: "2027-01" } });
      expect(fraction.statusCode).toBe(400);
      expect(fraction.json().error.fields[0].field).toBe("plan.amount");
      // Nothing was created by the refused requests.
      expect((await owner.client.get(base)).json<Budget>().lines).toEqual([]);
    });

    it("writes a pasted block all together or not at all, naming each bad cell", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}/budget`;
      const line = (await owner.client.post(`${base}/lines`, { name: "Ads", category: "ads" })).json<Budget>().lines[0]!;
      const res = await owner.client.put(`${base}/cells`, {
        cells: [
          { lineId: line.id, month: "2026-11", field: "actual", amount: 1000 },
          { lineId: line.id, month: "2028-01", field: "actual", amount: 1000 },
          { lineId: "00000000-0000-4000-8000-000000000000", month: "2026-12", field: "actual", amount: 5 },
        ],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toEqual(["cells.1.month", "cells.2.lineId"]);
      expect((await owner.client.get(base)).json<Budget>().lines[0]!.actual).toEqual({});
      const negative = await owner.client.put(`${base}/cells`, { cells: [{ lineId: line.id, month: "2026-11", field: "actual", amount: -5 }] });
      expect(negative.statusCode).toBe(400);
    });

    it("stops a line from a month of the period, and links lines only to this workspace's channels and goals", async () => {
      const { owner, workspace } = await buildWorkspace(t.app);
      const other = await buildWorkspace(t.app);
      const base = `/api/workspaces/${workspace.id}/budget`;
      const line = (await owner.client.post(`${base}/lines`, { name: "Ads", category: "ads" })).json<Budget>().lines[0]!;
      const stopped = await owner.client.patch(`${base}/lines/${line.id}`, { stoppedFrom: "2027-03" });
      expect(stopped.json().lines[0].stoppedFrom).toBe("2027-03");
      expect((await owner.client.patch(`${base}/lines/${line.id}`, { stoppedFrom: "2030-01" })).json().error.fields[0].field).toBe("stoppedFrom");
      const foreignGoal = (await other.owner.client.post(`/api/workspaces/${other.workspace.id}/strategy/collections/goal`, { data: { title: "G" } })).json();
      const refused = await owner.client.post(`${base}/lines`, { name: "X", category: "ads", goalId: foreignGoal.id });
      expect(refused.json().error.fields[0]).toMatchObject({ field: "goalId", code: "budget.unknown_goal" });
      const goal = (await owner.client.post(`/api/workspaces/${workspace.id}/strategy/collections/goal`, { data: { title: "Mine" } })).json();
      expect((await owner.client.post(`${base}/lines`, { name: "For the goal", category: "ads", goalId: goal.id })).statusCode).toBe(201);
      expect((await other.owner.client.patch(`/api/workspaces/${other.workspace.id}/budget/lines/${line.id}`, { name: "stolen" })).statusCode).toBe(404);
    });

    it("starts from the guide's sample in the user's language and currency, and clears what was not edited", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, await buildUser(t.app, { locale: "ko" }));
      const base = `/api/workspaces/${workspace.id}/budget`;
      expect((await owner.client.post(`${base}/sample`, { locale: "ko" })).json().created).toBe(9);
      const budget = (await owner.client.get(base)).json<Budget>();
      const ads = budget.lines.find((l) => l.name === "인스타그램 광고")!;
      expect(ads).toMatchObject({ category: "ads", rollover: true, sample: true, planned: { "2026-11": 250_000 }, actual: { "2026-11": 180_000, "2026-12": 260_000 } });
      await owner.client.put(`${base}/cells`, { cells: [{ lineId: ads.id, month: "2027-01", field: "actual", amount: 1 }] });
      expect((await owner.client.delete(`${base}/sample`)).json().removed).toBe(8);
      expect((await owner.client.get(base)).json<Budget>().lines.map((l) => l.name)).toEqual(["인스타그램 광고"]);
    });

    it("imports a CSV of actuals only when every row is right, reporting each bad row in the user's language", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { currency: "USD" });
      const base = `/api/workspaces/${workspace.id}/budget`;
      await owner.client.post(`${base}/lines`, { name: "Instagram ads", category: "ads" });
      const bad = "line,month,amount\nInstagram ads,2026-11,180.50\nTikTok ads,2026-11,10\nInstagram ads,2026-13,5\nInstagram ads,2026-12,abc\n";
      const preview = await owner.client.post(`${base}/import`, { csv: bad, field: "actual", apply: true });
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json().applied).toBe(0);
      expect(preview.json().rows.map((r: { row: number; error: string | null }) => [r.row, r.error !== null])).toEqual([
        [2, false],
        [3, true],
        [4, true],
        [5, true],
      ]);
      expect(preview.json().rows[1].error).toContain("TikTok ads");
      expect((await owner.client.get(base)).json<Budget>().lines[0]!.actual).toEqual({});
      const good = await owner.client.post(`${base}/import`, { csv: "\uFEFFLine,Month,Amount\ninstagram ads,2026-11,\"$1,180.50\"\nInstagram ads,2026-12,90\n", field: "actual", apply: true });
      expect(good.json().applied).toBe(2);
      expect((await owner.client.get(base)).json<Budget>().lines[0]!.actual).toEqual({ "2026-11": 118050, "2026-12": 9000 });
      const missing = await owner.client.post(`${base}/import`, { csv: "name,amount\nx,1\n", field: "actual", apply: false });
      expect(missing.json().error.fields[0]).toMatchObject({ field: "csv", code: "budget.csv_columns" });
    });

    it("returns available, difference, totals and pacing as the domain computes them, for rollover, overspend and a stopped line", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { currency: "USD" });
      const base = `/api/workspaces/${workspace.id}/budget`;
      await owner.client.post(`${base}/sample`, { locale: "en" });
      let budget = (await owner.client.get(base)).json<Budget>();
      const facebook = budget.lines.find((l) => l.name === "Facebook ads")!;
      const instagram = budget.lines.find((l) => l.name === "Instagram ads")!;
      await owner.client.patch(`${base}/lines/${facebook.id}`, { stoppedFrom: "2027-02" });
      // Spending in a stopped month is overspend; a large January overspend carries a negative amount into February.
      budget = (
        await owner.client.put(`${base}/cells`, {
          cells: [
            { lineId: facebook.id, month: "2027-03", field: "actual", amount: 4000 },
            { lineId: instagram.id, month: "2027-01", field: "actual", amount: 90000 },
          ],
        })
      ).json<Budget>();

      // The same figures, computed here from the stored amounts with the domain function.
      const months = periodMonths(budget.period);
      const inputs: BudgetLineInput[] = budget.lines.map((l) => ({
        category: l.category,
        planned: months.map((m) => l.planned[m]),
        actual: months.map((m) => l.actual[m]),
        trackActuals: l.trackActuals,
        rollover: l.rollover,
        stoppedFrom: l.stoppedFrom ? months.indexOf(l.stoppedFrom) : null,
      }));
      const expected = sheetFigures(inputs, months.length);
      const byMonth = <T>(values: readonly T[]) => Object.fromEntries(months.map((m, k) => [m, values[k]]));
      budget.lines.forEach((l, i) => {
        expect(budget.figures.lines[l.id], l.name).toEqual({ months: byMonth(expected.lines[i]!.months), total: expected.lines[i]!.total, carryOut: expected.lines[i]!.carryOut });
      });
      expect(budget.figures.months).toEqual(byMonth(expected.months));
      expect(budget.figures.total).toEqual(expected.total);
      for (const c of ["software", "ads", "services", "assets", "other"] as const) expect(budget.figures.categories[c]).toEqual({ months: byMonth(expected.categories[c].months), total: expected.categories[c].total });

      // Spot checks against the sheet as a person reads it (USD cents).
      const ig = budget.figures.lines[instagram.id]!.months;
      expect(ig["2026-12"]).toEqual({ planned: 25000, available: 32000, actual: 26000, difference: 6000 });
      expect(ig["2027-02"]!.available).toBe(25000 + (31000 - 90000));
      expect(budget.figures.lines[facebook.id]!.months["2027-03"]).toEqual({ planned: 0, available: 0, actual: 4000, difference: -4000 });
      expect(budget.figures.lines[facebook.id]!.months["2027-01"]!.available).toBe(10000 + 4000);

      // Pacing of the current month in the workspace's zone: 2026-11-26 18:00 in Seoul, day 26 of 30, over the lines
      // that track their spending (fixed costs count as spent in full and are not paced).
      const tracked = budget.lines.map((l, i) => (l.trackActuals ? expected.lines[i]!.months[0]! : null)).filter((f) => f !== null);
      const spent = tracked.reduce((a, f) => a + f.actual, 0);
      const available = tracked.reduce((a, f) => a + f.available, 0);
      expect(budget.lines.some((l) => !l.trackActuals)).toBe(true);
      expect(available).toBeLessThan(expected.months[0]!.available);
      expect(budget.figures.pacing).toEqual({ spent, available, ...monthPacing({ spent, available, now: t.clock.current, timeZone: "Asia/Seoul" }) });
      expect(budget.figures.pacing).toMatchObject({ month: "2026-11", day: 26, days: 30 });
      const saved = t.clock.current;
      try {
        // 20:00 UTC on 30 November is already 1 December in Seoul.
        t.clock.current = new Date("2026-11-30T20:00:00Z");
        const december = (await owner.client.get(base)).json<Budget>().figures.pacing!;
        // The first hours of the month: too early to say anything about the pace.
        expect(december).toMatchObject({ month: "2026-12", day: 1, days: 31, status: "early" });
      } finally {
        t.clock.current = saved;
      }
      // Outside the strategy period there is no current month to pace.
      expect(budgetFiguresAt(budget, { now: new Date("2030-01-01T00:00:00Z"), timeZone: "Asia/Seoul" }).pacing).toBeNull();

      // The CSV export's available and difference columns are the API's figures.
      const csv = (await owner.client.get(`${base}/export?format=csv`)).body.replace(/^\uFEFF/, "");
      const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
      expect(rows).toHaveLength(budget.lines.length * months.length);
      for (const row of rows) {
        const line = budget.lines.find((l) => l.name === row.line)!;
        const f = budget.figures.lines[line.id]!.months[row.month!]!;
        expect([Number(row.available) * 100, Number(row.difference) * 100], `${row.line} ${row.month}`).toEqual([f.available, f.difference]);
      }
    });

    it("exports CSV with the computed rollover per line and month", async () => {
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { currency: "USD" });
      const base = `/api/workspaces/${workspace.id}/budget`;
      const line = (await owner.client.post(`${base}/lines`, { name: "Ads", category: "ads", planned: { "2026-11": 10000, "2026-12": 10000 } })).json<Budget>().lines[0]!;
      await owner.client.put(`${base}/cells`, { cells: [{ lineId: line.id, month: "2026-11", field: "actual", amount: 7000 }] });
      const csv = await owner.client.get(`${base}/export?format=csv`);
      expect(csv.headers["content-type"]).toContain("text/csv");
      const lines = csv.body.replace(/^\uFEFF/, "").split(/\r?\n/);
      // Text quoted (and escaped where it would start a formula: see csv-exports.test.ts), amounts as numbers.
      expect(lines[0]).toBe('"line","category","month","planned","actual","available","difference"');
      expect(lines[1]).toBe('"Ads","Advertising","2026-11",100,70,100,30');
      expect(lines[2]).toBe('"Ads","Advertising","2026-12",100,0,130,130');
    });
  });
}
