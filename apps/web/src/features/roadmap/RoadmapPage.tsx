import "frappe-gantt.css";
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text } from "@mantine/core";
import type { Card as BoardCard, Entry, GoalData, InitiativeData } from "@socialplan/schema";
import Gantt from "frappe-gantt";
import { toPng } from "html-to-image";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifyError } from "../../lib/notify.ts";
import { useBoard } from "../board/board.ts";
import { usePeople } from "../people/people.ts";
import { useStrategy, useStrategyApi } from "../strategy/strategy.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";

type Zoom = "Week" | "Month" | "Quarter";

const QUARTER = {
  name: "Quarter",
  padding: "3m",
  step: "3m",
  column_width: 160,
  date_format: "YYYY-MM",
  lower_text: (d: Date) => `Q${Math.floor(d.getMonth() / 3) + 1}`,
  upper_text: (d: Date, ld: Date | null) => (!ld || d.getFullYear() !== ld.getFullYear() ? String(d.getFullYear()) : ""),
  thick_line: (d: Date) => d.getMonth() === 0,
};

const endOf = (e: Entry) => (e.kind === "goal" ? (e.data as GoalData).timebound?.deadline : (e.data as InitiativeData).timeline?.end);
const startOf = (e: Entry) => (e.kind === "goal" ? (e.data as GoalData).timebound?.start : (e.data as InitiativeData).timeline?.start);

/** The roadmap (guide §13 `exec.roadmap`): goals and their initiatives over the period, draggable, with progress. */
export function RoadmapPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentWorkspace();
  const strategy = useStrategy(current.workspaceId);
  const board = useBoard(current.workspaceId);
  const people = usePeople(current.workspaceId);
  const api = useStrategyApi(current.workspaceId);
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<Zoom>("Month");
  const today = new Date().toISOString().slice(0, 10);
  const entries = strategy.data ?? [];
  const cards = board.data ?? [];

  const tasksOf = (e: Entry): BoardCard[] => cards.filter((c) => (e.kind === "goal" ? c.goalId === e.id : c.initiativeId === e.id));
  const items = useMemo(() => {
    const goals = entries.filter((e) => e.kind === "goal" && startOf(e) && endOf(e));
    return goals.flatMap((g) => [g, ...entries.filter((e) => e.kind === "initiative" && e.parentId === g.id && startOf(e) && endOf(e))]);
  }, [entries]);
  const undated = entries.filter((e) => (e.kind === "goal" || e.kind === "initiative") && !(startOf(e) && endOf(e)));

  useEffect(() => {
    if (!host.current || items.length === 0) return;
    host.current.innerHTML = "";
    const tasks = items.map((e) => {
      const linked = tasksOf(e);
      const done = linked.filter((c) => c.stage === "done").length;
      const status = e.kind === "initiative" ? (e.data as InitiativeData).status : undefined;
      const overdue = (endOf(e) ?? "") < today && status !== "done";
      const title = e.kind === "goal" ? (e.data as GoalData).title || (e.data as GoalData).specific || "—" : (e.data as InitiativeData).action || "—";
      return {
        id: e.id,
        name: `${title} · ${t("roadmap.tasks", { done, total: linked.length })}`,
        start: startOf(e)!,
        end: endOf(e)!,
        progress: linked.length ? Math.round((done / linked.length) * 100) : status === "done" ? 100 : 0,
        custom_class: overdue ? "sp-overdue" : e.kind === "goal" ? "sp-goal" : "sp-initiative",
        ...(e.kind === "initiative" && e.parentId ? { dependencies: e.parentId } : {}),
      };
    });
    const popup = (ctx: { task: { id: string }; set_title: (s: string) => void; set_subtitle: (s: string) => void; set_details: (s: string) => void }) => {
      const e = items.find((x) => x.id === ctx.task.id)!;
      const d = e.data as InitiativeData & GoalData;
      const owner = people.data?.members.find((m) => m.id === d.owner_member_id)?.name;
      const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
      ctx.set_title(esc(e.kind === "goal" ? d.title || d.specific || "" : d.action || ""));
      ctx.set_subtitle(esc(`${startOf(e)} – ${endOf(e)}`));
      ctx.set_details(
        [
          owner ? `${t("roadmap.owner")}: ${esc(owner)}` : "",
          d.status ? `${t("roadmap.status")}: ${esc(t(`strategy.status.${d.status}`))}` : "",
          d.resources ? `${t("roadmap.resources")}: ${esc(d.resources)}` : d.relevant ? `${t("roadmap.resources")}: ${esc(d.relevant)}` : "",
          d.risks ? `${t("roadmap.risks")}: ${esc(d.risks)}` : "",
        ]
          .filter(Boolean)
          .join("<br/>"),
      );
    };
    new Gantt(host.current, tasks, {
      view_mode: zoom === "Quarter" ? QUARTER : zoom,
      language: i18n.language === "ko" ? "ko" : "en",
      readonly: !current.can("editor"),
      readonly_progress: true,
      popup_on: "click",
      popup,
      scroll_to: "start",
      today_button: false,
      on_date_change: (task: { id: string }, start: Date, end: Date) => void move(task.id, start, end),
    });
    // The chart is rebuilt from the data; the library keeps no state worth keeping.
  }, [items, cards, zoom, i18n.language, people.data]);

  const move = async (id: string, start: Date, end: Date) => {
    const e = items.find((x) => x.id === id);
    if (!e) return;
    const s = new Date(start.getTime() - start.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    // The library's end is exclusive (the next midnight); the app's dates are inclusive.
    const endDay = new Date(end.getTime() - end.getTimezoneOffset() * 60_000 - 1000).toISOString().slice(0, 10);
    const data = e.kind === "goal" ? { ...e.data, timebound: { ...(e.data as GoalData).timebound, start: s, deadline: endDay } } : { ...e.data, timeline: { start: s, end: endDay } };
    try {
      await api.update(e.id, e.version, data);
    } catch (err) {
      notifyError(err);
      await api.refresh();
    }
  };

  const png = async () => {
    if (!chart.current) return;
    try {
      const url = await toPng(chart.current, { backgroundColor: "#ffffff", cacheBust: true });
      const a = document.createElement("a");
      a.href = url;
      a.download = `roadmap-${today}.png`;
      a.click();
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Stack gap="md">
      <PageHeader title={t("roadmap.title")} intro={t("roadmap.intro")} />
      <Group justify="space-between">
        <SegmentedControl value={zoom} onChange={(v) => setZoom(v as Zoom)} data={(["Week", "Month", "Quarter"] as const).map((z) => ({ value: z, label: t(`roadmap.zoom.${z}`) }))} />
        <Group gap="xs">
          <Badge color="red" variant="light">
            {t("roadmap.overdueLegend")}
          </Badge>
          <Button size="xs" variant="default" onClick={() => void png()} disabled={items.length === 0}>
            {t("roadmap.png")}
          </Button>
        </Group>
      </Group>
      {items.length === 0 ? (
        <Text c="dimmed">{t("roadmap.empty")}</Text>
      ) : (
        <Card withBorder padding={0} ref={chart} data-testid="roadmap">
          <style>{`.gantt .sp-goal .bar { fill: var(--mantine-color-teal-2) !important; } .gantt .sp-goal .bar-progress { fill: var(--mantine-color-teal-6) !important; } .gantt .sp-initiative .bar { fill: var(--mantine-color-blue-1) !important; } .gantt .sp-initiative .bar-progress { fill: var(--mantine-color-blue-5) !important; } .gantt .sp-overdue .bar { fill: var(--mantine-color-red-2) !important; stroke: var(--mantine-color-red-7); } .gantt .bar-label { fill: var(--mantine-color-dark-7) !important; }`}</style>
          <div ref={host} />
        </Card>
      )}
      {undated.length > 0 && (
        <Text size="sm" c="dimmed">
          {t("roadmap.undated", { count: undated.length })}
        </Text>
      )}
    </Stack>
  );
}
