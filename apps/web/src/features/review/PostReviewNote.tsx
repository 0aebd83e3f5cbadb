import { Alert, Anchor, Group, Text } from "@mantine/core";
import type { Post } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../lib/format.ts";

/**
 * Where a post stands in review, in the post's editor: a link to its review while it waits, the reviewer's note
 * when changes were asked for, and who approved it.
 */
export function PostReviewNote({ workspaceId, timeZone, post }: { workspaceId: string; timeZone: string; post: Post }) {
  const { t } = useTranslation();
  const f = useFormat(timeZone);
  const review = `/w/${workspaceId}/review/${post.id}`;
  const last = post.lastReview;
  const someone = t("approvals.someone");
  if (post.status === "in_review") {
    return (
      <Group gap="xs" data-testid="post-review-note">
        <Text size="sm" c="dimmed">
          {t("posts.waitingForReview")}
        </Text>
        <Anchor component={Link} to={review} size="sm" fw={600}>
          {t("posts.openReview")}
        </Anchor>
      </Group>
    );
  }
  if (last?.decision === "changes_requested") {
    return (
      <Alert color="orange" title={t("approvals.changesRequestedBy", { name: last.byName ?? someone })} data-testid="post-review-note">
        {last.note && (
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {last.note}
          </Text>
        )}
        <Anchor component={Link} to={review} size="sm">
          {t("posts.seeConversation")}
        </Anchor>
      </Alert>
    );
  }
  if (last?.decision === "approved" || post.approvedAt) {
    const at = last?.at ?? post.approvedAt!;
    return (
      <Group gap="xs" data-testid="post-review-note">
        <Text size="xs" c="teal.9">
          {t("posts.approvedBy", { name: last?.byName ?? someone, when: f.dateTime(at) })}
        </Text>
        <Anchor component={Link} to={review} size="xs">
          {t("posts.seeConversation")}
        </Anchor>
      </Group>
    );
  }
  return null;
}
