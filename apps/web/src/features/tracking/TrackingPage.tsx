import { Box, Button, Group, NativeSelect, SegmentedControl, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { entryTitle, type BlueskySync } from "@socialplan/schema";
import { post } from "../../api/client.ts";
import { notifyError } from "../../lib/notify.ts";
import { useConnections } from "../calendar/posts.ts";
import { NumbersRefresh } from "../connections/NumbersRefresh.tsx";
import { DateTime } from "luxon";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { CardsSkeleton, TableSkeleton } from "../../components/Skeletons.tsx";
import { useFormat } from "../../lib/format.ts";
import { channelOptions } from "../calendar/PostEditor.tsx";
import { useStrategy } from "../strategy/strategy.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { DashboardView } from "./DashboardView.tsx";
import { GoalCards } from "./GoalCards.tsx";
import { MetricImportDialog } from "./MetricImportDialog.tsx";
import { useBestTimes, useDashboard, useGoalProgress, useTrackingRefresh, type Period } from "./tracking.ts";

const PERIOD_PRESETS = ["7d", "30d", "90d", "month", "lastMonth", "365d"] as const;
type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** A preset period ending today, in the workspace's time zone. */
function periodOf(preset: PeriodPreset, zone: string, now = DateTime.now()): Period {
  const today = now.setZone(zone).startOf("day");
  const back = (days: number) => ({ from: today.minus({ days: days - 1 }).toISODate()!, to: today.toISODate()! });
  switch (preset) {
    case "7d":
      return back(7);
    case "30d":
      return back(30);
    case "90d":
      return back(90);
    case "365d":
      return back(365);
    case "month":
      return { from: today.startOf("month").toISODate()!, to: today.toISODate()! };
    case "lastMonth": {
      const last = today.minus({ months: 1 });
      return { from: last.startOf("month").toISODate()!, to: last.endOf("month").toISODate()! };
    }
  }
}



/** Tracking (guide §13 `exec.tracking`): every goal against its numbers, then every channel's numbers for a period. */
export function TrackingPage() {
  const { t } = useTranslation();
  const { workspaceId, data: workspace, can } = useCurrentWorkspace();
  const [preset, setPreset] = useState<PeriodPreset>("30d");
  const [channelId, setChannelId] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const zone = workspace?.timezone ?? "UTC";
  const f = useFormat(zone);
  const period = useMemo(() => periodOf(preset, zone), [preset, zone]);
  const dashboard = useDashboard(workspaceId, period, channelId);
  const goals = useGoalProgress(workspaceId);
  const best = useBestTimes(workspaceId, period.to);
  const strategy = useStrategy(workspaceId);
  const refresh = useTrackingRefresh(workspaceId);
  const channels = channelOptions(strategy.data, t).map((c) => ({ value: c.id, label: c.label }));
  const connections = useConnections(workspaceId);
  const hasBluesky = (connections.data ?? []).some((c) => c.kind === "bluesky");
  const [syncing, setSyncing] = useState(false);
  const readBluesky = async () => {
    setSyncing(true);
    try {
      const r = await post<BlueskySync>(`/workspaces/${workspaceId}/metrics/bluesky`);
      const parts = [t("tracking.bluesky.matched", { matched: r.matched, posts: r.posts })];
      if (r.missing.length) parts.push(t("tracking.bluesky.missing", { count: r.missing.length }));
      parts.push(r.appView === false ? t("tracking.bluesky.noAppView") : t("tracking.bluesky.numbers", { count: r.numbers }));
      notifications.show({ color: r.missing.length ? "orange" : "teal", message: parts.join(" "), autoClose: 10_000 });
      void refresh();
    } catch (e) {
      notifyError(e);
    } finally {
      setSyncing(false);
    }
  };
  const periodChoices = PERIOD_PRESETS.map((p) => ({ value: p, label: t(`tracking.periods.${p}`) }));
  const titleOf = (id: string) => {
    const e = strategy.data?.find((x) => x.id === id);
    return e ? entryTitle(e) : "";
  };
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <PageHeader title={t("tracking.title")} intro={t("tracking.intro")} />
        <Group>
          {can("editor") && (
            <>
              <Button variant="default" component={Link} to={`/w/${workspaceId}/tracking/numbers`}>
                {t("tracking.enterNumbers")}
              </Button>
              <Button variant="default" onClick={() => setImporting(true)} data-testid="import-metrics">
                {t("tracking.importNumbers")}
              </Button>
            </>
          )}
          {can("editor") && hasBluesky && (
            <Button variant="default" loading={syncing} onClick={() => void readBluesky()} data-testid="bluesky-sync">
              {t("tracking.bluesky.read")}
            </Button>
          )}
          <Button component={Link} to={`/w/${workspaceId}/reports`}>
            {t("tracking.reports")}
          </Button>
        </Group>
      </Group>

      <NumbersRefresh workspaceId={workspaceId} zone={zone} canRefresh={can("editor")} />
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t("tracking.goals")}
        </Title>
        {goals.data ? <GoalCards goals={goals.data} titleOf={titleOf} workspaceId={workspaceId} currency={workspace?.currency ?? "USD"} timezone={workspace?.timezone ?? "UTC"} entries={strategy.data ?? []} /> : <CardsSkeleton count={2} lines={4} />}
      </Stack>

      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          {t("tracking.channels")}
        </Title>
        <Group wrap="wrap" w={{ base: "100%", md: "auto" }}>
          {/* Six periods side by side need ~560 px: a phone gets the same choice as a list. */}
          <Box visibleFrom="md">
            <SegmentedControl value={preset} onChange={(v) => setPreset(v as PeriodPreset)} data={periodChoices} aria-label={t("tracking.period")} />
          </Box>
          <NativeSelect hiddenFrom="md" aria-label={t("tracking.period")} value={preset} onChange={(e) => setPreset(e.currentTarget.value as PeriodPreset)} data={periodChoices} style={{ flex: 1 }} miw={140} />
          <Select aria-label={t("tracking.channel")} placeholder={t("tracking.allChannels")} data={channels} value={channelId} onChange={setChannelId} clearable w={{ base: "auto", md: 220 }} style={{ flex: 1 }} miw={160} />
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t("tracking.comparedWith", {
          from: f.day(period.from),
          to: f.day(period.to),
          previousFrom: dashboard.data ? f.day(dashboard.data.period.previousFrom) : "…",
          previousTo: dashboard.data ? f.day(dashboard.data.period.previousTo) : "…",
        })}
      </Text>
      {dashboard.data ? (
        <DashboardView d={dashboard.data} best={best.data} workspaceId={workspaceId} />
      ) : (
        <Stack gap="lg" aria-busy="true">
          <CardsSkeleton count={2} lines={5} />
          <TableSkeleton rows={5} />
        </Stack>
      )}
      <MetricImportDialog
        workspaceId={workspaceId}
        channels={channels}
        opened={importing}
        onClose={() => setImporting(false)}
        onDone={() => void refresh()}
      />
    </Stack>
  );
}
