import { Avatar, Badge, Box, Group, Stack, Text } from "@mantine/core";
import type { PostActivity } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import { splitMentions } from "./mentions.ts";

const EVENT_COLORS: Record<PostActivity["kind"], string> = {
  comment: "gray",
  submitted: "yellow",
  approved: "teal",
  changes_requested: "orange",
  unapproved: "gray",
  scheduled: "blue",
  unscheduled: "gray",
};

/** A post's conversation and history, oldest first: who said or did what, and when (in the workspace's zone). */
export function ActivityThread({ activity, names, timeZone }: { activity: PostActivity[]; names: string[]; timeZone: string }) {
  const { t } = useTranslation();
  const f = useFormat(timeZone);
  if (activity.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("approvals.noActivity")}
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="post-activity" component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }}>
      {activity.map((a) => {
        const who = a.authorName ?? t("approvals.someone");
        return (
          <Group key={a.id} component="li" gap="sm" align="start" wrap="nowrap" data-testid="activity-item" data-kind={a.kind}>
            <Avatar size={30} radius="xl" color={EVENT_COLORS[a.kind]} variant={a.kind === "comment" ? "light" : "filled"} aria-hidden>
              {[...who][0]?.toUpperCase()}
            </Avatar>
            <Box style={{ minWidth: 0, flex: 1 }}>
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={600}>
                  {a.kind === "comment" ? who : t(`approvals.event_${a.kind}`, { name: who })}
                </Text>
                {a.guest && (
                  <Badge size="xs" variant="outline" color="grape">
                    {t("approvals.viaLink")}
                  </Badge>
                )}
                <Text size="xs" c="dimmed" component="time" dateTime={a.createdAt} title={f.exact(a.createdAt)}>
                  {f.relative(a.createdAt)}
                </Text>
              </Group>
              {a.body && (
                <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} c={a.kind === "changes_requested" ? "orange.9" : undefined}>
                  {splitMentions(a.body, names).map((p, i) =>
                    p.mention ? (
                      <Text key={i} span fw={600} c="blue.9">
                        {p.text}
                      </Text>
                    ) : (
                      p.text
                    ),
                  )}
                </Text>
              )}
            </Box>
          </Group>
        );
      })}
    </Stack>
  );
}
