import { z } from "zod";
import { CATALOG, NETWORKS, type EntryKind, type InputType, type Question } from "./catalog.ts";
import { METRICS } from "@socialplan/domain";
import { dateSchema, webAddressSchema } from "../vocabulary.ts";

/** A calendar date, "YYYY-MM-DD" (kept here for the modules that import it from the strategy). */
export { dateSchema };

const short = z.string().max(300);
const long = z.string().max(20_000);
const list = z.array(z.string().max(2000)).max(200);
const count = z.number().int().min(0).max(1e12);
/** Money in integer minor units of the workspace currency. */
export const moneySchema = z.number().int().min(0).max(1e13);

export const YESNO = ["yes", "no", "later"] as const;
export const yesNoSchema = z.object({ answer: z.enum(YESNO).nullable(), note: z.string().max(2000).optional() }).strict();

export const networkSchema = z.enum(NETWORKS);

export const swotSchema = z.object({ strengths: list, weaknesses: list, opportunities: list, threats: list }).partial().strict();
export type Swot = z.infer<typeof swotSchema>;

export const kpiSchema = z
  .object({
    metric: short,
    /** Channel records (ids) the KPI is measured on. */
    channels: z.array(z.uuid()).max(20),
    unit: z.string().max(40),
    baseline: z.number().min(-1e12).max(1e12),
    target: z.number().min(-1e12).max(1e12),
    direction: z.enum(["increase", "decrease"]),
  })
  .partial()
  .strict();
export type Kpi = z.infer<typeof kpiSchema>;

export const checkpointSchema = z.object({ date: dateSchema, target: z.number().min(-1e12).max(1e12) }).strict();
export const timeframeSchema = z
  .object({
    start: dateSchema,
    deadline: dateSchema,
    cadence: z.enum(["monthly", "weekly"]),
    growth: z.enum(["linear", "compound"]),
    checkpoints: z.array(checkpointSchema).max(120),
  })
  .partial()
  .strict();
export type Timeframe = z.infer<typeof timeframeSchema>;

export const dateRangeSchema = z.object({ start: dateSchema, end: dateSchema }).partial().strict();
export const holidaySchema = z.object({ name: short.min(1), date: dateSchema, yearly: z.boolean().optional() }).strict();
export const statSchema = z
  .object({
    date: dateSchema,
    channel: networkSchema,
    followers: count.optional(),
    avg_likes: z.number().min(0).max(1e12).optional(),
    shares: count.optional(),
    comments: count.optional(),
  })
  .strict();
export type ChannelStat = z.infer<typeof statSchema>;
export const marginInputSchema = z.object({ unit_cost: moneySchema }).partial().strict();

function fieldSchema(q: Question): z.ZodType {
  const byInput: Record<InputType, () => z.ZodType> = {
    text: () => short,
    long: () => long,
    list: () => list,
    yesno: () => yesNoSchema,
    choice: () => z.enum(q.options as [string, ...string[]]),
    networks: () => z.array(networkSchema).max(NETWORKS.length),
    money: () => moneySchema,
    percent: () => z.number().min(0).max(100),
    holidays: () => z.array(holidaySchema).max(200),
    kpi: () => kpiSchema,
    timeframe: () => timeframeSchema,
    daterange: () => dateRangeSchema,
    margin: () => marginInputSchema,
    stats: () => z.array(statSchema).max(2000),
    swot: () => swotSchema,
    flag: () => z.boolean(),
    number: () => z.number().int().min(1).max(99),
    contentTypes: () => list,
    member: () => z.uuid(),
    hat: () => z.never(),
    feature: () => z.never(),
  };
  return byInput[q.input]();
}

/** Fields of a record that are not questions of the guide but that the product needs (a name, an owner…). */
const EXTRA_FIELDS: Partial<Record<EntryKind, z.ZodRawShape>> = {
  review: {
    date: dateSchema,
    /** The report the review looked at. */
    report_id: z.uuid().nullable(),
    /** What was decided: a task for the board (its card once made), a strategy section to change, or a note. */
    decisions: z
      .array(z.object({ text: short.min(1), action: z.enum(["note", "card", "strategy"]), card_id: z.uuid().nullable().optional(), page: z.string().max(40).optional() }).strict())
      .max(50),
  },
  goal: { title: short, risks: long },
  initiative: {
    owner_member_id: z.uuid().nullable(),
    status: z.enum(["planned", "in_progress", "on_hold", "done"]),
    risks: long,
  },
  persona: { photo_upload_id: z.uuid().nullable(), negative: z.boolean() },
  product: { name: short },
  channel: {
    network: networkSchema,
    handle: short,
    url: webAddressSchema(2000),
    posts_per_week: z.number().min(0).max(200),
    kpis: list,
    /** How this channel's engagement rate is counted (shown with the formula); the network's usual one when unset. */
    engagement: z.object({ engagements: z.array(z.enum(METRICS)).min(1).max(12), per: z.enum(["reach", "followers", "impressions_or_views"]) }).strict(),
  },
};

function buildDataSchema(kind: EntryKind) {
  const shape: Record<string, z.ZodType> = {};
  for (const q of CATALOG) {
    if ("kind" in q.store && q.store.kind === kind) shape[q.store.field] = fieldSchema(q).optional();
  }
  for (const [field, schema] of Object.entries(EXTRA_FIELDS[kind] ?? {})) shape[field] = (schema as z.ZodType).optional();
  return z.object(shape).strict();
}

/**
 * The data of a strategy record, by kind: every field optional (an autosaved draft is incomplete by nature),
 * unknown fields refused. Built from the catalog, so a new question is a new field.
 */
export const ENTRY_DATA_SCHEMAS = Object.fromEntries(
  (["outline", "company", "mission", "swot", "geo", "industry", "distribution", "journey", "review", "goal", "initiative", "persona", "competitor", "product", "channel"] as const).map((k) => [k, buildDataSchema(k)]),
) as Record<EntryKind, z.ZodObject>;

/** Loosely typed record data; each kind's screen reads the fields it knows. */
export type EntryData = Record<string, unknown>;
