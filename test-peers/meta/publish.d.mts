// Types of the publishing part of the Meta simulator (publish.mjs): its state and the controls tests use
// through `sim.publish`.

export interface ContainerError {
  /** Graph error code (IG: e.g. 9004 download failed, 352 video format, 36001 image format) */
  code: number;
  /** Graph error subcode (IG: e.g. 2207052); null for Threads */
  subcode: number | null;
  message: string;
  userTitle?: string;
  /** Threads `error_message` (FAILED_DOWNLOADING_VIDEO, INVALID_DURATION, UNKNOWN, …); null for Instagram */
  errorMessage: string | null;
}

export interface Container {
  type: "ig_container" | "threads_container";
  id: string;
  network: "instagram" | "threads";
  ownerId: string;
  appId: string;
  /** IG: IMAGE | VIDEO (carousel video) | REELS | STORIES | CAROUSEL; Threads: TEXT | IMAGE | VIDEO | CAROUSEL */
  kind: string;
  isCarouselItem: boolean;
  caption: string | null;
  altText: string | null;
  url: string | null;
  children: string[];
  extra: Record<string, any>;
  createdAt: number;
  /** status polls left before the container leaves IN_PROGRESS */
  pollsLeft: number;
  error: ContainerError | null;
  publishedMediaId: string | null;
  /** the carousel container this item belongs to */
  reservedBy?: string;
}

export interface PublishRecord {
  network: "instagram" | "threads" | "facebook";
  accountId: string;
  at: number;
  mediaId: string | null;
  containerId: string | null;
  kind: "post" | "reply";
  /** added by useQuota (no media behind it) */
  synthetic: boolean;
}

export interface Match {
  network?: "instagram" | "threads" | "facebook";
  accountId?: string;
  /** how many times the rule applies (default 1) */
  count?: number;
}

export interface PublishState {
  containers: Map<string, Container>;
  publishes: PublishRecord[];
  pollRules: Array<{ polls: number; match: Match; left: number }>;
  failRules: Array<{ match: Match; error: Partial<ContainerError>; left: number }>;
  hangRules: Array<{ match: Match; mode: "destroy" | "hang"; left: number }>;
  hung: import("node:net").Socket[];
  options: { duplicateCheck: boolean };
}

export interface PublishControl {
  state: PublishState;
  /** The next container(s) created (matching) stay IN_PROGRESS for `polls` status reads. */
  slowContainers(polls: number, match?: Match): void;
  /** Sets the IN_PROGRESS polls left of one container. */
  setPolls(containerId: string, polls: number): void;
  /** The next container(s) created (matching) end in ERROR with this error (after their polls). */
  failNextContainer(match: Match, error: Partial<ContainerError>): void;
  /** Puts one container in ERROR. */
  failContainer(containerId: string, error: Partial<ContainerError>): void;
  /**
   * The next publish call(s) (media_publish, threads_publish, Page feed/photos/videos) matching are performed, and
   * then the answer never arrives: "destroy" (default) closes the socket, "hang" keeps it open until releaseHung().
   */
  hangNextPublish(match?: Match & { mode?: "destroy" | "hang" }): void;
  releaseHung(): void;
  /** Counts `count` publishes (now) against the account's quota, without media. */
  useQuota(accountId: string, count: number, kind?: "post" | "reply"): void;
  /** Publishes of the last 24 h (simulator clock) counted against the quota. */
  quotaUsage(accountId: string, kind?: "post" | "reply"): number;
  /** Containers (with their current status) of an account, or all. */
  containers(accountId?: string): Array<Container & { status: string }>;
  /** Current status of a container (does not count as a poll). */
  statusOf(containerId: string): "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED" | null;
}

export declare const IG_PUBLISH_QUOTA: number;
export declare const IG_CONTAINER_QUOTA: number;
export declare const THREADS_PUBLISH_QUOTA: number;
export declare const THREADS_REPLY_QUOTA: number;
export declare function register(sim: import("./index.d.mts").Sim): void;
