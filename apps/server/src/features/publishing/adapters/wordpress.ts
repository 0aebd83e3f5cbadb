import type { OutboundFetch } from "../../../lib/outbound.ts";
import { failureFromFetch, failureFromStatus, PublishError, refuseBrokenRules, type Adapter, type Outgoing, type Published } from "./types.ts";

interface Site {
  siteUrl: string;
  username: string;
  password: string;
  signal?: AbortSignal;
  fetch: OutboundFetch;
}

const site = (out: Pick<Outgoing, "config" | "secret" | "fetch"> & { signal?: AbortSignal }): Site => ({
  siteUrl: String(out.config.siteUrl).replace(/\/+$/, ""),
  username: String(out.config.username),
  password: out.secret.applicationPassword ?? "",
  ...(out.signal ? { signal: out.signal } : {}),
  fetch: out.fetch,
});

/**
 * One REST call. `?rest_route=` works whatever the blog's permalink setting (the pretty /wp-json/ path needs
 * rewrite rules); authentication is WordPress's application passwords over Basic auth.
 */
async function rest<T>(s: Site, route: string, init: { method?: string; query?: Record<string, string>; json?: unknown; body?: Buffer; headers?: Record<string, string> } = {}): Promise<T> {
  const url = new URL(`${s.siteUrl}/`);
  url.searchParams.set("rest_route", route);
  for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
  let res: Response;
  try {
    res = await s.fetch(url, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Basic ${Buffer.from(`${s.username}:${s.password.replace(/\s+/g, "")}`).toString("base64")}`,
        ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body ? { body: new Uint8Array(init.body) } : {}),
      ...(s.signal ? { signal: s.signal } : {}),
      redirect: "error",
    });
  } catch (err) {
    throw failureFromFetch(err);
  }
  const text = await res.text();
  // WordPress answers a bad application password with 401 "incorrect_password" / "invalid_username" (in the body, so in the log).
  if (!res.ok) throw failureFromStatus(res.status, text, res.headers.get("retry-after"));
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new PublishError("unknown", "publish.server_error", `HTTP ${res.status} from ${route}, not JSON`, null, { body: text.slice(0, 200) });
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The post's text as blog HTML: paragraphs from blank lines, line breaks kept, links made clickable. */
export function blogHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p.trim()).replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

/**
 * WordPress (self-hosted, 5.6 or newer): a post with its text as HTML, the first image as featured image (with its
 * alt text), the connection's categories, and the planned time as the post's date — "publish" when it is due, or
 * "future" (WordPress publishes it itself) when sent ahead. Its slug is made from the delivery (`sp-<delivery id>`)
 * and looked up before anything is created, so a resend after a crash finds the post instead of writing a second.
 */
export const wordpressAdapter: Adapter = {
  kind: "wordpress",
  resendSafe: true,
  async verify(config, secret, fetch) {
    await rest(site({ config, secret, fetch }), "/wp/v2/users/me", { query: { context: "edit" } });
  },
  async send(out: Outgoing): Promise<Published> {
    refuseBrokenRules(out, "website");
    const s = site(out);
    // WordPress runs a request whose credentials it does not know as an anonymous one (which then fails on some
    // parameter): asking who we are first turns a revoked password into the 401 it is.
    await rest(s, "/wp/v2/users/me", { query: { context: "edit" } });
    const slug = `sp-${out.deliveryId}`;
    const found = await rest<{ id: number; link: string }[]>(s, "/wp/v2/posts", { query: { slug, status: "publish,future,draft,pending,private", context: "edit" } });
    if (found[0]) return { remoteId: String(found[0].id), permalink: found[0].link };

    let featured = 0;
    const image = out.media.find((m) => m.contentType.startsWith("image/"));
    if (image) {
      const mediaSlug = `${slug}-image`;
      const existing = await rest<{ id: number }[]>(s, "/wp/v2/media", { query: { slug: mediaSlug, context: "edit" } });
      if (existing[0]) featured = existing[0].id;
      else {
        const ext = image.contentType.split("/")[1]?.replace("jpeg", "jpg") ?? "bin";
        const media = await rest<{ id: number }>(s, "/wp/v2/media", {
          method: "POST",
          body: await image.bytes(),
          headers: { "content-type": image.contentType, "content-disposition": `attachment; filename="${mediaSlug}.${ext}"` },
        });
        featured = media.id;
        await rest(s, `/wp/v2/media/${featured}`, { method: "POST", json: { alt_text: image.alt, slug: mediaSlug } });
      }
    }
    const due = new Date(out.dueAt);
    const ahead = due.getTime() - Date.now() > 60_000;
    const firstLine = out.text.split("\n")[0]!.slice(0, 120);
    const categories = Array.isArray(out.config.categories) ? (out.config.categories as number[]) : [];
    const post = await rest<{ id: number; link: string }>(s, "/wp/v2/posts", {
      method: "POST",
      json: {
        slug,
        title: out.title || firstLine,
        content: blogHtml(out.text),
        status: ahead ? "future" : "publish",
        date_gmt: due.toISOString().slice(0, 19),
        ...(categories.length ? { categories } : {}),
        ...(featured ? { featured_media: featured } : {}),
      },
    });
    return { remoteId: String(post.id), permalink: post.link };
  },
};
