import type { EntryKind } from "@socialplan/schema";
import type { Reference } from "../../lib/references.ts";

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * The other records a strategy record's data points at, by kind: a review's report and decision cards, an
 * initiative's owner, a persona's photo, a goal's KPI channels. Each must be a record of the same workspace.
 */
export function entryReferences(kind: EntryKind, data: Record<string, unknown>): Reference[] {
  switch (kind) {
    case "review":
      return [
        { field: "data.report_id", target: "reports", ids: [str(data.report_id)], key: "validation.reference_report" },
        ...arr(data.decisions).map((d, i): Reference => ({ field: `data.decisions.${i}.card_id`, target: "board_cards", ids: [str(obj(d).card_id)], key: "validation.reference_card" })),
      ];
    case "initiative":
      return [{ field: "data.owner_member_id", target: "members", ids: [str(data.owner_member_id)], key: "validation.reference_member" }];
    case "persona":
      return [{ field: "data.photo_upload_id", target: "assets", ids: [str(data.photo_upload_id)], key: "validation.reference_asset" }];
    case "goal":
      return [{ field: "data.measurable.channels", target: { entryKind: "channel" }, ids: arr(obj(data.measurable).channels).map(str), key: "validation.reference_channel" }];
    default:
      return [];
  }
}

/** Every id a record's data already points at (kept on a later save even if its target is gone since). */
export function referencedIds(kind: EntryKind, data: Record<string, unknown> | null): Set<string> {
  if (!data) return new Set();
  return new Set(entryReferences(kind, data).flatMap((r) => r.ids.filter((id): id is string => typeof id === "string")));
}
