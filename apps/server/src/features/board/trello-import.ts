import { isCalendarDate, isInstant, issuesToFields, trelloBoardSchema, type Stage, type TrelloImportResult } from "@socialplan/schema";
import { recordImport } from "../../lib/metrics.ts";
import { generateKeyBetween } from "fractional-indexing";
import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { badRequest } from "../../lib/errors.ts";
import { newId } from "../../lib/ids.ts";
import { newCardRow } from "./board.service.ts";

/**
 * Imports a Trello board export: open cards of mapped lists, in Trello's order, with their labels, checklists,
 * due dates and comments. The file is checked first; a malformed one is refused and nothing is written.
 */
export async function importTrello(ctx: ServiceContext, m: Membership, user: UserRow, input: { board: unknown; mapping: Record<string, Stage> }): Promise<TrelloImportResult> {
  const started = performance.now();
  const parsed = trelloBoardSchema.safeParse(input.board);
  if (!parsed.success) {
    throw badRequest("board.trello_invalid", {}, issuesToFields(parsed.error.issues.slice(0, 5).map((i) => ({ ...i, path: ["board", ...i.path] }))));
  }
  const board = parsed.data;
  // Grouped once by id: a board of n lists, cards and comments costs n, not n² (a large file must not stall the server).
  const listIds = new Set(board.lists.map((l) => l.id));
  const group = <T, K>(items: readonly T[], key: (item: T) => K) => {
    const out = new Map<K, T[]>();
    for (const item of items) {
      const k = key(item);
      const bucket = out.get(k);
      if (bucket) bucket.push(item);
      else out.set(k, [item]);
    }
    return out;
  };
  const cardsByList = group(board.cards, (c) => c.idList);
  const checklistsByCard = group(board.checklists, (c) => c.idCard);
  const commentsByCard = group(
    board.actions.filter((a) => a.type === "commentCard" && a.data?.card?.id && a.data.text),
    (a) => a.data!.card!.id,
  );
  const unknownLists = Object.keys(input.mapping).filter((id) => !listIds.has(id));
  if (unknownLists.length) throw badRequest("board.trello_unknown_list", {}, [{ field: "mapping", key: "board.trello_unknown_list" }]);
  const now = iso(ctx.now);
  const ranks = new Map<string, string | null>();
  const last = await ctx.db.selectFrom("board_cards").select(["stage", "rank"]).where("workspace_id", "=", m.workspaceId).orderBy("rank", "desc").execute();
  for (const row of last) if (!ranks.has(row.stage)) ranks.set(row.stage, row.rank);
  let cards = 0;
  let comments = 0;
  let checklistItems = 0;
  for (const list of board.lists.filter((l) => !l.closed && input.mapping[l.id])) {
    const stage = input.mapping[list.id]!;
    for (const card of (cardsByList.get(list.id) ?? []).filter((c) => !c.closed)) {
      const rank = generateKeyBetween(ranks.get(stage) ?? null, null);
      ranks.set(stage, rank);
      const checklist = (checklistsByCard.get(card.id) ?? []).flatMap((c) => c.checkItems.map((i) => ({ text: i.name.slice(0, 300), done: i.state === "complete" })));
      const id = newId();
      await ctx.db
        .insertInto("board_cards")
        .values(
          newCardRow(m, user, ctx.now, {
            id,
            stage,
            rank,
            title: card.name.slice(0, 200) || "—",
            description: card.desc.slice(0, 20_000),
            // Trello writes an instant; the board keeps its day, and only a real one (a broken file's dates are dropped).
            due_date: card.due && isCalendarDate(card.due.slice(0, 10)) ? card.due.slice(0, 10) : null,
            labels: JSON.stringify([...new Set(card.labels.map((l) => (l.name || l.color || "").slice(0, 40)).filter(Boolean))]),
            checklist: JSON.stringify(checklist.slice(0, 100)),
            hold_reason: stage === "on_hold" ? list.name : null,
            approved_by: stage === "done" ? user.id : null,
            approved_at: stage === "done" ? now : null,
          }),
        )
        .execute();
      cards += 1;
      checklistItems += Math.min(checklist.length, 100);
      for (const action of [...(commentsByCard.get(card.id) ?? [])].reverse()) {
        const author = action.memberCreator?.fullName;
        await ctx.db
          .insertInto("card_comments")
          .values({ id: newId(), workspace_id: m.workspaceId, card_id: id, author_id: null, body: `${author ? `${author} (Trello): ` : ""}${action.data!.text!}`.slice(0, 5000), created_at: isInstant(action.date) ? iso(new Date(action.date)) : now })
          .execute();
        comments += 1;
      }
    }
  }
  recordImport("trello", cards, (performance.now() - started) / 1000);
  return { cards, comments, checklistItems };
}
