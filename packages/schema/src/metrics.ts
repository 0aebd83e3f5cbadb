import { METRICS } from "@socialplan/domain";
import { z } from "zod";
import { idSchema } from "./common.ts";
import { dateSchema } from "./strategy/entries.ts";

/** A built-in metric, or a workspace's own ("custom:<name>", lower case). */
export const metricNameSchema = z.union([z.enum(METRICS), z.string().regex(/^custom:[a-z0-9_]{1,40}$/, { error: "validation.metric" })]);
export const metricCellSchema = z
  .object({
    channelId: idSchema,
    postId: idSchema.nullable().optional(),
    day: dateSchema,
    metric: metricNameSchema,
    /** null removes the number. */
    value: z.number().min(-1e12).max(1e12).nullable(),
  })
  .strict();
export type MetricCell = z.infer<typeof metricCellSchema>;
export const putMetricsSchema = z.object({ cells: z.array(metricCellSchema).min(1).max(5000) }).strict();
export const metricsQuerySchema = z.object({ channelId: idSchema.optional(), from: dateSchema.optional(), to: dateSchema.optional() }).strict();
export const metricsSchema = z.object({
  cells: z.array(z.object({ channelId: idSchema, postId: idSchema.nullable(), day: z.string(), metric: z.string(), value: z.number(), source: z.string() })),
});

export const goalProgressSchema = z.object({
  goals: z.array(
    z.object({
      goalId: idSchema,
      /** The KPI's metric as understood (a built-in metric), or null when the goal names none the app can measure. */
      metric: z.string().nullable(),
      channelIds: z.array(idSchema),
      baseline: z.number().nullable(),
      target: z.number().nullable(),
      deadline: z.string().nullable(),
      points: z.number(),
      verdict: z.enum(["reached", "on_track", "behind", "no_trend", "too_little_data", "not_measurable"]),
      current: z.number().nullable(),
      progress: z.number().nullable(),
      neededPerWeek: z.number().nullable(),
      fit: z.object({ kind: z.enum(["linear", "log-linear"]), ratePerDay: z.number(), r2: z.number() }).nullable(),
      forecastDate: z.string().nullable(),
    }),
  ),
});
export type GoalProgress = z.infer<typeof goalProgressSchema>;
