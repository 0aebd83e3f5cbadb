import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { CalendarPages, dateIn } from "../pages/calendar.page.ts";
import { PostEditorPage } from "../pages/post-editor.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { useAppInBrowser } from "../support/browser.ts";

/** 342 characters with a hashtag and a mention: fine for Instagram's 2,200, 42 over Bluesky's 300. */
const long = (lead: string) => `${lead} #candles @candleshop `.padEnd(342, "·");

const WORDS = {
  "en-US": {
    newPost: "New post",
    text: "Text",
    instagram: "Instagram",
    bluesky: "Bluesky",
    addMedia: "Add from the asset library",
    pick: "Choose banner-3x1.png",
    use: "Use 1 file",
    date: "Date",
    time: "Time",
    schedule: "Schedule",
    ownText: /Write a separate text for Bluesky/,
    variant: /Text for Bluesky/,
    body: long("Our winter candles are here: cedar, orange and clove."),
    short: "Winter candles are here, cedar and clove #candles",
    tooLong: "Bluesky takes 300 characters; this text has 342 — cut 42 or write a Bluesky version.",
    crop: "Instagram crops image 1 (3:1) to 1.91:1 in the feed",
    blocked: "Fix this before scheduling",
    back: "Back to the post",
    reminder: "reminder — you post it yourself",
    anyway: "Schedule anyway",
    firstComment: /First comment on Instagram/,
    lang: "en",
  },
  "ko-KR": {
    newPost: "새 게시물",
    text: "본문",
    instagram: "인스타그램",
    bluesky: "블루스카이",
    addMedia: "자료실에서 추가",
    pick: "banner-3x1.png 고르기",
    use: "파일 1개 사용",
    date: "날짜",
    time: "시간",
    schedule: "예약",
    ownText: /블루스카이.*용 글을 따로 쓰기/,
    variant: /블루스카이.*용 글/,
    body: long("겨울 캔들이 나왔어요: 삼나무, 오렌지, 정향."),
    short: "겨울 캔들 출시, 삼나무와 정향 #candles",
    tooLong: "블루스카이: 최대 300자인데 이 글은 342자입니다. 42자를 줄이거나 블루스카이용 글을 따로 쓰세요.",
    crop: "인스타그램: 피드에서 1번째 이미지(3:1)를 1.91:1 비율로 잘라 보여 줍니다.",
    blocked: "예약하려면 먼저 고치세요",
    back: "게시물로 돌아가기",
    reminder: "알림 — 직접 게시합니다",
    anyway: "그래도 예약",
    firstComment: /인스타그램.*첫 댓글/,
    lang: "ko",
  },
} as const;

/** A 1500×500 picture (3:1, a colour gradient), made here as a PNG. */
const banner = () =>
  sharp(Buffer.from(Array.from({ length: 1500 * 500 * 3 }, (_, i) => (i % 3 === 0 ? ((i / 3) % 1500) / 6 : i % 3 === 1 ? 120 : 200))), { raw: { width: 1500, height: 500, channels: 3 } })
    .png()
    .toBuffer();

for (const [locale, w] of Object.entries(WORDS)) describe(`network previews in the post editor (${locale})`, () => {
  const session = useAppInBrowser(locale, { beforeAll, afterAll });

  it("shows each network's post and rules, refuses what Bluesky would refuse, and schedules once fixed", async () => {
    const { app, page } = session;
    await page.setViewportSize({ width: 1366, height: 768 });
    await new AuthPages(page, app.url).signup("Mina", `mina-${locale}@previews.example`, "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("Candle Shop");
    const calendar = new CalendarPages(page, app.url, workspaceId);
    await calendar.addChannel("instagram", "candleshop");
    await calendar.addChannel("bluesky", "candleshop.bsky.social");
    await calendar.upload("banner-3x1.png", await banner());

    await page.goto(`${app.url}/w/${workspaceId}/calendar`);
    await page.getByTestId("calendar").waitFor();
    const editor = new PostEditorPage(page);
    await editor.open(w.newPost);
    await editor.drawer.getByLabel(w.text, { exact: true }).fill(w.body);
    await editor.drawer.getByRole("checkbox", { name: w.instagram }).check();
    await editor.drawer.getByRole("checkbox", { name: w.bluesky }).check();
    await editor.addMedia(w.addMedia, w.pick, w.use);

    // Each network's mock, with its own rules above it in plain words.
    await editor.rule("bluesky", "too_long").getByText(w.tooLong).waitFor();
    await editor.rule("instagram", "aspect_ratio").getByText(w.crop).waitFor();
    expect(await editor.preview("instagram").getByTestId("preview-frame").getAttribute("data-frame")).toBe("1.91:1");
    await editor.preview("instagram").getByTestId("preview-cropped").waitFor();
    // Bluesky shows the picture whole; Instagram cuts the caption with "more"; hashtags are highlighted.
    expect(await editor.preview("bluesky").getByTestId("preview-frame").getAttribute("data-frame")).toBe("3:1");
    await editor.preview("instagram").getByTestId("preview-more").waitFor();
    expect(await editor.preview("bluesky").locator("[data-kind=hashtag]").first().textContent()).toBe("#candles");
    expect(await editor.preview("bluesky").locator("[data-kind=mention]").first().textContent()).toBe("@candleshop");
    // How each channel publishes: neither is connected, so both are reminders, said before scheduling.
    await editor.drawer.getByTestId("publish-mode-bluesky").getByText(w.reminder).waitFor();
    await editor.drawer.getByTestId("publish-mode-instagram").getByText(w.reminder).waitFor();

    // Scheduling is refused while Bluesky would refuse the text, naming the field.
    const day = dateIn(Date.now() + 3 * 86_400_000, "UTC");
    await editor.drawer.getByLabel(w.date, { exact: true }).fill(day);
    await editor.drawer.getByLabel(w.time, { exact: true }).fill("10:00");
    await editor.drawer.getByTestId("schedule").click();
    const check = page.getByRole("dialog", { name: w.blocked });
    await check.getByTestId("schedule-errors").getByText(w.tooLong).waitFor();
    await check.getByRole("button", { name: w.back }).click();
    await check.waitFor({ state: "hidden" });
    await editor.drawer.getByText(w.tooLong).first().waitFor();

    // A Bluesky version fixes it; Instagram keeps the long caption.
    await editor.drawer.getByRole("button", { name: w.ownText }).click();
    await editor.drawer.getByRole("textbox", { name: w.variant }).fill(w.short);
    await expect.poll(() => editor.rule("bluesky", "too_long").count()).toBe(0);
    await editor.rule("instagram", "aspect_ratio").waitFor();

    // Instagram's copy takes a first comment, added right after the post goes out (kept with the post).
    await editor.drawer.getByTestId("options-instagram").getByRole("textbox", { name: w.firstComment }).fill("#candles #winter");

    await editor.screenshotPreviews(`editor-previews-${w.lang}-desktop`);

    // On a phone: the drawer takes the whole width, the previews stack, nothing runs past the edge.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(async () => { const f = await editor.fitsTheScreen(); return f.ok ? "fits" : f.detail; }, { timeout: 5000 }).toBe("fits");
    const [ig, bs] = await Promise.all([editor.preview("instagram").boundingBox(), editor.preview("bluesky").boundingBox()]);
    expect(Math.abs(ig!.x - bs!.x)).toBeLessThan(2);
    expect(bs!.y).toBeGreaterThan(ig!.y + ig!.height - 1);
    await editor.screenshotPreviews(`editor-previews-${w.lang}-phone`);

    // Scheduling now asks once about what changes (Instagram's crop) and the reminders, then schedules.
    await editor.drawer.getByTestId("schedule").click();
    const confirm = page.getByTestId("schedule-check");
    await confirm.getByTestId("schedule-warnings").getByText(w.crop).waitFor();
    await confirm.getByTestId("schedule-unconnected").waitFor();
    await confirm.getByRole("button", { name: w.anyway }).click();
    await expect
      .poll(async () => (await calendar.api<{ posts: { status: string; variants: { text: string | null; firstComment?: string | null }[] }[] }>("GET", "$ws/posts")).posts.map((p) => [p.status, p.variants[1]?.text, p.variants[0]?.firstComment]))
      .toEqual([["scheduled", w.short, "#candles #winter"]]);
  });
});
