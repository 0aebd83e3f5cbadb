import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";

const WORDS = {
  "en-US": {
    zone: "Europe/Berlin",
    newPost: "New post",
    text: "Text",
    instagram: "Instagram",
    date: "Date",
    time: "Time",
    save: "Save",
    review: "Send to review",
    approve: "Approve",
    schedule: "Schedule",
    scheduled: "Scheduled",
    approved: "Approved",
    body: "Our winter candles are here",
    shot: "en-calendar",
    importCsv: "Import CSV",
    more: "More actions",
    file: "CSV file (comma or semicolon)",
    check: "Check the file",
    importGood: "Import 2 posts",
    imported: "Imported 2 posts.",
  },
  "ko-KR": {
    zone: "Asia/Seoul",
    newPost: "새 게시물",
    text: "본문",
    instagram: "인스타그램",
    date: "날짜",
    time: "시간",
    save: "저장",
    review: "검토 요청",
    approve: "승인",
    schedule: "예약",
    scheduled: "예약됨",
    approved: "승인됨",
    body: "겨울 캔들이 나왔어요",
    shot: "ko-calendar",
    importCsv: "CSV 가져오기",
    more: "다른 작업",
    file: "CSV 파일(쉼표 또는 세미콜론)",
    check: "파일 확인",
    importGood: "게시물 2개 가져오기",
    imported: "게시물 2개를 가져왔습니다.",
  },
} as const;

for (const [locale, w] of Object.entries(WORDS)) describe(`the content calendar (${locale})`, () => {
  const session = useAppInBrowser(locale, { beforeAll, afterAll });

  it("writes a post, sends it to review, approves and schedules it, then drags it to another day", async () => {
    const { app, page } = session;
    await page.setViewportSize({ width: 1400, height: 1000 });
    await new AuthPages(page, app.url).signup("Mina", `mina-${locale}@calendar.example`, "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("Candle Shop");
    // The workspace's zone, approval required, and two channels with weekly targets.
    const days = await page.evaluate(
      async ({ id, zone }) => {
        const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
        const h = { "content-type": "application/json", "x-csrf-token": csrf };
        await fetch(`/api/workspaces/${id}`, { method: "PATCH", headers: h, body: JSON.stringify({ timezone: zone, requirePostApproval: true }) });
        for (const data of [{ network: "instagram", posts_per_week: 3 }, { network: "bluesky", posts_per_week: 2 }]) {
          await fetch(`/api/workspaces/${id}/strategy/collections/channel`, { method: "POST", headers: h, body: JSON.stringify({ data }) });
        }
        // Two days ahead and three days ahead, as dates in the workspace's zone, kept within this month's grid.
        const fmt = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
        const now = Date.now();
        return { first: fmt(new Date(now + 2 * 86_400_000)), second: fmt(new Date(now + 3 * 86_400_000)) };
      },
      { id: workspaceId, zone: w.zone },
    );
    await page.goto(`${app.url}/w/${workspaceId}/calendar`);
    // Show the month that holds the first day (it may be next month near the end of one).
    await page.getByTestId("calendar").waitFor();

    await page.getByRole("button", { name: w.newPost }).click();
    const drawer = page.getByRole("dialog");
    await drawer.getByLabel(w.text, { exact: true }).fill(w.body);
    await drawer.getByRole("checkbox", { name: w.instagram }).check();
    await expect.poll(() => drawer.getByTestId("count-instagram").textContent()).toContain("/ 2200");
    if (w.zone === "Europe/Berlin") {
      // A time the clock skips (Berlin, 28 March 2027, 02:00 → 03:00): said at once, with the two nearest real times.
      await drawer.getByLabel(w.date).fill("2027-03-28");
      await drawer.getByLabel(w.time).fill("02:30");
      await drawer.getByTestId("time-skipped").waitFor();
      await screenshot(page, `${w.shot}-time-skipped`);
      await drawer.getByRole("button", { name: "Use 03:30" }).click();
      expect(await drawer.getByLabel(w.time).inputValue()).toBe("03:30");
      expect(await drawer.getByTestId("time-skipped").count()).toBe(0);
      // A time that happens twice (31 October 2027, 02:30): the first is used unless the switch picks the second.
      await drawer.getByLabel(w.date).fill("2027-10-31");
      await drawer.getByLabel(w.time).fill("02:30");
      await drawer.getByTestId("time-twice").getByText("GMT+2").waitFor();
    }
    await drawer.getByLabel(w.date).fill(days.first);
    await drawer.getByLabel(w.time).fill("10:30");
    await drawer.getByRole("button", { name: w.review }).click();
    await drawer.getByRole("button", { name: w.approve }).waitFor();
    await drawer.getByRole("button", { name: w.approve }).click();
    // Approved with its time ahead, it goes on the schedule at once.
    await drawer.getByTestId("post-status").getByText(w.scheduled).waitFor();
    await screenshot(page, `${w.shot}-editor`);
    await page.keyboard.press("Escape");

    // The post on the calendar, in the month that holds its day.
    const event = page.locator(".fc-event", { hasText: w.body });
    for (let i = 0; i < 2 && !(await event.count()); i++) await page.locator(".fc-next-button").click();
    await event.first().waitFor();
    await screenshot(page, w.shot);

    // Drag it one day later (the next day may sit on the next row, or in the next month's grid).
    let target = page.locator(`.fc-daygrid-day[data-date="${days.second}"]`);
    if (!(await target.count())) {
      await page.locator(".fc-next-button").click();
      target = page.locator(`.fc-daygrid-day[data-date="${days.second}"]`);
    }
    const from = (await event.first().boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 5, from.y + from.height / 2 + 5, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
    await page.mouse.up();
    await expect
      .poll(async () =>
        page.evaluate(async ({ id, zone }) => {
          const { posts } = await (await fetch(`/api/workspaces/${id}/posts`)).json();
          const at = posts[0]?.scheduledAt as string;
          const local = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(at));
          return `${local} ${posts[0]?.deliveries?.[0]?.dueAt === at}`;
        }, { id: workspaceId, zone: w.zone }),
      )
      .toBe(`${days.second}, 10:30 true`);

    // A bulk file with two bad rows: both are reported, the good ones imported.
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: w.more }).click();
    await page.getByRole("menuitem", { name: w.importCsv }).click();
    const dialog = page.getByRole("dialog");
    const csv = ["date,time,channel,text", `${days.first},09:00,instagram,Good row one`, `${days.first},25:99,instagram,Bad time`, `${days.second},12:00,tiktok,Unknown channel`, `${days.second},13:00,bluesky,Good row two`].join("\n");
    await dialog.locator("input[type=file]").setInputFiles({ name: "posts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await dialog.getByRole("button", { name: w.check }).click();
    await dialog.getByTestId("import-summary").waitFor();
    expect(await dialog.getByTestId("import-bad").count()).toBe(2);
    expect(await dialog.getByTestId("import-good").count()).toBe(2);
    await screenshot(page, `${w.shot}-import`);
    await dialog.getByRole("button", { name: w.importGood }).click();
    await dialog.getByText(w.imported).waitFor();
    const bodies = await page.evaluate(async (id) => ((await (await fetch(`/api/workspaces/${id}/posts`)).json()).posts as { body: string }[]).map((p) => p.body).sort(), workspaceId);
    expect(bodies).toEqual(["Good row one", "Good row two", w.body].sort());
  });
});
