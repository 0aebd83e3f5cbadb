import { PostgresAdapter, type Kysely } from "kysely";

/** The strategy (sections and collections, with every revision) and uploaded files. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? "bytea" : "blob";

  await db.schema
    .createTable("strategy_entries")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("kind", "varchar(20)", (c) => c.notNull())
    // The kind again for sections (one per workspace, enforced by the unique index), null for collection items.
    .addColumn("singleton", "varchar(20)")
    .addColumn("parent_id", "varchar(36)", (c) => c.references("strategy_entries.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("example", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("strategy_entries_workspace").on("strategy_entries").columns(["workspace_id", "kind"]).execute();
  await db.schema.createIndex("strategy_entries_singleton").on("strategy_entries").columns(["workspace_id", "singleton"]).unique().execute();

  await db.schema
    .createTable("strategy_revisions")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    // No foreign key: the history of a deleted record stays readable and restorable.
    .addColumn("entry_id", "varchar(36)", (c) => c.notNull())
    .addColumn("kind", "varchar(20)", (c) => c.notNull())
    .addColumn("parent_id", "varchar(36)")
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("action", "varchar(10)", (c) => c.notNull())
    .addColumn("data", "text")
    .addColumn("user_id", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("strategy_revisions_entry").on("strategy_revisions").columns(["entry_id", "version"]).unique().execute();

  await db.schema
    .createTable("uploads")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("content_type", "varchar(100)", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("bytes", binary, (c) => c.notNull())
    .addColumn("created_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("uploads_workspace").on("uploads").column("workspace_id").execute();
}
