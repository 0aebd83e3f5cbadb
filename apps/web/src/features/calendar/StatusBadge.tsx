import { Badge } from "@mantine/core";
import type { PostStatus } from "@socialplan/schema";
import { useTranslation } from "react-i18next";

export const STATUS_COLORS: Record<PostStatus, string> = {
  idea: "gray",
  draft: "gray",
  in_review: "yellow",
  approved: "lime",
  scheduled: "blue",
  publishing: "cyan",
  published: "teal",
  failed: "red",
  needs_attention: "orange",
};

export function StatusBadge({ status }: { status: PostStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="post-status">
      {t(`posts.status_${status}`)}
    </Badge>
  );
}
