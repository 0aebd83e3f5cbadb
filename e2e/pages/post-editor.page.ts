import type { Locator, Page } from "playwright-core";
import { screenshot } from "../support/browser.ts";

/** The post editor (the calendar's drawer): its fields, the asset picker, each network's preview and the schedule check. */
export class PostEditorPage {
  readonly drawer: Locator;
  constructor(private readonly page: Page) {
    this.drawer = page.locator(".mantine-Drawer-content").first();
  }

  async open(newPost: string) {
    await this.page.getByRole("button", { name: newPost, exact: true }).first().click();
    await this.drawer.waitFor();
  }

  /** Picks one file of the asset library by its name ("Choose {name}" in the picker), then confirms. */
  async addMedia(addLabel: string, pickLabel: string, useLabel: string) {
    await this.drawer.getByRole("button", { name: addLabel }).click();
    await this.page.getByRole("button", { name: pickLabel }).click();
    await this.page.getByRole("button", { name: useLabel }).click();
  }

  preview(network: string): Locator {
    return this.drawer.getByTestId(`preview-${network}`);
  }

  /** The rule a network's preview says is broken (e.g. "too_long", "aspect_ratio"). */
  rule(network: string, rule: string): Locator {
    return this.preview(network).getByTestId(`rule-${rule}`);
  }

  /**
   * Saves a screenshot (the `screenshot` helper) with the previews in view. The page behind is held to the window's
   * height meanwhile, so that the full-page shot is the screen as seen, the drawer from top to bottom.
   */
  async screenshotPreviews(name: string) {
    await this.drawer.getByTestId("editor-previews").scrollIntoViewIfNeeded();
    const style = await this.page.addStyleTag({ content: "html, body, #root { height: 100vh !important; max-height: 100vh !important; overflow: hidden !important; }" });
    await screenshot(this.page, name);
    await style.evaluate((el) => el.parentNode?.removeChild(el));
  }

  /** The drawer and every preview end within the screen, and the drawer does not scroll sideways. */
  async fitsTheScreen(): Promise<{ ok: boolean; detail: string }> {
    return this.page.evaluate(() => {
      const width = window.innerWidth;
      const content = document.querySelector(".mantine-Drawer-content") as HTMLElement | null;
      const body = document.querySelector(".mantine-Drawer-body") as HTMLElement | null;
      const previews = Array.from(document.querySelectorAll("[data-testid^=preview-]")).map((e) => e.getBoundingClientRect().right);
      const rightmost = Math.max(content?.getBoundingClientRect().right ?? 0, ...previews);
      const sideways = body ? body.scrollWidth - body.clientWidth : 0;
      // What sticks out of the drawer's body, to name it when something does.
      const edge = body?.getBoundingClientRect().right ?? width;
      const culprits = Array.from(body?.querySelectorAll("*") ?? [])
        .filter((e) => e.getBoundingClientRect().right > edge + 0.5 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > edge + 0.5))
        .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 40)} “${(e.textContent ?? "").slice(0, 30)}”`);
      return { ok: rightmost <= width + 0.5 && sideways <= 1, detail: `window ${width}, rightmost ${rightmost}, sideways ${sideways}: ${culprits.join("; ")}` };
    });
  }
}
