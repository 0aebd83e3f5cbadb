import type { DB } from "../db/types.ts";
import { badRequest, type FieldIssue } from "./errors.ts";

/** Workspace tables a saved record may point into (each row has `id` and `workspace_id`). */
export type OwnedTable = "members" | "assets" | "reports" | "board_cards" | "posts" | "asset_collections" | "budget_lines";
/** A table, or strategy records of one kind (channels, goals…). */
export type Target = OwnedTable | { entryKind: string };

/** One field of a save that names other records: where it is, what it must point at, and its message. */
export interface Reference {
  /** The request field, e.g. "reportRecipients" or "data.decisions.2.card_id". */
  field: string;
  target: Target;
  ids: readonly (string | null | undefined)[];
  /** Message key, e.g. "validation.reference_member". */
  key: string;
}

/** The ids (of those given) that are records of this workspace in `target`. */
export async function idsInWorkspace(db: DB, workspaceId: string, target: Target, ids: readonly string[]): Promise<Set<string>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Set();
  const rows =
    typeof target === "string"
      ? // Every OwnedTable has these two columns; one name stands in for the union so Kysely types the query.
        await db.selectFrom(target as "members").select("id").where("workspace_id", "=", workspaceId).where("id", "in", wanted).execute()
      : await db.selectFrom("strategy_entries").select("id").where("workspace_id", "=", workspaceId).where("kind", "=", target.entryKind).where("id", "in", wanted).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Refuses a save (400, one issue per offending field) that points at records outside this workspace, or at
 * none. `keep` lists ids the record already held: they pass even if their target has since been deleted, so an
 * autosave of an old record does not fail on a reference nobody touched (only what a save adds is checked).
 */
export async function checkReferences(db: DB, workspaceId: string, refs: readonly Reference[], keep: ReadonlySet<string> = new Set()): Promise<void> {
  const issues: FieldIssue[] = [];
  for (const ref of refs) {
    const ids = ref.ids.filter((id): id is string => typeof id === "string" && !keep.has(id));
    if (!ids.length) continue;
    const found = await idsInWorkspace(db, workspaceId, ref.target, ids);
    if (ids.some((id) => !found.has(id))) issues.push({ field: ref.field, key: ref.key });
  }
  if (issues.length) throw badRequest("validation.failed", {}, issues);
}
