// npm run bench:first-screen — the JavaScript and CSS the first screens make the browser download, compressed, as
// the built server sends them. Builds nothing: run `npm run build` first. Not a test: nothing is asserted.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { report } from "./report.ts";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const ROOT = path.resolve(import.meta.dirname, "..");
const AIM_KB = 200;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string): Promise<{ base: string; server: ChildProcess }> {
  const main = path.join(ROOT, "apps/server/dist/main.js");
  if (!fs.existsSync(main) || !fs.existsSync(path.join(ROOT, "apps/web/dist/index.html"))) throw new Error("build first: npm run build");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, APP_URL: base, LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, server };
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

interface Load {
  files: number;
  /** The compressed bodies: the JavaScript and CSS as they came over the network. */
  body: number;
  /** Bytes on the wire, response headers included, as DevTools shows "transferred". */
  transferred: number;
  encodings: Set<string>;
  /** Each file's path and bytes, printed with FIRST_SCREEN_FILES=1. */
  list: [string, number][];
}

/**
 * Loads a URL in a fresh page of the context (nothing cached), waits until `ready` and the network is quiet, and adds
 * up what came over the network for every JavaScript and CSS response (Chromium's encodedDataLength, via CDP).
 */
async function measure(context: BrowserContext, url: string, ready: (page: Page) => Promise<void>, encoding?: string): Promise<Load> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  // A browser (or proxy) that takes only gzip, when asked.
  if (encoding) await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": encoding } });
  const kinds = new Map<string, { kind: "js" | "css" | "other"; encoding: string; pathname: string }>();
  const load: Load = { files: 0, body: 0, transferred: 0, encodings: new Set(), list: [] };
  const bodies = new Map<string, number>();
  cdp.on("Network.dataReceived", (event) => bodies.set(event.requestId, (bodies.get(event.requestId) ?? 0) + event.encodedDataLength));
  cdp.on("Network.responseReceived", (event) => {
    const { url: resUrl, mimeType, headers } = event.response;
    const pathname = new URL(resUrl).pathname;
    const kind = /javascript/.test(mimeType) || /\.m?js$/.test(pathname) ? "js" : /css/.test(mimeType) || pathname.endsWith(".css") ? "css" : "other";
    const encoding = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-encoding")?.[1] ?? "identity";
    kinds.set(event.requestId, { kind, encoding: String(encoding), pathname });
  });
  cdp.on("Network.loadingFinished", (event) => {
    const info = kinds.get(event.requestId);
    if (!info || info.kind === "other") return;
    load.files += 1;
    load.transferred += event.encodedDataLength;
    load.body += bodies.get(event.requestId) ?? 0;
    load.encodings.add(info.encoding);
    load.list.push([info.pathname, bodies.get(event.requestId) ?? 0]);
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await ready(page);
  await page.waitForLoadState("networkidle");
  await page.close();
  return load;
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-first-screen-"));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-first-screen-profile-"));
const { base, server } = await startServer(dataDir);
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  locale: "en-US",
  viewport: { width: 1366, height: 768 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const signInReady = (page: Page) => page.getByRole("button", { name: "Log in" }).waitFor();
  const signIn = await measure(browser, `${base}/login`, signInReady);
  const signInGzip = await measure(browser, `${base}/login`, signInReady, "gzip");

  // Sign up and create a workspace the way a person does, then load its home screen cold.
  const page = await browser.newPage();
  await page.goto(`${base}/signup`);
  await page.getByLabel(/^Name/).fill("Bench Person");
  await page.getByLabel(/^Email/).fill("first-screen@example.com");
  await page.getByLabel(/^Password/).fill("first screen bench passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/workspaces\/new/);
  await page.getByLabel(/Business or workspace name/).fill("Bench Co.");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/w\/[0-9a-f-]{36}$/);
  const overviewUrl = page.url();
  await page.close();
  // Ready when the home has its data: the first-run checklist shows (not the skeleton).
  const overviewReady = (p: Page) => p.getByTestId("first-run").waitFor();
  const overview = await measure(browser, overviewUrl, overviewReady);
  const overviewGzip = await measure(browser, overviewUrl, overviewReady, "gzip");

  const rows = [
    ["Sign-in page (/login)", signIn],
    ["Home of a workspace (/w/:id, signed in)", overview],
    ["Sign-in page, gzip only", signInGzip],
    ["Home, gzip only", overviewGzip],
  ] as const;
  console.log("\nFirst screen weight: JavaScript and CSS a cold load in Chromium downloads, compressed\n");
  console.log(`${"figure".padEnd(44)} ${"value".padStart(10)} ${"aim".padEnd(9)} met  ${"files".padStart(5)}  ${"with headers".padStart(12)}  encoding`);
  for (const [name, load] of rows) {
    const value = kb(load.body);
    const met = value <= AIM_KB ? "yes" : "no ";
    // The aim is for what browsers get (brotli); the gzip-only loads are a reference for clients and proxies without it.
    const gzipOnly = name.includes("gzip");
    report({ id: `firstScreen.${name.startsWith("Home") ? "home" : "signIn"}${gzipOnly ? "Gzip" : ""}`, figure: `first-screen weight: ${name}, JS + CSS as downloaded`, value, unit: "KB", ...(gzipOnly ? {} : { aim: { kind: "max" as const, value: AIM_KB } }) });
    console.log(`${name.padEnd(44)} ${`${value} KB`.padStart(10)} ${`≤ ${AIM_KB} KB`.padEnd(9)} ${met}  ${String(load.files).padStart(5)}  ${`${kb(load.transferred)} KB`.padStart(12)}  ${[...load.encodings].join(", ")}`);
  }
  if (process.env.FIRST_SCREEN_FILES === "1") {
    for (const [name, load] of rows) {
      console.log(`\n${name}`);
      for (const [file, bytes] of load.list.sort((a, b) => b[1] - a[1])) console.log(`${`${kb(bytes)} KB`.padStart(10)}  ${file}`);
    }
  }
} finally {
  await browser.close();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(profile, { recursive: true, force: true });
}
