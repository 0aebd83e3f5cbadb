import { Anchor, Badge, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { GoalProgress } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNumbers } from "./DashboardView.tsx";

type Goal = GoalProgress["goals"][number] & { title?: string };

export const VERDICT_COLORS: Record<Goal["verdict"], string> = {
  reached: "teal",
  on_track: "teal",
  behind: "red",
  no_trend: "orange",
  too_little_data: "gray",
  not_measurable: "gray",
};

/**
 * Each SMART goal against its numbers: progress from baseline to target, on track or behind, what is needed per
 * week from now, and when the trend reaches the target (with the fit it comes from and how well it fits).
 */
export function GoalCards({ goals, titleOf, workspaceId, currency }: { goals: Goal[]; titleOf: (id: string) => string; workspaceId: string; currency: string }) {
  const { t } = useTranslation();
  const f = useNumbers(currency);
  if (!goals.length) {
    return (
      <Text size="sm" c="dimmed">
        {t("tracking.noGoals")}{" "}
        <Anchor component={Link} to={`/w/${workspaceId}/strategy/goals`}>
          {t("tracking.openGoals")}
        </Anchor>
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {goals.map((g) => (
        <Card key={g.goalId} withBorder padding="md" data-testid={`goal-${g.goalId}`}>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Title order={3} size="h5">
              {g.title || titleOf(g.goalId) || t("tracking.untitledGoal")}
            </Title>
            <Badge color={VERDICT_COLORS[g.verdict]} variant="light" data-testid="goal-verdict">
              {t(`tracking.verdict.${g.verdict}`)}
            </Badge>
          </Group>
          {g.verdict === "not_measurable" ? (
            <Text size="sm" c="dimmed" mt="xs">
              {t("tracking.notMeasurable")}{" "}
              <Anchor component={Link} to={`/w/${workspaceId}/strategy/goals`} size="sm">
                {t("tracking.openGoals")}
              </Anchor>
            </Text>
          ) : (
            <Stack gap={6} mt="xs">
              <Text size="sm">
                {f.metric(g.metric ?? "")}: <b data-testid="goal-current">{f.n(g.current)}</b> · {t("tracking.baselineTarget", { baseline: f.n(g.baseline), target: f.n(g.target), deadline: g.deadline ?? "—" })}
              </Text>
              <Progress value={Math.max(0, Math.min(100, g.progress ?? 0))} color={VERDICT_COLORS[g.verdict]} aria-label={t("tracking.progress")} />
              <Text size="sm" data-testid="goal-progress">
                {t("tracking.progressOf", { progress: f.n(g.progress, 1) })}
                {g.neededPerWeek !== null && g.verdict !== "reached" ? ` · ${t("tracking.neededPerWeek", { n: f.n(g.neededPerWeek, 1) })}` : ""}
              </Text>
              <Text size="sm" data-testid="goal-forecast">
                {g.verdict === "too_little_data"
                  ? t("tracking.tooLittleData", { points: g.points })
                  : g.forecastDate
                    ? t("tracking.forecast", { date: g.forecastDate })
                    : t("tracking.noForecast")}
              </Text>
              {g.fit && (
                <Text size="xs" c="dimmed">
                  {t(`tracking.fit.${g.fit.kind}`)} · R² {f.n(g.fit.r2, 2)} · {t("tracking.points", { count: g.points })}
                </Text>
              )}
            </Stack>
          )}
        </Card>
      ))}
    </SimpleGrid>
  );
}
