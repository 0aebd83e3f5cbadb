import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { WriterMessage, WriterReply, WriterSetup } from "./metric-writer.ts";

/**
 * Writes an import's numbers into SQLite on its own thread and connection, while the request's thread reads the
 * file: the two run side by side, and the server's event loop never waits on a large import.
 *
 * Numbers are staged in a temporary table (memory, no index, no lock on the database) and merged into `metrics` and
 * `metrics_per_post` in each table's own order, a large part at a time: sorted inserts touch each page of a table
 * once per merge instead of once per number. Every merge is one short write transaction (BEGIN IMMEDIATE), so
 * another writer waits at most that long; a file cut off half way leaves whole merges that the same file, imported
 * again, replaces.
 *
 * Foreign keys are checked once per merge, inside its transaction, instead of once per number: rows of a channel
 * deleted while the file was being read are dropped there (the lookups per row cost a fifth of the write time).
 */
const setup = workerData as WriterSetup;
const port = parentPort!;
const db = new Database(setup.file);
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");
db.pragma("temp_store = MEMORY");
db.pragma("foreign_keys = OFF");
// Numbers arrive as numbers: channel, post, day and metric by their place in the import's lists of names (binding
// four strings per number cost more than writing it); the names are joined back in at the merge. A day is staged as
// its own number (days since 1970-01-01), so that sorting by numbers sorts the days too.
const KINDS = ["channel", "post", "day", "metric"] as const;
for (const k of KINDS) db.exec(`create temp table key_${k} (n integer primary key, v text not null)`);
db.exec("create temp table metric_stage (c integer not null, p integer not null, d integer not null, m integer not null, value real not null)");

const STAGE_ROWS = 2000;
const stageMany = db.prepare(`insert into temp.metric_stage values ${Array.from({ length: STAGE_ROWS }, () => "(?, ?, ?, ?, ?)").join(", ")}`);
const stageOne = db.prepare("insert into temp.metric_stage values (?, ?, ?, ?, ?)");
const manyParams: number[] = new Array<number>(STAGE_ROWS * 5).fill(0);
const addKey = Object.fromEntries(KINDS.map((k) => [k, db.prepare(`insert into temp.key_${k} (n, v) values (?, ?)`)])) as Record<(typeof KINDS)[number], Database.Statement>;
const keyCount = { channel: 0, post: 0, day: 0, metric: 0 };
/** Each day's number, by its place in the import's list of days. */
const dayNumbers: number[] = [];
const dayNumber = (day: string) => {
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  // Only calendar days come (the reader checks them); anything else still gets a number of its own, after every day.
  return ymd ? Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3])) / 86_400_000 : 1e9 + dayNumbers.length;
};
const dropGone = db.prepare("delete from temp.metric_stage where c in (select n from temp.key_channel where v not in (select id from strategy_entries where workspace_id = ? and kind = 'channel'))");
// The same key twice in a file: the later row wins (staged later, merged later). A channel's own numbers go to
// `metrics` (keeping the day's post sum), posts' numbers to `metrics_per_post`, each in its table's order.
const mergeOwn = db.prepare(
  "insert into metrics (workspace_id, channel_id, day, metric, value, source, updated_at) " +
    "select ?, c.v, d.v, m.v, s.value, ?, ? from temp.metric_stage s " +
    "join temp.key_channel c on c.n = s.c join temp.key_day d on d.n = s.d join temp.key_metric m on m.n = s.m " +
    // By numbers, not names: a channel's and metric's numbers are each one contiguous run of the table all the same,
    // and a day's number is the day itself (days since 1970), so each run is written in order.
    "where s.p = ? order by s.m, s.c, s.d, s.rowid " +
    "on conflict (workspace_id, metric, channel_id, day) do update set value = excluded.value, source = excluded.source, updated_at = excluded.updated_at",
);
const mergePerPost = db.prepare(
  "insert into metrics_per_post (workspace_id, channel_id, post_key, day, metric, value, source, updated_at) " +
    "select ?, c.v, p.v, d.v, m.v, s.value, ?, ? from temp.metric_stage s " +
    "join temp.key_channel c on c.n = s.c join temp.key_post p on p.n = s.p join temp.key_day d on d.n = s.d join temp.key_metric m on m.n = s.m " +
    "where p.v <> '' order by d.v, c.v, m.v, p.v, s.rowid " +
    "on conflict (workspace_id, day, channel_id, metric, post_key) do update set value = excluded.value, source = excluded.source, updated_at = excluded.updated_at",
);
const clear = db.prepare("delete from temp.metric_stage");
const channelExists = db.prepare("select 1 from strategy_entries where id = ? and workspace_id = ? and kind = 'channel'").pluck();
const savePost = db.prepare(
  "insert into metric_posts (workspace_id, channel_id, post_key, published_at, permalink, caption, post_type, source) values (?, ?, ?, ?, ?, ?, ?, ?) " +
    "on conflict (workspace_id, channel_id, post_key) do update set published_at = excluded.published_at, permalink = excluded.permalink, caption = excluded.caption, post_type = excluded.post_type",
);

let staged = 0;
/** Of the staged numbers, those of a post (the rest are channels' own); the number the empty post key got. */
let stagedPerPost = 0;
let noPost = -1;
let written = 0;
let dropped = 0;
let posts: WriterMessage["posts"] = [];

const mergeStaged = db.transaction(() => {
  const gone = dropGone.run(setup.workspaceId).changes;
  dropped += gone;
  written += staged - gone;
  if (stagedPerPost < staged) mergeOwn.run(setup.workspaceId, setup.source, setup.at, noPost);
  if (stagedPerPost > 0) mergePerPost.run(setup.workspaceId, setup.source, setup.at);
  clear.run();
  for (const p of posts) {
    if (channelExists.get(p.channelId, setup.workspaceId)) savePost.run(setup.workspaceId, p.channelId, p.postKey, p.publishedAt, p.permalink, p.caption, p.postType, setup.source);
  }
  staged = 0;
  stagedPerPost = 0;
  posts = [];
});

function stage(m: WriterMessage) {
  for (const k of KINDS) {
    for (const v of m.keys[k]) {
      if (k === "post" && v === "") noPost = keyCount.post;
      if (k === "day") {
        const n = dayNumber(v);
        dayNumbers.push(n);
        addKey.day.run(n, v);
      } else addKey[k].run(keyCount[k]++, v);
    }
  }
  const cells = m.cells;
  const width = 5;
  const end = m.count * width;
  for (let j = 1; j < end; j += width) if (cells[j] !== noPost) stagedPerPost += 1;
  // The statement's parameters are copied from the array the reader handed over into one array kept for it.
  let i = 0;
  for (; i + STAGE_ROWS * width <= end; i += STAGE_ROWS * width) {
    for (let k = 0; k < STAGE_ROWS * width; k += width) {
      manyParams[k] = cells[i + k]!;
      manyParams[k + 1] = cells[i + k + 1]!;
      manyParams[k + 2] = dayNumbers[cells[i + k + 2]!]!;
      manyParams[k + 3] = cells[i + k + 3]!;
      manyParams[k + 4] = cells[i + k + 4]!;
    }
    stageMany.run(manyParams);
  }
  for (; i < end; i += width) stageOne.run(cells[i], cells[i + 1], dayNumbers[cells[i + 2]!], cells[i + 3], cells[i + 4]);
  staged += m.count;
}

port.on("message", (m: WriterMessage) => {
  let reply: WriterReply;
  try {
    if (!m.abort) {
      stage(m);
      for (const p of m.posts) posts.push(p);
      if (m.end || staged >= setup.mergeRows) mergeStaged.immediate();
    }
    reply = { written, dropped };
  } catch (e) {
    reply = { written, dropped, error: e instanceof Error ? e.message : String(e) };
  }
  const last = m.end || m.abort || reply.error;
  if (last) db.close();
  port.postMessage(reply);
  if (last) port.close();
});
