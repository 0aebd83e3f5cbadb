/** Types of the Google simulator (index.mjs). */
import type { OAuthApp, OAuthServer, OAuthUser, SimError, SimKit } from "../sim-kit/index.d.mts";

export const AUTH_HOST: string;
export const TOKEN_HOST: string;
export const API_HOST: string;
export const ANALYTICS_HOST: string;
export const SCOPES: { upload: string; youtube: string; readonly: string; forceSsl: string; analytics: string };
export const DAILY_UNITS: number;
export const COSTS: { list: number; insert: number; thumbnail: number };
export function googleApiError(code: number, status: string, message: string, reason: string, domain?: string): SimError;
export function pacificDay(ms: number): string;

export interface SimChannel {
  id: string;
  userId: string;
  title: string;
  customUrl: string;
  subscribers: number;
  hiddenSubscribers: boolean;
  /** thumbnails.set is allowed (a verified channel). */
  customThumbnails: boolean;
  /** Analytics: day (YYYY-MM-DD, Pacific) → metric → value. */
  daily: Record<string, Record<string, number>>;
  uploads: number;
}

export interface SimVideo {
  id: string;
  channelId: string;
  sessionId: string;
  title: string;
  description: string;
  tags: string[];
  categoryId: string;
  privacyStatus: string;
  madeForKids: boolean;
  publishAt: string | null;
  uploadStatus: string;
  bytes: Buffer;
  contentType: string;
  publishedAt: number;
  views: number;
  likes: number;
  comments: number;
  thumbnail: { contentType: string; bytes: Buffer } | null;
}

export interface SimSession {
  id: string;
  clientId: string;
  userId: string;
  channelId: string;
  size: number;
  contentType: string;
  received: number;
  chunks: Buffer[];
  createdAt: number;
  expiresAt: number;
  videoId: string | null;
  parts: string[];
  meta: { title: string; description: string; tags: string[]; categoryId: string; privacy: string; madeForKids: boolean; publishAt: string | null };
}

/** Where the simulator can hold an answer (the work done, the answer not sent) until `releaseHeld()`. */
export type HoldKind = "init" | "chunk" | "final" | "thumbnail";

export interface GoogleSim {
  sim: SimKit;
  oauth: OAuthServer;
  /** "Allow" with Google's rules (access_type=offline, prompt=consent, include_granted_scopes): the redirect back. */
  approve(authorizeUrl: string, opts: { userId: string; scopes?: string[] }): string;
  channels: Map<string, SimChannel>;
  videos: Map<string, SimVideo>;
  sessions: Map<string, SimSession>;
  quota: Map<string, { day: string; used: number }>;
  /** Registers the developer app; `unverified`: uploads are locked private, as YouTube does for unaudited projects. */
  registerApp(app: OAuthApp, opts?: { unverified?: boolean }): OAuthApp;
  addUser(user: OAuthUser): OAuthUser;
  addChannel(userId: string, c?: Partial<Pick<SimChannel, "id" | "title" | "customUrl" | "subscribers" | "hiddenSubscribers" | "customThumbnails" | "daily">>): SimChannel;
  videosOf(channelId: string): SimVideo[];
  /** Spends units of a project's (client id's) daily quota. */
  useQuota(clientId: string, units: number): void;
  quotaUsed(clientId: string): number;
  expireSession(sessionId: string): void;
  /** Holds the answer of the next `count` (1) requests of that kind, for the video titled `title` when given. */
  hold(kind: HoldKind, opts?: { count?: number; title?: string }): void;
  held(): Array<{ kind: HoldKind; title: string }>;
  releaseHeld(): void;
}

export function registerGoogle(sim: SimKit): GoogleSim;
export function startGoogleSimulator(): Promise<{ sim: SimKit; google: GoogleSim; business: unknown; url: string; close(): Promise<void> }>;
