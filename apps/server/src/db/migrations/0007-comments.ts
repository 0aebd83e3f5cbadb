import type { Kysely } from "kysely";

/** Comments on cards (with @mentions) and the in-app notifications they and the board raise. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("card_comments")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("card_id", "varchar(36)", (c) => c.notNull().references("board_cards.id").onDelete("cascade"))
    .addColumn("author_id", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("card_comments_card").on("card_comments").column("card_id").execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("user_id", "varchar(36)", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "varchar(30)", (c) => c.notNull())
    .addColumn("card_id", "varchar(36)", (c) => c.notNull().references("board_cards.id").onDelete("cascade"))
    .addColumn("actor_id", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("read_at", "varchar(30)")
    .execute();
  await db.schema.createIndex("notifications_user").on("notifications").columns(["workspace_id", "user_id", "created_at"]).execute();
}
