import { addDays } from "@socialplan/domain";
import type { Locale } from "@socialplan/schema";
import { DateTime } from "luxon";
import type { ServiceContext } from "../../context.ts";
import type { MetricPostsTable, MetricsPerPostTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";

/** Marks every number the example brings: the dashboard says so, and clearing the example removes them. */
export const EXAMPLE_SOURCE = "example";

/** A small seeded random generator (mulberry32), so the example's numbers are the same every time. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  followers: [number, number];
  reach: number;
  posts: number;
  meta: boolean;
}
/** How each example channel behaves: followers a year ago → now, daily reach, posts per week, Meta or not. */
const SHAPES: Record<string, Shape> = {
  instagram_de: { followers: [1300, 2350], reach: 900, posts: 5, meta: true },
  facebook: { followers: [3100, 3400], reach: 500, posts: 3, meta: true },
  x: { followers: [700, 820], reach: 250, posts: 4, meta: false },
  website: { followers: [0, 0], reach: 0, posts: 0, meta: false },
};
const CAPTIONS: Record<Locale, string[]> = {
  en: ["Behind the wheel: a new glaze test", "Customer photo of the week", "Reel: from clay to cup in 30 seconds", "Studio sale this weekend", "How we pack fragile orders", "New winter colours"],
  ko: ["물레 뒤에서: 새 유약 테스트", "이번 주 고객 사진", "릴스: 흙에서 컵까지 30초", "이번 주말 공방 세일", "깨지기 쉬운 주문 포장법", "새 겨울 색상"],
};

/**
 * A year of realistic numbers for the worked example (guide §13): daily followers, reach, views (impressions until
 * Meta's switch four months ago), interactions, link clicks and website sessions, and posts with their own numbers
 * at varied hours — so that a new user sees a full dashboard, a goal forecast and a report at once.
 */
export async function addExampleMetrics(ctx: ServiceContext, workspaceId: string, zone: string, channels: Map<string, string>, locale: Locale): Promise<number> {
  const today = DateTime.fromJSDate(ctx.now, { zone }).toISODate()!;
  const first = addDays(today, -364);
  const switchDay = addDays(today, -120);
  // The channels' own numbers and the posts' numbers (their two tables: see migration 0013).
  const cells: MetricsPerPostTable[] = [];
  const posts: MetricPostsTable[] = [];
  const at = iso(ctx.now);
  let seed = 7;
  for (const [key, channelId] of channels) {
    const shape = SHAPES[key];
    if (!shape) continue;
    const rnd = random((seed += 101));
    const cell = (day: string, metric: string, value: number, postKey = "") =>
      cells.push({ workspace_id: workspaceId, channel_id: channelId, post_key: postKey, day, metric, value: Math.max(0, Math.round(value)), source: EXAMPLE_SOURCE, updated_at: at });
    for (let i = 0; i < 365; i++) {
      const day = addDays(first, i);
      const weekday = DateTime.fromISO(day).weekday;
      const season = 1 + 0.25 * Math.sin((i / 365) * 2 * Math.PI) + (weekday >= 6 ? 0.15 : 0);
      if (key === "website") {
        cell(day, "sessions", (60 + i * 0.12) * season * (0.8 + 0.4 * rnd()));
        cell(day, "orders", (2 + i * 0.006) * (0.5 + rnd()));
        cell(day, "revenue", (2 + i * 0.006) * (0.5 + rnd()) * 38_000);
        continue;
      }
      const [f0, f1] = shape.followers;
      cell(day, "followers", f0 * Math.pow(f1 / f0, i / 364) + 8 * (rnd() - 0.5));
      const reach = shape.reach * season * (0.7 + 0.6 * rnd());
      cell(day, "reach", reach);
      cell(day, shape.meta && day >= switchDay ? "views" : "impressions", reach * (1.4 + 0.3 * rnd()));
      cell(day, shape.meta ? (key === "facebook" ? "reactions" : "likes") : "likes", reach * (0.06 + 0.03 * rnd()));
      cell(day, "comments", reach * (0.004 + 0.004 * rnd()));
      cell(day, "shares", reach * (0.003 + 0.004 * rnd()));
      if (key === "instagram_de") cell(day, "saves", reach * (0.01 + 0.01 * rnd()));
      cell(day, "link_clicks", reach * (0.004 + 0.004 * rnd()));
      // Posts: on about `posts` days a week, at an hour that favours evenings, with their own numbers.
      if (rnd() < shape.posts / 7) {
        const hour = [8, 9, 12, 13, 18, 19, 20, 21][Math.floor(rnd() * 8)]!;
        const evening = hour >= 18 ? 1.35 : 1;
        const postKey = `m:example-${key}-${i}`;
        const postReach = reach * 0.9 * evening * (0.7 + 0.6 * rnd());
        const publishedAt = DateTime.fromISO(`${day}T${String(hour).padStart(2, "0")}:00`, { zone }).toUTC().toISO()!;
        posts.push({ workspace_id: workspaceId, channel_id: channelId, post_key: postKey, published_at: publishedAt, permalink: "", caption: CAPTIONS[locale][i % CAPTIONS[locale].length]!, post_type: "", source: EXAMPLE_SOURCE });
        cell(day, "reach", postReach, postKey);
        cell(day, key === "facebook" ? "reactions" : "likes", postReach * (0.07 + 0.04 * rnd()) * evening, postKey);
        cell(day, "comments", postReach * 0.006 * evening, postKey);
        cell(day, "shares", postReach * 0.005 * (0.5 + rnd()), postKey);
        if (key === "instagram_de") cell(day, "saves", postReach * 0.015 * evening * (0.5 + rnd()), postKey);
      }
    }
  }
  const own = cells.filter((c) => !c.post_key).map(({ post_key: _, ...c }) => c);
  const perPost = cells.filter((c) => c.post_key);
  for (let i = 0; i < own.length; i += 500) await ctx.db.insertInto("metrics").values(own.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  for (let i = 0; i < perPost.length; i += 500) await ctx.db.insertInto("metrics_per_post").values(perPost.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  for (let i = 0; i < posts.length; i += 500) await ctx.db.insertInto("metric_posts").values(posts.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  return cells.length;
}

/** A published post of the example on one channel, and how well it did against the channel's usual post (1 = usual). */
export interface ExamplePublished {
  postId: string;
  channelId: string;
  network: string;
  publishedAt: string;
  lift: number;
}

/** The usual post of each network in the example: its reach and the share of it that likes, comments, shares, saves. */
const USUAL_POST: Record<string, { reach: number; rates: Partial<Record<string, number>> }> = {
  instagram: { reach: 1100, rates: { likes: 0.085, comments: 0.007, shares: 0.006, saves: 0.018 } },
  facebook: { reach: 600, rates: { reactions: 0.07, comments: 0.006, shares: 0.006 } },
  default: { reach: 280, rates: { likes: 0.05, comments: 0.006, shares: 0.01 } },
};

/**
 * The numbers of the example's own published posts, written as every reader writes a post's numbers (Bluesky's, an
 * import's): one row per metric in `metrics_per_post` under the post's id, on the day it went out in the workspace's
 * zone, so that the dashboard's top posts and best times count them. Marked as example, they go with it.
 */
export async function addExamplePostNumbers(ctx: ServiceContext, workspaceId: string, zone: string, posts: readonly ExamplePublished[]): Promise<number> {
  const at = iso(ctx.now);
  const rows: MetricsPerPostTable[] = [];
  for (const p of posts) {
    const usual = USUAL_POST[p.network] ?? USUAL_POST.default!;
    const day = DateTime.fromISO(p.publishedAt, { zone: "utc" }).setZone(zone).toISODate()!;
    // A post that does better reaches a few more people, and far more of them engage.
    const reach = Math.round(usual.reach * (0.75 + 0.25 * p.lift));
    const cell = (metric: string, value: number) =>
      rows.push({ workspace_id: workspaceId, channel_id: p.channelId, post_key: p.postId, day, metric, value: Math.max(0, Math.round(value)), source: EXAMPLE_SOURCE, updated_at: at });
    cell("reach", reach);
    for (const [metric, rate] of Object.entries(usual.rates)) cell(metric, reach * rate! * p.lift);
  }
  if (rows.length) await ctx.db.insertInto("metrics_per_post").values(rows).onConflict((oc) => oc.doNothing()).execute();
  return rows.length;
}

export async function clearExampleMetrics(ctx: ServiceContext, workspaceId: string): Promise<void> {
  await ctx.db.deleteFrom("metrics_per_post").where("workspace_id", "=", workspaceId).where("source", "=", EXAMPLE_SOURCE).execute();
  // A channel-day keeps its row while posts of another source still have numbers that day.
  await ctx.db.updateTable("metrics").set({ value: null, source: "" }).where("workspace_id", "=", workspaceId).where("source", "=", EXAMPLE_SOURCE).execute();
  await ctx.db.deleteFrom("metrics").where("workspace_id", "=", workspaceId).where("value", "is", null).where("posts", "is", null).execute();
  await ctx.db.deleteFrom("metric_posts").where("workspace_id", "=", workspaceId).where("source", "=", EXAMPLE_SOURCE).execute();
}
