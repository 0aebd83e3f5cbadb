import type { DB } from "../../db/database.ts";
import type { StrategyEntriesTable, StrategyRevisionsTable } from "../../db/schema.ts";

const entryColumns = [
  "strategy_entries.id",
  "strategy_entries.workspace_id",
  "strategy_entries.kind",
  "strategy_entries.singleton",
  "strategy_entries.parent_id",
  "strategy_entries.position",
  "strategy_entries.data",
  "strategy_entries.version",
  "strategy_entries.example",
  "strategy_entries.created_at",
  "strategy_entries.updated_at",
  "strategy_entries.updated_by",
] as const;

const withEditor = (db: DB) =>
  db
    .selectFrom("strategy_entries")
    .leftJoin("users", "users.id", "strategy_entries.updated_by")
    .select([...entryColumns, "users.name as updated_by_name"]);

export type EntryRow = Awaited<ReturnType<typeof findEntry>> & {};

export const listEntries = (db: DB, workspaceId: string) =>
  withEditor(db).where("strategy_entries.workspace_id", "=", workspaceId).orderBy("strategy_entries.position").orderBy("strategy_entries.created_at").execute();

export const findEntry = (db: DB, workspaceId: string, id: string) =>
  withEditor(db).where("strategy_entries.workspace_id", "=", workspaceId).where("strategy_entries.id", "=", id).executeTakeFirst();

export const findSection = (db: DB, workspaceId: string, kind: string) =>
  withEditor(db).where("strategy_entries.workspace_id", "=", workspaceId).where("strategy_entries.singleton", "=", kind).executeTakeFirst();

export const findChildren = (db: DB, workspaceId: string, parentId: string) =>
  db.selectFrom("strategy_entries").selectAll().where("workspace_id", "=", workspaceId).where("parent_id", "=", parentId).execute();

export async function insertEntry(db: DB, row: StrategyEntriesTable): Promise<void> {
  await db.insertInto("strategy_entries").values(row).execute();
}

/** Writes new data only if the record is still at `version`; false when someone else saved first. */
export async function updateEntryIfVersion(db: DB, id: string, version: number, set: Pick<StrategyEntriesTable, "data" | "updated_at" | "updated_by">): Promise<boolean> {
  const result = await db
    .updateTable("strategy_entries")
    .set({ ...set, version: version + 1, example: 0 })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updatePosition(db: DB, id: string, position: number): Promise<void> {
  await db.updateTable("strategy_entries").set({ position }).where("id", "=", id).execute();
}

export async function deleteEntryIfVersion(db: DB, id: string, version: number): Promise<boolean> {
  const result = await db.deleteFrom("strategy_entries").where("id", "=", id).where("version", "=", version).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function nextPosition(db: DB, workspaceId: string, kind: string): Promise<number> {
  const row = await db
    .selectFrom("strategy_entries")
    .select((eb) => eb.fn.max("position").as("max"))
    .where("workspace_id", "=", workspaceId)
    .where("kind", "=", kind)
    .executeTakeFirst();
  return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
}

export async function insertRevision(db: DB, row: StrategyRevisionsTable): Promise<void> {
  await db.insertInto("strategy_revisions").values(row).execute();
}

export const listRevisions = (db: DB, workspaceId: string, entryId: string) =>
  db
    .selectFrom("strategy_revisions")
    .leftJoin("users", "users.id", "strategy_revisions.user_id")
    .select([
      "strategy_revisions.id",
      "strategy_revisions.kind",
      "strategy_revisions.parent_id",
      "strategy_revisions.version",
      "strategy_revisions.action",
      "strategy_revisions.data",
      "strategy_revisions.created_at",
      "users.name as user_name",
    ])
    .where("strategy_revisions.workspace_id", "=", workspaceId)
    .where("strategy_revisions.entry_id", "=", entryId)
    .orderBy("strategy_revisions.version", "desc")
    .execute();

export const exampleEntries = (db: DB, workspaceId: string) =>
  db.selectFrom("strategy_entries").select(["id", "kind", "version", "data", "parent_id"]).where("workspace_id", "=", workspaceId).where("example", "=", 1).execute();

/** Parents of records that are not example: the user's own initiatives under an example goal. */
export const entriesWithOwnChildren = (db: DB, workspaceId: string) =>
  db.selectFrom("strategy_entries").select("parent_id").where("workspace_id", "=", workspaceId).where("example", "=", 0).where("parent_id", "is not", null).execute();
