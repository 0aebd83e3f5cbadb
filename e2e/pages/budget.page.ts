import type { Locator, Page } from "playwright-core";

/** The budget sheet: modes, cells addressed by line name and month, pasting, line settings, the one-step line dialog. */
export class BudgetPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
    private readonly workspaceId: string,
  ) {}

  async open() {
    await this.page.goto(`${this.baseUrl}/w/${this.workspaceId}/budget`);
    await this.page.getByTestId("budget-sheet").waitFor();
  }

  sheet(): Locator {
    return this.page.getByTestId("budget-sheet");
  }

  async mode(label: string) {
    await this.page.locator(".mantine-SegmentedControl-label", { hasText: new RegExp(`^${label}$`) }).click();
    await this.page.locator(`[data-testid="budget-sheet"][data-mode]`).waitFor();
  }

  /** The grid's rows (header first); a line's row is found by its name. */
  private row(line: string): Locator {
    return this.sheet().locator(".dsg-row").filter({ has: this.page.getByText(line, { exact: true }) });
  }

  /**
   * The cell of a line in a month ("YYYY-MM"). The grid renders only the columns in view, so the months are first
   * scrolled to put this one just after the frozen name column.
   */
  async cell(line: string, month: string): Promise<Locator> {
    const cell = this.row(line).locator(`.sheet-m-${month}`);
    if (await cell.isVisible()) return cell;
    await this.sheet().evaluate((el, m) => {
      const container = el.querySelector<HTMLElement>(".dsg-container")!;
      const header = el.querySelector("[data-month]")!.closest<HTMLElement>(".dsg-cell")!;
      const shown = header.querySelector<HTMLElement>("[data-month]")!.dataset.month!;
      const [y1, m1] = shown.split("-").map(Number) as [number, number];
      const [y2, m2] = m.split("-").map(Number) as [number, number];
      const gutter = el.querySelector<HTMLElement>(".dsg-cell-gutter")!.offsetWidth;
      container.scrollLeft = header.offsetLeft + ((y2 - y1) * 12 + (m2 - m1)) * header.offsetWidth - gutter;
    }, month);
    await cell.waitFor();
    return cell;
  }

  /** What the cell shows (cells render their value in an input). */
  async text(line: string, month: string): Promise<string> {
    return (await (await this.cell(line, month)).locator("input").inputValue()).trim();
  }

  /** The line's period total, in the frozen right column. */
  async total(line: string): Promise<string> {
    return ((await this.row(line).getByTestId("line-total").textContent()) ?? "").trim();
  }

  /** Selects a cell and pastes a tab-separated block, as from Excel or Google Sheets. */
  async paste(line: string, month: string, block: string) {
    await (await this.cell(line, month)).click();
    await this.page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
    }, block);
  }

  async editLine(line: string) {
    await this.row(line).getByRole("button").first().click();
    await this.page.getByRole("dialog").waitFor();
  }

  /** Adds a line with a planned amount in one step: the same amount each month (or a total spread) over the default months. */
  async addLineWithPlan(words: { addLine: string; name: string; spread?: string; save: string }, name: string, amount: string) {
    await this.page.getByRole("button", { name: words.addLine }).first().click();
    const dialog = this.page.getByRole("dialog");
    await dialog.getByLabel(words.name, { exact: true }).fill(name);
    if (words.spread) await dialog.getByText(words.spread, { exact: true }).click();
    await dialog.getByTestId("plan-amount").fill(amount);
    return dialog;
  }
}
