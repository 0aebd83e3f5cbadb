import type { ColumnType, Generated } from "kysely";

/** Timestamps are ISO-8601 UTC text and booleans are 0/1 integers, the same on SQLite and PostgreSQL. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  locale: string;
  totp_secret: string | null;
  totp_pending: string | null;
  totp_last_counter: number | null;
  /** 1: may set the instance's developer apps (the first account made; `npm run admin -- make-admin`). */
  instance_admin: number;
  created_at: string;
  updated_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  user_agent: string | null;
  ip: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  timezone: string;
  currency: string;
  locale: string;
  week_start: number;
  period_start: string;
  period_months: number;
  require_two_factor: number;
  require_post_approval: number;
  missed_post_minutes: number;
  calendar_feed_token: string | null;
  short_links: number;
  /** Days between strategy reviews; 0 turns the reminder off. */
  review_cadence_days: number;
  review_reminded_on: string | null;
  /** "off", "weekly" or "monthly": a report of the last week or month emailed to the recipients. */
  report_schedule: string;
  /** JSON array of member ids. */
  report_recipients: string;
  /** The first day of the last period whose report went out. */
  report_sent_for: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembersTable {
  id: string;
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface MemberHatsTable {
  member_id: string;
  hat: string;
}

export interface InvitationsTable {
  id: string;
  workspace_id: string;
  token_hash: string;
  role: string;
  email: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

export interface StrategyEntriesTable {
  id: string;
  workspace_id: string;
  kind: string;
  singleton: string | null;
  parent_id: string | null;
  position: number;
  /** JSON, checked against the kind's schema before every write */
  data: string;
  version: number;
  example: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface StrategyRevisionsTable {
  id: string;
  workspace_id: string;
  entry_id: string;
  kind: string;
  parent_id: string | null;
  version: number;
  action: string;
  data: string | null;
  user_id: string | null;
  created_at: string;
}

export interface UploadsTable {
  id: string;
  workspace_id: string;
  content_type: string;
  size: number;
  bytes: Uint8Array;
  created_by: string | null;
  created_at: string;
}

export interface BudgetLinesTable {
  id: string;
  workspace_id: string;
  period_start: string;
  name: string;
  category: string;
  channel_id: string | null;
  goal_id: string | null;
  track_actuals: number;
  rollover: number;
  stopped_from: string | null;
  position: number;
  sample: number;
  created_at: string;
  updated_at: string;
}

export interface BudgetCellsTable {
  line_id: string;
  month: string;
  /** bigint: PostgreSQL hands it back as a string, SQLite as a number; read through Number(). */
  planned: number | string | null;
  actual: number | string | null;
}

export interface ToolsTable {
  id: string;
  workspace_id: string;
  key: string | null;
  name: string;
  purpose: string;
  url: string;
  used: number;
  plan: string;
  cost: number | string;
  trying_since: string | null;
  budget_line_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface BoardCardsTable {
  id: string;
  workspace_id: string;
  stage: string;
  rank: string;
  title: string;
  description: string;
  hat: string | null;
  due_date: string | null;
  priority: string | null;
  /** JSON array of strings */
  labels: string;
  /** JSON array of { text, done } */
  checklist: string;
  goal_id: string | null;
  initiative_id: string | null;
  hold_reason: string | null;
  /** No longer written (posts are reviewed on the post itself since migration 0014); kept for old rows' sake. */
  post_id: string | null;
  approved_by: string | null;
  approved_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** 1 for the worked example's cards (removed with it). */
  example: number;
}

export interface BoardAssigneesTable {
  card_id: string;
  member_id: string;
}

export interface SetupChecksTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  key: string | null;
  label: string | null;
  done: number;
  done_by: string | null;
  done_at: string | null;
  created_at: string;
}

export interface CardCommentsTable {
  id: string;
  workspace_id: string;
  card_id: string;
  author_id: string | null;
  body: string;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  workspace_id: string;
  user_id: string;
  kind: string;
  card_id: string | null;
  post_id: string | null;
  actor_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface ConnectionsTable {
  id: string;
  workspace_id: string;
  /** The strategy's channel record this account publishes for. */
  channel_id: string;
  kind: string;
  label: string;
  /** JSON, nothing secret: service URL, handle, site… */
  config: string;
  /** JSON sealed with the server's key (SecretBox): passwords, tokens, signing secrets. */
  secret: string;
  status: string;
  status_reason: string | null;
  /** When the network's token runs out (OAuth connections); refreshed before then where the network allows. */
  token_expires_at: string | null;
  /** When the members were warned that the token runs out soon (once per token). */
  expiry_warned_at: string | null;
  /** The network's rate limit asked us to wait until then: the channel's deliveries are not claimed before. */
  hold_until: string | null;
  /** JSON { used, limit, windowHours, checkedAt }: the publishing quota last read from the network. */
  quota: string | null;
  /** The account's id at the network (Instagram user, Page, Threads user). */
  remote_account_id: string | null;
  /** When the account's numbers were last read from the network. */
  numbers_synced_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The operator's developer app for one OAuth provider; the secret sealed with the server's key. */
export interface OauthAppsTable {
  provider: string;
  client_id: string;
  client_secret: string;
  updated_by: string | null;
  updated_at: string;
}

/** A sign-in with a network in progress, bound to a member's session and workspace. */
export interface OauthStatesTable {
  id: string;
  /** SHA-256 of the `state` sent to the network. */
  state_hash: string;
  provider: string;
  user_id: string;
  /** SHA-256 of the session's token: the callback must come in the same session. */
  session_hash: string;
  workspace_id: string;
  channel_id: string;
  connection_id: string | null;
  /** PKCE verifier, sealed (null where the provider takes no PKCE). */
  code_verifier: string | null;
  /** After the callback: sealed JSON of the tokens and the accounts found, until one is picked. */
  result: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface PostsTable {
  id: string;
  workspace_id: string;
  title: string;
  body: string;
  /** JSON [{ channelId, text | null }] */
  variants: string;
  /** JSON [{ assetId, alt }] */
  media: string;
  link: string | null;
  /** JSON of UTM parameters */
  utm: string;
  pillar: string | null;
  campaign: string | null;
  goal_id: string | null;
  initiative_id: string | null;
  status: string;
  scheduled_at: string | null;
  recurrence: string | null;
  assignee_member_id: string | null;
  card_id: string | null;
  approved_by: string | null;
  approved_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** 1 for the worked example's posts (removed with it). */
  example: number;
}

export interface PostCommentsTable {
  id: string;
  workspace_id: string;
  post_id: string;
  /** The member who wrote it; null for a reviewer through a review link (then `guest_name`). */
  author_id: string | null;
  guest_name: string | null;
  body: string;
  created_at: string;
}

/** A post's history: submitted, approved, changes_requested, unapproved (an edit took the approval back), scheduled, unscheduled. */
export interface PostEventsTable {
  id: string;
  workspace_id: string;
  post_id: string;
  kind: string;
  actor_id: string | null;
  guest_name: string | null;
  note: string | null;
  created_at: string;
}

export interface ReviewLinksTable {
  id: string;
  workspace_id: string;
  label: string;
  from_day: string;
  to_day: string;
  /** SHA-256 of the token (hex); the token itself is only in the link. */
  token_hash: string;
  expires_at: string;
  revoked_at: string | null;
  created_by: string | null;
  created_at: string;
}

/** A channel's weekly posting time: ISO weekday (1 = Monday) and "HH:mm" in the workspace's zone. */
export interface PostingSlotsTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  weekday: number;
  time: string;
  created_at: string;
}

/** The rows a member's last planning change touched, as they were before it (JSON), for undo within 30 minutes. */
export interface UndoRecordsTable {
  id: string;
  workspace_id: string;
  member_id: string;
  kind: string;
  data: string;
  created_at: string;
}

export interface DeliveriesTable {
  id: string;
  workspace_id: string;
  post_id: string;
  channel_id: string;
  due_at: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  lease_until: string | null;
  worker: string | null;
  remote_id: string | null;
  permalink: string | null;
  error_code: string | null;
  error_message: string | null;
  published_at: string | null;
  confirmed_by: string | null;
  /** JSON { [step]: remoteId } recorded by multi-step adapters before their next step (container, media…). */
  remote_steps: string | null;
  created_at: string;
  updated_at: string;
}

export interface ShortLinksTable {
  code: string;
  workspace_id: string;
  post_id: string;
  channel_id: string;
  target: string;
  created_at: string;
}

/** A channel's numbers per day: its own number (`value`) and its posts' numbers added up (`posts`, kept by triggers). */
export interface MetricsTable {
  workspace_id: string;
  channel_id: string;
  day: string;
  metric: string;
  /** The number entered or imported for the channel as a whole that day; null where only its posts have numbers. */
  value: number | null;
  /** The sum of the day's numbers in `metrics_per_post` (null: none); written by the database's triggers only. */
  posts: ColumnType<number | null, never, never>;
  /** "manual", or where an import came from ("" where only posts have numbers). */
  source: string;
  updated_at: string;
}

/** One post's number on a day (the post's id, or an imported post's key as in `metric_posts`). */
export interface MetricsPerPostTable {
  workspace_id: string;
  channel_id: string;
  post_key: string;
  day: string;
  metric: string;
  value: number;
  /** "manual", or where an import came from. */
  source: string;
  updated_at: string;
}

/** A post's summary for the best time to post (migration 0020); written by bestTimesOf only. */
export interface BestTimePostsTable {
  workspace_id: string;
  channel_id: string;
  post_key: string;
  /** 0: one publish time (`published_at`); 1: several, worked out from the post's rows on each request. */
  kind: number;
  published_at: string | null;
  first_day: string;
  last_day: string;
  /** The sums of its numbers by metric (JSON). */
  numbers: string;
  /** Its engagement rate by its channel's definition (null: none, or a definition by followers). */
  rate: number | null;
  /** 1: numbers from more than a day before the date of its publish time (see best-times.service.ts). */
  early: number;
}

/** Per workspace and UTC quarter hour, the posts of `best_time_posts` with one publish time and a rate (migration 0022). */
export interface BestTimeSumsTable {
  workspace_id: string;
  /** Quarter hours since 1970-01-01 UTC. */
  slot: number;
  posts: number;
  total: number;
}

/** The engagement definition (JSON) each channel's `best_time_posts.rate` was computed with. */
export interface BestTimeChannelsTable {
  workspace_id: string;
  channel_id: string;
  definition: string;
}

/** Deleted channels whose per-post numbers are still to be removed (features/strategy/channel-purge.ts). */
export interface ChannelPurgesTable {
  workspace_id: string;
  channel_id: string;
  deleted_at: string;
}

/** Posts whose numbers or publish times changed since they were summarised (added by triggers). */
export interface BestTimeDirtyTable {
  workspace_id: string;
  channel_id: string;
  post_key: string;
}

export interface LinkClicksTable {
  code: string;
  day: string;
  clicks: number;
}

export interface AssetCollectionsTable {
  id: string;
  workspace_id: string;
  name: string;
  created_at: string;
}

export interface AssetsTable {
  id: string;
  workspace_id: string;
  sha256: string;
  name: string;
  kind: string;
  content_type: string;
  size: number;
  width: number | null;
  height: number | null;
  /** A video's length (MP4/MOV movie header), since migration 0016. */
  duration_ms: number | null;
  has_thumbnail: number;
  alt_text: string;
  tags: string;
  collection_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CardAttachmentsTable {
  card_id: string;
  asset_id: string;
  position: number;
}

export interface MetricPostsTable {
  workspace_id: string;
  channel_id: string;
  post_key: string;
  published_at: string;
  permalink: string;
  caption: string;
  post_type: string;
  source: string;
}

export interface TrafficTable {
  workspace_id: string;
  day: string;
  source: string;
  medium: string;
  campaign: string;
  sessions: number;
  key_events: number;
  revenue: number;
  updated_at: string;
}

export interface ReportsTable {
  id: string;
  workspace_id: string;
  title: string;
  period_kind: string;
  period_from: string;
  period_to: string;
  /** JSON: the report's numbers as they were when it was made. */
  snapshot: string;
  /** JSON: the four review questions' answers. */
  answers: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  emailed_at: string | null;
  /** 1 for the worked example's report (removed with it). */
  example: number;
}

export interface Database {
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  login_throttle: LoginThrottleTable;
  workspaces: WorkspacesTable;
  members: MembersTable;
  member_hats: MemberHatsTable;
  invitations: InvitationsTable;
  strategy_entries: StrategyEntriesTable;
  strategy_revisions: StrategyRevisionsTable;
  uploads: UploadsTable;
  budget_lines: BudgetLinesTable;
  budget_cells: BudgetCellsTable;
  tools: ToolsTable;
  board_cards: BoardCardsTable;
  board_assignees: BoardAssigneesTable;
  setup_checks: SetupChecksTable;
  card_comments: CardCommentsTable;
  notifications: NotificationsTable;
  asset_collections: AssetCollectionsTable;
  assets: AssetsTable;
  card_attachments: CardAttachmentsTable;
  connections: ConnectionsTable;
  oauth_apps: OauthAppsTable;
  oauth_states: OauthStatesTable;
  posts: PostsTable;
  deliveries: DeliveriesTable;
  short_links: ShortLinksTable;
  link_clicks: LinkClicksTable;
  metrics: MetricsTable;
  metrics_per_post: MetricsPerPostTable;
  metric_posts: MetricPostsTable;
  best_time_posts: BestTimePostsTable;
  best_time_channels: BestTimeChannelsTable;
  best_time_dirty: BestTimeDirtyTable;
  channel_purges: ChannelPurgesTable;
  best_time_sums: BestTimeSumsTable;
  traffic: TrafficTable;
  reports: ReportsTable;
  post_comments: PostCommentsTable;
  post_events: PostEventsTable;
  review_links: ReviewLinksTable;
  posting_slots: PostingSlotsTable;
  undo_records: UndoRecordsTable;
}

export type { Generated };
