import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CalendarPages, dateIn, photo, timeIn, weekdayIn, type SeedPost } from "../pages/calendar.page.ts";
import { AuthPages } from "../pages/auth.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe("planning a week on the calendar (en-US)", () => {
  const session = useAppInBrowser("en-US", { beforeAll, afterAll });
  let calendar: CalendarPages;
  let channels: { ig: string; bs: string };
  const zone = "America/New_York";

  it("plans a week of posts for Instagram and Bluesky in under twenty actions with slots, drag and duplicate", async () => {
    const { app, page } = session;
    await page.setViewportSize(DESKTOP);
    await new AuthPages(page, app.url).signup("Mina", "mina@planning.example", "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("Candle Shop");
    calendar = new CalendarPages(page, app.url, workspaceId);
    await calendar.setZone(zone);
    channels = { ig: await calendar.addChannel("instagram", "@candleshop", 3), bs: await calendar.addChannel("bluesky", "candleshop.bsky.social", 2) };
    const image = await calendar.upload("winter-candle.jpg", await photo(600, 600, 40));
    await calendar.open();

    // Every click, fill or drag the owner makes from here is one action.
    let actions = 0;
    const act = async <T,>(work: () => Promise<T>): Promise<T> => {
      actions++;
      return work();
    };

    // Posting slots: Instagram Monday, Wednesday, Friday; Bluesky Tuesday, Thursday; both at 09:00 (the default time).
    await act(() => page.getByRole("button", { name: "Posting slots" }).click());
    const slots = page.getByRole("dialog", { name: "Posting slots" });
    await act(() => slots.getByTestId("slots-channel").filter({ hasText: "Instagram" }).getByRole("button", { name: "Mon, Wed, Fri" }).click());
    await act(() => slots.getByTestId("slots-channel").filter({ hasText: "Bluesky" }).getByRole("button", { name: "Tue, Thu" }).click());
    await screenshot(page, "planning-slots-en-desktop");
    await act(() => slots.getByRole("button", { name: "Save slots" }).click());
    await slots.waitFor({ state: "detached" });
    const queue = (await calendar.api<{ items: { channelId: string; at: string; postId: string | null }[] }>("GET", `$ws/queue?count=20`)).items;
    const igSlots = queue.filter((i) => i.channelId === channels.ig).map((i) => i.at).sort().slice(0, 3);
    const bsSlots = queue.filter((i) => i.channelId === channels.bs).map((i) => i.at).sort().slice(0, 2);
    expect(igSlots.map((at) => `${weekdayIn(at, zone)} ${timeIn(at, zone)}`).sort()).toEqual(["1 09:00", "3 09:00", "5 09:00"]);

    // Drag the image from the library onto the day of Instagram's first slot: a draft with it starts there.
    await act(() => page.getByRole("button", { name: /^Show/ }).click());
    const first = dateIn(igSlots[0]!, zone);
    if (!(await calendar.day(first).count())) await act(() => calendar.showDay(first));
    // Scrolled so the shelf and the month are both on screen (scrolling is not counted).
    await page.getByTestId("asset-shelf").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await act(() => calendar.drag(page.locator(`[data-asset-id="${image}"]`), calendar.day(first)));
    const editor = page.getByRole("dialog").filter({ has: page.getByLabel("Text", { exact: true }) });
    await editor.waitFor();
    await act(() => editor.getByLabel("Text", { exact: true }).fill("Our winter candles are here: soy wax, cotton wicks, 40 hours each. #candles"));
    await act(() => editor.getByRole("checkbox", { name: "Instagram @candleshop" }).check());
    await act(() => editor.getByRole("button", { name: "Save", exact: true }).click());
    await expect.poll(async () => (await calendar.posts())[0]?.variants.length).toBe(1);

    // Duplicate into the next free slots: the copy opens, so the next copy follows it.
    const duplicate = async (switchTo?: { from: string; to: string }) => {
      const before = new URL(page.url()).searchParams.get("post");
      await act(() => page.getByRole("dialog").getByRole("button", { name: "Duplicate", exact: true }).click());
      const dialog = page.getByRole("dialog", { name: "Duplicate the post" });
      if (switchTo) {
        await act(() => dialog.getByRole("checkbox", { name: switchTo.from }).uncheck());
        await act(() => dialog.getByRole("checkbox", { name: switchTo.to }).check());
      }
      await expect.poll(() => dialog.getByRole("radio", { name: /^Next free posting slot:/ }).isChecked()).toBe(true);
      await act(() => dialog.getByRole("button", { name: "Make the copy" }).click());
      await dialog.waitFor({ state: "detached" });
      await page.waitForURL((url) => url.searchParams.get("post") !== before);
    };
    await duplicate();
    await duplicate();
    await duplicate({ from: "Instagram @candleshop", to: "Bluesky candleshop.bsky.social" });
    await duplicate();

    expect(actions).toBeLessThan(20);
    const posts = await calendar.posts();
    expect(posts).toHaveLength(5);
    const on = (channel: string) => posts.filter((p) => p.variants.some((v) => v.channelId === channel)).map((p) => p.scheduledAt!).sort();
    expect(on(channels.ig)).toEqual(igSlots);
    expect(on(channels.bs)).toEqual(bsSlots);
    expect(posts.every((p) => p.media[0]?.assetId === image && p.body.startsWith("Our winter candles"))).toBe(true);
    await page.keyboard.press("Escape");
    await screenshot(page, "planning-week-en-desktop");
  });

  it("moves two selected posts a day later and undoes it", async () => {
    const { page } = session;
    const before = await calendar.posts();
    const [a, b] = before.filter((p) => p.scheduledAt).sort((x, y) => x.scheduledAt!.localeCompare(y.scheduledAt!));
    await page.getByTestId("select-mode").click();
    for (const p of [a!, b!]) await calendar.day(dateIn(p.scheduledAt!, zone)).getByTestId("post-chip").first().click();
    const bar = page.getByTestId("bulk-bar");
    await bar.getByText("2 posts selected").waitFor();
    await bar.getByLabel("Days (− earlier)").fill("1");
    await bar.getByRole("button", { name: "Move" }).click();
    const timeOf = async (id: string) => (await calendar.posts()).find((p) => p.id === id)!.scheduledAt;
    const dayLater = (at: string) => new Date(new Date(at).getTime() + 86_400_000).toISOString();
    await expect.poll(() => timeOf(a!.id)).toBe(dayLater(a!.scheduledAt!));
    expect(await timeOf(b!.id)).toBe(dayLater(b!.scheduledAt!));
    await page.getByTestId("undo-notice").getByText("Moved 2 posts.").waitFor();
    await screenshot(page, "planning-bulk-en-desktop");
    await page.getByTestId("undo-notice").getByRole("button", { name: "Undo" }).click();
    await expect.poll(() => timeOf(a!.id)).toBe(a!.scheduledAt);
    expect(await timeOf(b!.id)).toBe(b!.scheduledAt);
    await page.getByText("Undone.").waitFor();
  });
});

/** A realistic week: both channels, every writing status, images, and one busy day that needs "+N more". */
function week(start: string, ch: { ig: string; bs: string }, images: string[]): SeedPost[] {
  const d = (n: number) => {
    const [y, m, day] = start.split("-").map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, day + n)).toISOString().slice(0, 10);
  };
  return [
    { title: "Winter collection launch", body: "Our winter candles are here: soy wax, cotton wicks, 40 hours each. #candles #winter", channels: [ch.ig, ch.bs], date: d(0), time: "09:00", media: [images[0]!], status: "scheduled" },
    { title: "Behind the scenes: pouring", body: "How we pour 200 candles a day in our small workshop.", channels: [ch.ig], date: d(0), time: "12:30", media: [images[1]!], status: "in_review" },
    { title: "Customer photo of the week", body: "Thank you @mina for this cosy corner!", channels: [ch.bs], date: d(0), time: "17:00", status: "draft" },
    { title: "Gift guide idea", body: "", channels: [ch.ig], date: d(0), time: "19:00", status: "idea" },
    { title: "Scent quiz", body: "Which winter scent are you? Pine, cinnamon or vanilla?", channels: [ch.bs], date: d(1), time: "12:00", status: "scheduled" },
    { title: "Wick trimming tips", body: "Trim the wick to 5 mm before each burn for a clean flame.", channels: [ch.ig], date: d(2), time: "09:00", media: [images[2]!], status: "scheduled" },
    { title: "Workshop opening hours", body: "Open late on Thursdays until 20:00 in December.", channels: [ch.bs], date: d(3), time: "12:00", status: "draft" },
    { title: "Weekend market", body: "Find us at the winter market on Saturday, stand 12.", channels: [ch.ig, ch.bs], date: d(4), time: "09:00", media: [images[0]!, images[1]!], status: "in_review" },
    { title: "Sunday reset", body: "A slow Sunday with a pine candle.", channels: [ch.ig], date: d(6), time: "10:00", media: [images[2]!], status: "draft" },
  ];
}

const SHOTS = {
  "en-US": { lang: "en", zone: "Europe/Berlin", views: { month: "Month", week: "Week", list: "List" }, newPost: "New post", signup: "Mina", more: "More actions", accounts: "Accounts and publishing", select: "Select", filters: "Filters", reminder: "Posts here go out by reminder until you connect the Instagram account", connectBluesky: "Connect Bluesky", show: "Show posts", clear: "Clear filters", selected: "1 post selected" },
  "ko-KR": { lang: "ko", zone: "Asia/Seoul", views: { month: "월", week: "주", list: "목록" }, newPost: "새 게시물", signup: "민아", more: "다른 작업", accounts: "계정과 게시 방식", select: "선택", filters: "필터", reminder: "인스타그램 계정을 연결하기 전까지 이 채널은 알림으로 게시됩니다", connectBluesky: "블루스카이 연결", show: "게시물 보기", clear: "필터 지우기", selected: "게시물 1개 선택됨" },
} as const;

for (const [locale, w] of Object.entries(SHOTS)) describe(`the calendar with a week of posts (${locale})`, () => {
  const session = useAppInBrowser(locale, { beforeAll, afterAll });

  it("shows chips with status, channels, images and times in month, week and list, on a desktop and on a phone, with previews and keys", async () => {
    const { app, page } = session;
    await page.setViewportSize(DESKTOP);
    await new AuthPages(page, app.url).signup(w.signup, `mina-${w.lang}@week.example`, "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("Candle Shop");
    const calendar = new CalendarPages(page, app.url, workspaceId);
    await calendar.setZone(w.zone);
    const ch = { ig: await calendar.addChannel("instagram", "@candleshop", 4), bs: await calendar.addChannel("bluesky", "candleshop.bsky.social", 3) };
    const images = [await calendar.upload("candle.jpg", await photo(400, 400, 40)), await calendar.upload("workshop.jpg", await photo(400, 300, 90)), await calendar.upload("wick.jpg", await photo(300, 400, 160))];
    // The week from tomorrow, in the workspace's zone.
    const start = dateIn(Date.now() + 86_400_000, w.zone);
    for (const p of week(start, ch, images)) await calendar.seed(p);
    await calendar.open();
    await calendar.showDay(start);

    // A chip says its status in words for screen readers, names its channels, and shows the first image.
    await calendar.day(start).getByTestId("post-chip").first().waitFor();
    expect(await calendar.day(start).getByTestId("post-chip").locator("img").count()).toBeGreaterThan(0);
    await calendar.day(start).getByRole("img", { name: /@candleshop$/ }).first().waitFor();
    expect(await calendar.day(start).locator("[data-status=scheduled]").count()).toBeGreaterThan(0);
    // Four posts on the first day: three chips and "+1 more" in words, which opens the day.
    const more = calendar.day(start).locator(".fc-daygrid-more-link");
    expect(await more.textContent()).toBe(w.lang === "en" ? "+1 more" : "1개 더");
    await more.click();
    await page.locator(".fc-more-popover").getByTestId("post-chip").nth(3).waitFor();
    await page.keyboard.press("Escape");
    await page.locator(".fc-more-popover").waitFor({ state: "detached" }).catch(() => undefined);

    // Hovering a chip shows the whole post.
    await calendar.day(start).getByTestId("post-chip").first().hover();
    await page.getByTestId("chip-preview").waitFor();
    await screenshot(page, `calendar-preview-${w.lang}-desktop`);
    await page.mouse.move(5, 5);

    // Keys: arrows move between days, Enter starts a post on the focused day; `n` starts one anywhere.
    const today = dateIn(Date.now(), w.zone);
    const cell = calendar.day(today);
    if (await cell.count()) {
      await cell.focus();
      await page.keyboard.press("ArrowRight");
      const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.date);
      expect(focused).toBe(start);
      await page.keyboard.press("Enter");
      const drawer = page.getByRole("dialog");
      expect(await drawer.getByLabel(w.lang === "en" ? "Date" : "날짜").inputValue()).toBe(start);
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "detached" });
    }
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("n");
    await page.getByRole("dialog").getByText(w.newPost).first().waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });

    for (const [size, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
      await page.setViewportSize(viewport);
      await calendar.open();
      await calendar.showDay(start);
      for (const [view, label] of Object.entries(w.views)) {
        if (size === "desktop") await page.locator(`.fc-${view === "month" ? "dayGridMonth" : view === "week" ? "timeGridWeek" : "listMonth"}-button`).click();
        else await page.getByRole("radiogroup").getByText(label, { exact: true }).click();
        if (view === "week" && !(await page.locator(".fc-timegrid-event").count())) await page.locator(".fc-next-button").click();
        await page.getByTestId("post-chip").first().waitFor();
        await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
        expect(await calendar.scrollsSideways()).toBe(false);
        await screenshot(page, `calendar-${view}-${w.lang}-${size}`);
      }
    }

    // On the phone: filters in a drawer with a count, the bulk bar and the accounts dialog fit the screen.
    await page.getByRole("radiogroup").getByText(w.views.month, { exact: true }).click();
    await page.getByRole("button", { name: w.filters, exact: true }).click();
    // The status filter (the second field): its box opens the list.
    await page.getByRole("dialog").locator(".mantine-MultiSelect-input").nth(1).click();
    await page.getByRole("listbox").getByRole("option").first().click();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").getByRole("button", { name: w.show }).click();
    await page.getByRole("button", { name: `${w.filters} (1)` }).waitFor();
    await page.getByRole("button", { name: w.clear }).click();
    await page.getByRole("button", { name: w.select, exact: true }).click();
    await calendar.day(start).getByTestId("post-chip").first().click();
    await page.getByTestId("bulk-bar").getByText(w.selected).waitFor();
    expect(await calendar.scrollsSideways()).toBe(false);
    await page.getByTestId("bulk-bar").scrollIntoViewIfNeeded();
    await screenshot(page, `planning-bulk-${w.lang}-phone`);
    await page.getByTestId("select-mode").click();
    await page.getByRole("button", { name: w.more, exact: true }).click();
    await page.getByRole("menuitem", { name: w.accounts }).click();
    const accounts = page.getByRole("dialog");
    // Instagram is offered no account kinds of other networks: it publishes by reminder until signed in with Instagram.
    const instagram = accounts.getByTestId("connection").filter({ hasText: "@candleshop" });
    await instagram.getByText(w.reminder).waitFor();
    expect(await instagram.getByRole("radio").count()).toBe(0);
    expect(await instagram.getByRole("button", { name: w.connectBluesky }).count()).toBe(0);
    await accounts.getByTestId("connection").filter({ hasText: "bsky.social" }).getByRole("button", { name: w.connectBluesky }).waitFor();
    expect(await calendar.scrollsSideways()).toBe(false);
    await screenshot(page, `accounts-${w.lang}-phone`);
  });
});
