import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountPage } from "../pages/account.page.ts";
import { AuthPages } from "../pages/auth.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";
import { totp } from "../support/totp.ts";

describe("a business owner gets started", () => {
  const session = useAppInBrowser("en-US", { beforeAll, afterAll });

  it("signs up, enrols 2FA, logs in with the code, creates a workspace, invites a colleague and switches to Korean", async () => {
    const { app, browser, page } = session;
    const auth = new AuthPages(page, app.url);
    const account = new AccountPage(page, app.url);
    const workspace = new WorkspacePages(page, app.url);
    const email = "mina@candle.example";
    const password = "long enough passphrase";

    await page.goto(`${app.url}/signup`);
    await screenshot(page, "en-signup");
    await auth.signup("Mina Park", email, password);
    await page.waitForURL(/\/workspaces\/new/);

    const { secret, recoveryCodes } = await account.enrolTwoFactor();
    expect(recoveryCodes).toHaveLength(10);
    await screenshot(page, "en-account-2fa-codes");

    await auth.logout();
    await auth.login(email, password);
    await auth.waitForCodePrompt();
    await screenshot(page, "en-login-code");
    // The enrolment used this time step's code; a code is accepted once, so use the next step's.
    await auth.enterCode(totp(secret, 1));
    await page.waitForURL(/\/workspaces\/new/);

    await screenshot(page, "en-create-workspace");
    const workspaceId = await workspace.create("Seoul Candle Co.");
    await page.getByRole("heading", { name: "Seoul Candle Co." }).waitFor();
    await screenshot(page, "en-overview");

    const link = await workspace.invite();
    expect(link).toMatch(new RegExp(`^${app.url}/invite/`));
    await screenshot(page, "en-members");

    const colleague = await browser.newContext({ locale: "ko-KR", viewport: { width: 1280, height: 860 } });
    const colleaguePage = await colleague.newPage();
    await colleaguePage.goto(link);
    await colleaguePage.getByText("Seoul Candle Co.").first().waitFor();
    await screenshot(colleaguePage, "ko-invitation");
    await colleaguePage.getByRole("link", { name: "계정을 만들고 참여하기" }).click();
    await new AuthPages(colleaguePage, app.url).signup("Jisoo Kim", "jisoo@candle.example", "another long passphrase", new URL(colleaguePage.url()).pathname + new URL(colleaguePage.url()).search);
    await colleaguePage.getByRole("button", { name: /참여하기/ }).click();
    await colleaguePage.waitForURL(new RegExp(`/w/${workspaceId}$`));
    await colleaguePage.getByRole("navigation").getByRole("link", { name: "홈", exact: true }).waitFor();
    await colleague.close();

    await page.reload();
    await workspace.open(/^Members$/);
    await page.getByRole("cell", { name: "jisoo@candle.example" }).waitFor();

    await workspace.open(/People and roles/);
    await screenshot(page, "en-people");
    await workspace.open(/^Settings$/);
    await screenshot(page, "en-settings");

    await workspace.switchLanguage("한국어");
    const nav = workspace.navigation();
    await nav.getByRole("link", { name: "홈", exact: true }).waitFor();
    for (const label of ["사람과 역할", "멤버", "설정", "내 계정"]) {
      expect(await nav.getByRole("link", { name: label, exact: label !== "사람과 역할" }).count()).toBe(1);
    }
    await screenshot(page, "ko-settings");
    for (const [section, name] of [[/^홈$/, "ko-overview"], [/사람과 역할/, "ko-people"], [/^멤버$/, "ko-members"]] as const) {
      await workspace.open(section);
      await page.waitForLoadState("networkidle");
      await screenshot(page, name);
    }
    await nav.getByRole("link", { name: "내 계정" }).click();
    await screenshot(page, "ko-account");

    // The choice is kept on the account: after a reload the app is still in Korean.
    await page.reload();
    await workspace.navigation().getByRole("link", { name: "내 계정" }).waitFor();
  });
});
