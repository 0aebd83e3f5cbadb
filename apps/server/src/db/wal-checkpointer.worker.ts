import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { Shared, WalIndex, type CheckpointerSetup, type CheckpointReport } from "./wal-checkpointer.ts";

/**
 * Copies the write-ahead log into the database file on a thread and connection of its own (wal-checkpointer.ts). Like
 * SQLite's automatic checkpoint it copies once `framesPerCheckpoint` frames have come since the last copy, and also
 * once the log has stood still for `quietTicks` looks (a quiet server's database file is up to date); each copy is a
 * PASSIVE checkpoint: it copies what no reader still needs, never waits for a reader or a writer and never stops one
 * (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html). Each checkpoint's figures go to shared memory, where the
 * connection's thread reads them between two transactions; errors come as messages.
 */
const setup = workerData as CheckpointerSetup;
const port = parentPort!;
const db = new Database(setup.file, { fileMustExist: true });
// PASSIVE never calls the busy handler; this connection never writes, so its own automatic checkpoint never runs.
db.pragma("busy_timeout = 0");
const dataVersion = db.prepare("PRAGMA data_version").pluck();
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const shared = new Int32Array(setup.shared);

const index = new WalIndex(setup.file);

/** Frames in the log at the last copy, and the looks since the log last moved. */
let copiedTo = 0;
let lastSeen = -1;
let still = 0;
let copiedVersion: unknown = null;

function due(): boolean {
  const frames = index.frames();
  if (frames === null) return dataVersion.get() !== copiedVersion;
  still = frames === lastSeen ? still + 1 : 0;
  lastSeen = frames;
  // A log started again (the connection found it copied in full) is all new.
  const fresh = frames < copiedTo ? frames : frames - copiedTo;
  return fresh >= setup.framesPerCheckpoint || (fresh > 0 && still >= setup.quietTicks);
}

function tick(force = false): void {
  try {
    if (!force && !due()) return;
    const version = dataVersion.get();
    let { busy, log, checkpointed } = checkpoint.get() as CheckpointReport;
    // Busy: another connection is copying at this moment; tried again at the next look.
    if (busy) return;
    // A long log is finished by the connection (wal-checkpointer.ts): copies again at once, each shorter than the one
    // before, so that what it is left to copy itself (what came during the last one) is a few frames.
    for (let again = 0; again < 4 && log >= setup.tailFrames && checkpointed - copiedTo > 32; again++) {
      copiedTo = checkpointed;
      const next = checkpoint.get() as CheckpointReport;
      if (next.busy || next.log < log) break;
      ({ log, checkpointed } = next);
    }
    copiedTo = checkpointed;
    // Not in full (a reader still needed older pages, or writes went on meanwhile): the rest counts at the next look.
    if (checkpointed >= log) copiedVersion = version;
    Atomics.store(shared, Shared.log, log);
    Atomics.add(shared, Shared.count, 1);
  } catch (err) {
    port.postMessage({ error: (err as Error).message });
  }
}

const timer = setInterval(tick, setup.intervalMs);
port.on("message", (message: "stop") => {
  if (message !== "stop") return;
  clearInterval(timer);
  tick(true);
  index.close();
  db.close();
  port.close();
});
