import { DOCUMENT_FORMATS, type UpdatePost } from "@socialplan/schema";
import type { DB } from "../../db/database.ts";
import { badRequest, type FieldIssue } from "../../lib/errors.ts";
import { channelsOf } from "./post-channels.ts";
import { assetKinds, memberExists, strategyEntryOfKind } from "./posts.repository.ts";

/** Goals, initiatives, channels, media and the assignee named by a post must belong to this workspace. */
export async function checkReferences(db: DB, workspaceId: string, patch: UpdatePost): Promise<void> {
  const issues: FieldIssue[] = [];
  if (patch.goalId && !(await strategyEntryOfKind(db, workspaceId, patch.goalId, "goal"))) issues.push({ field: "goalId", key: "post.unknown_goal" });
  if (patch.initiativeId && !(await strategyEntryOfKind(db, workspaceId, patch.initiativeId, "initiative"))) issues.push({ field: "initiativeId", key: "post.unknown_initiative" });
  if (patch.variants) {
    const channels = await channelsOf(db, workspaceId);
    const seen = new Set<string>();
    patch.variants.forEach((v, i) => {
      if (!channels.has(v.channelId)) issues.push({ field: `variants.${i}.channelId`, key: "post.unknown_channel" });
      if (seen.has(v.channelId)) issues.push({ field: `variants.${i}.channelId`, key: "post.channel_twice" });
      seen.add(v.channelId);
    });
  }
  if (patch.media?.length) {
    const found = await assetKinds(db, workspaceId, patch.media.map((x) => x.assetId));
    patch.media.forEach((x, i) => {
      const asset = found.find((a) => a.id === x.assetId);
      if (!asset) issues.push({ field: `media.${i}.assetId`, key: "post.unknown_asset" });
      // A document goes out only where a network posts documents (LinkedIn: PDF, PowerPoint, Word); each channel's
      // rules then say whether its network takes it.
      else if (asset.kind === "document" ? !(DOCUMENT_FORMATS as readonly string[]).includes(asset.content_type) : asset.kind !== "image" && asset.kind !== "video") issues.push({ field: `media.${i}.assetId`, key: "post.media_kind" });
    });
  }
  if (patch.assigneeMemberId && !(await memberExists(db, workspaceId, patch.assigneeMemberId))) issues.push({ field: "assigneeMemberId", key: "post.unknown_member" });
  if (issues.length) throw badRequest("validation.failed", {}, issues);
}
