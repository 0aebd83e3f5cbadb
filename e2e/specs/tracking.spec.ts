import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";
import { pdfText } from "../support/pdf.ts";

const WORDS = {
  "en-US": {
    shot: "en-tracking",
    tracking: /^Tracking$/,
    importFile: "Import a file",
    check: "Check the file",
    importGood: "Import 5 good rows",
    tooLittle: "Too little data",
    forecast: "At this pace",
    reports: /^Reports$/,
    period: "Period",
    month: "Month",
    make: "Make the report",
    answers: ["Reach grew with every reel.", "Three reels a week in December.", "Yes — 고객 후기가 가장 잘 됩니다.", "Write captions that ask for saves."],
    save: "Save the answers",
    download: "Download",
    csv: "Numbers (CSV)",
    png: "Picture (PNG)",
    pending: "Still adding up 1,200 posts",
  },
  "ko-KR": {
    shot: "ko-tracking",
    tracking: /^성과 추적$/,
    importFile: "파일 가져오기",
    check: "파일 확인",
    importGood: "정상 행 5개 가져오기",
    tooLittle: "데이터가 부족합니다",
    forecast: "이 속도",
    reports: /^보고서$/,
    period: "기간",
    month: "월간",
    make: "보고서 만들기",
    answers: ["릴스마다 도달이 늘었습니다.", "12월에는 주 3회 릴스를 올립니다.", "네, 고객 후기가 가장 잘 됩니다.", "저장을 부르는 캡션을 씁니다."],
    save: "답변 저장",
    download: "내려받기",
    csv: "숫자 (CSV)",
    png: "그림 (PNG)",
    pending: "게시물 1,200개를 아직 합산",
  },
} as const;

/** A Meta Business Suite Instagram post export as Meta writes it: BOM, quoted "1,520", MM/DD/YYYY HH:mm, one bad row. */
function metaExport(now: Date): Buffer {
  const day = (daysAgo: number, time: string) => {
    const d = new Date(now.getTime() - daysAgo * 86_400_000);
    return `${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}/${d.getUTCFullYear()} ${time}`;
  };
  const rows = [
    ["Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves"],
    ["18000000000000001", "1784", "onsae.de", "Onsae", "Glaze test", "0", day(21, "09:00"), "https://www.instagram.com/p/A1/", "IG image", "", "Lifetime", "4,210", "3,120", "1,520", "35", "12", "48", "210"],
    ["18000000000000002", "1784", "onsae.de", "Onsae", "Reel: wheel to cup", "14", day(16, "18:30"), "https://www.instagram.com/reel/A2/", "IG reel", "", "Lifetime", "9,800", "6,450", "2,310", "120", "41", "96", "388"],
    ["18000000000000003", "1784", "onsae.de", "Onsae", "Customer photo", "0", day(11, "12:15"), "https://www.instagram.com/p/A3/", "IG image", "", "Lifetime", "5,050", "4,700", "640", "8", "3", "22", "57"],
    ["18000000000000004", "1784", "onsae.de", "Onsae", "Studio sale", "0", day(6, "19:00"), "https://www.instagram.com/p/A4/", "IG carousel", "", "Lifetime", "7,300", "5,900", "1,010", "22", "9", "31", "140"],
    ["18000000000000005", "1784", "onsae.de", "Onsae", "Packing orders", "0", day(2, "20:00"), "https://www.instagram.com/p/A5/", "IG reel", "", "Lifetime", "8,000", "6,800", "1,200", "30", "11", "40", "160"],
    ["18000000000000006", "1784", "onsae.de", "Onsae", "Broken row", "0", "yesterday", "https://www.instagram.com/p/A6/", "IG image", "", "Lifetime", "1", "1", "1", "1", "1", "1", "1"],
  ];
  return Buffer.from("\uFEFF" + rows.map((r) => r.map((c) => `"${c}"`).join(",")).join("\r\n"), "utf8");
}

for (const [locale, w] of Object.entries(WORDS)) describe(`tracking and reports (${locale})`, () => {
  const session = useAppInBrowser(locale, { beforeAll, afterAll });

  it("imports a Meta export, sees the goal's progress and forecast move, writes a monthly report and finds its answers in the PDF", async () => {
    const { app, page } = session;
    await page.setViewportSize({ width: 1400, height: 1000 });
    await new AuthPages(page, app.url).signup("Mina", `mina-${locale}@tracking.example`, "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("Onsae");
    // An Instagram channel and a SMART goal on its reach, started four weeks ago.
    const goalId = await page.evaluate(async (id) => {
      const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
      const h = { "content-type": "application/json", "x-csrf-token": csrf };
      await fetch(`/api/workspaces/${id}`, { method: "PATCH", headers: h, body: JSON.stringify({ timezone: "UTC", periodStart: new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 7) }) });
      const channel = await (await fetch(`/api/workspaces/${id}/strategy/collections/channel`, { method: "POST", headers: h, body: JSON.stringify({ data: { network: "instagram", handle: "@onsae.de", kpis: ["Reach", "Saves"] } }) })).json();
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const goal = await (
        await fetch(`/api/workspaces/${id}/strategy/collections/goal`, {
          method: "POST",
          headers: h,
          body: JSON.stringify({ data: { title: "Reach 60,000 people", measurable: { metric: "Reach", channels: [channel.id], baseline: 0, target: 60000 }, timebound: { start: day(-28), deadline: day(60) } } }),
        })
      ).json();
      return goal.id as string;
    }, workspaceId);

    await new WorkspacePages(page, app.url).open(w.tracking);
    const goal = page.getByTestId(`goal-${goalId}`);
    await goal.getByTestId("goal-forecast").getByText(w.tooLittle).waitFor();

    await page.getByRole("button", { name: w.importFile }).click();
    const dialog = page.getByRole("dialog");
    await dialog.locator("input[type=file]").setInputFiles({ name: "instagram-posts.csv", mimeType: "text/csv", buffer: metaExport(new Date()) });
    await dialog.getByRole("button", { name: w.check }).click();
    await dialog.getByTestId("import-errors").waitFor();
    expect(await dialog.getByTestId("import-errors").locator("tbody tr").count()).toBe(1);
    await screenshot(page, `${w.shot}-import`);
    await dialog.getByRole("button", { name: w.importGood }).click();
    await dialog.waitFor({ state: "hidden" });

    // Reach since the goal began: 3,120 + 6,450 + 4,700 + 5,900 + 6,800 = 26,970 of 60,000, with a forecast date.
    await expect.poll(() => goal.getByTestId("goal-current").textContent()).toMatch(/26[,.]?970/);
    await goal.getByTestId("goal-forecast").getByText(w.forecast).waitFor();
    // The forecast date is written as the reader writes dates ("Mar 14, 2027", "2027. 3. 14."), not as an ISO date.
    const forecast = await goal.getByTestId("goal-forecast").textContent();
    expect(forecast).toMatch(/20\d\d/);
    expect(forecast).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await page.getByTestId("top-posts").getByText("Reel: wheel to cup").waitFor();
    await screenshot(page, w.shot);

    // Reach (thousands) and saves (tens to hundreds) as small multiples, each on its own scale; the numbers they draw
    // download as CSV (the imported ones, per day) and the picture as PNG.
    await page.setViewportSize({ width: 1366, height: 768 });
    const chart = page.getByTestId("channel-chart");
    await chart.getByTestId("metric-chart-reach").locator(".recharts-line").waitFor();
    await chart.getByTestId("metric-chart-saves").locator(".recharts-line").waitFor();
    await screenshot(page, `dashboard-${locale.slice(0, 2)}-desktop`);
    await chart.getByRole("button", { name: new RegExp(w.download) }).first().click();
    const [csvFile] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: w.csv }).click()]);
    const rows = fs.readFileSync((await csvFile.path())!, "utf8").replace(/^\uFEFF/, "").split("\r\n").map((line) => line.split(","));
    expect(rows[0]).toHaveLength(3);
    const column = (k: number) => rows.slice(1).map((r) => r[k]).filter((v) => v !== "").map(Number);
    expect([...column(1)].sort((a, b) => a - b)).toEqual([3120, 4700, 5900, 6450, 6800]);
    expect([...column(2)].sort((a, b) => a - b)).toEqual([57, 140, 160, 210, 388]);
    // Each small chart's "latest" figure is the CSV's last number in its column.
    const latest = async (m: string) => Number(((await chart.getByTestId(`metric-chart-${m}`).getByTestId("metric-latest").textContent()) ?? "").replace(/\D/g, ""));
    expect(await latest("reach")).toBe(column(1).at(-1));
    expect(await latest("saves")).toBe(column(2).at(-1));
    await chart.getByRole("button", { name: new RegExp(w.download) }).first().click();
    const [pngFile] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: w.png }).click()]);
    expect(fs.readFileSync((await pngFile.path())!).subarray(1, 4).toString()).toBe("PNG");
    await page.setViewportSize({ width: 1400, height: 1000 });

    // A monthly report for the month of the newest posts, answered and exported.
    await new WorkspacePages(page, app.url).open(w.reports);
    await page.getByTestId("report-kind").click();
    await page.getByRole("option", { name: w.month, exact: true }).click();
    const recent = new Date(Date.now() - 2 * 86_400_000);
    const first = new Date(Date.UTC(recent.getUTCFullYear(), recent.getUTCMonth(), 1));
    const last = new Date(Date.UTC(recent.getUTCFullYear(), recent.getUTCMonth() + 1, 0));
    await page.locator("input[type=date]").nth(0).fill(first.toISOString().slice(0, 10));
    await page.locator("input[type=date]").nth(1).fill(last.toISOString().slice(0, 10));
    await page.getByRole("button", { name: w.make }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    for (const [i, q] of (["results", "next", "effective", "improve"] as const).entries()) await page.getByTestId(`answer-${q}`).fill(w.answers[i]!);
    await page.getByRole("button", { name: w.save }).click();
    await expect.poll(async () => page.getByRole("button", { name: w.save }).isDisabled()).toBe(true);
    await screenshot(page, `${w.shot}-report`);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-pdf").click()]);
    const text = (await pdfText(fs.readFileSync((await download.path())!))).replace(/\s+/g, "");
    for (const answer of w.answers) expect(text).toContain(answer.replace(/\s+/g, ""));
  });

  it("says while the best time to post is still being added up, and shows it once every post is counted", { timeout: 60_000 }, async () => {
    const { app, page } = session;
    // The server's answer, with posts still waiting the first time it is asked (as after a large import): the
    // summariser itself is tested in the server's tests; this is the screen's side of it.
    let asked = 0;
    await page.route("**/best-times?*", async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      await route.fulfill({ response: res, json: { ...body, pending: asked++ === 0 ? 1200 : 0 } });
    });
    await new WorkspacePages(page, app.url).open(w.tracking);
    const card = page.getByTestId("best-times");
    await card.getByTestId("best-times-pending").getByText(w.pending).waitFor();
    // It asks again by itself (every 10 seconds) until nothing is pending.
    await card.getByTestId("best-times-pending").waitFor({ state: "detached", timeout: 30_000 });
    expect(asked).toBeGreaterThanOrEqual(2);
    await page.unroute("**/best-times?*");
  });
});
