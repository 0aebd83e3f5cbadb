import type { Kysely } from "kysely";

/** The tools directory; a tool in use with a cost keeps a software line of the budget. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("tools")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("key", "varchar(40)")
    .addColumn("name", "varchar(120)", (c) => c.notNull())
    .addColumn("purpose", "varchar(500)", (c) => c.notNull())
    .addColumn("url", "varchar(500)", (c) => c.notNull())
    .addColumn("used", "integer", (c) => c.notNull())
    .addColumn("plan", "varchar(10)", (c) => c.notNull())
    .addColumn("cost", "bigint", (c) => c.notNull())
    .addColumn("trying_since", "varchar(10)")
    .addColumn("budget_line_id", "varchar(36)", (c) => c.references("budget_lines.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("tools_workspace_key").on("tools").columns(["workspace_id", "key"]).unique().execute();
}
