import type { Locale } from "@socialplan/schema";
import type { Membership, ServiceContext } from "../../context.ts";
import { sampleBudget } from "./budget-sample.ts";
import { deleteLines, listLines, upsertCell } from "./budget.repository.ts";
import { createLine, periodOf } from "./budget.service.ts";

/** Adds the guide's sample lines (marked as sample) to the current period's budget. */
export async function loadSample(ctx: ServiceContext, m: Membership, locale: Locale) {
  const lines = sampleBudget(locale, periodOf(m), m.workspace.currency);
  for (const line of lines) {
    const id = await createLine(ctx, m, { name: line.name, category: line.category, trackActuals: line.trackActuals, planned: line.planned }, true);
    for (const [month, amount] of Object.entries(line.actual)) await upsertCell(ctx.db, id, month, "actual", amount);
  }
  return { created: lines.length, removed: 0 };
}

/** Removes the sample lines nobody has changed; edited ones are the user's own now. */
export async function clearSample(ctx: ServiceContext, m: Membership) {
  const sample = (await listLines(ctx.db, m.workspaceId, periodOf(m).start)).filter((l) => l.sample === 1);
  await deleteLines(ctx.db, sample.map((l) => l.id));
  return { created: 0, removed: sample.length };
}
