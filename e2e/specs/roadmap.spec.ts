import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";

const WORDS = {
  "en-US": { weeks: "Weeks", milestone: "◆ Checkpoint: 500 followers", pdf: "Download PDF", shot: "en-roadmap" },
  "ko-KR": { weeks: "주", milestone: "◆ 점검 목표: 500 followers", pdf: "PDF 내려받기", shot: "ko-roadmap" },
} as const;

for (const [locale, words] of Object.entries(WORDS)) describe(`the roadmap (${locale})`, () => {
  const session = useAppInBrowser(locale, { beforeAll, afterAll });

  it("shows goals and initiatives as bars, and dragging an initiative's bar saves its new dates with history", async () => {
    const { app, page } = session;
    await page.setViewportSize({ width: 1500, height: 900 });
    await new AuthPages(page, app.url).signup("Mina", `mina-${locale}@roadmap.example`, "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("Candle Shop");
    const ids = await page.evaluate(async (id) => {
      const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
      const h = { "content-type": "application/json", "x-csrf-token": csrf };
      const ws = await (await fetch(`/api/workspaces/${id}`)).json();
      const start = `${ws.periodStart}-01`;
      const goal = await (await fetch(`/api/workspaces/${id}/strategy/collections/goal`, { method: "POST", headers: h, body: JSON.stringify({ data: { title: "Double Instagram", timebound: { start, deadline: `${ws.periodStart}-28`, checkpoints: [{ date: `${ws.periodStart}-14`, target: 500 }] }, measurable: { metric: "Followers", unit: "followers", baseline: 100, target: 1000 } } }) })).json();
      const initiative = await (await fetch(`/api/workspaces/${id}/strategy/collections/initiative`, { method: "POST", headers: h, body: JSON.stringify({ data: { action: "Open a German account", timeline: { start, end: `${ws.periodStart}-07` } }, parentId: goal.id }) })).json();
      return { initiative: initiative.id as string, start };
    }, workspaceId);
    await page.goto(`${app.url}/w/${workspaceId}/roadmap`);
    await page.getByTestId("roadmap").locator(".bar-wrapper").nth(1).waitFor();
    await page.getByText(words.weeks, { exact: true }).click();
    // The chart is rebuilt on zoom and when the board's and people's data arrive: let it settle before dragging.
    await page.waitForTimeout(1500);
    const bar = page.getByTestId("roadmap").locator(".bar-wrapper").nth(1).locator(".bar");
    const box = (await bar.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 10 });
    await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2, { steps: 10 });
    await page.mouse.up();
    const revisions = async () =>
      page.evaluate(async ({ id, entry }) => (await (await fetch(`/api/workspaces/${id}/strategy/entries/${entry}/revisions`)).json()) as { version: number; data: { timeline: { start: string } } }[], { id: workspaceId, entry: ids.initiative });
    await expect.poll(async () => (await revisions()).length, { timeout: 5000 }).toBe(2);
    const [latest] = await revisions();
    expect(latest!.data.timeline.start > ids.start).toBe(true);
    // The goal's checkpoint is a milestone on the chart.
    await page.getByTestId("roadmap").getByText(words.milestone).waitFor();
    await screenshot(page, words.shot);

    // The roadmap as a PDF, ready to print or send.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: words.pdf }).click()]);
    expect(download.suggestedFilename()).toMatch(/^roadmap-\d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = await fs.promises.readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});
