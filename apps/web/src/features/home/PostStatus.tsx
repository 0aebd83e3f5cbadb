import { Badge } from "@mantine/core";
import type { PostStatus as Status } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Icon, type IconName } from "./icons.tsx";

/** Each state of a post with a colour, an icon and a word: the colour is never the only sign. */
export const STATUS_LOOK: Record<Status, { color: string; icon: IconName }> = {
  idea: { color: "gray", icon: "bulb" },
  draft: { color: "gray", icon: "pencil" },
  in_review: { color: "yellow", icon: "eye" },
  approved: { color: "lime", icon: "check" },
  scheduled: { color: "blue", icon: "clock" },
  publishing: { color: "cyan", icon: "send" },
  published: { color: "teal", icon: "done" },
  failed: { color: "red", icon: "failed" },
  needs_attention: { color: "orange", icon: "alert" },
};

export function PostStatus({ status }: { status: Status }) {
  const { t } = useTranslation();
  const look = STATUS_LOOK[status];
  return (
    <Badge color={look.color} variant="light" leftSection={<Icon name={look.icon} size={12} />} data-testid="post-status" style={{ flex: "none" }}>
      {t(`home.status.${status}`)}
    </Badge>
  );
}
