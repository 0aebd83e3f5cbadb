import { variantOptionsSchema } from "./network-options.ts";
import { recurrenceError, UTM_PARAMS } from "@socialplan/domain";
import { z } from "zod";
import { idSchema, timestampSchema } from "./common.ts";
import { importColumnSchema } from "./metrics.ts";
import { instantSchema, isCalendarDate } from "./vocabulary.ts";
import { isTimeZone } from "./validators.ts";
import { NETWORKS, type Network } from "./strategy/catalog.ts";
import { NETWORK_RULES, VIOLATION_RULES } from "./network-rules.ts";
import { connectionQuotaSchema, OAUTH_CONNECTION_KINDS } from "./oauth.ts";

/**
 * Each network's limit on a post's text, in the units it counts (graphemes; X weighs them, see `networkLength`).
 * null: no practical limit (a website or blog). Read from the one rules table, `NETWORK_RULES`.
 */
export const NETWORK_LIMITS = Object.fromEntries(NETWORKS.map((n) => [n, NETWORK_RULES[n].text.max])) as Record<Network, number | null>;
/** Images a network takes with one post (Bluesky: four), from `NETWORK_RULES`. */
export const NETWORK_MAX_IMAGES = Object.fromEntries(NETWORKS.map((n) => [n, NETWORK_RULES[n].images.max])) as Record<Network, number>;

/** The life of a post (guide §13 `exec.calendar`); the last four come from its deliveries. */
export const POST_STATUSES = ["idea", "draft", "in_review", "approved", "scheduled", "publishing", "published", "failed", "needs_attention"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
/** Where a post is in its writing; the publisher takes over once it is scheduled. */
export const EDITABLE_STATUSES = ["idea", "draft", "in_review", "approved"] as const;

/** One channel's copy of a scheduled post, and what became of it. */
export const DELIVERY_STATUSES = ["scheduled", "publishing", "published", "failed", "needs_attention", "awaiting_confirmation", "cancelled"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Accounts the app publishes to by itself; every other channel gets reminder publishing. */
export const CONNECTION_KINDS = ["bluesky", "wordpress", "webhook", "mastodon", "telegram", ...OAUTH_CONNECTION_KINDS] as const;
/** Kinds connected by pasting a secret (the rest sign in with the network: `OAUTH_CONNECTION_KINDS`). */
export const SECRET_CONNECTION_KINDS = ["bluesky", "wordpress", "webhook", "mastodon", "telegram"] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];
export type SecretConnectionKind = (typeof SECRET_CONNECTION_KINDS)[number];
export const CONNECTION_STATUSES = ["active", "paused"] as const;

const text = z.string().max(63_206);
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), { error: "validation.url" });
const recurrenceSchema = z
  .string()
  .trim()
  .max(300)
  .superRefine((v, ctx) => {
    const key = recurrenceError(v);
    if (key) ctx.addIssue({ code: "custom", message: key });
  });
const utmSchema = z.object(Object.fromEntries(UTM_PARAMS.map((p) => [p, z.string().max(200).optional()]))).strict();
export const mediaItemSchema = z.object({ assetId: idSchema, alt: z.string().max(2000) }).strict();
/**
 * How a channel's copy goes out where the network has more than one shape: "feed" (a post, carousel or Reel: the
 * default) or "story" (Instagram Stories, gone after 24 hours). And a first comment the app adds right after
 * publishing (Instagram; Threads as a reply). Both optional: an old post's variant has neither.
 */
export const VARIANT_FORMATS = ["feed", "story"] as const;
const variantExtras = { format: z.enum(VARIANT_FORMATS).optional(), firstComment: z.string().trim().max(2200).nullable().optional(), options: variantOptionsSchema.optional() };
export const variantSchema = z.object({ channelId: idSchema, text: text.nullable(), ...variantExtras }).strict();
/** An instant: ISO 8601 with a zone or "Z", years 1900–9999; the server stores it in UTC (defined in vocabulary.ts). */
export { instantSchema };

/**
 * A wall-clock time in a zone, for API clients that do not do zone arithmetic: `{ dateTime: "2027-10-31T02:30",
 * timeZone: "Europe/Berlin" }` (the workspace's zone when left out). A time the clock skips is refused with the two
 * nearest real times unless `disambiguation` picks one; a time that happens twice is the first unless it says "later".
 */
export const localTimeSchema = z
  .object({
    dateTime: z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/.test(v) && isCalendarDate(v.slice(0, 10)), { error: "validation.local_time" }),
    timeZone: z.string().refine(isTimeZone, { error: "validation.timezone" }).optional(),
    disambiguation: z.enum(["earlier", "later"]).optional(),
  })
  .strict();
export type LocalTime = z.infer<typeof localTimeSchema>;

const postFields = {
  title: z.string().trim().max(200),
  body: text,
  variants: z.array(variantSchema).max(20),
  media: z.array(mediaItemSchema).max(10),
  link: httpUrl.nullable(),
  utm: utmSchema,
  pillar: z.string().trim().max(200).nullable(),
  campaign: z.string().trim().max(200).nullable(),
  goalId: idSchema.nullable(),
  initiativeId: idSchema.nullable(),
  scheduledAt: instantSchema.nullable(),
  /** Instead of `scheduledAt`: the wall-clock time (see localTimeSchema). */
  scheduledLocal: localTimeSchema,
  recurrence: recurrenceSchema.nullable(),
  assigneeMemberId: idSchema.nullable(),
};
export const createPostSchema = z
  .object(postFields)
  .partial()
  .extend({ status: z.enum(["idea", "draft"]).optional() })
  .strict();
export type CreatePost = z.infer<typeof createPostSchema>;
export const updatePostSchema = z.object(postFields).partial().extend({ status: z.enum(["idea", "draft"]).optional() }).strict();
export type UpdatePost = z.infer<typeof updatePostSchema>;
export const schedulePostSchema = z.object({ scheduledAt: instantSchema.optional(), scheduledLocal: localTimeSchema.optional() }).strict();
export const movePostSchema = z
  .object({ scheduledAt: instantSchema.optional(), scheduledLocal: localTimeSchema.optional() })
  .strict()
  .refine((v) => v.scheduledAt !== undefined || v.scheduledLocal !== undefined, { error: "validation.required", path: ["scheduledAt"] });
export const confirmDeliverySchema = z.object({ permalink: httpUrl.nullable().optional() }).strict();
export const resolveDeliverySchema = z.object({ action: z.enum(["retry", "published", "cancel"]), permalink: httpUrl.nullable().optional() }).strict();

export const deliverySchema = z.object({
  id: idSchema,
  channelId: idSchema,
  /** "auto" through a connected account, "reminder" when a member posts it by hand and confirms. */
  mode: z.enum(["auto", "reminder"]),
  dueAt: timestampSchema,
  status: z.enum(DELIVERY_STATUSES),
  /** A reminder nobody has confirmed an hour after its time. */
  overdue: z.boolean(),
  attempts: z.number(),
  nextAttemptAt: timestampSchema.nullable(),
  permalink: z.string().nullable(),
  remoteId: z.string().nullable(),
  /** The path (/l/<code>) of the app's counting short link for this post on this channel, once made at publishing time. */
  shortPath: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  publishedAt: timestampSchema.nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const postWarningSchema = z.object({
  /**
   * `time_twice`: the wall-clock time happens twice that day (clocks go back) and the first is used (`instant`; the
   * other reading is `otherInstant`); `time_moved`: a recurring post's time does not exist that day (clocks go
   * forward) and that occurrence goes out at `instant`, moved forward by the gap.
   */
  kind: z.enum(["near_duplicate", "same_minute", "no_channel", "time_twice", "time_moved", ...VIOLATION_RULES]),
  channelId: idSchema.nullable(),
  otherPostId: idSchema.nullable(),
  instant: timestampSchema.nullable().optional(),
  otherInstant: timestampSchema.nullable().optional(),
  /**
   * For a channel's network rule (`checkPostForNetwork`): `error`, the network refuses the post as it is (scheduling
   * refuses it too); `warning`, it goes out changed (an image cropped, a large photo scaled down).
   */
  severity: z.enum(["error", "warning"]).optional(),
  /** The rule's numbers for the message: length and limit, the media item (1-based), a ratio "3:1", seconds… */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type PostWarning = z.infer<typeof postWarningSchema>;

export const postSchema = z.object({
  id: idSchema,
  status: z.enum(POST_STATUSES),
  title: z.string(),
  body: z.string(),
  variants: z.array(z.object({ channelId: idSchema, text: z.string().nullable(), ...variantExtras })),
  media: z.array(z.object({ assetId: idSchema, alt: z.string() })),
  link: z.string().nullable(),
  utm: z.record(z.string(), z.string()),
  pillar: z.string().nullable(),
  campaign: z.string().nullable(),
  goalId: idSchema.nullable(),
  initiativeId: idSchema.nullable(),
  scheduledAt: timestampSchema.nullable(),
  recurrence: z.string().nullable(),
  assigneeMemberId: idSchema.nullable(),
  cardId: idSchema.nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: timestampSchema.nullable(),
  /** The last review decision on this text, by a member or a reviewer through a link; null before any (or after an edit took it back). */
  lastReview: z.object({ decision: z.enum(["approved", "changes_requested"]), byName: z.string().nullable(), at: timestampSchema, note: z.string().nullable() }).nullable(),
  deliveries: z.array(deliverySchema),
  warnings: z.array(postWarningSchema),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Post = z.infer<typeof postSchema>;
export const postsSchema = z.object({ posts: z.array(postSchema) });
export const postEnvelopeSchema = z.object({ post: postSchema });
export const postParamsSchema = z.object({ workspaceId: idSchema, postId: idSchema });
export const deliveryParamsSchema = postParamsSchema.extend({ deliveryId: idSchema });
export const postsQuerySchema = z
  .object({
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    /** Only posts in this state (the board's Review column asks for `in_review`). */
    status: z.enum(POST_STATUSES).optional(),
  })
  .strict();

const connectionConfig = {
  bluesky: z.object({ service: httpUrl, handle: z.string().trim().min(3).max(253) }).strict(),
  wordpress: z.object({ siteUrl: httpUrl, username: z.string().trim().min(1).max(200), categories: z.array(z.number().int().min(1)).max(20).optional() }).strict(),
  webhook: z.object({ url: httpUrl }).strict(),
  mastodon: z.object({ instance: httpUrl }).strict(),
  /** A public channel's @username or a chat id (a private channel's "-100…"); the bot must be one of its admins. */
  telegram: z.object({ chat: z.string().trim().regex(/^(@[A-Za-z][A-Za-z0-9_]{3,31}|-?\d{1,20})$/, { error: "validation.telegram_chat" }) }).strict(),
} as const;
export const CONNECTION_CONFIG_SCHEMAS = connectionConfig;
export const createConnectionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("bluesky"), channelId: idSchema, config: connectionConfig.bluesky, secret: z.object({ appPassword: z.string().min(1).max(200) }).strict() }).strict(),
  z.object({ kind: z.literal("wordpress"), channelId: idSchema, config: connectionConfig.wordpress, secret: z.object({ applicationPassword: z.string().min(1).max(200) }).strict() }).strict(),
  z.object({ kind: z.literal("webhook"), channelId: idSchema, config: connectionConfig.webhook, secret: z.object({ signingSecret: z.string().min(16).max(200) }).strict() }).strict(),
  z.object({ kind: z.literal("mastodon"), channelId: idSchema, config: connectionConfig.mastodon, secret: z.object({ accessToken: z.string().min(1).max(500) }).strict() }).strict(),
  // A bot token from @BotFather: "<bot id>:<35 characters>" (https://core.telegram.org/bots/api#authorizing-your-bot).
  z.object({ kind: z.literal("telegram"), channelId: idSchema, config: connectionConfig.telegram, secret: z.object({ botToken: z.string().trim().regex(/^\d{1,20}:[A-Za-z0-9_-]{30,60}$/, { error: "validation.telegram_token" }) }).strict() }).strict(),
]);
export type CreateConnection = z.infer<typeof createConnectionSchema>;
export const connectionSchema = z.object({
  id: idSchema,
  channelId: idSchema,
  kind: z.enum(CONNECTION_KINDS),
  label: z.string(),
  config: z.record(z.string(), z.unknown()),
  status: z.enum(CONNECTION_STATUSES),
  statusReason: z.string().nullable(),
  /** OAuth connections: when the token runs out (null: it does not, or not an OAuth connection). */
  tokenExpiresAt: timestampSchema.nullable(),
  /** The network asked us to wait until then (rate limit); posts on the channel wait too. */
  holdUntil: timestampSchema.nullable(),
  quota: connectionQuotaSchema.nullable(),
  numbersSyncedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});
export type Connection = z.infer<typeof connectionSchema>;
export const connectionsSchema = z.object({ connections: z.array(connectionSchema) });
export const connectionParamsSchema = z.object({ workspaceId: idSchema, connectionId: idSchema });
export const updateConnectionSecretSchema = z.object({ secret: z.record(z.string(), z.string().max(500)) }).strict();


/** Bulk import: our own columns, or the layouts of Hootsuite's and Sprout Social's bulk upload files. */
export const IMPORT_PRESETS = ["socialplan", "hootsuite", "sprout"] as const;
export const IMPORT_DATE_FORMATS = ["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY"] as const;
export const importPostsSchema = z
  .object({
    csv: z.string().min(1).max(2_000_000),
    preset: z.enum(IMPORT_PRESETS),
    dateFormat: z.enum(IMPORT_DATE_FORMATS),
    /** Channels for rows that name none (Hootsuite and Sprout files have no channel column). */
    channelIds: z.array(idSchema).max(20),
    /** Only check and show what would be imported. */
    dryRun: z.boolean(),
  })
  .strict();
export type ImportPosts = z.infer<typeof importPostsSchema>;
export const importRowSchema = z.object({
  /** The line in the file (the header is line 1). */
  line: z.number(),
  text: z.string(),
  scheduledAt: timestampSchema.nullable(),
  channelIds: z.array(idSchema),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
  /** What the import decided for the row without refusing it (a time that happens twice: the first was taken). */
  notes: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type ImportRow = z.infer<typeof importRowSchema>;
export const importResultSchema = z.object({
  rows: z.array(importRowSchema),
  imported: z.number(),
  /** Every column of the file with the field it was read as; null: not used. A file without a header row has its columns named A, B, C… */
  columns: z.array(importColumnSchema),
});
export type ImportResult = z.infer<typeof importResultSchema>;
export const calendarFeedSchema = z.object({ url: z.string().nullable() });
export const feedParamsSchema = z.object({ token: z.string().min(20).max(100) });

/** Clicks on one short link (a post on one channel), per UTC day. */
export const linkStatsSchema = z.object({
  code: z.string(),
  postId: idSchema,
  channelId: idSchema,
  campaign: z.string().nullable(),
  target: z.string(),
  clicks: z.number(),
  days: z.array(z.object({ day: z.string(), clicks: z.number() })),
});
export type LinkStats = z.infer<typeof linkStatsSchema>;
export const linksSchema = z.object({ links: z.array(linkStatsSchema) });
export const shortLinkParamsSchema = z.object({ code: z.string().regex(/^[A-Za-z0-9]{4,16}$/) });
