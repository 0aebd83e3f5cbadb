import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { AuthPages } from "../pages/auth.page.ts";
import { HomePage } from "../pages/home.page.ts";
import { WorkspacePages } from "../pages/workspace.page.ts";
import { launchBrowser } from "./browser.ts";
import { startApp } from "./server.ts";

/** Where the route walks put their screenshots, for the person reviewing the layout (not CI artifacts). */
export const SHOTS = process.env.E2E_SHOTS ?? path.join(os.tmpdir(), "i20", "shots");

/** One built app and one browser for a spec file's lifetime (call at the file's top level). */
export function useAppAndBrowser(setup: { beforeAll: (fn: () => Promise<void>) => void; afterAll: (fn: () => Promise<void>) => void }) {
  const session = {} as { app: Awaited<ReturnType<typeof startApp>>; browser: Browser };
  setup.beforeAll(async () => {
    session.app = await startApp();
    session.browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  setup.afterAll(async () => {
    await session.browser?.close();
    await session.app?.stop();
  });
  return session;
}

/** A screen of the app as App.tsx declares it: its full path, and whether it is behind the sign-in. */
export interface AppRoute {
  path: string;
  signedIn: boolean;
}

const APP_TSX = path.resolve(import.meta.dirname, "../../apps/web/src/App.tsx");

/**
 * Every `<Route path>` of apps/web/src/App.tsx with the paths of its parents joined (index routes are their parent's
 * path), read from the source so that a screen added tomorrow is walked the day it is added. Routes without a path
 * only group others; "*" (the fallback that redirects) is no screen.
 */
export function appRoutes(source = fs.readFileSync(APP_TSX, "utf8")): AppRoute[] {
  const routes: AppRoute[] = [];
  const stack: { path: string | null; signedIn: boolean }[] = [];
  const tag = /<(\/?)Route\b/g;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(source))) {
    if (match[1]) {
      stack.pop();
      continue;
    }
    // Read the tag's attributes up to its end, skipping over the `{…}` of JSX expressions (which hold tags too).
    let depth = 0;
    let i = tag.lastIndex;
    for (; i < source.length; i++) {
      const c = source[i];
      if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (depth === 0 && c === ">") break;
    }
    const attributes = source.slice(tag.lastIndex, i);
    tag.lastIndex = i + 1;
    const own = /\bpath="([^"]*)"/.exec(attributes)?.[1] ?? null;
    const parent = stack.at(-1);
    const signedIn = (parent?.signedIn ?? false) || /<RequireLogin\b/.test(attributes);
    const base = [...stack].reverse().find((r) => r.path !== null)?.path ?? "";
    const full = own === null ? null : own.startsWith("/") ? own : `${base.replace(/\/$/, "")}/${own}`;
    const isIndex = /\bindex\b/.test(attributes.replace(/\{[\s\S]*\}/g, ""));
    if (full !== null && own !== "*") routes.push({ path: full, signedIn });
    else if (isIndex && base) routes.push({ path: base, signedIn });
    const selfClosing = attributes.trimEnd().endsWith("/");
    if (!selfClosing) stack.push({ path: full ?? base ?? null, signedIn });
  }
  // The same screen can be declared twice (an index and its parent's path): once is enough.
  return routes.filter((r, n) => routes.findIndex((o) => o.path === r.path) === n);
}

/** Fills a route's `:params`; a parameter the walk has no value for fails loudly, naming it. */
export function fillRoute(route: string, values: Record<string, string>): string {
  return route.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = values[`${route.split("/:")[0]}/:${name}`] ?? values[name];
    if (value === undefined) throw new Error(`No value for :${name} in ${route}: add one in e2e/support/app-routes.ts`);
    return encodeURIComponent(value);
  });
}

/** A workspace with the worked example loaded, and a value for every parameter of App.tsx's routes. */
export interface ExampleWorkspace {
  workspaceId: string;
  values: Record<string, string>;
}

/** Calls the API from the page, with the session's cookie and CSRF token, and answers the JSON. */
export async function apiCall<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const headers: Record<string, string> = {};
      if (method !== "GET") headers["x-csrf-token"] = ((await (await fetch("/api/auth/csrf")).json()) as { token: string }).token;
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`/api${url}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const data = (await res.json()) as unknown;
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(data)}`);
      return data;
    },
    { method, url, body },
  ) as Promise<T>;
}

/**
 * Signs a new owner up, creates a workspace and loads the worked example from Home (so every screen has content),
 * then finds a value for each route parameter: the post waiting for review, the example's report, a fresh
 * invitation and a guest review link.
 */
export async function exampleWorkspace(page: Page, baseUrl: string, who: { name: string; email: string }): Promise<ExampleWorkspace> {
  await new AuthPages(page, baseUrl).signup(who.name, who.email, "long enough passphrase");
  await page.waitForURL(/\/workspaces\/new/);
  const workspaceId = await new WorkspacePages(page, baseUrl).create("Icheon Ceramics");
  const home = new HomePage(page, baseUrl, workspaceId);
  await home.loaded();
  await page.getByTestId("load-example").click();
  await page.getByTestId("home-example").waitFor();
  const w = `/workspaces/${workspaceId}`;
  const { posts } = await apiCall<{ posts: { id: string; status: string }[] }>(page, "GET", `${w}/posts`);
  const { reports } = await apiCall<{ reports: { id: string }[] }>(page, "GET", `${w}/reports`);
  const invite = await apiCall<{ url: string }>(page, "POST", `${w}/invitations`, { role: "editor" });
  const today = new Date().toISOString().slice(0, 10);
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const { link } = await apiCall<{ link: { url: string } }>(page, "POST", `${w}/review-links`, { label: "Client", from: today, to: inAWeek, days: 7 });
  const inReview = posts.find((p) => p.status === "in_review") ?? posts[0];
  if (!inReview || !reports[0]) throw new Error("The worked example has no post in review or no report");
  return {
    workspaceId,
    values: {
      workspaceId,
      postId: inReview.id,
      reportId: reports[0].id,
      "/invite/:token": invite.url.split("/invite/")[1]!,
      "/review/:token": link.url.split("/review/")[1]!,
      // A sign-in that does not exist: the connect screen says it has ended and leads back to the calendar.
      pendingId: "00000000-0000-4000-8000-000000000000",
    },
  };
}

/** A photo-like JPEG (a gradient), for posts that carry media. */
export async function photo(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set([(x * 255) / width, (y * 255) / height, 120], (y * width + x) * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg().toBuffer();
}

/** Waits until a screen has drawn: its skeletons gave way and the fonts are in (so widths are final). */
export async function settled(page: Page): Promise<void> {
  await page.locator("#root").locator("h1, h2, main").first().waitFor();
  await page.waitForFunction(() => !document.querySelector(".mantine-Skeleton-root[data-visible]") && document.fonts.status === "loaded", undefined, { timeout: 15_000 }).catch(() => undefined);
  // One more frame, for what the last answer changed.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}
