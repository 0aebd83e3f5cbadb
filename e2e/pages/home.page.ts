import type { Locator, Page } from "playwright-core";

/** A workspace's Home: the first-run checklist with its short forms, and the cards of the command center. */
export class HomePage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
    private readonly workspaceId: string,
  ) {}

  async open() {
    await this.page.goto(`${this.baseUrl}/w/${this.workspaceId}`);
    await this.loaded();
  }

  /** Waits until the home's one request has answered (the skeleton gives way to the cards). */
  async loaded() {
    await this.page.getByTestId("home-goals").waitFor();
  }

  checklist(): Locator {
    return this.page.getByTestId("first-run");
  }

  step(step: string): Locator {
    return this.page.getByTestId(`step-${step}`);
  }

  /** Whether a step is ticked, from the checklist as shown. */
  async done(step: string): Promise<boolean> {
    return (await this.step(step).getAttribute("data-done")) === "true";
  }

  /** Waits until a step shows as ticked. */
  async ticked(step: string) {
    await this.page.locator(`[data-testid="step-${step}"][data-done="true"]`).waitFor();
  }

  /** Opens a step's short form (its button is named "Start: <step title>") and returns its dialog. */
  async start(step: string, title: string): Promise<Locator> {
    await this.step(step).getByRole("button", { name: title }).click();
    const dialog = this.page.getByRole("dialog");
    await dialog.waitFor();
    return dialog;
  }

  /** The dialog closes once the step saved. */
  async closed() {
    await this.page.getByRole("dialog").waitFor({ state: "detached" });
  }
}
