import { METRICS } from "@socialplan/domain";
import { z } from "zod";
import { idSchema } from "./common.ts";
import { dateSchema, periodFits } from "./vocabulary.ts";

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
  /** postId: a Socialplan post's id, or an imported post's key ("m:<network id>"); null for the channel as a whole. */
  cells: z.array(z.object({ channelId: idSchema, postId: z.string().nullable(), day: z.string(), metric: z.string(), value: z.number(), source: z.string() })),
});

/** What a goal's KPI still lacks before it can be measured (the goal editor's fields). */
export const GOAL_GAPS = ["metric", "channels", "baseline", "target", "deadline"] as const;
export type GoalGap = (typeof GOAL_GAPS)[number];

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
      /** What the goal lacks to be measured (empty when it is measurable). */
      missing: z.array(z.enum(GOAL_GAPS)),
    }),
  ),
});
export type GoalProgress = z.infer<typeof goalProgressSchema>;

/** A column of an imported file and what it was read as: a field or metric name, or null when it is not used. */
export const importColumnSchema = z.object({ header: z.string(), field: z.string().nullable() });
export type ImportColumn = z.infer<typeof importColumnSchema>;

export const METRIC_IMPORT_PRESETS = ["meta", "ga4", "generic"] as const;
/** How the columns of a file without a preset are read: the date column, optionally a channel column, and metric columns. */
export const metricMappingSchema = z
  .object({
    date: z.string().min(1).max(200),
    channel: z.string().max(200).optional(),
    metrics: z.record(z.string().max(200), metricNameSchema),
  })
  .strict();
export const metricImportQuerySchema = z
  .object({
    preset: z.enum(METRIC_IMPORT_PRESETS),
    /** The account the file is for, when its rows do not name it. */
    channelId: idSchema.optional(),
    dateFormat: z.enum(["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY"]).default("MM/DD/YYYY"),
    /** For generic files: "1.520,5" (comma) or "1,520.5" (point). */
    decimal: z.enum(["point", "comma"]).default("point"),
    /** JSON of the generic mapping. */
    mapping: z
      .string()
      .max(10_000)
      .transform((s, ctx) => {
        try {
          return metricMappingSchema.parse(JSON.parse(s));
        } catch {
          ctx.addIssue({ code: "custom", message: "validation.mapping" });
          return z.NEVER;
        }
      })
      .optional(),
    dryRun: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  })
  .strict();
export type MetricImportQuery = z.output<typeof metricImportQuerySchema>;
export const metricImportResultSchema = z.object({
  /** Data rows read (the header and totals rows not counted). */
  rows: z.number(),
  good: z.number(),
  /** Numbers saved (or, in a dry run, that would be saved). */
  cells: z.number(),
  /** The first 200 problems, each with its line in the file. */
  errors: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })),
  errorCount: z.number(),
  /** Every column of the file, in order, with the field it was read as; null: not used (shown as such, never dropped). */
  columns: z.array(importColumnSchema),
  /** The language the headers were written in (it decides how "1,520" is read). */
  language: z.enum(["en", "ko", "de"]).nullable(),
  preview: z.array(z.object({ line: z.number(), day: z.string(), channel: z.string(), post: z.string().nullable(), values: z.record(z.string(), z.number()) })),
});
export type MetricImportResult = z.infer<typeof metricImportResultSchema>;

export const dashboardQuerySchema = z
  .object({ from: dateSchema, to: dateSchema, channelId: idSchema.optional() })
  .strict()
  .refine((q) => periodFits(q), { error: "metrics.bad_period", path: ["to"] });
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

const kpiSchema = z.object({
  metric: z.string(),
  /** A level (followers: the last value of the period) or a flow (summed over the period's days). */
  kind: z.enum(["level", "flow"]),
  current: z.number().nullable(),
  previous: z.number().nullable(),
  /** Change against the previous period of the same length, in percent; null without both numbers. */
  change: z.number().nullable(),
});
const engagementDefinitionSchema = z.object({ engagements: z.array(z.string()), per: z.enum(["reach", "followers", "impressions_or_views"]) });
/** Engagement by weekday and hour (cells under the minimum sample have no average). */
export const bestTimesSchema = z.object({
  minSample: z.number(),
  posts: z.number(),
  cells: z.array(z.object({ weekday: z.number(), hour: z.number(), posts: z.number(), average: z.number().nullable() })),
  /**
   * Posts whose numbers changed lately and are not counted yet (a large import is added up in the background, a
   * request does a few thousand itself); absent in reports saved before it was added.
   */
  pending: z.number().int().min(0).optional(),
});
export type BestTimes = z.infer<typeof bestTimesSchema>;
export const bestTimesQuerySchema = z.object({ to: dateSchema }).strict();
export const dashboardSchema = z.object({
  period: z.object({ from: z.string(), to: z.string(), previousFrom: z.string(), previousTo: z.string() }),
  currency: z.string(),
  /** Some numbers shown are the worked example's, not the workspace's own. */
  exampleNumbers: z.boolean(),
  channels: z.array(
    z.object({
      channelId: idSchema,
      name: z.string(),
      network: z.string(),
      handle: z.string(),
      kpis: z.array(kpiSchema),
      engagement: z.object({ definition: engagementDefinitionSchema, current: z.number().nullable(), previous: z.number().nullable() }),
      published: z.number(),
      /** The first day this channel's numbers are views instead of impressions (Meta's switch), if it happened. */
      viewsFrom: z.string().nullable(),
      series: z.array(z.object({ day: z.string(), values: z.record(z.string(), z.number()) })),
      costs: z.object({
        spend: z.number().nullable(),
        spendSource: z.enum(["metrics", "budget"]).nullable(),
        cpm: z.number().nullable(),
        cpc: z.number().nullable(),
        cpa: z.number().nullable(),
        roas: z.number().nullable(),
      }),
    }),
  ),
  topPosts: z.array(
    z.object({
      channelId: idSchema,
      postKey: z.string(),
      /** The Socialplan post, when the numbers are for one (else an imported post). */
      postId: idSchema.nullable(),
      text: z.string(),
      permalink: z.string().nullable(),
      publishedAt: z.string().nullable(),
      values: z.record(z.string(), z.number()),
      rate: z.number().nullable(),
    }),
  ),
  links: z.array(z.object({ campaign: z.string(), source: z.string(), medium: z.string(), clicks: z.number(), sessions: z.number(), keyEvents: z.number(), revenue: z.number() })),
  budget: z.object({
    /** Whole months of the budget the period touches, in minor units of the currency. */
    months: z.array(z.string()),
    planned: z.number(),
    actual: z.number(),
    byChannel: z.array(z.object({ channelId: idSchema.nullable(), planned: z.number(), actual: z.number() })),
  }),
  competitors: z.array(
    z.object({
      network: z.string(),
      /** One line per competitor and one for our own channels of the network, by date. */
      series: z.array(z.object({ name: z.string(), ours: z.boolean(), points: z.array(z.object({ date: z.string(), followers: z.number() })) })),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** The four review questions (guide §2), answered in a report and in a strategy review. */
export const REVIEW_QUESTIONS = ["results", "next", "effective", "improve"] as const;
export const reviewAnswersSchema = z.object({ results: z.string().max(20_000), next: z.string().max(20_000), effective: z.string().max(20_000), improve: z.string().max(20_000) }).partial().strict();
export type ReviewAnswers = z.infer<typeof reviewAnswersSchema>;
export const REPORT_PERIODS = ["week", "month", "custom"] as const;
export const createReportSchema = z
  .object({ title: z.string().trim().max(200).optional(), periodKind: z.enum(REPORT_PERIODS), from: dateSchema, to: dateSchema })
  .strict()
  .refine((q) => periodFits(q), { error: "metrics.bad_period", path: ["to"] });
export type CreateReport = z.infer<typeof createReportSchema>;
export const updateReportSchema = z.object({ title: z.string().trim().min(1).max(200), answers: reviewAnswersSchema }).partial().strict();
export type UpdateReport = z.infer<typeof updateReportSchema>;
export const reportParamsSchema = z.object({ workspaceId: idSchema, reportId: idSchema });
export const reportExportQuerySchema = z.object({ format: z.enum(["pdf", "csv", "xlsx"]) }).strict();
export const emailReportSchema = z.object({ memberIds: z.array(idSchema).min(1).max(100) }).strict();
export const reportSummarySchema = z.object({
  id: idSchema,
  title: z.string(),
  periodKind: z.enum(REPORT_PERIODS),
  from: z.string(),
  to: z.string(),
  createdAt: z.string(),
  answered: z.number(),
  emailedAt: z.string().nullable(),
});
export const reportsSchema = z.object({ reports: z.array(reportSummarySchema) });
/** The numbers as they were when the report was made: later data does not change them. */
export const reportSnapshotSchema = z.object({
  generatedAt: z.string(),
  dashboard: dashboardSchema,
  bestTimes: bestTimesSchema,
  goals: z.array(goalProgressSchema.shape.goals.element.extend({ title: z.string() })),
});
export type ReportSnapshot = z.infer<typeof reportSnapshotSchema>;
export const reportSchema = reportSummarySchema.extend({ snapshot: reportSnapshotSchema, answers: reviewAnswersSchema });
export type Report = z.infer<typeof reportSchema>;

/** What reading the Bluesky accounts back found. */
export const blueskySyncSchema = z.object({
  accounts: z.number(),
  /** Posts Socialplan published on those accounts, and how many still have their record. */
  posts: z.number(),
  matched: z.number(),
  /** Posts whose record is gone (deleted on Bluesky). */
  missing: z.array(idSchema),
  /** Numbers saved (likes, shares, comments per post). */
  numbers: z.number(),
  /** Whether the server answered with per-post numbers (an AppView); null when there was nothing to ask. */
  appView: z.boolean().nullable(),
});
export type BlueskySync = z.infer<typeof blueskySyncSchema>;
