import { sql, type ExpressionBuilder, type Transaction } from "kysely";
import type { DB } from "../../db/database.ts";
import type { Database, DeliveriesTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";

/**
 * Every query of the publishing engine (the deliveries table is its queue). Plain functions, `db` first; the
 * publisher owns the transactions. Each write that belongs to a claim is conditional on it (`worker` and `status`),
 * so a worker that lost its claim changes nothing.
 */

type Trx = Transaction<Database>;
type Delivery = DeliveriesTable;

/** The earliest time a scheduled delivery falls due, or null. */
export async function nextDueAt(db: DB): Promise<string | null> {
  const next = await db.selectFrom("deliveries").select((eb) => eb.fn.min("due_at").as("due")).where("status", "=", "scheduled").executeTakeFirst();
  return next?.due ?? null;
}

/**
 * Deliveries (`deliveries as d`) a publisher may claim at `nowIso`: scheduled, due, not waiting for a retry, and on a
 * channel neither paused nor held by its network's rate limit. The health check's publishing lag reads the same set.
 */
export function claimable(nowIso: string) {
  return (w: ExpressionBuilder<Database & { d: DeliveriesTable }, "d">) =>
    w.and([
      w("d.status", "=", "scheduled"),
      w("d.due_at", "<=", nowIso),
      w.or([w("d.next_attempt_at", "is", null), w("d.next_attempt_at", "<=", nowIso)]),
      w.not(
        w.exists(
          w
            .selectFrom("connections as c")
            .select("c.id")
            .whereRef("c.channel_id", "=", "d.channel_id")
            .where((c) => c.or([c("c.status", "=", "paused"), c("c.hold_until", ">", nowIso)])),
        ),
      ),
    ]);
}

/**
 * Atomically takes up to `limit` due deliveries whose channel is neither paused nor held by its network's rate
 * limit (`connections.hold_until`). On PostgreSQL the candidates are locked with SKIP LOCKED.
 */
export async function claimDue(db: DB, postgres: boolean, o: { workerId: string; now: Date; leaseMs: number; limit: number }): Promise<Delivery[]> {
  const nowIso = iso(o.now);
  const leaseUntil = iso(new Date(o.now.getTime() + o.leaseMs));
  return db
    .updateTable("deliveries")
    .set((eb) => ({ status: "claimed", worker: o.workerId, lease_until: leaseUntil, attempts: eb("attempts", "+", 1), updated_at: nowIso }))
    .where("id", "in", (eb) => {
      let q = eb
        .selectFrom("deliveries as d")
        .select("d.id")
        .where(claimable(nowIso))
        .orderBy("d.due_at")
        .limit(o.limit);
      if (postgres) q = q.forUpdate().skipLocked();
      return q;
    })
    .where("status", "=", "scheduled")
    .returningAll()
    .execute();
}

/** The posts, connections and workspaces a round's deliveries need. */
export async function sendContext(db: DB, postIds: string[], workspaceIds: string[]) {
  const [posts, connections, workspaces] = await Promise.all([
    db.selectFrom("posts").selectAll().where("id", "in", postIds).execute(),
    db.selectFrom("connections").selectAll().where("workspace_id", "in", workspaceIds).execute(),
    db.selectFrom("workspaces").selectAll().where("id", "in", workspaceIds).execute(),
  ]);
  return { posts, connections, workspaces };
}

/** Marks claimed deliveries "publishing" just before they are sent; returns the ids still ours. */
export async function armDeliveries(db: DB, ids: string[], workerId: string, now: Date): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db
    .updateTable("deliveries")
    .set({ status: "publishing", updated_at: iso(now) })
    .where("id", "in", ids)
    .where("worker", "=", workerId)
    .where("status", "=", "claimed")
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Keeps a live worker's claims: their leases run to `until` (a worker that died stops doing this). */
export async function extendLeases(db: DB, ids: string[], workerId: string, until: Date): Promise<void> {
  if (!ids.length) return;
  await db
    .updateTable("deliveries")
    .set({ lease_until: iso(until) })
    .where("id", "in", ids)
    .where("worker", "=", workerId)
    .where("status", "in", ["claimed", "publishing"])
    .execute();
}

/** Records the remote ids of a send's steps, only while this worker still holds the delivery. */
export async function writeSteps(db: DB, deliveryId: string, workerId: string, steps: Record<string, string>, now: Date): Promise<boolean> {
  const r = await db
    .updateTable("deliveries")
    .set({ remote_steps: JSON.stringify(steps), updated_at: iso(now) })
    .where("id", "=", deliveryId)
    .where("worker", "=", workerId)
    .where("status", "=", "publishing")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The steps an earlier attempt recorded (`{}` when none, or when the column holds something unreadable). */
export function stepsOf(d: Pick<Delivery, "remote_steps">): Record<string, string> {
  if (!d.remote_steps) return {};
  try {
    const parsed = JSON.parse(d.remote_steps) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  } catch {
    return {};
  }
}

/** The network's rate limit says wait: the channel's deliveries are not claimed before `until` (never shortened). */
export async function holdConnection(db: DB, connectionId: string, until: Date, now: Date): Promise<void> {
  const at = iso(until);
  await db
    .updateTable("connections")
    .set({ hold_until: at, updated_at: iso(now) })
    .where("id", "=", connectionId)
    .where((w) => w.or([w("hold_until", "is", null), w("hold_until", "<", at)]))
    .execute();
}

/** The publishing quota as last read from the network. */
export async function setConnectionQuota(db: DB, connectionId: string, quota: { used: number; limit: number; windowHours: number }, now: Date): Promise<void> {
  await db
    .updateTable("connections")
    .set({ quota: JSON.stringify({ ...quota, checkedAt: iso(now) }), updated_at: iso(now) })
    .where("id", "=", connectionId)
    .execute();
}

/** The assets of a post's media, in its workspace only. */
export async function assetsFor(db: DB, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom("assets").selectAll().where("workspace_id", "=", workspaceId).where("id", "in", ids).execute();
}

/** Updates a delivery this worker is sending (status "publishing"); false when it is no longer ours. */
export async function settleMine(trx: Trx, deliveryId: string, workerId: string, set: Partial<Delivery>): Promise<boolean> {
  const r = await trx.updateTable("deliveries").set(set).where("id", "=", deliveryId).where("worker", "=", workerId).where("status", "=", "publishing").executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Records many sends as published in one statement (their remote ids and links differ, hence the CASEs), each only
 * while this worker still holds it; returns the ids recorded.
 */
export async function settlePublished(trx: Trx, rows: ReadonlyArray<{ id: string; remoteId: string; permalink: string | null }>, workerId: string, now: Date): Promise<Set<string>> {
  const done = new Set<string>();
  const at = iso(now);
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    const pick = (value: (r: (typeof chunk)[number]) => string | null) =>
      sql<string | null>`case ${sql.ref("id")} ${sql.join(chunk.map((r) => sql`when ${r.id} then ${value(r)}`), sql` `)} end`;
    const r = await trx
      .updateTable("deliveries")
      .set({ status: "published", remote_id: pick((r) => r.remoteId), permalink: pick((r) => r.permalink), published_at: at, lease_until: null, error_code: null, error_message: null, updated_at: at })
      .where("id", "in", chunk.map((r) => r.id))
      .where("worker", "=", workerId)
      .where("status", "=", "publishing")
      .returning("id")
      .execute();
    for (const { id } of r) done.add(id);
  }
  return done;
}

/** Pauses the channel's active connection (its login stopped working); true when this call paused it. */
export async function pauseChannel(trx: Trx, workspaceId: string, channelId: string, reason: string, now: Date): Promise<boolean> {
  const changed = await trx
    .updateTable("connections")
    .set({ status: "paused", status_reason: reason.slice(0, 500), updated_at: iso(now) })
    .where("workspace_id", "=", workspaceId)
    .where("channel_id", "=", channelId)
    .where("status", "=", "active")
    .executeTakeFirst();
  return Number(changed.numUpdatedRows) > 0;
}

/** A claimed reminder now waits for a person's confirmation; false when the claim is no longer ours. */
export async function markAwaitingConfirmation(trx: Trx, deliveryId: string, workerId: string, now: Date): Promise<boolean> {
  const done = await trx
    .updateTable("deliveries")
    .set({ status: "awaiting_confirmation", lease_until: null, updated_at: iso(now) })
    .where("id", "=", deliveryId)
    .where("worker", "=", workerId)
    .where("status", "=", "claimed")
    .executeTakeFirst();
  return Number(done.numUpdatedRows) > 0;
}

/** Who is told a reminder is due: the post's assignee, else its author. */
export async function reminderRecipients(trx: Trx | DB, post: { assignee_member_id: string | null; created_by: string | null }): Promise<string[]> {
  const people = post.assignee_member_id
    ? await trx.selectFrom("members").select("user_id").where("id", "=", post.assignee_member_id).execute()
    : await trx.selectFrom("users").select("id as user_id").where("id", "=", post.created_by ?? "").execute();
  return people.map((p) => p.user_id);
}

/** Claims whose lease ran out (their worker died), with the kind of connection they were going out through. */
export async function staleClaims(db: DB, now: Date) {
  return db
    .selectFrom("deliveries")
    .leftJoin("connections", (j) => j.onRef("connections.channel_id", "=", "deliveries.channel_id"))
    .select(["deliveries.id", "deliveries.workspace_id", "deliveries.post_id", "deliveries.worker", "connections.kind"])
    .select("deliveries.status")
    .where("deliveries.status", "in", ["claimed", "publishing"])
    .where("deliveries.lease_until", "<", iso(now))
    .limit(1000)
    .execute();
}

/** Takes back one stale claim (only if it is still stale): queued again, or left for a person. */
export async function takeBackStale(trx: Trx, s: { id: string; status: string; worker: string | null }, again: boolean, now: Date): Promise<boolean> {
  const q = trx.updateTable("deliveries").where("id", "=", s.id).where("status", "=", s.status as Delivery["status"]).where("lease_until", "<", iso(now));
  if (again) {
    await q.set({ status: "scheduled", lease_until: null, worker: null, next_attempt_at: null, updated_at: iso(now) }).execute();
    return false;
  }
  const r = await q
    .set({ status: "needs_attention", lease_until: null, error_code: "publish.interrupted", error_message: `worker ${s.worker ?? "?"} stopped while sending`, updated_at: iso(now) })
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Scheduled deliveries never tried and due more than a minute ago (the server may have been down). */
export async function missedCandidates(db: DB, now: Date) {
  return db
    .selectFrom("deliveries")
    .innerJoin("workspaces", "workspaces.id", "deliveries.workspace_id")
    .innerJoin("posts", "posts.id", "deliveries.post_id")
    .select(["deliveries.id", "deliveries.workspace_id", "deliveries.post_id", "deliveries.due_at", "workspaces.missed_post_minutes"])
    .where("deliveries.status", "=", "scheduled")
    // The example's posts are never missed: they become quiet reminders when the publisher next looks.
    .where("posts.example", "=", 0)
    .where("deliveries.attempts", "=", 0)
    // A person who chose to send it anyway set a time for it: that is not missed.
    .where("deliveries.next_attempt_at", "is", null)
    .where("deliveries.due_at", "<", iso(new Date(now.getTime() - 60_000)))
    .limit(5000)
    .execute();
}

/** A missed delivery waits for a person; true when this call changed it. */
export async function markMissed(trx: Trx, m: { id: string; due_at: string }, now: Date): Promise<boolean> {
  const r = await trx
    .updateTable("deliveries")
    .set({ status: "needs_attention", error_code: "publish.missed", error_message: `due ${m.due_at}, found ${iso(now)}`, updated_at: iso(now) })
    .where("id", "=", m.id)
    .where("status", "=", "scheduled")
    .where("attempts", "=", 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Scheduled recurring posts, with their workspace's time zone. */
export async function recurringPosts(db: DB) {
  return db
    .selectFrom("posts")
    .innerJoin("workspaces", "workspaces.id", "posts.workspace_id")
    .selectAll("posts")
    .select("workspaces.timezone")
    .where("posts.status", "=", "scheduled")
    .where("posts.recurrence", "is not", null)
    .execute();
}

/** The distinct future due times of these posts' scheduled deliveries (for the wake-up signals). */
export async function upcomingDueTimes(db: DB, postIds: string[], now: Date): Promise<string[]> {
  if (!postIds.length) return [];
  const rows = await db
    .selectFrom("deliveries")
    .select("due_at")
    .distinct()
    .where("post_id", "in", postIds)
    .where("status", "=", "scheduled")
    .where("due_at", ">", iso(now))
    .limit(200)
    .execute();
  return rows.map((r) => r.due_at);
}

/** Deliveries waiting in a queue, for health and the bench. */
export async function queueDepth(db: DB): Promise<number> {
  const r = await db.selectFrom("deliveries").select(sql<number>`count(*)`.as("n")).where("status", "=", "scheduled").executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** One asset by id (the media URL route checks its workspace against the URL's signature). */
export async function assetById(db: DB, id: string) {
  return db.selectFrom("assets").select(["id", "workspace_id", "sha256", "content_type", "size"]).where("id", "=", id).executeTakeFirst();
}

/** A workspace row (for the e-mails about a round's notices). */
export async function workspaceById(db: DB, id: string) {
  return db.selectFrom("workspaces").selectAll().where("id", "=", id).executeTakeFirst();
}
