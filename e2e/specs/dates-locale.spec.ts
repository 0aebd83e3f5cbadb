import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { AuthPages } from "../pages/auth.page.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { startApp } from "../support/server.ts";

/** The words of each language the checks look for. */
const WORDS = {
  "en-US": { name: "Ann", period: "The strategy period runs Dec 1, 2026 – Nov 30, 2027.", unit: "e.g. followers, %, USD", price: "e.g. 25.00", due: /^Due [A-Z][a-z]{2} \d{1,2}, 20\d\d$/, now: "now" },
  "ko-KR": { name: "민지", period: "전략 기간: 2026. 12. 1. ~ 2027. 11. 30.", unit: "예: 명, %, KRW", price: "예: 25,000", due: /^마감 20\d\d\. \d{1,2}\. \d{1,2}\.$/, now: "지금" },
} as const;

async function api<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
      const res = await fetch(url, { method, headers: { "content-type": "application/json", "x-csrf-token": csrf }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return res.json();
    },
    { method, url, body },
  );
}

/**
 * Dates, times and examples by the workspace, seen from a browser in another zone: a US workspace (Los Angeles, USD) and
 * a Korean one (Seoul, KRW), each opened from a browser set to the other side of UTC. The December–November strategy
 * period reads Dec 1 – Nov 30 (never "Nov 30 – Nov 29"), placeholders follow the currency, comments and notifications
 * show workspace times, relative with the exact time and zone on hover.
 */
describe.each([
  { locale: "en-US", browserZone: "Asia/Seoul", workspace: { name: "Portland Candles", timezone: "America/Los_Angeles", currency: "USD", locale: "en" } },
  { locale: "ko-KR", browserZone: "America/Los_Angeles", workspace: { name: "서울 캔들", timezone: "Asia/Seoul", currency: "KRW", locale: "ko" } },
] as const)("dates and examples by the workspace ($locale)", ({ locale, browserZone, workspace }) => {
  const w = WORDS[locale];
  let app: Awaited<ReturnType<typeof startApp>>;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale, timezoneId: browserZone, viewport: { width: 1366, height: 768 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows the goal period, placeholders, comment times and notifications in the workspace's language, currency and zone", async () => {
    // The first screen of a fresh server can take long on a busy machine: wait for it before signing up.
    await page.goto(`${app.url}/signup`);
    await page.getByLabel(/^(Name|이름)/).waitFor({ timeout: 90_000 });
    await new AuthPages(page, app.url).signup(w.name, `dates-${workspace.locale}@locale.example`, "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const created = await api<{ id: string }>(page, "POST", "/api/workspaces", { ...workspace, periodStart: "2026-12", periodMonths: 12 });
    const id = created.id;
    const goal = await api<{ id: string }>(page, "POST", `/api/workspaces/${id}/strategy/collections/goal`, { data: { title: "Followers", measurable: { direction: "increase" } } });
    await api(page, "POST", `/api/workspaces/${id}/strategy/collections/product`, { data: { name: "Mug" } });

    // The goal form: the period in words, from the first to the last day, and a unit example in the workspace's currency.
    await page.goto(`${app.url}/w/${id}/strategy/goals?open=${goal.id}`);
    await page.getByText(w.period).waitFor();
    await page.locator(`input[placeholder="${w.unit}"]`).waitFor();
    await screenshot(page, `h6-${workspace.locale}-goal-period`);

    // A price field shows a typical price as the currency writes it.
    await page.goto(`${app.url}/w/${id}/strategy/products`);
    await page.getByTestId("record-product").first().waitFor();
    const record = page.getByTestId("record-product").first();
    const price = page.locator(`input[placeholder="${w.price}"]`).first();
    if (!(await price.isVisible())) await record.locator(".mantine-Accordion-control").click();
    await price.waitFor();

    // A card due tomorrow, assigned to me, with a comment: the bell says when it is due in words, the comment says "now".
    const me = (await api<{ members: { id: string; name: string }[] }>(page, "GET", `/api/workspaces/${id}/members`)).members[0]!;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const card = (await api<{ cards: { id: string; title: string }[] }>(page, "POST", `/api/workspaces/${id}/board/cards`, { title: "Gift guide", assigneeIds: [me.id], dueDate: tomorrow })).cards.find((c) => c.title === "Gift guide")!;
    await api(page, "POST", `/api/workspaces/${id}/board/cards/${card.id}/comments`, { body: "Photos by Friday" });
    await page.goto(`${app.url}/w/${id}/board?card=${card.id}`);
    const comments = page.getByTestId("card-comments");
    await comments.getByText("Photos by Friday").waitFor();
    const time = comments.locator("time").first();
    expect(await time.textContent()).toBe(w.now);
    expect(await time.getAttribute("title")).toContain(workspace.timezone);
    await screenshot(page, `h6-${workspace.locale}-card-comment`);
    await page.keyboard.press("Escape");

    await page.getByTestId("notifications").click();
    const due = page.getByRole("menu").locator("time").first();
    await due.waitFor();
    expect(await due.textContent()).toMatch(w.due);
    await screenshot(page, `h6-${workspace.locale}-notifications`);
    await page.keyboard.press("Escape");

    // On a phone: the same screens fit the width.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/w/${id}/strategy/goals?open=${goal.id}`);
    await page.getByText(w.period).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, `h6-${workspace.locale}-goal-period-phone`);
  });
});
