// @ts-check
/**
 * The simulator kit: what every network's contract simulator (test-peers/<network>/) shares, so each of them is
 * only its network's rules. Zero dependencies (node:http, node:crypto, the global fetch).
 *
 * - One HTTP server for any number of networks: the app rewrites `https://<host>/<path>` to
 *   `<sim.url>/<host>/<path>` (NETWORK_SIMULATOR_URL, apps/server/src/features/oauth/providers.ts `networkUrl`), so
 *   routes are keyed by the production host. Hosts nobody registered go to `fallback` (e.g. the Meta simulator's
 *   `handle`), else 404.
 * - A settable clock (`now`, `advance`), a request log, one-shot faults before or after a handler ran (the "lost
 *   answer" never-twice tests need), media fetched from the app's signed URLs as the networks do.
 * - `oauth2(options)`: a generic OAuth 2.0 authorization server (RFC 6749, PKCE RFC 7636, revocation RFC 7009) with
 *   a consent page (Allow / Cancel), configured per network: endpoints, how the client authenticates, PKCE, token
 *   lifetimes, refresh-token rotation, and the network's own token and error shapes. Each network's module cites
 *   its network's pages for the options it picks; the kit itself follows the RFCs named here.
 *
 * Types: index.d.mts. Usage: README.md.
 */
import crypto from "node:crypto";
import http from "node:http";

/** An answer a handler throws: the network's error status, body (object → JSON) and headers. */
export class SimError extends Error {
  /** @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
  constructor(status, body, headers = {}) {
    super(typeof body === "string" ? body : JSON.stringify(body));
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** @param {string} pattern */
function compile(pattern) {
  const names = /** @type {string[]} */ ([]);
  const source = pattern
    .split("/")
    .map((seg) => {
      if (seg.startsWith(":")) {
        names.push(seg.slice(1));
        return "([^/]+)";
      }
      if (seg === "*") {
        names.push("rest");
        return "(.*)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { re: new RegExp(`^${source}$`), names };
}

const ESCAPES = /** @type {Record<string, string>} */ ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" });
/** @param {string} s */
export const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Tokens, codes and ids: random, URL-safe. @param {string} prefix @param {number} [bytes] */
export const randomId = (prefix, bytes = 18) => `${prefix}${crypto.randomBytes(bytes).toString("base64url")}`;

export class SimKit {
  /** @param {{ fallback?: (req: http.IncomingMessage, res: http.ServerResponse) => unknown, start?: number }} [opts] */
  constructor(opts = {}) {
    /** @type {import("./index.d.mts").Route[]} */
    this.routes = [];
    /** @type {import("./index.d.mts").Fault[]} */
    this.faults = [];
    /** @type {import("./index.d.mts").RequestEntry[]} */
    this.requests = [];
    /** @type {import("./index.d.mts").FetchEntry[]} */
    this.fetched = [];
    this.fallback = opts.fallback ?? null;
    this.clockMs = opts.start ?? Date.now();
    this.url = "";
    /** @type {http.Server | null} */
    this.server = null;
  }

  /** The simulated time (ms). */
  now() {
    return this.clockMs;
  }
  /** @param {number} ms */
  advance(ms) {
    this.clockMs += ms;
  }
  /** @param {number} ms */
  setNow(ms) {
    this.clockMs = ms;
  }

  /**
   * Registers a handler for `method` on `host` (or several) and a path pattern: "/v2/posts/:id" (`params.id`),
   * "/files/*" (`params.rest`) or a RegExp (its groups in `params`). The handler answers an object (200 JSON), a
   * `reply(...)`, or throws `SimError`.
   * @param {string | string[]} hosts @param {string} method @param {string | RegExp} pattern
   * @param {import("./index.d.mts").Handler} handler
   */
  route(hosts, method, pattern, handler) {
    const list = (Array.isArray(hosts) ? hosts : [hosts]).map((h) => h.toLowerCase());
    const m = typeof pattern === "string" ? compile(pattern) : { re: pattern, names: [] };
    this.routes.push({ hosts: list, method: method.toUpperCase(), re: m.re, names: m.names, handler });
  }

  /**
   * Queues a one-shot fault for the next matching request(s):
   * - `when: "before"` (default): the request is answered with `status`/`body` (or the connection dropped when
   *   `drop`) WITHOUT running the handler (nothing happened at the network);
   * - `when: "after"`: the handler runs (the network did it) and then the answer is lost (`drop`, the default) or
   *   replaced by `status`/`body` — what a never-twice test needs.
   * `delayMs` waits before answering (a slow network); `times` (default 1) how many requests it hits.
   * @param {import("./index.d.mts").FaultSpec} spec
   */
  fault(spec) {
    this.faults.push({ times: 1, when: "before", ...spec });
  }

  /** @param {import("./index.d.mts").Ctx} ctx */
  takeFault(ctx) {
    const i = this.faults.findIndex(
      (f) =>
        (!f.host || f.host.toLowerCase() === ctx.host) &&
        (!f.method || f.method.toUpperCase() === ctx.method) &&
        (!f.path || (typeof f.path === "string" ? ctx.path === f.path || ctx.path.startsWith(f.path.endsWith("/") ? f.path : `${f.path}/`) : f.path.test(ctx.path))) &&
        (!f.match || f.match(ctx)),
    );
    if (i < 0) return null;
    const f = /** @type {import("./index.d.mts").Fault} */ (this.faults[i]);
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) this.faults.splice(i, 1);
    return f;
  }

  /** The requests to one host (and path prefix), for assertions. @param {string} host @param {string} [pathPrefix] */
  requestsTo(host, pathPrefix = "") {
    return this.requests.filter((r) => r.host === host.toLowerCase() && r.path.startsWith(pathPrefix));
  }

  /**
   * The network fetching a URL the app gave it (an image or video by URL): plain fetch, the bytes and type, logged
   * in `fetched`. A failure is returned, not thrown, so each network can answer it its own documented way.
   * @param {string} url
   * @returns {Promise<{ ok: true, status: number, contentType: string, bytes: Buffer } | { ok: false, status: number, error: string }>}
   */
  async fetchMedia(url) {
    try {
      const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(30_000) });
      const bytes = Buffer.from(await res.arrayBuffer());
      this.fetched.push({ url, status: res.status, bytes: bytes.length, at: this.now() });
      if (!res.ok) return { ok: false, status: res.status, error: `HTTP ${res.status}` };
      return { ok: true, status: res.status, contentType: res.headers.get("content-type") ?? "", bytes };
    } catch (err) {
      this.fetched.push({ url, status: 0, bytes: 0, at: this.now() });
      return { ok: false, status: 0, error: String(/** @type {Error} */ (err).message) };
    }
  }

  /** A URL the network hands out (an upload URL…): production form; the app sends it through `networkUrl`. @param {string} host @param {string} path */
  publicUrl(host, path) {
    return `https://${host}${path.startsWith("/") ? path : `/${path}`}`;
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async handle(req, res) {
    const full = new URL(req.url ?? "/", "http://sim.invalid");
    const slash = full.pathname.indexOf("/", 1);
    const host = decodeURIComponent(full.pathname.slice(1, slash < 0 ? undefined : slash)).toLowerCase();
    const path = slash < 0 ? "/" : full.pathname.slice(slash);
    const method = (req.method ?? "GET").toUpperCase();
    const routes = this.routes.filter((r) => r.hosts.includes(host));
    if (!routes.length && this.fallback) return this.fallback(req, res);
    const chunks = [];
    for await (const c of req) chunks.push(/** @type {Buffer} */ (c));
    const raw = Buffer.concat(chunks);
    const auth = String(req.headers.authorization ?? "");
    /** @type {{ user: string, pass: string } | null} */
    let basic = null;
    if (/^basic /i.test(auth)) {
      const decoded = Buffer.from(auth.slice(6).trim(), "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      basic = colon < 0 ? null : { user: decodeURIComponent(decoded.slice(0, colon)), pass: decodeURIComponent(decoded.slice(colon + 1)) };
    }
    const contentType = String(req.headers["content-type"] ?? "");
    /** @type {import("./index.d.mts").Ctx} */
    const ctx = {
      method,
      host,
      path,
      params: {},
      query: full.searchParams,
      headers: req.headers,
      raw,
      text: () => raw.toString("utf8"),
      json: () => {
        try {
          return raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
        } catch {
          return undefined;
        }
      },
      form: () => new URLSearchParams(contentType.includes("application/x-www-form-urlencoded") ? raw.toString("utf8") : ""),
      formData: () => new Request("http://sim.invalid/", { method: "POST", headers: { "content-type": contentType }, body: raw }).formData(),
      bearer: /^bearer /i.test(auth) ? auth.slice(7).trim() : null,
      basic,
      sim: this,
      responseHeaders: {},
    };
    /** @type {import("./index.d.mts").RequestEntry} */
    const entry = { at: this.now(), method, host, path, query: Object.fromEntries(full.searchParams), headers: req.headers, body: raw, status: 0 };
    this.requests.push(entry);
    /** @param {number} status @param {unknown} body @param {Record<string, string>} headers */
    const send = (status, body, headers) => {
      entry.status = status;
      const isBuffer = Buffer.isBuffer(body);
      const payload = body === undefined || body === null ? "" : isBuffer || typeof body === "string" ? body : JSON.stringify(body);
      const type = isBuffer ? "application/octet-stream" : typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
      res.writeHead(status, { "content-type": type, ...ctx.responseHeaders, ...headers });
      res.end(payload);
    };
    const drop = () => {
      entry.status = -1;
      req.socket.destroy();
    };
    try {
      const fault = this.takeFault(ctx);
      if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault && fault.when === "before") {
        if (fault.drop) return drop();
        if (fault.status) return send(fault.status, fault.body ?? "", fault.headers ?? {});
      }
      let answer = null;
      for (const r of routes) {
        if (r.method !== method && !(r.method === "*")) continue;
        const m = r.re.exec(path);
        if (!m) continue;
        ctx.params = Object.fromEntries(r.names.length ? r.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]) : Object.entries(m.groups ?? {}));
        answer = await r.handler(ctx);
        break;
      }
      if (fault && fault.when === "after") {
        if (fault.status) return send(fault.status, fault.body ?? "", fault.headers ?? {});
        return drop();
      }
      if (answer === null) {
        const known = routes.some((r) => r.re.test(path));
        return send(known ? 405 : 404, { error: "not_found", message: `The simulator does not serve ${method} ${host}${path}` }, {});
      }
      if (answer instanceof Reply) return send(answer.status, answer.body, answer.headers);
      return send(200, answer, {});
    } catch (err) {
      if (err instanceof SimError) return send(err.status, err.body, err.headers);
      // A bug in the simulator: a 500 with the message, so the test shows it (the app maps 5xx as "unknown").
      return send(500, { error: "simulator_bug", message: String(/** @type {Error} */ (err).stack ?? err) }, {});
    }
  }

  /** Listens on 127.0.0.1 (a free port unless given). @param {{ port?: number }} [opts] @returns {Promise<string>} */
  async start(opts = {}) {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", () => resolve(undefined)));
    const addr = /** @type {import("node:net").AddressInfo} */ (server.address());
    this.server = server;
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  async close() {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve(undefined)));
  }

  /** A generic OAuth 2.0 authorization server on this simulator. @param {import("./index.d.mts").OAuthOptions} options */
  oauth2(options) {
    return new OAuthServer(this, options);
  }
}

/** A handler's answer with a status and headers. */
export class Reply {
  /** @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
  constructor(status, body, headers = {}) {
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}
/** @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
export const reply = (status, body, headers) => new Reply(status, body, headers);

const b64url = (/** @type {Buffer} */ b) => b.toString("base64url");

/**
 * OAuth 2.0 authorization code grant (RFC 6749 §4.1) with refresh tokens (§6), PKCE (RFC 7636) and revocation
 * (RFC 7009), as each network configures it. Errors follow RFC 6749 §5.2 (`invalid_grant`, `invalid_client`…)
 * unless the network's `errorBody` shapes them its own way.
 */
export class OAuthServer {
  /** @param {SimKit} sim @param {import("./index.d.mts").OAuthOptions} o */
  constructor(sim, o) {
    this.sim = sim;
    this.o = {
      clientIdParam: "client_id",
      clientAuth: "either",
      pkce: "optional",
      scopeSeparator: " ",
      codeTtlMs: 10 * 60_000,
      accessTtlMs: 3600_000,
      refreshTtlMs: null,
      issueRefresh: true,
      rotateRefresh: false,
      ...o,
    };
    /** @type {Map<string, import("./index.d.mts").OAuthApp>} */
    this.apps = new Map();
    /** @type {Map<string, import("./index.d.mts").OAuthUser>} */
    this.users = new Map();
    /** @type {Map<string, import("./index.d.mts").OAuthCode>} */
    this.codes = new Map();
    /** @type {Map<string, import("./index.d.mts").OAuthToken>} access token → record */
    this.tokens = new Map();
    /** @type {Map<string, import("./index.d.mts").OAuthToken>} refresh token → record */
    this.refreshTokens = new Map();
    const a = this.o.authorize;
    sim.route(a.host, "GET", a.path, (ctx) => this.consentPage(ctx));
    sim.route(a.host, "POST", a.path, (ctx) => this.decide(ctx));
    sim.route(this.o.token.host, "POST", this.o.token.path, (ctx) => this.tokenEndpoint(ctx));
    if (this.o.revoke) sim.route(this.o.revoke.host, this.o.revoke.method ?? "POST", this.o.revoke.path, (ctx) => this.revokeEndpoint(ctx));
  }

  /** @param {import("./index.d.mts").OAuthApp} app */
  registerApp(app) {
    this.apps.set(app.clientId, app);
    return app;
  }
  /** @param {import("./index.d.mts").OAuthUser} user */
  addUser(user) {
    this.users.set(user.id, user);
    return user;
  }

  /** @param {number} status @param {string} error @param {string} description @returns {never} */
  fail(status, error, description) {
    const body = this.o.errorBody ? this.o.errorBody(status, error, description) : { error, error_description: description };
    throw new SimError(status, body);
  }

  /**
   * Checks an authorize request (RFC 6749 §4.1.1): the app, its exact redirect URI, response_type=code, the scopes
   * the app may ask for, PKCE where required. Answers what the consent decision needs.
   * @param {URLSearchParams} q
   */
  checkAuthorize(q) {
    const clientId = q.get(this.o.clientIdParam) ?? "";
    const app = this.apps.get(clientId);
    // RFC 6749 §4.1.2.1: an unknown client or a wrong redirect URI is shown to the user, never redirected.
    if (!app) throw new SimError(400, `Unknown ${this.o.clientIdParam} "${clientId}"`);
    const redirectUri = q.get("redirect_uri") ?? "";
    if (!app.redirectUris.includes(redirectUri)) throw new SimError(400, `redirect_uri "${redirectUri}" is not registered for this app`);
    if (q.get("response_type") !== "code") throw new SimError(400, "response_type must be code");
    const scopes = (q.get("scope") ?? "").split(this.o.scopeSeparator).map((s) => s.trim()).filter(Boolean);
    const unknown = app.scopes ? scopes.filter((s) => !app.scopes?.includes(s)) : [];
    const challenge = q.get("code_challenge");
    const method = q.get("code_challenge_method") ?? (challenge ? "plain" : null);
    if (this.o.pkce === "required" && !challenge) throw new SimError(400, "code_challenge is required");
    if (challenge && method !== "S256" && method !== "plain") throw new SimError(400, "code_challenge_method must be S256 or plain");
    return { app, redirectUri, scopes, unknown, state: q.get("state"), challenge: challenge ? { value: challenge, method: /** @type {string} */ (method) } : null };
  }

  /** The consent page (what the member sees at the network): the app, the scopes, which user, Allow / Cancel. @param {import("./index.d.mts").Ctx} ctx */
  consentPage(ctx) {
    const req = this.checkAuthorize(ctx.query);
    const users = [...this.users.values()];
    const name = escapeHtml(this.o.title ?? this.o.name);
    const options = users.map((u) => `<option value="${escapeHtml(u.id)}">${escapeHtml(u.name ?? u.id)}</option>`).join("");
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}: sign in</title></head><body>
<h1>${name}</h1>
<p>${escapeHtml(req.app.name ?? req.app.clientId)} would like to: ${req.scopes.map((s) => `<code>${escapeHtml(s)}</code>`).join(", ")}</p>
${req.unknown.length ? `<p role="alert">Unknown scopes: ${escapeHtml(req.unknown.join(", "))}</p>` : ""}
<form method="post">
${users.length > 1 ? `<label>Account <select name="user">${options}</select></label>` : `<input type="hidden" name="user" value="${escapeHtml(users[0]?.id ?? "")}"><p>Signed in as ${escapeHtml(users[0]?.name ?? "nobody")}</p>`}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form></body></html>`;
    return reply(200, html, { "content-type": "text/html; charset=utf-8" });
  }

  /** The consent form's answer: 302 back to the app with a code (or error=access_denied). @param {import("./index.d.mts").Ctx} ctx */
  decide(ctx) {
    const form = ctx.form();
    const target = form.get("decision") === "allow" ? this.approve(this.sim.publicUrl(ctx.host, `${ctx.path}?${ctx.query}`), { userId: form.get("user") ?? "" }) : this.deny(this.sim.publicUrl(ctx.host, `${ctx.path}?${ctx.query}`));
    return reply(302, "", { location: target });
  }

  /**
   * What "Allow" does, for tests that drive the sign-in without a browser: the redirect URL (code and state).
   * @param {string} authorizeUrl @param {{ userId: string, scopes?: string[] }} opts
   */
  approve(authorizeUrl, opts) {
    const q = new URL(authorizeUrl).searchParams;
    const req = this.checkAuthorize(q);
    if (req.unknown.length) return this.redirect(req.redirectUri, { error: "invalid_scope", error_description: `Unknown scopes: ${req.unknown.join(" ")}`, state: req.state });
    const user = this.users.get(opts.userId);
    if (!user) throw new SimError(400, `no user ${opts.userId}`);
    const code = randomId("code_");
    this.codes.set(code, {
      code,
      clientId: req.app.clientId,
      userId: user.id,
      redirectUri: req.redirectUri,
      scopes: opts.scopes ?? req.scopes,
      expiresAt: this.sim.now() + (this.o.codeTtlMs ?? 600_000),
      used: false,
      challenge: req.challenge,
    });
    return this.redirect(req.redirectUri, { code, state: req.state });
  }

  /** What "Cancel" does (RFC 6749 §4.1.2.1 access_denied). @param {string} authorizeUrl */
  deny(authorizeUrl) {
    const req = this.checkAuthorize(new URL(authorizeUrl).searchParams);
    return this.redirect(req.redirectUri, { error: "access_denied", error_description: "The user denied the request", state: req.state });
  }

  /** @param {string} uri @param {Record<string, string | null>} params */
  redirect(uri, params) {
    const u = new URL(uri);
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  /** The client of a token request, by Basic or by body as the network allows (RFC 6749 §2.3.1). @param {import("./index.d.mts").Ctx} ctx @param {URLSearchParams} form */
  client(ctx, form) {
    const how = this.o.clientAuth;
    let id = null;
    let secret = null;
    if (ctx.basic && (how === "basic" || how === "either")) ({ user: id, pass: secret } = ctx.basic);
    else if (how === "body" || how === "either") {
      id = form.get(this.o.clientIdParam);
      secret = form.get("client_secret");
    } else if (how === "basic") this.fail(401, "invalid_client", "Client authentication by HTTP Basic is required");
    const app = id ? this.apps.get(id) : undefined;
    if (!app || (secret ?? "") !== app.clientSecret) this.fail(401, "invalid_client", "Client authentication failed");
    return /** @type {import("./index.d.mts").OAuthApp} */ (app);
  }

  /** @param {import("./index.d.mts").Ctx} ctx */
  params(ctx) {
    const ct = String(ctx.headers["content-type"] ?? "");
    if (ct.includes("application/json")) {
      const j = ctx.json() ?? {};
      return new URLSearchParams(Object.entries(j).map(([k, v]) => [k, String(v)]));
    }
    if (!ct.includes("application/x-www-form-urlencoded") && this.o.tokenContentType !== "any") this.fail(400, "invalid_request", "The token request must be application/x-www-form-urlencoded");
    return ctx.form().size ? ctx.form() : ctx.query;
  }

  /** POST token: authorization_code and refresh_token grants. @param {import("./index.d.mts").Ctx} ctx */
  tokenEndpoint(ctx) {
    const form = this.params(ctx);
    const app = this.client(ctx, form);
    const grant = form.get("grant_type");
    if (grant === "authorization_code") {
      const code = this.codes.get(form.get("code") ?? "");
      // RFC 6749 §4.1.3 / §10.5: a code is single-use, short-lived, bound to its client and redirect URI.
      if (!code || code.clientId !== app.clientId) return this.fail(400, "invalid_grant", "The authorization code is invalid");
      if (code.used) {
        // §4.1.2: a code used twice revokes the tokens issued from it.
        for (const t of this.tokens.values()) if (t.code === code.code) t.revoked = true;
        return this.fail(400, "invalid_grant", "The authorization code was already used");
      }
      if (code.expiresAt <= this.sim.now()) return this.fail(400, "invalid_grant", "The authorization code expired");
      if ((form.get("redirect_uri") ?? "") !== code.redirectUri) return this.fail(400, "invalid_grant", "redirect_uri does not match the authorization request");
      if (code.challenge) {
        const verifier = form.get("code_verifier") ?? "";
        const expected = code.challenge.method === "S256" ? b64url(crypto.createHash("sha256").update(verifier).digest()) : verifier;
        // RFC 7636 §4.6
        if (!verifier || expected !== code.challenge.value) return this.fail(400, "invalid_grant", "code_verifier does not match the code_challenge");
      }
      code.used = true;
      const token = this.issue(code.userId, app.clientId, code.scopes, { code: code.code });
      return this.tokenAnswer(token, "authorization_code");
    }
    if (grant === "refresh_token") {
      const old = this.refreshTokens.get(form.get("refresh_token") ?? "");
      if (!old || old.clientId !== app.clientId || old.revoked || old.refreshUsed) return this.fail(400, "invalid_grant", "The refresh token is invalid or revoked");
      if (old.refreshExpiresAt !== null && old.refreshExpiresAt <= this.sim.now()) return this.fail(400, "invalid_grant", "The refresh token expired");
      let token;
      if (this.o.rotateRefresh) {
        old.refreshUsed = true;
        old.revoked = true;
        token = this.issue(old.userId, app.clientId, old.scopes, { keepRefreshExpiry: this.o.keepRefreshExpiry ? old.refreshExpiresAt : undefined });
      } else {
        token = this.issue(old.userId, app.clientId, old.scopes, { refresh: old.refresh, refreshExpiresAt: old.refreshExpiresAt });
        old.revoked = true;
      }
      return this.tokenAnswer(token, "refresh_token");
    }
    return this.fail(400, "unsupported_grant_type", `grant_type ${grant} is not supported`);
  }

  /** @param {import("./index.d.mts").OAuthToken} token @param {string} grant */
  tokenAnswer(token, grant) {
    if (this.o.tokenBody) return this.o.tokenBody(token, grant);
    const now = this.sim.now();
    /** @type {Record<string, unknown>} */
    const body = { access_token: token.access, token_type: "bearer", expires_in: token.accessExpiresAt === null ? undefined : Math.round((token.accessExpiresAt - now) / 1000), scope: token.scopes.join(this.o.scopeSeparator) };
    if (token.refresh) {
      body.refresh_token = token.refresh;
      if (token.refreshExpiresAt !== null) body.refresh_token_expires_in = Math.round((token.refreshExpiresAt - now) / 1000);
    }
    return body;
  }

  /**
   * Issues tokens directly (a test that needs a connected account without the consent page).
   * @param {string} userId @param {string} clientId @param {string[]} scopes
   * @param {{ code?: string, refresh?: string | null, refreshExpiresAt?: number | null, keepRefreshExpiry?: number | null }} [opts]
   */
  issue(userId, clientId, scopes, opts = {}) {
    const now = this.sim.now();
    const refresh = opts.refresh !== undefined ? opts.refresh : this.o.issueRefresh ? randomId("rt_", 24) : null;
    /** @type {import("./index.d.mts").OAuthToken} */
    const token = {
      access: randomId("at_", 24),
      refresh,
      clientId,
      userId,
      scopes,
      issuedAt: now,
      accessExpiresAt: this.o.accessTtlMs === null ? null : now + this.o.accessTtlMs,
      refreshExpiresAt: opts.refreshExpiresAt !== undefined ? opts.refreshExpiresAt : opts.keepRefreshExpiry ?? (refresh && this.o.refreshTtlMs !== null ? now + this.o.refreshTtlMs : null),
      revoked: false,
      refreshUsed: false,
      code: opts.code,
    };
    this.tokens.set(token.access, token);
    if (refresh) this.refreshTokens.set(refresh, token);
    return token;
  }

  /**
   * The token behind a request's bearer (or `value`), checked: unknown, revoked or expired → the network's
   * `unauthorized(ctx, reason)` error (default: 401 RFC 6750 invalid_token); missing scopes → `forbidden`.
   * @param {import("./index.d.mts").Ctx} ctx @param {{ scopes?: string[], value?: string | null }} [opts]
   */
  authenticate(ctx, opts = {}) {
    const value = opts.value ?? ctx.bearer;
    const token = value ? this.tokens.get(value) : undefined;
    /** @type {"missing" | "unknown" | "revoked" | "expired" | null} */
    const reason = !value ? "missing" : !token ? "unknown" : token.revoked ? "revoked" : token.accessExpiresAt !== null && token.accessExpiresAt <= this.sim.now() ? "expired" : null;
    if (reason || !token) {
      if (this.o.unauthorized) throw this.o.unauthorized(ctx, reason ?? "unknown");
      // RFC 6750 §3.1
      throw new SimError(401, { error: "invalid_token", error_description: `The access token is ${reason}` }, { "www-authenticate": `Bearer error="invalid_token"` });
    }
    const missing = (opts.scopes ?? []).filter((s) => !token.scopes.includes(s));
    if (missing.length) {
      if (this.o.forbidden) throw this.o.forbidden(ctx, missing);
      throw new SimError(403, { error: "insufficient_scope", error_description: `Missing scopes: ${missing.join(" ")}` });
    }
    return token;
  }

  /** RFC 7009: revokes an access or refresh token (and its pair). @param {import("./index.d.mts").Ctx} ctx */
  revokeEndpoint(ctx) {
    const form = this.params(ctx);
    if (this.o.revokeAuth !== "none") this.client(ctx, form);
    const value = form.get("token") ?? ctx.bearer ?? "";
    this.revokeToken(value);
    // §2.2: 200 whether or not the token was known.
    return this.o.revokeBody ? this.o.revokeBody() : {};
  }

  /** @param {string} value */
  revokeToken(value) {
    const t = this.tokens.get(value) ?? this.refreshTokens.get(value);
    if (t) t.revoked = true;
    return !!t;
  }

  /** Every token of a user ends (the person removed the app, changed the password…). @param {string} userId */
  revokeUser(userId) {
    for (const t of this.tokens.values()) if (t.userId === userId) t.revoked = true;
  }

  /** Makes a user's access tokens expire now (the refresh token stays good): tests of refresh-before-use. @param {string} userId */
  expireAccess(userId) {
    for (const t of this.tokens.values()) if (t.userId === userId && t.accessExpiresAt !== null) t.accessExpiresAt = Math.min(t.accessExpiresAt, this.sim.now());
  }

  /** The live token records of a user (newest last). @param {string} userId */
  tokensOf(userId) {
    return [...this.tokens.values()].filter((t) => t.userId === userId && !t.revoked);
  }
}

/** A simulator kit listening on a free port. @param {{ fallback?: (req: http.IncomingMessage, res: http.ServerResponse) => unknown }} [opts] */
export async function startSimKit(opts = {}) {
  const sim = new SimKit(opts);
  await sim.start();
  return sim;
}
