import type { Kysely } from "kysely";

/** The setup checklist per channel: the guide's items (by key) and items the business adds (by label). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("setup_checks")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("channel_id", "varchar(36)", (c) => c.notNull().references("strategy_entries.id").onDelete("cascade"))
    .addColumn("key", "varchar(40)")
    .addColumn("label", "varchar(200)")
    .addColumn("done", "integer", (c) => c.notNull())
    .addColumn("done_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("done_at", "varchar(30)")
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("setup_checks_channel_key").on("setup_checks").columns(["channel_id", "key"]).unique().execute();
}
