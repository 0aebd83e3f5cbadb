import {
  ENTRY_DATA_SCHEMAS,
  goalIssues,
  isSectionKind,
  issuesToFields,
  type CollectionKind,
  type Entry,
  type EntryKind,
  type GoalData,
  type Revision,
  type SectionKind,
} from "@socialplan/schema";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { AppError, badRequest } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { checkReferences } from "../../lib/references.ts";
import { enqueueChannelPurge, finishChannelPurge } from "./channel-purge.ts";
import { entryReferences, referencedIds } from "./entry-references.ts";
import {
  deleteEntryIfVersion,
  findChildren,
  findEntry,
  findSection,
  insertEntry,
  insertRevision,
  listEntries,
  listRevisions,
  nextPosition,
  updateEntryIfVersion,
  updatePosition,
  type EntryRow,
} from "./strategy.repository.ts";

export function toEntry(row: EntryRow): Entry {
  return {
    id: row.id,
    kind: row.kind as EntryKind,
    parentId: row.parent_id,
    position: row.position,
    data: JSON.parse(row.data) as Record<string, unknown>,
    version: row.version,
    example: row.example === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by_name ?? null,
  };
}

export async function getStrategy(ctx: ServiceContext, workspaceId: string): Promise<Entry[]> {
  return (await listEntries(ctx.db, workspaceId)).map(toEntry);
}

/** Checks data against its kind's schema (and a goal against the strategy period); errors name `data.<field>`. */
export function validateData(kind: EntryKind, data: unknown, membership: Membership): Record<string, unknown> {
  const parsed = ENTRY_DATA_SCHEMAS[kind].safeParse(data);
  if (!parsed.success) {
    throw badRequest("validation.failed", {}, issuesToFields(parsed.error.issues.map((i) => ({ ...i, path: ["data", ...i.path] }))));
  }
  if (kind === "goal") {
    const period = { start: membership.workspace.period_start, months: membership.workspace.period_months };
    const issues = goalIssues(parsed.data as GoalData, period);
    if (issues.length) throw badRequest("validation.failed", {}, issues);
  }
  return parsed.data;
}

/**
 * The records the data points at (a review's report, an initiative's owner, a persona's photo…) must be this
 * workspace's; ids the saved version already held pass, so a reference whose target was deleted since does not
 * block an autosave.
 */
async function checkEntryReferences(ctx: ServiceContext, m: Membership, kind: EntryKind, data: Record<string, unknown>, saved: string | null): Promise<void> {
  const before = saved === null ? null : (JSON.parse(saved) as Record<string, unknown>);
  await checkReferences(ctx.db, m.workspaceId, entryReferences(kind, data), referencedIds(kind, before));
}

/** 409 with the version that is saved now (null when the record is gone), so the editor can show both. */
function conflictWith(current: EntryRow | undefined): AppError {
  return new AppError(409, "strategy.conflict", {}, [], {}, { current: current ? toEntry(current) : null });
}

interface Revised {
  id: string;
  kind: string;
  parent_id: string | null;
}

async function revision(ctx: ServiceContext, m: Membership, user: UserRow, entry: Revised, version: number, action: Revision["action"], data: string | null) {
  await insertRevision(ctx.db, {
    id: newId(),
    workspace_id: m.workspaceId,
    entry_id: entry.id,
    kind: entry.kind,
    parent_id: entry.parent_id,
    version,
    action,
    data,
    user_id: user.id,
    created_at: iso(ctx.now),
  });
}

/** Saves a section (one per workspace): created by the first save (version 0), then only from the latest version. */
export async function saveSection(ctx: ServiceContext, m: Membership, user: UserRow, kind: SectionKind, body: { version: number; data: unknown }, example = false): Promise<Entry> {
  const data = JSON.stringify(validateData(kind, body.data, m));
  const existing = await findSection(ctx.db, m.workspaceId, kind);
  const now = iso(ctx.now);
  if (!existing) {
    if (body.version !== 0) throw conflictWith(undefined);
    const id = newId();
    await insertEntry(ctx.db, {
      id,
      workspace_id: m.workspaceId,
      kind,
      singleton: kind,
      parent_id: null,
      position: 0,
      data,
      version: 1,
      example: example ? 1 : 0,
      created_at: now,
      updated_at: now,
      updated_by: user.id,
    });
    await revision(ctx, m, user, { id, kind, parent_id: null }, 1, "create", data);
    return toEntry((await findEntry(ctx.db, m.workspaceId, id))!);
  }
  return updateRow(ctx, m, user, existing, body.version, data, "update");
}

async function updateRow(ctx: ServiceContext, m: Membership, user: UserRow, row: EntryRow, version: number, data: string, action: "update" | "restore"): Promise<Entry> {
  if (row.version !== version || !(await updateEntryIfVersion(ctx.db, row.id, version, { data, updated_at: iso(ctx.now), updated_by: user.id }))) {
    throw conflictWith(await findEntry(ctx.db, m.workspaceId, row.id));
  }
  await revision(ctx, m, user, row, version + 1, action, data);
  return toEntry((await findEntry(ctx.db, m.workspaceId, row.id))!);
}

async function requireEntry(ctx: ServiceContext, m: Membership, entryId: string): Promise<EntryRow> {
  const row = await findEntry(ctx.db, m.workspaceId, entryId);
  if (!row) throw new AppError(404, "strategy.not_found");
  return row;
}

/** Initiatives hang under a goal of the same workspace; nothing else has a parent. */
async function checkParent(ctx: ServiceContext, m: Membership, kind: CollectionKind, parentId: string | null | undefined): Promise<string | null> {
  if (kind !== "initiative") {
    if (parentId) throw badRequest("validation.failed", {}, [{ field: "parentId", key: "validation.unknown_field" }]);
    return null;
  }
  if (!parentId) throw badRequest("strategy.parent_required", {}, [{ field: "parentId", key: "strategy.parent_required" }]);
  const parent = await findEntry(ctx.db, m.workspaceId, parentId);
  if (!parent || parent.kind !== "goal") throw badRequest("strategy.wrong_parent", {}, [{ field: "parentId", key: "strategy.wrong_parent" }]);
  return parentId;
}

export async function createEntry(
  ctx: ServiceContext,
  m: Membership,
  user: UserRow,
  kind: CollectionKind,
  body: { data: unknown; parentId?: string | null | undefined },
  options: { id?: string; example?: boolean } = {},
): Promise<Entry> {
  const valid = validateData(kind, body.data, m);
  await checkEntryReferences(ctx, m, kind, valid, null);
  const data = JSON.stringify(valid);
  const parentId = await checkParent(ctx, m, kind, body.parentId);
  const id = options.id ?? newId();
  const now = iso(ctx.now);
  await insertEntry(ctx.db, {
    id,
    workspace_id: m.workspaceId,
    kind,
    singleton: null,
    parent_id: parentId,
    position: await nextPosition(ctx.db, m.workspaceId, kind),
    data,
    version: 1,
    example: options.example ? 1 : 0,
    created_at: now,
    updated_at: now,
    updated_by: user.id,
  });
  await revision(ctx, m, user, { id, kind, parent_id: parentId }, 1, "create", data);
  return toEntry((await findEntry(ctx.db, m.workspaceId, id))!);
}

export async function updateEntry(ctx: ServiceContext, m: Membership, user: UserRow, entryId: string, body: { version: number; data: unknown }): Promise<Entry> {
  const row = await requireEntry(ctx, m, entryId);
  const valid = validateData(row.kind as EntryKind, body.data, m);
  await checkEntryReferences(ctx, m, row.kind as EntryKind, valid, row.data);
  const data = JSON.stringify(valid);
  return updateRow(ctx, m, user, row, body.version, data, "update");
}

export async function moveEntry(ctx: ServiceContext, m: Membership, entryId: string, position: number): Promise<void> {
  const row = await requireEntry(ctx, m, entryId);
  await updatePosition(ctx.db, row.id, position);
}

/** Deletes a record (and a goal's initiatives); each deletion is a revision, so it can be restored. */
export async function deleteEntry(ctx: ServiceContext, m: Membership, user: UserRow, entryId: string, version: number, options = { allowSection: false }): Promise<void> {
  const row = await requireEntry(ctx, m, entryId);
  if (isSectionKind(row.kind) && !options.allowSection) throw badRequest("validation.failed", {}, [{ field: "entryId", key: "validation.invalid" }]);
  for (const child of await findChildren(ctx.db, m.workspaceId, row.id)) {
    await revision(ctx, m, user, child, child.version + 1, "delete", null);
  }
  if (row.version !== version || !(await deleteEntryIfVersion(ctx.db, row.id, version))) {
    throw conflictWith(await findEntry(ctx.db, m.workspaceId, row.id));
  }
  // A channel's numbers (its own, its day sums, its per-post numbers) go after the answer (channel-purge.ts), unseen
  // meanwhile; everything else of it goes by foreign key, each through an index by channel (migration 0019).
  if (row.kind === "channel") await enqueueChannelPurge(ctx.db, m.workspaceId, row.id, iso(ctx.now));
  await revision(ctx, m, user, row, version + 1, "delete", null);
}

export async function getRevisions(ctx: ServiceContext, m: Membership, entryId: string): Promise<Revision[]> {
  const rows = await listRevisions(ctx.db, m.workspaceId, entryId);
  if (rows.length === 0) throw new AppError(404, "strategy.not_found");
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    action: r.action as Revision["action"],
    data: r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>),
    userName: r.user_name ?? null,
    createdAt: r.created_at,
  }));
}

/**
 * Brings back an earlier version as a new one (history is never rewritten). A deleted record comes back
 * under its own id; `version` is the record's current version (the last revision's, when deleted).
 */
export async function restoreRevision(ctx: ServiceContext, m: Membership, user: UserRow, entryId: string, body: { revisionId: string; version: number }): Promise<Entry> {
  const revisions = await listRevisions(ctx.db, m.workspaceId, entryId);
  const wanted = revisions.find((r) => r.id === body.revisionId);
  if (!wanted || wanted.data === null) throw new AppError(404, "strategy.revision_not_found");
  const kind = wanted.kind as EntryKind;
  // Its references were checked when that version was saved (and may point at records deleted since, as any may).
  const data = JSON.stringify(validateData(kind, JSON.parse(wanted.data), m));
  const row = await findEntry(ctx.db, m.workspaceId, entryId);
  if (row) return updateRow(ctx, m, user, row, body.version, data, "restore");
  const latest = revisions[0]!;
  if (latest.version !== body.version) throw conflictWith(undefined);
  // A deleted initiative returns under its goal, which must exist (restore the goal first).
  const parentId = kind === "initiative" ? await checkParent(ctx, m, kind, latest.parent_id) : null;
  // A channel comes back without the per-post numbers it had (as ever): what its purge has not removed yet goes now.
  if (kind === "channel") await finishChannelPurge(ctx.db, m.workspaceId, entryId);
  const now = iso(ctx.now);
  await insertEntry(ctx.db, {
    id: entryId,
    workspace_id: m.workspaceId,
    kind,
    singleton: isSectionKind(kind) ? kind : null,
    parent_id: parentId,
    position: await nextPosition(ctx.db, m.workspaceId, kind),
    data,
    version: latest.version + 1,
    example: 0,
    created_at: now,
    updated_at: now,
    updated_by: user.id,
  });
  await revision(ctx, m, user, { id: entryId, kind, parent_id: parentId }, latest.version + 1, "restore", data);
  return toEntry((await findEntry(ctx.db, m.workspaceId, entryId))!);
}
