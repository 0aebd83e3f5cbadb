import type { Locator, Page } from "playwright-core";

/** The budget sheet: modes, cells addressed by line name and month column, pasting, line settings. */
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

  /** The cell of a line in the n-th month column (0 = first month), after the grid's hidden gutter and the name. */
  cell(line: string, month: number): Locator {
    return this.row(line).locator(".dsg-cell").nth(2 + month);
  }

  /** What the cell shows (cells render their value in an input). */
  async text(line: string, month: number): Promise<string> {
    return (await this.cell(line, month).locator("input").inputValue()).trim();
  }

  /** Selects a cell and pastes a tab-separated block, as from Excel or Google Sheets. */
  async paste(line: string, month: number, block: string) {
    await this.cell(line, month).click();
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
}
