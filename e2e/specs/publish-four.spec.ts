import fs from "node:fs";
import path from "node:path";
import { MESSAGES as SERVER_MESSAGES } from "@socialplan/schema";
import sharp from "sharp";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { CalendarPages, dateIn } from "../pages/calendar.page.ts";
import { PostEditorPage } from "../pages/post-editor.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { apiCall, settled, SHOTS } from "../support/app-routes.ts";
import { launchBrowser } from "../support/browser.ts";
import { startNetworkSimulators } from "../support/network-sims.ts";
import { startApp } from "../support/server.ts";

/**
 * One post to four networks at once, in a real browser against the networks' contract simulators (Instagram through
 * the Meta simulator; LinkedIn, X and Pinterest through theirs, all behind one NETWORK_SIMULATOR_URL): the instance
 * admin sets the four developer apps, a workspace admin connects the four accounts through each network's consent
 * page, writes one post with its own text for each network (each preview shows that text), picks the Pinterest
 * board, schedules it for the next minute; the embedded publisher sends it to all four (each network lists it once);
 * after the networks' audiences react, "Refresh now" brings the numbers onto the dashboard.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
type Messages = Record<string, unknown>;
/** The web's messages, with the network names it takes from the server's (later-screens-setup.tsx). */
const webMessages = (lang: "en" | "ko"): Messages => ({ ...(JSON.parse(fs.readFileSync(path.join(ROOT, `apps/web/src/i18n/${lang}.json`), "utf8")) as Messages), networks: SERVER_MESSAGES[lang].networks });
const MESSAGES: Record<string, Messages> = { "en-US": webMessages("en"), "ko-KR": webMessages("ko") };
/** The app's own words for a key, as the screen shows them (the same files the app is built from). */
const translator = (messages: Messages) => (key: string, params: Record<string, string | number> = {}) => {
  const find = (k: string) => k.split(".").reduce<unknown>((o, part) => (o as Messages | undefined)?.[part], messages);
  // Korean has one plural form: i18next reads "_other" where English has "_one".
  const value = find(key) ?? (key.endsWith("_one") ? find(`${key.slice(0, -4)}_other`) : undefined);
  if (typeof value !== "string") throw new Error(`no message ${key}`);
  return value.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ""));
};

const NETWORKS = ["instagram", "linkedin", "x", "pinterest"] as const;
type Net = (typeof NETWORKS)[number];
const TEXTS: Record<string, Record<Net, string>> = {
  "en-US": {
    instagram: "Fresh from the kiln: our winter bowls, glazed in celadon. #ceramics",
    linkedin: "Icheon Ceramics opens its winter collection: twelve celadon bowls, made in our studio.",
    x: "New winter bowls are out. Celadon, hand thrown in Icheon.",
    pinterest: "Celadon winter bowl, hand thrown in Icheon",
  },
  "ko-KR": {
    instagram: "가마에서 막 나온 겨울 그릇: 청자 유약을 입혔어요. #도자기",
    linkedin: "이천 도예가 겨울 컬렉션을 엽니다: 공방에서 만든 청자 그릇 열두 점.",
    x: "겨울 그릇이 나왔어요. 이천에서 빚은 청자.",
    pinterest: "이천에서 빚은 청자 겨울 그릇",
  },
};
const ZONES: Record<string, string> = { "en-US": "Europe/London", "ko-KR": "Asia/Seoul" };
const ANYWAY: Record<string, string> = { "en-US": "Schedule anyway", "ko-KR": "그래도 예약" };

const DESK = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

for (const locale of ["en-US", "ko-KR"]) {
  const lang = locale.slice(0, 2);
  const t = translator(MESSAGES[locale]!);
  const text = TEXTS[locale]!;
  describe(`one post to Instagram, LinkedIn, X and Pinterest (${locale})`, () => {
    let sims: Awaited<ReturnType<typeof startNetworkSimulators>>;
    let app: Awaited<ReturnType<typeof startApp>>;
    let browser: Awaited<ReturnType<typeof launchBrowser>>;
    let page: Page;
    beforeAll(async () => {
      sims = await startNetworkSimulators();
      app = await startApp({ NETWORK_SIMULATOR_URL: sims.url });
      browser = await launchBrowser();
      page = await (await browser.newContext({ locale, viewport: DESK })).newPage();
      fs.mkdirSync(SHOTS, { recursive: true });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await sims?.close();
    });
    const shot = async (name: string) => {
      await settled(page);
      await page.screenshot({ path: `${SHOTS}/web-four-${name}-${lang}-${page.viewportSize()!.width}.png`, fullPage: true });
    };

    it("connects four accounts, schedules one post with a text for each, and finds it published on all four with its numbers on the dashboard", async () => {
      await new AuthPages(page, app.url).signup("Mina Park", `mina-${lang}@four.example`, "long enough password");
      await page.waitForURL(/\/workspaces\/new/);
      const workspaceId = await new WorkspacePages(page, app.url).create("Icheon Ceramics");
      const calendar = new CalendarPages(page, app.url, workspaceId);
      await calendar.setZone(ZONES[locale]!);
      const channels = {} as Record<Net, string>;
      for (const n of NETWORKS) channels[n] = await calendar.addChannel(n, "icheon_ceramics");
      const bowl = await sharp({ create: { width: 1080, height: 1080, channels: 3, background: { r: 120, g: 170, b: 150 } } }).jpeg().toBuffer();
      await calendar.upload("bowl.jpg", bowl);

      // The operator's four developer apps, registered at each network (the simulators) with Socialplan's redirect URLs.
      const redirect = (provider: string) => `${app.url}/api/oauth/${provider}/callback`;
      const metaApp = sims.meta.createApp({ provider: "meta", name: "Socialplan", redirectUris: [redirect("meta")] });
      const linkedinApp = sims.linkedin.createApp({ redirectUris: [redirect("linkedin")] });
      const xApp = sims.x.oauth.registerApp({ clientId: `x-${lang}`, clientSecret: `x-secret-${lang}-0123456789`, redirectUris: [redirect("x")] });
      const pinterestApp = sims.pinterest.createApp({ redirectUris: [redirect("pinterest")] });
      for (const [provider, clientId, clientSecret] of [
        ["meta", metaApp.id, metaApp.secret],
        ["linkedin", linkedinApp.clientId, linkedinApp.clientSecret],
        ["x", xApp.clientId, xApp.clientSecret],
        ["pinterest", pinterestApp.clientId, pinterestApp.clientSecret],
      ] as const) {
        await apiCall(page, "PUT", `/instance/oauth-apps/${provider}`, { clientId, clientSecret });
      }

      // The business's accounts at each network.
      const fb = sims.meta.createFacebookUser({ name: "Mina Park", pages: [{ name: "Icheon Ceramics", instagram: { username: "icheon_ceramics", name: "Icheon Ceramics" } }] });
      const ig = fb.igUsers[0]!;
      const member = sims.linkedin.createMember({ name: "Mina Park" });
      const org = sims.linkedin.createOrganization({ name: "Icheon Ceramics", admins: [member.id], followers: 310 });
      const xUser = sims.x.addUser({ name: "Icheon Ceramics", username: "icheon_ceramics", followers: 540 });
      const pin = sims.pinterest.createUser({ username: "icheon_ceramics", businessName: "Icheon Ceramics", followers: 220, boards: [{ name: "Tableware" }, { name: "Studio" }] });
      const board = pin.boards[0]!;

      // Each connection: the network's button in the accounts panel, its consent page, back on Socialplan.
      const connect = async (n: Net, kind: string, button: string, consentHost: string, pick?: string) => {
        await page.goto(`${app.url}/w/${workspaceId}/calendar?accounts=1`);
        const start = page.getByTestId(`oauth-connect-${kind}`);
        expect(await start.textContent()).toContain(button);
        await start.click();
        // APP_URL is loopback here: the warning says so before leaving, and the member may go on.
        await page.getByRole("dialog").filter({ hasText: "APP_URL" }).getByRole("button", { name: t("oauth.appUrlWarning.continue") }).click();
        await page.waitForURL((u) => u.href.startsWith(`${sims.url}/${consentHost}/`));
        if (n === "instagram") await page.locator(`input[name=user][value="${fb.user.id}"]`).check();
        // The network's own page (the simulator's), not Socialplan's: no app to wait for.
        if (n === "pinterest" || n === "linkedin") await page.screenshot({ path: `${SHOTS}/web-four-consent-${n}-${lang}.png` });
        await page.locator("button[name=decision][value=allow]").click();
        await page.waitForURL(new RegExp(`/w/${workspaceId}/connect/[0-9a-f-]{36}$`));
        if (pick) {
          await page.getByTestId("connect-account").filter({ hasText: pick }).getByTestId("connect-use").click();
        }
        await page.getByRole("link", { name: t("connect.back") }).click();
        await page.waitForURL(/\/calendar\?accounts=1$/);
      };
      await connect("instagram", "instagram_facebook", t("oauth.connect_instagram_facebook"), "www.facebook.com");
      await connect("linkedin", "linkedin", t("oauth.connect_linkedin"), "www.linkedin.com", "Icheon Ceramics");
      await connect("x", "x", t("oauth.connect_x"), "x.com");
      await connect("pinterest", "pinterest", t("oauth.connect_pinterest"), "www.pinterest.com");
      const connections = await calendar.api<{ connections: { channelId: string; kind: string; status: string }[] }>("GET", "$ws/connections");
      expect(connections.connections.map((c) => [c.kind, c.status]).sort()).toEqual([["instagram_facebook", "active"], ["linkedin", "active"], ["pinterest", "active"], ["x", "active"]]);
      await page.getByTestId("oauth-connection").first().waitFor();
      await shot("accounts");
      await page.keyboard.press("Escape");

      // One post, the bowl photo, the four channels, each with its own text; each network's preview shows its text.
      const editor = new PostEditorPage(page);
      await page.getByTestId("calendar").waitFor();
      await editor.open(t("posts.new"));
      await editor.drawer.getByLabel(t("posts.body"), { exact: true }).fill(text.instagram);
      for (const n of NETWORKS) await editor.drawer.getByRole("checkbox", { name: t(`networks.${n}`) }).check();
      await editor.addMedia(t("posts.addMedia"), t("assets.pick", { name: "bowl.jpg" }), t("assets.usePicked_one", { count: 1 }));
      for (const n of ["linkedin", "x", "pinterest"] as const) {
        const channel = t(`networks.${n}`);
        await editor.drawer.getByRole("button", { name: around(t("posts.ownText", { channel: "\u0000" }), channel) }).click();
        await editor.drawer.getByRole("textbox", { name: around(t("posts.variantFor", { channel: "\u0000" }), channel) }).fill(text[n]);
      }
      // Pinterest needs its board: listed from the connected account.
      const boardSelect = editor.drawer.getByTestId("option-pinterest-board");
      await boardSelect.click();
      await page.getByRole("option", { name: board.name }).click();
      for (const n of NETWORKS) {
        await expect.poll(async () => (await editor.preview(n).textContent()) ?? "", { timeout: 10_000 }).toContain(text[n].slice(0, 24));
        // Connected: each channel says it publishes on its own.
        expect(await editor.drawer.getByTestId(`publish-mode-${n}`).getAttribute("data-mode")).toBe("auto");
      }
      await editor.screenshotPreviews(`four-editor-${lang}-desktop`);
      await page.setViewportSize(PHONE);
      await expect.poll(async () => { const f = await editor.fitsTheScreen(); return f.ok ? "fits" : f.detail; }, { timeout: 5000 }).toBe("fits");
      await editor.screenshotPreviews(`four-editor-${lang}-phone`);
      await page.setViewportSize(DESK);

      // For the next minute on the workspace's clock.
      const at = new Date(Date.now() + 60_000);
      await editor.drawer.getByLabel(t("posts.date"), { exact: true }).fill(dateIn(at, ZONES[locale]!));
      await editor.drawer.getByLabel(t("posts.time"), { exact: true }).fill(new Intl.DateTimeFormat("en-GB", { timeZone: ZONES[locale], hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at));
      await editor.drawer.getByTestId("schedule").click();
      const check = page.getByTestId("schedule-check");
      if (await check.isVisible({ timeout: 3000 }).catch(() => false)) await check.getByRole("button", { name: ANYWAY[locale] }).click();
      await expect.poll(async () => (await calendar.api<{ posts: { status: string }[] }>("GET", "$ws/posts")).posts.map((p) => p.status), { timeout: 10_000 }).toEqual(["scheduled"]);

      // The embedded publisher sends it at its minute: each network has it once, with that network's text.
      const published = async () => ({
        instagram: sims.meta.publishedMedia(ig.id).map((m) => m.caption ?? ""),
        linkedin: sims.linkedin.postsBy(org.urn).map((p) => p.text),
        x: sims.x.postsOf(xUser.id).map((p) => p.text),
        pinterest: sims.pinterest.pinsOn(board.id).map((p) => p.description),
      });
      await expect.poll(async () => Object.values(await published()).map((list) => list.length), { timeout: 180_000, interval: 2000 }).toEqual([1, 1, 1, 1]);
      const out = await published();
      expect(out.instagram[0]).toContain(text.instagram);
      expect(out.linkedin[0]).toContain(text.linkedin);
      expect(out.x[0]).toContain(text.x);
      expect(out.pinterest[0]).toContain(text.pinterest);
      await expect
        .poll(async () => (await calendar.api<{ posts: { status: string }[] }>("GET", "$ws/posts")).posts.map((p) => p.status), { timeout: 30_000 })
        .toEqual(["published"]);

      // The audiences react; "Refresh now" on Tracking reads each network's numbers.
      const igMedia = sims.meta.publishedMedia(ig.id)[0]!;
      sims.meta.setInsights(igMedia.id, { views: 900, reach: 640, likes: 71, comments: 9, saved: 12, shares: 4 });
      sims.linkedin.setStats(sims.linkedin.postsBy(org.urn)[0]!.id, { impressionCount: 820, uniqueImpressionsCount: 530, clickCount: 33, likeCount: 41, commentCount: 6, shareCount: 3 });
      sims.x.setMetrics(sims.x.postsOf(xUser.id)[0]!.id, { impression_count: 1500, like_count: 58, reply_count: 7, retweet_count: 5, quote_count: 1, bookmark_count: 6 });
      Object.assign(sims.pinterest.pinsOn(board.id)[0]!.metrics, { IMPRESSION: 2100, SAVE: 95, PIN_CLICK: 60, OUTBOUND_CLICK: 27 });
      await page.goto(`${app.url}/w/${workspaceId}/tracking`);
      await page.getByRole("button", { name: t("oauth.refreshNow") }).click();
      await page.getByTestId("numbers-refresh-result").waitFor({ timeout: 60_000 });
      await page.reload();
      const top = page.getByTestId("top-posts");
      // The best posts, one row per channel, each with that channel's own text.
      for (const n of NETWORKS) await top.getByText(text[n].slice(0, 20)).first().waitFor({ timeout: 30_000 });
      expect(await top.locator("tbody tr").count()).toBe(4);
      // Each channel's card counts the post as published and shows numbers read from its network.
      for (const n of NETWORKS) {
        const card = page.getByTestId(`channel-${channels[n]}`);
        await card.waitFor();
        await expect.poll(async () => (await card.textContent()) ?? "").toMatch(/[1-9]/);
      }
      await shot("dashboard");
      await page.setViewportSize(PHONE);
      await shot("dashboard");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await page.setViewportSize(DESK);
    });
  });
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A label made from a message whose {{channel}} (here "\0") is the network's name and the channel's handle. */
function around(message: string, network: string): RegExp {
  const [before = "", after = ""] = message.split("\u0000");
  return new RegExp(`${escapeRe(before)}${escapeRe(network)}.*${escapeRe(after)}`);
}
