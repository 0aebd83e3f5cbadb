// npm run bench:tracking — the figures named in the tracking issue, printed, not asserted:
// 1. dashboard + goal progress for 20 channels × 3 years of daily numbers × 12 metrics (262,800 rows) and 50,000
//    published posts (with 3 numbers each), against hand-written SQL computing the same numbers in the same run;
//    and the home screen (one request) on the same workspace;
// 2. a CSV import of 1,000,000 metric rows (100,000 lines × 10 metrics) streamed into SQLite, with the server's memory
//    sampled while it runs.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { startBenchServer } from "./bench-server.ts";

const CHANNELS = 20;
const DAYS = 3 * 365;
const METRICS = ["followers", "reach", "impressions", "views", "likes", "comments", "shares", "saves", "link_clicks", "profile_visits", "sessions", "orders"];
const POSTS = 50_000;
const LAST_DAY = "2026-11-26";

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

async function startServer(dataDir: string, nodeArgs: string[] = []) {
  const { server, base, call, headers } = await startBenchServer(dataDir, { env: { PUBLISHER: "off" }, nodeArgs });
  const ws = await call("POST", "/workspaces", { name: "Bench", periodStart: "2024-01", periodMonths: 36, timezone: "Europe/Berlin" });
  const channels: string[] = [];
  for (let i = 0; i < CHANNELS; i++) channels.push((await call("POST", `/workspaces/${ws.id}/strategy/collections/channel`, { data: { network: i % 2 ? "instagram" : "facebook", handle: `@account${i}`, kpis: ["Followers", "Reach", "Likes"] } })).id);
  return { server, base, ws: ws.id as string, channels, call, headers };
}

async function dashboardBench() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-bench-tracking-"));
  const s = await startServer(dataDir, (process.env.SERVER_ARGS ?? "").split(" ").filter(Boolean));
  try {
    for (let g = 0; g < 5; g++) {
      await s.call("POST", `/workspaces/${s.ws}/strategy/collections/goal`, {
        data: { title: `Goal ${g}`, measurable: { metric: g % 2 ? "Reach" : "Followers", channels: s.channels.slice(g * 4, g * 4 + 4), baseline: 1000, target: 100_000 }, timebound: { start: "2024-01-01", deadline: "2026-12-31" } },
      });
    }
    // The numbers go straight into the server's SQLite file (WAL: another process may write while it runs).
    const db = new Database(path.join(dataDir, "socialplan.db"));
    db.pragma("journal_mode = WAL");
    const first = addDays(LAST_DAY, -(DAYS - 1));
    const at = new Date().toISOString();
    const t0 = performance.now();
    const insertMetric = db.prepare("insert into metrics (workspace_id, channel_id, day, metric, value, source, updated_at) values (?, ?, ?, ?, ?, 'bench', ?)");
    // Posts' numbers in their own table; its triggers keep each channel-day's post sum in `metrics`.
    const insertPostMetric = db.prepare("insert into metrics_per_post (workspace_id, channel_id, post_key, day, metric, value, source, updated_at) values (?, ?, ?, ?, ?, ?, 'bench', ?)");
    db.transaction(() => {
      for (const [c, channel] of s.channels.entries()) {
        for (let d = 0; d < DAYS; d++) {
          const day = addDays(first, d);
          for (const [k, metric] of METRICS.entries()) insertMetric.run(s.ws, channel, day, metric, metric === "followers" ? 1000 + d * (c + 1) : (d % 97) * (k + 1) + c, at);
        }
      }
    })();
    const insertPost = db.prepare("insert into posts (id, workspace_id, title, body, variants, media, link, utm, pillar, campaign, goal_id, initiative_id, status, scheduled_at, recurrence, assignee_member_id, card_id, approved_by, approved_at, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, '[]', null, '{}', null, null, null, null, 'published', ?, null, null, null, null, null, null, ?, ?)");
    const insertDelivery = db.prepare("insert into deliveries (id, workspace_id, post_id, channel_id, due_at, status, attempts, next_attempt_at, lease_until, worker, remote_id, permalink, error_code, error_message, published_at, confirmed_by, created_at, updated_at) values (?, ?, ?, ?, ?, 'published', 1, null, null, null, null, null, null, null, ?, null, ?, ?)");
    db.transaction(() => {
      for (let p = 0; p < POSTS; p++) {
        const id = randomUUID();
        const channel = s.channels[p % CHANNELS]!;
        const day = addDays(first, Math.floor((p / POSTS) * DAYS));
        const when = `${day}T${String(6 + (p % 15)).padStart(2, "0")}:00:00.000Z`;
        insertPost.run(id, s.ws, `Post ${p}`, `Text of post ${p}`, JSON.stringify([{ channelId: channel, text: null }]), when, when, when);
        insertDelivery.run(randomUUID(), s.ws, id, channel, when, when, when, when);
        for (const [k, metric] of ["reach", "likes", "comments"].entries()) insertPostMetric.run(s.ws, channel, id, day, metric, 100 + ((p * 7 + k) % 900), at);
      }
    })();
    // This week on the home screen: 20 posts a day across the channels (scheduled, some waiting to be confirmed by
    // hand), and 20 posts waiting for review.
    const monday = addDays(new Date().toISOString().slice(0, 10), -((new Date().getUTCDay() + 6) % 7));
    const insertWeekPost = db.prepare("insert into posts (id, workspace_id, title, body, variants, media, link, utm, pillar, campaign, goal_id, initiative_id, status, scheduled_at, recurrence, assignee_member_id, card_id, approved_by, approved_at, created_by, created_at, updated_at) values (?, ?, ?, ?, ?, '[]', null, '{}', null, null, null, null, ?, ?, null, null, null, null, null, null, ?, ?)");
    const insertWeekDelivery = db.prepare("insert into deliveries (id, workspace_id, post_id, channel_id, due_at, status, attempts, next_attempt_at, lease_until, worker, remote_id, permalink, error_code, error_message, published_at, confirmed_by, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 0, null, null, null, null, null, null, null, null, null, ?, ?)");
    db.transaction(() => {
      for (let p = 0; p < 160; p++) {
        const id = randomUUID();
        const channel = s.channels[p % CHANNELS]!;
        const when = `${addDays(monday, p % 7)}T${String(6 + (p % 12)).padStart(2, "0")}:00:00.000Z`;
        const review = p >= 140;
        insertWeekPost.run(id, s.ws, `This week ${p}`, `Text ${p}`, JSON.stringify([{ channelId: channel, text: null }]), review ? "in_review" : "scheduled", when, at, at);
        if (!review) insertWeekDelivery.run(randomUUID(), s.ws, id, channel, when, p % 10 === 0 ? "awaiting_confirmation" : "scheduled", at, at);
      }
    })();
    db.pragma("wal_checkpoint(TRUNCATE)");
    const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    console.log(`seeded ${count("metrics").toLocaleString("en")} channel-day rows (${(CHANNELS * DAYS * METRICS.length).toLocaleString("en")} numbers, their days' post sums beside them) + ${count("metrics_per_post").toLocaleString("en")} per-post numbers and ${POSTS.toLocaleString("en")} published posts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const from = addDays(LAST_DAY, -29);
    const url = `/api/workspaces/${s.ws}/dashboard?from=${from}&to=${LAST_DAY}`;
    const page = async () => {
      const a = await fetch(`${s.base}${url}`, { headers: s.headers() });
      const b = await fetch(`${s.base}/api/workspaces/${s.ws}/goals/progress`, { headers: s.headers() });
      if (!a.ok || !b.ok) throw new Error(`${a.status} ${b.status}`);
      await a.arrayBuffer();
      await b.arrayBuffer();
    };

    // The same numbers by hand: the period's daily values, the period before as totals (flows summed, followers by
    // day), published counts, the period's per-post numbers and the ten posts' texts, and each goal's daily series.
    const previousFrom = addDays(from, -30);
    const previousTo = addDays(from, -1);
    // Like the app, it names the metrics and channels (each a range of the table's order) and takes a channel's own
    // number for a day, else its posts' numbers that day (both on the channel-day's row).
    const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");
    const where = (metrics: readonly string[], channels: readonly string[], range: string) => `where workspace_id = @ws and metric in (${list(metrics)}) and channel_id in (${list(channels)}) and ${range}`;
    const daily = (metrics: readonly string[], channels: readonly string[], range: string) => `select channel_id, day, metric, coalesce(value, posts) as value from metrics ${where(metrics, channels, range)}`;
    const dailyQ = db.prepare(daily(METRICS, s.channels, "day >= @from and day <= @to"));
    const previousQ = db.prepare(`select channel_id, metric, sum(coalesce(value, posts)) as total from metrics ${where(METRICS.filter((m) => m !== "followers"), s.channels, "day >= @from and day <= @to")} group by metric, channel_id`);
    const followersQ = db.prepare(daily(["followers"], s.channels, "day >= @from and day <= @to"));
    const goalQ = [0, 1, 2, 3, 4].map((g) =>
      db.prepare(`select day, sum(coalesce(value, posts)) as value from metrics ${where([g % 2 ? "reach" : "followers"], s.channels.slice(g * 4, g * 4 + 4), g % 2 ? "day >= '2024-01-01' and day <= @to" : "day <= @to")} group by day order by day`),
    );
    const published = db.prepare("select channel_id, count(*) as n from deliveries where workspace_id = ? and status = 'published' and published_at >= ? and published_at < ? group by channel_id");
    const perPost = db.prepare("select channel_id, post_key, metric, value from metrics_per_post where workspace_id = ? and day >= ? and day <= ?");
    // By id (the primary key), the workspace checked on the rows, as the app does.
    const textsById = db.prepare("select id, workspace_id, title, body from posts where id in (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const texts = { all: (ws: string, ...ids: string[]) => (textsById.all(...ids) as { workspace_id: string }[]).filter((p) => p.workspace_id === ws) };
    // The ten best posts by (likes + comments) / reach, then their texts by id.
    const topTen = (rows: { post_key: string; metric: string; value: number }[]) => {
      const by = new Map<string, Record<string, number>>();
      for (const r of rows) {
        const v = by.get(r.post_key) ?? (by.set(r.post_key, {}), by.get(r.post_key)!);
        v[r.metric] = (v[r.metric] ?? 0) + r.value;
      }
      const ids = [...by].map(([id, v]) => [id, ((v.likes ?? 0) + (v.comments ?? 0)) / (v.reach || 1)] as const).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([id]) => id);
      return [...ids, ...Array(10 - ids.length).fill("")];
    };
    const hand = () => {
      dailyQ.all({ ws: s.ws, from, to: LAST_DAY });
      previousQ.all({ ws: s.ws, from: previousFrom, to: previousTo });
      followersQ.all({ ws: s.ws, from: previousFrom, to: previousTo });
      published.all(s.ws, `${from}T00:00:00Z`, `${addDays(LAST_DAY, 1)}T00:00:00Z`);
      texts.all(s.ws, ...topTen(perPost.all(s.ws, from, LAST_DAY) as never));
      for (const q of goalQ) q.all({ ws: s.ws, to: LAST_DAY });
    };
    const bestUrl = `/api/workspaces/${s.ws}/best-times?to=${LAST_DAY}`;

    for (let i = 0; i < 5; i++) {
      await page();
      hand();
    }
    if (process.env.PARTS) {
      const time = (name: string, f: () => unknown) => {
        const t = performance.now();
        for (let i = 0; i < 30; i++) f();
        console.log(name, ((performance.now() - t) / 30).toFixed(1), "ms");
      };
      time("daily", () => dailyQ.all({ ws: s.ws, from, to: LAST_DAY }));
      time("previous", () => (previousQ.all({ ws: s.ws, from: previousFrom, to: previousTo }), followersQ.all({ ws: s.ws, from: previousFrom, to: previousTo })));
      time("published", () => published.all(s.ws, `${from}T00:00:00Z`, `${addDays(LAST_DAY, 1)}T00:00:00Z`));
      time("perPost + texts", () => texts.all(s.ws, ...topTen(perPost.all(s.ws, from, LAST_DAY) as never)));
      time("goals", () => goalQ.forEach((q) => q.all({ ws: s.ws, to: LAST_DAY })));
    }
    const app: number[] = [];
    const sql: number[] = [];
    // One after the other, not interleaved: each side gets the two cores to itself while it is measured.
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      await page();
      app.push(performance.now() - t);
    }
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      hand();
      sql.push(performance.now() - t);
    }
    db.close();
    const a50 = percentile(app, 50);
    const s50 = percentile(sql, 50);
    console.log(`dashboard (30 days) + goal progress, over HTTP: p50 ${a50.toFixed(1)} ms, p95 ${percentile(app, 95).toFixed(1)} ms (aim ≤ 150 ms)`);
    const best: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await (await fetch(`${s.base}${bestUrl}`, { headers: s.headers() })).arrayBuffer();
      best.push(performance.now() - t);
    }
    console.log(`best time to post (its own request: a year of posts, ~16,700 with numbers), over HTTP: p50 ${percentile(best, 50).toFixed(1)} ms`);
    console.log(`hand-written SQL of the same numbers (in-process, no HTTP): p50 ${s50.toFixed(1)} ms → app is ${(a50 / s50).toFixed(2)}× (aim ≤ 2×)`);
    // The home screen: one request with the goals' progress and forecast, this week's 160 posts, what waits, the budget.
    const homes: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      const res = await fetch(`${s.base}/api/workspaces/${s.ws}/home`, { headers: s.headers() });
      if (!res.ok) throw new Error(`home: ${res.status}`);
      await res.arrayBuffer();
      homes.push(performance.now() - t);
    }
    console.log(`home screen (GET /home: 5 goals over 3 years of numbers, 50,000 posts, this week's 160), over HTTP: p50 ${percentile(homes, 50).toFixed(1)} ms, p95 ${percentile(homes, 95).toFixed(1)} ms (aim ≤ 150 ms)`);
  } finally {
    s.server.kill("SIGTERM");
    if (process.env.KEEP) console.log(`kept ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The server runs with a small old-space limit: an import that held the file (or its rows) in memory would fail. */
const HEAP_MB = 96;

async function importBench(lines: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-bench-import-"));
  const s = await startServer(dataDir, [`--max-old-space-size=${HEAP_MB}`, ...(process.env.SERVER_ARGS ?? "").split(" ").filter(Boolean)]);
  const file = path.join(dataDir, "numbers.csv");
  const metrics = METRICS.slice(0, 10);
  try {
    const out = fs.createWriteStream(file);
    out.write(`Date,Channel,${metrics.join(",")}\n`);
    const perChannel = Math.ceil(lines / CHANNELS);
    for (let i = 0; i < lines; i++) {
      const day = addDays("1990-01-01", Math.floor(i / CHANNELS) % perChannel);
      const row = `${day},@account${i % CHANNELS},${metrics.map((_, k) => (i * 7 + k) % 10_000).join(",")}\n`;
      if (!out.write(row)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    const size = fs.statSync(file).size;
    const mapping = encodeURIComponent(JSON.stringify({ date: "Date", channel: "Channel", metrics: Object.fromEntries(metrics.map((m) => [m, m])) }));
    const startRss = rssOf(s.server.pid!);
    let peak = startRss;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(s.server.pid!))), 50);
    const t0 = performance.now();
    const res = await fetch(`${s.base}/api/workspaces/${s.ws}/metrics/import?preset=generic&dateFormat=YYYY-MM-DD&dryRun=${process.env.DRY ? "true" : "false"}&mapping=${mapping}`, {
      method: "POST",
      headers: { ...s.headers("text/csv"), "content-length": String(size) },
      body: fs.createReadStream(file) as never,
      duplex: "half",
    } as RequestInit);
    const result = (await res.json()) as { rows: number; cells: number; errorCount: number };
    const ms = performance.now() - t0;
    clearInterval(sampler);
    if (!res.ok || result.errorCount) throw new Error(JSON.stringify(result).slice(0, 500));
    console.log(
      `CSV import, ${lines.toLocaleString("en")} lines × ${metrics.length} metrics = ${result.cells.toLocaleString("en")} metric rows (${(size / 1e6).toFixed(0)} MB) in ${(ms / 1000).toFixed(2)} s: ` +
        `${Math.round(result.cells / (ms / 1000)).toLocaleString("en")} metric rows/s (aim ≥ 100,000); server RSS ${startRss.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB (+${(peak - startRss).toFixed(0)} MB; V8 old space capped at ${HEAP_MB} MB)`,
    );
  } finally {
    s.server.kill("SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.ONLY !== "import") await dashboardBench();
if (process.env.ONLY === "dashboard") process.exit(0);
// Two sizes: memory that stays flat does not grow with the file.
await importBench(20_000);
await importBench(100_000);
