import type { Database } from "../../db/schema.ts";

export type TableName = keyof Database;

/**
 * A column's type in the archive: `s<n>` text of at most n characters, `t` text, `i` integer, `b` a big integer
 * (minor units of money: a JSON number or a string of digits), `f` a number; a trailing `?` allows null.
 */
export type ColumnType = string;

/** How an exported table's rows belong to the workspace. */
export type Scope =
  | { kind: "workspace"; column: "workspace_id" | "id" }
  | { kind: "parent"; column: string; parent: TableName; parentKey: string }
  | { kind: "users" };

export interface ExportedTable {
  name: TableName;
  /** Every column the archive carries, with its type (a test compares them with the migrated database). */
  columns: Record<string, ColumnType>;
  /** The primary key: the export's order (keyset pages) and the duplicate check. */
  key: string[];
  scope: Scope;
  /** Columns pointing at another row: it must be in the archive (a foreign key of the database). */
  refs?: Record<string, TableName>;
  /**
   * Columns pointing at a row that may have been deleted since (no foreign key): a value outside the archive is kept
   * only if no such row exists on the target, so that it never points into another workspace.
   */
  softRefs?: Record<string, TableName>;
  /** A column pointing at a row of the same table (written once the whole table is in). */
  selfRef?: string;
  /**
   * A column naming a channel without a foreign key: rows of a channel deleted since (whose purge has not run yet,
   * see channel-purge.ts) are left out, as if already gone.
   */
  liveChannel?: string;
  /** Columns the database computes itself (read for the record, never written on import). */
  derived?: string[];
  /** Columns carried only by an instance move (`--with-credentials`). */
  credentials?: string[];
  /** The whole table is carried only with `--with-credentials`. */
  credentialsOnly?: boolean;
}

const cols = (spec: string): Record<string, ColumnType> => Object.fromEntries(spec.trim().split(/\s+/).map((c) => c.split(":") as [string, string]));
const WS = { kind: "workspace", column: "workspace_id" } as const;

/**
 * Every table of the database, in the order an import writes them (parents first): exported, or excluded with the
 * reason. `workspace-archive.test.ts` fails when a table of `schema.ts` is in neither list.
 */
export const EXPORTED: readonly ExportedTable[] = [
  {
    name: "users",
    columns: cols("id:s36 email:s254 name:s120 locale:s8 created_at:s30 updated_at:s30 password_hash:t totp_secret:t? totp_pending:t? totp_last_counter:i? instance_admin:i"),
    credentials: ["password_hash", "totp_secret", "totp_pending", "totp_last_counter", "instance_admin"],
    key: ["id"],
    scope: { kind: "users" },
  },
  { name: "recovery_codes", columns: cols("id:s36 user_id:s36 code_hash:s64 used_at:s30?"), key: ["id"], scope: { kind: "parent", column: "user_id", parent: "users", parentKey: "id" }, refs: { user_id: "users" }, credentialsOnly: true },
  {
    name: "workspaces",
    columns: cols(
      "id:s36 name:s120 timezone:s64 currency:s3 locale:s8 week_start:i period_start:s7 period_months:i require_two_factor:i created_at:s30 updated_at:s30 require_post_approval:i missed_post_minutes:i calendar_feed_token:s64? short_links:i review_cadence_days:i review_reminded_on:s10? report_schedule:s10 report_recipients:t report_sent_for:s10?",
    ),
    key: ["id"],
    scope: { kind: "workspace", column: "id" },
  },
  { name: "members", columns: cols("id:s36 workspace_id:s36 user_id:s36 role:s16 created_at:s30"), key: ["id"], scope: WS, refs: { user_id: "users" } },
  { name: "member_hats", columns: cols("member_id:s36 hat:s40"), key: ["member_id", "hat"], scope: { kind: "parent", column: "member_id", parent: "members", parentKey: "id" }, refs: { member_id: "members" } },
  {
    name: "strategy_entries",
    columns: cols("id:s36 workspace_id:s36 kind:s20 singleton:s20? parent_id:s36? position:i data:t version:i example:i created_at:s30 updated_at:s30 updated_by:s36?"),
    key: ["id"],
    scope: WS,
    refs: { parent_id: "strategy_entries", updated_by: "users" },
    selfRef: "parent_id",
  },
  {
    name: "strategy_revisions",
    columns: cols("id:s36 workspace_id:s36 entry_id:s36 kind:s20 parent_id:s36? version:i action:s10 data:t? user_id:s36? created_at:s30"),
    key: ["id"],
    scope: WS,
    refs: { user_id: "users" },
    // The history outlives the entries it describes.
    softRefs: { entry_id: "strategy_entries", parent_id: "strategy_entries" },
  },
  {
    name: "budget_lines",
    columns: cols("id:s36 workspace_id:s36 period_start:s7 name:s120 category:s20 channel_id:s36? goal_id:s36? track_actuals:i rollover:i stopped_from:s7? position:i sample:i created_at:s30 updated_at:s30"),
    key: ["id"],
    scope: WS,
    refs: { channel_id: "strategy_entries", goal_id: "strategy_entries" },
  },
  { name: "budget_cells", columns: cols("line_id:s36 month:s7 planned:b? actual:b?"), key: ["line_id", "month"], scope: { kind: "parent", column: "line_id", parent: "budget_lines", parentKey: "id" }, refs: { line_id: "budget_lines" } },
  {
    name: "tools",
    columns: cols("id:s36 workspace_id:s36 key:s40? name:s120 purpose:s500 url:s500 used:i plan:s10 cost:b trying_since:s10? budget_line_id:s36? created_at:s30 updated_at:s30"),
    key: ["id"],
    scope: WS,
    refs: { budget_line_id: "budget_lines" },
  },
  {
    name: "board_cards",
    columns: cols(
      "id:s36 workspace_id:s36 stage:s20 rank:s200 title:s200 description:t hat:s40? due_date:s10? priority:s10? labels:t checklist:t goal_id:s36? initiative_id:s36? hold_reason:t? approved_by:s36? approved_at:s30? created_by:s36? created_at:s30 updated_at:s30 post_id:s36? example:i",
    ),
    key: ["id"],
    scope: WS,
    refs: { goal_id: "strategy_entries", initiative_id: "strategy_entries", approved_by: "users", created_by: "users" },
    softRefs: { post_id: "posts" },
  },
  { name: "board_assignees", columns: cols("card_id:s36 member_id:s36"), key: ["card_id", "member_id"], scope: { kind: "parent", column: "card_id", parent: "board_cards", parentKey: "id" }, refs: { card_id: "board_cards", member_id: "members" } },
  { name: "card_comments", columns: cols("id:s36 workspace_id:s36 card_id:s36 author_id:s36? body:t created_at:s30"), key: ["id"], scope: WS, refs: { card_id: "board_cards", author_id: "users" } },
  { name: "asset_collections", columns: cols("id:s36 workspace_id:s36 name:s80 created_at:s30"), key: ["id"], scope: WS },
  {
    name: "assets",
    columns: cols("id:s36 workspace_id:s36 sha256:s64 name:s200 kind:s10 content_type:s100 size:b width:i? height:i? has_thumbnail:i alt_text:t tags:t collection_id:s36? created_by:s36? created_at:s30 updated_at:s30 duration_ms:i?"),
    key: ["id"],
    scope: WS,
    refs: { collection_id: "asset_collections", created_by: "users" },
  },
  { name: "card_attachments", columns: cols("card_id:s36 asset_id:s36 position:i"), key: ["card_id", "asset_id"], scope: { kind: "parent", column: "card_id", parent: "board_cards", parentKey: "id" }, refs: { card_id: "board_cards", asset_id: "assets" } },
  { name: "setup_checks", columns: cols("id:s36 workspace_id:s36 channel_id:s36 key:s40? label:s200? done:i done_by:s36? done_at:s30? created_at:s30"), key: ["id"], scope: WS, refs: { channel_id: "strategy_entries", done_by: "users" } },
  {
    name: "connections",
    columns: cols(
      "id:s36 workspace_id:s36 channel_id:s36 kind:s20 label:s200 config:t secret:t status:s20 status_reason:t? created_at:s30 updated_at:s30 token_expires_at:s30? expiry_warned_at:s30? hold_until:s30? quota:t? remote_account_id:s100? numbers_synced_at:s30?",
    ),
    key: ["id"],
    scope: WS,
    refs: { channel_id: "strategy_entries" },
  },
  {
    name: "posts",
    columns: cols(
      "id:s36 workspace_id:s36 title:s200 body:t variants:t media:t link:t? utm:t pillar:s200? campaign:s200? goal_id:s36? initiative_id:s36? status:s20 scheduled_at:s30? recurrence:s300? assignee_member_id:s36? card_id:s36? approved_by:s36? approved_at:s30? created_by:s36? created_at:s30 updated_at:s30 example:i",
    ),
    key: ["id"],
    scope: WS,
    refs: { goal_id: "strategy_entries", initiative_id: "strategy_entries", assignee_member_id: "members", card_id: "board_cards", approved_by: "users", created_by: "users" },
  },
  {
    name: "deliveries",
    columns: cols(
      "id:s36 workspace_id:s36 post_id:s36 channel_id:s36 due_at:s30 status:s30 attempts:i next_attempt_at:s30? lease_until:s30? worker:s80? remote_id:t? permalink:t? error_code:s60? error_message:t? published_at:s30? confirmed_by:s36? created_at:s30 updated_at:s30 remote_steps:t?",
    ),
    key: ["id"],
    scope: WS,
    refs: { post_id: "posts", confirmed_by: "users" },
    softRefs: { channel_id: "strategy_entries" },
  },
  { name: "short_links", columns: cols("code:s16 workspace_id:s36 post_id:s36 channel_id:s36 target:t created_at:s30"), key: ["code"], scope: WS, refs: { post_id: "posts" }, softRefs: { channel_id: "strategy_entries" } },
  { name: "link_clicks", columns: cols("code:s16 day:s10 clicks:i"), key: ["code", "day"], scope: { kind: "parent", column: "code", parent: "short_links", parentKey: "code" }, refs: { code: "short_links" } },
  {
    name: "notifications",
    columns: cols("id:s36 workspace_id:s36 user_id:s36 kind:s30 card_id:s36? actor_id:s36? created_at:s30 read_at:s30? post_id:s36?"),
    key: ["id"],
    scope: WS,
    refs: { user_id: "users", card_id: "board_cards", actor_id: "users", post_id: "posts" },
  },
  { name: "post_comments", columns: cols("id:s36 workspace_id:s36 post_id:s36 author_id:s36? guest_name:s200? body:t created_at:s30"), key: ["id"], scope: WS, refs: { post_id: "posts", author_id: "users" } },
  { name: "post_events", columns: cols("id:s36 workspace_id:s36 post_id:s36 kind:s40 actor_id:s36? guest_name:s200? note:t? created_at:s30"), key: ["id"], scope: WS, refs: { post_id: "posts", actor_id: "users" } },
  {
    name: "review_links",
    columns: cols("id:s36 workspace_id:s36 label:s200 from_day:s10 to_day:s10 token_hash:s64 expires_at:s30 revoked_at:s30? created_by:s36? created_at:s30"),
    key: ["id"],
    scope: WS,
    refs: { created_by: "users" },
  },
  { name: "posting_slots", columns: cols("id:s36 workspace_id:s36 channel_id:s36 weekday:i time:s5 created_at:s30"), key: ["id"], scope: WS, refs: { channel_id: "strategy_entries" } },
  {
    name: "metrics",
    columns: cols("workspace_id:s36 channel_id:s36 day:s10 metric:s60 value:f? posts:f? source:s80 updated_at:s30"),
    key: ["workspace_id", "metric", "channel_id", "day"],
    scope: WS,
    refs: { channel_id: "strategy_entries" },
    liveChannel: "channel_id",
    // The sum of the day's post numbers: the triggers on metrics_per_post write it again as those rows go in.
    derived: ["posts"],
  },
  {
    name: "metrics_per_post",
    columns: cols("workspace_id:s36 channel_id:s36 post_key:s36 day:s10 metric:s60 value:f source:s80 updated_at:s30"),
    key: ["workspace_id", "day", "channel_id", "metric", "post_key"],
    scope: WS,
    refs: { channel_id: "strategy_entries" },
    liveChannel: "channel_id",
  },
  {
    name: "metric_posts",
    columns: cols("workspace_id:s36 channel_id:s36 post_key:s36 published_at:s30 permalink:s2000 caption:t post_type:s60 source:s80"),
    key: ["workspace_id", "channel_id", "post_key"],
    scope: WS,
    refs: { channel_id: "strategy_entries" },
  },
  {
    name: "traffic",
    columns: cols("workspace_id:s36 day:s10 source:s200 medium:s200 campaign:s200 sessions:f key_events:f revenue:f updated_at:s30"),
    key: ["workspace_id", "day", "source", "medium", "campaign"],
    scope: WS,
  },
  {
    name: "reports",
    columns: cols("id:s36 workspace_id:s36 title:s200 period_kind:s10 period_from:s10 period_to:s10 snapshot:t answers:t created_by:s36? created_at:s30 updated_at:s30 emailed_at:s30? example:i"),
    key: ["id"],
    scope: WS,
    refs: { created_by: "users" },
  },
];

/** Tables an archive never carries, and why. */
export const EXCLUDED: Readonly<Partial<Record<TableName, string>>> = {
  sessions: "Sign-ins belong to one instance: everyone signs in again on the new one.",
  password_resets: "Reset links are short-lived and were sent for the old address.",
  login_throttle: "Counts of failed sign-ins, per instance and short-lived.",
  invitations: "Pending links were emailed for the old address; invite again on the new instance (accepted ones are the members).",
  uploads: "Legacy persona photos: moved into the asset library (and so into files/) when the server starts.",
  oauth_apps: "The instance's developer apps belong to the instance, not to a workspace (set them under Instance settings).",
  oauth_states: "Sign-ins with a network in progress, valid for minutes.",
  undo_records: "Undo of planning changes lasts 30 minutes.",
  best_time_posts: "A summary of the per-post numbers for the best time to post, made again from metrics_per_post (whose triggers mark every imported post).",
  best_time_channels: "Which engagement definition the summarised rates used; made again with the summary.",
  best_time_dirty: "Posts waiting to be summarised; the import's own rows mark them again.",
  channel_purges: "Deleted channels whose per-post numbers are still being removed; the archive leaves those numbers out.",
  best_time_sums: "Sums of the best-time summary per quarter hour; made again with the summary.",
};

export const EXPORTED_BY_NAME: ReadonlyMap<string, ExportedTable> = new Map(EXPORTED.map((t) => [t.name, t]));

/** The columns an export carries for a table (credentials only when asked for). */
export const carriedColumns = (table: ExportedTable, withCredentials: boolean): string[] =>
  Object.keys(table.columns).filter((c) => withCredentials || !table.credentials?.includes(c));
