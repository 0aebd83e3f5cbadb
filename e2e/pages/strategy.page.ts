import { CATALOG, type Lang } from "@socialplan/schema";
import type { Locator, Page } from "playwright-core";

/** The strategy screens, addressed by the catalog's own wording so the tests follow the product's language. */
export class StrategyPages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
    private readonly workspaceId: string,
    private readonly lang: Lang,
  ) {}

  /** The label of a guide question, as the screens show it. */
  label(id: string): string {
    const q = CATALOG.find((c) => c.id === id);
    if (!q) throw new Error(`no question ${id}`);
    return q[this.lang].label;
  }

  async open(page = "") {
    await this.page.goto(`${this.baseUrl}/w/${this.workspaceId}/strategy${page ? `/${page}` : ""}`);
    // A page shows its own figure; the outline shows only the overall one.
    await this.page.locator('[data-testid="section-completeness"], [data-testid="overall-completeness"]').first().waitFor();
  }

  field(scope: Locator | Page, id: string): Locator {
    return scope.getByLabel(this.label(id), { exact: true });
  }

  /** Waits until the record or section in `scope` has saved what was typed. */
  async saved(scope: Locator) {
    await scope.locator('[data-testid="save-status"][data-state="saved"]').first().waitFor({ timeout: 10_000 });
  }

  section(kind: string): Locator {
    return this.page.getByTestId(`section-${kind}`);
  }

  /** Adds a record to the collection on the current page and returns the (opened) new record. */
  async add(kind: string, button: RegExp, scope: Locator | Page = this.page): Promise<Locator> {
    const before = await scope.getByTestId(`record-${kind}`).count();
    await scope.getByRole("button", { name: button }).last().click();
    const record = scope.getByTestId(`record-${kind}`).nth(before);
    await record.waitFor();
    return record;
  }

  async overall(): Promise<number> {
    await this.open();
    return Number((await this.page.getByTestId("overall-completeness").innerText()).replace("%", ""));
  }
}
