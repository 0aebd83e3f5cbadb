import type { Worker } from "node:worker_threads";
import { CompiledQuery } from "kysely";
import type { DB, Dialect } from "../../db/database.ts";
import { iso } from "../../lib/clock.ts";
import { startThread } from "../../lib/threads.ts";

export interface Cell {
  channelId: string;
  postKey: string;
  day: string;
  metric: string;
  value: number;
}
export interface PostInfo {
  channelId: string;
  postKey: string;
  publishedAt: string;
  permalink: string;
  caption: string;
  postType: string;
}

/**
 * Where an import's numbers go while the file is read. The reader hands over every good number and pauses the file
 * while `backlog()` is waiting, so memory stays flat whatever the size; `finish()` writes the rest and tells how many
 * numbers were saved.
 */
export interface MetricWriter {
  add(c: Cell): void;
  /**
   * A row's numbers at once: `values[i]` of `metrics[i]` for i < n, all of one channel, post (or "") and day — the
   * import's common case, without an object per number.
   */
  addRow(channelId: string, postKey: string, day: string, metrics: readonly string[], values: ArrayLike<number>, n: number): void;
  post(p: PostInfo): void;
  backlog(): Promise<void> | null;
  finish(): Promise<number>;
  /** Gives up (the upload failed): numbers not yet written are dropped; whole parts already written stay. */
  abort(): void;
}

export interface WriterTarget {
  db: DB;
  dialect: Dialect;
  /** The embedded database's file, for the writer thread's own connection (SQLite). */
  file: string | null;
  workspaceId: string;
  source: string;
  now: Date;
}

/** The writer for an import; `countOnly` (a dry run, or a file with no numbers for `metrics`) writes nothing. */
export function createWriter(t: WriterTarget, countOnly: boolean): MetricWriter {
  if (countOnly) return new CountingWriter();
  return t.dialect === "sqlite" && t.file ? new ThreadWriter(t, t.file) : new BatchWriter(t);
}

/** A dry run (or nothing to write): counts what would be written. */
class CountingWriter implements MetricWriter {
  private n = 0;
  add() {
    this.n += 1;
  }
  addRow(_c: string, _p: string, _d: string, _m: readonly string[], _v: ArrayLike<number>, n: number) {
    this.n += n;
  }
  post() {}
  backlog() {
    return null;
  }
  async finish() {
    return this.n;
  }
  abort() {}
}

/** Rows per upsert: 8 parameters each stays well under PostgreSQL's 65,535. */
const BATCH = 2000;
const BATCHES_PER_COMMIT = 10;

/**
 * PostgreSQL: multi-row upserts, ten to a transaction, written while the file goes on being read (the database
 * works in its own process). Each batch holds a key once (PostgreSQL refuses to update a row twice in one
 * statement): the later number wins, as it does when the same file is imported again.
 */
class BatchWriter implements MetricWriter {
  /** The batches being filled: channels' own numbers, posts' numbers (each batch goes to one table). */
  private readonly own = new Map<string, Cell>();
  private readonly perPost = new Map<string, Cell>();
  private posts = new Map<string, PostInfo>();
  private pending: Cell[][] = [];
  private writing: Promise<void> | null = null;
  private failed: unknown = null;
  private written = 0;
  private readonly sqlText = new Map<string, string>();
  constructor(private readonly t: WriterTarget) {}

  addRow(channelId: string, postKey: string, day: string, metrics: readonly string[], values: ArrayLike<number>, n: number) {
    for (let i = 0; i < n; i++) this.add({ channelId, postKey, day, metric: metrics[i]!, value: values[i]! });
  }
  add(c: Cell) {
    const batch = c.postKey ? this.perPost : this.own;
    batch.set(`${c.channelId}|${c.postKey}|${c.day}|${c.metric}`, c);
    if (batch.size < BATCH) return;
    this.pending.push([...batch.values()]);
    batch.clear();
    if (this.pending.length >= BATCHES_PER_COMMIT && !this.writing) this.startWrite();
  }
  post(p: PostInfo) {
    this.posts.set(`${p.channelId}|${p.postKey}`, p);
  }
  backlog() {
    if (this.failed) return Promise.reject(this.failed);
    return this.pending.length >= BATCHES_PER_COMMIT ? (this.writing ?? null) : null;
  }
  async finish() {
    while (this.writing) await this.writing;
    if (this.failed) throw this.failed;
    for (const batch of [this.own, this.perPost]) {
      if (batch.size) this.pending.push([...batch.values()]);
      batch.clear();
    }
    await this.write();
    return this.written;
  }
  abort() {
    this.pending = [];
    this.own.clear();
    this.perPost.clear();
    this.posts.clear();
  }

  private startWrite() {
    this.writing = this.write()
      .catch((e: unknown) => void (this.failed = e))
      .finally(() => {
        this.writing = null;
        if (this.pending.length >= BATCHES_PER_COMMIT && !this.failed) this.startWrite();
      });
  }

  /**
   * One statement per table and batch size, its SQL text built once: building a query object per number costs more
   * than writing it. A channel's own numbers go to `metrics`, posts' numbers to `metrics_per_post`.
   */
  private upsertSql(perPost: boolean, rows: number): string {
    const id = `${perPost ? "metrics_per_post" : "metrics"}:${rows}`;
    let text = this.sqlText.get(id);
    if (!text) {
      let n = 0;
      const width = perPost ? 8 : 7;
      const p = () => (this.t.dialect === "postgres" ? `$${++n}` : "?");
      const tuples = Array.from({ length: rows }, () => `(${Array.from({ length: width }, p).join(", ")})`).join(", ");
      const set = "do update set value = excluded.value, source = excluded.source, updated_at = excluded.updated_at";
      text = perPost
        ? `insert into metrics_per_post (workspace_id, channel_id, post_key, day, metric, value, source, updated_at) values ${tuples} on conflict (workspace_id, day, channel_id, metric, post_key) ${set}`
        : `insert into metrics (workspace_id, channel_id, day, metric, value, source, updated_at) values ${tuples} on conflict (workspace_id, metric, channel_id, day) ${set}`;
      this.sqlText.set(id, text);
    }
    return text;
  }

  private async write(): Promise<void> {
    const statements = this.pending.splice(0, BATCHES_PER_COMMIT);
    const posts = [...this.posts.values()];
    this.posts.clear();
    if (!statements.length && !posts.length) return;
    const at = iso(this.t.now);
    await this.t.db.transaction().execute(async (trx) => {
      for (const cells of statements) {
        const perPost = cells[0]!.postKey !== "";
        const params: unknown[] = [];
        for (const c of cells) {
          if (perPost) params.push(this.t.workspaceId, c.channelId, c.postKey, c.day, c.metric, c.value, this.t.source, at);
          else params.push(this.t.workspaceId, c.channelId, c.day, c.metric, c.value, this.t.source, at);
        }
        await trx.executeQuery(CompiledQuery.raw(this.upsertSql(perPost, cells.length), params));
      }
      if (posts.length) {
        await trx
          .insertInto("metric_posts")
          .values(posts.map((p) => ({ workspace_id: this.t.workspaceId, channel_id: p.channelId, post_key: p.postKey, published_at: p.publishedAt, permalink: p.permalink, caption: p.caption, post_type: p.postType, source: this.t.source })))
          .onConflict((oc) =>
            oc.columns(["workspace_id", "channel_id", "post_key"]).doUpdateSet((eb) => ({ published_at: eb.ref("excluded.published_at"), permalink: eb.ref("excluded.permalink"), caption: eb.ref("excluded.caption"), post_type: eb.ref("excluded.post_type") })),
          )
          .execute();
      }
    });
    this.written += statements.reduce((n, b) => n + b.length, 0);
    if (this.pending.length) await this.write();
  }
}

/** What the writer thread is started with, and what goes back and forth. */
export interface WriterSetup {
  file: string;
  workspaceId: string;
  source: string;
  at: string;
  /** Numbers staged before they are merged into the table in one transaction. */
  mergeRows: number;
}
export interface WriterMessage {
  /**
   * channel, post key, day, metric (each its place in the import's list of those names), value; repeated `count`
   * times (the array is handed over to the thread, not copied, and may be longer).
   */
  cells: Float64Array;
  count: number;
  /** Names first used in this message, in the order they were numbered. */
  keys: Record<"channel" | "post" | "day" | "metric", string[]>;
  posts: PostInfo[];
  end?: boolean;
  abort?: boolean;
}
export interface WriterReply {
  written: number;
  dropped: number;
  error?: string;
}

/** Numbers per message to the writer thread; at most two messages are on their way at once. */
const PART = 20_000;
const MERGE_ROWS = 100_000;

/** The writer thread (metric-writer.worker.ts; `metric-writer.js` in the build). */
const startWriterThread = (setup: WriterSetup): Worker => startThread(import.meta.url, "metric-writer", "./metric-writer.worker.ts", setup);

/**
 * SQLite: the numbers are written by a thread of their own (metric-writer.worker.ts) on its own connection, while
 * this thread goes on reading the file.
 */
class ThreadWriter implements MetricWriter {
  private readonly worker: Worker;
  /** The part being filled (handed over to the thread when full: one allocation per 20,000 numbers, no copy). */
  private cells = new Float64Array(PART * 5);
  private count = 0;
  private posts: PostInfo[] = [];
  private readonly numbered = { channel: new Map<string, number>(), post: new Map<string, number>(), day: new Map<string, number>(), metric: new Map<string, number>() };
  private fresh: WriterMessage["keys"] = { channel: [], post: [], day: [], metric: [] };
  private readonly replies: { resolve: (r: WriterReply) => void; reject: (e: Error) => void }[] = [];
  private readonly inFlight: Promise<WriterReply>[] = [];
  private closed = false;

  constructor(t: WriterTarget, file: string) {
    this.worker = startWriterThread({ file, workspaceId: t.workspaceId, source: t.source, at: iso(t.now), mergeRows: MERGE_ROWS });
    this.worker.on("message", (r: WriterReply) => {
      const waiting = this.replies.shift();
      if (r.error) waiting?.reject(new Error(r.error));
      else waiting?.resolve(r);
    });
    const failAll = (e: Error) => {
      this.closed = true;
      for (const w of this.replies.splice(0)) w.reject(e);
    };
    this.worker.on("error", failAll);
    this.worker.on("exit", () => failAll(new Error("the metrics writer stopped")));
  }

  add(c: Cell) {
    this.put(this.number("channel", c.channelId), this.number("post", c.postKey), this.number("day", c.day), this.number("metric", c.metric), c.value);
  }
  addRow(channelId: string, postKey: string, day: string, metrics: readonly string[], values: ArrayLike<number>, n: number) {
    // A row's numbers share its channel, post and day: each is looked up once per row.
    const c = this.number("channel", channelId);
    const p = this.number("post", postKey);
    const d = this.number("day", day);
    for (let i = 0; i < n; i++) this.put(c, p, d, this.number("metric", metrics[i]!), values[i]!);
  }
  private put(c: number, p: number, d: number, m: number, value: number) {
    const cells = this.cells;
    let at = this.count * 5;
    cells[at++] = c;
    cells[at++] = p;
    cells[at++] = d;
    cells[at++] = m;
    cells[at] = value;
    if (++this.count === PART) this.send({});
  }
  private readonly last = { channel: ["", -1], post: ["", -1], day: ["", -1], metric: ["", -1] } as Record<keyof WriterMessage["keys"], [string, number]>;
  private number(kind: keyof WriterMessage["keys"], name: string): number {
    // The same channel, post and day come row after row: the last name looked up is asked again most of the time.
    const last = this.last[kind];
    if (last[0] === name && last[1] >= 0) return last[1];
    const known = this.numbered[kind];
    let n = known.get(name);
    if (n === undefined) {
      known.set(name, (n = known.size));
      this.fresh[kind].push(name);
    }
    last[0] = name;
    last[1] = n;
    return n;
  }
  post(p: PostInfo) {
    this.posts.push(p);
  }
  backlog(): Promise<void> | null {
    return this.inFlight.length >= 2 ? this.inFlight.shift()!.then(() => undefined) : null;
  }
  async finish(): Promise<number> {
    this.send({ end: true });
    const replies = await Promise.all(this.inFlight.splice(0));
    return replies.at(-1)!.written;
  }
  abort() {
    if (this.closed) return;
    this.count = 0;
    this.posts = [];
    // The thread stops after the part it is writing: its connection closes cleanly, never in the middle of a commit.
    this.send({ abort: true });
    for (const p of this.inFlight.splice(0)) p.catch(() => undefined);
  }

  private send(extra: Pick<WriterMessage, "end" | "abort">) {
    if (this.closed) throw new Error("the metrics writer stopped");
    const reply = new Promise<WriterReply>((resolve, reject) => this.replies.push({ resolve, reject }));
    // Awaited later (backlog, finish); a failure meanwhile must not count as unhandled.
    reply.catch(() => undefined);
    const cells = this.cells;
    this.worker.postMessage({ cells, count: this.count, keys: this.fresh, posts: this.posts, ...extra } satisfies WriterMessage, [cells.buffer]);
    this.fresh = { channel: [], post: [], day: [], metric: [] };
    this.cells = new Float64Array(PART * 5);
    this.count = 0;
    this.posts = [];
    this.inFlight.push(reply);
    if (extra.end || extra.abort) this.closed = true;
  }
}
