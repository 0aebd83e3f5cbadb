// The benchmark workspace of bench:tracking (and the busy workspace of bench:tenants). At scale 1 (bench:tenants):
// 20 channels × 3 years of daily numbers × 12 metrics (262,800 rows), 50,000 published posts with 3 numbers each,
// 5 goals, and this week's 160 posts (some awaiting confirmation) with 20 more in review. BENCH_SCALE=10 (bench:tracking's
// default): 60 channels × 10 years × 12 metrics (2,628,000 rows) and 500,000 posts (see benchShape).
import { randomUUID } from "node:crypto";
import type { Seeder } from "./seed.ts";

export const CHANNELS = 20;
export const DAYS = 3 * 365;
export const METRICS = ["followers", "reach", "impressions", "views", "likes", "comments", "shares", "saves", "link_clicks", "profile_visits", "sessions", "orders"];
export const POSTS = 50_000;
export const LAST_DAY = "2026-11-26";
/** How many times seedBenchNumbers calls its `between` hook at scale 1. */
export const SEED_SLICES = 40;
/** Posts per slice of seedBenchNumbers. */
const POST_BATCH = 2500;

/** The size of the benchmark workspace. */
export interface BenchShape {
  scale: number;
  channels: number;
  days: number;
  posts: number;
  /** How many times seedBenchNumbers calls its `between` hook: after each channel's numbers and each 2,500 posts. */
  slices: number;
}

/**
 * The workspace `scale` times the numbers and posts of scale 1 (20 channels × 3 years, 50,000 posts): more years of
 * days, up to 10, then more channels — 10 is 60 channels × 10 years (2,628,000 numbers) and 500,000 posts. Goals cover
 * a fifth of the channels each; the dashboard's period stays the 30 days up to LAST_DAY.
 */
export function benchShape(scale = 1): BenchShape {
  if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number, not ${scale}`);
  const years = Math.min(10, 3 * scale);
  const channels = Math.max(5, Math.round((CHANNELS * 3 * scale) / years / 5) * 5);
  const posts = Math.round(POSTS * scale);
  return { scale, channels, days: Math.round(years * 365), posts, slices: channels + Math.ceil(posts / POST_BATCH) };
}

/** The shape named by BENCH_SCALE, else `fallback`'s. */
export const benchShapeFromEnv = (fallback: number) => benchShape(Number(process.env.BENCH_SCALE || fallback));

export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

type Call = (method: string, url: string, body?: unknown) => Promise<any>;

/** The workspace and its channels (20 at scale 1), through the API (as a member would make them). */
export async function createBenchWorkspace(call: Call, count = CHANNELS): Promise<{ ws: string; channels: string[] }> {
  const ws = await call("POST", "/workspaces", { name: "Bench", periodStart: "2024-01", periodMonths: 36, timezone: "Europe/Berlin" });
  const channels: string[] = [];
  for (let i = 0; i < count; i++) channels.push((await call("POST", `/workspaces/${ws.id}/strategy/collections/channel`, { data: { network: i % 2 ? "instagram" : "facebook", handle: `@account${i}`, kpis: ["Followers", "Reach", "Likes"] } })).id);
  return { ws: ws.id as string, channels };
}

/** The channels goal `g` (0–4) covers: a fifth of them (four at scale 1). */
export const goalChannels = (channels: readonly string[], g: number) => channels.slice((g * channels.length) / 5, ((g + 1) * channels.length) / 5);

/** Five goals, each over a fifth of the channels, through the API. */
export async function addBenchGoals(call: Call, ws: string, channels: string[]): Promise<void> {
  for (let g = 0; g < 5; g++) {
    await call("POST", `/workspaces/${ws}/strategy/collections/goal`, {
      data: { title: `Goal ${g}`, measurable: { metric: g % 2 ? "Reach" : "Followers", channels: goalChannels(channels, g), baseline: 1000, target: 100_000 }, timebound: { start: "2024-01-01", deadline: "2026-12-31" } },
    });
  }
}

export const POST_COLUMNS = ["id", "workspace_id", "title", "body", "variants", "media", "link", "utm", "pillar", "campaign", "goal_id", "initiative_id", "status", "scheduled_at", "recurrence", "assignee_member_id", "card_id", "approved_by", "approved_at", "created_by", "created_at", "updated_at"] as const;
export const DELIVERY_COLUMNS = ["id", "workspace_id", "post_id", "channel_id", "due_at", "status", "attempts", "next_attempt_at", "lease_until", "worker", "remote_id", "permalink", "error_code", "error_message", "published_at", "confirmed_by", "created_at", "updated_at"] as const;
export const METRIC_COLUMNS = ["workspace_id", "channel_id", "day", "metric", "value", "source", "updated_at"] as const;
export const POST_METRIC_COLUMNS = ["workspace_id", "channel_id", "post_key", "day", "metric", "value", "source", "updated_at"] as const;

/** A post row (POST_COLUMNS' order) on one channel. */
export const postRow = (id: string, ws: string, title: string, body: string, channel: string, status: string, scheduledAt: string | null, createdAt: string, updatedAt: string) =>
  [id, ws, title, body, JSON.stringify([{ channelId: channel, text: null }]), "[]", null, "{}", null, null, null, null, status, scheduledAt, null, null, null, null, null, null, createdAt, updatedAt];
/** A delivery row (DELIVERY_COLUMNS' order). */
export const deliveryRow = (ws: string, postId: string, channel: string, dueAt: string, status: string, publishedAt: string | null, createdAt: string, updatedAt: string) =>
  [randomUUID(), ws, postId, channel, dueAt, status, status === "published" ? 1 : 0, null, null, null, null, null, null, null, publishedAt, null, createdAt, updatedAt];

/**
 * The numbers and posts, straight into the database (`channels` made by createBenchWorkspace with shape.channels).
 * Returns the seconds it took. `between(i)` runs after each of the shape.slices slices of it (each channel's numbers,
 * then each 2,500 posts; 40 at scale 1): bench:tenants writes the other workspaces' rows there, so that the busy
 * workspace's rows lie among theirs as they would on an instance that grew over time.
 */
export async function seedBenchNumbers(seeder: Seeder, ws: string, channels: string[], between?: (slice: number) => Promise<void>, shape: BenchShape = benchShape(1)): Promise<number> {
  const { days: DAYS, posts: POSTS, channels: CHANNELS } = shape;
  if (channels.length !== CHANNELS) throw new Error(`seedBenchNumbers: ${channels.length} channels for a shape of ${CHANNELS}`);
  const first = addDays(LAST_DAY, -(DAYS - 1));
  const at = new Date().toISOString();
  const t0 = performance.now();
  const days = Array.from({ length: DAYS }, (_, d) => addDays(first, d));
  for (const [c, channel] of channels.entries()) {
    // In the table's own order (metric, channel, day): appends to its B-tree instead of inserting all over it.
    const rows: unknown[][] = [];
    for (const [k, metric] of METRICS.entries())
      for (let d = 0; d < DAYS; d++) rows.push([ws, channel, days[d], metric, metric === "followers" ? 1000 + d * (c + 1) : (d % 97) * (k + 1) + c, "bench", at]);
    await seeder.insert("metrics", METRIC_COLUMNS, rows);
    await between?.(c);
  }
  await seeder.settle();
  // Posts' numbers in their own table; its triggers keep each channel-day's post sum in `metrics`.
  const BATCH = POST_BATCH;
  for (let from = 0; from < POSTS; from += BATCH) {
    const posts: unknown[][] = [];
    const deliveries: unknown[][] = [];
    const numbers: unknown[][] = [];
    for (let p = from; p < Math.min(POSTS, from + BATCH); p++) {
      const id = randomUUID();
      const channel = channels[p % CHANNELS]!;
      const day = days[Math.floor((p / POSTS) * DAYS)]!;
      const when = `${day}T${String(6 + (p % 15)).padStart(2, "0")}:00:00.000Z`;
      posts.push(postRow(id, ws, `Post ${p}`, `Text of post ${p}`, channel, "published", when, when, when));
      deliveries.push(deliveryRow(ws, id, channel, when, "published", when, when, when));
      for (const [k, metric] of ["reach", "likes", "comments"].entries()) numbers.push([ws, channel, id, day, metric, 100 + ((p * 7 + k) % 900), "bench", at]);
    }
    await seeder.insert("posts", POST_COLUMNS, posts);
    await seeder.insert("deliveries", DELIVERY_COLUMNS, deliveries);
    await seeder.insert("metrics_per_post", POST_METRIC_COLUMNS, numbers);
    await between?.(CHANNELS + from / BATCH);
  }
  // This week on the home screen: 20 posts a day across the channels (scheduled, some waiting to be confirmed by
  // hand), and 20 posts waiting for review.
  const monday = addDays(new Date().toISOString().slice(0, 10), -((new Date().getUTCDay() + 6) % 7));
  const posts: unknown[][] = [];
  const deliveries: unknown[][] = [];
  for (let p = 0; p < 160; p++) {
    const id = randomUUID();
    const channel = channels[p % CHANNELS]!;
    const when = `${addDays(monday, p % 7)}T${String(6 + (p % 12)).padStart(2, "0")}:00:00.000Z`;
    const review = p >= 140;
    posts.push(postRow(id, ws, `This week ${p}`, `Text ${p}`, channel, review ? "in_review" : "scheduled", when, at, at));
    if (!review) deliveries.push(deliveryRow(ws, id, channel, when, p % 10 === 0 ? "awaiting_confirmation" : "scheduled", null, at, at));
  }
  await seeder.insert("posts", POST_COLUMNS, posts);
  await seeder.insert("deliveries", DELIVERY_COLUMNS, deliveries);
  return (performance.now() - t0) / 1000;
}

/** GET, once more on a new connection when the kept-alive one was closed meanwhile (by the server, during a long seed). */
const get = (url: string, headers: () => Record<string, string>) => fetch(url, { headers: headers() }).catch(() => fetch(url, { headers: headers() }));

/** The dashboard (30 days up to LAST_DAY) and goal progress, one after the other, as the dashboard screen loads them. */
export function dashboardPage(base: string, ws: string, headers: () => Record<string, string>) {
  const url = `/api/workspaces/${ws}/dashboard?from=${addDays(LAST_DAY, -29)}&to=${LAST_DAY}`;
  return async () => {
    const a = await get(`${base}${url}`, headers);
    const b = await get(`${base}/api/workspaces/${ws}/goals/progress`, headers);
    if (!a.ok || !b.ok) throw new Error(`dashboard ${a.status}, goals/progress ${b.status}`);
    await a.arrayBuffer();
    await b.arrayBuffer();
  };
}

/** GET /home once. */
export function homePage(base: string, ws: string, headers: () => Record<string, string>) {
  return async () => {
    const res = await get(`${base}/api/workspaces/${ws}/home`, headers);
    if (!res.ok) throw new Error(`home: ${res.status}`);
    await res.arrayBuffer();
  };
}

/** The calendar's month view: GET /posts for the 30 days up to LAST_DAY (the posts with their warnings and deliveries). */
export function calendarPage(base: string, ws: string, headers: () => Record<string, string>) {
  const to = `${addDays(LAST_DAY, 1)}T00:00:00.000Z`;
  const from = `${addDays(LAST_DAY, -29)}T00:00:00.000Z`;
  return async () => {
    const res = await get(`${base}/api/workspaces/${ws}/posts?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, headers);
    if (!res.ok) throw new Error(`calendar: ${res.status}`);
    await res.arrayBuffer();
  };
}

/** Times `n` runs of `f`, one at a time, in ms. */
export async function timed(n: number, f: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out;
}
