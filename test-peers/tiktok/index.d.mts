import type { OAuthServer, OAuthToken, SimKit } from "../sim-kit/index.d.mts";

export interface TikTokUser {
  id: string;
  username: string;
  display_name: string;
  avatar_url: string;
  follower_count: number;
  private: boolean;
  comment_disabled: boolean;
  duet_disabled: boolean;
  stitch_disabled: boolean;
  max_video_post_duration_sec: number;
  /** Tests set these: the creator may not post (spam_risk_user_banned_from_posting / spam_risk_too_many_posts). */
  banned: boolean;
  tooManyPosts: boolean;
  posts: TikTokPost[];
  inbox: Array<{ publishId: string; at: number; kind: "video" | "photo" }>;
}

export interface TikTokPost {
  id: string;
  publishId: string;
  kind: "video" | "photo";
  create_time: number;
  title: string;
  video_description: string;
  privacy: string;
  disable_comment: boolean;
  disable_duet: boolean;
  disable_stitch: boolean;
  brand_content_toggle: boolean;
  brand_organic_toggle: boolean;
  view_count: number;
  like_count: number;
  comment_count: number;
  share_count: number;
  share_url: string;
  photos: Array<{ bytes: number; sha256: string }> | null;
  bytes: Buffer | null;
}

export interface TikTokPublish {
  id: string;
  userId: string;
  mode: "direct" | "inbox";
  kind: "video" | "photo";
  source: "FILE_UPLOAD" | "PULL_FROM_URL";
  status: "PROCESSING_UPLOAD" | "PROCESSING_DOWNLOAD" | "SEND_TO_USER_INBOX" | "PUBLISH_COMPLETE" | "FAILED";
  failReason: string | null;
  size?: number;
  chunkSize?: number;
  count?: number;
  received: number;
  uploadExpiresAt?: number;
  postId: string | null;
  postInfo: Record<string, unknown>;
}

export interface TikTokAppSettings {
  clientId: string;
  audited: boolean;
  verified: string[];
}

export interface TikTokSim {
  sim: SimKit;
  oauth: OAuthServer;
  state: { apps: Map<string, TikTokAppSettings>; users: Map<string, TikTokUser>; publishes: Map<string, TikTokPublish>; oauth: OAuthServer; processingReads?: number };
  createApp(opts?: { redirectUris?: string[]; audited?: boolean; verified?: string[]; scopes?: string[] }): { id: string; secret: string; settings: TikTokAppSettings };
  createUser(opts?: Partial<Pick<TikTokUser, "username" | "display_name" | "follower_count" | "private" | "comment_disabled" | "duet_disabled" | "stitch_disabled" | "max_video_post_duration_sec">>): TikTokUser;
  issueToken(userId: string, appId: string, scopes: string[]): OAuthToken;
  failNextPublish(userId: string, ...reasons: string[]): void;
  postsOf(userId: string): TikTokPost[];
  inboxOf(userId: string): TikTokUser["inbox"];
  publishesOf(userId: string): TikTokPublish[];
}

export const RATE_LIMITS: Record<string, number>;
export function ok(data: unknown): { data: unknown; error: { code: "ok"; message: string; log_id: string } };
export function registerTikTok(sim: SimKit): TikTokSim;
export function startTikTokSimulator(): Promise<TikTokSim & { url: string; close(): Promise<void> }>;
