import type { Kysely } from "kysely";

/**
 * Tracking, reports and reviews (guide §2 `review.*`, §13 `exec.tracking`, `exec.report`, `exec.agile`):
 * - `metric_posts`: posts the numbers belong to that were not written in Socialplan (an imported Meta export's rows),
 *   so that top posts and the best time to post can use them; keyed like `metrics.post_key`.
 * - `traffic`: website sessions by day and source / medium / campaign (a GA4 export), replaced row by row on re-import.
 * - `reports`: a period's numbers frozen as a snapshot, with the team's answers to the four review questions.
 * - workspaces: how often a strategy review is due, and which report goes out by email to whom.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("metric_posts")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull().references("strategy_entries.id").onDelete("cascade"))
    .addColumn("post_key", "varchar(36)", (c) => c.notNull())
    .addColumn("published_at", "varchar(30)", (c) => c.notNull())
    .addColumn("permalink", "varchar(2000)", (c) => c.notNull())
    .addColumn("caption", "text", (c) => c.notNull())
    .addColumn("post_type", "varchar(60)", (c) => c.notNull())
    .addColumn("source", "varchar(80)", (c) => c.notNull())
    .addPrimaryKeyConstraint("metric_posts_pk", ["workspace_id", "channel_id", "post_key"])
    .execute();
  await db.schema
    .createTable("traffic")
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("day", "varchar(10)", (c) => c.notNull())
    .addColumn("source", "varchar(200)", (c) => c.notNull())
    .addColumn("medium", "varchar(200)", (c) => c.notNull())
    .addColumn("campaign", "varchar(200)", (c) => c.notNull())
    .addColumn("sessions", "double precision", (c) => c.notNull())
    .addColumn("key_events", "double precision", (c) => c.notNull())
    .addColumn("revenue", "double precision", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .addPrimaryKeyConstraint("traffic_pk", ["workspace_id", "day", "source", "medium", "campaign"])
    .execute();
  await db.schema
    .createTable("reports")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("title", "varchar(200)", (c) => c.notNull())
    .addColumn("period_kind", "varchar(10)", (c) => c.notNull())
    .addColumn("period_from", "varchar(10)", (c) => c.notNull())
    .addColumn("period_to", "varchar(10)", (c) => c.notNull())
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("created_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .addColumn("emailed_at", "varchar(30)")
    .execute();
  await db.schema.createIndex("reports_workspace").on("reports").columns(["workspace_id", "period_from"]).execute();
  // Covering indexes for the dashboard (a period of days, every channel and metric) and for a goal (one metric on a
  // few channels, all days): both read only the index, in order. They replace the plain (workspace, day) index.
  await db.schema.dropIndex("metrics_workspace_day").execute();
  await db.schema.createIndex("metrics_by_day").on("metrics").columns(["workspace_id", "day", "channel_id", "metric", "post_key", "value"]).execute();
  await db.schema.createIndex("metrics_by_metric").on("metrics").columns(["workspace_id", "metric", "channel_id", "day", "post_key", "value"]).execute();
  // Numbers per post (an imported post export, or a post's own numbers): top posts and the best time read only these.
  await db.schema.createIndex("metrics_posts").on("metrics").columns(["workspace_id", "day", "channel_id", "post_key", "metric", "value"]).where("post_key", "<>", "").execute();
  // Posts published in a period, per channel.
  await db.schema.createIndex("deliveries_published").on("deliveries").columns(["workspace_id", "status", "published_at", "channel_id", "post_id"]).execute();
  await db.schema.alterTable("workspaces").addColumn("review_cadence_days", "integer", (c) => c.notNull().defaultTo(30)).execute();
  await db.schema.alterTable("workspaces").addColumn("review_reminded_on", "varchar(10)").execute();
  await db.schema.alterTable("workspaces").addColumn("report_schedule", "varchar(10)", (c) => c.notNull().defaultTo("off")).execute();
  await db.schema.alterTable("workspaces").addColumn("report_recipients", "text", (c) => c.notNull().defaultTo("[]")).execute();
  await db.schema.alterTable("workspaces").addColumn("report_sent_for", "varchar(10)").execute();
}
