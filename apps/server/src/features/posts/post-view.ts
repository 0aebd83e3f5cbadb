import type { Delivery, DeliveryStatus, Post, PostStatus, PostWarning } from "@socialplan/schema";
import type { DeliveriesTable, PostsTable } from "../../db/schema.ts";
import { mediaOf, variantsOf } from "./post-channels.ts";
import type { LastReview } from "./review-history.ts";

/** A reminder nobody has confirmed this long after its time shows as overdue. */
export const REMINDER_GRACE_MS = 60 * 60_000;

/** The stored status a shown one comes from: publishing, published, failed and needs attention are scheduled posts' news. */
export const STORED_STATUS: Record<PostStatus, string> = {
  idea: "idea",
  draft: "draft",
  in_review: "in_review",
  approved: "approved",
  scheduled: "scheduled",
  publishing: "scheduled",
  published: "scheduled",
  failed: "scheduled",
  needs_attention: "scheduled",
};

export function toDelivery(d: DeliveriesTable, connected: ReadonlySet<string>, now: Date, shortPath: string | null): Delivery {
  return {
    id: d.id,
    channelId: d.channel_id,
    mode: connected.has(d.channel_id) ? "auto" : "reminder",
    dueAt: d.due_at,
    // "claimed" (taken by a worker, about to be sent) is, for people, already publishing.
    status: (d.status === "claimed" ? "publishing" : d.status) as DeliveryStatus,
    overdue: d.status === "awaiting_confirmation" && now.getTime() - Date.parse(d.due_at) > REMINDER_GRACE_MS,
    attempts: d.attempts,
    nextAttemptAt: d.next_attempt_at,
    permalink: d.permalink,
    remoteId: d.remote_id,
    shortPath,
    error: d.error_code ? { code: d.error_code, message: d.error_message ?? "" } : null,
    publishedAt: d.published_at,
  };
}

/**
 * What a scheduled post shows: the publisher's news about its deliveries. A reminder waiting for someone to post
 * it is "publishing"; one left unconfirmed past its grace time needs attention. A post is published only when
 * every channel's copy is (and a recurring one never finishes).
 */
function derivedStatus(r: PostsTable, deliveries: Delivery[]): PostStatus {
  if (r.status !== "scheduled") return r.status as PostStatus;
  const live = deliveries.filter((d) => d.status !== "cancelled");
  if (live.some((d) => d.status === "needs_attention" || d.overdue)) return "needs_attention";
  if (live.some((d) => d.status === "failed")) return "failed";
  if (live.some((d) => d.status === "publishing" || d.status === "awaiting_confirmation")) return "publishing";
  if (!r.recurrence && live.length > 0 && live.every((d) => d.status === "published")) return "published";
  return "scheduled";
}

/** A post's state as shown, from its stored one and its deliveries (as stored). */
export function shownStatus(r: PostsTable, deliveries: readonly DeliveriesTable[], now: Date): PostStatus {
  return derivedStatus(r, deliveries.map((d) => toDelivery(d, new Set(), now, null)));
}

export function toPost(r: PostsTable, deliveries: Delivery[], warnings: PostWarning[], lastReview: LastReview | null): Post {
  return {
    id: r.id,
    status: derivedStatus(r, deliveries),
    title: r.title,
    body: r.body,
    variants: variantsOf(r),
    media: mediaOf(r),
    link: r.link,
    utm: JSON.parse(r.utm) as Record<string, string>,
    pillar: r.pillar,
    campaign: r.campaign,
    goalId: r.goal_id,
    initiativeId: r.initiative_id,
    scheduledAt: r.scheduled_at,
    recurrence: r.recurrence,
    assigneeMemberId: r.assignee_member_id,
    cardId: r.card_id,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    lastReview,
    deliveries,
    warnings,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
