import type { Notice } from "../../context.ts";
import type { EventBus } from "../../lib/events.ts";

/**
 * Once the change that stored them is committed: tells each workspace with new notifications to re-read its bells
 * (`{ type: "notification" }`, on every server through the event bus). Nothing is said when there are none.
 */
export function announceNotices(events: EventBus, notices: readonly Notice[], workspaceId?: string): void {
  const workspaces = new Set(notices.map((n) => n.workspaceId ?? workspaceId).filter((id): id is string => Boolean(id)));
  for (const id of workspaces) events.publish(id, { type: "notification" });
}
