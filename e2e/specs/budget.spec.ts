import fs from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { BudgetPage } from "../pages/budget.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";

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
      await page.evaluate(async ({ id, currency }) => {
        const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
        await fetch(`/api/workspaces/${id}`, { method: "PATCH", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ currency }) });
      }, { id: workspaceId, currency: c.currency });
      const budget = new BudgetPage(page, app.url, workspaceId);
      await page.goto(`${app.url}/w/${workspaceId}/budget`);
      await page.getByRole("button", { name: c.words.sample }).click();
      await budget.sheet().getByText(c.words.instagram, { exact: true }).waitFor();

      // Paste a block of actuals for both ad lines, first two months (Instagram plans 250 a month, Facebook 100).
      await budget.mode(c.words.actual);
      const n = (v: number) => new Intl.NumberFormat(c.locale, { minimumFractionDigits: c.currency === "USD" ? 2 : 0 }).format(v * c.scale);
      await budget.paste(c.words.instagram, 0, `${200 * c.scale}\t${210 * c.scale}\n${90 * c.scale}\t${95 * c.scale}`);
      await expect.poll(() => budget.text(c.words.facebook, 1)).toBe(n(95));
      expect(await budget.text(c.words.instagram, 0)).toBe(n(200));
      await screenshot(page, `${c.locale}-budget-actuals`);

      // The first month's unspent 50 is available in the second: 250 + 50.
      await budget.mode(c.words.available);
      expect(await budget.text(c.words.instagram, 1)).toBe(n(300));
      expect(await budget.text(c.words.instagram, 2)).toBe(n(250 + 300 - 210));

      // Stop Facebook ads from the fourth month: nothing available there any more.
      await budget.editLine(c.words.facebook);
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel(c.words.stoppedFrom).click();
      // The month picker's own options (the header's workspace switcher is a native select with options too).
      await page.getByRole("listbox").getByRole("option").nth(3).click();
      await dialog.getByRole("button", { name: c.words.save }).click();
      await dialog.waitFor({ state: "detached" });
      await expect.poll(() => budget.text(c.words.facebook, 3)).toBe(n(0));
      expect(await budget.text(c.words.facebook, 2)).not.toBe(n(0));
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
