import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import { POST_STATUSES, postSchema } from "./posts.ts";
import { NETWORKS } from "./strategy/index.ts";
import { cleanText, dateSchema } from "./vocabulary.ts";

/**
 * Review on the post itself: the post's conversation and history, the approvers' decisions, and review links for
 * someone without an account (a client, the boss on the road).
 */
export const POST_EVENT_KINDS = ["submitted", "approved", "changes_requested", "unapproved", "scheduled", "unscheduled"] as const;
export type PostEventKind = (typeof POST_EVENT_KINDS)[number];

/** One line of a post's activity: a comment, or something that happened to it; by a member or by a reviewer through a link (`guest`). */
export const postActivitySchema = z.object({
  id: idSchema,
  kind: z.enum(["comment", ...POST_EVENT_KINDS]),
  authorName: z.string().nullable(),
  guest: z.boolean(),
  /** The comment, or the note given with a decision. */
  body: z.string().nullable(),
  createdAt: timestampSchema,
});
export type PostActivity = z.infer<typeof postActivitySchema>;
export const postActivityListSchema = z.object({ activity: z.array(postActivitySchema) });

const note = z.string().trim().max(5000).transform(cleanText);
export const approvePostSchema = z.object({ comment: note.optional() }).strict();
export const requestChangesSchema = z.object({ comment: note.pipe(z.string().min(1)) }).strict();
export const postCommentSchema = z.object({ body: note.pipe(z.string().min(1)) }).strict();

/** The review queue: posts waiting for a decision, and whether the caller may decide. */
export const reviewQueueSchema = z.object({ canApprove: z.boolean(), posts: z.array(postSchema) });

const MAX_LINK_DAYS = 92;
export const createReviewLinkSchema = z
  .object({
    label: z.string().trim().min(1).max(200).transform(cleanText),
    from: dateSchema,
    to: dateSchema,
    /** How many days the link works. */
    days: z.number().int().min(1).max(60),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "review.link_to_before_from" });
    else if ((Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 > MAX_LINK_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: "review.link_too_long" });
  });
export type CreateReviewLink = z.infer<typeof createReviewLinkSchema>;
export const reviewLinkSchema = z.object({
  id: idSchema,
  label: z.string(),
  from: z.string(),
  to: z.string(),
  expiresAt: timestampSchema,
  revoked: z.boolean(),
  createdAt: timestampSchema,
  /** The link itself: only in the answer to its creation (it is not stored). */
  url: z.string().optional(),
});
export type ReviewLink = z.infer<typeof reviewLinkSchema>;
export const reviewLinksSchema = z.object({ links: z.array(reviewLinkSchema) });
export const reviewLinkEnvelopeSchema = z.object({ link: reviewLinkSchema });
export const reviewLinkParamsSchema = z.object({ workspaceId: idSchema, linkId: idSchema });

/** The review link's token: `<link id>.<expiry, seconds>.<signature>`. */
export const reviewTokenSchema = z.string().min(20).max(300).regex(/^[A-Za-z0-9_.-]+$/);
export const guestParamsSchema = z.object({ token: reviewTokenSchema });
export const guestPostParamsSchema = guestParamsSchema.extend({ postId: idSchema });
export const guestMediaParamsSchema = guestParamsSchema.extend({ assetId: idSchema });
const guestName = z.string().trim().min(1).max(100).transform(cleanText);
export const guestCommentSchema = z.object({ name: guestName, body: note.pipe(z.string().min(1)) }).strict();
export const guestApproveSchema = z.object({ name: guestName, comment: note.optional() }).strict();
export const guestRequestChangesSchema = z.object({ name: guestName, comment: note.pipe(z.string().min(1)) }).strict();

/** A post as a reviewer through a link sees it: each channel's text, the media at addresses of the link, and its activity. */
export const guestPostSchema = z.object({
  id: idSchema,
  title: z.string(),
  status: z.enum(POST_STATUSES),
  scheduledAt: timestampSchema.nullable(),
  link: z.string().nullable(),
  channels: z.array(z.object({ channelId: idSchema, network: z.enum(NETWORKS), handle: z.string(), text: z.string() })),
  media: z.array(z.object({ url: z.string(), alt: z.string(), kind: z.enum(["image", "video"]) })),
  activity: z.array(postActivitySchema),
});
export type GuestPost = z.infer<typeof guestPostSchema>;
export const guestReviewSchema = z.object({
  review: z.object({
    workspaceName: z.string(),
    timezone: z.string(),
    label: z.string(),
    from: z.string(),
    to: z.string(),
    expiresAt: timestampSchema,
    posts: z.array(guestPostSchema),
  }),
});
export type GuestReview = z.infer<typeof guestReviewSchema>["review"];
