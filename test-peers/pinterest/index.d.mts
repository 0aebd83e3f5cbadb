import type { OAuthApp, OAuthServer, OAuthToken, SimKit } from "../sim-kit/index.d.mts";

export const PINTEREST_SCOPES: string[];

export interface SimPinterestUser {
  id: string;
  username: string;
  business_name: string | null;
  follower_count: number;
  /** The account's analytics by day (`GET /v5/user_account/analytics`). */
  daily: { date: string; data_status?: string; metrics: Record<string, number> }[];
}
export interface SimBoard {
  id: string;
  name: string;
  privacy: string;
  ownerId: string;
}
export interface SimPin {
  id: string;
  ownerId: string;
  owner: string;
  board_id: string;
  title: string | null;
  description: string;
  link: string | null;
  alt_text: string | null;
  media_type: "image" | "multiple_images" | "video";
  /** Simulator clock (ms). */
  created: number;
  metrics: Record<string, number>;
}
export interface SimMedia {
  id: string;
  ownerId: string;
  status: "registered" | "processing" | "succeeded" | "failed";
  reads: number;
  bytes: number;
  usedBy: string | null;
}
export interface PinterestState {
  users: Map<string, SimPinterestUser>;
  boards: Map<string, SimBoard>;
  pins: SimPin[];
  media: Map<string, SimMedia>;
  processingReads: number;
  rateLimited: number;
  rateReset: number;
  rateOnly: { method: string; path: string } | null;
  hold: number;
  held: Array<() => void>;
}

export interface PinterestSim {
  sim: SimKit;
  oauth: OAuthServer;
  state: PinterestState;
  createApp(opts: { redirectUris: string[] }): OAuthApp;
  createUser(opts: { username: string; businessName?: string | null; followers?: number; boards?: { name: string; privacy?: string }[] }): { user: SimPinterestUser; boards: SimBoard[] };
  issueToken(userId: string, clientId: string, scopes?: string[]): OAuthToken;
  pinsOn(boardId: string): SimPin[];
  addOutsidePin(userId: string, boardId: string, fields: { title?: string; description?: string; link?: string; created?: number; metrics?: Record<string, number> }): SimPin;
  rateLimit(n: number, resetSeconds?: number, only?: { method: string; path: string } | null): void;
  holdCreates(n?: number): void;
  release(): void;
}

export function registerPinterest(sim: SimKit): PinterestSim;
export function startPinterestSimulator(): Promise<PinterestSim & { url: string; close(): Promise<void> }>;
