import { occurrences, utcToZoned } from "@socialplan/domain";
import type { DB } from "../../db/database.ts";
import type { DeliveriesTable, PostsTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { newId } from "../../lib/ids.ts";
import { variantsOf } from "./post-channels.ts";
import { deliveryStates, insertDeliveries } from "./posts.repository.ts";

type DeliveryRow = DeliveriesTable;

/** How far ahead a recurring post's occurrences are turned into deliveries. */
export const RECURRENCE_HORIZON_MS = 8 * 86_400_000;

/** A delivery row that nothing has happened to yet, with what is given. */
export function deliveryRow(fields: Pick<DeliveryRow, "workspace_id" | "post_id" | "channel_id" | "due_at" | "created_at"> & Partial<DeliveryRow>): DeliveryRow {
  return {
    id: newId(),
    status: "scheduled",
    attempts: 0,
    next_attempt_at: null,
    lease_until: null,
    worker: null,
    remote_id: null,
    remote_steps: null,
    permalink: null,
    error_code: null,
    error_message: null,
    published_at: null,
    confirmed_by: null,
    updated_at: fields.created_at,
    ...fields,
  };
}

/** Deliveries of a post at `dueAt`, one per channel, unless they exist already (the identity is unique). */
export async function createDeliveries(db: DB, row: Pick<PostsTable, "id" | "workspace_id" | "variants">, dueAt: string, now: Date): Promise<void> {
  const values = variantsOf(row).map((v) => deliveryRow({ workspace_id: row.workspace_id, post_id: row.id, channel_id: v.channelId, due_at: dueAt, created_at: iso(now) }));
  await insertDeliveries(db, values);
}

/**
 * A recurring post's occurrences from its start up to the horizon become deliveries (the publisher calls this on
 * every round, so the series never runs out). Occurrences before `since` are not created after the fact.
 */
export async function materialiseRecurrence(db: DB, row: PostsTable, zone: string, since: Date, now: Date): Promise<void> {
  if (!row.recurrence || !row.scheduled_at) return;
  const start = utcToZoned(row.scheduled_at, zone);
  const from = iso(new Date(Math.max(Date.parse(row.scheduled_at), since.getTime())));
  const to = iso(new Date(now.getTime() + RECURRENCE_HORIZON_MS));
  for (const at of occurrences(row.recurrence, start, zone, from, to, 100)) await createDeliveries(db, row, at, now);
}

/** Deliveries the publisher has not touched yet can be moved or withdrawn; anything else is under way. */
export async function untouched(db: DB, postId: string) {
  const all = await deliveryStates(db, postId);
  const idle = all.filter((d) => d.status === "scheduled" && d.attempts === 0);
  return { idle, started: all.filter((d) => !idle.includes(d) && d.status !== "cancelled") };
}
