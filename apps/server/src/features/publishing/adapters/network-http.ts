import { networkUrl } from "../../oauth/providers.ts";
import type { FlowCall } from "../../oauth/flows/types.ts";
import { failureFromFetch, PublishError } from "./types.ts";

/** A request body as the networks' APIs take them. */
export type NetworkBody = { json: unknown } | { form: Record<string, string> } | { bytes: Buffer | Uint8Array; contentType?: string } | { multipart: FormData } | { text: string; contentType: string };

export interface NetworkAnswer {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
}

/**
 * One HTTP request to a network's API, the way every adapter and flow makes it: through `networkUrl` (the local
 * simulator in tests) and the outbound client (`call.fetch`: private addresses refused, size and time bounded), no
 * redirects followed, the answer read whole. A failure before an answer came is mapped by `failureFromFetch`
 * ("retry" when nothing was sent, "unknown" when it may have arrived); the status and body are the caller's to map
 * to its network's errors.
 */
export async function networkRequest(
  call: FlowCall,
  method: string,
  url: string,
  opts: {
    query?: Record<string, string | number | boolean | undefined>;
    headers?: Record<string, string>;
    body?: NetworkBody;
    /** "manual" where a 3xx is an answer, not a redirect (Google's resumable upload: 308 Resume Incomplete). */
    redirect?: "error" | "manual";
  } = {},
): Promise<NetworkAnswer> {
  const target = new URL(url);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) target.searchParams.set(k, String(v));
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | Uint8Array | FormData | undefined;
  const b = opts.body;
  if (b && "json" in b) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(b.json);
  } else if (b && "form" in b) {
    headers["content-type"] ??= "application/x-www-form-urlencoded";
    body = new URLSearchParams(b.form).toString();
  } else if (b && "bytes" in b) {
    headers["content-type"] ??= b.contentType ?? "application/octet-stream";
    body = new Uint8Array(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength);
  } else if (b && "multipart" in b) body = b.multipart;
  else if (b && "text" in b) {
    headers["content-type"] ??= b.contentType;
    body = b.text;
  }
  try {
    const res = await call.fetch(networkUrl(target.toString(), call.simulator), { method, headers, ...(body !== undefined ? { body } : {}), ...(call.signal ? { signal: call.signal } : {}), redirect: opts.redirect ?? "error" });
    return { status: res.status, ok: res.ok, headers: res.headers, text: await res.text() };
  } catch (err) {
    throw failureFromFetch(err);
  }
}

/** An answer's body as JSON (`{}` when empty); a body that is not JSON is the network failing ("unknown" for a write, "retry" for a read). */
export function jsonOf<T>(method: string, answer: NetworkAnswer): T {
  if (!answer.text) return {} as T;
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    throw new PublishError(method === "GET" ? "retry" : "unknown", "publish.server_error", `HTTP ${answer.status}, not JSON`, null, { body: answer.text.slice(0, 200) });
  }
}

/**
 * A URL a network's answer handed us (an upload address, a session's `Location`), checked before a token or a
 * file goes to it: https, on one of the network's own domains (the host or a subdomain of it). Anything else is
 * refused as a server error (tried again later, never sent): a tampered or misrouted answer must not make the
 * server send the account's token elsewhere.
 */
export function onNetworkDomain(url: string, domains: readonly string[], what: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PublishError("retry", "publish.server_error", `${what} is not an absolute URL`);
  }
  const host = u.hostname.toLowerCase();
  if (u.protocol !== "https:" || !domains.some((d) => host === d || host.endsWith(`.${d}`))) {
    throw new PublishError("retry", "publish.server_error", `${what} is on ${u.protocol}//${host}, not on ${domains.join(" or ")}`);
  }
  return url;
}
