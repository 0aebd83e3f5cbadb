import fs from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { BudgetPage } from "../pages/budget.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";
import { measureOverflow } from "../support/overflow.ts";

/** "YYYY-MM" plus n months. */
const addMonths = (month: string, n: number) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
};
/** Sets the workspace's currency, zone and strategy period through the API (what the settings page does). */
async function configure(page: import("playwright-core").Page, id: string, patch: Record<string, string>) {
  await page.evaluate(
    async ({ id, patch }) => {
      const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
      const res = await fetch(`/api/workspaces/${id}`, { method: "PATCH", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify(patch) });
      if (!res.ok) throw new Error(await res.text());
    },
    { id, patch },
  );
}
/** Our CSV (quoted text, plain numbers, CRLF, BOM) as rows of cells. */
const readCsv = (text: string) => text.replace(/^\uFEFF/, "").split("\r\n").map((line) => line.split(",").map((c) => c.replace(/^"|"$/g, "")));

const cases = [
  { locale: "ko-KR", currency: "KRW", scale: 1000, words: { sample: "예시로 시작하기", actual: "실제", available: "가용", instagram: "인스타그램 광고", facebook: "페이스북 광고", stoppedFrom: "중단 시작 달", save: "저장", export: "내보내기" } },
  { locale: "en-US", currency: "USD", scale: 1, words: { sample: "Start from the sample", actual: "Actual", available: "Available", instagram: "Instagram ads", facebook: "Facebook ads", stoppedFrom: "Stopped from", save: "Save", export: "Export" } },
] as const;

for (const c of cases) {
  describe(`the budget sheet [${c.locale}, ${c.currency}]`, () => {
    const session = useAppInBrowser(c.locale, { beforeAll, afterAll });

    it("builds a budget from the sample, pastes actuals, sees unspent ad money roll over, stops a line and exports .xlsx", async () => {
      const { app, page } = session;
      await new AuthPages(page, app.url).signup("Mina", `mina-${c.currency}@shop.example`, "long enough password");
      await page.waitForURL(/\/workspaces\/new/);
      const workspaceId = await new WorkspacePages(page, app.url).create(`Shop ${c.currency}`);
      const start = new Date().toISOString().slice(0, 7);
      const month = (k: number) => addMonths(start, k);
      await configure(page, workspaceId, { currency: c.currency, periodStart: start });
      const budget = new BudgetPage(page, app.url, workspaceId);
      await page.goto(`${app.url}/w/${workspaceId}/budget`);
      await page.getByRole("button", { name: c.words.sample }).click();
      await budget.sheet().getByText(c.words.instagram, { exact: true }).waitFor();

      // Paste a block of actuals for both ad lines, first two months (Instagram plans 250 a month, Facebook 100).
      await budget.mode(c.words.actual);
      const n = (v: number) => new Intl.NumberFormat(c.locale, { minimumFractionDigits: c.currency === "USD" ? 2 : 0 }).format(v * c.scale);
      await budget.paste(c.words.instagram, month(0), `${200 * c.scale}\t${210 * c.scale}\n${90 * c.scale}\t${95 * c.scale}`);
      await expect.poll(() => budget.text(c.words.facebook, month(1))).toBe(n(95));
      expect(await budget.text(c.words.instagram, month(0))).toBe(n(200));
      await screenshot(page, `${c.locale}-budget-actuals`);

      // The first month's unspent 50 is available in the second: 250 + 50.
      await budget.mode(c.words.available);
      expect(await budget.text(c.words.instagram, month(1))).toBe(n(300));
      expect(await budget.text(c.words.instagram, month(2))).toBe(n(250 + 300 - 210));

      // Stop Facebook ads from the fourth month: nothing available there any more.
      await budget.editLine(c.words.facebook);
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel(c.words.stoppedFrom).click();
      // The month picker's own options (the header's workspace switcher is a native select with options too).
      await page.getByRole("listbox").getByRole("option").nth(3).click();
      await dialog.getByRole("button", { name: c.words.save }).click();
      await dialog.waitFor({ state: "detached" });
      await expect.poll(() => budget.text(c.words.facebook, month(3))).toBe(n(0));
      expect(await budget.text(c.words.facebook, month(2))).not.toBe(n(0));
      await screenshot(page, `${c.locale}-budget-available`);

      // Export: the workbook has the pasted actuals as values and the rollover as formulas.
      await page.getByRole("button", { name: c.words.export }).click();
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-xlsx").click()]);
      const file = await download.path();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fs.readFileSync(file!) as unknown as ArrayBuffer);
      const [planned, actual, available] = wb.worksheets;
      const instagramRow = planned!.getColumn(1).values.findIndex((v) => v === c.words.instagram);
      expect(instagramRow).toBeGreaterThan(1);
      expect(actual!.getCell(instagramRow, 6).value).toBe(200 * c.scale);
      expect(available!.getCell(instagramRow, 7).formula).toContain("IF(");
    });
  });
}

const oneStep = [
  { lang: "en", locale: "en-US", words: { addLine: "Add a line", name: "Name", category: "Category", software: "Software and tools", save: "Save", from: "From", download: "Download", csv: "Numbers (CSV)", png: "Picture (PNG)", currencyName: "Euro", months: "12 months" } },
  { lang: "ko", locale: "ko-KR", words: { addLine: "항목 추가", name: "이름", category: "분류", software: "소프트웨어와 도구", save: "저장", from: "시작 달", download: "내려받기", csv: "숫자 (CSV)", png: "그림 (PNG)", currencyName: "유로", months: "12개월" } },
] as const;

for (const c of oneStep) {
  describe(`a budget line in one step [${c.locale}, EUR]`, () => {
    const session = useAppInBrowser(c.locale, { beforeAll, afterAll });

    it("sets €300 a month for a year in one step, sees twelve months and the total, the sheet at this month with frozen columns, and downloads the chart", async () => {
      const { app, page } = session;
      await page.setViewportSize({ width: 1366, height: 768 });
      await new AuthPages(page, app.url).signup("Lena", `lena-${c.lang}@cafe.example`, "long enough password");
      await page.waitForURL(/\/workspaces\/new/);
      const workspaceId = await new WorkspacePages(page, app.url).create(`Café ${c.lang}`);
      // The period began five months ago, so this month is the sixth column and the sheet must open scrolled to it.
      const thisMonth = new Date().toISOString().slice(0, 7);
      const start = addMonths(thisMonth, -5);
      const months = Array.from({ length: 12 }, (_, k) => addMonths(start, k));
      await configure(page, workspaceId, { currency: "EUR", timezone: "UTC", periodStart: start });
      const budget = new BudgetPage(page, app.url, workspaceId);
      await page.goto(`${app.url}/w/${workspaceId}/budget`);

      // One dialog: name, category, €300 per month from the period's first month to its last.
      const dialog = await budget.addLineWithPlan(c.words, "Canva Pro", "300");
      const amount = dialog.getByTestId("plan-amount");
      const number = (v: number) => new Intl.NumberFormat(c.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
      const euros = (v: number) => new Intl.NumberFormat(c.locale, { style: "currency", currency: "EUR" }).format(v);
      // The example follows the workspace's currency and the user's language: no "KRW", no won amounts.
      expect(await amount.getAttribute("placeholder")).toBe(number(300));
      expect(await dialog.getByText(c.words.currencyName, { exact: false }).count()).toBeGreaterThan(0);
      await dialog.getByLabel(c.words.category, { exact: true }).click();
      await page.getByRole("option", { name: c.words.software, exact: true }).click();
      await dialog.getByLabel(c.words.from, { exact: true }).click();
      await page.getByRole("listbox").getByRole("option").first().click();
      await expect.poll(() => dialog.getByTestId("plan-preview").textContent()).toBe(`${c.words.months} × ${euros(300)} = ${euros(3600)}`);
      await screenshot(page, `budget-${c.lang}-line-dialog`);
      await dialog.getByRole("button", { name: c.words.save }).click();
      await dialog.waitFor({ state: "detached" });

      // The sheet opened at this month (visible between the frozen name and total columns) with unambiguous headers.
      const sheet = budget.sheet();
      await sheet.getByText("Canva Pro", { exact: true }).waitFor();
      const header = sheet.locator(`[data-month="${thisMonth}"]`);
      expect((await header.textContent())?.trim()).toBe(new Intl.DateTimeFormat(c.locale, { year: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${thisMonth}-01T00:00:00Z`)));
      const box = (await sheet.boundingBox())!;
      const name = (await sheet.locator(".dsg-row-header .dsg-cell-gutter").boundingBox())!;
      const totals = (await sheet.locator(".dsg-row-header .dsg-cell-sticky-right").boundingBox())!;
      const current = (await header.boundingBox())!;
      expect(current.x).toBeGreaterThanOrEqual(name.x + name.width - 1);
      expect(current.x + current.width).toBeLessThanOrEqual(totals.x + 1);
      expect(totals.x + totals.width).toBeLessThanOrEqual(Math.min(1366, box.x + box.width) + 1);
      expect((await measureOverflow(page)).scrollWidth).toBeLessThanOrEqual(1366);
      await screenshot(page, `budget-${c.lang}-desktop`);

      // Twelve months of 300.00 and a total of 3,600.00 (as the app writes numbers in this language), €3,600.00 planned.
      for (const m of months) expect(await budget.text("Canva Pro", m), m).toBe(number(300));
      expect(await budget.total("Canva Pro")).toBe(number(3600));
      expect((await page.getByTestId("budget-total-planned").textContent())?.trim()).toBe(euros(3600));

      // The chart's numbers as CSV: exactly what it draws — the plan every month, actual and available up to this month only.
      const chart = page.getByTestId("budget-chart");
      await chart.getByRole("button", { name: new RegExp(c.words.download) }).click();
      const [csvFile] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: c.words.csv }).click()]);
      expect(csvFile.suggestedFilename()).toBe(`budget-${start}.csv`);
      const rows = readCsv(fs.readFileSync((await csvFile.path())!, "utf8"));
      expect(rows[0]!.slice(1).every((h) => h.endsWith("(EUR)"))).toBe(true);
      expect(rows.slice(1).map((r) => r[0])).toEqual(months);
      for (const [m, planned, actual, available] of rows.slice(1)) {
        expect(Number(planned), m).toBe(300);
        expect([actual, available], m).toEqual(m! <= thisMonth ? ["0", "300"] : ["", ""]);
      }
      expect(rows.slice(1).reduce((a, r) => a + Number(r[1]), 0)).toBe(3600);
      await chart.getByRole("button", { name: new RegExp(c.words.download) }).click();
      const [pngFile] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: c.words.png }).click()]);
      const png = fs.readFileSync((await pngFile.path())!);
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect(png.length).toBeGreaterThan(5_000);

      // On a phone: a list per month (this month first), no sideways page scroll.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId("budget-list").waitFor();
      const line = page.getByTestId("budget-list-line").filter({ hasText: "Canva Pro" });
      expect(await line.getByRole("textbox").inputValue()).toBe(number(300));
      expect((await page.getByTestId("budget-list-total").textContent())?.trim()).toBe(euros(3600));
      const overflow = await measureOverflow(page);
      expect(overflow.scrollWidth, overflow.culprits.join("\n")).toBeLessThanOrEqual(overflow.innerWidth);
      await screenshot(page, `budget-${c.lang}-phone`);
      await page.setViewportSize({ width: 1366, height: 768 });
    });
  });
}
