import { minorUnitDigits, periodMonths, BUDGET_CATEGORIES } from "@socialplan/domain";
import { budgetFigures, translate, type Budget, type Locale } from "@socialplan/schema";
import { writeCsvRecords } from "../../lib/csv.ts";

/** Column letters for a 1-based column number (1 → A, 27 → AA). */
export function columnName(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const FIRST_MONTH_COLUMN = 6; // A line, B category, C rollover, D track actuals, E stopped from

/**
 * The budget as an Excel workbook whose figures are live formulas: four sheets (planned, actual, available,
 * difference) of lines × months. Planned amounts and tracked actuals are values; available (with rollover and
 * stops), untracked actuals, differences and every total are formulas, so editing a value in Excel or LibreOffice
 * recalculates the rest exactly as the app does. Amounts are in the currency's units (12.50, or 12,500 won).
 *
 * Formulas are written without cached results, so every reader must compute them when it opens the file.
 * LibreOffice's default for Excel files ("never recalculate") trusts cached results and ignores the
 * recalculate-on-load flag: a file changed by a program that does not calculate (a script, a converter) would show
 * stale available figures. A formula with no result is always computed. The flag stays for Excel.
 */
export async function budgetWorkbook(budget: Budget, locale: Locale, workspaceName: string): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const t = (key: string) => translate(locale, key);
  const months = periodMonths(budget.period);
  const digits = minorUnitDigits(budget.currency);
  const unit = 10 ** digits;
  const numFmt = digits === 0 ? "#,##0" : `#,##0.${"0".repeat(digits)}`;
  const n = budget.lines.length;
  const firstRow = 2;
  const lastRow = firstRow + n - 1;
  const lastMonthCol = FIRST_MONTH_COLUMN + months.length - 1;
  const totalCol = lastMonthCol + 1;
  const col = (i: number) => columnName(FIRST_MONTH_COLUMN + i);
  const T = columnName(totalCol);

  const wb = new ExcelJS.Workbook();
  wb.creator = "Socialplan";
  wb.title = `${workspaceName} — ${t("budget.sheet_title")}`;
  wb.calcProperties.fullCalcOnLoad = true;
  const names = { planned: t("budget.sheet_planned"), actual: t("budget.sheet_actual"), available: t("budget.sheet_available"), difference: t("budget.sheet_difference") };
  const ref = (sheet: string, cell: string) => `'${sheet}'!${cell}`;

  const sheets = Object.fromEntries(
    (Object.keys(names) as (keyof typeof names)[]).map((key) => {
      const ws = wb.addWorksheet(names[key], { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
      ws.getRow(1).values = [t("budget.col_line"), t("budget.col_category"), t("budget.col_rollover"), t("budget.col_track"), t("budget.col_stopped"), ...months, t("budget.col_total")];
      ws.getRow(1).font = { bold: true };
      ws.getColumn(1).width = 28;
      for (let c = FIRST_MONTH_COLUMN; c <= totalCol; c++) ws.getColumn(c).numFmt = numFmt;
      return [key, ws];
    }),
  ) as Record<keyof typeof names, import("exceljs").Worksheet>;

  const { sheet } = budgetFigures(budget);
  budget.lines.forEach((line, i) => {
    const r = firstRow + i;
    const figures = sheet.lines[i]!;
    const stopped = (c: string) => `AND(${ref(names.planned, `$E${r}`)}<>"",${c}$1>=${ref(names.planned, `$E${r}`)})`;
    for (const key of Object.keys(names) as (keyof typeof names)[]) {
      const ws = sheets[key];
      const row = ws.getRow(r);
      row.getCell(1).value = key === "planned" ? line.name : { formula: `${ref(names.planned, `A${r}`)}` };
      if (key === "planned") {
        row.getCell(2).value = t(`budget.category_${line.category}`);
        row.getCell(3).value = line.rollover ? 1 : 0;
        row.getCell(4).value = line.trackActuals ? 1 : 0;
        row.getCell(5).value = line.stoppedFrom ?? "";
      } else {
        row.getCell(2).value = { formula: ref(names.planned, `B${r}`) };
      }
      months.forEach((_, m) => {
        const c = col(m);
        const cell = row.getCell(FIRST_MONTH_COLUMN + m);
        const f = figures.months[m]!;
        switch (key) {
          case "planned":
            // The plan in force: a stopped line has no funding from its stop month on.
            cell.value = f.planned / unit;
            break;
          case "actual":
            cell.value = line.trackActuals ? (line.actual[months[m]!] ?? 0) / unit : { formula: ref(names.planned, `${c}${r}`) };
            break;
          case "available": {
            const carry = m === 0 ? "0" : `IF(${ref(names.planned, `$C${r}`)}=1,${col(m - 1)}${r}-${ref(names.actual, `${col(m - 1)}${r}`)},0)`;
            cell.value = { formula: `IF(${stopped(c)},0,${ref(names.planned, `${c}${r}`)}+${carry})` };
            break;
          }
          case "difference":
            cell.value = { formula: `${ref(names.available, `${c}${r}`)}-${ref(names.actual, `${c}${r}`)}` };
            break;
        }
      });
      const total =
        key === "available"
          ? `${ref(names.planned, `${T}${r}`)}`
          : key === "difference"
            ? `${ref(names.available, `${T}${r}`)}-${ref(names.actual, `${T}${r}`)}`
            : `SUM(${col(0)}${r}:${columnName(lastMonthCol)}${r})`;
      row.getCell(totalCol).value = { formula: total };
      row.getCell(totalCol).font = { bold: true };
    }
  });

  // Totals per month (all lines) and per category, under the lines of every sheet.
  for (const ws of Object.values(sheets)) {
    const rows: [string, (c: string) => string][] = [
      [t("budget.total_all"), (c) => (n ? `SUM(${c}${firstRow}:${c}${lastRow})` : "0")],
      ...BUDGET_CATEGORIES.map((cat): [string, (c: string) => string] => [
        t(`budget.category_${cat}`),
        (c) => (n ? `SUMIF(${ref(names.planned, `$B$${firstRow}:$B$${lastRow}`)},"${t(`budget.category_${cat}`)}",${c}${firstRow}:${c}${lastRow})` : "0"),
      ]),
    ];
    rows.forEach(([label, formula], k) => {
      const row = ws.getRow(lastRow + 2 + k);
      row.getCell(1).value = label;
      row.font = { bold: k === 0, italic: k > 0 };
      for (let c = FIRST_MONTH_COLUMN; c <= totalCol; c++) row.getCell(c).value = { formula: formula(columnName(c)) };
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The sheet as CSV (one row per line and month) in the currency's units; the amounts are numbers, the names escaped text. */
export function budgetCsv(budget: Budget, locale: Locale): string {
  const months = periodMonths(budget.period);
  const unit = 10 ** minorUnitDigits(budget.currency);
  const { sheet } = budgetFigures(budget);
  const rows = budget.lines.flatMap((line, i) => {
    const f = sheet.lines[i]!;
    return months.map((month, m) => ({
      line: line.name,
      category: translate(locale, `budget.category_${line.category}`),
      month,
      planned: f.months[m]!.planned / unit,
      actual: f.months[m]!.actual / unit,
      available: f.months[m]!.available / unit,
      difference: f.months[m]!.difference / unit,
    }));
  });
  return writeCsvRecords(["line", "category", "month", "planned", "actual", "available", "difference"], rows);
}
