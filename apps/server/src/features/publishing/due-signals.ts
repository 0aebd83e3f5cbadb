import type { FastifyBaseLogger } from "fastify";
import type PgBoss from "pg-boss";

export const DUE_QUEUE = "socialplan-publish-due";

/**
 * PostgreSQL mode runs the publisher on pg-boss: every time something falls due (a scheduled post, a retry, the
 * next occurrence of a recurring post) a job is queued to start at that moment — one per minute and time, the
 * queue's "short" policy keeping a single queued job per key — and whichever worker pg-boss hands it to runs a
 * publishing round. The round's claims stay the deliveries table's own (SKIP LOCKED), so pg-boss decides *when*
 * and *who wakes*, never whether a post goes out twice. Workers also look on their own every PUBLISH_POLL_MS, so
 * a lost job only delays a post.
 */
export class DueSignals {
  private constructor(
    private readonly boss: PgBoss,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Starts pg-boss on the database; with `onDue`, this process also works the queue. */
  static async start(connectionString: string, log: FastifyBaseLogger, onDue?: () => void): Promise<DueSignals> {
    const { default: Boss } = await import("pg-boss");
    const boss = new Boss({ connectionString, schema: "pgboss", max: 3, application_name: "socialplan-publisher" });
    boss.on("error", (err) => log.error({ err, event: "pgboss.error" }, "pg-boss reported an error"));
    await boss.start();
    try {
      if (!(await boss.getQueue(DUE_QUEUE))) await boss.createQueue(DUE_QUEUE, { name: DUE_QUEUE, policy: "short", retryLimit: 0 });
    } catch (err) {
      // Another process created it at the same moment.
      if (!(await boss.getQueue(DUE_QUEUE))) throw err;
    }
    if (onDue) {
      await boss.work(DUE_QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async () => {
        onDue();
      });
    }
    return new DueSignals(boss, log);
  }

  /** Queues a wake-up at each of these instants (ISO strings); past ones start at once. */
  async signal(times: readonly string[]): Promise<void> {
    const seconds = [...new Set(times.map((t) => t.slice(0, 19)))].slice(0, 500);
    for (const at of seconds) {
      try {
        await this.boss.send(DUE_QUEUE, {}, { startAfter: new Date(`${at}Z`), singletonKey: at, retryLimit: 0 });
      } catch (err) {
        this.log.error({ err, event: "pgboss.send_failed" }, "could not queue a publishing wake-up; the workers' own polling will pick it up");
      }
    }
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
