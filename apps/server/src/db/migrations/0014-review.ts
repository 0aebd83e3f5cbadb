import { sql, type Kysely } from "kysely";

/**
 * Review on the post itself (one text, no copy on a board card):
 * - `post_comments`: the conversation on a post, by members (`author_id`) or by a reviewer through a review link
 *   (`guest_name`);
 * - `post_events`: the post's history: sent to review, approved, changes requested, approval taken back by an edit,
 *   scheduled, taken off the schedule; who did it (a member, or a named reviewer of a link) and an optional note;
 * - `review_links`: signed, expiring links that let someone without an account see a period's posts and approve or
 *   comment; only the token's hash is stored, and a link can be revoked;
 * - `example` on posts, board cards and reports: the worked example's records, removed with it;
 * - indexes on posts for the home screen (by state, goal, recurrence, example).
 * The review cards that used to copy a post onto the board are removed: the board's Review column now shows the posts
 * in review themselves.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("post_comments")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("post_id", "varchar(36)", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("author_id", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("guest_name", "varchar(200)")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("post_comments_post").on("post_comments").columns(["post_id", "created_at"]).execute();
  await db.schema
    .createTable("post_events")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("post_id", "varchar(36)", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("kind", "varchar(40)", (c) => c.notNull())
    .addColumn("actor_id", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("guest_name", "varchar(200)")
    .addColumn("note", "text")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("post_events_post").on("post_events").columns(["post_id", "created_at"]).execute();
  await db.schema
    .createTable("review_links")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("label", "varchar(200)", (c) => c.notNull())
    .addColumn("from_day", "varchar(10)", (c) => c.notNull())
    .addColumn("to_day", "varchar(10)", (c) => c.notNull())
    .addColumn("token_hash", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("expires_at", "varchar(30)", (c) => c.notNull())
    .addColumn("revoked_at", "varchar(30)")
    .addColumn("created_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  for (const table of ["posts", "board_cards", "reports"]) {
    await db.schema.alterTable(table).addColumn("example", "integer", (c) => c.notNull().defaultTo(0)).execute();
  }
  // For the home screen on a workspace with years of posts: posts by state (in review, scheduled), by goal, the
  // recurring ones and the example's, each found through an index rather than a scan of every post.
  await db.schema.createIndex("posts_workspace_status").on("posts").columns(["workspace_id", "status", "updated_at"]).execute();
  await db.schema.createIndex("posts_workspace_goal").on("posts").columns(["workspace_id", "goal_id"]).execute();
  await db.schema.createIndex("posts_workspace_recurrence").on("posts").columns(["workspace_id", "recurrence"]).execute();
  await db.schema.createIndex("posts_workspace_example").on("posts").columns(["workspace_id", "example"]).execute();
  await sql`update posts set card_id = null where card_id is not null`.execute(db);
  await sql`delete from board_cards where post_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["posts", "board_cards", "reports"]) await db.schema.alterTable(table).dropColumn("example").execute();
  await db.schema.dropTable("review_links").execute();
  await db.schema.dropTable("post_events").execute();
  await db.schema.dropTable("post_comments").execute();
}
