import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { BoardPages } from "../pages/board.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";

/** A photo-like JPEG (a colour gradient) made on the spot. */
const photo = (width: number, height: number, shift: number) =>
  sharp(Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => ((i % (width * 3)) + shift * (i % 3)) % 256)), { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer();

describe("the asset library", () => {
  const session = useAppInBrowser("en-US", { beforeAll, afterAll });

  it("uploads several files with progress, refuses a forged one, previews a PDF, tags and finds an image, and attaches it to a card", async () => {
    const { app, page } = session;
    await page.setViewportSize({ width: 1400, height: 900 });
    await new AuthPages(page, app.url).signup("Mina", "mina@assets.example", "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("Candle Shop");
    // A real PDF: the strategy export.
    const pdf = await (await page.request.get(`${app.url}/api/workspaces/${workspaceId}/strategy/export?format=pdf`)).body();

    await page.getByRole("link", { name: "Asset library" }).click();
    await page.getByTestId("asset-dropzone").locator("input[type=file]").setInputFiles([
      { name: "candle.jpg", mimeType: "image/jpeg", buffer: await photo(1200, 800, 40) },
      { name: "brand-guide.pdf", mimeType: "application/pdf", buffer: pdf },
      { name: "photo.png", mimeType: "image/png", buffer: Buffer.from("<script>alert(1)</script>") },
    ]);
    await page.getByTestId("upload-item").filter({ hasText: "candle.jpg" }).getByText("Uploaded").waitFor();
    await page.getByTestId("upload-item").filter({ hasText: "brand-guide.pdf" }).getByText("Uploaded").waitFor();
    await page.getByTestId("upload-item").filter({ hasText: "photo.png" }).getByText("its content is a different kind of file", { exact: false }).waitFor();
    await expect.poll(() => page.getByTestId("asset-tile").count()).toBe(2);

    // The PDF's first page is drawn in the details.
    await page.getByRole("button", { name: "Open brand-guide.pdf" }).click();
    await page.getByTestId("pdf-preview").waitFor({ state: "visible" });
    await page.getByText("5 pages").or(page.getByText(/\d+ pages?/)).first().waitFor();
    await page.keyboard.press("Escape");

    // Tag the photo, describe it, and find it by its tag.
    await page.getByRole("button", { name: "Open candle.jpg" }).click();
    const drawer = page.getByRole("dialog");
    await drawer.getByLabel("Alternative text").fill("A lit candle in a glass jar");
    await drawer.getByLabel("Tags").fill("product");
    await drawer.getByLabel("Tags").press("Enter");
    await drawer.getByLabel("Name").click();
    await page.waitForTimeout(500);
    await page.keyboard.press("Escape");
    await page.getByLabel("Search").fill("product");
    await page.getByTestId("asset-tile").filter({ hasText: "brand-guide.pdf" }).waitFor({ state: "detached" });
    expect(await page.getByTestId("asset-tile").count()).toBe(1);
    await screenshot(page, "en-assets");

    // Attach it to a card on the board.
    await page.evaluate(async (id) => {
      const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
      await fetch(`/api/workspaces/${id}/board/cards`, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ title: "Post the new candle", stage: "next" }) });
    }, workspaceId);
    const board = new BoardPages(page, app.url, workspaceId);
    await board.open();
    await board.card("Post the new candle").click();
    await page.getByRole("button", { name: "Attach files" }).click();
    await page.getByRole("button", { name: "Choose candle.jpg" }).click();
    await page.getByRole("button", { name: "Use 1 file" }).click();
    await page.getByTestId("attachment").getByText("candle.jpg").waitFor();
    await screenshot(page, "en-card-attachment");
    await page.keyboard.press("Escape");
    await board.card("Post the new candle").getByLabel("1 attachment").waitFor();

    // The library knows where the photo is used, and links back to the card.
    await page.goto(`${app.url}/w/${workspaceId}/assets`);
    await page.getByRole("button", { name: "Open candle.jpg" }).click();
    await page.getByTestId("asset-use").getByText("Card: Post the new candle").click();
    await page.getByRole("dialog").getByLabel("Title").waitFor();
    expect(await page.getByRole("dialog").getByLabel("Title").inputValue()).toBe("Post the new candle");
  });
});

describe("the asset library in Korean", () => {
  const session = useAppInBrowser("ko-KR", { beforeAll, afterAll });

  it("gives a persona a photo uploaded through the library picker, and explains a refused file in Korean", async () => {
    const { app, page } = session;
    await page.setViewportSize({ width: 1400, height: 900 });
    await new AuthPages(page, app.url).signup("민지", "minji@assets.example", "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("온새 도자기");
    await page.evaluate(async (id) => {
      const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
      await fetch(`/api/workspaces/${id}/strategy/collections/persona`, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ data: { name: "카페 사장님" } }) });
    }, workspaceId);
    await page.goto(`${app.url}/w/${workspaceId}/strategy/personas`);
    await page.getByTestId("record-persona").first().waitFor();
    const add = page.getByRole("button", { name: "사진 추가" });
    if (!(await add.isVisible())) await page.getByTestId("record-persona").first().locator(".mantine-Accordion-control").click();
    await add.click();
    await page.getByRole("dialog").getByText("새로 올리기").click();
    await page.getByTestId("asset-dropzone").locator("input[type=file]").setInputFiles([{ name: "사장님.jpg", mimeType: "image/jpeg", buffer: await photo(600, 600, 90) }]);
    await page.getByRole("button", { name: "파일 1개 사용" }).click();
    await page.getByRole("img", { name: /카페 사장님/ }).waitFor();

    await page.getByRole("link", { name: "자료실" }).click();
    await page.getByRole("button", { name: "사장님.jpg 열기" }).click();
    await page.getByTestId("asset-use").getByText("페르소나: 카페 사장님").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("asset-dropzone").locator("input[type=file]").setInputFiles([{ name: "로고.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>') }]);
    await page.getByText("SVG 파일은 스크립트를 담을 수 있어 받지 않습니다", { exact: false }).waitFor();
    await screenshot(page, "ko-assets");

    // The same photo attached to a card.
    await page.evaluate(async (id) => {
      const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
      await fetch(`/api/workspaces/${id}/board/cards`, { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify({ title: "신제품 사진 올리기", stage: "next" }) });
    }, workspaceId);
    const board = new BoardPages(page, app.url, workspaceId);
    await board.open();
    await board.card("신제품 사진 올리기").click();
    await page.getByRole("button", { name: "파일 첨부" }).click();
    await page.getByRole("button", { name: "사장님.jpg 고르기" }).click();
    await page.getByRole("button", { name: "파일 1개 사용" }).click();
    await page.getByTestId("attachment").getByText("사장님.jpg").waitFor();
    await screenshot(page, "ko-card-attachment");
  });
});
