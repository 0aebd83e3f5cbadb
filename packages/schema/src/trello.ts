import { z } from "zod";
import { idSchema } from "./common.ts";
import { STAGES } from "./board.ts";

/** The parts of a Trello board's JSON export (Menu → Print and export → JSON) that are imported. */
export const trelloBoardSchema = z.object({
  name: z.string(),
  lists: z.array(z.object({ id: z.string(), name: z.string(), closed: z.boolean().optional() })).min(1),
  cards: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      desc: z.string().optional().default(""),
      idList: z.string(),
      due: z.string().nullable().optional(),
      closed: z.boolean().optional(),
      labels: z.array(z.object({ name: z.string().optional().default(""), color: z.string().nullable().optional() })).optional().default([]),
    }),
  ),
  checklists: z
    .array(z.object({ idCard: z.string(), name: z.string().optional(), checkItems: z.array(z.object({ name: z.string(), state: z.string() })) }))
    .optional()
    .default([]),
  actions: z
    .array(
      z.object({
        type: z.string(),
        date: z.string().optional(),
        data: z.object({ text: z.string().optional(), card: z.object({ id: z.string() }).optional() }).optional(),
        memberCreator: z.object({ fullName: z.string().optional() }).optional(),
      }),
    )
    .optional()
    .default([]),
});
export type TrelloBoard = z.infer<typeof trelloBoardSchema>;

export const trelloImportSchema = z
  .object({
    /** The export as parsed JSON; checked against `trelloBoardSchema` on the server, nothing imported if it fails. */
    board: z.unknown(),
    /** Trello list id → the stage its cards go to. */
    mapping: z.record(z.string(), z.enum(STAGES)),
  })
  .strict();
export const trelloImportResultSchema = z.object({ cards: z.number().int(), comments: z.number().int(), checklistItems: z.number().int() });
export type TrelloImportResult = z.infer<typeof trelloImportResultSchema>;

/** A first guess of the stage for a Trello list, from its name (the user can change every one). */
export function guessStage(listName: string): (typeof STAGES)[number] {
  const n = listName.toLowerCase();
  if (/done|완료|finished|complete/.test(n)) return "done";
  if (/review|검토|approve/.test(n)) return "review";
  if (/hold|blocked|보류|waiting/.test(n)) return "on_hold";
  if (/doing|progress|진행/.test(n)) return "in_progress";
  if (/to ?do|next|할 일|today|this week/.test(n)) return "next";
  return "backlog";
}
export const trelloParamsSchema = z.object({ workspaceId: idSchema });
