import { addDays, periodMonths, zonedDayBounds, daysBetween, DEFAULT_ENGAGEMENT, engagementRate, minorUnitDigits, type EngagementDefinition, type Metric, type Metrics } from "@socialplan/domain";
import type { Dashboard, DashboardQuery } from "@socialplan/schema";
import { sql } from "kysely";
import type { Membership, ServiceContext } from "../../context.ts";
import { getBudget } from "../budget/budget.service.ts";
import { variantsOf } from "../posts/post-channels.ts";
import { CHANNEL_NUMBER, dailyQuery, dailyValues, fromJson, jsonArray, metricNames, metricOfKpi } from "./metrics.service.ts";

export interface ChannelRecord {
  id: string;
  network: string;
  handle: string;
  kpis: string[];
  engagement: EngagementDefinition | undefined;
}

/** Followers are a level (the last number counts); everything else is a flow, added up over days. */
export const LEVEL_METRICS = new Set<string>(["followers"]);
const DEFAULT_KPIS: Metric[] = ["followers", "reach", "likes", "comments"];
const TOP_POSTS = 10;

export const definitionOf = (c: Pick<ChannelRecord, "network" | "engagement">): EngagementDefinition => c.engagement ?? DEFAULT_ENGAGEMENT[c.network] ?? DEFAULT_ENGAGEMENT.default!;

export async function channelRecords(ctx: ServiceContext, workspaceId: string): Promise<ChannelRecord[]> {
  const rows = await ctx.db.selectFrom("strategy_entries").select(["id", "data"]).where("workspace_id", "=", workspaceId).where("kind", "=", "channel").orderBy("position").execute();
  return rows.map((r) => {
    const d = JSON.parse(r.data) as { network?: string; handle?: string; kpis?: string[]; engagement?: EngagementDefinition };
    return { id: r.id, network: d.network ?? "other", handle: (d.handle ?? "").replace(/^@/, ""), kpis: d.kpis ?? [], engagement: d.engagement };
  });
}

/** Clicks on the app's short links per channel and day, with the campaign and source the link was tagged with. */
async function shortLinkClicks(ctx: ServiceContext, workspaceId: string, from: string, to: string) {
  const rows = await ctx.db
    .selectFrom("link_clicks")
    .innerJoin("short_links", "short_links.code", "link_clicks.code")
    .select(["short_links.channel_id", "short_links.target", "link_clicks.day", "link_clicks.clicks"])
    .where("short_links.workspace_id", "=", workspaceId)
    .where("link_clicks.day", ">=", from)
    .where("link_clicks.day", "<=", to)
    .execute();
  return rows.map((r) => {
    const p = URL.canParse(r.target) ? new URL(r.target).searchParams : new URLSearchParams();
    return { channelId: r.channel_id, day: r.day, clicks: Number(r.clicks), campaign: p.get("utm_campaign") ?? "(not set)", source: p.get("utm_source") ?? "(not set)", medium: p.get("utm_medium") ?? "(not set)" };
  });
}

const sumBy = <T>(items: readonly T[], value: (t: T) => number) => items.reduce((s, t) => s + value(t), 0);
const change = (current: number | null, previous: number | null) => (current === null || previous === null || previous === 0 ? null : ((current - previous) / Math.abs(previous)) * 100);

/** A period's totals for one channel from its daily values: levels take the last day's number, flows add up. */
function totals(days: Map<string, Metrics>, from: string, to: string): Metrics {
  const out: Metrics = {};
  const sorted = [...days.keys()].filter((d) => d >= from && d <= to).sort();
  for (const day of sorted) {
    for (const [metric, value] of Object.entries(days.get(day)!) as [Metric, number][]) {
      out[metric] = LEVEL_METRICS.has(metric) ? value : (out[metric] ?? 0) + value;
    }
  }
  return out;
}

/**
 * The tracking dashboard (guide §13 `exec.tracking`) for a period: per channel its chosen KPIs against the previous
 * period of the same length, the engagement rate by its stated definition, daily series for the charts, cost per
 * result; top posts; link clicks and website sessions by campaign and source; the budget; the best time to post;
 * and competitors' channel statistics beside ours.
 */
export async function dashboard(ctx: ServiceContext, m: Membership, q: DashboardQuery): Promise<Dashboard> {
  const length = daysBetween(q.from, q.to) + 1;
  const previousFrom = addDays(q.from, -length);
  const previousTo = addDays(q.from, -1);
  const all = await channelRecords(ctx, m.workspaceId);
  const channels = q.channelId ? all.filter((c) => c.id === q.channelId) : all;
  const ids = channels.map((c) => c.id);
  // The workspace's metric names, read once for the period and the period before.
  const metrics = await metricNames(ctx, m.workspaceId);
  const [values, clicks, traffic, published, budget, example] = await Promise.all([
    dailyValues(ctx, m.workspaceId, q.from, q.to, ids, metrics),
    shortLinkClicks(ctx, m.workspaceId, previousFrom, q.to),
    ctx.db.selectFrom("traffic").selectAll().where("workspace_id", "=", m.workspaceId).where("day", ">=", q.from).where("day", "<=", q.to).execute(),
    ctx.db
      .selectFrom("deliveries")
      .select(["channel_id", sql<number>`count(*)`.as("n")])
      .where("workspace_id", "=", m.workspaceId)
      .where("status", "=", "published")
      .where("published_at", ">=", zonedDayBounds(q.from, m.workspace.timezone).start)
      .where("published_at", "<", zonedDayBounds(q.to, m.workspace.timezone).end)
      .groupBy("channel_id")
      .execute(),
    getBudget(ctx, m),
    // The example's numbers come and go with the example's records.
    ctx.db.selectFrom("strategy_entries").select("id").where("workspace_id", "=", m.workspaceId).where("example", "=", 1).limit(1).executeTakeFirst(),
  ]);

  // Followers as last measured: within the period where it has them (already read), else looked up further back.
  const followers = new Map<string, number>();
  for (const v of [...values].filter((x) => x.metric === "followers").sort((a, b) => a.day.localeCompare(b.day))) followers.set(v.channelId, v.value);
  const unmeasured = ids.filter((id) => !followers.has(id));
  const [inPeriod, earlierFollowers, before] = await Promise.all([
    postNumbers(ctx, m.workspaceId, ids, q.from, q.to),
    unmeasured.length ? latestFollowers(ctx, m.workspaceId, unmeasured, q.to) : new Map<string, number>(),
    previousTotals(ctx, m.workspaceId, previousFrom, previousTo, ids, metrics),
  ]);
  for (const [id, n] of earlierFollowers) followers.set(id, n);

  // channel → day → metric → value; short-link clicks count as link clicks where no other number was given.
  const byChannel = new Map<string, Map<string, Metrics>>(ids.map((id) => [id, new Map()]));
  for (const v of values) {
    const days = byChannel.get(v.channelId)!;
    const day = days.get(v.day) ?? {};
    day[v.metric as Metric] = v.value;
    days.set(v.day, day);
  }
  const counted = new Set(values.filter((v) => v.metric === "link_clicks").map((v) => `${v.channelId}|${v.day}`));
  // The period before is kept as totals: its short-link clicks count where it has no link clicks of its own, and
  // never become days of the chart.
  const givenBefore = new Set([...before].filter(([, t]) => t.link_clicks !== undefined).map(([id]) => id));
  for (const c of clicks) {
    const days = byChannel.get(c.channelId);
    if (!days) continue;
    if (c.day < q.from) {
      if (!givenBefore.has(c.channelId)) {
        const total = before.get(c.channelId) ?? (before.set(c.channelId, {}), before.get(c.channelId)!);
        total.link_clicks = (total.link_clicks ?? 0) + c.clicks;
      }
      continue;
    }
    const day = days.get(c.day) ?? {};
    if (!counted.has(`${c.channelId}|${c.day}`)) day.link_clicks = (day.link_clicks ?? 0) + c.clicks;
    days.set(c.day, day);
  }

  // Counted, not stepped until a string comparison stops it (which never happens past 9999-12).
  const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
  const monthsTouched = periodMonths({ start: q.from.slice(0, 7), months: monthIndex(q.to) - monthIndex(q.from) + 1 });
  const budgetLines = budget.lines.map((l) => ({
    channelId: l.channelId,
    ads: l.category === "ads",
    planned: sumBy(monthsTouched, (mo) => l.planned[mo] ?? 0),
    actual: sumBy(monthsTouched, (mo) => l.actual[mo] ?? 0),
  }));
  const unit = 10 ** minorUnitDigits(m.workspace.currency);

  const out: Dashboard["channels"] = channels.map((c) => {
    const days = byChannel.get(c.id)!;
    const now = totals(days, q.from, q.to);
    const earlier = before.get(c.id) ?? {};
    const chosen = [...new Set(c.kpis.map(metricOfKpi).filter((x): x is Metric => x !== null))];
    const kpis = (chosen.length ? chosen : DEFAULT_KPIS).map((metric) => {
      const current = now[metric] ?? null;
      const previous = earlier[metric] ?? null;
      return { metric, kind: LEVEL_METRICS.has(metric) ? ("level" as const) : ("flow" as const), current, previous, change: change(current, previous) };
    });
    const definition = definitionOf(c);
    const sortedDays = [...days.keys()].sort();
    // Meta's switch: the first day with views and no impressions after a day (here or in the period before) with impressions.
    const firstImpressions = earlier.impressions !== undefined ? "" : sortedDays.find((d) => days.get(d)!.impressions !== undefined);
    const viewsFrom = firstImpressions !== undefined ? (sortedDays.find((d) => d > firstImpressions && days.get(d)!.views !== undefined && days.get(d)!.impressions === undefined) ?? null) : null;
    const metricSpend = now.ad_spend;
    const ads = budgetLines.filter((l) => l.ads && l.channelId === c.id);
    const spend = metricSpend ?? (ads.length && sumBy(ads, (l) => l.actual) > 0 ? sumBy(ads, (l) => l.actual) / unit : null);
    const seen = now.views ?? now.impressions;
    const per = (n: number | undefined, k = 1) => (spend !== null && n ? (spend / n) * k : null);
    return {
      channelId: c.id,
      name: c.handle ? `${c.network} @${c.handle}` : c.network,
      network: c.network,
      handle: c.handle,
      kpis,
      engagement: { definition, current: engagementRate(now, definition), previous: engagementRate(earlier, definition) },
      published: Number(published.find((p) => p.channel_id === c.id)?.n ?? 0),
      viewsFrom,
      series: sortedDays.map((day) => ({ day, values: days.get(day) as Record<string, number> })),
      costs: {
        spend,
        spendSource: metricSpend !== undefined ? "metrics" : spend !== null ? "budget" : null,
        cpm: per(seen, 1000),
        cpc: per(now.link_clicks),
        cpa: per(now.orders),
        roas: spend && now.revenue !== undefined ? now.revenue / spend : null,
      },
    };
  });

  return {
    period: { from: q.from, to: q.to, previousFrom, previousTo },
    currency: m.workspace.currency,
    exampleNumbers: example !== undefined,
    channels: out,
    topPosts: await topPosts(ctx, m, rate(inPeriod, channels, followers)),
    links: linkTable(clicks.filter((c) => c.day >= q.from), traffic),
    budget: {
      months: monthsTouched,
      planned: sumBy(budgetLines, (l) => l.planned),
      actual: sumBy(budgetLines, (l) => l.actual),
      byChannel: [...new Set(budgetLines.map((l) => l.channelId))].map((channelId) => ({
        channelId,
        planned: sumBy(budgetLines.filter((l) => l.channelId === channelId), (l) => l.planned),
        actual: sumBy(budgetLines.filter((l) => l.channelId === channelId), (l) => l.actual),
      })),
    },
    competitors: await competitorSeries(ctx, m, all),
  };
}

/**
 * Per-post numbers of a period, a row per post and channel (no joins: a year holds tens of thousands of posts): read
 * in the table's order, one row per channel and day with its posts' keys, metrics and numbers as JSON arrays (a row
 * per number cost twice as much to hand over), and added up per post here.
 */
export async function postNumbers(ctx: ServiceContext, workspaceId: string, channelIds: readonly string[], from: string, to: string) {
  if (!channelIds.length) return [];
  const rows = await ctx.db
    .selectFrom("metrics_per_post")
    .select(["channel_id", jsonArray(ctx, sql`post_key`).as("keys"), jsonArray(ctx, sql`metric`).as("metrics"), jsonArray(ctx, sql`value`).as("values")])
    .where("workspace_id", "=", workspaceId)
    .where("day", ">=", from)
    .where("day", "<=", to)
    .groupBy(["day", "channel_id"])
    .execute();
  const wanted = new Set(channelIds);
  const posts = new Map<string, { channelId: string; postKey: string; values: Metrics }>();
  for (const r of rows) {
    if (!wanted.has(r.channel_id)) continue;
    const keys = fromJson<string[]>(r.keys);
    const metrics = fromJson<Metric[]>(r.metrics);
    const values = fromJson<number[]>(r.values);
    for (let i = 0; i < keys.length; i++) {
      const key = `${r.channel_id}|${keys[i]}`;
      let p = posts.get(key);
      if (!p) posts.set(key, (p = { channelId: r.channel_id, postKey: keys[i]!, values: {} }));
      p.values[metrics[i]!] = (p.values[metrics[i]!] ?? 0) + Number(values[i]);
    }
  }
  return [...posts.values()];
}

/** When posts went out in a period: Socialplan's published deliveries and imported posts, by channel and post. */
export async function publishTimes(ctx: ServiceContext, m: Membership, from: string, to: string): Promise<Map<string, string>> {
  const start = zonedDayBounds(from, m.workspace.timezone).start;
  const end = zonedDayBounds(to, m.workspace.timezone).end;
  const [ours, imported] = await Promise.all([
    ctx.db
      .selectFrom("deliveries")
      .select(["channel_id", "post_id", "published_at"])
      .where("workspace_id", "=", m.workspaceId)
      .where("status", "=", "published")
      .where("published_at", ">=", start)
      .where("published_at", "<", end)
      .execute(),
    ctx.db.selectFrom("metric_posts").select(["channel_id", "post_key", "published_at"]).where("workspace_id", "=", m.workspaceId).where("published_at", ">=", start).where("published_at", "<", end).execute(),
  ]);
  const times = new Map<string, string>();
  for (const d of ours) times.set(`${d.channel_id}|${d.post_id}`, d.published_at!);
  for (const x of imported) times.set(`${x.channel_id}|${x.post_key}`, x.published_at);
  return times;
}

/** Followers of each channel on the last day it has them, for "engagement by followers". */
export async function latestFollowers(ctx: ServiceContext, workspaceId: string, channelIds: readonly string[], to: string): Promise<Map<string, number>> {
  const rows = await ctx.db
    .selectFrom("metrics")
    .select(["channel_id", "day", "value"])
    .where("workspace_id", "=", workspaceId)
    .where("metric", "=", "followers")
    .where("channel_id", "in", channelIds.length ? [...channelIds] : [""])
    .where("day", "<=", to)
    .where("day", ">=", addDays(to, -120))
    .where("value", "is not", null)
    .orderBy("day")
    .execute();
  return new Map(rows.map((r) => [r.channel_id, Number(r.value)]));
}

type Rated = { channelId: string; postKey: string; values: Metrics; rate: number | null };

/** Each post's engagement rate by its channel's definition (followers from the channel, as last measured). */
export function rate(posts: Awaited<ReturnType<typeof postNumbers>>, channels: readonly ChannelRecord[], followers: Map<string, number>): Rated[] {
  const byId = new Map(channels.map((c) => [c.id, definitionOf(c)]));
  return posts.map((p) => {
    const definition = byId.get(p.channelId)!;
    const f = definition.per === "followers" ? followers.get(p.channelId) : undefined;
    return { channelId: p.channelId, postKey: p.postKey, values: p.values, rate: engagementRate(f !== undefined ? { ...p.values, followers: f } : p.values, definition) };
  });
}

/** A channel's own text of a post, when its copy has one. */
const ownText = (post: { variants: string }, channelId: string) => variantsOf(post).find((v) => v.channelId === channelId)?.text ?? null;

/** The period's best posts by engagement rate, with their text and link (read for those ten only). */
async function topPosts(ctx: ServiceContext, m: Membership, rated: readonly Rated[]): Promise<Dashboard["topPosts"]> {
  const top = [...rated].sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1)).slice(0, TOP_POSTS);
  const ours = [...new Set(top.filter((p) => !p.postKey.includes(":")).map((p) => p.postKey))];
  const theirs = [...new Set(top.filter((p) => p.postKey.includes(":")).map((p) => p.postKey))];
  const [socialplan, deliveries, imported] = await Promise.all([
    // By id alone (the primary key and the delivery index); the workspace is checked on the rows.
    ours.length ? ctx.db.selectFrom("posts").select(["id", "workspace_id", "title", "body", "variants"]).where("id", "in", ours).execute().then((r) => r.filter((p) => p.workspace_id === m.workspaceId)) : [],
    ours.length ? ctx.db.selectFrom("deliveries").select(["post_id", "workspace_id", "channel_id", "permalink", "published_at"]).where("post_id", "in", ours).execute().then((r) => r.filter((d) => d.workspace_id === m.workspaceId)) : [],
    theirs.length ? ctx.db.selectFrom("metric_posts").selectAll().where("workspace_id", "=", m.workspaceId).where("post_key", "in", theirs).execute() : [],
  ]);
  return top.map((p) => {
    const post = socialplan.find((s) => s.id === p.postKey);
    const sent = deliveries.filter((d) => d.post_id === p.postKey && d.channel_id === p.channelId);
    const delivery = sent.find((d) => d.permalink);
    const ext = imported.find((x) => x.post_key === p.postKey && x.channel_id === p.channelId);
    return {
      channelId: p.channelId,
      postKey: p.postKey,
      postId: post ? post.id : null,
      // The channel's own text where its copy has one (a post goes out with a text per network), else the post's name.
      text: (post ? ownText(post, p.channelId) || post.title || post.body : (ext?.caption ?? "")).slice(0, 280),
      permalink: delivery?.permalink ?? (ext?.permalink || null),
      publishedAt: sent.find((d) => d.published_at)?.published_at ?? ext?.published_at ?? null,
      values: p.values as Record<string, number>,
      rate: p.rate,
    };
  });
}

/**
 * The period before, as totals per channel and metric: flows added up over its days, followers as last measured
 * (the dashboard compares with them; no chart needs that period's days).
 */
async function previousTotals(ctx: ServiceContext, workspaceId: string, from: string, to: string, channels: readonly string[], metrics: readonly string[]): Promise<Map<string, Metrics>> {
  const out = new Map<string, Metrics>();
  const flows = metrics.filter((x) => !LEVEL_METRICS.has(x));
  if (!metrics.length || !channels.length) return out;
  const [sums, levels] = await Promise.all([
    flows.length
      ? dailyQuery(ctx, workspaceId, flows, channels, from, to)
          .select(["channel_id", "metric", sql<number>`sum(${CHANNEL_NUMBER})`.as("total")])
          .groupBy(["metric", "channel_id"])
          .execute()
      : [],
    dailyValues(ctx, workspaceId, from, to, channels, "followers"),
  ]);
  const of = (id: string) => out.get(id) ?? (out.set(id, {}), out.get(id)!);
  for (const f of sums) of(f.channel_id)[f.metric as Metric] = Number(f.total);
  for (const l of levels.sort((a, b) => a.day.localeCompare(b.day))) of(l.channelId).followers = l.value;
  return out;
}

function linkTable(clicks: readonly { campaign: string; source: string; medium: string; clicks: number }[], traffic: readonly { campaign: string; source: string; medium: string; sessions: number; key_events: number; revenue: number }[]): Dashboard["links"] {
  const rows = new Map<string, Dashboard["links"][number]>();
  const row = (campaign: string, source: string, medium: string) => {
    const key = `${campaign}|${source.toLowerCase()}|${medium.toLowerCase()}`;
    const r = rows.get(key) ?? { campaign, source, medium, clicks: 0, sessions: 0, keyEvents: 0, revenue: 0 };
    rows.set(key, r);
    return r;
  };
  for (const c of clicks) row(c.campaign, c.source, c.medium).clicks += c.clicks;
  for (const t of traffic) {
    const r = row(t.campaign, t.source, t.medium);
    r.sessions += Number(t.sessions);
    r.keyEvents += Number(t.key_events);
    r.revenue += Number(t.revenue);
  }
  return [...rows.values()].sort((a, b) => b.clicks + b.sessions - (a.clicks + a.sessions)).slice(0, 50);
}

/**
 * Competitors' channel statistics from the strategy (§9.4, dated) beside our own followers on the same network
 * (the sum of our channels there, as last measured on or before each date).
 */
async function competitorSeries(ctx: ServiceContext, m: Membership, channels: readonly ChannelRecord[]): Promise<Dashboard["competitors"]> {
  const entries = await ctx.db.selectFrom("strategy_entries").select(["data"]).where("workspace_id", "=", m.workspaceId).where("kind", "=", "competitor").orderBy("position").execute();
  const lines: { network: string; name: string; points: { date: string; followers: number }[] }[] = [];
  for (const e of entries) {
    const d = JSON.parse(e.data) as { name?: string; channel_stats?: { date?: string; channel?: string; followers?: number }[] };
    for (const s of d.channel_stats ?? []) {
      if (!s.date || !s.channel || s.followers === undefined) continue;
      const name = d.name || "?";
      let line = lines.find((l) => l.network === s.channel && l.name === name);
      if (!line) lines.push((line = { network: s.channel, name, points: [] }));
      line.points.push({ date: s.date, followers: s.followers });
    }
  }
  const networks = [...new Set(lines.map((l) => l.network))];
  const result: Dashboard["competitors"] = [];
  for (const network of networks) {
    const theirs = lines.filter((l) => l.network === network).map((l) => ({ name: l.name, ours: false, points: l.points.sort((a, b) => a.date.localeCompare(b.date)) }));
    const dates = [...new Set(theirs.flatMap((l) => l.points.map((p) => p.date)))].sort();
    const mine = channels.filter((c) => c.network === network).map((c) => c.id);
    const series = [...theirs];
    if (mine.length && dates.length) {
      const rows = await ctx.db
        .selectFrom("metrics")
        .select(["channel_id", "day", "value"])
        .where("workspace_id", "=", m.workspaceId)
        .where("metric", "=", "followers")
        .where("channel_id", "in", mine)
        .where("value", "is not", null)
        .where("day", "<=", dates.at(-1)!)
        .orderBy("day")
        .execute();
      const points = dates.flatMap((date) => {
        const last = mine.map((id) => rows.filter((r) => r.channel_id === id && r.day <= date).at(-1));
        return last.some((r) => r) ? [{ date, followers: sumBy(last, (r) => Number(r?.value ?? 0)) }] : [];
      });
      series.unshift({ name: m.workspace.name, ours: true, points });
    }
    result.push({ network, series });
  }
  return result;
}
