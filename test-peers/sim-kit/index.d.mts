/**
 * Types of the simulator kit (index.mjs). A network's simulator registers routes on a `SimKit` and, where it signs
 * in with OAuth 2.0, makes an `OAuthServer` with `sim.oauth2({...})`.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export interface Ctx {
  method: string;
  /** The production host the app addressed (lower case), e.g. "api.linkedin.com". */
  host: string;
  /** The path after the host, e.g. "/rest/posts". */
  path: string;
  /** Named parts of the route's pattern (":id" → params.id; "*" → params.rest). */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  text(): string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  json(): any;
  /** The body as a form (empty unless application/x-www-form-urlencoded). */
  form(): URLSearchParams;
  /** A multipart/form-data body (files as Blob/File). */
  formData(): Promise<FormData>;
  /** The Authorization: Bearer token, if any. */
  bearer: string | null;
  /** The Authorization: Basic user and password, if any (URL-decoded, RFC 6749 §2.3.1). */
  basic: { user: string; pass: string } | null;
  sim: SimKit;
  /** Headers added to whatever this request answers (rate-limit headers…). */
  responseHeaders: Record<string, string>;
}

export type Handler = (ctx: Ctx) => unknown | Promise<unknown>;

export interface Route {
  hosts: string[];
  method: string;
  re: RegExp;
  names: string[];
  handler: Handler;
}

export interface FaultSpec {
  host?: string;
  method?: string;
  /** Exact path or a prefix ("/rest/posts" hits "/rest/posts/…"), or a RegExp. */
  path?: string | RegExp;
  /** Any other condition (the body's content…). */
  match?: (ctx: Ctx) => boolean;
  /** "before" (default): answered without running the handler. "after": the handler ran, then the answer is lost or replaced. */
  when?: "before" | "after";
  /** Drop the connection (default for "after" when no status is given). */
  drop?: boolean;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** How many matching requests it hits (default 1). */
  times?: number;
}
export type Fault = FaultSpec & { times: number; when: "before" | "after" };

export interface RequestEntry {
  at: number;
  method: string;
  host: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The status answered; -1 when the connection was dropped; 0 while in flight. */
  status: number;
}

export interface FetchEntry {
  url: string;
  status: number;
  bytes: number;
  at: number;
}

export class SimError extends Error {
  constructor(status: number, body: unknown, headers?: Record<string, string>);
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export class Reply {
  constructor(status: number, body: unknown, headers?: Record<string, string>);
  status: number;
  body: unknown;
  headers: Record<string, string>;
}
export function reply(status: number, body: unknown, headers?: Record<string, string>): Reply;
export function escapeHtml(s: string): string;
export function randomId(prefix: string, bytes?: number): string;

export class SimKit {
  constructor(opts?: { fallback?: (req: IncomingMessage, res: ServerResponse) => unknown; start?: number });
  url: string;
  routes: Route[];
  faults: Fault[];
  requests: RequestEntry[];
  fetched: FetchEntry[];
  now(): number;
  advance(ms: number): void;
  setNow(ms: number): void;
  route(hosts: string | string[], method: string, pattern: string | RegExp, handler: Handler): void;
  fault(spec: FaultSpec): void;
  requestsTo(host: string, pathPrefix?: string): RequestEntry[];
  fetchMedia(url: string): Promise<{ ok: true; status: number; contentType: string; bytes: Buffer } | { ok: false; status: number; error: string }>;
  publicUrl(host: string, path: string): string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<unknown>;
  start(opts?: { port?: number }): Promise<string>;
  close(): Promise<void>;
  oauth2(options: OAuthOptions): OAuthServer;
}
export function startSimKit(opts?: { fallback?: (req: IncomingMessage, res: ServerResponse) => unknown }): Promise<SimKit>;

export interface Endpoint {
  host: string;
  path: string;
  method?: string;
}

export interface OAuthOptions {
  /** The network's name (consent page title unless `title`). */
  name: string;
  title?: string;
  authorize: Endpoint;
  token: Endpoint;
  revoke?: Endpoint;
  /** The authorize/token parameter naming the app (TikTok: "client_key"). Default "client_id". */
  clientIdParam?: "client_id" | "client_key";
  /** How the token endpoint authenticates the app: form body, HTTP Basic, or either (default). */
  clientAuth?: "body" | "basic" | "either";
  /** Whether the revoke endpoint needs client authentication (default: yes, like the token endpoint). */
  revokeAuth?: "client" | "none";
  /** PKCE: required, optional (checked when sent; default), none. */
  pkce?: "required" | "optional" | "none";
  scopeSeparator?: " " | ",";
  codeTtlMs?: number;
  /** Access token lifetime (ms); null: never expires. Default one hour. */
  accessTtlMs?: number | null;
  /** Refresh token lifetime (ms); null: no expiry. Default null. */
  refreshTtlMs?: number | null;
  /** Issue refresh tokens at all (default true). */
  issueRefresh?: boolean;
  /** A refresh returns a new refresh token and the old one stops working (default false: the same one is kept). */
  rotateRefresh?: boolean;
  /** With rotation: the new refresh token keeps the old one's end (no extension). */
  keepRefreshExpiry?: boolean;
  /** Token requests may be JSON or query too ("any"); default form only (RFC 6749 §4.1.3). */
  tokenContentType?: "form" | "any";
  /** The network's token answer (default RFC 6749 §5.1 plus refresh_token_expires_in). */
  tokenBody?: (token: OAuthToken, grant: string) => unknown;
  /** The network's error shape for token/authorize errors (default `{ error, error_description }`). */
  errorBody?: (status: number, error: string, description: string) => unknown;
  /** The network's answer for a missing/unknown/revoked/expired access token on its API (default 401 invalid_token). */
  unauthorized?: (ctx: Ctx, reason: "missing" | "unknown" | "revoked" | "expired") => SimError;
  /** The network's answer for missing scopes (default 403 insufficient_scope). */
  forbidden?: (ctx: Ctx, missing: string[]) => SimError;
  revokeBody?: () => unknown;
}

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Scopes the app may ask for (others → invalid_scope); undefined: any. */
  scopes?: string[];
  name?: string;
}
export interface OAuthUser {
  id: string;
  name?: string;
  [k: string]: unknown;
}
export interface OAuthCode {
  code: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
  challenge: { value: string; method: string } | null;
}
export interface OAuthToken {
  access: string;
  refresh: string | null;
  clientId: string;
  userId: string;
  scopes: string[];
  issuedAt: number;
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  revoked: boolean;
  refreshUsed: boolean;
  code?: string;
}

export class OAuthServer {
  constructor(sim: SimKit, options: OAuthOptions);
  sim: SimKit;
  apps: Map<string, OAuthApp>;
  users: Map<string, OAuthUser>;
  codes: Map<string, OAuthCode>;
  tokens: Map<string, OAuthToken>;
  refreshTokens: Map<string, OAuthToken>;
  registerApp(app: OAuthApp): OAuthApp;
  addUser(user: OAuthUser): OAuthUser;
  /** What "Allow" does: the redirect URL back to the app (code + state), or error=invalid_scope. */
  approve(authorizeUrl: string, opts: { userId: string; scopes?: string[] }): string;
  /** What "Cancel" does: error=access_denied. */
  deny(authorizeUrl: string): string;
  /** Tokens without the consent page. */
  issue(userId: string, clientId: string, scopes: string[], opts?: { code?: string; refresh?: string | null; refreshExpiresAt?: number | null }): OAuthToken;
  /** The request's bearer token, checked (throws the network's unauthorized / forbidden errors). */
  authenticate(ctx: Ctx, opts?: { scopes?: string[]; value?: string | null }): OAuthToken;
  revokeToken(value: string): boolean;
  revokeUser(userId: string): void;
  expireAccess(userId: string): void;
  tokensOf(userId: string): OAuthToken[];
  fail(status: number, error: string, description: string): never;
}
