// @ts-check
/**
 * The core of the Meta contract simulator: router, settable clock, shared state, tokens, Graph errors, rate limits
 * and usage headers, media fetching. Zero dependencies (node:http, node:crypto). Modules (oauth.mjs, graph.mjs,
 * insights.mjs, publish.mjs) plug in with `register(sim)`; the contract is /tmp/i21/sim-api.md and index.d.mts.
 *
 * Every rule cites the documentation page it comes from; where the docs are silent the comment says
 * "not documented; chosen: …".
 */
import http from "node:http";
import crypto from "node:crypto";

/** Hosts the simulator serves, grouped as `sim.route` names them. */
export const HOST_GROUPS = /** @type {const} */ ({
  facebook: ["graph.facebook.com"],
  facebookWww: ["www.facebook.com", "facebook.com", "m.facebook.com"],
  instagram: ["graph.instagram.com"],
  instagramApi: ["api.instagram.com"],
  instagramWww: ["www.instagram.com", "instagram.com"],
  // "The Threads API can be accessed by either graph.threads.com or graph.threads.net"
  // (https://developers.facebook.com/documentation/threads/overview); the authorize page is written threads.com in
  // the current docs and threads.net in older ones. Both are served.
  threads: ["graph.threads.net", "graph.threads.com"],
  threadsWww: ["threads.net", "www.threads.net", "threads.com", "www.threads.com"],
});

/** @type {Record<string, string>} host → group */
const GROUP_OF_HOST = {};
for (const [group, hosts] of Object.entries(HOST_GROUPS)) for (const h of hosts) GROUP_OF_HOST[h] = group;

/** Which provider's tokens each API host accepts. */
const PROVIDER_OF_GROUP = /** @type {Record<string, "meta" | "instagram" | "threads">} */ ({
  facebook: "meta",
  instagram: "instagram",
  threads: "threads",
});

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/**
 * A Graph API error. Thrown by handlers; rendered by the core in the documented shape
 * `{ error: { message, type, code, error_subcode, error_user_title, error_user_msg, fbtrace_id } }`
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling).
 */
export class GraphError extends Error {
  /** @param {import("./index.d.mts").GraphErrorInit} init */
  constructor(init) {
    super(init.message);
    this.init = init;
    // The docs give the body, not the HTTP status of each code. Not documented; chosen: 400 for everything but
    // permission errors (code 10 and 200-299: 403), as Graph answers them in practice.
    this.status = init.status ?? (init.code === 10 || (init.code >= 200 && init.code <= 299) ? 403 : 400);
  }
  /** @param {string} traceId */
  body(traceId) {
    const i = this.init;
    /** @type {Record<string, unknown>} */
    const error = { message: i.message, type: i.type ?? "OAuthException", code: i.code };
    if (i.subcode !== undefined) error.error_subcode = i.subcode;
    if (i.isTransient !== undefined) error.is_transient = i.isTransient;
    if (i.userTitle) error.error_user_title = i.userTitle;
    if (i.userMsg) error.error_user_msg = i.userMsg;
    Object.assign(error, i.extra ?? {});
    error.fbtrace_id = traceId;
    return { error };
  }
}

/** A non-JSON or non-200 answer from a handler. */
export class Reply {
  /**
   * @param {number} status
   * @param {unknown} body string → sent as is (text/html unless headers say otherwise), object → JSON
   * @param {Record<string, string>} [headers]
   */
  constructor(status, body, headers = {}) {
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/**
 * The simulator's clock: real time plus an offset tests move, so tokens age without waiting and timestamps still
 * advance between calls.
 */
export class Clock {
  constructor() {
    this.offset = 0;
  }
  now() {
    return Date.now() + this.offset;
  }
  /** @param {number | Date} t */
  set(t) {
    this.offset = (t instanceof Date ? t.getTime() : t) - Date.now();
  }
  /** @param {number} ms */
  advance(ms) {
    this.offset += ms;
  }
}

/** Graph's timestamp format, e.g. "2024-05-01T12:00:00+0000". */
export function graphTime(/** @type {number} */ ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
}

/** @param {string} s */
function parseForm(s) {
  /** @type {Record<string, string>} */
  const o = {};
  for (const [k, v] of new URLSearchParams(s)) o[k] = v;
  return o;
}

export class Sim {
  constructor() {
    this.clock = new Clock();
    /** @type {import("./index.d.mts").SimState} */
    this.state = {
      apps: new Map(),
      fbUsers: new Map(),
      pages: new Map(),
      igUsers: new Map(),
      threadsUsers: new Map(),
      grants: new Map(),
      tokens: new Map(),
      codes: new Map(),
      objects: new Map(),
      media: new Map(),
      fetchLog: [],
      requests: [],
      /** calls per app / account, timestamps (ms), for the usage headers and the documented limits */
      calls: new Map(),
      /** tests' rate-limit faults and usage overrides, keyed "app:<id>" / "account:<id>" */
      limits: new Map(),
      /** one-shot faults */
      failures: [],
      /** numbers tests set per account and day */
      accountInsights: new Map(),
    };
    /** @type {Array<{ method: string, groups: Set<string>, segments: string[], literal: number, handler: import("./index.d.mts").Handler }>} */
    this.routes = [];
    /** @type {Map<string, import("./index.d.mts").NodeReader>} */
    this.nodeReaders = new Map();
    this.idCounter = 0;
    /** @type {http.Server | null} */
    this.server = null;
    this.url = "";
    this.GraphError = GraphError;
    /** @type {import("./index.d.mts").SimOptions} */
    this.options = { igTokenShape: "documented" };
  }

  // ---------------------------------------------------------------- ids, objects

  /**
   * A new numeric-string id (Graph ids are numeric strings; https://developers.facebook.com/docs/graph-api/overview).
   * @param {string} [prefix] digits that start the id, e.g. "17841" for IG accounts (not documented; chosen)
   */
  newId(prefix = "10") {
    this.idCounter += 1;
    return `${prefix}${String(Date.now() % 1e6).padStart(6, "0")}${String(this.idCounter).padStart(6, "0")}`;
  }

  /** @param {string} prefix */
  newTokenValue(prefix) {
    return `${prefix}${crypto.randomBytes(30).toString("base64url")}`;
  }

  /** @template {{ id: string, type: string }} T @param {T} obj @returns {T} */
  put(obj) {
    this.state.objects.set(obj.id, obj);
    return obj;
  }

  nowSeconds() {
    return Math.floor(this.clock.now() / 1000);
  }

  // ---------------------------------------------------------------- routing

  /**
   * @param {string} method
   * @param {string | string[]} hosts group names (see HOST_GROUPS) or exact hosts
   * @param {string} pattern e.g. "/:igUserId/media"
   * @param {import("./index.d.mts").Handler} handler
   */
  route(method, hosts, pattern, handler) {
    const groups = new Set((Array.isArray(hosts) ? hosts : [hosts]).map((h) => GROUP_OF_HOST[h] ?? h));
    const segments = pattern.split("/").filter(Boolean);
    this.routes.push({ method: method.toUpperCase(), groups, segments, literal: segments.filter((s) => !s.startsWith(":")).length, handler });
    // More literal segments first: "/me/accounts" before "/:id/:edge", "/debug_token" before "/:id".
    this.routes.sort((a, b) => b.literal - a.literal);
  }

  /** @param {string} type @param {import("./index.d.mts").NodeReader} reader */
  nodeType(type, reader) {
    this.nodeReaders.set(type, reader);
  }

  /** @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
  reply(status, body, headers) {
    return new Reply(status, body, headers);
  }

  /** @param {import("./index.d.mts").GraphErrorInit} init */
  graphError(init) {
    return new GraphError(init);
  }

  /**
   * The Graph error for an id that is not there or not visible to the token: code 100 subcode 33, type
   * GraphMethodException (the message Graph gives for unknown nodes; the code 100 "Invalid parameter" is in
   * https://developers.facebook.com/docs/graph-api/guides/error-handling; subcode 33 not documented there; chosen:
   * what Graph answers).
   * @param {string} method @param {string} id
   */
  unsupported(method, id) {
    return new GraphError({
      code: 100,
      subcode: 33,
      type: "GraphMethodException",
      message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    });
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async handle(req, res) {
    const traceId = crypto.randomBytes(8).toString("base64url");
    const full = new URL(req.url ?? "/", "http://sim.invalid");
    const parts = full.pathname.split("/").filter(Boolean).map((p) => decodeURIComponent(p));
    const host = (parts.shift() ?? "").toLowerCase();
    let version = null;
    // Any `vNN.N` version prefix is accepted (https://developers.facebook.com/docs/graph-api/guides/versioning);
    // the simulator does not model version differences.
    if (parts[0] && /^v\d+(\.\d+)?$/.test(parts[0])) version = parts.shift() ?? null;
    const method = (req.method ?? "GET").toUpperCase();
    const group = GROUP_OF_HOST[host];
    const chunks = [];
    for await (const c of req) chunks.push(/** @type {Buffer} */ (c));
    const rawBody = Buffer.concat(chunks);
    const ct = String(req.headers["content-type"] ?? "");
    /** @type {Record<string, string>} */
    let body = {};
    let form = new URLSearchParams();
    if (ct.includes("application/x-www-form-urlencoded")) {
      form = new URLSearchParams(rawBody.toString("utf8"));
      body = parseForm(rawBody.toString("utf8"));
    }
    else if (ct.includes("application/json") && rawBody.length) {
      try {
        const j = JSON.parse(rawBody.toString("utf8"));
        for (const [k, v] of Object.entries(j)) body[k] = typeof v === "string" ? v : JSON.stringify(v);
      } catch {
        /* left empty: Graph then complains about the missing parameters */
      }
    } else if (ct.includes("multipart/form-data")) body = parseMultipartFields(rawBody, ct);
    const args = { ...Object.fromEntries(full.searchParams), ...body };
    /** @type {import("./index.d.mts").Ctx} */
    const ctx = {
      method,
      host,
      hostGroup: group ?? null,
      path: "/" + parts.join("/"),
      segments: parts,
      version,
      params: {},
      query: full.searchParams,
      body,
      form,
      rawBody,
      args,
      headers: req.headers,
      req,
      res,
      sim: this,
      responseHeaders: {},
      token: null,
    };
    /** @type {import("./index.d.mts").RequestEntry} */
    const entry = { at: this.clock.now(), method, host, path: ctx.path, args: redact(args), status: 0 };
    this.state.requests.push(entry);
    /** @param {number} status @param {string | Buffer} payload @param {Record<string, string>} headers */
    const send = (status, payload, headers) => {
      entry.status = status;
      res.writeHead(status, { ...ctx.responseHeaders, ...headers });
      res.end(payload);
    };
    try {
      if (!group) return send(404, `The Meta simulator does not serve host "${host}"`, { "content-type": "text/plain" });
      const failure = this.takeFailure(ctx);
      if (failure) {
        if ("dropConnection" in failure && failure.dropConnection) {
          entry.status = -1;
          req.socket.destroy();
          return;
        }
        throw new GraphError(/** @type {import("./index.d.mts").GraphErrorInit} */ (failure));
      }
      const route = this.match(method, group, parts, ctx);
      let result;
      if (route) result = await route.handler(ctx);
      else if (["facebook", "instagram", "threads"].includes(group) && parts.length >= 1 && (method === "GET" || method === "POST" || method === "DELETE"))
        result = await this.readNode(ctx, parts);
      else return send(404, `Not found: ${method} ${host}${ctx.path}`, { "content-type": "text/plain" });
      if (result instanceof Reply) {
        const isText = typeof result.body === "string" || Buffer.isBuffer(result.body);
        const payload = isText ? /** @type {string} */ (result.body) : JSON.stringify(result.body);
        return send(result.status, payload, { "content-type": isText ? "text/html; charset=utf-8" : "application/json; charset=UTF-8", ...result.headers });
      }
      return send(200, JSON.stringify(result ?? { success: true }), { "content-type": "application/json; charset=UTF-8" });
    } catch (e) {
      if (e instanceof GraphError) {
        entry.errorCode = e.init.code;
        entry.errorSubcode = e.init.subcode;
        // Graph sets WWW-Authenticate on OAuth errors (not documented; chosen: as Graph answers).
        /** @type {Record<string, string>} */
        const extra = e.init.type === "OAuthException" || e.init.type === undefined ? { "www-authenticate": `OAuth "Facebook Platform" "invalid_token" "${e.message.replace(/"/g, "'").replace(/[^\x20-\x7e]/g, "?")}"` } : {};
        return send(e.status, JSON.stringify(e.body(traceId)), { "content-type": "application/json; charset=UTF-8", ...extra, ...(e.init.headers ?? {}) });
      }
      console.error("[meta-sim] handler crashed", e);
      // Graph's answer for an internal failure: code 1 or 2 (https://developers.facebook.com/docs/graph-api/guides/error-handling).
      const err = new GraphError({ status: 500, code: 2, type: "OAuthException", message: "An unexpected error has occurred. Please retry your request later.", isTransient: true });
      return send(500, JSON.stringify(err.body(traceId)), { "content-type": "application/json; charset=UTF-8" });
    }
  }

  /**
   * @param {string} method @param {string} group @param {string[]} parts @param {import("./index.d.mts").Ctx} ctx
   */
  match(method, group, parts, ctx) {
    for (const r of this.routes) {
      if (r.method !== method || !r.groups.has(group) || r.segments.length !== parts.length) continue;
      /** @type {Record<string, string>} */
      const params = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const s = /** @type {string} */ (r.segments[i]);
        const p = /** @type {string} */ (parts[i]);
        if (s.startsWith(":")) params[s.slice(1)] = p;
        else if (s !== p) {
          ok = false;
          break;
        }
      }
      if (ok) {
        ctx.params = params;
        return r;
      }
    }
    return null;
  }

  /**
   * `GET /{id}?fields=…` for any node, through the reader registered for its type. Unknown id, edge or method →
   * code 100 subcode 33.
   * @param {import("./index.d.mts").Ctx} ctx @param {string[]} parts
   */
  async readNode(ctx, parts) {
    const token = this.requireToken(ctx, { node: parts.length === 1 ? parts[0] : undefined });
    if (parts.length !== 1 || ctx.method !== "GET") throw this.unsupported(ctx.method, parts.join("/"));
    const obj = this.resolveNode(ctx, token, /** @type {string} */ (parts[0]));
    const reader = this.nodeReaders.get(obj.type);
    if (!reader) throw this.unsupported(ctx.method, obj.id);
    return reader(obj, ctx, this.fields(ctx), token);
  }

  /** The `fields` parameter as a list (nested `a{b,c}` kept whole). @param {import("./index.d.mts").Ctx} ctx */
  fields(ctx) {
    const f = ctx.args.fields;
    if (!f) return [];
    /** @type {string[]} */
    const out = [];
    let depth = 0;
    let cur = "";
    for (const ch of f) {
      if (ch === "{") depth++;
      if (ch === "}") depth--;
      if (ch === "," && depth === 0) {
        if (cur.trim()) out.push(cur.trim());
        cur = "";
      } else cur += ch;
    }
    if (cur.trim()) out.push(cur.trim());
    return out;
  }

  /**
   * Picks the requested fields out of a full object: `fields` empty → `defaults`. Unknown fields → code 100
   * "Tried accessing nonexisting field" (https://developers.facebook.com/docs/graph-api/guides/error-handling, code
   * 100 Invalid parameter; message not documented; chosen: Graph's).
   * @param {Record<string, unknown>} full @param {string[]} fields @param {string[]} defaults @param {string} typeName
   */
  pick(full, fields, defaults, typeName) {
    const wanted = fields.length ? fields : defaults;
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const f of wanted) {
      const name = /** @type {string} */ (f.split("{")[0]).split(".")[0] ?? f;
      if (!(name in full)) {
        throw new GraphError({ code: 100, type: "OAuthException", message: `(#100) Tried accessing nonexisting field (${name}) on node type (${typeName})` });
      }
      if (full[name] !== undefined) out[name] = full[name];
    }
    if (!("id" in out) && full.id !== undefined) out.id = full.id;
    return out;
  }

  // ---------------------------------------------------------------- accounts

  /**
   * The object `id` names for this token ("me" → the token's own user or Page). Throws 100/33 when it does not
   * exist or the token may not see it.
   * @param {import("./index.d.mts").Ctx} ctx @param {import("./index.d.mts").Token} token @param {string} id
   * @returns {import("./index.d.mts").SimObject}
   */
  resolveNode(ctx, token, id) {
    if (id === "me") {
      const me = this.tokenSubject(token);
      if (!me) throw this.unsupported(ctx.method, id);
      return me;
    }
    let obj = this.state.objects.get(id);
    // Instagram Login: /me's `id` is the app-scoped id, `user_id` the professional account id; either names the account
    // (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/get-started).
    if (!obj) for (const u of this.state.igUsers.values()) if (u.appScopedId === id) obj = u;
    if (!obj || !this.canSee(token, obj)) throw this.unsupported(ctx.method, id);
    return obj;
  }

  /** The user / Page / account a token speaks for. @param {import("./index.d.mts").Token} token */
  tokenSubject(token) {
    if (token.kind === "page") return this.state.pages.get(/** @type {string} */ (token.pageId)) ?? null;
    if (token.provider === "meta") return this.state.fbUsers.get(token.userId) ?? null;
    if (token.provider === "instagram") return this.state.igUsers.get(token.userId) ?? null;
    if (token.provider === "threads") return this.state.threadsUsers.get(token.userId) ?? null;
    return null;
  }

  /** The account ids (user, Pages, IG accounts) a token may act for. @param {import("./index.d.mts").Token} token */
  accountsOf(token) {
    /** @type {Set<string>} */
    const ids = new Set();
    if (token.kind === "app") return ids;
    if (token.provider === "meta") {
      /** @type {string[]} */
      let pages = [];
      if (token.kind === "page") pages = [/** @type {string} */ (token.pageId)];
      else {
        ids.add(token.userId);
        pages = this.state.fbUsers.get(token.userId)?.pageIds ?? [];
      }
      for (const p of pages) {
        ids.add(p);
        const ig = this.state.pages.get(p)?.igUserId;
        if (ig) ids.add(ig);
      }
    } else ids.add(token.userId);
    return ids;
  }

  /**
   * Whether the token may read / act on the object: accounts it manages, and media / containers those own.
   * @param {import("./index.d.mts").Token} token @param {import("./index.d.mts").SimObject} obj
   */
  canSee(token, obj) {
    const accounts = this.accountsOf(token);
    if (accounts.has(obj.id)) return true;
    const owner = /** @type {{ ownerId?: string }} */ (obj).ownerId;
    return owner !== undefined && accounts.has(owner);
  }

  /**
   * The account named by a path id ("me" allowed) that the token may act for; 100/33 otherwise.
   * @param {import("./index.d.mts").Ctx} ctx @param {import("./index.d.mts").Token} token @param {string} id
   * @returns {import("./index.d.mts").FbUser | import("./index.d.mts").Page | import("./index.d.mts").IgUser | import("./index.d.mts").ThreadsUser}
   */
  account(ctx, token, id) {
    const obj = this.resolveNode(ctx, token, id);
    if (!["fb_user", "page", "ig_user", "threads_user"].includes(obj.type)) throw this.unsupported(ctx.method, id);
    return /** @type {any} */ (obj);
  }

  // ---------------------------------------------------------------- tokens

  /**
   * Issues a token.
   * @param {Omit<import("./index.d.mts").Token, "value" | "issuedAt" | "revoked" | "expiresAt"> & { value?: string, lifetimeMs: number | null }} t
   */
  issue(t) {
    const prefix = t.provider === "instagram" ? "IGAA" : t.provider === "threads" ? "THAA" : "EAA";
    const now = this.clock.now();
    /** @type {import("./index.d.mts").Token} */
    const token = {
      value: t.value ?? this.newTokenValue(prefix),
      provider: t.provider,
      kind: t.kind,
      appId: t.appId,
      userId: t.userId,
      pageId: t.pageId,
      issuedAt: now,
      expiresAt: t.lifetimeMs === null ? null : now + t.lifetimeMs,
      longLived: t.longLived,
      parent: t.parent,
    };
    this.state.tokens.set(token.value, token);
    return token;
  }

  /** @param {string} appId @param {string} userId */
  grantKey(appId, userId) {
    return `${appId}:${userId}`;
  }

  /** The scopes the user currently grants the token's app (live: dropping one affects every token). @param {import("./index.d.mts").Token} token */
  scopesOf(token) {
    if (token.kind === "app") return new Set();
    return this.state.grants.get(this.grantKey(token.appId, token.userId)) ?? new Set();
  }

  /** The token sent with the request: `access_token` (query or body) or `Authorization: Bearer|OAuth …`. @param {import("./index.d.mts").Ctx} ctx */
  tokenString(ctx) {
    // Graph takes access_token as a parameter (https://developers.facebook.com/docs/graph-api/overview#access-tokens)
    // or an Authorization header (https://developers.facebook.com/documentation/threads/ shows
    // "Authorization: Bearer"); not documented for every host; chosen: both everywhere.
    const a = ctx.args.access_token;
    if (a) return a;
    const h = String(ctx.headers.authorization ?? "");
    const m = /^(Bearer|OAuth)\s+(.+)$/i.exec(h);
    return m ? /** @type {string} */ (m[2]).trim() : null;
  }

  /**
   * The app token forms: `app_id|app_secret` (https://developers.facebook.com/docs/facebook-login/guides/access-tokens#apptokens),
   * `TH|app_id|app_secret` for Threads (https://developers.facebook.com/documentation/threads/get-started/app-access-tokens),
   * or one issued by grant_type=client_credentials.
   * @param {string} value
   * @returns {import("./index.d.mts").Token | null}
   */
  appToken(value) {
    const parts = value.split("|");
    const [appId, secret] = parts.length === 3 && parts[0] === "TH" ? [parts[1], parts[2]] : parts.length === 2 ? [parts[0], parts[1]] : [undefined, undefined];
    if (!appId || !secret) return null;
    const app = this.state.apps.get(appId);
    if (!app || app.secret !== secret) return null;
    return { value, provider: app.provider, kind: "app", appId, userId: appId, issuedAt: 0, expiresAt: null, longLived: true };
  }

  /**
   * Checks the request's token, in the order Graph does, and counts the call. See index.d.mts RequireTokenOptions.
   * @param {import("./index.d.mts").Ctx} ctx
   * @param {import("./index.d.mts").RequireTokenOptions} [opts]
   * @returns {import("./index.d.mts").Token}
   */
  requireToken(ctx, opts = {}) {
    const value = this.tokenString(ctx);
    // No token: code 104 "An access token is required to request this resource." (not listed on
    // https://developers.facebook.com/docs/graph-api/guides/error-handling; chosen: Graph's answer).
    if (!value) throw new GraphError({ code: 104, type: "OAuthException", message: "An access token is required to request this resource." });
    const token = this.state.tokens.get(value) ?? this.appToken(value);
    // Unknown or garbled token, or a token of another host's provider (an Instagram Login token on
    // graph.facebook.com): code 190 without subcode — "the access token has expired, been revoked, or is otherwise
    // invalid" (https://developers.facebook.com/docs/graph-api/guides/error-handling, OAuthException / 190).
    const expected = ctx.hostGroup ? PROVIDER_OF_GROUP[ctx.hostGroup] : undefined;
    if (!token || (expected && token.provider !== expected)) {
      throw new GraphError({ code: 190, type: "OAuthException", message: "Invalid OAuth access token - Cannot parse access token" });
    }
    if (token.kind === "app" && !opts.allowApp) {
      throw new GraphError({ code: 190, type: "OAuthException", message: "An active access token must be used to query information about the current user." });
    }
    this.checkTokenValid(token);
    ctx.token = token;
    if (opts.kinds && !opts.kinds.includes(token.kind)) {
      // e.g. an endpoint that needs a Page token called with a user token: code 190 / 210 "(#210) A page access
      // token is required to request this resource." Not documented per endpoint; chosen: code 210, in the
      // documented 200-299 permission range (https://developers.facebook.com/docs/graph-api/guides/error-handling).
      throw new GraphError({ code: 210, type: "OAuthException", message: `(#210) A ${opts.kinds.join(" or ")} access token is required to request this resource.` });
    }
    // The account the call is about (for the Business Use Case usage of Page / Instagram calls): the account named,
    // or the owner of the node named.
    let accountId;
    if (opts.account) accountId = this.account(ctx, token, opts.account).id;
    else if (opts.node) {
      const obj = this.resolveNode(ctx, token, opts.node);
      accountId = /** @type {{ ownerId?: string }} */ (obj).ownerId ?? obj.id;
    }
    this.countCall(ctx, token, accountId);
    this.checkScopes(token, opts);
    return token;
  }

  /**
   * Throws the permission error when the token's grant lacks a scope (see requireToken).
   * @param {import("./index.d.mts").Token} token
   * @param {{ scopes?: string[], anyScopes?: string[], permissionErrorCode?: number }} opts
   */
  checkScopes(token, opts) {
    if (token.kind === "app") return;
    const scopes = this.scopesOf(token);
    const missing = (opts.scopes ?? []).filter((s) => !scopes.has(s));
    const anyMissing = opts.anyScopes && opts.anyScopes.length > 0 && !opts.anyScopes.some((s) => scopes.has(s));
    if (!missing.length && !anyMissing) return;
    const names = missing.length ? missing : /** @type {string[]} */ (opts.anyScopes);
    // Missing permission: code 10 "Application does not have permission for this action" or 200-299
    // (https://developers.facebook.com/docs/graph-api/guides/error-handling: 10 API Permission Denied, 200-299 API
    // Permission). Which one each endpoint answers is given by the endpoint (permissionErrorCode); not documented
    // per endpoint; chosen: 10 unless the endpoint says otherwise.
    const code = opts.permissionErrorCode ?? 10;
    throw new GraphError({
      code,
      type: "OAuthException",
      message: code === 10 ? `(#10) Application does not have permission for this action` : `(#${code}) Requires ${names.join(", ")} permission to manage the object`,
      extra: { missing_permissions: names },
    });
  }

  /**
   * Cursor-based pagination as Graph does it: `limit`, `after`, `before`; answer
   * `{ data, paging: { cursors: { before, after }, next?, previous? } }`
   * (https://developers.facebook.com/docs/graph-api/results#cursors). Default limit 25; maximum not documented per
   * edge; chosen: 100. `next` / `previous` are production URLs (clients send them through networkUrl).
   * @template T
   * @param {import("./index.d.mts").Ctx} ctx @param {T[]} rows @param {(row: T) => string} key
   */
  paginate(ctx, rows, key) {
    const limit = Math.min(100, Math.max(1, Number(ctx.args.limit ?? 25) || 25));
    const enc = (/** @type {string} */ k) => Buffer.from(k).toString("base64url");
    const dec = (/** @type {string} */ c) => Buffer.from(c, "base64url").toString("utf8");
    let start = 0;
    if (ctx.args.after) {
      const i = rows.findIndex((r) => key(r) === dec(ctx.args.after ?? ""));
      start = i < 0 ? rows.length : i + 1;
    } else if (ctx.args.before) {
      const i = rows.findIndex((r) => key(r) === dec(ctx.args.before ?? ""));
      start = Math.max(0, (i < 0 ? 0 : i) - limit);
    }
    const page = rows.slice(start, start + limit);
    /** @type {Record<string, unknown>} */
    const paging = {};
    if (page.length) {
      paging.cursors = { before: enc(key(/** @type {T} */ (page[0]))), after: enc(key(/** @type {T} */ (page[page.length - 1]))) };
      /** @param {string} name @param {string} value */
      const link = (name, value) => {
        const q = new URLSearchParams(ctx.query);
        q.delete("after");
        q.delete("before");
        q.set(name, value);
        return `https://${ctx.host}${ctx.version ? `/${ctx.version}` : ""}${ctx.path}?${q}`;
      };
      if (start + limit < rows.length) paging.next = link("after", enc(key(/** @type {T} */ (page[page.length - 1]))));
      if (start > 0) paging.previous = link("before", enc(key(/** @type {T} */ (page[0]))));
    }
    return { data: page, paging };
  }

  /**
   * Expired → 190/463, revoked → 190/458|460|467 (https://developers.facebook.com/docs/graph-api/guides/error-handling,
   * "Authentication Error Subcodes": 458 App Not Installed, 460 Password Changed, 463 Expired, 467 Invalid Access Token).
   * @param {import("./index.d.mts").Token} token
   */
  checkTokenValid(token) {
    if (token.revoked) throw new GraphError({ code: 190, subcode: token.revoked.subcode, type: "OAuthException", message: token.revoked.message });
    if (token.expiresAt !== null && this.clock.now() >= token.expiresAt) {
      throw new GraphError({
        code: 190,
        subcode: 463,
        type: "OAuthException",
        message: `Error validating access token: Session has expired on ${new Date(token.expiresAt).toUTCString()}. The current time is ${new Date(this.clock.now()).toUTCString()}.`,
      });
    }
  }

  /** @param {import("./index.d.mts").Token} token @param {number} subcode @param {string} message */
  revokeToken(token, subcode, message) {
    token.revoked = { subcode, message };
    // Page tokens obtained through a user token go with it: a Page token is valid only while the user's
    // authorization stands (https://developers.facebook.com/docs/facebook-login/guides/access-tokens#pagetokens).
    for (const t of this.state.tokens.values()) if (t.parent === token.value && !t.revoked) this.revokeToken(t, subcode, message);
  }

  /**
   * The user removed the app (or DELETE /{user-id}/permissions): every token of that app and user → 190/458
   * "The user has not authorized application" (https://developers.facebook.com/docs/graph-api/guides/error-handling, 458).
   * @param {string} appId @param {string} userId
   */
  deauthorize(appId, userId) {
    this.state.grants.delete(this.grantKey(appId, userId));
    for (const t of this.state.tokens.values()) {
      if (t.appId === appId && t.userId === userId && !t.revoked) {
        this.revokeToken(t, 458, `Error validating access token: The user has not authorized application ${appId}.`);
      }
    }
  }

  // ---------------------------------------------------------------- rate limits and usage

  /**
   * Counts a call and sets the usage headers; throws the throttling error when a limit is reached.
   *
   * https://developers.facebook.com/docs/graph-api/overview/rate-limiting :
   * - user / app tokens → Platform Rate Limits, header X-App-Usage {call_count, total_cputime, total_time} (percent),
   *   app limit "Calls within one hour = 200 * Number of Users" → error code 4 (app) / 17 (user);
   * - Page tokens and Instagram Platform → Business Use Case limits, header X-Business-Use-Case-Usage
   *   {"<business-object-id>": [{type, call_count, total_cputime, total_time, estimated_time_to_regain_access}]},
   *   Pages "4800 * Number of Engaged Users" per 24 h, Instagram "4800 * Number of Impressions" per 24 h → error
   *   codes 80001 (pages) / 80002 (instagram); code 32 Page request limit for Pages called with user tokens;
   *   613 "Calls to this api have exceeded the rate limit" (custom limits).
   * - Threads: its own limit per app and user (https://developers.facebook.com/documentation/threads/overview,
   *   "Rate limiting": 4800 * impressions per 24 h, impressions at least 10); the usage header and the error code
   *   Threads sends are not documented; chosen: X-App-Usage, code 4.
   * @param {import("./index.d.mts").Ctx} ctx @param {import("./index.d.mts").Token} token @param {string} [accountId]
   */
  countCall(ctx, token, accountId) {
    const now = this.clock.now();
    const st = this.state;
    const account = accountId ?? (token.kind === "page" ? token.pageId : token.provider !== "meta" && token.kind !== "app" ? token.userId : undefined);
    // Which limit applies: "If both Platform and Business Use Case rate limits can be applied to a request, BUC rate
    // limits will be applied" (rate-limiting page). Page tokens → BUC "pages"; Instagram Platform → BUC "instagram";
    // Threads → its own per-profile limit; everything else → Platform (app).
    const kind =
      token.provider === "threads" ? "threads" : account !== undefined && st.igUsers.has(account) ? "instagram" : token.kind === "page" ? "pages" : "platform";
    /** @param {string} key @param {number} windowMs */
    const tally = (key, windowMs) => {
      const list = (st.calls.get(key) ?? []).filter((t) => t > now - windowMs);
      list.push(now);
      st.calls.set(key, list);
      return list.length;
    };
    /** @param {import("./index.d.mts").LimitState | undefined} f */
    const blocked = (f) => f?.until !== undefined && f.until > now;
    /** @param {import("./index.d.mts").LimitState | undefined} f */
    const regain = (f) => (blocked(f) ? Math.ceil((/** @type {number} */ (f?.until) - now) / 60000) : 0);
    const appFault = st.limits.get(`app:${token.appId}`);
    const accountFault = account !== undefined ? st.limits.get(`account:${account}`) : undefined;

    /** @type {number} percent of the limit used, for the header */
    let percent;
    if (kind === "platform") {
      const users = [...st.grants.keys()].filter((k) => k.startsWith(`${token.appId}:`)).length || 1;
      percent = Math.floor((tally(`app:${token.appId}`, HOUR) / (200 * users)) * 100);
    } else if (kind === "threads") {
      // "An app's call count is unique for each app and app user pair … Calls within 24 hours = 4800 * Number of
      // Impressions … The minimum value for impressions is 10" (https://developers.facebook.com/documentation/threads/overview).
      percent = Math.floor((tally(`threads:${token.appId}:${token.userId}`, DAY) / (4800 * 10)) * 100);
    } else {
      const daily = kind === "pages" ? (st.pages.get(/** @type {string} */ (account))?.engagedUsers ?? 1) : (st.igUsers.get(/** @type {string} */ (account))?.impressions ?? 1);
      percent = Math.floor((tally(`account:${account}`, DAY) / (4800 * Math.max(1, daily))) * 100);
    }
    const fault = kind === "platform" ? appFault : accountFault ?? appFault;
    if (fault?.percent !== undefined) percent = fault.percent;
    if (blocked(appFault) || blocked(accountFault)) percent = Math.max(percent, 100);
    percent = Math.min(100, percent);
    const share = Math.floor(percent / 2);
    if (kind === "pages" || kind === "instagram") {
      ctx.responseHeaders["x-business-use-case-usage"] = JSON.stringify({
        [/** @type {string} */ (account)]: [{ type: kind, call_count: percent, total_cputime: share, total_time: share, estimated_time_to_regain_access: regain(accountFault ?? appFault) }],
      });
    } else {
      // Threads' usage header is not documented; chosen: X-App-Usage, as the rest of Graph.
      ctx.responseHeaders["x-app-usage"] = JSON.stringify({ call_count: percent, total_cputime: share, total_time: share });
    }
    if (blocked(accountFault) || (kind !== "platform" && percent >= 100)) {
      // Threads accounts: the throttling code is not documented; chosen: 4. A Page called with a user token: 32.
      const code = accountFault?.code ?? (kind === "instagram" ? 80002 : kind === "pages" ? 80001 : kind === "threads" ? 4 : 32);
      throw new GraphError({ code, type: "OAuthException", message: throttleMessage(code), isTransient: true });
    }
    if (blocked(appFault) || percent >= 100) {
      const code = appFault?.code ?? 4;
      throw new GraphError({ code, type: "OAuthException", message: throttleMessage(code), isTransient: true });
    }
  }

  // ---------------------------------------------------------------- faults

  /** @param {import("./index.d.mts").Ctx} ctx */
  takeFailure(ctx) {
    const i = this.state.failures.findIndex((f) => {
      if (f.match.method && f.match.method.toUpperCase() !== ctx.method) return false;
      if (f.match.host && f.match.host !== ctx.host && !(/** @type {readonly string[]} */ (HOST_GROUPS[/** @type {keyof typeof HOST_GROUPS} */ (f.match.host)] ?? [])).includes(ctx.host)) return false;
      if (f.match.path instanceof RegExp ? !f.match.path.test(ctx.path) : f.match.path && f.match.path !== ctx.path) return false;
      return true;
    });
    if (i < 0) return null;
    const [f] = this.state.failures.splice(i, 1);
    return f?.error ?? null;
  }

  // ---------------------------------------------------------------- media

  /**
   * Fetches a media URL we were given, as Meta's servers do ("We download media used in publishing attempts so the
   * media must be hosted on a publicly accessible server at the time of the attempt",
   * https://developers.facebook.com/documentation/threads/get-started; the same for Instagram:
   * https://developers.facebook.com/docs/instagram-platform/content-publishing). Never throws.
   * @param {string} url @param {{ kind?: "image" | "video" }} [opts]
   * @returns {Promise<import("./index.d.mts").FetchResult>}
   */
  async fetchMedia(url, opts = {}) {
    /** @type {import("./index.d.mts").FetchResult} */
    let result;
    try {
      const r = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(10_000) });
      const bytes = Buffer.from(await r.arrayBuffer());
      const contentType = (r.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      result = { ok: r.ok, status: r.status, contentType, bytes, size: bytes.length };
      if (!r.ok) result.error = `HTTP ${r.status}`;
      else if (opts.kind && !contentType.startsWith(`${opts.kind}/`)) {
        result.ok = false;
        result.error = `content type ${contentType || "(none)"} is not ${opts.kind}/*`;
      }
    } catch (e) {
      result = { ok: false, status: 0, contentType: "", bytes: Buffer.alloc(0), size: 0, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    this.state.fetchLog.push({ at: this.clock.now(), url, ok: result.ok, status: result.status, contentType: result.contentType, size: result.size, error: result.error });
    return result;
  }

  /**
   * Adds a published media object (publish.mjs, or addExternalMedia) to the shared state.
   * @param {Partial<import("./index.d.mts").Media> & { type: import("./index.d.mts").Media["type"], ownerId: string }} m
   * @returns {import("./index.d.mts").Media}
   */
  addMedia(m) {
    const network = m.type === "ig_media" ? "instagram" : m.type === "fb_post" ? "facebook" : "threads";
    const id = m.id ?? (network === "facebook" ? `${m.ownerId}_${this.newId("12")}` : this.newId(network === "instagram" ? "179" : "181"));
    const shortcode = m.shortcode ?? crypto.createHash("sha1").update(id).digest("base64url").slice(0, 11);
    const owner = this.state.igUsers.get(m.ownerId) ?? this.state.threadsUsers.get(m.ownerId);
    const permalink =
      m.permalink ??
      (network === "instagram"
        ? `https://www.instagram.com/${m.media_product_type === "REELS" ? "reel" : "p"}/${shortcode}/`
        : network === "threads"
          ? `https://www.threads.com/@${owner?.username ?? "user"}/post/${shortcode}`
          : `https://www.facebook.com/${id}`);
    /** @type {import("./index.d.mts").Media} */
    const media = {
      appId: null,
      createdAt: this.clock.now(),
      comments: [],
      ...m,
      id,
      network,
      shortcode,
      permalink,
    };
    this.state.media.set(id, media);
    this.put(media);
    return media;
  }

  // ---------------------------------------------------------------- server

  /** @param {number} [port] */
  async listen(port = 0) {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      // Loopback only.
      server.listen(port, "127.0.0.1", () => resolve(undefined));
    });
    this.server = server;
    const addr = /** @type {import("node:net").AddressInfo} */ (server.address());
    this.url = `http://127.0.0.1:${addr.port}`;
    return this.url;
  }

  async close() {
    const s = this.server;
    if (!s) return;
    this.server = null;
    s.closeAllConnections?.();
    await new Promise((resolve) => s.close(() => resolve(undefined)));
  }
}

/**
 * Messages of the throttling codes (https://developers.facebook.com/docs/graph-api/guides/error-handling: 4 API
 * Too Many Calls, 17 API User Too Many Calls, 32 Page request limit, 613; 80001/80002 from
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting). Wording not documented; chosen: Graph's.
 * @param {number} code
 */
export function throttleMessage(code) {
  switch (code) {
    case 4:
      return "(#4) Application request limit reached";
    case 17:
      return "(#17) User request limit reached";
    case 32:
      return "(#32) Page request limit reached";
    case 613:
      return "(#613) Calls to this api have exceeded the rate limit.";
    case 80001:
      return "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.";
    case 80002:
      return "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.";
    default:
      return `(#${code}) Rate limit reached`;
  }
}

/** @param {Record<string, string>} args */
function redact(args) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [k, v] of Object.entries(args)) out[k] = /token|secret|code_verifier/i.test(k) ? "[redacted]" : v;
  return out;
}

/**
 * Text fields of a multipart/form-data body (file parts are skipped; the simulator takes media by URL).
 * @param {Buffer} raw @param {string} contentType
 */
function parseMultipartFields(raw, contentType) {
  /** @type {Record<string, string>} */
  const out = {};
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m ? (m[1] ?? m[2]) : null;
  if (!boundary) return out;
  const text = raw.toString("latin1");
  for (const part of text.split(`--${boundary}`)) {
    const idx = part.indexOf("\r\n\r\n");
    if (idx < 0) continue;
    const head = part.slice(0, idx);
    const name = /name="([^"]+)"/i.exec(head)?.[1];
    if (!name || /filename=/i.test(head)) continue;
    out[name] = Buffer.from(part.slice(idx + 4).replace(/\r\n$/, ""), "latin1").toString("utf8");
  }
  return out;
}
