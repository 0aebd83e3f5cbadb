import "react-datasheet-grid/dist/style.css";
import { Anchor, Button, Group, MultiSelect, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { METRICS } from "@socialplan/domain";
import { formatMonth, type MetricCell } from "@socialplan/schema";
import { useQuery } from "@tanstack/react-query";
import { DateTime } from "luxon";
import { useEffect, useMemo, useState } from "react";
import { createTextColumn, DataSheetGrid, keyColumn, type Column } from "react-datasheet-grid";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { get, put } from "../../api/client.ts";
import { labelledColumn } from "../../components/labelled-column.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EmptyState, TableSkeleton } from "../../components/Skeletons.tsx";
import { parseAmountText } from "../../lib/numbers.ts";
import { focusableRegion } from "../../components/focusable-region.ts";
import { notifyError } from "../../lib/notify.ts";
import { channelOptions } from "../calendar/PostEditor.tsx";
import { useStrategy } from "../strategy/strategy.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { useTrackingRefresh } from "./tracking.ts";

type Row = { day: string } & Record<string, number | null | string>;
const DEFAULT_COLUMNS = ["followers", "reach", "views", "likes", "comments", "shares", "saves", "link_clicks"];

/**
 * The manual entry grid: one row per day (or week) of a month, one column per metric, for one channel. A block
 * copied from Excel or Google Sheets pastes into the cells it covers ("1,520" is read as 1520); an emptied cell
 * removes its number. Saving sends only what changed.
 */
export function NumbersPage() {
  const { t } = useTranslation();
  const { workspaceId, data: workspace, can } = useCurrentWorkspace();
  const strategy = useStrategy(workspaceId);
  const refresh = useTrackingRefresh(workspaceId);
  const channels = channelOptions(strategy.data, t);
  const [channelId, setChannelId] = useState<string | null>(null);
  const [month, setMonth] = useState(() => DateTime.now().toFormat("yyyy-MM"));
  const [by, setBy] = useState<"day" | "week">("day");
  const [chosen, setMetrics] = useState<string[] | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [saving, setSaving] = useState(false);
  const channel = channelId ?? channels[0]?.id ?? null;
  const start = DateTime.fromFormat(month, "yyyy-MM");
  const from = start.toISODate()!;
  const to = start.endOf("month").toISODate()!;
  const stored = useQuery({
    queryKey: ["tracking", workspaceId, "cells", channel, from, to],
    queryFn: async () => (await get<{ cells: MetricCell[] }>(`/workspaces/${workspaceId}/metrics?channelId=${channel}&from=${from}&to=${to}`)).cells,
    enabled: !!channel,
  });
  // Until someone picks columns: the metrics this channel has numbers for this month, else the usual ones.
  const found = useMemo(() => [...new Set((stored.data ?? []).filter((c) => !c.postId).map((c) => c.metric as string))], [stored.data]);
  const network = channels.find((c) => c.id === channel)?.network;
  const metrics = useMemo(() => chosen ?? (found.length ? found : network === "website" ? ["sessions", "orders", "revenue"] : DEFAULT_COLUMNS), [chosen, found, network]);
  const days = useMemo(() => {
    const all: string[] = [];
    for (let d = start; d.toFormat("yyyy-MM") === month; d = d.plus({ days: 1 })) all.push(d.toISODate()!);
    // By week: a row for each week's first day (the workspace's week start), numbers saved on that day.
    return by === "day" ? all : all.filter((d, i) => i === 0 || DateTime.fromISO(d).weekday === (workspace?.weekStart ?? 1));
  }, [month, by, workspace?.weekStart]);
  const original = useMemo(() => {
    const map = new Map<string, number>();
    for (const c of stored.data ?? []) if (!c.postId && c.value !== null) map.set(`${c.day}|${c.metric}`, c.value);
    return map;
  }, [stored.data]);
  useEffect(() => {
    setRows(days.map((day) => ({ day, ...Object.fromEntries(metrics.map((m) => [m, original.get(`${day}|${m}`) ?? null])) })));
  }, [days, metrics, original]);

  const locale = t("intlLocale");
  const numberColumn = useMemo(
    () =>
      createTextColumn<number | null>({
        alignRight: true,
        formatBlurredInput: (v) => (typeof v === "number" ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(v) : ""),
        formatInputOnFocus: (v) => (typeof v === "number" ? String(v) : ""),
        parseUserInput: parseAmountText,
        parsePastedValue: parseAmountText,
      }),
    [locale],
  );
  const dayFormat = new Intl.DateTimeFormat(locale, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" });
  const columns: Column<Row>[] = [
    { id: "day", title: t("tracking.numbers.day"), disabled: true, minWidth: 130, component: ({ rowData }) => <Text size="sm" px="xs">{dayFormat.format(new Date(`${rowData.day}T00:00:00Z`))}</Text> },
    ...metrics.map((m) => {
      const title = m.startsWith("custom:") ? m.slice(7) : t(`metrics.${m}`);
      // The grid's inputs have no label of their own: each is named by its metric and its day, for screen readers.
      const column = labelledColumn(keyColumn<Row, string>(m, numberColumn as never), (row) => `${title}, ${dayFormat.format(new Date(`${row.day}T00:00:00Z`))}`);
      return {
        ...column,
        title,
        minWidth: 110,
        disabled: !can("editor"),
      };
    }),
  ];
  const changes: MetricCell[] = channel
    ? rows.flatMap((r) =>
        metrics.flatMap((m) => {
          const now = typeof r[m] === "number" ? (r[m] as number) : null;
          const before = original.get(`${r.day}|${m}`) ?? null;
          return now === before ? [] : [{ channelId: channel, day: r.day, metric: m as MetricCell["metric"], value: now }];
        }),
      )
    : [];

  const save = async () => {
    setSaving(true);
    try {
      for (let i = 0; i < changes.length; i += 5000) await put(`/workspaces/${workspaceId}/metrics`, { cells: changes.slice(i, i + 5000) });
      notifications.show({ color: "teal", message: t("tracking.numbers.saved", { count: changes.length }) });
      await stored.refetch();
      void refresh();
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md">
      <PageHeader title={t("tracking.numbers.title")} intro={t("tracking.numbers.intro")} />
      <Anchor component={Link} to={`/w/${workspaceId}/tracking`} size="sm">
        ← {t("tracking.title")}
      </Anchor>
      {!strategy.data ? (
        <TableSkeleton rows={10} />
      ) : !channels.length ? (
        <EmptyState title={t("tracking.empty.title")} body={t("tracking.empty.body")} testId="numbers-empty">
          <Button component={Link} to={`/w/${workspaceId}/strategy/channels`}>
            {t("strategy.addRecord.channel")}
          </Button>
        </EmptyState>
      ) : (
        <>
          <Group align="flex-end">
            <Select
              label={t("tracking.channel")}
              data={channels.map((c) => ({ value: c.id, label: c.label }))}
              value={channel}
              onChange={(v) => {
                setChannelId(v);
                setMetrics(null);
              }}
              allowDeselect={false}
              w={240}
            />
            <Select
              label={t("tracking.numbers.month")}
              data={Array.from({ length: 24 }, (_, i) => DateTime.now().minus({ months: i }).toFormat("yyyy-MM")).map((m) => ({ value: m, label: formatMonth(locale, m, "short") }))}
              value={month}
              onChange={(v) => v && setMonth(v)}
              allowDeselect={false}
              w={140}
            />
            <SegmentedControl
              value={by}
              onChange={(v) => setBy(v as "day" | "week")}
              data={[
                { value: "day", label: t("tracking.numbers.byDay") },
                { value: "week", label: t("tracking.numbers.byWeek") },
              ]}
            />
            <MultiSelect label={t("tracking.numbers.metrics")} data={METRICS.map((m) => ({ value: m, label: t(`metrics.${m}`) }))} value={metrics} onChange={setMetrics} maw={560} style={{ flex: 1 }} />
          </Group>
          <Text size="sm" c="dimmed">
            {t("tracking.numbers.pasteHelp")}
          </Text>
          <div data-testid="numbers-grid" ref={(el) => focusableRegion(el?.querySelector(".dsg-container"), t("tracking.numbers.title"))}>
            <DataSheetGrid value={rows} onChange={(v) => setRows(v as Row[])} columns={columns} lockRows height={560} rowHeight={34} />
          </div>
          <Group justify="flex-end">
            <Text size="sm" c="dimmed">
              {t("tracking.numbers.changes", { count: changes.length })}
            </Text>
            <Button onClick={() => void save()} loading={saving} disabled={!changes.length || !can("editor")} data-testid="save-numbers">
              {t("tracking.numbers.save")}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
