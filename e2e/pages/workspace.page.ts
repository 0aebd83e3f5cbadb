import type { Page } from "playwright-core";

/** Creating a workspace, moving around it, and inviting people. */
export class WorkspacePages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async create(name: string) {
    await this.page.goto(`${this.baseUrl}/workspaces/new`);
    await this.page.getByLabel(/Business or workspace name|사업체 또는 워크스페이스 이름/).fill(name);
    await this.page.getByRole("button", { name: /Create workspace|워크스페이스 만들기/ }).click();
    await this.page.waitForURL(/\/w\/[0-9a-f-]{36}$/);
    return this.page.url().split("/w/")[1]!;
  }

  navigation() {
    return this.page.getByRole("navigation");
  }

  async open(section: RegExp) {
    await this.navigation().getByRole("link", { name: section }).click();
  }

  /** Creates an invitation link for a role, as an admin, on the Members screen. */
  async invite(): Promise<string> {
    await this.open(/^(Members|멤버)$/);
    await this.page.getByRole("button", { name: /Create invitation link|초대 링크 만들기/ }).click();
    return this.page.getByTestId("invite-link").inputValue();
  }

  async switchLanguage(label: "English" | "한국어") {
    await this.page.getByRole("banner").getByText(label, { exact: true }).click();
  }
}
