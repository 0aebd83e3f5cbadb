import { type Card, type MoveCard, type Stage, type UpdateCard } from "@socialplan/schema";
import { generateKeyBetween } from "fractional-indexing";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import type { BoardCardsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { AppError, badRequest, forbidden } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { checkReferences } from "../../lib/references.ts";
import { findEntry } from "../strategy/strategy.repository.ts";
import { approvers, canApprove } from "../members/approvers.ts";
import { notify, usersOfMembers } from "./notifications.service.ts";

type Row = BoardCardsTable;

function toCard(r: Row, assignees: string[], attachments: string[]): Card {
  return {
    id: r.id,
    stage: r.stage as Stage,
    rank: r.rank,
    title: r.title,
    description: r.description,
    assigneeIds: assignees,
    hat: r.hat as Card["hat"],
    dueDate: r.due_date,
    priority: r.priority as Card["priority"],
    labels: JSON.parse(r.labels) as string[],
    checklist: JSON.parse(r.checklist) as Card["checklist"],
    goalId: r.goal_id,
    initiativeId: r.initiative_id,
    attachmentIds: attachments,
    holdReason: r.hold_reason,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every card of the workspace in board order: by stage, then rank (ties, from simultaneous moves, by id). */
export async function getBoard(ctx: ServiceContext, workspaceId: string): Promise<Card[]> {
  const rows = await ctx.db.selectFrom("board_cards").selectAll().where("workspace_id", "=", workspaceId).orderBy("rank").orderBy("id").execute();
  const ids = rows.map((r) => r.id);
  const assignees = rows.length ? await ctx.db.selectFrom("board_assignees").selectAll().where("card_id", "in", ids).execute() : [];
  const attachments = rows.length ? await ctx.db.selectFrom("card_attachments").selectAll().where("card_id", "in", ids).orderBy("position").execute() : [];
  return rows.map((r) =>
    toCard(
      r,
      assignees.filter((a) => a.card_id === r.id).map((a) => a.member_id),
      attachments.filter((a) => a.card_id === r.id).map((a) => a.asset_id),
    ),
  );
}

async function requireCard(ctx: ServiceContext, m: Membership, cardId: string): Promise<Row> {
  const row = await ctx.db.selectFrom("board_cards").selectAll().where("workspace_id", "=", m.workspaceId).where("id", "=", cardId).executeTakeFirst();
  if (!row) throw new AppError(404, "board.card_not_found");
  return row;
}

/** Goals, initiatives, assignees and attachments named by a card must belong to this workspace. */
async function checkLinks(ctx: ServiceContext, m: Membership, patch: UpdateCard): Promise<void> {
  await checkReferences(ctx.db, m.workspaceId, [
    { field: "goalId", target: { entryKind: "goal" }, ids: [patch.goalId], key: "board.unknown_goal" },
    { field: "initiativeId", target: { entryKind: "initiative" }, ids: [patch.initiativeId], key: "board.unknown_initiative" },
    { field: "assigneeIds", target: "members", ids: patch.assigneeIds ?? [], key: "board.unknown_member" },
    { field: "attachmentIds", target: "assets", ids: patch.attachmentIds ?? [], key: "board.unknown_asset" },
  ]);
}

async function lastRank(ctx: ServiceContext, workspaceId: string, stage: string): Promise<string | null> {
  const row = await ctx.db.selectFrom("board_cards").select("rank").where("workspace_id", "=", workspaceId).where("stage", "=", stage).orderBy("rank", "desc").limit(1).executeTakeFirst();
  return row?.rank ?? null;
}

function applyPatch(patch: UpdateCard): Partial<Row> {
  const set: Partial<Row> = {};
  if (patch.title !== undefined) set.title = patch.title;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.hat !== undefined) set.hat = patch.hat;
  if (patch.dueDate !== undefined) set.due_date = patch.dueDate;
  if (patch.priority !== undefined) set.priority = patch.priority;
  if (patch.labels !== undefined) set.labels = JSON.stringify([...new Set(patch.labels)]);
  if (patch.checklist !== undefined) set.checklist = JSON.stringify(patch.checklist);
  if (patch.goalId !== undefined) set.goal_id = patch.goalId;
  if (patch.initiativeId !== undefined) set.initiative_id = patch.initiativeId;
  return set;
}

async function setAttachments(ctx: ServiceContext, cardId: string, assetIds: readonly string[]): Promise<void> {
  await ctx.db.deleteFrom("card_attachments").where("card_id", "=", cardId).execute();
  let position = 0;
  for (const assetId of new Set(assetIds)) await ctx.db.insertInto("card_attachments").values({ card_id: cardId, asset_id: assetId, position: position++ }).execute();
}

async function setAssignees(ctx: ServiceContext, cardId: string, memberIds: readonly string[]): Promise<void> {
  await ctx.db.deleteFrom("board_assignees").where("card_id", "=", cardId).execute();
  for (const memberId of new Set(memberIds)) await ctx.db.insertInto("board_assignees").values({ card_id: cardId, member_id: memberId }).execute();
}

/** A card row with everything empty but what is given. */
export function newCardRow(m: Membership, user: UserRow, now: Date, fields: Pick<Row, "id" | "stage" | "rank" | "title"> & Partial<Row>): Row {
  return {
    workspace_id: m.workspaceId,
    description: "",
    hat: null,
    due_date: null,
    priority: null,
    labels: "[]",
    checklist: "[]",
    goal_id: null,
    initiative_id: null,
    hold_reason: null,
    post_id: null,
    approved_by: null,
    approved_at: null,
    created_by: user.id,
    created_at: iso(now),
    updated_at: iso(now),
    example: 0,
    ...fields,
  };
}

export async function createCard(ctx: ServiceContext, m: Membership, user: UserRow, body: UpdateCard & { title: string; stage?: Stage | undefined }): Promise<string> {
  await checkLinks(ctx, m, body);
  const stage = body.stage ?? "backlog";
  if (stage === "on_hold" || stage === "done") throw badRequest("validation.failed", {}, [{ field: "stage", key: "board.create_stage" }]);
  const id = newId();
  await ctx.db
    .insertInto("board_cards")
    .values({
      ...newCardRow(m, user, ctx.now, { id, stage, rank: generateKeyBetween(await lastRank(ctx, m.workspaceId, stage), null), title: body.title }),
      ...applyPatch(body),
      // The backlog is unsorted: no priority there.
      ...(stage === "backlog" ? { priority: null } : {}),
    })
    .execute();
  if (body.attachmentIds) await setAttachments(ctx, id, body.attachmentIds);
  if (body.assigneeIds) {
    await setAssignees(ctx, id, body.assigneeIds);
    await notify(ctx, m, user, "assigned", { cardId: id }, await usersOfMembers(ctx, m.workspaceId, body.assigneeIds));
  }
  if (stage === "review") await notify(ctx, m, user, "approval_requested", { cardId: id }, await approvers(ctx, m.workspaceId));
  return id;
}

export async function updateCard(ctx: ServiceContext, m: Membership, user: UserRow, cardId: string, patch: UpdateCard): Promise<void> {
  const row = await requireCard(ctx, m, cardId);
  await checkLinks(ctx, m, patch);
  const set = applyPatch(patch);
  if (row.stage === "backlog") set.priority = null;
  // Edited, an example card is the user's own: clearing the example keeps it.
  await ctx.db.updateTable("board_cards").set({ ...set, example: 0, updated_at: iso(ctx.now) }).where("id", "=", row.id).execute();
  if (patch.attachmentIds) await setAttachments(ctx, row.id, patch.attachmentIds);
  if (patch.assigneeIds) {
    const before = (await ctx.db.selectFrom("board_assignees").select("member_id").where("card_id", "=", row.id).execute()).map((a) => a.member_id);
    await setAssignees(ctx, row.id, patch.assigneeIds);
    const added = patch.assigneeIds.filter((id) => !before.includes(id));
    await notify(ctx, m, user, "assigned", { cardId: row.id }, await usersOfMembers(ctx, m.workspaceId, added));
  }
}

/**
 * Moves a card to a stage, between two neighbours. Only the moved card's row changes (its stage and a rank between
 * the neighbours' ranks), so two members moving cards at once can neither lose nor duplicate one. On hold needs a
 * reason; Done needs someone allowed to approve, and the approval is recorded.
 */
export async function moveCard(ctx: ServiceContext, m: Membership, user: UserRow, cardId: string, move: MoveCard): Promise<void> {
  const row = await requireCard(ctx, m, cardId);
  if (move.stage === "on_hold" && !move.holdReason && row.stage !== "on_hold") {
    throw badRequest("validation.failed", {}, [{ field: "holdReason", key: "board.hold_reason_required" }]);
  }
  const approving = move.stage === "done" && row.stage !== "done";
  if (approving && !(await canApprove(ctx, m))) throw forbidden("board.approval_forbidden");
  const neighbour = async (id: string | null | undefined) => {
    if (!id || id === row.id) return null;
    const n = await ctx.db.selectFrom("board_cards").select(["rank", "stage"]).where("workspace_id", "=", m.workspaceId).where("id", "=", id).executeTakeFirst();
    // A neighbour that moved away meanwhile no longer places the card; it goes to the end instead.
    return n && n.stage === move.stage ? n.rank : undefined;
  };
  const after = await neighbour(move.afterId);
  const before = await neighbour(move.beforeId);
  let rank: string;
  if (after === undefined || before === undefined || (after !== null && before !== null && after >= before)) {
    rank = generateKeyBetween(await lastRank(ctx, m.workspaceId, move.stage), null);
  } else {
    rank = generateKeyBetween(after, before);
  }
  await ctx.db
    .updateTable("board_cards")
    .set({
      stage: move.stage,
      rank,
      hold_reason: move.stage === "on_hold" ? (move.holdReason ?? row.hold_reason) : null,
      ...(approving ? { approved_by: user.id, approved_at: iso(ctx.now) } : {}),
      ...(move.stage !== "done" ? { approved_by: null, approved_at: null } : {}),
      ...(move.stage === "backlog" ? { priority: null } : {}),
      updated_at: iso(ctx.now),
    })
    .where("id", "=", row.id)
    .execute();
  if (move.stage === "review" && row.stage !== "review") await notify(ctx, m, user, "approval_requested", { cardId: row.id }, await approvers(ctx, m.workspaceId));
}

export async function deleteCard(ctx: ServiceContext, m: Membership, cardId: string): Promise<void> {
  const row = await requireCard(ctx, m, cardId);
  await ctx.db.deleteFrom("board_cards").where("id", "=", row.id).execute();
}

/** Splits an initiative into cards in one step: one card per task title, in the backlog, linked to it and its goal. */
export async function splitInitiative(ctx: ServiceContext, m: Membership, user: UserRow, initiativeId: string, titles: readonly string[]): Promise<void> {
  const initiative = await findEntry(ctx.db, m.workspaceId, initiativeId);
  if (!initiative || initiative.kind !== "initiative") throw new AppError(404, "strategy.not_found");
  const owner = (JSON.parse(initiative.data) as { owner_member_id?: string | null }).owner_member_id;
  for (const title of titles) {
    await createCard(ctx, m, user, { title, initiativeId, goalId: initiative.parent_id, ...(owner ? { assigneeIds: [owner] } : {}) });
  }
}
