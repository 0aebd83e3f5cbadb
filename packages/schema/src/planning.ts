import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import { instantSchema, localTimeSchema, postSchema } from "./posts.ts";

/**
 * Planning many posts at once (issue 20): posting slots per channel and the queue they make, duplicating a post,
 * changing several posts in one step, and undoing the last such change.
 */

/** A weekly posting slot of a channel: ISO weekday (1 = Monday … 7 = Sunday) and a wall-clock time in the workspace's zone. */
export const slotSchema = z
  .object({
    weekday: z.number().int().min(1).max(7),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "validation.time" }),
  })
  .strict();
export type Slot = z.infer<typeof slotSchema>;
export const channelSlotsSchema = z.object({ channelId: idSchema, slots: z.array(slotSchema) });
export type ChannelSlots = z.infer<typeof channelSlotsSchema>;
/** GET /workspaces/:workspaceId/slots: every channel that has slots. */
export const slotsSchema = z.object({ channels: z.array(channelSlotsSchema) });
export type Slots = z.infer<typeof slotsSchema>;
/** PUT /workspaces/:workspaceId/slots/:channelId (editor): replaces that channel's slots; at most 50, no two the same. */
export const putSlotsSchema = z.object({ slots: z.array(slotSchema).max(50) }).strict();
export const slotParamsSchema = z.object({ workspaceId: idSchema, channelId: idSchema });

/** GET /workspaces/:workspaceId/queue?channelId=&count=: the next slots from now, each with the post that takes it or none. */
export const queueQuerySchema = z.object({ channelId: idSchema.optional(), count: z.coerce.number().int().min(1).max(100).optional() }).strict();
export const queueItemSchema = z.object({
  channelId: idSchema,
  /** The slot's instant (UTC). */
  at: timestampSchema,
  /** The post on this channel at this slot's time, or null: a free slot. */
  postId: idSchema.nullable(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;
export const queueSchema = z.object({ items: z.array(queueItemSchema) });
export type Queue = z.infer<typeof queueSchema>;

/**
 * POST /workspaces/:workspaceId/posts/:postId/next-slot: the post takes the earliest free slot of `channelId` (or of
 * its first channel) after now; a scheduled post's deliveries move with it, a draft stays a draft. 409 `slot.none`
 * when that channel has no slots.
 */
export const nextSlotSchema = z.object({ channelId: idSchema.optional() }).strict();
/** The answer of next-slot: the post as it now is, and the id that undoes the move. */
export const nextSlotResultSchema = z.object({ post: postSchema, undoId: idSchema });
export type NextSlotResult = z.infer<typeof nextSlotResultSchema>;

/**
 * POST /workspaces/:workspaceId/posts/:postId/duplicate → 201 { post, undoId }: a copy (a draft, without deliveries,
 * review history or approval) at another time and/or on other channels. Left out: the same time, the same channels.
 * `channelIds` replaces the channels; a channel kept keeps its own text.
 */
export const duplicatePostSchema = z
  .object({
    scheduledAt: instantSchema.nullable().optional(),
    scheduledLocal: localTimeSchema.optional(),
    channelIds: z.array(idSchema).min(1).max(20).optional(),
  })
  .strict();
export type DuplicatePost = z.infer<typeof duplicatePostSchema>;
export const duplicateResultSchema = z.object({ post: postSchema, undoId: idSchema });
export type DuplicateResult = z.infer<typeof duplicateResultSchema>;

/** What one bulk change does to every post it names. */
export const bulkActionSchema = z.discriminatedUnion("kind", [
  /** Every post moves by the same number of days, keeping its wall-clock time in the workspace's zone. */
  z.object({ kind: z.literal("shift"), days: z.number().int().min(-366).max(366).refine((d) => d !== 0, { error: "validation.required" }) }).strict(),
  /** Every post to this day, keeping its own wall-clock time (a post without a time gets `time`, default 09:00). */
  z.object({ kind: z.literal("reschedule"), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "validation.date" }), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional() }).strict(),
  /** idea / draft: back to writing (a scheduled post is unscheduled); scheduled: scheduled at its time (refused per post where it cannot be). */
  z.object({ kind: z.literal("status"), status: z.enum(["idea", "draft", "scheduled"]) }).strict(),
  z.object({ kind: z.literal("delete") }).strict(),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;
/** POST /workspaces/:workspaceId/posts/bulk (editor). */
export const bulkPostsSchema = z.object({ postIds: z.array(idSchema).min(1).max(200), action: bulkActionSchema }).strict();
export type BulkPosts = z.infer<typeof bulkPostsSchema>;
export const bulkResultSchema = z.object({
  changed: z.array(idSchema),
  /** Posts left as they were, each with the reason (a translated message and its code, e.g. `post.publishing_now`). */
  skipped: z.array(z.object({ postId: idSchema, code: z.string(), message: z.string() })),
  /** Undoes this change (POST …/undo/:undoId); null when nothing changed. */
  undoId: idSchema.nullable(),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

/**
 * POST /workspaces/:workspaceId/undo/:undoId (editor): puts the posts of a change (bulk, duplicate, move by drag, next
 * slot, delete) back as they were, deleted ones included with their comments and history. Only the member who made
 * the change, only their last change, within 30 minutes; 409 `undo.expired` otherwise. Posts that were published or
 * are publishing since are left alone and listed as skipped.
 */
export const undoParamsSchema = z.object({ workspaceId: idSchema, undoId: idSchema });
export const undoResultSchema = z.object({ restored: z.array(idSchema), skipped: z.array(z.object({ postId: idSchema, code: z.string(), message: z.string() })) });
export type UndoResult = z.infer<typeof undoResultSchema>;
