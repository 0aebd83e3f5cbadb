import { chromium } from "playwright-core";
const base = "http://127.0.0.1:3100";
const lang = process.argv[2] ?? "en";
const pages = (process.argv[3] ?? "").split(",").filter(Boolean);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const ctx = await browser.newContext({ viewport: process.env.MOBILE ? { width: 390, height: 844 } : { width: 1366, height: 900 }, locale: lang === "ko" ? "ko-KR" : "en-US" });
const page = await ctx.newPage();
page.on("pageerror", (e) => console.log("PAGEERROR", e.message));
page.on("console", (m) => { if (m.type() === "error") console.log("CONSOLE", m.text()); });
const email = `shots-${lang}-${Date.now()}@example.com`;
await page.goto(`${base}/signup`);
const r = await page.evaluate(async ({ email, lang }) => {
  const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
  const h = { "content-type": "application/json", "x-csrf-token": csrf };
  await fetch("/api/auth/signup", { method: "POST", headers: h, body: JSON.stringify({ email, password: "long enough password", name: lang === "ko" ? "김민지" : "Mina Kim", locale: lang }) });
  const csrf2 = (await (await fetch("/api/auth/csrf")).json()).token;
  const ws = await (await fetch("/api/workspaces", { method: "POST", headers: { ...h, "x-csrf-token": csrf2 }, body: JSON.stringify({ name: lang === "ko" ? "온새 도자기" : "Onsae Ceramics", currency: "KRW", timezone: "Asia/Seoul" }) })).json();
  return ws.id as string;
}, { email, lang });
const ws = r;
const shot = async (path: string, name: string) => {
  await page.goto(`${base}/w/${ws}${path}`);
  await page.waitForTimeout(900);
  const first = page.locator(".mantine-Accordion-control").first();
  if (process.argv[5] !== "closed" && (await first.count()) && !name.startsWith("outline")) { await first.click(); await page.waitForTimeout(400); }
  await page.screenshot({ path: `/tmp/shots/${lang}-${name}.png`, fullPage: true });
};
await shot("/strategy", "outline-empty");
if (process.argv[4] !== "empty") {
  await page.getByRole("button", { name: lang === "ko" ? "예시로 시작하기" : "Start from the example" }).click();
  await page.waitForTimeout(1500);
}
for (const p of pages) await shot(p === "outline" ? "/strategy" : `/strategy/${p}`, p);
console.log("workspace", ws);
await browser.close();
