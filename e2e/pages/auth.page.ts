import type { Page } from "playwright-core";

/** Sign-up, log-in and log-out screens. */
export class AuthPages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async signup(name: string, email: string, password: string, path = "/signup") {
    await this.page.goto(this.baseUrl + path);
    await this.page.getByLabel(/^(Name|이름)/).fill(name);
    await this.page.getByLabel(/^(Email|이메일)/).fill(email);
    await this.page.getByLabel(/^(Password|비밀번호)/).fill(password);
    await this.page.getByRole("button", { name: /Create account|계정 만들기/ }).click();
  }

  async login(email: string, password: string) {
    await this.page.goto(`${this.baseUrl}/login`);
    await this.page.getByLabel(/^(Email|이메일)/).fill(email);
    await this.page.getByLabel(/^(Password|비밀번호)/).fill(password);
    await this.page.getByRole("button", { name: /^(Log in|로그인)$/ }).click();
  }

  async waitForCodePrompt() {
    await this.page.getByText(/6-digit code|6자리 코드/).waitFor();
  }

  async enterCode(code: string) {
    await this.waitForCodePrompt();
    await this.page.locator("input[inputmode=numeric]").first().click();
    await this.page.keyboard.type(code);
    await this.page.getByRole("button", { name: /^(Verify|확인)$/ }).click();
  }

  async logout() {
    await this.page.getByRole("banner").getByRole("button").last().click();
    await this.page.getByRole("menuitem", { name: /Log out|로그아웃/ }).click();
    await this.page.waitForURL(/\/login/);
  }
}
