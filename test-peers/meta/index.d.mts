/**
 * Types of the Meta contract simulator (index.mjs, core.mjs and the modules). Server tests import them through
 * apps/server/test/helpers/meta-peer.ts.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export type Provider = "meta" | "instagram" | "threads";
export type TokenKind = "user" | "page" | "app";

export interface App {
  id: string;
  secret: string;
  provider: Provider;
  name: string;
  /** Valid OAuth redirect URIs; the authorize request's redirect_uri must equal one exactly. */
  redirectUris: string[];
}

export interface FbUser {
  type: "fb_user";
  id: string;
  name: string;
  pageIds: string[];
}

export interface Page {
  type: "page";
  id: string;
  name: string;
  category: string;
  fanCount: number;
  followers: number;
  /** "Number of Engaged Users" in the Pages rate-limit formula (4800 × this per 24 h). */
  engagedUsers: number;
  pictureUrl: string;
  businessId: string;
  igUserId?: string;
}

export interface IgUser {
  type: "ig_user";
  /** The Instagram professional account id (IG_ID; `user_id` of Instagram Login's /me; Facebook Login's instagram_business_account.id). */
  id: string;
  /** Instagram Login's app-scoped id (`id` of /me, `user_id` of the code exchange). */
  appScopedId: string;
  username: string;
  name: string;
  profilePictureUrl: string;
  followersCount: number;
  followsCount: number;
  accountType: "BUSINESS" | "MEDIA_CREATOR";
  /** The Page it is linked to (Facebook Login). */
  pageId?: string;
  /** "Number of Impressions" in the Instagram rate-limit formula (4800 × this per 24 h). */
  impressions: number;
  biography?: string;
  website?: string;
}

export interface ThreadsUser {
  type: "threads_user";
  id: string;
  username: string;
  name: string;
  pictureUrl: string;
  biography: string;
  followers: number;
}

export interface Token {
  value: string;
  provider: Provider;
  kind: TokenKind;
  appId: string;
  /** Facebook user id / IG user id (professional account id) / Threads user id; the app id for app tokens. */
  userId: string;
  pageId?: string;
  /** ms, sim clock */
  issuedAt: number;
  /** ms, sim clock; null = never */
  expiresAt: number | null;
  longLived: boolean;
  revoked?: { subcode: number; message: string };
  /** the user token a Page token came from */
  parent?: string;
}

export interface Code {
  code: string;
  provider: Provider;
  appId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number;
  used: boolean;
  challenge?: { value: string; method: string };
}

export type MediaType = "ig_media" | "fb_post" | "threads_media";

/** A published (or outside-the-app) media object: the contract between publish.mjs and insights.mjs. */
export interface Media {
  id: string;
  type: MediaType;
  network: "instagram" | "facebook" | "threads";
  /** IG user id / Page id / Threads user id */
  ownerId: string;
  /** the app that published it; null = posted outside the app */
  appId: string | null;
  /** ms, sim clock */
  createdAt: number;
  /** Instagram: IMAGE | VIDEO | CAROUSEL_ALBUM; Threads: TEXT_POST | IMAGE | VIDEO | CAROUSEL_ALBUM | REPOST_FACADE */
  media_type?: "IMAGE" | "VIDEO" | "CAROUSEL_ALBUM" | "TEXT_POST" | "REPOST_FACADE";
  /** Instagram only */
  media_product_type?: "FEED" | "REELS" | "STORY";
  /** Facebook Page posts */
  kind?: "status" | "link" | "photo" | "video";
  caption?: string;
  text?: string;
  message?: string;
  link?: string;
  mediaUrl?: string;
  thumbnailUrl?: string;
  altText?: string;
  /** child Media ids (carousel items); each child has parentId */
  children?: string[];
  parentId?: string;
  permalink: string;
  shortcode?: string;
  /** the IG / Threads container it was published from */
  containerId?: string;
  comments: Array<{ id: string; text: string; createdAt: number; fromAppId: string | null }>;
  /** numbers a test set (the rest are deterministic from the id); Page posts may set `reactions` as an object via insights.reactions */
  insights?: Record<string, number> & { reactions?: never };
  insightsUnavailable?: boolean;
  deleted?: boolean;
  [extra: string]: unknown;
}

export interface SimObjectBase {
  id: string;
  type: string;
}
export type SimObject = FbUser | Page | IgUser | ThreadsUser | Media | (SimObjectBase & Record<string, unknown>);

export interface FetchResult {
  ok: boolean;
  status: number;
  contentType: string;
  bytes: Buffer;
  size: number;
  error?: string;
}

export interface FetchEntry {
  at: number;
  url: string;
  ok: boolean;
  status: number;
  contentType: string;
  size: number;
  error?: string;
}

export interface RequestEntry {
  at: number;
  method: string;
  host: string;
  path: string;
  /** query ∪ body, tokens and secrets redacted */
  args: Record<string, string>;
  /** HTTP status answered; -1 = connection dropped */
  status: number;
  errorCode?: number;
  errorSubcode?: number;
}

export interface LimitState {
  /** ms: throttled until */
  until?: number;
  code?: number;
  /** usage header override */
  percent?: number;
}

export interface SimState {
  apps: Map<string, App>;
  fbUsers: Map<string, FbUser>;
  pages: Map<string, Page>;
  igUsers: Map<string, IgUser>;
  threadsUsers: Map<string, ThreadsUser>;
  /** `${appId}:${userId}` → scopes the user grants the app (live) */
  grants: Map<string, Set<string>>;
  tokens: Map<string, Token>;
  codes: Map<string, Code>;
  objects: Map<string, SimObject>;
  media: Map<string, Media>;
  fetchLog: FetchEntry[];
  requests: RequestEntry[];
  calls: Map<string, number[]>;
  limits: Map<string, LimitState>;
  failures: Array<{ match: FailureMatch; error: GraphErrorInit | { dropConnection: true } }>;
  accountInsights: Map<string, { daily: Record<string, Record<string, number>> }>;
}

export interface FailureMatch {
  method?: string;
  /** exact host or group name ("facebook", "instagram", "threads", …) */
  host?: string;
  /** exact path after the version, e.g. "/17841…/media_publish", or a RegExp */
  path?: string | RegExp;
}

export interface GraphErrorInit {
  /** HTTP status; default 400 (403 for codes 10 and 200-299) */
  status?: number;
  code: number;
  subcode?: number;
  /** default "OAuthException" */
  type?: string;
  message: string;
  userTitle?: string;
  userMsg?: string;
  isTransient?: boolean;
  /** extra fields inside `error` */
  extra?: Record<string, unknown>;
  /** extra response headers */
  headers?: Record<string, string>;
}

export declare class GraphError extends Error {
  constructor(init: GraphErrorInit);
  init: GraphErrorInit;
  status: number;
  body(traceId: string): { error: Record<string, unknown> };
}

export declare class Reply {
  constructor(status: number, body: unknown, headers?: Record<string, string>);
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface Ctx {
  method: string;
  /** e.g. "graph.facebook.com" */
  host: string;
  /** "facebook" | "facebookWww" | "instagram" | "instagramApi" | "instagramWww" | "threads" | "threadsWww" */
  hostGroup: string | null;
  /** path after the version, e.g. "/me/accounts" */
  path: string;
  segments: string[];
  /** "v24.0" or null */
  version: string | null;
  /** path parameters bound by the route pattern */
  params: Record<string, string | undefined>;
  query: URLSearchParams;
  /** form / JSON / multipart text fields */
  body: Record<string, string>;
  /** form body with repeated fields */
  form: URLSearchParams;
  rawBody: Buffer;
  /** query ∪ body (body wins) */
  args: Record<string, string | undefined>;
  headers: IncomingHttpHeaders;
  req: IncomingMessage;
  res: ServerResponse;
  sim: Sim;
  /** headers added to the answer (usage headers) */
  responseHeaders: Record<string, string>;
  /** set by requireToken */
  token: Token | null;
}

export type Handler = (ctx: Ctx) => unknown | Promise<unknown>;
export type NodeReader = (obj: SimObject, ctx: Ctx, fields: string[], token: Token) => unknown;

export interface RequireTokenOptions {
  /** every one required */
  scopes?: string[];
  /** at least one required */
  anyScopes?: string[];
  kinds?: TokenKind[];
  /** a path id ("me" allowed) the token must be able to act for; also names the account for BUC usage */
  account?: string;
  /** a path id of any node the token must be able to see; its owner (or itself) names the account for BUC usage */
  node?: string;
  /** 10 (default) or 200-299 */
  permissionErrorCode?: number;
  /** accept app tokens (debug_token) */
  allowApp?: boolean;
}

export interface SimOptions {
  /** Instagram code exchange: "documented" = { data: [ {…} ] } (Business Login page), "flat" = { access_token, user_id, permissions } */
  igTokenShape: "documented" | "flat";
}

export declare class Clock {
  offset: number;
  now(): number;
  set(t: number | Date): void;
  advance(ms: number): void;
}

export declare class Sim {
  clock: Clock;
  state: SimState;
  options: SimOptions;
  url: string;
  GraphError: typeof GraphError;
  newId(prefix?: string): string;
  newTokenValue(prefix: string): string;
  put<T extends { id: string; type: string }>(obj: T): T;
  nowSeconds(): number;
  route(method: string, hosts: string | string[], pattern: string, handler: Handler): void;
  nodeType(type: string, reader: NodeReader): void;
  reply(status: number, body: unknown, headers?: Record<string, string>): Reply;
  graphError(init: GraphErrorInit): GraphError;
  unsupported(method: string, id: string): GraphError;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  fields(ctx: Ctx): string[];
  pick(full: Record<string, unknown>, fields: string[], defaults: string[], typeName: string): Record<string, unknown>;
  resolveNode(ctx: Ctx, token: Token, id: string): SimObject;
  tokenSubject(token: Token): SimObject | null;
  accountsOf(token: Token): Set<string>;
  canSee(token: Token, obj: SimObject): boolean;
  account(ctx: Ctx, token: Token, id: string): FbUser | Page | IgUser | ThreadsUser;
  issue(t: Omit<Token, "value" | "issuedAt" | "revoked" | "expiresAt"> & { value?: string; lifetimeMs: number | null }): Token;
  grantKey(appId: string, userId: string): string;
  scopesOf(token: Token): Set<string>;
  tokenString(ctx: Ctx): string | null;
  appToken(value: string): Token | null;
  requireToken(ctx: Ctx, opts?: RequireTokenOptions): Token;
  checkScopes(token: Token, opts: { scopes?: string[]; anyScopes?: string[]; permissionErrorCode?: number }): void;
  paginate<T>(ctx: Ctx, rows: T[], key: (row: T) => string): { data: T[]; paging: Record<string, unknown> };
  checkTokenValid(token: Token): void;
  revokeToken(token: Token, subcode: number, message: string): void;
  deauthorize(appId: string, userId: string): void;
  countCall(ctx: Ctx, token: Token, accountId?: string): void;
  fetchMedia(url: string, opts?: { kind?: "image" | "video" }): Promise<FetchResult>;
  addMedia(m: Partial<Media> & { type: MediaType; ownerId: string }): Media;
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

export interface CreateFacebookUser {
  name?: string;
  /** default: one Page linked to one IG account */
  pages?: Array<{ name?: string; category?: string; fanCount?: number; followers?: number; instagram?: true | CreateInstagramUser }>;
  grant?: { appId: string; scopes: string[] };
}
export interface CreateInstagramUser {
  username?: string;
  name?: string;
  accountType?: "BUSINESS" | "MEDIA_CREATOR";
  followersCount?: number;
  pageId?: string;
  grant?: { appId: string; scopes: string[] };
}
export interface CreateThreadsUser {
  username?: string;
  name?: string;
  followers?: number;
  grant?: { appId: string; scopes: string[] };
}

export interface Faults {
  expireToken(token: string): void;
  revoke(token: string, reason?: "deauthorized" | "password_changed" | "logged_out"): void;
  rateLimit(target: { appId: string } | { accountId: string }, opts?: { code?: number; minutes?: number }): void;
  usage(target: { appId: string } | { accountId: string }, percent: number): void;
  clearRateLimit(): void;
  dropPermission(who: { appId: string; userId: string }, scope: string): void;
  failNext(match: FailureMatch, error: GraphErrorInit | { dropConnection: true }): void;
}

export declare class MetaSimulator extends Sim {
  faults: Faults;
  /** publishing controls (publish.mjs, helper sim-publish): containers, quotas, hung publishes */
  publish: import("./publish.d.mts").PublishControl;
  tokenRecord(value: string): Token;
  createApp(o: { provider: Provider; id?: string; secret?: string; redirectUris: string[]; name?: string }): App;
  createFacebookUser(o?: CreateFacebookUser): { user: FbUser; pages: Page[]; igUsers: IgUser[] };
  createInstagramUser(o?: CreateInstagramUser): IgUser;
  createThreadsUser(o?: CreateThreadsUser): ThreadsUser;
  grant(appId: string, userId: string, scopes: string[]): void;
  approve(authorizeUrl: string, opts: { userId?: string; scopes?: string[]; deny?: boolean }): string;
  issueToken(o: { appId: string; userId: string; pageId?: string; scopes?: string[]; longLived?: boolean }): string;
  publishedMedia(accountId: string): Media[];
  addExternalMedia(accountId: string, m?: Partial<Media>): Media;
  setInsights(mediaId: string, values: Record<string, number> & { unavailable?: boolean }): void;
  setAccountInsights(accountId: string, o: { followersCount?: number; daily?: Record<string, Record<string, number>> }): void;
}

export declare function createMetaSimulator(): Promise<MetaSimulator>;
export declare function startMetaSimulator(opts?: { port?: number }): Promise<MetaSimulator>;
export declare function graphTime(ms: number): string;
export declare function mediaNumbers(m: Media): Record<string, number> & { views: number; reach: number; likes: number; comments: number; saved: number; shares: number };
