import type { Kysely } from "kysely";

/** The task board (guide §13): cards in the workflow's six stages, ordered by a fractional rank. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("board_cards")
    .addColumn("id", "varchar(36)", (c) => c.primaryKey())
    .addColumn("workspace_id", "varchar(36)", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
    .addColumn("stage", "varchar(20)", (c) => c.notNull())
    // Sorts as text; a move computes a key between its new neighbours, so concurrent moves never renumber others.
    .addColumn("rank", "varchar(200)", (c) => c.notNull())
    .addColumn("title", "varchar(200)", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("hat", "varchar(40)")
    .addColumn("due_date", "varchar(10)")
    .addColumn("priority", "varchar(10)")
    .addColumn("labels", "text", (c) => c.notNull())
    .addColumn("checklist", "text", (c) => c.notNull())
    .addColumn("goal_id", "varchar(36)", (c) => c.references("strategy_entries.id").onDelete("set null"))
    .addColumn("initiative_id", "varchar(36)", (c) => c.references("strategy_entries.id").onDelete("set null"))
    .addColumn("hold_reason", "text")
    .addColumn("approved_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("approved_at", "varchar(30)")
    .addColumn("created_by", "varchar(36)", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "varchar(30)", (c) => c.notNull())
    .addColumn("updated_at", "varchar(30)", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("board_cards_workspace").on("board_cards").columns(["workspace_id", "stage", "rank"]).execute();

  await db.schema
    .createTable("board_assignees")
    .addColumn("card_id", "varchar(36)", (c) => c.notNull().references("board_cards.id").onDelete("cascade"))
    .addColumn("member_id", "varchar(36)", (c) => c.notNull().references("members.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("board_assignees_pk", ["card_id", "member_id"])
    .execute();
}
