import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthPages } from "../pages/auth.page.ts";
import { StrategyPages } from "../pages/strategy.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { screenshot, useAppInBrowser } from "../support/browser.ts";
import { pdfText } from "../support/pdf.ts";

const TINY_PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000000970485973000003e8000003e801b57b526b000000124944415408996338d0607fa0c19e014201002bf605fd3155b8570000000049454e44ae426082",
  "hex",
);

describe("a Korean business owner writes a strategy", () => {
  const session = useAppInBrowser("ko-KR", { beforeAll, afterAll });

  it("fills every kind of section in Korean, sees completeness rise, and exports a PDF with the Korean text", async () => {
    const { app, page } = session;
    await new AuthPages(page, app.url).signup("김민지", "minji@example.com", "long enough password");
    await page.waitForURL(/\/workspaces\/new/);
    const workspaceId = await new WorkspacePages(page, app.url).create("서울 캔들");
    const s = new StrategyPages(page, app.url, workspaceId, "ko");
    const start = await s.overall();

    await s.open("company");
    const company = s.section("company");
    await s.field(company, "company.name").fill("서울 캔들 공방");
    await s.field(company, "company.hq").fill("서울 성동구 성수동");
    await s.saved(company);

    await s.open("mission");
    await s.field(s.section("mission"), "mission.business").fill("손으로 만든 향초로 집을 따뜻하게 만듭니다");
    await s.saved(s.section("mission"));

    await s.open("swot");
    await s.field(s.section("swot"), "swot.strengths").fill("천연 소이 왁스\n직접 조향한 향");
    await s.saved(s.section("swot"));

    await s.open("channels");
    const channel = await s.add("channel", /채널 추가/);
    await channel.getByLabel("계정 또는 페이지 이름").fill("@seoulcandle");
    await s.field(channel, "channels.profile_purpose").fill("신제품 소개와 판매의 주 채널");
    await s.saved(channel);

    await s.open("goals");
    const goal = await s.add("goal", /목표 추가/);
    await goal.getByLabel("짧은 이름").fill("인스타그램 팔로워 두 배");
    await s.field(goal, "goal.specific").fill("6개월 안에 인스타그램 팔로워를 두 배로 늘린다");
    await goal.getByLabel("지표", { exact: true }).fill("팔로워");
    await goal.getByLabel("기준값 (현재)").fill("1500");
    await goal.getByLabel("목표값", { exact: true }).fill("3000");
    await goal.getByLabel("시작일").fill("2026-12-01");
    await goal.getByLabel("마감일").fill("2027-06-01");
    await goal.getByText("같은 성장률", { exact: false }).click();
    await goal.getByRole("button", { name: "점검 목표 제안" }).click();
    // Checkpoint dates are written in the language: 2027. 6. 1. (not 2027-06-01).
    await goal.getByTestId("checkpoints").getByText("2027. 6. 1.").waitFor();
    expect(await goal.getByTestId("checkpoints").locator("tbody tr").count()).toBe(6);
    await s.saved(goal);
    const initiative = await s.add("initiative", /실행 계획 추가/, goal);
    await s.field(initiative, "initiative.action").fill("매주 세 번 릴스 올리기");
    await s.saved(initiative);
    await screenshot(page, "ko-strategy-goal");

    await s.open("personas");
    const persona = await s.add("persona", /페르소나 추가/);
    await s.field(persona, "persona.name").fill("직장인 지은");
    await s.field(persona, "persona.demographics").fill("32세, 서울 마포구");
    // The photo goes into the asset library through its picker.
    await persona.getByRole("button", { name: "사진 추가" }).click();
    await page.getByRole("dialog").getByText("새로 올리기").click();
    await page.getByTestId("asset-dropzone").locator('input[type="file"]').setInputFiles({ name: "jieun.png", mimeType: "image/png", buffer: TINY_PNG });
    await page.getByRole("button", { name: "파일 1개 사용" }).click();
    await persona.getByRole("img", { name: "직장인 지은의 사진" }).waitFor();
    await s.saved(persona);

    await s.open("competitors");
    const competitor = await s.add("competitor", /경쟁사 추가/);
    await s.field(competitor, "competitor.name").fill("향기로운 하루");
    const stats = competitor.getByTestId("channel-stats");
    await stats.locator('input[type="date"]').fill("2026-11-20");
    await stats.getByLabel("팔로워").fill("12000");
    await stats.getByRole("button", { name: "추가" }).click();
    await stats.getByText("12,000").waitFor();
    await s.saved(competitor);

    const after = await s.overall();
    expect(after).toBeGreaterThan(start);
    await screenshot(page, "ko-strategy-outline");

    const response = await page.request.get(`${app.url}/api/workspaces/${workspaceId}/strategy/export?format=pdf&locale=ko`);
    expect(response.status()).toBe(200);
    const text = await pdfText(await response.body());
    for (const korean of ["서울 캔들 공방", "손으로 만든 향초로 집을 따뜻하게 만듭니다", "매주 세 번 릴스 올리기", "향기로운 하루", "직장인 지은"]) expect(text).toContain(korean);
  });

  it("opens the worked example with every section of the strategy filled", async () => {
    const { app, page } = session;
    const workspaceId = await new WorkspacePages(page, app.url).create("예시 상점");
    const s = new StrategyPages(page, app.url, workspaceId, "ko");
    await s.open();
    await page.getByRole("button", { name: "예시로 시작하기" }).click();
    await page.getByTestId("example-present").waitFor();
    expect(await s.overall()).toBe(100);
    for (const p of ["company", "mission", "swot", "goals", "initiatives", "market", "personas", "competitors", "products", "distribution", "journey", "channels"]) {
      await s.open(p);
      expect(await page.getByTestId("section-completeness").innerText(), p).toBe("100% 완료");
    }
    await s.open();
    await screenshot(page, "ko-strategy-example");
  });
});
