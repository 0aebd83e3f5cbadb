import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRoutes, exampleWorkspace, fillRoute, settled, SHOTS, useAppAndBrowser } from "../support/app-routes.ts";

const SCREEN = { width: 1366, height: 768 };
// What stops someone using the screen with a keyboard or a screen reader; "moderate" and "minor" are reported by
// axe too but are not what this check holds the app to.
const BLOCKING = new Set(["serious", "critical"]);

const session = useAppAndBrowser({ beforeAll, afterAll });

/** Axe's serious and critical findings on the page as it is now, one line each: rule, route, the elements. */
async function blocking(page: Page, where: string): Promise<string[]> {
  // Only the violations are gathered (what passes is not listed): several times faster on a long page.
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).options({ resultTypes: ["violations"] }).analyze();
  return violations
    .filter((v) => BLOCKING.has(v.impact ?? ""))
    .map((v) => {
      const nodes = `${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`;
      // The first element's reason (its colours, the attribute), so that the owner can fix it from this line alone.
      const why = (v.nodes[0]?.failureSummary ?? "").replace(/^Fix (any|all) of the following:\s*/, "").replace(/\s+/g, " ").slice(0, 200);
      return `${v.id} (${v.impact}) on ${where}: ${v.help} — ${nodes} — ${why}`;
    });
}

const slug = (route: string) => route.replace(/^\//, "").replace(/[/:]+/g, "-") || "root";

describe("keyboard and screen reader", () => {
  for (const locale of ["en-US", "ko-KR"]) {
    it(`every route has no serious or critical axe violation at 1366×768 (${locale})`, async () => {
      const lang = locale.slice(0, 2);
      const page = await (await session.browser.newContext({ locale, viewport: SCREEN })).newPage();
      const example = await exampleWorkspace(page, session.app.url, { name: "Hana Lee", email: `hana-${lang}@a11y.example` });
      const guest = await (await session.browser.newContext({ locale, viewport: SCREEN })).newPage();
      const found: string[] = [];
      for (const route of appRoutes()) {
        const visitor = route.signedIn ? page : guest;
        await visitor.goto(session.app.url + fillRoute(route.path, example.values));
        const problem = await settled(visitor).then(
          () => null,
          (e: Error) => `${route.path} (${lang}): drew nothing (${e.message.split("\n")[0]})`,
        );
        await visitor.screenshot({ path: `${SHOTS}/h4-desk-${lang}-${slug(route.path)}.png` });
        const here = problem ? [problem] : await blocking(visitor, `${route.path} (${lang})`);
        // Said as soon as found, for whoever watches the run.
        for (const line of here) console.log(line);
        found.push(...here);
      }
      await page.context().close();
      await guest.context().close();
      expect(found, found.join("\n")).toEqual([]);
    }, 900_000);
  }

  it("opens dialogs from the keyboard: each is named by its title, holds the focus, closes with Escape and passes axe", async () => {
    const page = await (await session.browser.newContext({ locale: "en-US", viewport: SCREEN })).newPage();
    const { workspaceId } = await exampleWorkspace(page, session.app.url, { name: "Mina Park", email: "mina@a11y-dialogs.example" });
    const w = `${session.app.url}/w/${workspaceId}`;
    const found: string[] = [];
    // The screen, what takes the focus (Tab would reach it) and is pressed with Enter, and the dialog's title.
    const dialogs: { url: string; opener: (page: Page) => ReturnType<Page["getByRole"]>; title: string | RegExp }[] = [
      { url: `${w}/board`, opener: (p) => p.getByRole("button", { name: "Import from Trello" }), title: "Import a Trello board" },
      { url: `${w}/board`, opener: (p) => p.getByTestId("stage-backlog").getByRole("button").first(), title: "Backlog" },
      { url: `${w}/review`, opener: (p) => p.getByRole("button", { name: "Share for review" }), title: "Share posts for review" },
      { url: `${w}/settings`, opener: (p) => p.getByRole("switch", { name: /approval/i }), title: /approval/i },
    ];
    for (const { url, opener, title } of dialogs) {
      await page.goto(url);
      await settled(page);
      await opener(page).focus();
      await page.keyboard.press(url.endsWith("settings") ? "Space" : "Enter");
      const dialog = page.getByRole("dialog", { name: title });
      await dialog.waitFor();
      expect(await dialog.evaluate((el) => el.contains(document.activeElement)), `${title}: the focus is inside`).toBe(true);
      await settled(page);
      found.push(...(await blocking(page, `${url.replace(session.app.url, "")} (dialog “${String(title)}”)`)));
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
    }
    await page.context().close();
    expect(found, found.join("\n")).toEqual([]);
  }, 300_000);
});
