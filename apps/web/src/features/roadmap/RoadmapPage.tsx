import "frappe-gantt.css";
import "./roadmap.css";
import { usePosts } from "../calendar/posts.ts";
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text } from "@mantine/core";
import { dayInZone, type Card as BoardCard, type Entry, type GoalData, type InitiativeData } from "@socialplan/schema";
import Gantt from "frappe-gantt";
import { toPng } from "html-to-image";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EmptyState, TableSkeleton } from "../../components/Skeletons.tsx";
import { Link } from "react-router";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { focusableRegion } from "../../components/focusable-region.ts";
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

/** A goal's checkpoint shown as a milestone: its own row, one day long, id "<goal id>~<index>". */
interface Milestone {
  kind: "milestone";
  id: string;
  goal: Entry;
  index: number;
  date: string;
  target: number;
}
type Row = Entry | Milestone;
const isMilestone = (r: Row): r is Milestone => r.kind === "milestone";
const milestonesOf = (g: Entry): Milestone[] =>
  ((g.data as GoalData).timebound?.checkpoints ?? []).map((c, index) => ({ kind: "milestone", id: `${g.id}~${index}`, goal: g, index, date: c.date, target: c.target }));

const endOf = (e: Entry) => (e.kind === "goal" ? (e.data as GoalData).timebound?.deadline : (e.data as InitiativeData).timeline?.end);
const startOf = (e: Entry) => (e.kind === "goal" ? (e.data as GoalData).timebound?.start : (e.data as InitiativeData).timeline?.start);

/** The roadmap (guide §13 `exec.roadmap`): goals and their initiatives over the period, draggable, with progress. */
export function RoadmapPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentWorkspace();
  const f = useFormat(current.data?.timezone);
  const strategy = useStrategy(current.workspaceId);
  const board = useBoard(current.workspaceId);
  const posts = usePosts(current.workspaceId);
  const people = usePeople(current.workspaceId);
  const api = useStrategyApi(current.workspaceId);
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<Zoom>("Month");
  // Today on the workspace's calendar (what is overdue, and the date on the exported picture and PDF).
  const today = dayInZone(new Date(), current.data?.timezone ?? "UTC");
  const entries = strategy.data ?? [];
  const cards = board.data ?? [];

  const tasksOf = (e: Entry): BoardCard[] => cards.filter((c) => (e.kind === "goal" ? c.goalId === e.id : c.initiativeId === e.id));
  const postsOf = (e: Entry) => (posts.data ?? []).filter((p) => (e.kind === "goal" ? p.goalId === e.id : p.initiativeId === e.id)).length;
  const items = useMemo<Row[]>(() => {
    const goals = entries.filter((e) => e.kind === "goal" && startOf(e) && endOf(e));
    return goals.flatMap((g) => [g, ...entries.filter((e) => e.kind === "initiative" && e.parentId === g.id && startOf(e) && endOf(e)), ...milestonesOf(g)]);
  }, [entries]);
  const undated = entries.filter((e) => (e.kind === "goal" || e.kind === "initiative") && !(startOf(e) && endOf(e)));
  const firstUndatedGoal = undated.find((e) => e.kind === "goal");

  useEffect(() => {
    if (!host.current || items.length === 0) return;
    host.current.innerHTML = "";
    const tasks = items.map((e) => {
      if (isMilestone(e)) {
        const unit = (e.goal.data as GoalData).measurable?.unit ?? "";
        return { id: e.id, name: `◆ ${t("roadmap.milestone", { target: `${f.number(e.target)}${unit ? ` ${unit}` : ""}` })}`, start: e.date, end: e.date, progress: 0, custom_class: "sp-milestone" };
      }
      const linked = tasksOf(e);
      const done = linked.filter((c) => c.stage === "done").length;
      const status = e.kind === "initiative" ? (e.data as InitiativeData).status : undefined;
      const overdue = (endOf(e) ?? "") < today && status !== "done";
      const title = e.kind === "goal" ? (e.data as GoalData).title || (e.data as GoalData).specific || "—" : (e.data as InitiativeData).action || "—";
      return {
        id: e.id,
        name: `${title} · ${t("roadmap.tasks", { done, total: linked.length })} · ${t("roadmap.posts", { count: postsOf(e) })}`,
        start: startOf(e)!,
        end: endOf(e)!,
        progress: linked.length ? Math.round((done / linked.length) * 100) : status === "done" ? 100 : 0,
        custom_class: overdue ? "sp-overdue" : e.kind === "goal" ? "sp-goal" : "sp-initiative",
        ...(e.kind === "initiative" && e.parentId ? { dependencies: e.parentId } : {}),
      };
    });
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
    const popup = (ctx: { task: { id: string }; set_title: (s: string) => void; set_subtitle: (s: string) => void; set_details: (s: string) => void }) => {
      const row = items.find((x) => x.id === ctx.task.id)!;
      if (isMilestone(row)) {
        const goal = row.goal.data as GoalData;
        ctx.set_title(esc(t("roadmap.milestone", { target: f.number(row.target) })));
        ctx.set_subtitle(esc(row.date));
        ctx.set_details(esc(`${t("roadmap.milestoneOf")}: ${goal.title || goal.specific || ""}`));
        return;
      }
      const e = row;
      const d = e.data as InitiativeData & GoalData;
      const owner = people.data?.members.find((m) => m.id === d.owner_member_id)?.name;
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
    focusableRegion(host.current.querySelector(".gantt-container"), t("roadmap.title"));
    // The chart is rebuilt from the data; the library keeps no state worth keeping.
  }, [items, cards, posts.data, zoom, i18n.language, people.data]);

  const move = async (id: string, start: Date, end: Date) => {
    const row = items.find((x) => x.id === id);
    if (!row) return;
    const s = new Date(start.getTime() - start.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    // The library's end is exclusive (the next midnight); the app's dates are inclusive.
    const endDay = new Date(end.getTime() - end.getTimezoneOffset() * 60_000 - 1000).toISOString().slice(0, 10);
    const e = isMilestone(row) ? row.goal : row;
    const timebound = (e.data as GoalData).timebound;
    const data = isMilestone(row)
      ? { ...e.data, timebound: { ...timebound, checkpoints: (timebound?.checkpoints ?? []).map((c, i) => (i === row.index ? { ...c, date: s } : c)) } }
      : e.kind === "goal" ? { ...e.data, timebound: { ...(e.data as GoalData).timebound, start: s, deadline: endDay } } : { ...e.data, timeline: { start: s, end: endDay } };
    try {
      await api.update(e.id, e.version, data);
    } catch (err) {
      notifyError(err);
      await api.refresh();
    }
  };

  const picture = () => toPng(chart.current!, { backgroundColor: "#ffffff", cacheBust: true, pixelRatio: 2 });
  const download = (href: string, name: string) => {
    const a = document.createElement("a");
    a.href = href;
    a.download = name;
    a.click();
  };
  const png = async () => {
    if (!chart.current) return;
    try {
      download(await picture(), `roadmap-${today}.png`);
    } catch (e) {
      notifyError(e);
    }
  };
  /** The chart as it is on screen, on a landscape A4 page (or several, for a long roadmap), with the workspace and the date. */
  const pdf = async () => {
    if (!chart.current) return;
    try {
      const [{ jsPDF }, url] = await Promise.all([import("jspdf"), picture()]);
      const image = await new Promise<HTMLImageElement>((resolve, reject) => {
        const img = new Image();
        img.onload = () => resolve(img);
        img.onerror = reject;
        img.src = url;
      });
      const doc = new jsPDF({ orientation: "landscape", unit: "mm", format: "a4" });
      const margin = 10;
      const width = doc.internal.pageSize.getWidth() - 2 * margin;
      const pageHeight = doc.internal.pageSize.getHeight() - 2 * margin - 8;
      const scale = width / image.width;
      // Cut the picture into page-high slices so that nothing is squeezed.
      const sliceHeight = Math.floor(pageHeight / scale);
      for (let top = 0, page = 0; top < image.height; top += sliceHeight, page++) {
        const slice = document.createElement("canvas");
        slice.width = image.width;
        slice.height = Math.min(sliceHeight, image.height - top);
        slice.getContext("2d")!.drawImage(image, 0, top, image.width, slice.height, 0, 0, image.width, slice.height);
        if (page > 0) doc.addPage();
        doc.setFontSize(10);
        // The medium style ("Dec 7, 2026", "2026. 12. 7.") has no Hangul, which jsPDF's built-in font cannot draw.
        doc.text(`${current.data?.name ?? ""} · ${f.day(today)}`, margin, margin + 2);
        doc.addImage(slice.toDataURL("image/png"), "PNG", margin, margin + 6, width, slice.height * scale);
      }
      download(URL.createObjectURL(doc.output("blob")), `roadmap-${today}.pdf`);
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
          <Button size="xs" variant="default" onClick={() => void pdf()} disabled={items.length === 0}>
            {t("roadmap.pdf")}
          </Button>
        </Group>
      </Group>
      {!strategy.data ? (
        <TableSkeleton rows={6} height={22} />
      ) : items.length === 0 ? (
        <EmptyState title={t("roadmap.emptyTitle")} body={t("roadmap.empty")} testId="roadmap-empty">
          <Button component={Link} to={`/w/${current.workspaceId}/strategy/goals${firstUndatedGoal ? `?open=${firstUndatedGoal.id}&field=timebound.deadline` : ""}`}>
            {firstUndatedGoal ? t("roadmap.dateGoal") : t("strategy.addRecord.goal")}
          </Button>
        </EmptyState>
      ) : (
        <Card withBorder padding={0} ref={chart} data-testid="roadmap">
          <style>{`.gantt .sp-goal .bar { fill: var(--mantine-color-teal-2) !important; } .gantt .sp-goal .bar-progress { fill: var(--mantine-color-teal-6) !important; } .gantt .sp-initiative .bar { fill: var(--mantine-color-blue-1) !important; } .gantt .sp-initiative .bar-progress { fill: var(--mantine-color-blue-5) !important; } .gantt .sp-overdue .bar { fill: var(--mantine-color-red-2) !important; stroke: var(--mantine-color-red-7); } .gantt .sp-milestone .bar { fill: var(--mantine-color-yellow-5) !important; } .gantt .bar-label { fill: var(--mantine-color-dark-7) !important; }`}</style>
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
