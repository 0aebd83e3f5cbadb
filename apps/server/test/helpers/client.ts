import type { FastifyInstance, LightMyRequestResponse } from "fastify";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A browser-like client over `app.inject`: keeps cookies and sends the CSRF token on writes. */
export class TestClient {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;
  constructor(
    readonly app: FastifyInstance,
    readonly headers: Record<string, string> = {},
  ) {}

  async request(method: Method, url: string, body?: unknown, extra: { headers?: Record<string, string>; raw?: string | Buffer } = {}) {
    if (method !== "GET" && !this.csrf) await this.refreshCsrf();
    const response = await this.app.inject({
      method,
      url,
      headers: {
        ...this.headers,
        cookie: this.cookieHeader(),
        ...(method !== "GET" && this.csrf ? { "x-csrf-token": this.csrf } : {}),
        ...(body !== undefined || extra.raw !== undefined ? { "content-type": "application/json" } : {}),
        ...extra.headers,
      },
      ...(extra.raw !== undefined ? { payload: extra.raw } : body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    this.keepCookies(response);
    return response;
  }

  get = (url: string) => this.request("GET", url);
  post = (url: string, body?: unknown) => this.request("POST", url, body ?? {});
  patch = (url: string, body?: unknown) => this.request("PATCH", url, body ?? {});
  put = (url: string, body?: unknown) => this.request("PUT", url, body ?? {});
  /** Sends bytes as the whole body with their own content type (an upload). */
  upload = (url: string, bytes: Buffer, contentType = "application/octet-stream") => this.request("POST", url, undefined, { raw: bytes, headers: { "content-type": contentType } });
  delete = (url: string) => this.request("DELETE", url);

  async refreshCsrf(): Promise<void> {
    const res = await this.get("/api/auth/csrf");
    this.csrf = res.json<{ token: string }>().token;
  }

  /** The CSRF token this client sends on writes, for requests made outside `inject`. */
  async csrfToken(): Promise<string> {
    if (!this.csrf) await this.refreshCsrf();
    return this.csrf!;
  }

  /** The Cookie header this client sends, for requests made outside `inject` (a real socket). */
  cookieHeaderValue(): string {
    return this.cookieHeader();
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keepCookies(response: LightMyRequestResponse): void {
    for (const c of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const expired = (c.expires && c.expires.getTime() <= Date.now()) || c.maxAge === 0 || c.value === "";
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
}
