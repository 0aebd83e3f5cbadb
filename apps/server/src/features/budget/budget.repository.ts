import type { DB } from "../../db/database.ts";
import type { BudgetLinesTable } from "../../db/schema.ts";

export const listLines = (db: DB, workspaceId: string, periodStart: string) =>
  db.selectFrom("budget_lines").selectAll().where("workspace_id", "=", workspaceId).where("period_start", "=", periodStart).orderBy("position").orderBy("created_at").execute();

export const findLine = (db: DB, workspaceId: string, lineId: string) =>
  db.selectFrom("budget_lines").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", lineId).executeTakeFirst();

export const listCells = (db: DB, lineIds: readonly string[]) =>
  lineIds.length ? db.selectFrom("budget_cells").selectAll().where("line_id", "in", lineIds).execute() : Promise.resolve([]);

export async function insertLine(db: DB, row: BudgetLinesTable): Promise<void> {
  await db.insertInto("budget_lines").values(row).execute();
}

export async function updateLine(db: DB, id: string, set: Partial<BudgetLinesTable>): Promise<void> {
  await db.updateTable("budget_lines").set(set).where("id", "=", id).execute();
}

export async function deleteLines(db: DB, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.deleteFrom("budget_lines").where("id", "in", ids).execute();
}

export async function nextLinePosition(db: DB, workspaceId: string, periodStart: string): Promise<number> {
  const row = await db
    .selectFrom("budget_lines")
    .select((eb) => eb.fn.max("position").as("max"))
    .where("workspace_id", "=", workspaceId)
    .where("period_start", "=", periodStart)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

/** Writes one amount of a line and month (planned or actual), keeping the other. */
export async function upsertCell(db: DB, lineId: string, month: string, field: "planned" | "actual", amount: number | null): Promise<void> {
  await db
    .insertInto("budget_cells")
    .values({ line_id: lineId, month, planned: field === "planned" ? amount : null, actual: field === "actual" ? amount : null })
    .onConflict((oc) => oc.columns(["line_id", "month"]).doUpdateSet(field === "planned" ? { planned: amount } : { actual: amount }))
    .execute();
}
