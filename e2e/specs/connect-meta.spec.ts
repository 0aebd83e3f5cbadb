import fs from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMetaSimulator, type MetaSimulator } from "../../test-peers/meta/index.mjs";
import { AuthPages } from "../pages/auth.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { apiCall, settled, SHOTS } from "../support/app-routes.ts";
import { launchBrowser } from "../support/browser.ts";
import { startApp } from "../support/server.ts";

/**
 * Signing in with the network, in a real browser against the Meta contract simulator (test-peers/meta): the
 * instance's first account sets the Facebook Login app in instance settings (the secret is never shown again), then,
 * as the workspace's admin, connects an Instagram channel through a Facebook Page — the simulator's consent page,
 * "Allow", the Page's Instagram account picked on Socialplan's connect screen — and sees it connected, checks it
 * (the publishing quota read from the network shows in the panel and, nearly used up, above the calendar),
 * refreshes its numbers, and disconnects it. Screenshots of each screen, at 1366×768 and 390×844.
 */
const WORDS = {
  "en-US": {
    instanceSettings: "Instance settings",
    notSetUp: "Not set up",
    appId: "App ID",
    appSecret: "App secret",
    save: "Save",
    savedHidden: /saved on .+ \(hidden\)/,
    accounts: "Accounts and publishing",
    connectViaPage: "Connect through a Facebook Page",
    signInAnyway: "Sign in anyway",
    pickTitle: "Which Instagram account?",
    use: "Use this account: Icheon Ceramics (@icheon_ceramics)",
    connectedAs: "Connected as @icheon_ceramics",
    back: "Back to the calendar",
    check: "Check connection",
    works: /^✓ Works: Instagram answered as @icheon_ceramics\.$/,
    quota: "45 of 50 posts in 24 h",
    limit: "Close to a network's limit",
    refresh: "Refresh now",
    imported: "1 post made outside Socialplan imported.",
    disconnect: "Disconnect",
    disconnectSays: /withdraws the permission you gave it at Facebook/,
    signInBy: /^Sign in again by /,
    waiting: /Waiting for Instagram until /,
    reconnect: "Reconnect",
  },
  "ko-KR": {
    instanceSettings: "인스턴스 설정",
    notSetUp: "설정 안 됨",
    appId: "앱 ID",
    appSecret: "앱 시크릿",
    save: "저장",
    savedHidden: /에 저장됨\(숨김\)/,
    accounts: "계정과 게시 방식",
    connectViaPage: "페이스북 페이지를 통해 연결",
    signInAnyway: "그래도 로그인",
    pickTitle: "어느 인스타그램 계정인가요?",
    use: "이 계정 사용: Icheon Ceramics (@icheon_ceramics)",
    connectedAs: "@icheon_ceramics(으)로 연결됨",
    back: "캘린더로 돌아가기",
    check: "연결 확인",
    works: /^✓ 정상입니다\. 인스타그램이\(가\) @icheon_ceramics\(으\)로 응답했습니다\.$/,
    quota: "24시간 동안 50개 중 45개 게시",
    limit: "네트워크 한도에 가까워졌습니다",
    refresh: "지금 새로 읽기",
    imported: "Socialplan 밖에서 올린 게시물 1개를 가져왔습니다.",
    disconnect: "연결 해제",
    disconnectSays: /페이스북에서 받은 권한을 돌려주고/,
    signInBy: /까지 다시 로그인하세요$/,
    waiting: /까지 인스타그램을\(를\) 기다립니다/,
    reconnect: "다시 연결",
  },
} as const;

const DESK = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

for (const [locale, w] of Object.entries(WORDS)) {
  const lang = locale.slice(0, 2);
  describe(`connecting Instagram through the network's sign-in (${locale})`, () => {
    let sim: MetaSimulator;
    let app: Awaited<ReturnType<typeof startApp>>;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      sim = await startMetaSimulator();
      // Every Meta URL the server calls, and the consent screen the browser is sent to, go to the simulator.
      app = await startApp({ NETWORK_SIMULATOR_URL: sim.url });
      browser = await launchBrowser();
      context = await browser.newContext({ locale, viewport: DESK });
      page = await context.newPage();
      fs.mkdirSync(SHOTS, { recursive: true });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await sim?.close();
    });
    const shot = async (name: string) => {
      await settled(page);
      await page.screenshot({ path: `${SHOTS}/web-${name}-${lang}-${page.viewportSize()!.width}.png`, fullPage: true });
    };
    /** The screen as it is now has no serious or critical axe finding (the rules a11y.spec.ts holds every route to). */
    const accessible = async (where: string) => {
      const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).options({ resultTypes: ["violations"] }).analyze();
      const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} on ${where}: ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`).join("; ")}`);
      expect(serious).toEqual([]);
    };
    /** The same screen on a phone too, then back at the desk. */
    const shotBoth = async (name: string) => {
      await shot(name);
      await page.setViewportSize(PHONE);
      await shot(name);
      await page.setViewportSize(DESK);
    };

    it("sets the Facebook Login app once, then connects a Page's Instagram account, checks it, reads its numbers and disconnects it", async () => {
      // The instance's first account is its instance admin; it makes a workspace with an Instagram channel.
      await new AuthPages(page, app.url).signup("Mina Park", `mina-${lang}@meta.example`, "long enough password");
      await page.waitForURL(/\/workspaces\/new/);
      const workspaceId = await new WorkspacePages(page, app.url).create("Icheon Ceramics");
      await apiCall(page, "POST", `/workspaces/${workspaceId}/strategy/collections/channel`, { data: { network: "instagram", handle: "@icheon_ceramics" } });

      // Instance settings, from the account menu: the app is not set up; the redirect URL is the one to enter at Meta.
      await page.getByTestId("account-menu").click();
      await page.getByRole("menuitem", { name: w.instanceSettings }).click();
      await page.waitForURL(/\/instance$/);
      const card = page.getByTestId("oauth-app-meta");
      await card.getByTestId("oauth-app-status").getByText(w.notSetUp).waitFor();
      const redirectUrl = await card.getByTestId("redirect-url").inputValue();
      expect(redirectUrl).toBe(`${app.url}/api/oauth/meta/callback`);
      // APP_URL is loopback here: the screen warns that the networks cannot fetch media from it.
      await page.getByTestId("app-url-warning").waitFor();
      await shotBoth("instance");

      // The operator registers the app at Meta (here: the simulator) with that redirect URL, and enters its ID and secret.
      const metaApp = sim.createApp({ provider: "meta", name: "Socialplan (simulator)", redirectUris: [redirectUrl] });
      await card.getByLabel(w.appId).fill(metaApp.id);
      await card.getByLabel(w.appSecret).fill(metaApp.secret);
      await card.getByRole("button", { name: w.save }).click();
      await card.getByTestId("secret-saved").getByText(w.savedHidden).waitFor();
      // Write-only: after saving the secret is in no field, not in the page, and not in the API's answer.
      expect(await card.getByLabel(w.appSecret).count()).toBe(0);
      await page.reload();
      await card.getByTestId("secret-saved").waitFor();
      expect(await page.content()).not.toContain(metaApp.secret);
      expect(JSON.stringify(await apiCall(page, "GET", "/instance/oauth-apps"))).not.toContain(metaApp.secret);
      await shot("instance-saved");
      await accessible("instance-saved");

      // At Meta: a person who manages two Pages, each with its Instagram professional account.
      const fb = sim.createFacebookUser({
        name: "Mina Park",
        pages: [
          { name: "Icheon Ceramics", instagram: { username: "icheon_ceramics", name: "Icheon Ceramics" } },
          { name: "Mina's Studio", instagram: { username: "mina_studio", name: "Mina's Studio" } },
        ],
      });
      const ig = fb.igUsers.find((u) => u.username === "icheon_ceramics")!;

      // The accounts panel offers both ways for an Instagram channel, one line each.
      await page.goto(`${app.url}/w/${workspaceId}/calendar`);
      await page.getByRole("button", { name: w.accounts }).click();
      const panel = page.getByRole("dialog");
      await panel.getByTestId("oauth-connect").waitFor();
      await shotBoth("accounts-connect");
      await accessible("accounts-connect");
      await panel.getByRole("button", { name: w.connectViaPage }).click();
      // APP_URL is not public: said before leaving, and the member may go on.
      const warning = page.getByRole("dialog").filter({ hasText: "APP_URL" });
      await warning.waitFor();
      await shotBoth("app-url-warning");
      await accessible("app-url-warning");
      await warning.getByRole("button", { name: w.signInAnyway }).click();

      // The simulator's consent page (Facebook Login): allow.
      await page.waitForURL((u) => u.href.startsWith(`${sim.url}/www.facebook.com/`));
      await page.locator(`input[name=user][value="${fb.user.id}"]`).check();
      await page.locator("button[name=decision][value=allow]").click();

      // Back on Socialplan: both Instagram accounts to pick from, with their names and @usernames.
      await page.waitForURL(new RegExp(`/w/${workspaceId}/connect/[0-9a-f-]{36}$`));
      const connectUrl = page.url();
      await page.getByRole("heading", { name: w.pickTitle }).waitFor();
      expect(await page.getByTestId("connect-account").count()).toBe(2);
      await page.getByText("@mina_studio").waitFor();
      await shotBoth("connect-pick");
      await accessible("connect-pick");
      await page.getByRole("button", { name: w.use }).click();
      await page.getByRole("heading", { name: w.connectedAs }).waitFor();
      await shot("connect-done");
      await accessible("connect-done");

      // Back where they started: the panel shows the account, and a check reads it and its publishing quota.
      await page.getByRole("link", { name: w.back }).click();
      await page.waitForURL(/\/calendar\?accounts=1$/);
      const connection = page.getByRole("dialog").getByTestId("oauth-connection");
      await connection.getByText("@icheon_ceramics").first().waitFor();
      (sim as unknown as { publish: { useQuota(id: string, n: number): void } }).publish.useQuota(ig.id, 45);
      await connection.getByRole("button", { name: w.check }).click();
      await expect.poll(async () => (await connection.getByTestId("oauth-check-result").textContent()) ?? "").toMatch(w.works);
      await connection.getByTestId("oauth-quota").getByText(w.quota).waitFor();
      await shot("accounts-connected");
      await accessible("accounts-connected");

      // 45 of 50 is past 80 %: the calendar says so above the grid, naming the channel.
      await page.keyboard.press("Escape");
      const notice = page.getByTestId("quota-notice");
      await notice.getByText(w.limit).waitFor();
      await notice.getByText(/@icheon_ceramics/).waitFor();
      await shot("calendar-limit");
      await accessible("calendar-limit");

      // A post made on Instagram outside Socialplan comes in with "Refresh now" on the dashboard.
      sim.addExternalMedia(ig.id, { caption: "Kiln day" });
      await page.goto(`${app.url}/w/${workspaceId}/tracking`);
      await page.getByRole("button", { name: w.refresh }).click();
      await page.getByTestId("numbers-refresh-result").getByText(w.imported).waitFor({ timeout: 60_000 });
      await shot("tracking-refresh");
      await accessible("tracking-refresh");

      // The same screens on a phone.
      await page.setViewportSize(PHONE);
      await shot("tracking-refresh");
      for (const [path, name] of [
        ["/instance", "instance-saved"],
        [`/w/${workspaceId}/calendar`, "calendar-limit"],
        [connectUrl.slice(app.url.length), "connect-done"],
        [`/w/${workspaceId}/calendar?accounts=1`, "accounts-connected"],
        ["/connect-error?code=connection.oauth_other_session", "connect-error"],
      ] as const) {
        await page.goto(app.url + path);
        await shot(name);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(wide, `${path} fits a 390 px screen`).toBeLessThanOrEqual(PHONE.width);
      }
      await page.setViewportSize(DESK);
      await page.goto(`${app.url}/connect-error?code=connection.oauth_other_session`);
      await shot("connect-error");

      // Near the end of a sign-in, and while the network asks for a pause, the panel says so (the server's answer is
      // altered here to a token ending in ten days and a pause of an hour, which take days or a rate limit to happen);
      // Reconnect goes through the same consent, for the same account, and the connection stays the same.
      const list = `${app.url}/api/workspaces/${workspaceId}/connections`;
      const soon = new Date(Date.now() + 10 * 86_400_000).toISOString();
      const hold = new Date(Date.now() + 3_600_000).toISOString();
      await page.route(list, async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { connections: Record<string, unknown>[] };
        for (const c of body.connections) Object.assign(c, { tokenExpiresAt: soon, holdUntil: hold });
        await route.fulfill({ response, json: body });
      });
      await page.goto(`${app.url}/w/${workspaceId}/calendar?accounts=1`);
      const expiring = page.getByRole("dialog").getByTestId("oauth-connection");
      await expiring.getByTestId("oauth-expiry").getByText(w.signInBy).waitFor();
      await expiring.getByTestId("oauth-hold").getByText(w.waiting).waitFor();
      await shotBoth("accounts-expiring");
      await accessible("accounts-expiring");
      await page.unroute(list);
      const before = await apiCall<{ connections: { id: string }[] }>(page, "GET", `/workspaces/${workspaceId}/connections`);
      await expiring.getByRole("button", { name: w.reconnect }).click();
      await page.getByRole("dialog").filter({ hasText: "APP_URL" }).getByRole("button", { name: w.signInAnyway }).click();
      await page.waitForURL((u) => u.href.startsWith(`${sim.url}/www.facebook.com/`));
      await page.locator("button[name=decision][value=allow]").click();
      await page.waitForURL(new RegExp(`/w/${workspaceId}/connect/[0-9a-f-]{36}$`));
      await page.getByRole("button", { name: w.use }).click();
      await page.getByRole("heading", { name: w.connectedAs }).waitFor();
      const after = await apiCall<{ connections: { id: string }[] }>(page, "GET", `/workspaces/${workspaceId}/connections`);
      expect(after.connections.map((c) => c.id)).toEqual(before.connections.map((c) => c.id));

      // Disconnect: the confirmation says what happens at Facebook; the channel goes back to reminders.
      await page.goto(`${app.url}/w/${workspaceId}/calendar?accounts=1`);
      await page.getByRole("dialog").getByTestId("oauth-connection").getByRole("button", { name: w.disconnect }).click();
      const confirm = page.getByRole("dialog").filter({ hasText: w.disconnectSays });
      await confirm.waitFor();
      await shotBoth("disconnect-confirm");
      await confirm.getByRole("button", { name: w.disconnect }).click();
      await page.getByRole("dialog").getByTestId("oauth-connect").waitFor();
      expect(await page.getByTestId("oauth-connection").count()).toBe(0);
    }, 300_000);
  });
}
