import type { FastifyBaseLogger } from "fastify";

export interface BackgroundLoopOptions {
  /** For the log lines: `<name>.done`, `<name>.failed`. */
  name: string;
  /** One bounded piece of work (a transaction); true when it did something, so that the loop goes on. */
  step: () => Promise<boolean>;
  log: FastifyBaseLogger;
  /** The pause between steps: other writers' share of the database while there is a lot to do. */
  pauseMs: number;
  /**
   * A longer pause after a long step: this many times the step's own time (0: `pauseMs` only). 1 leaves requests at
   * least half of the database (on SQLite one connection serves every request, one transaction at a time).
   */
  rest?: number;
  /** After a wake: long enough for the waker's transaction to have committed. */
  wakeMs: number;
  /** Looking again when idle: work left by another process, a crash, or writes that do not wake it. */
  pollMs: number;
  /** The first look after `start()` (default 1 s: not in the way of a starting server's first requests). */
  startMs?: number;
}

/**
 * Work done beside the requests, a step at a time: started with the server (it resumes what a crash left), woken by
 * the code that queues work, looking again every `pollMs` when idle, stopped before the database closes. A failed
 * step is logged and tried again at the next run; the work it was doing stays queued where it was.
 */
export class BackgroundLoop {
  private static readonly running = new Set<BackgroundLoop>();

  /** Wakes the running loops of this name in this process (after a write that queued work for them). */
  static wake(name: string): void {
    for (const loop of BackgroundLoop.running) if (loop.o.name === name) loop.wake();
  }

  private timer: NodeJS.Timeout | null = null;
  private due = Infinity;
  private work: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(private readonly o: BackgroundLoopOptions) {}

  start(): void {
    this.stopped = false;
    BackgroundLoop.running.add(this);
    this.schedule(this.o.startMs ?? 1000);
  }

  wake(): void {
    if (this.work) this.again = true;
    else this.schedule(this.o.wakeMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    BackgroundLoop.running.delete(this);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.work;
  }

  /** Runs in `ms` unless a run is already due sooner. */
  private schedule(ms: number): void {
    if (this.stopped || Date.now() + ms >= this.due) return;
    if (this.timer) clearTimeout(this.timer);
    this.due = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.due = Infinity;
      this.work = this.run().finally(() => {
        this.work = null;
        const again = this.again;
        this.again = false;
        this.schedule(again ? this.o.wakeMs : this.o.pollMs);
      });
    }, ms);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      let steps = 0;
      const t0 = performance.now();
      for (;;) {
        if (this.stopped) break;
        const t = performance.now();
        if (!(await this.o.step())) break;
        steps++;
        await new Promise((r) => setTimeout(r, Math.max(this.o.pauseMs, (performance.now() - t) * (this.o.rest ?? 0))));
      }
      if (steps) this.o.log.debug({ event: `${this.o.name}.done`, steps, ms: Math.round(performance.now() - t0) }, `${this.o.name}: done`);
    } catch (err) {
      if (!this.stopped) this.o.log.error({ event: `${this.o.name}.failed`, err }, `${this.o.name}: a step failed; will retry`);
    }
  }
}
