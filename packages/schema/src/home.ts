import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import { goalProgressSchema } from "./metrics.ts";
import { budgetPacingSchema } from "./budget.ts";
import { POST_STATUSES } from "./posts.ts";
import { STAGES } from "./board.ts";
import { NETWORKS } from "./strategy/index.ts";

/** The first-run checklist, in order; each step is ticked from the workspace's own data. */
export const FIRST_RUN_STEPS = ["basics", "channel", "goal", "post", "budget", "team"] as const;
export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number];

const homePost = z.object({
  id: idSchema,
  title: z.string(),
  status: z.enum(POST_STATUSES),
  scheduledAt: timestampSchema.nullable(),
  channels: z.array(z.object({ channelId: idSchema, network: z.enum(NETWORKS) })),
  /** The first image or video of the post, from the asset library. */
  thumbnailAssetId: idSchema.nullable(),
});
export type HomePost = z.infer<typeof homePost>;

const homeGoal = goalProgressSchema.shape.goals.element.extend({
  title: z.string(),
  /** Posts and initiatives linked to the goal. */
  posts: z.number(),
  initiatives: z.number(),
});
export type HomeGoal = z.infer<typeof homeGoal>;

/** The workspace's command center in one answer (the home screen). */
export const homeSchema = z.object({
  home: z.object({
    checklist: z.array(z.object({ step: z.enum(FIRST_RUN_STEPS), done: z.boolean() })),
    approvalRequired: z.boolean(),
    /** Whether the caller may approve posts (owners, admins, the boss hat). */
    canApprove: z.boolean(),
    /** The worked example is loaded (some of its records are still there). */
    example: z.boolean(),
    goals: z.array(homeGoal),
    /** This week, Monday to Sunday in the workspace's time zone, and its posts by day. */
    week: z.object({ from: z.string(), to: z.string(), days: z.array(z.object({ date: z.string(), posts: z.array(homePost) })) }),
    waiting: z.object({
      /** Posts in review (to decide, for those who may approve; otherwise the caller's own waiting). */
      reviews: z.array(homePost),
      /** The caller's posts that a reviewer sent back with changes requested. */
      changesRequested: z.array(homePost.extend({ note: z.string().nullable(), byName: z.string().nullable() })),
      /** The caller's cards not done, due within a week or overdue. */
      tasks: z.array(z.object({ cardId: idSchema, title: z.string(), dueDate: z.string(), stage: z.enum(STAGES), overdue: z.boolean() })),
      /** Reminders to post by hand and confirm. */
      reminders: z.array(z.object({ postId: idSchema, deliveryId: idSchema, channelId: idSchema, network: z.enum(NETWORKS), title: z.string(), dueAt: timestampSchema, overdue: z.boolean() })),
      /** Copies that failed or need a decision, and paused accounts. */
      problems: z.array(
        z.object({
          kind: z.enum(["failed", "needs_attention", "paused"]),
          postId: idSchema.nullable(),
          channelId: idSchema,
          network: z.enum(NETWORKS),
          title: z.string(),
          message: z.string().nullable(),
        }),
      ),
    }),
    /** This month's budget and how its spending keeps pace with the days; null when the month has no budget. */
    budget: z.object({ currency: z.string(), planned: z.number(), pacing: budgetPacingSchema }).nullable(),
    /** The next strategy review (guide §2): when it is due, and the last report to look at. */
    checkIn: z.object({ due: z.string(), overdue: z.boolean(), lastReview: z.string().nullable(), lastReportId: idSchema.nullable() }),
  }),
});
export type Home = z.infer<typeof homeSchema>["home"];
