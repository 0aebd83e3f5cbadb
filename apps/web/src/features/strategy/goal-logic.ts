import type { GoalGap, Post } from "@socialplan/schema";
import { fieldLink } from "./missing.ts";

/** The goal editor's field for each thing a goal lacks to be measured (see the goal progress's `missing`). */
export const GAP_FIELDS: Readonly<Record<GoalGap, string>> = {
  metric: "measurable.metric",
  channels: "measurable.channels",
  baseline: "measurable.baseline",
  target: "measurable.target",
  deadline: "timebound.deadline",
};

/** Where to fix what a goal lacks: its editor at that field, or the channels page when there is no channel to pick. */
export function gapTarget(workspaceId: string, goalId: string, gap: GoalGap, hasChannels: boolean): string {
  if (gap === "channels" && !hasChannels) return `/w/${workspaceId}/strategy/channels`;
  return fieldLink(`/w/${workspaceId}/strategy/goals`, goalId, GAP_FIELDS[gap]);
}

/** The posts that work for a goal: linked to it or to one of its initiatives. */
export function postsOfGoal(posts: readonly Post[], goalId: string, initiativeIds: readonly string[]): Post[] {
  return posts.filter((p) => p.goalId === goalId || (p.initiativeId !== null && initiativeIds.includes(p.initiativeId)));
}
