import type { Page } from "playwright-core";
import { totp } from "../support/totp.ts";

/** My account: two-factor enrolment. */
export class AccountPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  /** Enrols 2FA the way a person with an authenticator app does; returns the secret and the recovery codes. */
  async enrolTwoFactor(): Promise<{ secret: string; recoveryCodes: string[] }> {
    await this.page.goto(`${this.baseUrl}/account`);
    await this.page.getByRole("button", { name: /Turn on two-factor|2단계 인증 켜기/ }).click();
    await this.page.getByRole("img", { name: /QR/ }).waitFor();
    const secret = (await this.page.getByTestId("totp-secret").textContent())?.trim() ?? "";
    await this.page.locator("input[inputmode=numeric]").first().click();
    await this.page.keyboard.type(totp(secret));
    await this.page.getByRole("button", { name: /Confirm and turn on|확인하고 켜기/ }).click();
    const codes = this.page.getByTestId("recovery-codes");
    await codes.waitFor();
    const recoveryCodes = (await codes.locator("code").allTextContents()).map((c) => c.trim());
    return { secret, recoveryCodes };
  }
}
