import { readLocalTime } from "@socialplan/domain";
import type { LocalTime } from "@socialplan/schema";
import { badRequest } from "../../lib/errors.ts";

/**
 * The instant of a request's time, given either as an instant (`scheduledAt`) or as a wall-clock time
 * (`scheduledLocal`, in its zone or the workspace's), by the one local-time rule of the domain: a time the clock
 * skips is refused with the two nearest real times unless the client chose one; a time that happens twice is the
 * first unless it asked for the later (the post then carries a `time_twice` warning that says so).
 */
export function requestedInstant<T extends { scheduledAt?: string | null | undefined; scheduledLocal?: LocalTime | undefined }>(
  body: T,
  workspaceZone: string,
): Omit<T, "scheduledLocal"> {
  const { scheduledLocal, ...rest } = body;
  if (!scheduledLocal) return rest;
  if (body.scheduledAt !== undefined) throw badRequest("validation.failed", {}, [{ field: "scheduledLocal", key: "post.time_both" }]);
  const zone = scheduledLocal.timeZone ?? workspaceZone;
  const local = { date: scheduledLocal.dateTime.slice(0, 10), time: scheduledLocal.dateTime.slice(11, 16) };
  const r = readLocalTime(local, zone);
  if (r.kind === "exact") return { ...rest, scheduledAt: r.instant };
  if (r.kind === "ambiguous") return { ...rest, scheduledAt: scheduledLocal.disambiguation === "later" ? r.later : r.earlier };
  if (scheduledLocal.disambiguation) return { ...rest, scheduledAt: scheduledLocal.disambiguation === "later" ? r.later : r.earlier };
  throw badRequest("validation.failed", {}, [
    {
      field: "scheduledLocal.dateTime",
      key: "post.time_skipped",
      params: { date: local.date, time: local.time, zone, gap: r.gapMinutes, earlier: r.earlierLocal.time, later: r.laterLocal.time },
    },
  ]);
}
