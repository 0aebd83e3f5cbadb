import type { BrowserContextOptions } from "playwright-core";
import { STAGES } from "@socialplan/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, appRoutes, exampleWorkspace, fillRoute, photo, settled, SHOTS, useAppAndBrowser, type ExampleWorkspace } from "../support/app-routes.ts";
import { measureOverflow } from "../support/overflow.ts";

/** A 390×844 phone held in one hand: a touch screen, two device pixels per CSS pixel. */
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, deviceScaleFactor: 2 };

const session = useAppAndBrowser({ beforeAll, afterAll });

const slug = (route: string) => route.replace(/^\//, "").replace(/[/:]+/g, "-") || "root";

describe("every screen on a 390×844 phone", () => {
  it("reads the screens from App.tsx, nested ones with their parents' paths", () => {
    const routes = appRoutes().map((r) => r.path);
    expect(routes).toContain("/login");
    expect(routes).toContain("/w/:workspaceId/calendar");
    expect(routes).toContain("/w/:workspaceId/strategy");
    expect(routes).toContain("/w/:workspaceId/strategy/goals");
    expect(routes).not.toContain("*");
    expect(appRoutes().find((r) => r.path === "/review/:token")?.signedIn).toBe(false);
    expect(appRoutes().find((r) => r.path === "/w/:workspaceId/board")?.signedIn).toBe(true);
  });

  // Each overflowing screen is collected with what sticks out, and all of them are reported at once.
  for (const locale of ["en-US", "ko-KR"]) {
    it(`shows every route without sideways scrolling (${locale})`, async () => {
      const lang = locale.slice(0, 2);
      const context = await session.browser.newContext({ ...PHONE, locale });
      const page = await context.newPage();
      const example = await exampleWorkspace(page, session.app.url, { name: "Hana Lee-Whitfield", email: `hana-${lang}@phone.example` });
      const guest = await (await session.browser.newContext({ ...PHONE, locale })).newPage();
      const failures: string[] = [];
      for (const route of appRoutes()) {
        const url = session.app.url + fillRoute(route.path, example.values);
        const visitor = route.signedIn ? page : guest;
        await visitor.goto(url);
        const drawn = await settled(visitor).then(
          () => true,
          (e: Error) => (failures.push(`${route.path} (${lang}): drew nothing (${e.message.split("\n")[0]})`), false),
        );
        if (!drawn) {
          await visitor.screenshot({ path: `${SHOTS}/h4-phone-${lang}-${slug(route.path)}-nothing.png` });
          continue;
        }
        const o = await measureOverflow(visitor);
        if (o.scrollWidth > o.innerWidth) failures.push(`${route.path} (${lang}): the page is ${o.scrollWidth} px wide on a ${o.innerWidth} px screen; sticking out: ${o.culprits.join("; ")}`);
        await visitor.screenshot({ path: `${SHOTS}/h4-phone-${lang}-${slug(route.path)}.png` });
      }
      await context.close();
      await guest.context().close();
      expect(failures, failures.join("\n")).toEqual([]);
    }, 600_000);
  }
});

describe("the task board's six columns", () => {
  it("fit side by side at 1366×768 beside the navigation, and on a phone scroll inside the board one column at a time", async () => {
    const context = await session.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "en-US" });
    const page = await context.newPage();
    const { workspaceId } = await exampleWorkspace(page, session.app.url, { name: "Hana Lee", email: "hana@board-width.example" });
    await page.goto(`${session.app.url}/w/${workspaceId}/board`);
    await page.getByTestId("stage-done").waitFor();
    await settled(page);
    const board = page.getByTestId("board-columns");
    const fits = await board.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    for (const stage of STAGES) {
      const box = (await page.getByTestId(`stage-${stage}`).boundingBox())!;
      expect(box.x + box.width, `${stage} is not cut off`).toBeLessThanOrEqual(fits.right + 0.5);
      expect(box.y, `${stage} starts above the fold`).toBeLessThan(768);
    }
    await page.screenshot({ path: `${SHOTS}/h4-desk-board-1366.png` });

    await page.setViewportSize(PHONE.viewport!);
    await settled(page);
    const phone = await board.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, first: el.firstElementChild!.getBoundingClientRect().width }));
    expect(phone.scroll).toBeGreaterThan(phone.client);
    expect(phone.first).toBeGreaterThan(390 * 0.8);
    expect(phone.first).toBeLessThan(390 * 0.9);
    expect((await measureOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);
    await context.close();
  }, 120_000);
});

describe("the app on a phone's home screen", () => {
  it("is installable: Chromium reads the manifest, with its name, start address and icons (192 and 512, maskable)", async () => {
    const page = await session.browser.newPage();
    await page.goto(`${session.app.url}/login`);
    const cdp = await page.context().newCDPSession(page);
    const { url, errors, parsed } = (await cdp.send("Page.getAppManifest" as never, { manifestId: undefined } as never)) as unknown as {
      url: string;
      errors: { message: string; critical: number }[];
      parsed?: { scope?: string };
    };
    expect(url).toBe(`${session.app.url}/manifest.webmanifest`);
    expect(errors).toEqual([]);
    const manifest = JSON.parse(await (await fetch(url)).text()) as { name: string; short_name: string; start_url: string; display: string; lang: string; theme_color: string; icons: { src: string; sizes: string; type: string; purpose?: string }[] };
    expect(manifest).toMatchObject({ name: "Socialplan", short_name: "Socialplan", start_url: "/", display: "standalone" });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    for (const size of ["192x192", "512x512"]) expect(manifest.icons.some((i) => i.sizes === size && (i.purpose ?? "any").includes("any"))).toBe(true);
    expect(manifest.icons.some((i) => i.purpose?.includes("maskable"))).toBe(true);
    // Chromium parsed it (it answers the manifest's scope only when it did).
    expect(parsed?.scope).toBe(`${session.app.url}/`);
    // Each icon is a PNG of the size it says, served as one; so are the manifest and the home-screen icon for iOS.
    const manifestResponse = await fetch(url);
    expect(manifestResponse.headers.get("content-type")).toMatch(/^application\/manifest\+json/);
    for (const icon of manifest.icons) {
      const res = await fetch(new URL(icon.src, url));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      const bytes = Buffer.from(await res.arrayBuffer());
      const [w, h] = icon.sizes.split("x").map(Number);
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([w, h]);
    }
    const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
    expect((await fetch(new URL(appleIcon!, session.app.url))).headers.get("content-type")).toBe("image/png");
    expect(await page.locator('meta[name="theme-color"]').getAttribute("content")).toBe(manifest.theme_color);
    await page.context().close();
  });
});

describe("a reminder on a phone, one-handed", () => {
  for (const locale of ["en-US", "ko-KR"]) {
    it(`copies the text, downloads the picture and marks the post published with its link from Home (${locale})`, async () => {
      const lang = locale.slice(0, 2);
      const context = await session.browser.newContext({ ...PHONE, locale, acceptDownloads: true });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: session.app.url });
      const page = await context.newPage();
      const example: ExampleWorkspace = await exampleWorkspace(page, session.app.url, { name: "Jun Seo", email: `jun-${lang}@reminder.example` });
      const w = `/workspaces/${example.workspaceId}`;
      // A post with a picture for a channel that has no connected account, due now: it becomes a reminder.
      const { entries } = await apiCall<{ entries: { id: string; kind: string; data: { network?: string } }[] }>(page, "GET", `${w}/strategy`);
      const channels = entries.filter((e) => e.kind === "channel");
      const channel = channels.find((e) => e.data.network === "instagram") ?? channels[0]!;
      const image = (await photo(1080, 1080)).toString("base64");
      const asset = await page.evaluate(
        async ({ w, image }) => {
          const csrf = ((await (await fetch("/api/auth/csrf")).json()) as { token: string }).token;
          const bytes = Uint8Array.from(atob(image), (c) => c.charCodeAt(0));
          const res = await fetch(`/api${w}/assets?name=autumn-bowls.jpg`, { method: "POST", headers: { "content-type": "application/octet-stream", "x-csrf-token": csrf }, body: bytes });
          return ((await res.json()) as { asset: { id: string } }).asset.id;
        },
        { w, image },
      );
      const body = lang === "ko" ? "가을 그릇이 나왔어요. 손으로 빚은 네 가지 색." : "Our autumn bowls are here: four glazes, thrown by hand.";
      const { post } = await apiCall<{ post: { id: string } }>(page, "POST", `${w}/posts`, { title: "Autumn bowls", body, variants: [{ channelId: channel.id, text: null }], media: [{ assetId: asset, alt: "Four bowls" }] });
      const workspace = await apiCall<{ requirePostApproval: boolean }>(page, "GET", w);
      if (workspace.requirePostApproval) {
        await apiCall(page, "POST", `${w}/posts/${post.id}/review`);
        await apiCall(page, "POST", `${w}/posts/${post.id}/approve`, {});
      }
      await apiCall(page, "POST", `${w}/posts/${post.id}/schedule`, { scheduledAt: new Date().toISOString() });
      await expect
        .poll(async () => (await apiCall<{ home: { waiting: { reminders: { postId: string }[] } } }>(page, "GET", `${w}/home`)).home.waiting.reminders.some((r) => r.postId === post.id), { timeout: 20_000 })
        .toBe(true);

      // Home lists it; a tap opens what to do with it, each action within the thumb's reach (the lower part of the screen).
      await page.goto(`${session.app.url}/w/${example.workspaceId}`);
      const line = page.getByTestId("waiting-reminder").filter({ hasText: "Autumn bowls" });
      await line.tap();
      const sheet = page.getByTestId("reminder-sheet");
      await sheet.waitFor();
      await settled(page);
      await page.screenshot({ path: `${SHOTS}/h4-phone-${lang}-reminder.png` });
      const inThumbReach = async (name: string) => {
        const box = (await sheet.getByTestId(name).boundingBox())!;
        expect(box.y + box.height, `${name} sits in the lower part of the screen`).toBeGreaterThan(844 * 0.45);
        expect(box.y + box.height).toBeLessThanOrEqual(844);
        expect(box.height, `${name} is big enough for a thumb`).toBeGreaterThanOrEqual(40);
      };
      for (const name of ["reminder-copy", "reminder-download", "reminder-link", "reminder-done"]) await inThumbReach(name);
      expect((await measureOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);

      await sheet.getByTestId("reminder-copy").tap();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(body);
      const [download] = await Promise.all([page.waitForEvent("download"), sheet.getByTestId("reminder-download").tap()]);
      expect(download.suggestedFilename()).toBe("autumn-bowls.jpg");
      await sheet.getByTestId("reminder-link").fill("https://www.instagram.com/p/autumn-bowls/");
      await sheet.getByTestId("reminder-done").tap();
      await sheet.waitFor({ state: "detached" });
      await page.getByTestId("waiting-reminder").filter({ hasText: "Autumn bowls" }).waitFor({ state: "detached" });
      const { post: after } = await apiCall<{ post: { status: string; deliveries: { permalink: string | null; status: string }[] } }>(page, "GET", `${w}/posts/${post.id}`);
      expect(after.deliveries[0]).toMatchObject({ status: "published", permalink: "https://www.instagram.com/p/autumn-bowls/" });
      await context.close();
    }, 300_000);
  }
});
