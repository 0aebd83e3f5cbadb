import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot, useAppInBrowser } from "../support/browser.ts";

describe("a Korean visitor before logging in", () => {
  const session = useAppInBrowser("ko-KR", { beforeAll, afterAll });

  it("sees every screen in Korean, with field errors in Korean, and the password-reset screen says email is off", async () => {
    const { app, page } = session;
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByRole("heading", { name: "로그인" }).waitFor();
    await screenshot(page, "ko-login");

    await page.getByRole("link", { name: "계정 만들기" }).click();
    await page.getByLabel("비밀번호").fill("short");
    await page.getByRole("button", { name: "계정 만들기" }).click();
    await page.getByText("비밀번호은(는) 8자 이상이어야 합니다.").waitFor();
    expect(await page.getByText("이름을(를) 입력하세요.").count()).toBe(1);
    await screenshot(page, "ko-signup-errors");

    await page.goto(`${app.url}/forgot-password`);
    await page.getByText("이 서버는 이메일을 보낼 수 없습니다", { exact: false }).waitFor();
    await screenshot(page, "ko-forgot-password");

    await page.goto(`${app.url}/login`);
    await page.getByLabel("이메일").fill("nobody@example.com");
    await page.getByLabel("비밀번호").fill("wrong password");
    await page.getByRole("button", { name: "로그인", exact: true }).click();
    await page.getByRole("alert").getByText("이메일 또는 비밀번호가 올바르지 않습니다.").waitFor();
    await screenshot(page, "ko-login-error");
  });
});
