import { addDays, bestTimeCells, engagementRate, MIN_BEST_TIME_SAMPLE, offsetSpans, zonedDayBounds, type BestTimeLocalSum, type BestTimeSlot, type Metric, type Metrics } from "@socialplan/domain";
import type { BestTimes } from "@socialplan/schema";
import { PostgresAdapter, sql } from "kysely";
import type { Membership, ServiceContext } from "../../context.ts";
import type { DB } from "../../db/database.ts";
import { channelRecords, definitionOf, latestFollowers, rate, type ChannelRecord } from "./dashboard.service.ts";

/** Posts recomputed per transaction (and per IN list). */
const CHUNK = 2000;
/**
 * Chunks a request summarises before it answers (~1–2 s at most): more marked posts than that (a large import, an
 * upgrade) are left to the background summariser, and the answer says how many are not counted yet (`pending`).
 */
export const REQUEST_CHUNKS = 3;

const QUARTER_HOUR = 900_000;
const slotOf = (publishedAt: string) => Math.floor(Date.parse(publishedAt) / QUARTER_HOUR);

/**
 * Best time to post: engagement by weekday and hour over the year before `to`, from the workspace's own posts
 * (published from Socialplan or imported), in its time zone.
 *
 * Read from `best_time_sums` (migration 0022): the posts of the summary per post (`best_time_posts`, migration 0020)
 * added up per UTC quarter hour, both brought up to date first (posts the triggers marked, channels whose engagement
 * definition changed). Posts the sums cannot answer for exactly are taken off them and worked out from their own rows
 * as before: numbers from outside the year (a post at its ends), several publish times (recurring, or published and
 * imported), channels whose rate is by followers (as last measured before `to`).
 */
export async function bestTimesOf(ctx: ServiceContext, m: Membership, to: string, chunks = Infinity): Promise<BestTimes> {
  const channels = await channelRecords(ctx, m.workspaceId);
  const pending = await refreshSummary(ctx, m.workspaceId, channels, chunks);
  const empty = { minSample: MIN_BEST_TIME_SAMPLE, posts: 0, cells: [], pending };
  if (!channels.length) return empty;
  const from = addDays(to, -365);
  const start = zonedDayBounds(from, m.workspace.timezone).start;
  const end = zonedDayBounds(to, m.workspace.timezone).end;
  const ids = channels.map((c) => c.id);
  const byFollowers = channels.filter((c) => definitionOf(c).per === "followers").map((c) => c.id);
  const edgeColumns = ["channel_id", "post_key", "published_at", "rate"] as const;
  const inYear = ctx.db.selectFrom("best_time_posts").where("workspace_id", "=", m.workspaceId).where("published_at", ">=", start).where("published_at", "<", end).where("kind", "=", 0);
  const few = ctx.db.selectFrom("best_time_posts").select(edgeColumns).where("workspace_id", "=", m.workspaceId).where("kind", "=", 0).where("channel_id", "in", ids);
  const inWindow = (rows: Edge[]) => rows.filter((r) => r.published_at !== null && r.published_at >= start && r.published_at < end);
  const [summed, edges, several] = await Promise.all([
    // Every post of the summary with one publish time and a rate (the day bounds of every time zone fall on a quarter
    // hour), placed in local weekdays and hours by the database: a span of quarter hours with one offset at a time.
    // "By followers" keeps no rate; removed channels' rows were dropped by refreshSummary.
    ids.length > byFollowers.length ? Promise.all(offsetSpans(slotOf(start), slotOf(end), m.workspace.timezone).map((span) => localSums(ctx.db, m.workspaceId, span))).then((x) => x.flat()) : [],
    // The posts worked out from their rows, each found by a short range rather than a second scan of the year: numbers
    // before `from` (unless marked early, only posts of the year's first day or two — see `early`), numbers after
    // `to`, early posts, and every post of a channel whose rate is by followers.
    Promise.all([
      // Its one range bound is the day after `from` (with the year's end beside it SQLite takes that one: the whole year).
      ctx.db.selectFrom("best_time_posts").select(edgeColumns).where("workspace_id", "=", m.workspaceId).where("published_at", ">=", start).where("published_at", "<", addDays(from, 1)).where("kind", "=", 0).where("first_day", "<", from).where("channel_id", "in", ids).execute(),
      // By their own indexes (the year's publish times compared here: on the database they would scan the year).
      few.where("last_day", ">", to).execute().then(inWindow),
      few.where("early", "=", 1).where("first_day", "<", from).execute().then(inWindow),
      byFollowers.length ? inYear.select(edgeColumns).where("channel_id", "in", byFollowers).execute() : [],
    ]).then((found) => [...new Map(found.flat().map((k) => [`${k.channel_id}|${k.post_key}`, k])).values()]),
    // By the index on kind (with the channels in the condition SQLite would read the whole index of publish times).
    ctx.db.selectFrom("best_time_posts").select(["channel_id", "post_key"]).where("workspace_id", "=", m.workspaceId).where("kind", "=", 1).execute().then((rows) => rows.filter((r) => ids.includes(r.channel_id))),
  ]);
  const slots = new Map<number, BestTimeSlot>();
  const add = (slot: number, posts: number, sum: number) => {
    const s = slots.get(slot) ?? (slots.set(slot, { slot, posts: 0, sum: 0 }), slots.get(slot)!);
    s.posts += posts;
    s.sum += sum;
  };
  let posts = 0;
  for (const r of summed) posts += r.posts;
  // The sums count every post with a rate: the ones worked out below come off first (each of them fails the sums' own
  // conditions — numbers only in the year asked for — or keeps no rate).
  for (const e of edges) {
    if (e.rate === null) continue;
    add(slotOf(e.published_at!), -1, -Number(e.rate));
    posts -= 1;
  }
  for (const p of await workedOut(ctx, m, channels, [...edges, ...several], { from, to, start, end })) {
    add(slotOf(p.publishedAt), 1, p.rate);
    posts += 1;
  }
  return { minSample: MIN_BEST_TIME_SAMPLE, posts, cells: bestTimeCells([...summed, ...slots.values()], m.workspace.timezone), pending };
}

/**
 * The quarter-hour sums of a span with one UTC offset (minutes), by local weekday (1 Monday … 7 Sunday; 1970-01-01
 * was a Thursday) and hour: integer arithmetic on quarter hours since 1970.
 */
async function localSums(db: DB, workspaceId: string, span: { from: number; to: number; offset: number }): Promise<BestTimeLocalSum[]> {
  const offset = Number.isFinite(span.offset) ? Math.round(span.offset) : 0;
  const minutes = sql`(slot * 15 + cast(${offset} as integer))`;
  const { rows } = await sql<{ weekday: number; hour: number; posts: number | string; total: number | string }>`
    select (${minutes} / 1440 + 3) % 7 + 1 as weekday, (${minutes} % 1440) / 60 as hour, sum(posts) as posts, sum(total) as total
    from best_time_sums where workspace_id = ${workspaceId} and slot >= ${span.from} and slot < ${span.to} group by 1, 2`.execute(db);
  return rows.map((r) => ({ weekday: Number(r.weekday), hour: Number(r.hour), posts: Number(r.posts), sum: Number(r.total) }));
}

type Key = { channel_id: string; post_key: string };
type Edge = Key & { published_at: string | null; rate: number | null };
type Window = { from: string; to: string; start: string; end: string };

/** Keys grouped by channel, in lists of at most CHUNK. */
function byChannel(keys: readonly Key[]): [string, string[]][] {
  const out = new Map<string, string[]>();
  for (const k of keys) out.get(k.channel_id)?.push(k.post_key) ?? out.set(k.channel_id, [k.post_key]);
  return [...out].flatMap(([channel, list]) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => [channel, list.slice(i * CHUNK, (i + 1) * CHUNK)] as [string, string[]]));
}

/** Sums of each post's numbers (in `days` when given), by channel and post key. */
async function numbersOf(db: DB, workspaceId: string, channelId: string, keys: readonly string[], days?: { from: string; to: string }) {
  let q = db.selectFrom("metrics_per_post").select(["post_key", "day", "metric", "value"]).where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId).where("post_key", "in", [...keys]);
  if (days) q = q.where("day", ">=", days.from).where("day", "<=", days.to);
  const out = new Map<string, { values: Metrics; first: string; last: string }>();
  for (const r of await q.execute()) {
    let p = out.get(r.post_key);
    if (!p) out.set(r.post_key, (p = { values: {}, first: r.day, last: r.day }));
    p.values[r.metric as Metric] = (p.values[r.metric as Metric] ?? 0) + Number(r.value);
    if (r.day < p.first) p.first = r.day;
    if (r.day > p.last) p.last = r.day;
  }
  return out;
}

/** Published deliveries and imported posts of these posts on one channel: their publish times, oldest first. */
async function timesOf(db: DB, workspaceId: string, channelId: string, keys: readonly string[], window?: Window) {
  let ours = db.selectFrom("deliveries").select(["post_id", "published_at"]).where("post_id", "in", [...keys]).where("channel_id", "=", channelId).where("workspace_id", "=", workspaceId).where("status", "=", "published").where("published_at", "is not", null);
  let theirs = db.selectFrom("metric_posts").select(["post_key", "published_at"]).where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId).where("post_key", "in", [...keys]);
  if (window) {
    ours = ours.where("published_at", ">=", window.start).where("published_at", "<", window.end);
    theirs = theirs.where("published_at", ">=", window.start).where("published_at", "<", window.end);
  }
  const [d, x] = await Promise.all([ours.orderBy("published_at").execute(), theirs.execute()]);
  return { delivered: d.map((r) => ({ key: r.post_id, at: r.published_at! })), imported: x.map((r) => ({ key: r.post_key, at: r.published_at })) };
}

/**
 * The straightforward computation for a few posts: numbers counted in the year only, the publish time in it (an
 * imported post's over a delivery's, the latest delivery's of several), followers as last measured before `to`.
 */
async function workedOut(ctx: ServiceContext, m: Membership, channels: readonly ChannelRecord[], keys: readonly Key[], w: Window) {
  if (!keys.length) return [];
  const posts: { channelId: string; postKey: string; values: Metrics }[] = [];
  const times = new Map<string, string>();
  for (const [channelId, list] of byChannel(keys)) {
    const [numbers, t] = await Promise.all([numbersOf(ctx.db, m.workspaceId, channelId, list, w), timesOf(ctx.db, m.workspaceId, channelId, list, w)]);
    for (const [postKey, p] of numbers) posts.push({ channelId, postKey, values: p.values });
    for (const d of [...t.delivered, ...t.imported]) times.set(`${channelId}|${d.key}`, d.at);
  }
  const needFollowers = [...new Set(posts.map((p) => p.channelId))].filter((id) => definitionOf(channels.find((c) => c.id === id)!).per === "followers");
  const followers = needFollowers.length ? await latestFollowers(ctx, m.workspaceId, needFollowers, w.to) : new Map<string, number>();
  return rate(posts, channels, followers).flatMap((p) => {
    const publishedAt = times.get(`${p.channelId}|${p.postKey}`);
    return publishedAt && p.rate !== null ? [{ publishedAt, rate: p.rate }] : [];
  });
}

/**
 * Numbers from more than a day before the date its publish time is written with (or a time without a date): such a
 * post may have numbers before a year it belongs to anywhere in it. Any other post with numbers before `from` went
 * out on or before `from` (its publish time sorts before the day after), at the year's very start.
 */
const earlyNumbers = (publishedAt: string, firstDay: string) => !/^\d{4}-\d{2}-\d{2}/.test(publishedAt) || firstDay < addDays(publishedAt.slice(0, 10), -1);

/** A rate kept in the summary: by the channel's definition, except "by followers" (it changes with the day asked for). */
const storedRate = (values: Metrics, c: ChannelRecord) => {
  const definition = definitionOf(c);
  return definition.per === "followers" ? null : engagementRate(values, definition);
};

/**
 * Runs `f` in a transaction of its own (or in the caller's) that no other summary write of the workspace runs beside:
 * SQLite runs one transaction at a time; on PostgreSQL several server processes may refresh the same workspace at
 * once, so each takes the workspace's advisory lock (held to the end of the transaction) — the sums are kept from the
 * rows each one removes and adds, which must not be another's at the same time.
 */
const transaction = <T>(db: DB, workspaceId: string, f: (db: DB) => Promise<T>): Promise<T> => {
  const locked = async (tx: DB) => {
    if (tx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(20022, hashtext(${workspaceId}))`.execute(tx);
    return f(tx);
  };
  return db.isTransaction ? locked(db) : db.transaction().execute(locked);
};

type Summarised = { kind: number; published_at: string | null; rate: number | null };

/** Changes to `best_time_sums` from summary rows taken away and added, written together (same transaction). */
class SlotChanges {
  private readonly bySlot = new Map<number, { posts: number; total: number }>();
  constructor(private readonly workspaceId: string) {}
  remove(rows: readonly Summarised[]): this {
    return this.count(rows, -1);
  }
  add(rows: readonly Summarised[]): this {
    return this.count(rows, 1);
  }
  private count(rows: readonly Summarised[], sign: 1 | -1): this {
    for (const r of rows) {
      if (r.kind !== 0 || r.rate === null || r.published_at === null) continue;
      const slot = slotOf(r.published_at);
      if (!Number.isFinite(slot)) continue;
      const s = this.bySlot.get(slot) ?? (this.bySlot.set(slot, { posts: 0, total: 0 }), this.bySlot.get(slot)!);
      s.posts += sign;
      s.total += sign * Number(r.rate);
    }
    return this;
  }
  async write(db: DB): Promise<void> {
    const rows = [...this.bySlot].filter(([, s]) => s.posts !== 0 || s.total !== 0).map(([slot, s]) => ({ workspace_id: this.workspaceId, slot, posts: s.posts, total: s.total }));
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      await db
        .insertInto("best_time_sums")
        .values(part)
        .onConflict((o) => o.columns(["workspace_id", "slot"]).doUpdateSet((e) => ({ posts: e("best_time_sums.posts", "+", e.ref("excluded.posts")), total: e("best_time_sums.total", "+", e.ref("excluded.total")) })))
        .execute();
      // A quarter hour left without posts goes (and with it what rounding left of its total).
      await db.deleteFrom("best_time_sums").where("workspace_id", "=", this.workspaceId).where("slot", "in", part.map((r) => r.slot)).where("posts", "<=", 0).execute();
    }
    this.bySlot.clear();
  }
}

/**
 * Brings the summary up to date: channels that are gone lose their rows, channels whose engagement definition changed
 * get their rates again, and the posts the triggers marked are summarised again from their rows (a chunk per
 * transaction; a mark is taken off before the post's rows are read, so a write meanwhile marks it again) — at most
 * `chunks` chunks of `size` posts. Returns how many marked posts are left (0: up to date).
 */
export async function refreshSummary(ctx: ServiceContext, workspaceId: string, channels: readonly ChannelRecord[], chunks = Infinity, size = CHUNK): Promise<number> {
  const byId = new Map(channels.map((c) => [c.id, c]));
  const stored = await ctx.db.selectFrom("best_time_channels").select(["channel_id", "definition"]).where("workspace_id", "=", workspaceId).execute();
  const known = new Map(stored.map((s) => [s.channel_id, s.definition]));
  for (const s of stored) {
    if (byId.has(s.channel_id)) continue;
    await transaction(ctx.db, workspaceId, async (db) => {
      const gone = await db.deleteFrom("best_time_posts").where("workspace_id", "=", workspaceId).where("channel_id", "=", s.channel_id).returning(["kind", "published_at", "rate"]).execute();
      await new SlotChanges(workspaceId).remove(gone).write(db);
      await db.deleteFrom("best_time_channels").where("workspace_id", "=", workspaceId).where("channel_id", "=", s.channel_id).execute();
    });
  }
  for (const c of channels) {
    const definition = JSON.stringify(definitionOf(c));
    if (known.get(c.id) === definition) continue;
    await transaction(ctx.db, workspaceId, async (db) => {
      const rows = known.has(c.id) ? await db.selectFrom("best_time_posts").select(["post_key", "numbers", "rate", "kind", "published_at"]).where("workspace_id", "=", workspaceId).where("channel_id", "=", c.id).execute() : [];
      const changes = new SlotChanges(workspaceId);
      for (const r of rows) {
        const next = storedRate(JSON.parse(r.numbers) as Metrics, c);
        if (next === r.rate) continue;
        await db.updateTable("best_time_posts").set({ rate: next }).where("workspace_id", "=", workspaceId).where("channel_id", "=", c.id).where("post_key", "=", r.post_key).execute();
        changes.remove([r]).add([{ ...r, rate: next }]);
      }
      await changes.write(db);
      await db
        .insertInto("best_time_channels")
        .values({ workspace_id: workspaceId, channel_id: c.id, definition })
        .onConflict((o) => o.columns(["workspace_id", "channel_id"]).doUpdateSet({ definition }))
        .execute();
    });
  }
  for (let done = 0; ; done++) {
    const left = ctx.db.selectFrom("best_time_dirty").where("workspace_id", "=", workspaceId);
    if (done >= chunks) return Number((await left.select((e) => e.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    // In the key's order: a chunk is one channel's posts or a few channels'.
    const marked = await left.select(["channel_id", "post_key"]).orderBy("channel_id").orderBy("post_key").limit(size).execute();
    if (!marked.length) return 0;
    await transaction(ctx.db, workspaceId, async (db) => {
      const changes = new SlotChanges(workspaceId);
      for (const [channelId, list] of byChannel(marked)) {
        const taken = (await db.deleteFrom("best_time_dirty").where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId).where("post_key", "in", list).returning("post_key").execute()).map((r) => r.post_key);
        if (!taken.length) continue;
        changes.remove(await db.deleteFrom("best_time_posts").where("workspace_id", "=", workspaceId).where("channel_id", "=", channelId).where("post_key", "in", taken).returning(["kind", "published_at", "rate"]).execute());
        const channel = byId.get(channelId);
        if (!channel) continue;
        const [numbers, t] = await Promise.all([numbersOf(db, workspaceId, channelId, taken), timesOf(db, workspaceId, channelId, taken)]);
        const times = new Map<string, string[]>();
        for (const d of [...t.delivered, ...t.imported]) times.get(d.key)?.push(d.at) ?? times.set(d.key, [d.at]);
        const rows = [...numbers].map(([postKey, p]) => {
          const at = times.get(postKey) ?? [];
          const single = at.length === 1 && Number.isFinite(Date.parse(at[0]!));
          return {
            workspace_id: workspaceId,
            channel_id: channelId,
            post_key: postKey,
            kind: single || !at.length ? 0 : 1,
            published_at: single ? at[0]! : null,
            early: single && earlyNumbers(at[0]!, p.first) ? 1 : 0,
            first_day: p.first,
            last_day: p.last,
            numbers: JSON.stringify(p.values),
            rate: storedRate(p.values, channel),
          };
        });
        // The rows were deleted just above, in this transaction, which no other summary write runs beside.
        for (let i = 0; i < rows.length; i += 500) await db.insertInto("best_time_posts").values(rows.slice(i, i + 500)).execute();
        changes.add(rows);
      }
      await changes.write(db);
    });
  }
}
