/** Types of the LinkedIn contract simulator (index.mjs). */
import type { OAuthServer, OAuthToken, SimKit } from "../sim-kit/index.d.mts";

export interface Member {
  id: string;
  urn: string;
  name: string;
  picture: string;
}

export interface Organization {
  id: string;
  urn: string;
  name: string;
  vanityName: string;
  admins: Set<string>;
  followers: number;
}

export interface Media {
  urn: string;
  kind: "image" | "video" | "document";
  owner: string;
  status: "WAITING_UPLOAD" | "PROCESSING" | "AVAILABLE" | "PROCESSING_FAILED";
  bytes: Buffer | null;
  size: number | null;
  parts: Array<{ etag: string; bytes: Buffer } | null>;
  uploadToken: string | null;
  reads: number;
  fail: boolean;
}

export interface Upload {
  id: string;
  urn: string;
  part: number;
  firstByte: number;
  lastByte: number;
  expiresAt: number;
  used: boolean;
  etag: string | null;
}

export interface Post {
  id: string;
  author: string;
  /** As sent (little text). */
  commentary: string;
  /** What it reads as on LinkedIn (escapes undone; cut at an unescaped reserved character). */
  text: string;
  unescaped: boolean;
  visibility: string;
  lifecycleState: string;
  content: any;
  createdAt: number;
  publishedAt: number;
  byMember: string;
}

export interface LinkedInState {
  members: Map<string, Member>;
  organizations: Map<string, Organization>;
  media: Map<string, Media>;
  uploads: Map<string, Upload>;
  posts: Post[];
  stats: Map<string, Record<string, number>>;
  memberStats: Map<string, Record<string, number>>;
  createdPerDay: Map<string, number>;
}

export interface LinkedInControl {
  /** Creates a member may make per UTC day before 429 (default 150). */
  memberDailyPosts: number;
  /** Status reads a processing upload stays PROCESSING (default 0: AVAILABLE at the first read). */
  processingReads: number;
  /** The next finalized video ends PROCESSING_FAILED. */
  failNextVideo: boolean;
  /** The next uploaded document ends PROCESSING_FAILED. */
  failNextDocument: boolean;
}

export interface LinkedInSim {
  oauth: OAuthServer;
  state: LinkedInState;
  control: LinkedInControl;
  createApp(o: { redirectUris: string[]; scopes?: string[] }): { clientId: string; clientSecret: string };
  createMember(o?: { name?: string }): Member;
  createOrganization(o: { name: string; vanityName?: string; admins: string[]; followers?: number }): Organization;
  issueToken(memberId: string, clientId: string, scopes: string[]): OAuthToken;
  postsBy(author: string): Post[];
  setStats(urn: string, s: Record<string, number>): void;
  setMemberStats(urn: string, s: Record<string, number>): void;
  media(urn: string): Media | undefined;
  mediaOf(owner: string, kind: "image" | "video" | "document"): Media[];
  expireUploads(): void;
  holdCreates(mode: "before" | "after", count?: number, author?: string): void;
  releaseHeld(): void;
}

export const VIDEO_PART_BYTES: number;
export function readLittleText(text: string): { text: string; unescaped: boolean };
export function registerLinkedIn(sim: SimKit): LinkedInSim;
export function startLinkedInSimulator(): Promise<{ sim: SimKit; linkedin: LinkedInSim; url: string; close(): Promise<void> }>;
