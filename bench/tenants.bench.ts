// npm run bench:tenants — many tenants on one instance, printed, not asserted: 2,000 workspaces with 10 members each
// and 1,000,000 posts in all. One of them is the busy benchmark workspace of bench:tracking (20 channels, 3 years
// of numbers, 50,190 posts — among them 30 drafts of its owner, 10 sent back with changes requested —, 5 goals, 10 members); the 1,999 others have 3 channels, 90 days × 3 metrics of numbers
// and ~475 posts each (400 published over the past year, 50 scheduled over the next four weeks, 15 drafts, 10 in
// review) with their history lines (post_events: scheduled; submitted and approved in the quarter that require
// approval; changes requested on some drafts). Two server instances run side by side: one with the busy workspace alone, one with every tenant, seeded
// straight into the database (SQLite: prepared statements in one transaction; PostgreSQL: multi-row INSERTs in one
// transaction, then ANALYZE), the other tenants' rows written among the busy workspace's. The busy workspace's owner
// then loads home and the dashboard (+ goal progress) on both, alternating request by request so that both see the
// same load on the machine; the aim is p95 on the crowded instance within 1.5× of the lone one.
//
// TENANTS=2000 MEMBERS=10 TOTAL_POSTS=1000000 RUNS=60; PostgreSQL with BENCH_DATABASE_URL; DIALECTS=sqlite,postgres
// (the default: sqlite, plus postgres when BENCH_DATABASE_URL is set) picks the databases. Build first.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { addBenchGoals, addDays, createBenchWorkspace, dashboardPage, deliveryRow, homePage, percentile, POST_COLUMNS, DELIVERY_COLUMNS, METRIC_COLUMNS, postRow, POSTS, SEED_SLICES, seedBenchNumbers } from "./bench-workspace.ts";
import { startBenchServer } from "./bench-server.ts";
import { benchDatabaseUrl, createBenchDatabase } from "./pg.ts";
import { pgSeeder, sqliteSeeder, type Seeder } from "./seed.ts";

const TENANTS = Number(process.env.TENANTS ?? 2000);
const MEMBERS = Number(process.env.MEMBERS ?? 10);
const TOTAL_POSTS = Number(process.env.TOTAL_POSTS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 60);
const BUSY_DRAFTS = 30;
const BUSY_POSTS = POSTS + 160 + BUSY_DRAFTS;
const OTHER_CHANNELS = 3;
const OTHER_DAYS = 90;
const OTHER_METRICS = ["followers", "reach", "likes"];
const WORKSPACE_COLUMNS = ["id", "name", "timezone", "currency", "locale", "week_start", "period_start", "period_months", "require_two_factor", "require_post_approval", "missed_post_minutes", "short_links", "review_cadence_days", "report_schedule", "report_recipients", "created_at", "updated_at"];
const USER_COLUMNS = ["id", "email", "name", "password_hash", "locale", "instance_admin", "created_at", "updated_at"];
const MEMBER_COLUMNS = ["id", "workspace_id", "user_id", "role", "created_at"];
const SESSION_COLUMNS = ["id", "token_hash", "user_id", "user_agent", "ip", "created_at", "last_seen_at", "expires_at"];
const ENTRY_COLUMNS = ["id", "workspace_id", "kind", "singleton", "parent_id", "position", "data", "version", "example", "created_at", "updated_at", "updated_by"];

type Dialect = "sqlite" | "postgres";

const EVENT_COLUMNS = ["id", "workspace_id", "post_id", "kind", "actor_id", "guest_name", "note", "created_at"];

/** Users, each with a session (as signed-in people have), and their memberships of `ws` (the first one the owner). Returns the users' ids. */
async function addMembers(seeder: Seeder, ws: string, count: number, label: string, at: string, firstIsOwner: boolean): Promise<string[]> {
  const users: unknown[][] = [];
  const members: unknown[][] = [];
  const sessions: unknown[][] = [];
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
  for (let m = 0; m < count; m++) {
    const id = randomUUID();
    users.push([id, `${label}-${m}@example.com`, `Member ${m} of ${label}`, "x", m % 2 ? "ko" : "en", 0, at, at]);
    members.push([randomUUID(), ws, id, m === 0 && firstIsOwner ? "owner" : m % 3 ? "editor" : "viewer", at]);
    sessions.push([randomUUID(), randomUUID().replaceAll("-", "") + randomUUID().replaceAll("-", ""), id, "bench", "127.0.0.1", at, at, expires]);
  }
  await seeder.insert("users", USER_COLUMNS, users);
  await seeder.insert("members", MEMBER_COLUMNS, members);
  await seeder.insert("sessions", SESSION_COLUMNS, sessions);
  return users.map((u) => u[0] as string);
}

/** One of the other tenants: its workspace, members, channels, numbers, posts and their deliveries. Returns its post count. */
async function addTenant(seeder: Seeder, index: number, posts: number, at: string) {
  const ws = randomUUID();
  const today = new Date().toISOString().slice(0, 10);
  await seeder.insert("workspaces", WORKSPACE_COLUMNS, [[ws, `Shop ${index}`, index % 2 ? "Asia/Seoul" : "Europe/Berlin", index % 2 ? "KRW" : "EUR", index % 2 ? "ko" : "en", 1, "2026-01", 12, 0, index % 4 === 0 ? 1 : 0, 60, 0, 30, "off", "[]", at, at]]);
  const people = await addMembers(seeder, ws, MEMBERS, `tenant${index}`, at, true);
  const approval = index % 4 === 0;
  const channels = Array.from({ length: OTHER_CHANNELS }, () => randomUUID());
  await seeder.insert(
    "strategy_entries",
    ENTRY_COLUMNS,
    channels.map((id, c) => [id, ws, "channel", null, null, c, JSON.stringify({ network: ["instagram", "facebook", "threads"][c], handle: `@shop${index}_${c}`, kpis: ["Followers", "Reach"] }), 1, 0, at, at, null]),
  );
  const numbers: unknown[][] = [];
  for (const [c, channel] of channels.entries())
    for (let d = 0; d < OTHER_DAYS; d++) for (const [k, metric] of OTHER_METRICS.entries()) numbers.push([ws, channel, addDays(today, d - OTHER_DAYS), metric, metric === "followers" ? 500 + d * (c + 1) : ((d * 7 + index) % 300) * (k + 1), "bench", at]);
  await seeder.insert("metrics", METRIC_COLUMNS, numbers);
  const postRows: unknown[][] = [];
  const deliveries: unknown[][] = [];
  // Each post's history, as the API writes it: scheduled (after submitted and approved where approval is required);
  // some drafts sent back with changes requested.
  const events: unknown[][] = [];
  const event = (postId: string, kind: string, when: string) => events.push([randomUUID(), ws, postId, kind, people[events.length % people.length], null, null, when]);
  const history = (postId: string, when: string) => {
    if (approval) {
      event(postId, "submitted", when);
      event(postId, "approved", when);
    }
    event(postId, "scheduled", when);
  };
  const published = Math.round(posts * 0.842);
  const scheduled = Math.round(posts * 0.105);
  const drafts = Math.round(posts * 0.032);
  for (let p = 0; p < posts; p++) {
    const id = randomUUID();
    const channel = channels[p % OTHER_CHANNELS]!;
    const hour = String(7 + ((p + index) % 12)).padStart(2, "0");
    if (p < published) {
      const when = `${addDays(today, -365 + Math.floor((p / published) * 364))}T${hour}:00:00.000Z`;
      postRows.push(postRow(id, ws, `Post ${p}`, `Text of post ${p} in shop ${index}`, channel, "published", when, when, when));
      deliveries.push(deliveryRow(ws, id, channel, when, "published", when, when, when));
      history(id, when);
    } else if (p < published + scheduled) {
      const when = `${addDays(today, Math.floor(((p - published) / scheduled) * 28))}T${hour}:00:00.000Z`;
      postRows.push(postRow(id, ws, `Planned ${p}`, `Text of post ${p} in shop ${index}`, channel, "scheduled", when, at, at));
      deliveries.push(deliveryRow(ws, id, channel, when, "scheduled", null, at, at));
      history(id, at);
    } else {
      const status = p < published + scheduled + drafts ? "draft" : "in_review";
      postRows.push(postRow(id, ws, `Idea ${p}`, `Text of post ${p} in shop ${index}`, channel, status, status === "draft" ? null : `${addDays(today, 3)}T${hour}:00:00.000Z`, at, at));
      event(id, "submitted", at);
      if (status === "draft" && p % 3 === 0) event(id, "changes_requested", at);
    }
  }
  await seeder.insert("posts", POST_COLUMNS, postRows);
  await seeder.insert("deliveries", DELIVERY_COLUMNS, deliveries);
  await seeder.insert("post_events", EVENT_COLUMNS, events);
}

async function openSeeder(dialect: Dialect, dataDir: string, url: string | undefined) {
  return dialect === "postgres" ? pgSeeder(url!) : sqliteSeeder(path.join(dataDir, "socialplan.db"));
}

/** A server with the busy workspace; with `crowded`, the other tenants around it. */
async function instance(dialect: Dialect, crowded: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `socialplan-bench-tenants-${dialect}-`));
  const database = dialect === "postgres" ? await createBenchDatabase(crowded ? "tenants" : "tenants_alone") : undefined;
  const s = await startBenchServer(dataDir, { env: { PUBLISHER: "off", ...(database ? { DATABASE_URL: database.url } : {}) } });
  const cleanup = async () => {
    s.server.kill("SIGTERM");
    if (s.server.exitCode === null) await new Promise((r) => s.server.once("exit", r));
    // KEEP=1 keeps the crowded instance's PostgreSQL database (for EXPLAIN ANALYZE); its name is printed.
    if (process.env.KEEP && crowded && database) return console.log(`kept ${database.url}`);
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const { ws, channels } = await createBenchWorkspace(s.call);
    await addBenchGoals(s.call, ws, channels);
    const t0 = performance.now();
    const seeder = await openSeeder(dialect, dataDir, database?.url);
    const at = new Date().toISOString();
    await addMembers(seeder, ws, MEMBERS - 1, "busy", at, false);
    // The owner's drafts, a third of them sent back with changes requested (home lists those).
    const me = (await s.call("GET", "/auth/me")) as { id: string };
    const drafts = Array.from({ length: BUSY_DRAFTS }, (_, i) => {
      const row = postRow(randomUUID(), ws, `Draft ${i}`, `Draft text ${i}`, channels[i % channels.length]!, "draft", null, at, at);
      row[POST_COLUMNS.indexOf("created_by")] = me.id;
      return row;
    });
    await seeder.insert("posts", POST_COLUMNS, drafts);
    await seeder.insert("post_events", EVENT_COLUMNS, drafts.filter((_, i) => i % 3 === 0).map((d) => [randomUUID(), ws, d[0], "changes_requested", me.id, null, "Shorter, please", at]));
    let tenant = 0;
    const others = crowded ? TENANTS - 1 : 0;
    const otherPosts = TOTAL_POSTS - BUSY_POSTS;
    // The remainder goes one post each to the first tenants, so that the posts add up to TOTAL_POSTS exactly.
    const postsOf = (i: number) => Math.floor(otherPosts / others) + (i < otherPosts % others ? 1 : 0);
    const upTo = async (end: number) => {
      for (; tenant < end; tenant++) await addTenant(seeder, tenant, postsOf(tenant), at);
    };
    await seedBenchNumbers(seeder, ws, channels, (slice) => upTo(Math.round(((slice + 1) / SEED_SLICES) * others)));
    await upTo(others);
    const counts = { workspaces: await seeder.count("workspaces"), members: await seeder.count("members"), posts: await seeder.count("posts"), events: await seeder.count("post_events"), metrics: (await seeder.count("metrics")) + (await seeder.count("metrics_per_post")) };
    await seeder.close();
    const seconds = (performance.now() - t0) / 1000;
    return { s, ws, counts, seconds, cleanup, dataDir, url: database?.url };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function run(dialect: Dialect) {
  const alone = await instance(dialect, false);
  let crowded: Awaited<ReturnType<typeof instance>> | undefined;
  try {
    crowded = await instance(dialect, true);
    const pages = {
      home: [homePage(alone.s.base, alone.ws, alone.s.headers), homePage(crowded.s.base, crowded.ws, crowded.s.headers)],
      dashboard: [dashboardPage(alone.s.base, alone.ws, alone.s.headers), dashboardPage(crowded.s.base, crowded.ws, crowded.s.headers)],
    } as const;
    const name = dialect === "postgres" ? "PostgreSQL" : "SQLite";
    const describe = (c: typeof alone.counts) => `${c.workspaces.toLocaleString("en")} workspaces, ${c.members.toLocaleString("en")} members, ${c.posts.toLocaleString("en")} posts (${c.events.toLocaleString("en")} history lines), ${c.metrics.toLocaleString("en")} numbers`;
    console.log(`\n${name}: lone instance ${describe(alone.counts)} (seeded in ${alone.seconds.toFixed(0)} s); crowded instance ${describe(crowded.counts)} (seeded in ${crowded.seconds.toFixed(0)} s)`);
    const measure = async (note: string) => {
      for (const [page, [a, b]] of Object.entries(pages)) {
        // A request or two may meet a keep-alive connection the server closed while the seeding ran: tried again.
        for (let i = 0; i < 5; i++) await Promise.all([a().catch(() => a()), b().catch(() => b())]);
        const times: [number[], number[]] = [[], []];
        // Alternating, one request at a time: both instances see the same load on the machine.
        for (let i = 0; i < RUNS; i++) {
          for (const [k, f] of [a, b].entries()) {
            const t = performance.now();
            await f();
            times[k]!.push(performance.now() - t);
          }
        }
        const [lone, many] = times.map((t) => ({ p50: percentile(t, 50), p95: percentile(t, 95) }));
        const label = page === "home" ? "home (GET /home)" : "dashboard (30 days) + goal progress";
        console.log(`  ${note}${label.padEnd(38)} alone p50 ${lone!.p50.toFixed(1)} ms, p95 ${lone!.p95.toFixed(1)} ms; among ${TENANTS.toLocaleString("en")} tenants p50 ${many!.p50.toFixed(1)} ms, p95 ${many!.p95.toFixed(1)} ms → p95 ${(many!.p95 / lone!.p95).toFixed(2)}× (aim ≤ 1.5×)`);
      }
    };
    await measure("");
    // WITHOUT_INDEXES=a,b: the same again with those indexes dropped on both instances (what an index is worth).
    const without = (process.env.WITHOUT_INDEXES ?? "").split(",").filter(Boolean);
    if (without.length) {
      for (const inst of [alone, crowded]) {
        const seeder = await openSeeder(dialect, inst.dataDir, inst.url);
        for (const index of without) await seeder.exec(`drop index if exists ${index}`);
        await seeder.close();
      }
      await measure(`without ${without.join(", ")}: `);
    }
  } finally {
    await crowded?.cleanup();
    await alone.cleanup();
  }
}

const dialects = (process.env.DIALECTS ?? (benchDatabaseUrl() ? "sqlite,postgres" : "sqlite")).split(",").map((d) => d.trim()) as Dialect[];
if (dialects.includes("postgres") && !benchDatabaseUrl()) throw new Error("DIALECTS names postgres: set BENCH_DATABASE_URL");
console.log(`Socialplan many-tenants benchmark — ${TENANTS.toLocaleString("en")} workspaces × ${MEMBERS} members, ${TOTAL_POSTS.toLocaleString("en")} posts, ${RUNS} runs per page, Node ${process.version}, ${os.cpus().length} cores`);
for (const d of dialects) await run(d);
