import { afterAll, beforeAll, describe, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { BoardPages } from "../pages/board.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";

describe("the task board, live for two members", () => {
  const session = useAppInBrowser("ko-KR", { beforeAll, afterAll });

  it("splits an initiative into cards, moves one that the other member sees move, refuses the editor's approval and takes the owner's", async () => {
    const { app, browser, page } = session;
    await new AuthPages(page, app.url).signup("민지", "minji@board.example", "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaces = new WorkspacePages(page, app.url);
    const workspaceId = await workspaces.create("서울 캔들");
    const link = await workspaces.invite();

    // An initiative to split, made through the API as the strategy screens would.
    await page.evaluate(async (id) => {
      const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
      const h = { "content-type": "application/json", "x-csrf-token": csrf };
      const goal = await (await fetch(`/api/workspaces/${id}/strategy/collections/goal`, { method: "POST", headers: h, body: JSON.stringify({ data: { title: "인스타그램 두 배" } }) })).json();
      await fetch(`/api/workspaces/${id}/strategy/collections/initiative`, { method: "POST", headers: h, body: JSON.stringify({ data: { action: "독일어 계정 열기" }, parentId: goal.id }) });
    }, workspaceId);
    await page.goto(`${app.url}/w/${workspaceId}/strategy/initiatives`);
    const split = page.getByRole("button", { name: "카드로 나누기" });
    await page.getByTestId("record-initiative").first().waitFor();
    if (!(await split.isVisible())) await page.getByTestId("record-initiative").first().locator(".mantine-Accordion-control").click();
    await split.click();
    await page.getByRole("dialog").locator("textarea").fill("계정 이름 정하기\n소개 쓰기\n사진 9장 올리기");
    await page.getByRole("button", { name: "카드 만들기" }).click();
    await page.getByText("보드에 카드 3개가 생겼습니다.").waitFor();

    const other = await (await browser.newContext({ locale: "ko-KR", viewport: { width: 1800, height: 900 } })).newPage();
    await other.goto(link);
    await other.getByRole("link", { name: /계정을 만들고 참여하기/ }).click();
    await new AuthPages(other, app.url).signup("지수", "jisoo@board.example", "another long passphrase", new URL(other.url()).pathname + new URL(other.url()).search);
    await other.getByRole("button", { name: /참여하기/ }).click();
    await other.waitForURL(new RegExp(`/w/${workspaceId}$`));

    await page.setViewportSize({ width: 1800, height: 900 });
    const mine = new BoardPages(page, app.url, workspaceId);
    const theirs = new BoardPages(other, app.url, workspaceId);
    await mine.open();
    await theirs.open();
    await theirs.stage("backlog").locator('[data-card-title="소개 쓰기"]').waitFor();

    // The owner drags a card to In progress; the editor's board shows it there without a reload.
    await mine.drag("소개 쓰기", "in_progress");
    await mine.stage("in_progress").locator('[data-card-title="소개 쓰기"]').waitFor();
    await theirs.stage("in_progress").locator('[data-card-title="소개 쓰기"]').waitFor({ timeout: 2000 });

    // The editor sends it to Review, then tries to approve it: refused, and it stays in Review.
    await theirs.drag("소개 쓰기", "review");
    await theirs.stage("review").locator('[data-card-title="소개 쓰기"]').waitFor();
    await theirs.drag("소개 쓰기", "done");
    await other.getByText("소유자, 관리자 또는 책임자 역할을 맡은 멤버만", { exact: false }).waitFor();
    await theirs.stage("review").locator('[data-card-title="소개 쓰기"]').waitFor();
    await screenshot(other, "ko-board-refused");

    // The editor asks the owner by name in a comment; the owner's bell shows it.
    await theirs.card("소개 쓰기").click();
    await other.getByRole("dialog").getByLabel("댓글을 쓰세요", { exact: false }).fill("@민지 승인 부탁드려요");
    await other.getByRole("dialog").getByRole("button", { name: "보내기" }).click();
    await other.getByTestId("card-comments").getByText("@민지 승인 부탁드려요").waitFor();
    await other.keyboard.press("Escape");
    await page.getByTestId("notifications").click();
    await page.getByText("지수 님이 소개 쓰기에서 언급함").waitFor();
    await page.getByText("지수 님이 승인을 요청함: 소개 쓰기").waitFor();
    await page.keyboard.press("Escape");

    // The owner approves it.
    await mine.stage("review").locator('[data-card-title="소개 쓰기"]').waitFor();
    await mine.drag("소개 쓰기", "done");
    await mine.stage("done").locator('[data-card-title="소개 쓰기"]').getByText("승인됨").waitFor();
    await theirs.stage("done").locator('[data-card-title="소개 쓰기"]').waitFor({ timeout: 2000 });
    await screenshot(page, "ko-board");
  });
});
