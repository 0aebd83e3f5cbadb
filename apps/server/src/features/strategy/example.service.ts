import { isSectionKind, type CollectionKind, type Locale } from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import { addExampleMetrics, clearExampleMetrics } from "../metrics/example-metrics.ts";
import { exampleStrategy, type ExampleRecord } from "./example-content.ts";
import { entriesWithOwnChildren, exampleEntries, findSection } from "./strategy.repository.ts";
import { createEntry, deleteEntry, saveSection } from "./strategy.service.ts";

/**
 * Fills the workspace with the worked example in the reader's language. Sections the workspace has already
 * written are left alone; example records are marked, and stop being example once someone edits them.
 */
export async function loadExample(ctx: ServiceContext, m: Membership, user: UserRow, locale: Locale) {
  const period = { start: m.workspace.period_start, months: m.workspace.period_months };
  const records = exampleStrategy(locale, period);
  const channelIds = new Map<string, string>();
  let created = 0;
  const link = (data: Record<string, unknown>) => {
    const kpi = data.measurable as { channels?: string[] } | undefined;
    if (!kpi?.channels) return data;
    return { ...data, measurable: { ...kpi, channels: kpi.channels.map((c) => channelIds.get(c.slice(1)) ?? c).filter((c) => !c.startsWith("@")) } };
  };
  const add = async (record: ExampleRecord, parentId: string | null) => {
    if (isSectionKind(record.kind)) {
      if (await findSection(ctx.db, m.workspaceId, record.kind)) return;
      await saveSection(ctx, m, user, record.kind, { version: 0, data: record.data }, true);
      created += 1;
      return;
    }
    // The example's initiatives are owned by whoever loads it: a one-person business does everything.
    const data = record.kind === "initiative" ? { ...record.data, owner_member_id: m.memberId } : link(record.data);
    const entry = await createEntry(ctx, m, user, record.kind as CollectionKind, { data, parentId }, { example: true });
    created += 1;
    if (record.key) channelIds.set(record.key, entry.id);
    for (const child of record.children ?? []) await add(child, entry.id);
  };
  for (const record of records) await add(record, null);
  await addExampleMetrics(ctx, m.workspaceId, m.workspace.timezone, channelIds, locale);
  return { created, removed: 0 };
}

/**
 * Removes every record still marked as example (edited ones are the user's now, and so is an example goal
 * that the user has hung an initiative of their own under); each removal is a revision.
 */
export async function clearExample(ctx: ServiceContext, m: Membership, user: UserRow) {
  await clearExampleMetrics(ctx, m.workspaceId);
  const rows = await exampleEntries(ctx.db, m.workspaceId);
  const keep = new Set((await entriesWithOwnChildren(ctx.db, m.workspaceId)).map((r) => r.parent_id));
  let removed = 0;
  // Children first: a goal's deletion would otherwise take its initiatives with it.
  for (const row of [...rows].sort((a, b) => Number(b.parent_id !== null) - Number(a.parent_id !== null))) {
    if (keep.has(row.id)) continue;
    await deleteEntry(ctx, m, user, row.id, row.version, { allowSection: true });
    removed += 1;
  }
  return { created: 0, removed };
}
