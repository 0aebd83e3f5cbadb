import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import { HATS } from "./roles.ts";
import { dateSchema } from "./vocabulary.ts";

/** The guide's workflow stages (§13 `exec.workflow`), in order. */
export const STAGES = ["backlog", "next", "in_progress", "on_hold", "review", "done"] as const;
export type Stage = (typeof STAGES)[number];
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

const checklistItem = z.object({ text: z.string().trim().min(1).max(300), done: z.boolean() }).strict();

export const cardSchema = z.object({
  id: idSchema,
  stage: z.enum(STAGES),
  rank: z.string(),
  title: z.string(),
  description: z.string(),
  assigneeIds: z.array(idSchema),
  hat: z.enum(HATS).nullable(),
  dueDate: z.string().nullable(),
  priority: z.enum(PRIORITIES).nullable(),
  labels: z.array(z.string()),
  checklist: z.array(z.object({ text: z.string(), done: z.boolean() })),
  goalId: idSchema.nullable(),
  initiativeId: idSchema.nullable(),
  /** Files from the asset library, in the order they were attached. */
  attachmentIds: z.array(idSchema),
  holdReason: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Card = z.infer<typeof cardSchema>;
export const boardSchema = z.object({ cards: z.array(cardSchema) });

const cardFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(20_000),
  assigneeIds: z.array(idSchema).max(20),
  hat: z.enum(HATS).nullable(),
  dueDate: dateSchema.nullable(),
  priority: z.enum(PRIORITIES).nullable(),
  labels: z.array(z.string().trim().min(1).max(40)).max(20),
  checklist: z.array(checklistItem).max(100),
  goalId: idSchema.nullable(),
  initiativeId: idSchema.nullable(),
  attachmentIds: z.array(idSchema).max(30),
};
export const createCardSchema = z.object(cardFields).partial().required({ title: true }).extend({ stage: z.enum(STAGES).optional() }).strict();
export const updateCardSchema = z.object(cardFields).partial().strict();
export type UpdateCard = z.infer<typeof updateCardSchema>;
export const moveCardSchema = z
  .object({
    stage: z.enum(STAGES),
    /** The cards it lands between (ids in the target stage); none for an empty stage. */
    afterId: idSchema.nullable().optional(),
    beforeId: idSchema.nullable().optional(),
    holdReason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type MoveCard = z.infer<typeof moveCardSchema>;
export const cardParamsSchema = z.object({ workspaceId: idSchema, cardId: idSchema });
export const splitInitiativeSchema = z.object({ titles: z.array(z.string().trim().min(1).max(200)).min(1).max(50) }).strict();
export const initiativeParamsSchema = z.object({ workspaceId: idSchema, initiativeId: idSchema });

export const commentSchema = z.object({ id: idSchema, authorName: z.string().nullable(), body: z.string(), createdAt: timestampSchema });
export type Comment = z.infer<typeof commentSchema>;
export const commentsSchema = z.array(commentSchema);
export const createCommentSchema = z.object({ body: z.string().trim().min(1).max(5000) }).strict();

export const NOTIFICATION_KINDS = ["assigned", "mentioned", "approval_requested", "due_soon", "post_due", "post_failed", "post_attention", "account_paused", "review_due", "approved", "changes_requested", "connection_expiring", "connection_revoked"] as const;
export const notificationSchema = z.object({
  /** null for "due soon", which is worked out from the cards each time rather than stored. */
  id: idSchema.nullable(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** The card it is about, or the post (reminders, failures, paused accounts). */
  cardId: idSchema.nullable(),
  postId: idSchema.nullable(),
  cardTitle: z.string(),
  actorName: z.string().nullable(),
  createdAt: timestampSchema,
  read: z.boolean(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationsSchema = z.array(notificationSchema);
export const markReadSchema = z.object({ ids: z.array(idSchema).max(500).optional() }).strict();
