import type { OutboundFetch } from "../../../lib/outbound.ts";
import { NETWORK_RULES } from "@socialplan/schema";
import { failureFromFetch, failureFromStatus, PublishError, refuseBrokenRules, type Adapter, type Outgoing, type Published } from "./types.ts";

const MAX_MEDIA = NETWORK_RULES.mastodon.images.max;

interface Instance {
  base: string;
  token: string;
  signal?: AbortSignal;
  fetch: OutboundFetch;
}

async function call<T>(i: Instance, route: string, init: { method?: string; body?: FormData | string; headers?: Record<string, string> } = {}): Promise<{ status: number; data: T }> {
  let res: Response;
  try {
    res = await i.fetch(`${i.base}${route}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${i.token}`, ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
      ...(i.signal ? { signal: i.signal } : {}),
      redirect: "error",
    });
  } catch (err) {
    throw failureFromFetch(err);
  }
  const text = await res.text();
  if (!res.ok) {
    // Mastodon tells when its rate limit resets in X-RateLimit-Reset (an ISO time), not Retry-After.
    const reset = res.headers.get("x-ratelimit-reset");
    throw failureFromStatus(res.status, text, res.headers.get("retry-after") ?? (reset ? new Date(reset).toUTCString() : null));
  }
  try {
    return { status: res.status, data: (text ? JSON.parse(text) : {}) as T };
  } catch {
    throw new PublishError("unknown", "publish.server_error", `HTTP ${res.status}, not JSON`, null, { body: text.slice(0, 200) });
  }
}

const instance = (out: Pick<Outgoing, "config" | "secret" | "fetch"> & { signal?: AbortSignal }): Instance => ({
  base: String(out.config.instance).replace(/\/+$/, ""),
  token: out.secret.accessToken ?? "",
  ...(out.signal ? { signal: out.signal } : {}),
  fetch: out.fetch,
});

/**
 * Mastodon (and compatible servers), written to the documented REST API: images uploaded with `POST /api/v2/media`
 * (with their description as alt text; a 202 is polled until processed), then `POST /api/v1/statuses` with the
 * media ids and the delivery's id as `Idempotency-Key`. Mastodon keeps idempotency keys for an hour only, so a send
 * cut off by a crash is not repeated automatically (a person's retry within the hour is deduplicated).
 * Not verified against a real server: none installs here (see the README).
 */
export const mastodonAdapter: Adapter = {
  kind: "mastodon",
  resendSafe: false,
  async verify(config, secret, fetch) {
    await call(instance({ config, secret, fetch }), "/api/v1/accounts/verify_credentials");
  },
  async send(out: Outgoing): Promise<Published> {
    // Mastodon's default limits (a server may allow more; none allows less than the defaults in practice).
    refuseBrokenRules(out, "mastodon");
    const i = instance(out);
    const mediaIds: string[] = [];
    for (const m of out.media.filter((x) => x.contentType.startsWith("image/") || x.contentType.startsWith("video/")).slice(0, MAX_MEDIA)) {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(await m.bytes())], { type: m.contentType }), m.name);
      if (m.alt) form.append("description", m.alt);
      const uploaded = await call<{ id: string; url: string | null }>(i, "/api/v2/media", { method: "POST", body: form });
      let ready = uploaded.status !== 202;
      for (let tries = 0; !ready && tries < 30; tries++) {
        await new Promise((r) => setTimeout(r, 1000));
        const check = await call<{ url: string | null }>(i, `/api/v1/media/${uploaded.data.id}`);
        ready = check.status === 200 && check.data.url !== null;
      }
      if (!ready) throw new PublishError("retry", "publish.media_processing", `media ${m.name} still processing`);
      mediaIds.push(uploaded.data.id);
    }
    const status = await call<{ id: string; url: string | null; uri: string }>(i, "/api/v1/statuses", {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": out.deliveryId },
      body: JSON.stringify({ status: out.text, visibility: "public", ...(mediaIds.length ? { media_ids: mediaIds } : {}) }),
    });
    return { remoteId: status.data.id, permalink: status.data.url ?? status.data.uri ?? null };
  },
};
