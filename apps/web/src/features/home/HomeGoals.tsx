import { Anchor, Badge, Button, Card, Group, Progress, Stack, Text, Title } from "@mantine/core";
import type { Home, HomeGoal } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { calendarDay } from "./home-logic.ts";
import type { HomeDialog } from "./HomePage.tsx";
import { Icon, type IconName } from "./icons.tsx";

const VERDICT_LOOK: Record<HomeGoal["verdict"], { color: string; icon: IconName }> = {
  reached: { color: "teal", icon: "done" },
  on_track: { color: "teal", icon: "check" },
  behind: { color: "red", icon: "alert" },
  no_trend: { color: "orange", icon: "clock" },
  too_little_data: { color: "gray", icon: "clock" },
  not_measurable: { color: "gray", icon: "open" },
};
const SHOWN = 4;

/** Each goal at a glance: verdict, progress from baseline to target, the forecast; or exactly what it lacks. */
export function HomeGoals({ home, workspaceId, canEdit, open }: { home: Home; workspaceId: string; canEdit: boolean; open: (d: HomeDialog) => void }) {
  const { t } = useTranslation();
  const goalsPath = `/w/${workspaceId}/strategy/goals`;
  return (
    <Card withBorder data-testid="home-goals">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t("home.goals.title")}
        </Title>
        {home.goals.length > 0 && (
          <Anchor component={Link} to={goalsPath} size="sm">
            {t("home.goals.all")}
          </Anchor>
        )}
      </Group>
      {home.goals.length === 0 ? (
        <Stack gap="xs" align="flex-start">
          <Text size="sm" c="dimmed">
            {t("home.goals.none")}
          </Text>
          {canEdit && (
            <Button size="xs" variant="light" onClick={() => open("goal")}>
              {t("home.goals.add")}
            </Button>
          )}
        </Stack>
      ) : (
        <Stack gap="md">
          {home.goals.slice(0, SHOWN).map((g) => (
            <GoalRow key={g.goalId} goal={g} goalsPath={goalsPath} numbersPath={`/w/${workspaceId}/tracking/numbers`} />
          ))}
          {home.goals.length > SHOWN && (
            <Anchor component={Link} to={goalsPath} size="sm">
              {t("home.goals.more", { count: home.goals.length - SHOWN })}
            </Anchor>
          )}
        </Stack>
      )}
    </Card>
  );
}

function GoalRow({ goal: g, goalsPath, numbersPath }: { goal: HomeGoal; goalsPath: string; numbersPath: string }) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  const n = (x: number | null) => (x === null ? "—" : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(x));
  const day = (d: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(calendarDay(d));
  const look = VERDICT_LOOK[g.verdict];
  const missing = new Intl.ListFormat(locale, { type: "conjunction" }).format(g.missing.map((gap) => t(`home.goals.gap.${gap}`)));
  const linked = [g.posts > 0 && t("home.goals.posts", { count: g.posts }), g.initiatives > 0 && t("home.goals.initiatives", { count: g.initiatives })].filter(Boolean).join(" · ");
  const forecast = () => {
    if (g.verdict === "too_little_data") {
      return (
        <>
          {t("home.goals.tooLittleData", { points: g.points })}{" "}
          <Anchor component={Link} to={numbersPath} size="xs">
            {t("home.goals.enterNumbers")}
          </Anchor>
        </>
      );
    }
    if (!g.forecastDate) return t("home.goals.noForecast");
    return t(g.deadline && g.forecastDate > g.deadline ? "home.goals.forecastLate" : "home.goals.forecast", { date: day(g.forecastDate) });
  };
  return (
    <Stack gap={4} data-testid={`home-goal-${g.goalId}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Text fw={600} size="sm" lineClamp={2}>
          {g.title || t("home.goals.untitled")}
        </Text>
        <Badge color={look.color} variant="light" leftSection={<Icon name={look.icon} size={12} />} style={{ flex: "none" }} data-testid="goal-verdict">
          {t(`home.goals.verdict.${g.verdict}`)}
        </Badge>
      </Group>
      {g.verdict === "not_measurable" ? (
        <Text size="sm" c="dimmed">
          {t("home.goals.missing", { missing })}{" "}
          <Anchor component={Link} to={goalsPath} size="sm" fw={600}>
            {t("home.goals.fix")}
          </Anchor>
        </Text>
      ) : (
        <>
          <Group gap="sm" wrap="nowrap">
            <Progress value={Math.max(0, Math.min(100, g.progress ?? 0))} color={look.color} size="lg" style={{ flex: 1 }} aria-label={t("home.goals.progressLabel")} />
            <Text size="sm" fw={600} w={52} ta="right">
              {g.progress === null ? "—" : t("home.goals.percent", { percent: Math.round(g.progress) })}
            </Text>
          </Group>
          <Text size="sm">
            {g.current === null ? t("home.goals.fromTo", { baseline: n(g.baseline), target: n(g.target) }) : t("home.goals.currentOf", { current: n(g.current), target: n(g.target) })}
            {g.deadline && ` · ${t("home.goals.deadline", { date: day(g.deadline) })}`}
            {g.neededPerWeek !== null && g.verdict === "behind" && ` · ${t("home.goals.neededPerWeek", { n: n(g.neededPerWeek) })}`}
          </Text>
          {g.verdict !== "reached" && (
            <Text size="xs" c="dimmed" data-testid="goal-forecast">
              {forecast()}
            </Text>
          )}
        </>
      )}
      {linked && (
        <Text size="xs" c="dimmed">
          {linked}
        </Text>
      )}
    </Stack>
  );
}
