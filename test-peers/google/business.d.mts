import type { OAuthServer, Reply, SimError, SimKit } from "../sim-kit/index.d.mts";

export const BUSINESS_SCOPE: string;
export const ACCOUNTS_HOST: string;
export const INFO_HOST: string;
export const V4_HOST: string;
export const PERFORMANCE_HOST: string;
export const DAILY_METRICS: string[];

/** Google's JSON error as a SimError: `{ error: { code, message, status, details } }`. */
export function googleError(code: number, status: string, message: string, details?: unknown[]): SimError;

export interface SimAccount {
  name: string;
  accountName: string;
  type: string;
  users: Set<string>;
}

export interface PostalAddress {
  regionCode: string;
  addressLines: string[];
  locality: string;
}

export interface SimLocation {
  id: string;
  name: string;
  title: string;
  storefrontAddress?: PostalAddress;
  verified: boolean;
  accounts: Set<string>;
}

export interface SimLocalPost {
  name: string;
  summary?: string;
  topicType: string;
  createTime: string;
  updateTime: string;
  state: string;
  searchUrl: string;
  callToAction?: { actionType: string; url?: string };
  event?: { title: string; schedule: Record<string, { year?: number; month?: number; day?: number; hours?: number; minutes?: number }> };
  offer?: { couponCode?: string; redeemOnlineUrl?: string; termsConditions?: string };
  media?: Array<{ name: string; mediaFormat: string; googleUrl: string }>;
}

export interface HangControl {
  /** The next local post create waits: "before" (nothing made yet) or "after" (made, its answer held back). */
  hangNextCreate(opts: { mode: "before" | "after"; location?: string }): void;
  /** Lets held creates go on (answers to connections that are gone are lost); `abandonBefore`: the ones held before making their post are dropped (nothing made). */
  releaseHung(opts?: { abandonBefore?: boolean }): void;
  /** How many creates are held now. */
  hung(): number;
}

export interface GoogleBusinessSim extends HangControl {
  addAccount(userId: string, opts?: { name?: string; accountName?: string; type?: string }): SimAccount;
  addLocation(accountName: string, opts?: { id?: string; title?: string; address?: PostalAddress | null; verified?: boolean }): SimLocation;
  setVerified(locationName: string, verified: boolean): void;
  setMetric(locationName: string, metric: string, day: string, value: number): void;
  postsOf(locationName: string): SimLocalPost[];
  addPost(accountName: string, locationName: string, post: Partial<SimLocalPost>): SimLocalPost;
  reply(status: number, body: unknown, headers?: Record<string, string>): Reply;
}

export function registerGoogleBusiness(sim: SimKit, google: { oauth: OAuthServer }): GoogleBusinessSim;
