import fs from "node:fs";
import os from "node:os";
import type { Worker } from "node:worker_threads";
import type SQLite from "better-sqlite3";
import { startThread } from "../lib/threads.ts";

export interface CheckpointerSetup {
  file: string;
  intervalMs: number;
  framesPerCheckpoint: number;
  quietTicks: number;
  tailFrames: number;
  /** The thread's last checkpoint, read by the connection's thread without waiting for a message (see `Shared`). */
  shared: SharedArrayBuffer;
}

/** Places in the shared Int32Array: frames in the log at the last checkpoint, and how many checkpoints there were. */
export const Shared = { log: 0, count: 1, length: 2 } as const;

/** One row of `PRAGMA wal_checkpoint`: busy (1 when it could not run), frames in the log, frames copied. */
export interface CheckpointReport {
  busy: number;
  log: number;
  checkpointed: number;
}

export interface WalCheckpointerOptions {
  /** How often the thread looks at the log (ms). */
  intervalMs?: number;
  /** A copy once this many frames have come since the last (SQLite's automatic checkpoint: 1,000). */
  framesPerCheckpoint?: number;
  /** A copy of what is left once the log has not moved for this many looks. */
  quietTicks?: number;
  /** The thread stops after this long without a write, and starts again with the next one (ms). */
  idleMs?: number;
  /** Log frames past which the connection finishes the copy itself, between two transactions. */
  tailFrames?: number;
}

/**
 * SQLite's automatic checkpoint copies the write-ahead log into the database file inside whichever commit crosses
 * 1,000 pages of log — a request's, on the server's only thread: that request waits 100–140 ms for a copy of other
 * requests' pages and the database file's fsync (bench/profiles/channel-delete.md). Here the connection's automatic
 * checkpoint is off and a thread of its own (wal-checkpointer.worker.ts) copies the log at the same rate, beside the
 * requests.
 *
 * The log only starts again from its beginning when a writer finds it copied in full: under an unbroken stream of
 * commits the thread's copy is always a little behind, so once the log passes `tailFrames` the connection copies the
 * rest itself, between two transactions: the frames committed since the thread's last copy began (the thread copies
 * a long log again at once, each copy shorter, so that is a few frames — but it is this thread's work and its fsync).
 *
 * The thread starts when the log first reaches `framesPerCheckpoint` (a server, or a test, that writes little never
 * starts one) and stops, after a last copy, once `idleMs` pass without a write; if it fails, the connection's
 * automatic checkpoint comes back on. Durability is unchanged: a commit is durable once it is in the log (synchronous = FULL); the copy is only upkeep.
 */
export class WalCheckpointer {
  private thread: Worker | null = null;
  /** Statements that may have written, as the driver counted them at the last hand-over. */
  private writes = 0;
  private writesAtLastLook = 0;
  /** Writes when the log's length was last read, before the thread runs. */
  private writesAtFrames = 0;
  private readonly index: WalIndex;
  private idleTimer: NodeJS.Timeout | null = null;
  /** The thread's last report (shared memory: a long run of awaited statements never lets a message in). */
  private readonly shared = new Int32Array(new SharedArrayBuffer(Shared.length * 4));
  /** The report the connection last finished a copy after: once per report at most. */
  private tailedAfter = 0;
  private on = false;
  private failed = false;
  private closed = false;
  private readonly stopping = new Set<Promise<void>>();
  private readonly o: Required<WalCheckpointerOptions>;

  constructor(
    private readonly file: string,
    private readonly connection: SQLite.Database,
    options: WalCheckpointerOptions = {},
  ) {
    this.o = { intervalMs: 100, framesPerCheckpoint: 1_000, quietTicks: 10, idleMs: 60_000, tailFrames: 4_000, ...options };
    this.index = new WalIndex(file);
  }

  /** From now on: the connection's automatic checkpoint off, the thread started by the next write. */
  takeOver(): void {
    if (this.on || this.closed) return;
    this.on = true;
    this.connection.pragma("wal_autocheckpoint = 0");
  }

  /** Whether the thread is there (it comes when the log first grows long after `takeOver`, leaves after a quiet spell). */
  get running(): boolean {
    return this.thread !== null;
  }

  /** The connection is between transactions (the driver hands it on): the place to finish a copy the thread left. */
  between(writes: number): void {
    this.writes = writes;
    if (this.thread === null) return this.startWhenLong();
    const count = Atomics.load(this.shared, Shared.count);
    if (count === this.tailedAfter) return;
    // The thread's copy reaches the log's end as it was when the copy began; this thread's commits since keep it from
    // ever being whole, and only a whole copy lets the next commit start the log again.
    if (Atomics.load(this.shared, Shared.log) <= this.o.tailFrames) return;
    try {
      const [{ busy }] = this.connection.pragma("wal_checkpoint(PASSIVE)") as [CheckpointReport];
      // Busy: the thread is copying at this moment — tried again at the next hand-over.
      if (!busy) this.tailedAfter = count;
    } catch (err) {
      this.tailedAfter = count;
      report("db.wal_checkpoint_failed", (err as Error).message);
    }
  }

  /** Stops the thread (after a last copy); the connection's close copies the rest. */
  async close(): Promise<void> {
    this.closed = true;
    this.stop();
    this.index.close();
    await Promise.all(this.stopping);
  }

  /** Looks at the log's length every few writes (a read of 4 bytes); starts the thread once it is long. */
  private startWhenLong(): void {
    if (!this.on || this.failed || this.closed || this.writes - this.writesAtFrames < 8) return;
    this.writesAtFrames = this.writes;
    const frames = this.index.frames();
    // Unreadable: no way to tell, so the thread starts (it copies on every commit then).
    if (frames === null || frames >= this.o.framesPerCheckpoint) this.start();
  }

  private start(): void {
    const thread = startThread(import.meta.url, "wal-checkpointer", "./wal-checkpointer.worker.ts", { file: this.file, intervalMs: this.o.intervalMs, framesPerCheckpoint: this.o.framesPerCheckpoint, quietTicks: this.o.quietTicks, tailFrames: this.o.tailFrames, shared: this.shared.buffer as SharedArrayBuffer } satisfies CheckpointerSetup);
    thread.unref();
    this.thread = thread;
    thread.on("message", (m: { error: string }) => report("db.wal_checkpoint_failed", m.error));
    thread.on("error", (err) => this.fail(thread, err.message));
    thread.on("exit", (code) => {
      if (this.thread === thread) this.fail(thread, `the checkpoint thread stopped (exit code ${code})`);
    });
    this.writesAtLastLook = this.writes;
    this.idleTimer = setInterval(() => {
      if (this.writes === this.writesAtLastLook) this.stop();
      this.writesAtLastLook = this.writes;
    }, this.o.idleMs);
    this.idleTimer.unref();
  }

  private stop(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
    const thread = this.thread;
    if (!thread) return;
    this.thread = null;
    const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve())).finally(() => this.stopping.delete(exited));
    this.stopping.add(exited);
    thread.postMessage("stop");
  }

  private fail(thread: Worker, message: string): void {
    if (this.thread !== thread) return;
    this.thread = null;
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
    this.failed = true;
    // Back to SQLite's own: the log must not grow without end.
    this.connection.pragma("wal_autocheckpoint = 1000");
    report("db.wal_checkpoint_thread_failed", message);
  }
}

/**
 * The log's length in frames without asking SQLite (which would mean a read transaction per look): mxFrame of the
 * wal-index header, bytes 16–19 of the `-shm` file in the machine's byte order
 * (https://www.sqlite.org/walformat.html#the_wal_index_file_format). Read without SQLite's locks: a torn read only
 * moves a copy by a look. Null when there is no such file to read.
 */
export class WalIndex {
  private fd: number | null | undefined;
  private readonly header = Buffer.alloc(4);

  constructor(private readonly file: string) {}

  frames(): number | null {
    if (this.fd === undefined) {
      try {
        this.fd = fs.openSync(`${this.file}-shm`, "r");
      } catch {
        this.fd = null;
      }
    }
    if (this.fd === null || fs.readSync(this.fd, this.header, 0, 4, 16) !== 4) return null;
    return os.endianness() === "LE" ? this.header.readUInt32LE(0) : this.header.readUInt32BE(0);
  }

  close(): void {
    if (typeof this.fd === "number") fs.closeSync(this.fd);
    this.fd = null;
  }
}

// The database layer has no logger of its own (like the pool's lost connections in database.ts): one JSON line.
const report = (event: string, msg: string) => console.error(JSON.stringify({ level: 40, event, msg }));
