import type { Locator, Page } from "playwright-core";
import sharp from "sharp";

/** A photo-like JPEG (a colour gradient), so thumbnails have something to show. */
export const photo = (width: number, height: number, shift: number) =>
  sharp(Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => ((i % (width * 3)) + shift * (i % 3)) % 256)), { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer();

/** "YYYY-MM-DD" of an instant in a zone. */
export const dateIn = (instant: string | number | Date, zone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(instant));
/** "HH:mm" of an instant in a zone. */
export const timeIn = (instant: string, zone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(instant));
/** ISO weekday (1 = Monday) of an instant in a zone. */
export const weekdayIn = (instant: string, zone: string) =>
  ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short" }).format(new Date(instant))) + 1;

export interface SeedPost {
  title: string;
  body: string;
  channels: string[];
  date: string;
  time: string;
  media?: string[];
  status: "idea" | "draft" | "in_review" | "scheduled";
}

/** The content calendar: its API (as the signed-in member, through the page), its chips and days, and dragging on it. */
export class CalendarPages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
    private readonly workspaceId: string,
  ) {}

  /** A JSON call to the API as the page's member (with the CSRF token). */
  async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    return this.page.evaluate(
      async ({ method, path, body }) => {
        const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
        const res = await fetch(`/api${path}`, { method, headers: body === undefined ? { "x-csrf-token": csrf } : { "content-type": "application/json", "x-csrf-token": csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await res.text();
        if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
        return text ? JSON.parse(text) : null;
      },
      { method, path: path.replace("$ws", `/workspaces/${this.workspaceId}`), body },
    );
  }

  async setZone(timezone: string) {
    await this.api("PATCH", "$ws", { timezone });
  }

  /** Adds a channel to the strategy; answers its id. */
  async addChannel(network: string, handle: string, postsPerWeek?: number): Promise<string> {
    const res = await this.api<{ entry?: { id: string }; id?: string }>("POST", "$ws/strategy/collections/channel", { data: { network, handle, ...(postsPerWeek ? { posts_per_week: postsPerWeek } : {}) } });
    return res.entry?.id ?? res.id!;
  }

  /** Uploads an image to the asset library; answers its id. */
  async upload(name: string, bytes: Buffer): Promise<string> {
    return this.page.evaluate(
      async ({ ws, name, data }) => {
        const csrf = (await (await fetch("/api/auth/csrf")).json()).token;
        const body = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        const res = await fetch(`/api/workspaces/${ws}/assets?name=${encodeURIComponent(name)}`, { method: "POST", headers: { "content-type": "application/octet-stream", "x-csrf-token": csrf }, body });
        return (await res.json()).asset.id as string;
      },
      { ws: this.workspaceId, name, data: bytes.toString("base64") },
    );
  }

  /** Creates a post in the state asked for (review and schedule through their own actions). */
  async seed(p: SeedPost): Promise<string> {
    const { post } = await this.api<{ post: { id: string } }>("POST", "$ws/posts", {
      title: p.title,
      body: p.body,
      variants: p.channels.map((channelId) => ({ channelId, text: null })),
      media: (p.media ?? []).map((assetId) => ({ assetId, alt: "" })),
      scheduledLocal: { dateTime: `${p.date}T${p.time}` },
      status: p.status === "idea" ? "idea" : "draft",
    });
    if (p.status === "in_review") await this.api("POST", `$ws/posts/${post.id}/review`);
    if (p.status === "scheduled") await this.api("POST", `$ws/posts/${post.id}/schedule`, {});
    return post.id;
  }

  async posts() {
    return (await this.api<{ posts: { id: string; title: string; body: string; scheduledAt: string | null; status: string; media: { assetId: string }[]; variants: { channelId: string }[] }[] }>("GET", "$ws/posts")).posts;
  }

  async open() {
    await this.page.goto(`${this.baseUrl}/w/${this.workspaceId}/calendar`);
    await this.page.getByTestId("calendar").locator(".fc-view").waitFor();
  }

  /** A post's chip on the calendar (the event element FullCalendar draws around it). */
  chip(text: string): Locator {
    return this.page.locator(".fc-event", { has: this.page.getByTestId("post-chip").filter({ hasText: text }) });
  }

  day(date: string): Locator {
    return this.page.locator(`.fc-daygrid-day[data-date="${date}"]`);
  }

  /** Shows the month that holds a day (at most two steps ahead), as a person would with the arrow button. */
  async showDay(date: string) {
    for (let i = 0; i < 2 && !(await this.day(date).count()); i++) await this.page.locator(".fc-next-button").click();
  }

  /** Drags with the mouse as a person does: press, a small move to start the drag, small steps to the target, release. */
  async drag(from: Locator, to: Locator) {
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(a.x + a.width / 2 + 6, a.y + a.height / 2 + 6, { steps: 5 });
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 20 });
    await this.page.mouse.up();
  }

  /** No wider than the screen: nothing scrolls sideways. */
  async scrollsSideways(): Promise<boolean> {
    return this.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  }
}
