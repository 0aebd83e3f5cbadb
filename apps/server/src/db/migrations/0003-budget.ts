import type { Kysely } from "kysely";

/** The budget sheet: lines per strategy period, and one row of planned/actual amounts per line and month. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("budget_lines")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    // The strategy period the line belongs to (its first month): one budget per period.
    .addColumn("period_start", "varchar(7)", (c) => c.notNull())
    .addColumn("name", "varchar(120)", (c) => c.notNull())
    .addColumn("category", "varchar(20)", (c) => c.notNull())
    .addColumn("channel_id", "varchar(36)", (c) => c.references("strategy_entries.id").onDelete("set null"))
    .addColumn("goal_id", "varchar(36)", (c) => c.references("strategy_entries.id").onDelete("set null"))
    .addColumn("track_actuals", "integer", (c) => c.notNull())
    .addColumn("rollover", "integer", (c) => c.notNull())
    .addColumn("stopped_from", "varchar(7)")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("sample", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("budget_lines_workspace").on("budget_lines").columns(["workspace_id", "period_start"]).execute();

  await db.schema
    .createTable("budget_cells")
    .addColumn("line_id", "varchar(36)", (c) => c.notNull().references("budget_lines.id").onDelete("cascade"))
    .addColumn("month", "varchar(7)", (c) => c.notNull())
    .addColumn("planned", "bigint")
    .addColumn("actual", "bigint")
    .addPrimaryKeyConstraint("budget_cells_pk", ["line_id", "month"])
    .execute();
}
