import { runTrackingJobs } from "../metrics/tracking-jobs.ts";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps, Notice } from "../../context.ts";
import type { DB } from "../../db/database.ts";
import type { DeliveriesTable, PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { recordDelivery } from "../../lib/metrics.ts";
import { emailNotices } from "../board/notification-email.ts";
import { announceNotices } from "../board/notice-events.ts";
import { channelsOf, materialiseRecurrence, mediaOf, type ChannelInfo } from "../posts/posts.service.ts";
import { ADAPTERS } from "./adapters/index.ts";
import { PublishError, type Adapter, type PostShape, type Published } from "./adapters/types.ts";
import { notifyPost, peopleToAlert } from "./post-notices.ts";
import { buildOutgoing, channelText, variantOptions, type OutgoingContext } from "./outgoing.ts";
import * as repo from "./publishing.repository.ts";

type Delivery = DeliveriesTable;

export interface PublisherOptions {
  /** Names this process in claims and logs. */
  workerId: string;
  /** Deliveries claimed per round. */
  batchSize?: number;
  /** Sends in flight at once. */
  concurrency?: number;
  /** Longest sleep between rounds (new posts from other processes are seen within this time). */
  pollMs?: number;
  /** How long a claim holds; a claim older than this belongs to a process that died. */
  leaseMs?: number;
  /** Longest wait for one network call. */
  sendTimeoutMs?: number;
  adapters?: Record<string, Adapter>;
  /**
   * Wake at the exact time the next delivery falls due (embedded mode). Off when pg-boss wakes the workers
   * (PostgreSQL mode): then the worker only looks on its own every `pollMs`, as a safety net.
   */
  preciseWakeups?: boolean;
  /** Where to queue wake-ups for later (pg-boss in PostgreSQL mode): retries and recurring posts' next times. */
  signals?: { signal(times: readonly string[]): Promise<void> } | null;
}

const MAX_ATTEMPTS = 6;
/** Longest wait before outcomes that came in are written while slots are not yet half free. */
const RECORD_AFTER_MS = 20;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 30 * 60_000;
const RECURRENCE_EVERY_MS = 60_000;
/** Scheduled reports and review reminders are looked at this often. */
const TRACKING_EVERY_MS = 5 * 60_000;

/** Exponential backoff with jitter: 30 s, 1 min, 2 min… up to 30 min. */
export function backoffMs(attempts: number, random = Math.random()): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

interface Outcome {
  delivery: Delivery;
  result?: Published;
  error?: PublishError;
  resendSafe: boolean;
  /** The connection's kind, for the figures (deliveries by network and outcome). */
  network: string;
}

/**
 * The publishing engine. The deliveries table is its queue: a round claims due deliveries with one conditional
 * UPDATE (on PostgreSQL the candidates are locked with SKIP LOCKED), so no two workers ever hold the same one;
 * each claim is a lease, and a lease that runs out means its worker died. A claimed delivery becomes "publishing"
 * just before it is sent: one that died "claimed" is simply queued again; one that died "publishing" is sent again
 * only when the network takes our identity for it (see `Adapter.resendSafe`); otherwise a person decides.
 */
export class Publisher {
  private readonly db: DB;
  private readonly log: FastifyBaseLogger;
  private readonly opts: Required<Omit<PublisherOptions, "adapters" | "signals">> & { adapters: Record<string, Adapter>; signals: PublisherOptions["signals"] };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private lastRecurrence = 0;
  private lastTracking = 0;
  private wakeRequested = false;
  private readonly outgoingContext: OutgoingContext;

  constructor(
    private readonly deps: Pick<AppDeps, "db" | "dialect" | "clock" | "secrets" | "blobs" | "mailer" | "config" | "outbound"> & Partial<Pick<AppDeps, "events">>,
    log: FastifyBaseLogger,
    options: PublisherOptions,
  ) {
    this.db = deps.db;
    this.log = log.child({ worker: options.workerId });
    this.opts = {
      batchSize: 200,
      concurrency: 64,
      pollMs: 1000,
      leaseMs: 120_000,
      sendTimeoutMs: 30_000,
      preciseWakeups: true,
      ...options,
      adapters: options.adapters ?? ADAPTERS,
      signals: options.signals ?? null,
    };
    this.outgoingContext = { deps, log: this.log, workerId: options.workerId };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Lets the round in progress finish (its sends and their results), then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Looks for due work now instead of at the next planned round (a post was just scheduled for now). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.loop().finally(() => {
        this.running = null;
      });
    }, ms);
  }

  private async loop(): Promise<void> {
    let sleep = this.opts.pollMs;
    try {
      let claimed: number;
      do {
        this.wakeRequested = false;
        claimed = await this.round();
      } while (!this.stopped && (claimed >= this.opts.batchSize || this.wakeRequested));
      sleep = await this.untilNextDue();
    } catch (err) {
      this.log.error({ err, event: "publisher.round_failed" }, "publishing round failed; trying again shortly");
    }
    this.schedule(sleep);
  }

  /** Time until the earliest scheduled delivery, capped by the poll interval. */
  private async untilNextDue(): Promise<number> {
    if (!this.opts.preciseWakeups) return this.opts.pollMs;
    const due = await repo.nextDueAt(this.db);
    if (!due) return this.opts.pollMs;
    return Math.max(0, Math.min(this.opts.pollMs, Date.parse(due) - this.deps.clock().getTime()));
  }

  /** One round: tidy up, then claim and publish what is due. Returns how many deliveries it claimed. */
  async round(): Promise<number> {
    const now = this.deps.clock();
    await this.recoverExpiredLeases(now);
    if (now.getTime() - this.lastRecurrence >= RECURRENCE_EVERY_MS) {
      await this.extendRecurring(now);
      this.lastRecurrence = now.getTime();
    }
    if (now.getTime() - this.lastTracking >= TRACKING_EVERY_MS) {
      this.lastTracking = now.getTime();
      await runTrackingJobs(this.deps, this.log);
    }
    await this.holdMissed(now);
    const claimed = await this.claim(now);
    if (!claimed.length) return 0;
    await this.process(claimed);
    return claimed.length;
  }

  /** Atomically takes up to a batch of due deliveries whose channel is neither paused nor held by a rate limit. */
  async claim(now: Date): Promise<Delivery[]> {
    return repo.claimDue(this.db, this.deps.dialect === "postgres", { workerId: this.opts.workerId, now, leaseMs: this.opts.leaseMs, limit: this.opts.batchSize });
  }

  private async process(claimed: Delivery[]): Promise<void> {
    const postIds = [...new Set(claimed.map((d) => d.post_id))];
    const workspaceIds = [...new Set(claimed.map((d) => d.workspace_id))];
    const { posts, connections, workspaces } = await repo.sendContext(this.db, postIds, workspaceIds);
    const channels = new Map<string, Map<string, ChannelInfo>>();
    for (const w of workspaceIds) channels.set(w, await channelsOf(this.db, w));
    const postById = new Map(posts.map((p) => [p.id, p]));

    // A connection's sealed secret is opened once per round, not once per post.
    const opened = new Map<string, Record<string, string>>();
    const reminders: Delivery[] = [];
    const sends: Array<{ id: string; run: () => Promise<Outcome> }> = [];
    for (const d of claimed) {
      const post = postById.get(d.post_id);
      const connection = connections.find((c) => c.channel_id === d.channel_id);
      const adapter = connection ? this.opts.adapters[connection.kind] : undefined;
      if (!post) continue;
      // The worked example's posts are made up: never sent anywhere, even where its channel has an account now.
      // A format the network's API does not publish (an Instagram post without a picture) goes out by reminder too.
      if (!connection || !adapter || post.example || adapter.byReminder?.(await this.shapeOf(post, d.channel_id))) {
        reminders.push(d);
        continue;
      }
      const channel = channels.get(d.workspace_id)?.get(d.channel_id);
      const workspace = workspaces.find((w) => w.id === d.workspace_id);
      sends.push({ id: d.id, run: async () => {
        // The send's time limit: a timer cleared when the send ends (AbortSignal.timeout costs more, per post).
        const timeoutMs = adapter.sendTimeoutMs ?? this.opts.sendTimeoutMs;
        const limit = new AbortController();
        const timer = setTimeout(() => limit.abort(new DOMException(`the send took longer than ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
        try {
          const out = await buildOutgoing(this.outgoingContext, { delivery: d, post, connection, network: channel?.network ?? "other", shorten: Boolean(workspace?.short_links), timeoutMs, opened, signal: limit.signal });
          const result = await adapter.send(out);
          return { delivery: d, result, resendSafe: adapter.resendSafe, network: connection.kind };
        } catch (err) {
          const error = err instanceof PublishError ? err : new PublishError("unknown", "publish.internal", err instanceof Error ? err.message : String(err));
          return { delivery: d, error, resendSafe: adapter.resendSafe, network: connection.kind };
        } finally {
          clearTimeout(timer);
        }
      } });
    }
    if (reminders.length) await this.remind(reminders, postById, workspaces, channels);
    await this.runSends(sends, workspaces);
  }

  /** The post's media types and the channel's format, for `Adapter.byReminder`. */
  private async shapeOf(post: PostsTable, channelId: string): Promise<PostShape> {
    const listed = mediaOf(post);
    const assets = listed.length ? await repo.assetsFor(this.db, post.workspace_id, listed.map((m) => m.assetId)) : [];
    return { media: assets.map((a) => ({ contentType: a.content_type })), format: variantOptions(post, channelId).format };
  }

  /**
   * Runs the sends with bounded concurrency. A claimed delivery is marked "publishing" only just before it is sent,
   * and at most `concurrency` deliveries are "publishing" at once (sent or being sent, their outcome not yet
   * written): a worker that dies leaves at most that many whose outcome is unknown, and the rest of its claim goes
   * back to the queue untouched. Each write is one transaction that records the outcomes that came in and marks the
   * next deliveries "publishing" (one commit — on SQLite one fsync — for a group, not one per post or per kind of
   * write); it is made once half the slots are free, when nothing else is in flight, or `RECORD_AFTER_MS` after an
   * outcome came in.
   */
  private async runSends(sends: Array<{ id: string; run: () => Promise<Outcome> }>, workspaces: { id: string }[]): Promise<void> {
    const limit = Math.max(1, this.opts.concurrency);
    const threshold = Math.max(1, Math.floor(limit / 2));
    let queued = 0;
    const finished: Outcome[] = [];
    // "publishing" and ours: armed by a commit, outcome not yet written.
    let held = 0;
    const inFlight = new Set<string>();
    let committing = false;
    let failure: unknown = null;
    let timer: NodeJS.Timeout | null = null;
    let settle!: () => void;
    const allDone = new Promise<void>((resolve) => (settle = resolve));

    const launch = (item: { id: string; run: () => Promise<Outcome> }) => {
      inFlight.add(item.id);
      void item.run().then((outcome) => {
        inFlight.delete(item.id);
        finished.push(outcome);
        poke();
      });
    };
    const commit = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      committing = true;
      const outcomes = finished.splice(0);
      const free = failure ? 0 : limit - (held - outcomes.length);
      const next = sends.slice(queued, queued + Math.max(0, free));
      queued += next.length;
      this.recordAndArm(outcomes, next.map((x) => x.id), workspaces)
        .then((armed) => {
          held += armed.size - outcomes.length;
          // Taken back meanwhile (cancelled, or the claim expired): not ours to send.
          for (const item of next) if (armed.has(item.id)) launch(item);
        })
        .catch((err: unknown) => {
          // Nothing more is sent; what is out stays "publishing" until its lease runs out and it is taken back.
          failure ??= err;
          held -= outcomes.length;
        })
        .finally(() => {
          committing = false;
          poke();
        });
    };
    const poke = () => {
      if (committing) return;
      const idle = inFlight.size === 0;
      const waiting = !failure && queued < sends.length;
      if (idle && !finished.length && !waiting) {
        if (timer) clearTimeout(timer);
        settle();
      } else if (finished.length >= threshold || (idle && (finished.length || waiting))) commit();
      // Record what came in even while the slots are not half free.
      else if (finished.length && !timer) {
        timer = setTimeout(() => {
          timer = null;
          if (!committing && finished.length) commit();
        }, RECORD_AFTER_MS);
      }
    };
    // A send that takes long (a video the network is still processing) keeps its lease while this worker lives;
    // a worker that dies stops renewing, and its sends are taken back once the lease runs out.
    const heartbeat = setInterval(() => {
      const until = new Date(this.deps.clock().getTime() + this.opts.leaseMs);
      repo.extendLeases(this.db, [...inFlight], this.opts.workerId, until).catch((err: unknown) => this.log.warn({ err, event: "publisher.lease_renewal_failed" }, "could not renew leases"));
    }, Math.max(250, Math.floor(this.opts.leaseMs / 3)));
    heartbeat.unref();
    poke();
    await allDone.finally(() => clearInterval(heartbeat));
    if (failure) throw failure;
  }

  /**
   * One transaction: writes what the sends came to (a result is kept only if this worker still holds the claim) and
   * marks the next deliveries "publishing"; returns the ids marked (still ours).
   */
  private async recordAndArm(outcomes: Outcome[], arm: string[], workspaces: { id: string }[]): Promise<Set<string>> {
    const now = this.deps.clock();
    const outbox: Notice[] = [];
    const paused: string[] = [];
    const retries: string[] = [];
    const settled: Array<[Outcome, string]> = [];
    let armed: string[] = [];
    await this.db.transaction().execute(async (trx) => {
      const published = outcomes.filter((o) => o.result);
      const ours = await repo.settlePublished(trx, published.map((o) => ({ id: o.delivery.id, remoteId: o.result!.remoteId, permalink: o.result!.permalink })), this.opts.workerId, now);
      for (const o of published) if (ours.has(o.delivery.id)) settled.push([o, "published"]);
      for (const o of outcomes) {
        if (o.result) continue;
        const d = o.delivery;
        const mine = async (set: Partial<Delivery>) => {
          const ours = await repo.settleMine(trx, d.id, this.opts.workerId, set);
          if (ours) settled.push([o, set.status === "scheduled" ? (o.error?.kind === "auth" ? "paused" : "retry") : String(set.status)]);
          return ours;
        };
        const e = o.error!;
        const fields = { error_code: e.code, error_message: e.message.slice(0, 2000), lease_until: null, updated_at: iso(now) };
        if (e.kind === "auth") {
          // The account no longer works: its channel waits (this delivery included) until someone reconnects it.
          await mine({ ...fields, status: "scheduled", attempts: Math.max(0, d.attempts - 1) });
          const changed = await repo.pauseChannel(trx, d.workspace_id, d.channel_id, e.message, now);
          if (changed) paused.push(d.post_id);
          if (changed) await notifyPost(trx, now, d.workspace_id, "account_paused", d.post_id, await peopleToAlert(trx, d.workspace_id, d.post_id), outbox);
        } else if ((e.kind === "retry" || (e.kind === "unknown" && o.resendSafe)) && d.attempts < MAX_ATTEMPTS) {
          const wait = e.retryAfterMs ?? backoffMs(d.attempts);
          const next = iso(new Date(now.getTime() + wait));
          retries.push(next);
          await mine({ ...fields, status: "scheduled", next_attempt_at: next });
        } else {
          // "attention": whether it went out cannot be known; a person decides, nothing is sent again on its own.
          const status = e.kind === "unknown" || e.kind === "attention" ? "needs_attention" : "failed";
          const code = e.kind === "retry" || (e.kind === "unknown" && o.resendSafe) ? "publish.gave_up" : e.code;
          await mine({ ...fields, status, error_code: code });
          await notifyPost(trx, now, d.workspace_id, status === "failed" ? "post_failed" : "post_attention", d.post_id, await peopleToAlert(trx, d.workspace_id, d.post_id), outbox);
        }
      }
      armed = await repo.armDeliveries(trx, arm, this.opts.workerId, now);
    });
    // Counted once committed; the lag runs from the due time to the network's acknowledgement.
    for (const [o, outcome] of settled) recordDelivery(o.network, outcome, (now.getTime() - Date.parse(o.delivery.due_at)) / 1000);
    for (const o of outcomes) {
      if (o.result) this.log.info({ event: "publish.sent", delivery: o.delivery.id, post: o.delivery.post_id, remoteId: o.result.remoteId }, "published");
      else this.log.warn({ event: "publish.failed", delivery: o.delivery.id, post: o.delivery.post_id, kind: o.error!.kind, code: o.error!.code, err: o.error!.message, remote: o.error!.detail.body }, "publishing did not work");
    }
    if (paused.length) this.log.warn({ event: "publish.channel_paused", posts: paused }, "an account stopped working; its channel is paused");
    if (retries.length) await this.opts.signals?.signal(retries);
    await this.email(outbox, workspaces);
    return new Set(armed);
  }

  /**
   * Reminder publishing (networks the app cannot reach): the responsible member is told it is time, with the text
   * to copy; the delivery waits for them to confirm it with its link.
   */
  private async remind(deliveries: Delivery[], posts: Map<string, PostsTable>, workspaces: { id: string; short_links: number }[], channels: Map<string, Map<string, ChannelInfo>>): Promise<void> {
    const now = this.deps.clock();
    const outbox: Notice[] = [];
    const reminded: string[] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const d of deliveries) {
        const done = await repo.markAwaitingConfirmation(trx, d.id, this.opts.workerId, now);
        if (done) reminded.push(channels.get(d.workspace_id)?.get(d.channel_id)?.network ?? "other");
        const post = posts.get(d.post_id);
        // The example's reminders wait on the calendar without telling anyone.
        if (!done || !post || post.example) continue;
        const people = await repo.reminderRecipients(trx, post);
        const network = channels.get(d.workspace_id)?.get(d.channel_id)?.network ?? "other";
        const shorten = Boolean(workspaces.find((w) => w.id === d.workspace_id)?.short_links);
        const { text } = await channelText(this.deps, post, d.channel_id, network, shorten, trx);
        await notifyPost(trx, now, d.workspace_id, "post_due", d.post_id, people, outbox, { channelId: d.channel_id, text });
      }
    });
    for (const network of reminded) recordDelivery(network, "reminder");
    await this.email(outbox, workspaces);
  }

  private async email(outbox: Notice[], workspaces: { id: string }[]): Promise<void> {
    // The bells on every server re-read (the worker publishes through PostgreSQL too).
    if (this.deps.events) announceNotices(this.deps.events, outbox);
    if (!outbox.length || !this.deps.mailer.enabled) return;
    for (const w of workspaces) {
      const notices = outbox.filter((n) => n.workspaceId === w.id);
      if (!notices.length) continue;
      const workspace = await repo.workspaceById(this.db, w.id);
      if (workspace) await emailNotices(this.db, this.deps.mailer, this.log, this.deps.config.appUrl, workspace, notices);
    }
  }

  /**
   * Claims whose lease ran out belong to a worker that died mid-send. Reminders and sends the network
   * deduplicates go back in the queue; any other send may or may not have gone out, so a person looks at it.
   */
  async recoverExpiredLeases(now: Date): Promise<void> {
    const stale = await repo.staleClaims(this.db, now);
    if (!stale.length) return;
    const outbox: Notice[] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const s of stale) {
        const adapter = s.kind ? this.opts.adapters[s.kind] : undefined;
        // Claimed but never sent, a reminder, or a network that takes our identity: simply queued again.
        const again = s.status === "claimed" || !adapter || adapter.resendSafe;
        if (await repo.takeBackStale(trx, s, again, now)) await notifyPost(trx, now, s.workspace_id, "post_attention", s.post_id, await peopleToAlert(trx, s.workspace_id, s.post_id), outbox);
      }
    });
    this.log.warn({ event: "publish.recovered", count: stale.length }, "took back deliveries from a worker that stopped");
    await this.email(outbox, [...new Set(stale.map((s) => s.workspace_id))].map((id) => ({ id })));
  }

  /**
   * A delivery found due long after its time (the server was down) is not sent late on its own: past the
   * workspace's limit it waits for a person to send it or drop it.
   */
  async holdMissed(now: Date): Promise<void> {
    const missed = await repo.missedCandidates(this.db, now);
    const late = missed.filter((m) => now.getTime() - Date.parse(m.due_at) > m.missed_post_minutes * 60_000);
    if (!late.length) return;
    const outbox: Notice[] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const m of late) {
        if (await repo.markMissed(trx, m, now)) await notifyPost(trx, now, m.workspace_id, "post_attention", m.post_id, await peopleToAlert(trx, m.workspace_id, m.post_id), outbox);
      }
    });
    this.log.warn({ event: "publish.missed", count: late.length }, "posts found long past their time wait for a person");
    await this.email(outbox, [...new Set(late.map((m) => m.workspace_id))].map((id) => ({ id })));
  }

  /** Keeps recurring posts' next occurrences in the queue. */
  private async extendRecurring(now: Date): Promise<void> {
    const rows = await repo.recurringPosts(this.db);
    for (const r of rows) await materialiseRecurrence(this.db, r, r.timezone, now, now);
    if (this.opts.signals && rows.length) {
      const upcoming = await repo.upcomingDueTimes(this.db, rows.map((r) => r.id), now);
      await this.opts.signals.signal(upcoming);
    }
  }
}
