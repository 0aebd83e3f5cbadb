import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

/** The system Chromium, headless, kept off the network except for the app on loopback (Playwright gives it a fresh profile). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Saves a full-page screenshot as a CI artifact (e2e/artifacts/NAME.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The built app, a browser and one page in the given locale, for a spec's lifetime (call at describe level). */
export function useAppInBrowser(locale: string, setup: { beforeAll: (fn: () => Promise<void>) => void; afterAll: (fn: () => Promise<void>) => void }) {
  const session = {} as { app: Awaited<ReturnType<typeof import("./server.ts").startApp>>; browser: Browser; page: Page };
  setup.beforeAll(async () => {
    const { startApp } = await import("./server.ts");
    session.app = await startApp();
    session.browser = await launchBrowser();
    session.page = await (await session.browser.newContext({ locale, viewport: { width: 1280, height: 900 } })).newPage();
  });
  setup.afterAll(async () => {
    await session.browser?.close();
    await session.app?.stop();
  });
  return session;
}
