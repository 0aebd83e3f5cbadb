import { addDays } from "@socialplan/domain";
import type { WorkspacesTable } from "../../db/schema.ts";

/**
 * When the next strategy review (guide §2) is due: the last review held (a review record's date up to today; the
 * workspace's creation before any) plus the workspace's cadence.
 */
export function nextReviewDue(reviewDates: readonly string[], w: Pick<WorkspacesTable, "created_at" | "review_cadence_days">, today: string): { due: string; last: string | null } {
  const held = reviewDates.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d <= today).sort();
  const last = held.at(-1) ?? null;
  return { due: addDays(last ?? w.created_at.slice(0, 10), w.review_cadence_days), last };
}
