import { Anchor, Badge, Box, Button, Card, Group, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import type { Home, HomePost, Workspace } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { calendarDay, weekDays } from "./home-logic.ts";
import type { HomeDialog } from "./HomePage.tsx";
import { PostStatus } from "./PostStatus.tsx";

/** This week, Monday to Sunday in the workspace's zone: each day's posts with time, channels and state. */
export function HomeWeek({ home, workspace, canEdit, open }: { home: Home; workspace: Workspace; canEdit: boolean; open: (d: HomeDialog) => void }) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  const days = weekDays(home.week, workspace.timezone, new Date());
  const empty = days.every((d) => d.posts.length === 0);
  const dayName = new Intl.DateTimeFormat(locale, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" });
  const short = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" });
  const calendar = `/w/${workspace.id}/calendar`;
  const hasChannel = home.checklist.some((s) => s.step === "channel" && s.done);
  return (
    <Card withBorder data-testid="home-week">
      <Group justify="space-between" mb="sm">
        <Group gap="xs" align="baseline">
          <Title order={2} size="h4">
            {t("home.week.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("home.week.range", { from: short.format(calendarDay(home.week.from)), to: short.format(calendarDay(home.week.to)) })}
          </Text>
        </Group>
        <Anchor component={Link} to={calendar} size="sm">
          {t("home.week.calendar")}
        </Anchor>
      </Group>
      <Stack gap={0}>
        {days.map((day) => (
          <Group
            key={day.date}
            wrap="nowrap"
            align="flex-start"
            gap="sm"
            py={6}
            style={{ borderTop: "1px solid var(--mantine-color-gray-2)", opacity: day.past && !day.posts.length ? 0.6 : 1 }}
            data-testid={`home-day-${day.date}`}
            aria-current={day.today ? "date" : undefined}
          >
            <Box w={96} style={{ flex: "none" }}>
              <Text size="sm" fw={day.today ? 700 : 500} c={day.today ? "teal.9" : undefined}>
                {dayName.format(calendarDay(day.date))}
              </Text>
              {day.today && (
                <Badge size="xs" variant="filled">
                  {t("home.week.today")}
                </Badge>
              )}
            </Box>
            <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
              {day.posts.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t("home.week.nothing")}
                </Text>
              ) : (
                day.posts.map((p) => <PostLine key={`${p.id}@${p.scheduledAt}`} post={p} home={home} workspace={workspace} />)
              )}
            </Stack>
          </Group>
        ))}
      </Stack>
      {empty && (
        <Group mt="sm" gap="sm">
          <Text size="sm" c="dimmed">
            {t("home.week.empty")}
          </Text>
          {canEdit && hasChannel && (
            <Button size="xs" variant="light" onClick={() => open("post")}>
              {t("home.week.plan")}
            </Button>
          )}
        </Group>
      )}
    </Card>
  );
}

/** One post of the day: its time in the workspace's zone, its channels, its title and state; opens where it is worked on. */
function PostLine({ post, home, workspace }: { post: HomePost; home: Home; workspace: Workspace }) {
  const { t } = useTranslation();
  const time = post.scheduledAt
    ? new Intl.DateTimeFormat(t("intlLocale"), { hour: "2-digit", minute: "2-digit", timeZone: workspace.timezone }).format(new Date(post.scheduledAt))
    : t("home.week.noTime");
  const channels = [...new Set(post.channels.map((c) => c.network))].map((n) => t(`home.network.${n}`)).join(", ");
  // A post waiting for my decision opens on the review screen; every other post in the calendar.
  const to =
    post.status === "in_review" && home.canApprove ? `/w/${workspace.id}/review/${encodeURIComponent(post.id)}` : `/w/${workspace.id}/calendar?post=${encodeURIComponent(post.id)}`;
  return (
    <UnstyledButton component={Link} to={to} data-testid="home-post" style={{ borderRadius: 4 }}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600} miw={64} style={{ flex: "none", fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>
          {time}
        </Text>
        <Text size="sm" style={{ flex: "1 1 140px", minWidth: 0 }} truncate="end">
          {post.title || t("home.week.untitled")}
        </Text>
        {channels && (
          <Text size="xs" c="dimmed" style={{ flex: "none" }}>
            {channels}
          </Text>
        )}
        <PostStatus status={post.status} />
      </Group>
    </UnstyledButton>
  );
}
