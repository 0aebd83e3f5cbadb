import { Button, Card, Group, SimpleGrid, Text, Title } from "@mantine/core";
import type { Entry, GoalData } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { GoalProgressView, todayIn, VerdictBadge, type GoalMeasure } from "./GoalProgressView.tsx";

export { VERDICT_COLORS } from "./GoalProgressView.tsx";

type Goal = GoalMeasure & { title?: string };

/**
 * Each SMART goal against its numbers: progress from baseline to target, on track or behind, the checkpoint due,
 * what is needed per week from now, and when the trend reaches the target (with the fit it comes from and how
 * well it fits); a goal that cannot be measured yet says what it lacks, with a button to add it.
 */
export function GoalCards({ goals, titleOf, workspaceId, currency, timezone = "UTC", entries = [] }: {
  goals: Goal[];
  titleOf: (id: string) => string;
  workspaceId: string;
  currency: string;
  timezone?: string;
  /** The strategy's records: the goals' checkpoints and direction, and whether there are channels. */
  entries?: readonly Entry[];
}) {
  const { t } = useTranslation();
  const today = todayIn(timezone);
  const hasChannels = entries.some((e) => e.kind === "channel");
  if (!goals.length) {
    return (
      <Card withBorder padding="md" data-testid="goals-empty">
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed" maw={560}>
            {t("tracking.noGoalsBody")}
          </Text>
          <Button component={Link} to={`/w/${workspaceId}/strategy/goals`} variant="light">
            {t("strategy.addRecord.goal")}
          </Button>
        </Group>
      </Card>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {goals.map((g) => {
        const data = entries.find((e) => e.id === g.goalId)?.data as GoalData | undefined;
        return (
          <Card key={g.goalId} withBorder padding="md" data-testid={`goal-${g.goalId}`}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
              <Title order={3} size="h5">
                {g.title || titleOf(g.goalId) || t("tracking.untitledGoal")}
              </Title>
              <VerdictBadge verdict={g.verdict} />
            </Group>
            <GoalProgressView
              g={g}
              {...(data?.timebound?.checkpoints ? { checkpoints: data.timebound.checkpoints } : {})}
              {...(data?.measurable?.direction ? { direction: data.measurable.direction } : {})}
              today={today}
              workspaceId={workspaceId}
              currency={currency}
              hasChannels={hasChannels || g.channelIds.length > 0}
            />
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
