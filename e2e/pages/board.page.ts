import type { Locator, Page } from "playwright-core";

/** The task board: stage columns, cards by title, and dragging a card with the mouse as a person would. */
export class BoardPages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
    private readonly workspaceId: string,
  ) {}

  async open() {
    await this.page.goto(`${this.baseUrl}/w/${this.workspaceId}/board`);
    await this.page.getByTestId("stage-backlog").waitFor();
  }

  stage(stage: string): Locator {
    return this.page.getByTestId(`stage-${stage}`);
  }

  /** A card in its column (not the copy that follows the pointer while dragging). */
  card(title: string): Locator {
    return this.page.locator(`[data-testid^="stage-"] [data-testid="card"][data-card-title="${title}"]`);
  }

  /** Drags a card onto a stage column (pressing, moving in small steps so the drag starts, releasing). */
  async drag(title: string, stage: string) {
    // Let the previous drop finish its animation before picking up again.
    await this.page.waitForTimeout(400);
    await this.stage(stage).scrollIntoViewIfNeeded();
    const from = await this.card(title).boundingBox();
    const to = await this.stage(stage).boundingBox();
    if (!from || !to) throw new Error(`cannot see ${title} or ${stage}`);
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
    await this.page.mouse.move(to.x + to.width / 2, to.y + to.height - 20, { steps: 15 });
    await this.page.mouse.up();
  }
}
