import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { HomePage } from "../pages/home.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { startApp } from "../support/server.ts";

const WORDS = {
  "en-US": {
    lang: "en",
    steps: { basics: "Business basics", channel: "Your first channel", goal: "Your first goal", post: "Schedule your first post", budget: "Monthly ad budget", team: "Invite your team" },
    save: "Save",
    hq: "Where are you based?",
    hqValue: "Seoul, and online",
    story: "Your story in a few sentences",
    storyValue: "We pour soy candles by hand in a small studio and sell them online.",
    handle: "Account name",
    goal: "Goal",
    goalValue: "More Instagram followers",
    baseline: "Where you are now",
    target: "Where you want to be",
    amount: /^Ads per month/,
    amountValue: "300",
    role: "Role",
    admin: "Admin",
    createInvite: "Create the invitation",
    close: "Close",
    signupToJoin: "Create an account to join",
    join: /^Join /,
    requireApproval: "Require approval",
    text: "Text",
    body: "Our winter candles are here: cedar, orange and clove.",
    sendToReview: "Send to review",
    approve: "Approve",
    scheduleIt: "Schedule it",
    schedule: "Schedule",
    scheduled: "Scheduled",
    calendar: "Open the calendar",
    board: "Task board",
    reports: "Reports",
    lastReport: "Last report",
  },
  "ko-KR": {
    lang: "ko",
    steps: { basics: "사업 기본 정보", channel: "첫 채널", goal: "첫 목표", post: "첫 게시물 예약", budget: "월 광고 예산", team: "팀원 초대" },
    save: "저장",
    hq: "어디에 있습니까?",
    hqValue: "서울, 그리고 온라인",
    story: "몇 문장으로 쓰는 사업 이야기",
    storyValue: "작은 공방에서 소이 캔들을 손으로 만들어 온라인으로 팝니다.",
    handle: "계정 이름",
    goal: "목표",
    goalValue: "인스타그램 팔로워 늘리기",
    baseline: "지금 값",
    target: "목표값",
    amount: /^월 광고비/,
    amountValue: "300000",
    role: "역할",
    admin: "관리자",
    createInvite: "초대 만들기",
    close: "닫기",
    signupToJoin: "계정을 만들고 참여하기",
    join: /참여하기/,
    requireApproval: "승인 필수로 하기",
    text: "내용",
    body: "겨울 캔들이 나왔어요: 삼나무, 오렌지, 정향.",
    sendToReview: "검토 요청",
    approve: "승인",
    scheduleIt: "예약하기",
    schedule: "예약",
    scheduled: "예약됨",
    calendar: "캘린더 열기",
    board: "작업 보드",
    reports: "보고서",
    lastReport: "지난 보고서",
  },
} as const;

const SCREEN = { width: 1366, height: 768 };

// One server and one browser for the whole file; every person gets a browser context of their own.
let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** A person at a 1366×768 screen, in their own browser context. */
async function person(locale: string): Promise<Page> {
  return (await browser.newContext({ locale, viewport: SCREEN })).newPage();
}

/** Closes the short confirmations (toasts) so a screenshot shows the screen itself. */
async function dismissToasts(page: Page) {
  const close = page.locator(".mantine-Notification-root .mantine-Notification-closeButton");
  // A toast may close by itself (or move) while it is clicked: try again until none is left.
  for (let i = 0; i < 20 && (await close.count()); i++) await close.first().click({ timeout: 1_000 }).catch(() => undefined);
  await page.locator(".mantine-Notification-root").first().waitFor({ state: "detached" });
  await page.mouse.move(0, 0);
}

for (const [locale, w] of Object.entries(WORDS)) describe(`the first run (${locale})`, () => {
  it("goes from sign-up to the first scheduled post through the checklist alone, approved by a second member", async () => {
    const page = await person(locale);
    await new AuthPages(page, app.url).signup("Mina Park", `mina-${locale}@first-run.example`, "long enough passphrase");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("Seoul Candle Co.");
    const home = new HomePage(page, app.url, workspaceId);
    await home.loaded();
    await home.checklist().waitFor();
    for (const step of Object.keys(w.steps)) expect(await home.done(step)).toBe(false);
    await screenshot(page, `${w.lang}-home-empty`);

    // Business basics: the name is the workspace's; where and the story.
    let dialog = await home.start("basics", w.steps.basics);
    await dialog.getByRole("textbox", { name: w.hq, exact: true }).fill(w.hqValue);
    await dialog.getByRole("textbox", { name: w.story, exact: true }).fill(w.storyValue);
    await dialog.getByRole("button", { name: w.save, exact: true }).click();
    await home.closed();
    await home.ticked("basics");

    // The first channel: Instagram (the form's default) and the account's name.
    dialog = await home.start("channel", w.steps.channel);
    await dialog.getByRole("textbox", { name: w.handle, exact: true }).fill("@seoulcandle");
    await dialog.getByRole("button", { name: w.save, exact: true }).click();
    await home.closed();
    await home.ticked("channel");

    // The first goal: followers on that channel, from 1,200 to 2,000 by the end of the strategy period.
    dialog = await home.start("goal", w.steps.goal);
    await dialog.getByRole("textbox", { name: w.goal, exact: true }).fill(w.goalValue);
    await dialog.getByRole("textbox", { name: w.baseline, exact: true }).fill("1200");
    await dialog.getByRole("textbox", { name: w.target, exact: true }).fill("2000");
    await dialog.getByRole("button", { name: w.save, exact: true }).click();
    await home.closed();
    await home.ticked("goal");
    // The goal is measurable at once: Home shows it with its verdict and progress.
    await page.getByTestId("home-goals").getByText(w.goalValue).waitFor();
    await page.getByTestId("home-goals").getByTestId("goal-verdict").waitFor();
    await dismissToasts(page);
    await screenshot(page, `${w.lang}-home-half`);

    // A monthly ad budget.
    dialog = await home.start("budget", w.steps.budget);
    await dialog.getByLabel(w.amount).fill(w.amountValue);
    await dialog.getByTestId("budget-preview").waitFor();
    await dialog.getByRole("button", { name: w.save, exact: true }).click();
    await home.closed();
    await home.ticked("budget");

    // Invite the team: an admin (admins may approve posts); the link shows once.
    dialog = await home.start("team", w.steps.team);
    await dialog.getByRole("combobox", { name: w.role, exact: true }).click();
    await page.getByRole("option", { name: w.admin, exact: true }).click();
    await dialog.getByRole("button", { name: w.createInvite }).click();
    const link = await dialog.getByTestId("invite-link").inputValue();
    expect(link).toMatch(new RegExp(`^${app.url}/invite/`));
    // The form's own "Close" button (the dialog's "×" in its header carries the same name).
    await dialog.getByRole("button", { name: w.close, exact: true }).last().click();
    await home.closed();

    // The colleague joins through the link, in a browser of their own.
    const other = await person(locale);
    await other.goto(link);
    await other.getByRole("link", { name: w.signupToJoin }).click();
    await other.waitForURL(/\/signup/);
    const invitePath = new URL(other.url()).pathname + new URL(other.url()).search;
    await new AuthPages(other, app.url).signup("Jisoo Kim", `jisoo-${locale}@first-run.example`, "another long passphrase", invitePath);
    await other.getByRole("button", { name: w.join }).click();
    await other.waitForURL(new RegExp(`/w/${workspaceId}$`));

    // With a second member the team step is ticked, and the checklist offers to require approval (with a confirmation).
    await page.reload();
    await home.loaded();
    await home.ticked("team");
    const offer = page.getByTestId("approval-offer");
    await offer.getByRole("button", { name: w.requireApproval }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByTestId("confirm-approval").click();
    await home.closed();
    await offer.waitFor({ state: "detached" });

    // The first post: text, the channel, tomorrow at 10:30 in the workspace's zone; approval is required, so it goes to review.
    dialog = await home.start("post", w.steps.post);
    await dialog.getByTestId("post-needs-approval").waitFor();
    await dialog.getByRole("textbox", { name: w.text, exact: true }).fill(w.body);
    expect(await dialog.getByRole("checkbox", { name: "@seoulcandle" }).isChecked()).toBe(true);
    await dialog.locator("input[type=time]").fill("10:30");
    const date = await dialog.locator("input[type=date]").inputValue();
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await dialog.getByRole("button", { name: w.sendToReview, exact: true }).click();
    await home.closed();
    // Not scheduled yet: the step points to the post in review.
    expect(await home.done("post")).toBe(false);

    // The colleague (an admin) sees it waiting on their Home, opens the review screen and approves it.
    await other.reload();
    const waiting = other.getByTestId("waiting-review");
    await waiting.first().click();
    await other.waitForURL(new RegExp(`/w/${workspaceId}/review`));
    const review = other.getByTestId("review-post");
    await other.getByTestId("review-queue").getByTestId("queue-item").first().waitFor();
    await review.getByTestId("preview-instagram").getByTestId("preview-text").getByText(w.body).waitFor();
    await review.getByRole("button", { name: w.approve, exact: true }).click();
    await other.getByTestId("review-empty").waitFor();
    await other.context().close();

    // Approved with its time ahead, it went on the schedule at once: the owner's checklist is complete.
    await page.reload();
    await home.loaded();
    // Back on Home every step is done: the checklist gives way to the command center, the post scheduled this week or next.
    await home.open();
    await expect.poll(() => home.checklist().count()).toBe(0);
    // On Home's week (when tomorrow falls in this week) the post shows as scheduled.
    const day = page.getByTestId(`home-day-${date}`);
    if (await day.count()) await day.getByTestId("home-post").getByText(w.scheduled).waitFor();
    const posts = await page.evaluate(async (id) => (await (await fetch(`/api/workspaces/${id}/posts`)).json()).posts as { status: string; scheduledAt: string }[], workspaceId);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.status).toBe("scheduled");
    const checklist = await page.evaluate(async (id) => (await (await fetch(`/api/workspaces/${id}/home`)).json()).home.checklist as { step: string; done: boolean }[], workspaceId);
    expect(checklist.every((s) => s.done)).toBe(true);
    await page.context().close();
  });

  it("loads the worked example and finds goal progress, posts on the calendar, cards on the board and a report from Home", async () => {
    const page = await person(locale);
    const auth = new AuthPages(page, app.url);
    await auth.signup("Hana Lee", `hana-${locale}@example-run.example`, "long enough passphrase");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("Icheon Ceramics");
    const home = new HomePage(page, app.url, workspaceId);
    await home.loaded();
    await page.getByTestId("load-example").click();
    await page.getByTestId("home-example").waitFor();

    // Goal progress: a goal with its verdict and a progress bar.
    const goals = page.getByTestId("home-goals");
    await goals.getByTestId("goal-verdict").first().waitFor();
    expect(await goals.getByTestId("goal-forecast").count()).toBeGreaterThan(0);
    // This week's posts, by day.
    await expect.poll(() => page.getByTestId("home-week").getByTestId("home-post").count()).toBeGreaterThan(0);
    await dismissToasts(page);
    await screenshot(page, `${w.lang}-home-example`);

    // The calendar, from Home: the example's posts are on it.
    await page.getByTestId("home-week").getByRole("link", { name: w.calendar }).click();
    await page.getByTestId("calendar").waitFor();
    await expect.poll(() => page.locator(".fc-event").count()).toBeGreaterThan(3);

    // The board: cards in several stages.
    await home.open();
    await page.getByRole("navigation").getByRole("link", { name: w.board }).click();
    await page.getByTestId("stage-backlog").waitFor();
    await expect
      .poll(async () => {
        let stages = 0;
        for (const stage of await page.locator('[data-testid^="stage-"]').all()) if ((await stage.getByTestId("card").count()) > 0) stages++;
        return stages;
      })
      .toBeGreaterThanOrEqual(3);

    // The last report, from Home's check-in card; and it is listed in Reports.
    await home.open();
    await page.getByTestId("home-check-in").getByRole("link", { name: w.lastReport }).click();
    await page.waitForURL(/\/reports\/[^/]+$/);
    const reportUrl = page.url();
    await page.getByRole("navigation").getByRole("link", { name: w.reports }).click();
    await page.waitForURL(/\/reports$/);
    await page.locator(`a[href="${new URL(reportUrl).pathname}"]`).first().waitFor();
    await page.context().close();
  });
});
