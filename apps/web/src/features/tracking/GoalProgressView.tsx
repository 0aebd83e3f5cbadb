import { Badge, Button, Group, Progress, Stack, Text } from "@mantine/core";
import { checkpointStanding, dayIn, type Checkpoint } from "@socialplan/domain";
import type { GoalGap, GoalProgress } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ChartFrame } from "../../components/ChartFrame.tsx";
import { useFormat } from "../../lib/format.ts";
import { gapTarget } from "../strategy/goal-logic.ts";
import { useNumbers } from "./DashboardView.tsx";

export type GoalMeasure = GoalProgress["goals"][number];

export const VERDICT_COLORS: Record<GoalMeasure["verdict"], string> = {
  reached: "teal",
  on_track: "teal",
  behind: "red",
  no_trend: "orange",
  too_little_data: "gray",
  not_measurable: "gray",
};

/** Today as "YYYY-MM-DD" in a time zone (the workspace's, for checkpoints). */
export function todayIn(timeZone: string, now = new Date()): string {
  const d = dayIn(now, timeZone);
  return `${d.month}-${String(d.day).padStart(2, "0")}`;
}

export function VerdictBadge({ verdict }: { verdict: GoalMeasure["verdict"] }) {
  const { t } = useTranslation();
  return (
    <Badge color={VERDICT_COLORS[verdict]} variant="light" data-testid="goal-verdict" style={{ flexShrink: 0 }}>
      {t(`tracking.verdict.${verdict}`)}
    </Badge>
  );
}

/**
 * What a goal that cannot be measured yet still lacks, by name, each with a button to the goal editor's field
 * (or to the channels page when there is no channel to measure it on).
 */
export function GoalGaps({ goalId, missing, workspaceId, hasChannels }: { goalId: string; missing: readonly GoalGap[]; workspaceId: string; hasChannels: boolean }) {
  const { t } = useTranslation();
  const list = new Intl.ListFormat(t("intlLocale"), { type: "conjunction" }).format(missing.map((g) => t(`tracking.gaps.${g}`)));
  return (
    <Stack gap={6} data-testid="goal-gaps">
      <Text size="sm">{missing.length ? t("tracking.gapsSentence", { list }) : t("tracking.notMeasurable")}</Text>
      <Group gap="xs">
        {missing.map((gap) => (
          <Button key={gap} component={Link} to={gapTarget(workspaceId, goalId, gap, hasChannels)} size="compact-sm" variant="light" data-testid={`goal-gap-${gap}`}>
            {gap === "channels" && !hasChannels ? t("tracking.gapButtons.addChannel") : t(`tracking.gapButtons.${gap}`)}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

/**
 * One goal against its numbers: the KPI from baseline to target, a progress bar, the checkpoint due (reached or
 * missed) and the next, what is needed per week, and when the trend reaches the target — or, when it cannot be
 * measured yet, exactly what is missing.
 */
export function GoalProgressView({ g, checkpoints, direction, today, workspaceId, currency, hasChannels }: {
  g: GoalMeasure;
  checkpoints?: readonly Checkpoint[];
  direction?: "increase" | "decrease";
  today: string;
  workspaceId: string;
  currency: string;
  hasChannels: boolean;
}) {
  const { t } = useTranslation();
  const f = useNumbers(currency);
  // Deadlines, checkpoints and forecasts are calendar days: written in words, never shifted by a zone.
  const { day } = useFormat();
  if (g.verdict === "not_measurable") return <GoalGaps goalId={g.goalId} missing={g.missing ?? []} workspaceId={workspaceId} hasChannels={hasChannels} />;
  const standing = checkpointStanding({ checkpoints: checkpoints ?? [], today, current: g.current, ...(direction ? { direction } : {}) });
  return (
    <Stack gap={6}>
      <Text size="sm">
        {f.metric(g.metric ?? "")}: <b data-testid="goal-current">{f.n(g.current)}</b> · {t("tracking.baselineTarget", { baseline: f.n(g.baseline), target: f.n(g.target), deadline: g.deadline ? day(g.deadline) : "—" })}
      </Text>
      <ChartFrame
        title={t("tracking.progressChart", { metric: f.metric(g.metric ?? "") })}
        file={`goal-${g.goalId.slice(0, 8)}-${today}`}
        testId="goal-chart"
        small
        table={{
          columns: [t("tracking.csv.metric"), t("tracking.csv.baseline"), t("tracking.csv.current"), t("tracking.csv.target"), t("tracking.csv.progress"), t("tracking.csv.neededPerWeek"), t("tracking.csv.deadline"), t("tracking.csv.forecast")],
          rows: [[f.metric(g.metric ?? ""), g.baseline, g.current, g.target, g.progress === null ? null : Math.round(g.progress * 10) / 10, g.neededPerWeek === null ? null : Math.round(g.neededPerWeek * 10) / 10, g.deadline, g.forecastDate]],
        }}
      >
        <Progress value={Math.max(0, Math.min(100, g.progress ?? 0))} color={VERDICT_COLORS[g.verdict]} aria-label={t("tracking.progress")} />
      </ChartFrame>
      <Text size="sm" data-testid="goal-progress">
        {t("tracking.progressOf", { progress: f.n(g.progress, 1) })}
        {g.neededPerWeek !== null && g.verdict !== "reached" ? ` · ${t("tracking.neededPerWeek", { n: f.n(g.neededPerWeek, 1) })}` : ""}
      </Text>
      {(standing.due || standing.next) && (
        <Group gap="xs" data-testid="goal-checkpoints">
          {standing.due && (
            <Badge variant="light" color={standing.due.reached === null ? "gray" : standing.due.reached ? "teal" : "red"} data-state={standing.due.reached === null ? "due" : standing.due.reached ? "reached" : "missed"}>
              {t(`tracking.checkpoint.${standing.due.reached === null ? "due" : standing.due.reached ? "reached" : "missed"}`, { date: day(standing.due.date), target: f.n(standing.due.target, 2) })}
            </Badge>
          )}
          {standing.next && (
            <Text size="xs" c="dimmed">
              {t("tracking.checkpoint.next", { date: day(standing.next.date), target: f.n(standing.next.target, 2) })}
            </Text>
          )}
        </Group>
      )}
      <Text size="sm" data-testid="goal-forecast">
        {g.verdict === "too_little_data" ? t("tracking.tooLittleData", { points: g.points }) : g.forecastDate ? t("tracking.forecast", { date: day(g.forecastDate) }) : t("tracking.noForecast")}
      </Text>
      {g.fit && (
        <Text size="xs" c="dimmed">
          {t(`tracking.fit.${g.fit.kind}`)} · R² {f.n(g.fit.r2, 2)} · {t("tracking.points", { count: g.points })}
        </Text>
      )}
    </Stack>
  );
}
