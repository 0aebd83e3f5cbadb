import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * The content calendar and its publisher. A post holds the text and its per-channel variants; each
 * (post, channel, occurrence) to publish is a delivery, the publisher's unit of work, claimed atomically and
 * sent under an identity fixed when the delivery is created. Connections hold the accounts to publish with,
 * their secrets sealed with the server's key. Notifications may now point at a post instead of a card.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema.alterTable("workspaces").addColumn("require_post_approval", "integer", (c) => c.notNull().defaultTo(0)).execute();
  // A post found due more than this many minutes late (the server was down) waits for a person instead.
  await db.schema.alterTable("workspaces").addColumn("missed_post_minutes", "integer", (c) => c.notNull().defaultTo(60)).execute();
  await db.schema.alterTable("workspaces").addColumn("calendar_feed_token", "varchar(64)").execute();
  // Links in posts go out as the app's own short links (/l/<code>), which count clicks.
  await db.schema.alterTable("workspaces").addColumn("short_links", "integer", (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable("connections")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull().references("strategy_entries.id").onDelete("cascade"))
    .addColumn("kind", "varchar(20)", (c) => c.notNull())
    .addColumn("label", "varchar(200)", (c) => c.notNull())
    .addColumn("config", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("status_reason", "text")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("connections_channel").on("connections").columns(["workspace_id", "channel_id"]).unique().execute();

  await db.schema
    .createTable("posts")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("title", "varchar(200)", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("variants", "text", (c) => c.notNull())
    .addColumn("media", "text", (c) => c.notNull())
    .addColumn("link", "text")
    .addColumn("utm", "text", (c) => c.notNull())
    .addColumn("pillar", "varchar(200)")
    .addColumn("campaign", "varchar(200)")
    .addColumn("goal_id", "varchar(36)", (c) => c.references("strategy_entries.id").onDelete("set null"))
    .addColumn("initiative_id", "varchar(36)", (c) => c.references("strategy_entries.id").onDelete("set null"))
    .addColumn("status", "varchar(20)", (c) => c.notNull())
    .addColumn("scheduled_at", "varchar(30)")
    .addColumn("recurrence", "varchar(300)")
    .addColumn("assignee_member_id", "varchar(36)", (c) => c.references("members.id").onDelete("set null"))
    .addColumn("card_id", "varchar(36)", (c) => c.references("board_cards.id").onDelete("set null"))
    .addColumn("approved_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("approved_at", "varchar(30)")
    .addColumn("created_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("posts_workspace_time").on("posts").columns(["workspace_id", "scheduled_at"]).execute();

  await db.schema
    .createTable("deliveries")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("post_id", "varchar(36)", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull())
    .addColumn("due_at", "varchar(30)", (c) => c.notNull())
    .addColumn("status", "varchar(30)", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "varchar(30)")
    .addColumn("lease_until", "varchar(30)")
    .addColumn("worker", "varchar(80)")
    .addColumn("remote_id", "text")
    .addColumn("permalink", "text")
    .addColumn("error_code", "varchar(60)")
    .addColumn("error_message", "text")
    .addColumn("published_at", "varchar(30)")
    .addColumn("confirmed_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  // One delivery per post, channel and occurrence: the identity sent to the network derives from it.
  await db.schema.createIndex("deliveries_identity").on("deliveries").columns(["post_id", "channel_id", "due_at"]).unique().execute();
  await db.schema.createIndex("deliveries_queue").on("deliveries").columns(["status", "due_at"]).execute();

  await db.schema.alterTable("board_cards").addColumn("post_id", "varchar(36)").execute();

  // Notifications about posts (a reminder, a failure, a paused account) have no card.
  if (postgres) {
    await db.schema.alterTable("notifications").addColumn("post_id", "varchar(36)", (c) => c.references("posts.id").onDelete("cascade")).execute();
    await sql`ALTER TABLE notifications ALTER COLUMN card_id DROP NOT NULL`.execute(db);
  } else {
    await db.schema
      .createTable("notifications_new")
      .addColumn("id", "varchar(36)", (c) => c.primaryKey())
      .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
      .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("kind", "varchar(30)", (c) => c.notNull())
      .addColumn("card_id", "varchar(36)", (c) => c.references("board_cards.id").onDelete("cascade"))
      .addColumn("actor_id", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
      .addColumn("created_at", "varchar(30)", (c) => c.notNull())
      .addColumn("read_at", "varchar(30)")
      .addColumn("post_id", "varchar(36)", (c) => c.references("posts.id").onDelete("cascade"))
      .execute();
    await sql`INSERT INTO notifications_new (id, workspace_id, user_id, kind, card_id, actor_id, created_at, read_at)
      SELECT id, workspace_id, user_id, kind, card_id, actor_id, created_at, read_at FROM notifications`.execute(db);
    await db.schema.dropTable("notifications").execute();
    await db.schema.alterTable("notifications_new").renameTo("notifications").execute();
    await db.schema.createIndex("notifications_user").on("notifications").columns(["workspace_id", "user_id", "created_at"]).execute();
  }

  await db.schema
    .createTable("short_links")
    .addColumn("code", "varchar(16)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("post_id", "varchar(36)", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("short_links_post").on("short_links").columns(["post_id", "channel_id"]).unique().execute();
  await db.schema
    .createTable("link_clicks")
    .addColumn("code", "varchar(16)", (c) => c.notNull().references("short_links.code").onDelete("cascade"))
    .addColumn("day", "varchar(10)", (c) => c.notNull())
    .addColumn("clicks", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("link_clicks_pk", ["code", "day"])
    .execute();
}
