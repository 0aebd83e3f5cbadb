import type { Ctx, OAuthServer, SimError, SimKit } from "../sim-kit/index.d.mts";

export declare const ACCESS_TTL_MS: number;
export declare const LIMITS: Record<"POST /2/tweets" | "DELETE /2/tweets" | "GET /2/tweets" | "GET /2/users/tweets" | "GET /2/users/me" | "POST /2/media" | "GET /2/media", number>;
export declare function problem(status: number, title: string, detail: string, extra?: Record<string, unknown>, headers?: Record<string, string>): SimError;

export interface XMetrics {
  retweet_count: number;
  reply_count: number;
  like_count: number;
  quote_count: number;
  bookmark_count: number;
  impression_count: number;
}
export interface XTweet {
  id: string;
  authorId: string;
  /** As X lists it (links as t.co). */
  text: string;
  /** As the app sent it. */
  sentText: string;
  createdAt: number;
  mediaIds: string[];
  replyTo: string | null;
  deleted: boolean;
  metrics: XMetrics;
}
export interface XMedia {
  id: string;
  ownerId: string;
  kind: "image" | "gif" | "video";
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  state: "uploading" | "pending" | "in_progress" | "succeeded" | "failed";
  checksLeft: number;
  fail: boolean;
  expiresAt: number;
  alt: string | null;
}
export interface XUser {
  id: string;
  name: string;
  username: string;
  followers: number;
}
export type XStep = "upload" | "initialize" | "append" | "finalize" | "status" | "metadata" | "create";

export interface XSim {
  oauth: OAuthServer;
  state: { tier: "free" | "basic"; processing: { checks: number; fail: boolean }; created: XTweet[] };
  tweets: Map<string, XTweet>;
  media: Map<string, XMedia>;
  addUser(u: { id?: string; name: string; username: string; followers?: number }): XUser;
  postsOf(userId: string): XTweet[];
  setTier(tier: "free" | "basic"): void;
  setMetrics(id: string, m: Partial<XMetrics>): void;
  setFollowers(userId: string, n: number): void;
  exhaust(endpoint: keyof typeof LIMITS, userId: string, resetAt: number): void;
  setProcessing(p: { checks?: number; fail?: boolean }): void;
  hang(step: XStep, opts?: { after?: boolean; match?: (ctx: Ctx) => boolean }): { release(): void; reached(): boolean };
  releaseAll(): void;
}
export declare function registerX(sim: SimKit): XSim;
export declare function startXSimulator(): Promise<{ sim: SimKit; x: XSim }>;
