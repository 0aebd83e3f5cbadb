import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { StrategyPages } from "../pages/strategy.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";

describe("two members edit the same section", () => {
  const session = useAppInBrowser("en-US", { beforeAll, afterAll });

  it("shows the second saver both versions instead of overwriting, and the history can bring an old version back", async () => {
    const { app, browser, page } = session;
    await new AuthPages(page, app.url).signup("Mina", "mina@shop.example", "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaces = new WorkspacePages(page, app.url);
    const workspaceId = await workspaces.create("Candle Shop");
    const link = await workspaces.invite();

    const other = await (await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } })).newPage();
    await other.goto(link);
    await other.getByRole("link", { name: /Create an account to join/ }).click();
    await new AuthPages(other, app.url).signup("Jisoo", "jisoo@shop.example", "another long passphrase", new URL(other.url()).pathname + new URL(other.url()).search);
    await other.getByRole("button", { name: /Join/ }).click();
    await other.waitForURL(new RegExp(`/w/${workspaceId}$`));

    const mina = new StrategyPages(page, app.url, workspaceId, "en");
    const jisoo = new StrategyPages(other, app.url, workspaceId, "en");
    await mina.open("company");
    await mina.field(mina.section("company"), "company.hq").fill("Seoul");
    await mina.saved(mina.section("company"));

    // Both have version 1 open; Mina saves first, then Jisoo types into the version she opened.
    await jisoo.open("company");
    await jisoo.field(jisoo.section("company"), "company.hq").waitFor();
    await mina.field(mina.section("company"), "company.hq").fill("Busan");
    await mina.saved(mina.section("company"));
    await jisoo.field(jisoo.section("company"), "company.hq").fill("Incheon");

    const conflict = other.getByTestId("conflict-table");
    await conflict.waitFor();
    expect(await conflict.getByRole("cell", { name: "Incheon" }).count()).toBe(1);
    expect(await conflict.getByRole("cell", { name: "Busan" }).count()).toBe(1);
    await screenshot(other, "en-strategy-conflict");
    await other.getByRole("button", { name: "Keep mine" }).click();
    await jisoo.saved(jisoo.section("company"));

    // Mina's page takes in Jisoo's version once it reloads; the history shows all three and restores "Busan".
    await mina.open("company");
    expect(await mina.field(mina.section("company"), "company.hq").inputValue()).toBe("Incheon");
    await mina.section("company").getByRole("button", { name: "History" }).click();
    const drawer = page.getByRole("dialog");
    await drawer.getByText("Version 3").waitFor();
    await drawer.getByText("Version 2").waitFor();
    await drawer.getByRole("button", { name: "Compare with now" }).nth(1).click();
    await drawer.getByTestId("revision-diff").getByText("Busan").waitFor();
    await screenshot(page, "en-strategy-history");
    await drawer.getByRole("button", { name: "Restore" }).nth(0).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => mina.field(mina.section("company"), "company.hq").inputValue()).toBe("Busan");
  });
});
