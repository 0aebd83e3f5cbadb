import { forecastGoal, METRICS, type Metric } from "@socialplan/domain";
import type { GoalProgress, MetricCell } from "@socialplan/schema";
import type { Membership, ServiceContext } from "../../context.ts";
import { iso } from "../../lib/clock.ts";
import { badRequest, type FieldIssue } from "../../lib/errors.ts";
import { sql } from "kysely";
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
  for (const c of cells) {
    const key = { workspace_id: m.workspaceId, channel_id: c.channelId, post_key: c.postId ?? "", day: c.day, metric: c.metric };
    if (c.value === null) {
      await ctx.db.deleteFrom("metrics").where("workspace_id", "=", key.workspace_id).where("channel_id", "=", key.channel_id).where("post_key", "=", key.post_key).where("day", "=", key.day).where("metric", "=", key.metric).execute();
      continue;
    }
    const value = c.value;
    await ctx.db
      .insertInto("metrics")
      .values({ ...key, value, source, updated_at: iso(ctx.now) })
      .onConflict((oc) => oc.columns(["workspace_id", "channel_id", "post_key", "day", "metric"]).doUpdateSet({ value, source, updated_at: iso(ctx.now) }))
      .execute();
  }
}

export async function listMetrics(ctx: ServiceContext, workspaceId: string, q: { channelId?: string | undefined; from?: string | undefined; to?: string | undefined }) {
  const { metrics, channels } = await keysOf(ctx, workspaceId, q.channelId ? [q.channelId] : undefined);
  if (!metrics.length || !channels.length) return [];
  let query = ctx.db.selectFrom("metrics").select(["channel_id", "post_key", "day", "metric", "value", "source"]).where("workspace_id", "=", workspaceId).where("metric", "in", metrics).where("channel_id", "in", channels);
  if (q.from) query = query.where("day", ">=", q.from);
  if (q.to) query = query.where("day", "<=", q.to);
  const rows = await query.orderBy("day").orderBy("channel_id").orderBy("metric").limit(100_000).execute();
  return rows.map((r) => ({ channelId: r.channel_id, postId: r.post_key || null, day: r.day, metric: r.metric, value: Number(r.value), source: r.source }));
}

/**
 * The metrics a workspace has numbers for, found by a few seeks along the table's order (each step the next name
 * after the last) instead of reading all its numbers.
 */
export async function metricNames(ctx: ServiceContext, workspaceId: string): Promise<string[]> {
  const { rows } = await sql<{ metric: string }>`with recursive m(metric) as (
      select (select min(metric) from metrics where workspace_id = ${workspaceId})
      union all
      select (select min(metric) from metrics where workspace_id = ${workspaceId} and metric > m.metric) from m where m.metric is not null
    ) select metric from m where metric is not null`.execute(ctx.db);
  return rows.map((r) => r.metric);
}

/**
 * The metrics and channels a query over a range of days reads: named, so that the table's order (workspace, metric,
 * channel, day) answers it as one short range per metric and channel.
 */
export async function keysOf(ctx: ServiceContext, workspaceId: string, channelIds?: readonly string[], metric?: string | readonly string[]): Promise<{ metrics: string[]; channels: string[] }> {
  const [metrics, channels] = await Promise.all([metric !== undefined ? (typeof metric === "string" ? [metric] : [...metric]) : metricNames(ctx, workspaceId), channelIds ? [...channelIds] : channelsOf(ctx.db, workspaceId).then((c) => [...c.keys()])]);
  return { metrics, channels };
}

/** Per channel, day and metric: the channel's own number (post ""), else the sum of its posts' numbers that day. */
const OWN = sql<number | null>`max(case when post_key = '' then value end)`;
const POSTS = sql<number | null>`sum(case when post_key <> '' then value end)`;

/**
 * Each channel's number per day and metric: the channel's own number where one was entered or imported for the
 * whole channel, else the sum of its posts' numbers that day (an imported post export), so nothing counts twice.
 */
export async function dailyValues(ctx: ServiceContext, workspaceId: string, from: string, to: string, channelIds?: readonly string[], metric?: string | readonly string[]) {
  const { metrics, channels } = await keysOf(ctx, workspaceId, channelIds, metric);
  if (!metrics.length || !channels.length) return [];
  const rows = await dailyQuery(ctx, workspaceId, metrics, channels, from, to).execute();
  return rows.map((r) => ({ channelId: r.channel_id, day: r.day, metric: r.metric, value: Number(r.own ?? r.posts ?? 0) }));
}

/** The query of `dailyValues`, grouped in the table's own order (workspace, metric, channel, day, post): no sorting. */
export function dailyQuery(ctx: ServiceContext, workspaceId: string, metrics: readonly string[], channels: readonly string[], from: string, to: string) {
  return ctx.db
    .selectFrom("metrics")
    .select(["channel_id", "day", "metric", OWN.as("own"), POSTS.as("posts")])
    .where("workspace_id", "=", workspaceId)
    .where("metric", "in", [...metrics])
    .where("channel_id", "in", [...channels])
    .where("day", ">=", from)
    .where("day", "<=", to)
    .groupBy(["metric", "channel_id", "day"]);
}

/**
 * A KPI's daily series over its channels, added up in the database: per channel and day its own number, else the sum
 * of its posts' numbers that day; then the channels together.
 */
async function kpiSeries(ctx: ServiceContext, workspaceId: string, channelIds: readonly string[], metric: string, to: string, from = "0000-01-01"): Promise<{ date: string; value: number }[]> {
  const perChannel = dailyQuery(ctx, workspaceId, [metric], channelIds, from, to).as("c");
  const rows = await ctx.db.selectFrom(perChannel).select(["c.day", sql<number>`sum(coalesce(c.own, c.posts))`.as("value")]).groupBy("c.day").orderBy("c.day").execute();
  return rows.map((r) => ({ date: r.day, value: Number(r.value) }));
}

/** Words people write for a KPI (English and Korean) and the metric they mean. */
const METRIC_WORDS: Record<string, Metric> = {
  followers: "followers", follower: "followers", "팔로워": "followers", "구독자": "followers",
  reach: "reach", "도달": "reach", impressions: "impressions", "노출": "impressions", views: "views", "조회수": "views", "조회": "views",
  likes: "likes", "좋아요": "likes", comments: "comments", "댓글": "comments", shares: "shares", "공유": "shares", saves: "saves", "저장": "saves",
  "link clicks": "link_clicks", clicks: "link_clicks", "클릭": "link_clicks", sessions: "sessions", "세션": "sessions", "방문": "sessions",
  orders: "orders", sales: "orders", "주문": "orders", "판매": "orders", revenue: "revenue", "매출": "revenue", "profile visits": "profile_visits", "프로필 방문": "profile_visits",
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
export async function goalProgress(ctx: ServiceContext, m: Membership, asOf?: string): Promise<GoalProgress["goals"]> {
  const goals = await ctx.db.selectFrom("strategy_entries").select(["id", "data"]).where("workspace_id", "=", m.workspaceId).where("kind", "=", "goal").orderBy("position").execute();
  // A report measures its goals as of the end of its period (numbers after it do not count), never past today.
  const now = iso(ctx.now).slice(0, 10);
  const today = asOf && asOf < now ? asOf : now;
  const out: GoalProgress["goals"] = [];
  for (const g of goals) {
    const d = JSON.parse(g.data) as { measurable?: { metric?: string; channels?: string[]; baseline?: number; target?: number; direction?: "increase" | "decrease" }; timebound?: { start?: string; deadline?: string } };
    const kpi = d.measurable ?? {};
    const metric = (kpi as { unit?: string }).unit?.trim() === "%" ? null : metricOfKpi(kpi.metric);
    const channelIds = kpi.channels ?? [];
    const base = { goalId: g.id, metric, channelIds, baseline: kpi.baseline ?? null, target: kpi.target ?? null, deadline: d.timebound?.deadline ?? null };
    if (!metric || !channelIds.length || kpi.baseline === undefined || kpi.target === undefined || !d.timebound?.deadline) {
      out.push({ ...base, points: 0, verdict: "not_measurable", current: null, progress: null, neededPerWeek: null, fit: null, forecastDate: null });
      continue;
    }
    // A level is read over all its days; a flow counts from the goal's start.
    const start = LEVELS.has(metric) ? undefined : d.timebound.start;
    let points = await kpiSeries(ctx, m.workspaceId, channelIds, metric, today, start);
    if (!LEVELS.has(metric)) {
      let running = kpi.baseline;
      points = points.map((p) => ({ date: p.date, value: (running += p.value) }));
    }
    const f = forecastGoal({ points, baseline: kpi.baseline, target: kpi.target, deadline: d.timebound.deadline, today, ...(kpi.direction ? { direction: kpi.direction } : {}) });
    out.push({ ...base, points: points.length, verdict: f.verdict, current: f.current, progress: f.progress, neededPerWeek: f.neededPerWeek, fit: f.fit ? { kind: f.fit.kind, ratePerDay: f.fit.ratePerDay, r2: f.fit.r2 } : null, forecastDate: f.forecastDate });
  }
  return out;
}
