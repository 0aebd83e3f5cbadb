import type { Membership, ServiceContext, UserRow } from "../../context.ts";
import type { DeliveriesTable } from "../../db/schema.ts";
import { iso } from "../../lib/clock.ts";
import { AppError, conflict } from "../../lib/errors.ts";
import { findDelivery, updateDeliveryFrom } from "./posts.repository.ts";

async function requireDelivery(ctx: ServiceContext, workspaceId: string, postId: string, deliveryId: string): Promise<DeliveriesTable> {
  const d = await findDelivery(ctx.db, workspaceId, postId, deliveryId);
  if (!d) throw new AppError(404, "post.delivery_not_found");
  return d;
}

/** Changes the delivery only if nobody changed it meanwhile. */
async function settle(ctx: ServiceContext, d: DeliveriesTable, set: Partial<DeliveriesTable>): Promise<void> {
  if (!(await updateDeliveryFrom(ctx.db, d.id, d.status, set))) throw conflict("post.delivery_state", { status: d.status });
}

/** A member posted a reminder by hand: the copy is published, with its permalink when given. */
export async function confirmDelivery(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, deliveryId: string, permalink: string | null | undefined): Promise<void> {
  const d = await requireDelivery(ctx, m.workspaceId, postId, deliveryId);
  if (!["awaiting_confirmation", "needs_attention", "failed", "scheduled"].includes(d.status)) throw conflict("post.delivery_state", { status: d.status });
  await markPublishedByHand(ctx, d, user, permalink ?? null);
}

async function markPublishedByHand(ctx: ServiceContext, d: DeliveriesTable, user: UserRow, permalink: string | null) {
  const now = iso(ctx.now);
  await settle(ctx, d, { status: "published", permalink, confirmed_by: user.id, published_at: now, error_code: null, error_message: null, lease_until: null, updated_at: now });
}

/**
 * A person settles a copy the publisher could not: send it again (only they can decide when the outcome was
 * unknown), record that it is out (with its link), or drop it.
 */
export async function resolveDelivery(ctx: ServiceContext, m: Membership, user: UserRow, postId: string, deliveryId: string, action: "retry" | "published" | "cancel", permalink: string | null | undefined): Promise<void> {
  const d = await requireDelivery(ctx, m.workspaceId, postId, deliveryId);
  if (!["needs_attention", "failed", "awaiting_confirmation"].includes(d.status)) throw conflict("post.delivery_state", { status: d.status });
  if (action === "published") return markPublishedByHand(ctx, d, user, permalink ?? null);
  const now = iso(ctx.now);
  await settle(
    ctx,
    d,
    action === "retry"
      ? // A person sends it again: earlier steps (containers, a publish marker) no longer count.
        { status: "scheduled", next_attempt_at: now, error_code: null, error_message: null, lease_until: null, worker: null, remote_steps: null, updated_at: now }
      : { status: "cancelled", updated_at: now },
  );
}
