import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lineFigures, periodMonths, sheetFigures, type BudgetLineInput } from "@socialplan/domain";
import type { Budget } from "@socialplan/schema";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { columnName } from "../../src/features/budget/budget-xlsx.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkspace } from "../helpers/factories.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

/**
 * Opens a workbook in LibreOffice and saves it again: with "always recalculate on load", or (`default`) with a new,
 * empty user profile, as a person who never changed LibreOffice's settings has (for Excel files: never recalculate).
 */
function recalculate(file: string, settings: "always" | "default" = "always"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-lo-"));
  if (settings === "always") {
    fs.mkdirSync(path.join(dir, "profile/user"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "profile/user/registrymodifications.xcu"),
      `<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>`,
    );
  }
  execFileSync("soffice", [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", path.join(dir, "out"), file], { stdio: "pipe", timeout: 90_000 });
  if (settings === "default") {
    // LibreOffice made the profile itself, and nothing in it changes how formulas are calculated on load.
    const settingsFile = fs.readFileSync(path.join(dir, "profile/user/registrymodifications.xcu"), "utf8");
    expect(settingsFile).not.toMatch(/RecalcMode|Formula\/Load/);
  }
  return path.join(dir, "out", path.basename(file));
}

/** The formula cells of a workbook that carry a cached result (`<c r="F2"><f>…</f><v>15</v></c>`). */
async function cachedFormulaCells(file: string | Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(typeof file === "string" ? fs.readFileSync(file) : file);
  const cached: string[] = [];
  for (let i = 1; zip.file(`xl/worksheets/sheet${i}.xml`); i++) {
    const xml = await zip.file(`xl/worksheets/sheet${i}.xml`)!.async("string");
    for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*?>(.*?)<\/c>/g)) if (/<f[ >\/]/.test(m[2]!) && /<v>/.test(m[2]!)) cached.push(`sheet${i}!${m[1]}`);
  }
  return cached;
}

/**
 * The computed values of a saved workbook, read from its sheet XML (`<c r="F2"><f>…</f><v>15</v></c>`): exceljs
 * drops a formula's cached result when it is 0, so it cannot tell "0" from "never computed".
 */
async function computedSheets(file: string): Promise<Map<string, number>[]> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const sheets: Map<string, number>[] = [];
  for (let i = 1; zip.file(`xl/worksheets/sheet${i}.xml`); i++) {
    const xml = await zip.file(`xl/worksheets/sheet${i}.xml`)!.async("string");
    const cells = new Map<string, number>();
    for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"[^>]*?(?:\/>|>(.*?)<\/c>)/g)) {
      const v = /<v>([^<]*)<\/v>/.exec(m[2] ?? "");
      if (v && !/t="(s|str|e)"/.test(m[0])) cells.set(m[1]!, Number(v[1]));
    }
    sheets.push(cells);
  }
  return sheets;
}

const at = (sheet: Map<string, number>, row: number, col: number) => sheet.get(`${columnName(col)}${row}`) ?? NaN;

for (const currency of ["KRW", "USD"] as const) {
  describe(`the budget workbook recalculates like the app [${currency}]`, () => {
    let t: TestApp;
    let budget: Budget;
    let exported: Buffer;
    beforeAll(async () => {
      t = await createTestApp("sqlite");
      const { owner, workspace } = await buildWorkspace(t.app, undefined, { currency });
      const base = `/api/workspaces/${workspace.id}/budget`;
      await owner.client.post(`${base}/sample`, { locale: "en" });
      budget = (await owner.client.get(base)).json<Budget>();
      const facebook = budget.lines.find((l) => l.name === "Facebook ads")!;
      budget = (await owner.client.patch(`${base}/lines/${facebook.id}`, { stoppedFrom: "2027-02" })).json<Budget>();
      exported = (await owner.client.get(`${base}/export?format=xlsx`)).rawPayload;
    });
    afterAll(() => t.close());

    it("has formulas, not values, for everything computed; after changing a planned and an actual cell, LibreOffice agrees with the domain", async () => {
      const months = periodMonths(budget.period);
      const unit = currency === "USD" ? 100 : 1;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported as unknown as ArrayBuffer);
      const [planned, actual, available, difference] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
      expect(available.getCell("G2").formula).toBeTruthy();
      expect(difference.getCell("F2").formula).toBeTruthy();

      // A user edits the file: Instagram ads plans more in month 3, and records spending in month 3.
      const row = budget.lines.findIndex((l) => l.name === "Instagram ads") + 2;
      planned.getCell(row, 6 + 2).value = 400 * (currency === "KRW" ? 1000 : 1);
      actual.getCell(row, 6 + 2).value = 90 * (currency === "KRW" ? 1000 : 1);
      const edited = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-xlsx-")), "budget.xlsx");
      await wb.xlsx.writeFile(edited);

      const [, oActual, oAvailable, oDifference] = (await computedSheets(recalculate(edited))) as [Map<string, number>, Map<string, number>, Map<string, number>, Map<string, number>];

      const inputs: BudgetLineInput[] = budget.lines.map((l) => {
        const p = months.map((m) => l.planned[m]);
        const a = months.map((m) => l.actual[m]);
        if (l.name === "Instagram ads") {
          p[2] = 400 * (currency === "KRW" ? 1000 : 100);
          a[2] = 90 * (currency === "KRW" ? 1000 : 100);
        }
        return { category: l.category, planned: p, actual: a, trackActuals: l.trackActuals, rollover: l.rollover, stoppedFrom: l.stoppedFrom ? months.indexOf(l.stoppedFrom) : null };
      });
      let checked = 0;
      inputs.forEach((input, i) => {
        const f = lineFigures(input, months.length);
        const r = i + 2;
        f.months.forEach((m, k) => {
          expect(at(oAvailable, r, 6 + k), `available ${budget.lines[i]!.name} ${months[k]}`).toBeCloseTo(m.available / unit, 6);
          expect(at(oDifference, r, 6 + k), `difference ${budget.lines[i]!.name} ${months[k]}`).toBeCloseTo(m.difference / unit, 6);
          expect(at(oActual, r, 6 + k)).toBeCloseTo(m.actual / unit, 6);
          checked += 3;
        });
        expect(at(oAvailable, r, 6 + months.length)).toBeCloseTo(f.total.available / unit, 6);
        expect(at(oDifference, r, 6 + months.length)).toBeCloseTo(f.total.difference / unit, 6);
      });
      const sheet = sheetFigures(inputs, months.length);
      const totalRow = inputs.length + 3;
      sheet.months.forEach((m, k) => {
        expect(at(oAvailable, totalRow, 6 + k)).toBeCloseTo(m.available / unit, 6);
        expect(at(oDifference, totalRow, 6 + k)).toBeCloseTo(m.difference / unit, 6);
      });
      // The advertising category row (second after "All lines", in the order software, ads, …).
      expect(at(oAvailable, totalRow + 2, 6 + months.length)).toBeCloseTo(sheet.categories.ads.total.available / unit, 6);
      expect(checked).toBe(budget.lines.length * months.length * 3);
    });

    it("opens with current figures in LibreOffice's default settings after another program changed a planned cell", async () => {
      const months = periodMonths(budget.period);
      const scale = currency === "KRW" ? 1000 : 1;
      const unit = currency === "USD" ? 100 : 1;
      // Nothing computed is cached in the file, so no reader can show a figure it did not compute itself.
      expect(await cachedFormulaCells(exported)).toEqual([]);

      // A program that does not calculate (here exceljs; openpyxl and most converters alike) changes a planned amount.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported as unknown as ArrayBuffer);
      const row = budget.lines.findIndex((l) => l.name === "Instagram ads") + 2;
      wb.worksheets[0]!.getCell(row, 6 + 1).value = 600 * scale;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-xlsx-"));
      const edited = path.join(dir, "budget.xlsx");
      await wb.xlsx.writeFile(edited);

      // The control: the same edit on a file that carries the figures from before it (as exports used to, with the
      // recalculate-on-load flag set) still shows those stale figures in LibreOffice's default settings.
      const available = wb.worksheets[2]!;
      budget.lines.forEach((_, i) =>
        months.forEach((_m, k) => {
          const cell = available.getCell(i + 2, 6 + k);
          cell.value = { formula: cell.formula, result: budget.figures.lines[budget.lines[i]!.id]!.months[months[k]!]!.available / unit };
        }),
      );
      wb.calcProperties.fullCalcOnLoad = true;
      const staleFile = path.join(dir, "stale.xlsx");
      await wb.xlsx.writeFile(staleFile);
      const stale = (await computedSheets(recalculate(staleFile, "default")))[2]!;
      const before = budget.figures.lines[budget.lines[row - 2]!.id]!.months;
      expect(at(stale, row, 6 + 1)).toBeCloseTo(before[months[1]!]!.available / unit, 6);

      // Our file, edited the same way: LibreOffice computes every figure on opening, as the app would.
      const [, , oAvailable, oDifference] = (await computedSheets(recalculate(edited, "default"))) as Map<string, number>[];
      const inputs: BudgetLineInput[] = budget.lines.map((l) => ({
        category: l.category,
        planned: months.map((m, k) => (l.name === "Instagram ads" && k === 1 ? 600 * scale * unit : l.planned[m])),
        actual: months.map((m) => l.actual[m]),
        trackActuals: l.trackActuals,
        rollover: l.rollover,
        stoppedFrom: l.stoppedFrom ? months.indexOf(l.stoppedFrom) : null,
      }));
      const sheet = sheetFigures(inputs, months.length);
      expect(sheet.lines[row - 2]!.months[1]!.available).not.toBe(before[months[1]!]!.available);
      sheet.lines.forEach((f, i) =>
        f.months.forEach((m, k) => {
          expect(at(oAvailable!, i + 2, 6 + k), `available ${budget.lines[i]!.name} ${months[k]}`).toBeCloseTo(m.available / unit, 6);
          expect(at(oDifference!, i + 2, 6 + k), `difference ${budget.lines[i]!.name} ${months[k]}`).toBeCloseTo(m.difference / unit, 6);
        }),
      );
      sheet.months.forEach((m, k) => expect(at(oAvailable!, inputs.length + 3, 6 + k)).toBeCloseTo(m.available / unit, 6));
    });
  });
}
