import { forecastGoal, METRICS, type Metric } from "@socialplan/domain";
import type { GoalGap, GoalProgress, MetricCell } from "@socialplan/schema";
import type { Membership, ServiceContext } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { badRequest, type FieldIssue } from "../../lib/errors.ts";
import { SqliteAdapter, sql, type RawBuilder } from "kysely";
import { channelsOf } from "../posts/posts.service.ts";

/**
 * Saves numbers typed or pasted into the grid: one value per channel, day, metric (and post); saving the same
 * cell again replaces it, so nothing is ever counted twice; an empty cell (null) removes the number.
 */
export async function putMetrics(ctx: ServiceContext, m: Membership, cells: readonly MetricCell[], source = "manual"): Promise<void> {
  const channels = await channelsOf(ctx.db, m.workspaceId);
  const issues: FieldIssue[] = [];
  cells.forEach((c, i) => {
    if (!channels.has(c.channelId)) issues.push({ field: `cells.${i}.channelId`, key: "post.unknown_channel" });
  });
  const postIds = [...new Set(cells.flatMap((c) => (c.postId ? [c.postId] : [])))];
  if (postIds.length) {
    const found = new Set((await ctx.db.selectFrom("posts").select("id").where("workspace_id", "=", m.workspaceId).where("id", "in", postIds).execute()).map((p) => p.id));
    cells.forEach((c, i) => {
      if (c.postId && !found.has(c.postId)) issues.push({ field: `cells.${i}.postId`, key: "post.not_found" });
    });
  }
  if (issues.length) throw badRequest("validation.failed", {}, issues);
  const at = iso(ctx.now);
  for (const c of cells) {
    const value = c.value;
    if (c.postId) {
      const remove = ctx.db.deleteFrom("metrics_per_post").where("workspace_id", "=", m.workspaceId).where("day", "=", c.day).where("channel_id", "=", c.channelId).where("metric", "=", c.metric).where("post_key", "=", c.postId);
      if (value === null) await remove.execute();
      else {
        await ctx.db
          .insertInto("metrics_per_post")
          .values({ workspace_id: m.workspaceId, channel_id: c.channelId, day: c.day, metric: c.metric, post_key: c.postId, value, source, updated_at: at })
          .onConflict((oc) => oc.columns(["workspace_id", "day", "channel_id", "metric", "post_key"]).doUpdateSet({ value, source, updated_at: at }))
          .execute();
      }
      continue;
    }
    if (value === null) {
      // The channel's own number goes; the day's post numbers (if any) stay and count again.
      await ctx.db.updateTable("metrics").set({ value: null, source: "", updated_at: at }).where("workspace_id", "=", m.workspaceId).where("metric", "=", c.metric).where("channel_id", "=", c.channelId).where("day", "=", c.day).execute();
      await ctx.db.deleteFrom("metrics").where("workspace_id", "=", m.workspaceId).where("metric", "=", c.metric).where("channel_id", "=", c.channelId).where("day", "=", c.day).where("value", "is", null).where("posts", "is", null).execute();
      continue;
    }
    await ctx.db
      .insertInto("metrics")
      .values({ workspace_id: m.workspaceId, channel_id: c.channelId, day: c.day, metric: c.metric, value, source, updated_at: at })
      .onConflict((oc) => oc.columns(["workspace_id", "metric", "channel_id", "day"]).doUpdateSet({ value, source, updated_at: at }))
      .execute();
  }
}

/** Numbers as entered or imported: each channel's own numbers per day, and each post's (`postId` set), by day. */
export async function listMetrics(ctx: ServiceContext, workspaceId: string, q: { channelId?: string | undefined; from?: string | undefined; to?: string | undefined }) {
  const LIMIT = 100_000;
  // A channel deleted since has no numbers to show, even while its purge has not removed them yet (channel-purge.ts).
  const { metrics, channels: all } = await keysOf(ctx, workspaceId);
  const channels = q.channelId ? all.filter((id) => id === q.channelId) : all;
  if (!metrics.length || !channels.length) return [];
  let own = ctx.db.selectFrom("metrics").select(["channel_id", "day", "metric", "value", "source"]).where("workspace_id", "=", workspaceId).where("metric", "in", metrics).where("channel_id", "in", channels).where("value", "is not", null);
  let perPost = ctx.db.selectFrom("metrics_per_post").select(["channel_id", "post_key", "day", "metric", "value", "source"]).where("workspace_id", "=", workspaceId).where("channel_id", "in", channels);
  if (q.from) {
    own = own.where("day", ">=", q.from);
    perPost = perPost.where("day", ">=", q.from);
  }
  if (q.to) {
    own = own.where("day", "<=", q.to);
    perPost = perPost.where("day", "<=", q.to);
  }
  const [a, b] = await Promise.all([own.orderBy("day").orderBy("channel_id").orderBy("metric").limit(LIMIT).execute(), perPost.orderBy("day").orderBy("channel_id").orderBy("metric").limit(LIMIT).execute()]);
  const rows = [
    ...a.map((r) => ({ channelId: r.channel_id, postId: null, day: r.day, metric: r.metric, value: Number(r.value), source: r.source })),
    ...b.map((r) => ({ channelId: r.channel_id, postId: r.post_key as string | null, day: r.day, metric: r.metric, value: Number(r.value), source: r.source })),
  ];
  return rows.sort((x, y) => x.day.localeCompare(y.day) || x.channelId.localeCompare(y.channelId) || x.metric.localeCompare(y.metric)).slice(0, LIMIT);
}

/**
 * The metrics a workspace has numbers for, found by a few seeks along the table's order (each step the next name
 * after the last) instead of reading all its numbers.
 */
export async function metricNames(ctx: ServiceContext, workspaceId: string): Promise<string[]> {
  const { rows } = await metricsOfWorkspace(workspaceId).execute(ctx.db);
  return rows.map((r) => r.metric);
}

/** The query of `metricNames`, to be used as a subquery (a statement that works on each metric's rows). */
export function metricsOfWorkspace(workspaceId: string): RawBuilder<{ metric: string }> {
  return sql<{ metric: string }>`with recursive m(metric) as (
      select (select min(metric) from metrics where workspace_id = ${workspaceId})
      union all
      select (select min(metric) from metrics where workspace_id = ${workspaceId} and metric > m.metric) from m where m.metric is not null
    ) select metric from m where metric is not null`;
}

/**
 * The metrics and channels a query over a range of days reads: named, so that the table's order (workspace, metric,
 * channel, day) answers it as one short range per metric and channel.
 */
export async function keysOf(ctx: ServiceContext, workspaceId: string, channelIds?: readonly string[], metric?: string | readonly string[]): Promise<{ metrics: string[]; channels: string[] }> {
  const [metrics, channels] = await Promise.all([metric !== undefined ? (typeof metric === "string" ? [metric] : [...metric]) : metricNames(ctx, workspaceId), channelIds ? [...channelIds] : channelsOf(ctx.db, workspaceId).then((c) => [...c.keys()])]);
  return { metrics, channels };
}

/** A channel's number on a day: its own where it has one, else its posts' added up (one row: see migration 0013). */
export const CHANNEL_NUMBER = sql<number>`coalesce(value, posts)`;

/**
 * Each channel's number per day and metric: the channel's own number where one was entered or imported for the
 * whole channel, else the sum of its posts' numbers that day (an imported post export), so nothing counts twice.
 */
export async function dailyValues(ctx: ServiceContext, workspaceId: string, from: string, to: string, channelIds?: readonly string[], metric?: string | readonly string[]) {
  const { metrics, channels } = await keysOf(ctx, workspaceId, channelIds, metric);
  if (!metrics.length || !channels.length) return [];
  // One row per metric and channel with its days as one JSON array each: a row (and its strings) per number cost
  // three times as much to hand over as the numbers themselves.
  const rows = await dailyQuery(ctx, workspaceId, metrics, channels, from, to)
    .select(["metric", "channel_id", jsonArray(ctx, sql`day`).as("days"), jsonArray(ctx, CHANNEL_NUMBER).as("values")])
    .groupBy(["metric", "channel_id"])
    .execute();
  return rows.flatMap((r) => {
    const values = fromJson<number[]>(r.values);
    return fromJson<string[]>(r.days).map((day, i) => ({ channelId: r.channel_id, day, metric: r.metric, value: Number(values[i]) }));
  });
}

/**
 * A group's values of an expression as one JSON array, in the order the rows are read (each array of a query in the
 * same order): `json_group_array` on SQLite, `json_agg` on PostgreSQL.
 */
export function jsonArray(ctx: ServiceContext, expression: RawBuilder<unknown>): RawBuilder<unknown> {
  return ctx.db.getExecutor().adapter instanceof SqliteAdapter ? sql`json_group_array(${expression})` : sql`json_agg(${expression})`;
}

/** A JSON aggregate as read: text from SQLite, already parsed by PostgreSQL's driver. */
export const fromJson = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/** The channel-days of `dailyValues`: a range of the table's own order (workspace, metric, channel, day) per metric and channel. */
export function dailyQuery(ctx: ServiceContext, workspaceId: string, metrics: readonly string[], channels: readonly string[], from: string, to: string) {
  return ctx.db.selectFrom("metrics").where("workspace_id", "=", workspaceId).where("metric", "in", [...metrics]).where("channel_id", "in", [...channels]).where("day", ">=", from).where("day", "<=", to);
}

/** A KPI's daily series over its channels: each channel's number per day, the channels added up in the database. */
async function kpiSeries(ctx: ServiceContext, workspaceId: string, channelIds: readonly string[], metric: string, to: string, from = "0000-01-01"): Promise<{ date: string; value: number }[]> {
  if (!channelIds.length) return [];
  const rows = await dailyQuery(ctx, workspaceId, [metric], channelIds, from, to).select(["day", sql<number>`sum(${CHANNEL_NUMBER})`.as("value")]).groupBy("day").orderBy("day").execute();
  return rows.map((r) => ({ date: r.day, value: Number(r.value) }));
}

/** Words people write for a KPI (English and Korean) and the metric they mean. */
const METRIC_WORDS: Record<string, Metric> = {
  followers: "followers", follower: "followers", "팔로워": "followers", "구독자": "followers",
  reach: "reach", "도달": "reach", impressions: "impressions", "노출": "impressions", views: "views", "조회수": "views", "조회": "views",
  likes: "likes", "좋아요": "likes", comments: "comments", "댓글": "comments", shares: "shares", "공유": "shares", saves: "saves", "저장": "saves",
  "link clicks": "link_clicks", clicks: "link_clicks", "클릭": "link_clicks", sessions: "sessions", "세션": "sessions", "방문": "sessions",
  orders: "orders", sales: "orders", "주문": "orders", "판매": "orders", revenue: "revenue", "매출": "revenue", "profile visits": "profile_visits", "프로필 방문": "profile_visits",
  calls: "calls", "phone calls": "calls", "전화": "calls", "통화": "calls", directions: "direction_requests", "direction requests": "direction_requests", "길찾기": "direction_requests",
};

/** The metric a goal's KPI names, if the app can measure it. */
export function metricOfKpi(text: string | undefined): Metric | null {
  const t = (text ?? "").trim().toLowerCase();
  // A share or a rate of something ("share of orders from social", "참여율") is not the count itself.
  if (!t || /\b(share|ratio|rate|percent|percentage|anteil|quote)\b|%|비율|율$/.test(t)) return null;
  if ((METRICS as readonly string[]).includes(t.replace(/\s+/g, "_"))) return t.replace(/\s+/g, "_") as Metric;
  const hit = Object.keys(METRIC_WORDS)
    .sort((a, b) => b.length - a.length)
    .find((w) => t.includes(w));
  return hit ? METRIC_WORDS[hit]! : null;
}

/** Stock metrics (a level on a day) are not added up over days; flows (likes, orders…) are summed per day. */
const LEVELS = new Set<Metric>(["followers"]);

/**
 * Every SMART goal's KPI measured (guide §7): the KPI's metric on its channels, per day (followers as the total of
 * the channels' levels; other metrics summed, cumulatively from the goal's start so that "1,000 orders" is a running
 * count), against baseline, target and deadline, with the domain's forecast.
 */
/** What a goal lacks to be measured (a report's snapshot from before issue 19 works it out again from the same fields). */
export function goalGaps(g: { metric: string | null; channelIds: readonly string[]; baseline: number | null; target: number | null; deadline: string | null }): GoalGap[] {
  return [
    ...(!g.metric ? (["metric"] as const) : []),
    ...(!g.channelIds.length ? (["channels"] as const) : []),
    ...(g.baseline === null ? (["baseline"] as const) : []),
    ...(g.target === null ? (["target"] as const) : []),
    ...(!g.deadline ? (["deadline"] as const) : []),
  ];
}

export async function goalProgress(ctx: ServiceContext, m: Membership, asOf?: string): Promise<GoalProgress["goals"]> {
  const goals = await ctx.db.selectFrom("strategy_entries").select(["id", "data"]).where("workspace_id", "=", m.workspaceId).where("kind", "=", "goal").orderBy("position").execute();
  // A report measures its goals as of the end of its period (numbers after it do not count), never past today.
  const now = iso(ctx.now).slice(0, 10);
  const today = asOf && asOf < now ? asOf : now;
  // A goal may name a channel deleted since: its numbers count no more (its purge may not have removed them yet).
  const existing = goals.length ? await channelsOf(ctx.db, m.workspaceId) : new Map();
  const out: GoalProgress["goals"] = [];
  for (const g of goals) {
    const d = JSON.parse(g.data) as { measurable?: { metric?: string; channels?: string[]; baseline?: number; target?: number; direction?: "increase" | "decrease" }; timebound?: { start?: string; deadline?: string } };
    const kpi = d.measurable ?? {};
    const metric = (kpi as { unit?: string }).unit?.trim() === "%" ? null : metricOfKpi(kpi.metric);
    const channelIds = kpi.channels ?? [];
    const known = { metric, channelIds, baseline: kpi.baseline ?? null, target: kpi.target ?? null, deadline: d.timebound?.deadline ?? null };
    const base = { goalId: g.id, ...known, missing: goalGaps(known) };
    if (!metric || !channelIds.length || kpi.baseline === undefined || kpi.target === undefined || !d.timebound?.deadline) {
      out.push({ ...base, points: 0, verdict: "not_measurable", current: null, progress: null, neededPerWeek: null, fit: null, forecastDate: null });
      continue;
    }
    // A level is read over all its days; a flow counts from the goal's start.
    const start = LEVELS.has(metric) ? undefined : d.timebound.start;
    let points = await kpiSeries(ctx, m.workspaceId, channelIds.filter((id) => existing.has(id)), metric, today, start);
    if (!LEVELS.has(metric)) {
      let running = kpi.baseline;
      points = points.map((p) => ({ date: p.date, value: (running += p.value) }));
    }
    const f = forecastGoal({ points, baseline: kpi.baseline, target: kpi.target, deadline: d.timebound.deadline, today, ...(kpi.direction ? { direction: kpi.direction } : {}) });
    out.push({ ...base, points: points.length, verdict: f.verdict, current: f.current, progress: f.progress, neededPerWeek: f.neededPerWeek, fit: f.fit ? { kind: f.fit.kind, ratePerDay: f.fit.ratePerDay, r2: f.fit.r2 } : null, forecastDate: f.forecastDate });
  }
  return out;
}
