import type { Locale, Role } from "@socialplan/schema";
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.ts";
import type { DB, Dialect } from "./db/database.ts";
import type { UsersTable, WorkspacesTable } from "./db/schema.ts";
import type { BlobStore } from "./lib/blob-store.ts";
import type { Clock } from "./lib/clock.ts";
import type { EventBus } from "./lib/events.ts";
import type { SecretBox } from "./lib/crypto.ts";
import type { Mailer } from "./lib/mailer.ts";
import type { Outbound } from "./lib/outbound.ts";

/** What the server is built from; tests pass their own clock, database and mailer. */
export interface AppDeps {
  db: DB;
  dialect: Dialect;
  config: Config;
  clock: Clock;
  mailer: Mailer;
  secrets: SecretBox;
  /** Where the asset library's bytes live: DATA_DIR/files or S3-compatible storage. */
  blobs: BlobStore;
  /** The one client for URLs users give (webhooks, WordPress, Mastodon, Bluesky): private addresses refused. */
  outbound: Outbound;
  /** Workspace changes for open screens: in-process on the embedded database, LISTEN/NOTIFY on PostgreSQL. */
  events: EventBus;
  /**
   * Tells the publishing side that deliveries fall due at these times (or now): wakes the publisher running in
   * this process, and in PostgreSQL mode queues pg-boss wake-ups for the workers.
   */
  publisher?: { wake(times?: readonly string[]): void };
}

/** What a service needs for one call: the database (or a transaction), the clock and a logger. */
export interface ServiceContext {
  db: DB;
  now: Date;
  log: FastifyBaseLogger;
  /** Notifications raised in this call, to be emailed once the transaction has committed. */
  outbox?: Notice[];
}

export interface Notice {
  userId: string;
  kind: string;
  /** The card or the post it is about. */
  cardId: string | null;
  postId?: string | null;
  workspaceId?: string;
  actorName: string;
  /** For a post reminder: the channel and the text to copy. */
  channelId?: string;
  text?: string;
}

export type UserRow = UsersTable;

export interface Membership {
  memberId: string;
  workspaceId: string;
  role: Role;
  /** The workspace as it was read when the request arrived. */
  workspace: WorkspacesTable;
}

declare module "fastify" {
  interface FastifyRequest {
    user: UserRow | null;
    sessionId: string | null;
    locale: Locale;
    membership: Membership | null;
  }
  interface FastifyContextConfig {
    /** Reachable without logging in. */
    public?: boolean;
    /** Least workspace role for routes under /workspaces/:workspaceId (GET: viewer, otherwise editor). */
    role?: Role;
  }
}
