import type { EventDropArg, EventInput } from "@fullcalendar/core";
import koLocale from "@fullcalendar/core/locales/ko";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin, { type DateClickArg } from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import luxonPlugin from "@fullcalendar/luxon3";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { Badge, Button, Card, Group, MultiSelect, Select, Stack, Table, Text, Title } from "@mantine/core";
import { occurrences, utcToZoned, zonedWeekStart } from "@socialplan/domain";
import { POST_STATUSES, entryTitle, type ChannelData, type Post } from "@socialplan/schema";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageSkeleton, TableSkeleton } from "../../components/Skeletons.tsx";
import { AddChannelBanner } from "./AddChannelBanner.tsx";
import { notifyError } from "../../lib/notify.ts";
import { useStrategy } from "../strategy/strategy.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { ConnectionsPanel } from "./ConnectionsPanel.tsx";
import { FeedDialog } from "./FeedDialog.tsx";
import { ImportDialog } from "./ImportDialog.tsx";
import { channelOptions, PostEditor } from "./PostEditor.tsx";
import { usePostApi, usePosts } from "./posts.ts";
import { STATUS_COLORS, StatusBadge } from "./StatusBadge.tsx";
import { NETWORK_COLORS } from "./network-colors.ts";


const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, luxonPlugin];
const TOOLBAR = { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listMonth" };
const LOCALES = [koLocale];
const TIME_FORMAT = { hour: "2-digit", minute: "2-digit", hour12: false } as const;

interface Range {
  start: string;
  end: string;
}

/** The instants a post occupies within a range: its time, or each occurrence of its rule. */
function timesOf(p: Post, zone: string, range: Range): string[] {
  if (!p.scheduledAt) return [];
  if (!p.recurrence) return p.scheduledAt >= range.start && p.scheduledAt < range.end ? [p.scheduledAt] : [];
  try {
    return occurrences(p.recurrence, utcToZoned(p.scheduledAt, zone), zone, range.start, range.end, 400);
  } catch {
    return [];
  }
}

/**
 * The content calendar (guide §13 `exec.calendar`): month, week and list views in the workspace's time zone,
 * coloured by channel, filtered by channel, status, campaign and goal; posts are dragged to another day or time;
 * the target market's holidays are shown; each channel's weekly cadence is checked against the strategy.
 */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentWorkspace();
  const workspace = current.data;
  const posts = usePosts(current.workspaceId);
  const strategy = useStrategy(current.workspaceId);
  const apiPosts = usePostApi(current.workspaceId);
  const [params, setParams] = useSearchParams();
  const [range, setRange] = useState<Range | null>(null);
  // A goal's card links here with `?goal=`: the calendar opens filtered on that goal's posts.
  const [filters, setFilters] = useState<{ channels: string[]; statuses: string[]; campaign: string | null; goal: string | null }>(() => ({ channels: [], statuses: [], campaign: null, goal: params.get("goal") }));
  const [draft, setDraft] = useState<{ date: string; time: string } | null>(null);
  const [dialog, setDialog] = useState<"accounts" | "import" | "feed" | null>(null);
  const canEdit = current.can("editor");
  const zone = workspace?.timezone ?? "UTC";
  const channels = useMemo(() => channelOptions(strategy.data, t), [strategy.data, t]);
  const channelById = useMemo(() => new Map(channels.map((c) => [c.id, c])), [channels]);
  const goals = (strategy.data ?? []).filter((e) => e.kind === "goal");
  const campaigns = [...new Set((posts.data ?? []).flatMap((p) => (p.campaign ? [p.campaign] : [])))];
  const openId = params.get("post");
  const open = openId ? (posts.data?.find((p) => p.id === openId) ?? null) : null;

  // A goal's posts include those of its initiatives.
  const goalInitiatives = useMemo(() => new Set((strategy.data ?? []).filter((e) => e.kind === "initiative" && e.parentId === filters.goal).map((e) => e.id)), [strategy.data, filters.goal]);
  const shown = useMemo(
    () =>
      (posts.data ?? []).filter(
        (p) =>
          (!filters.channels.length || p.variants.some((v) => filters.channels.includes(v.channelId))) &&
          (!filters.statuses.length || filters.statuses.includes(p.status)) &&
          (!filters.campaign || p.campaign === filters.campaign) &&
          (!filters.goal || p.goalId === filters.goal || (p.initiativeId !== null && goalInitiatives.has(p.initiativeId))),
      ),
    [posts.data, filters, goalInitiatives],
  );

  const events = useMemo((): EventInput[] => {
    if (!range) return [];
    const out: EventInput[] = [];
    for (const p of shown) {
      const first = channelById.get(p.variants[0]?.channelId ?? "");
      const color = NETWORK_COLORS[first?.network ?? "other"];
      const movable = canEdit && !p.recurrence && ["idea", "draft", "in_review", "approved", "scheduled"].includes(p.status) && !p.deliveries.some((d) => d.status !== "scheduled" || d.attempts > 0);
      for (const at of timesOf(p, zone, range)) {
        out.push({
          id: p.recurrence ? `${p.id}@${at}` : p.id,
          title: `${p.title || t("posts.untitled")}${p.variants.length > 1 ? ` +${p.variants.length - 1}` : ""}`,
          start: at,
          allDay: false,
          backgroundColor: color,
          borderColor: STATUS_COLORS[p.status] === "red" || p.status === "needs_attention" ? "#fa5252" : color,
          textColor: "#fff",
          startEditable: movable,
          extendedProps: { postId: p.id, status: p.status },
          classNames: [`post-${p.status}`],
        });
      }
    }
    // The target market's holidays and shopping days (strategy §9), yearly ones in every year shown.
    const geo = (strategy.data ?? []).find((e) => e.kind === "geo");
    const holidays = ((geo?.data as { holidays?: { name: string; date: string; yearly?: boolean }[] } | undefined)?.holidays ?? []);
    const years = [Number(range.start.slice(0, 4)), Number(range.end.slice(0, 4))];
    for (const h of holidays) {
      const dates = h.yearly ? [...new Set(years)].map((y) => `${y}${h.date.slice(4)}`) : [h.date];
      for (const date of dates) out.push({ id: `holiday-${h.name}-${date}`, title: `★ ${h.name}`, start: date, allDay: true, display: "block", backgroundColor: "#fff3bf", borderColor: "#fab005", textColor: "#5c3c00", editable: false, extendedProps: { holiday: true } });
    }
    return out;
  }, [range, shown, channelById, canEdit, zone, strategy.data, t]);

  // Cadence: posts per week on each channel with a target, for the weeks shown.
  const cadence = useMemo(() => {
    if (!range || !workspace) return null;
    // From this week on: past weeks cannot be planned any more.
    const thisWeek = zonedWeekStart(new Date().toISOString(), zone, workspace.weekStart);
    const weeks: string[] = [];
    for (let d = new Date(range.start); d.toISOString() < range.end; d = new Date(d.getTime() + 7 * 86_400_000)) {
      const w = zonedWeekStart(d.toISOString(), zone, workspace.weekStart);
      if (!weeks.includes(w) && w >= thisWeek) weeks.push(w);
    }
    if (!weeks.length) return null;
    const rows = (strategy.data ?? [])
      .filter((e) => e.kind === "channel" && ((e.data as ChannelData).posts_per_week ?? 0) > 0)
      .map((e) => {
        const target = (e.data as ChannelData).posts_per_week!;
        const counts = weeks.map((w) => (posts.data ?? []).filter((p) => p.variants.some((v) => v.channelId === e.id)).flatMap((p) => timesOf(p, zone, range)).filter((at) => zonedWeekStart(at, zone, workspace.weekStart) === w).length);
        return { id: e.id, label: channelById.get(e.id)?.label ?? "", target, counts };
      });
    return { weeks, rows };
  }, [range, workspace, zone, strategy.data, posts.data, channelById]);

  const openPost = (id: string | null) => {
    setDraft(null);
    setParams(id ? { post: id } : {}, { replace: true });
  };

  const onDrop = async (arg: EventDropArg) => {
    const id = arg.event.extendedProps.postId as string | undefined;
    if (!id || !arg.event.start) return arg.revert();
    try {
      await apiPosts.move(id, arg.event.start.toISOString());
    } catch (e) {
      arg.revert();
      notifyError(e);
    }
  };

  const onDateClick = (arg: DateClickArg) => {
    if (!canEdit) return;
    const local = utcToZoned(arg.date, zone);
    setParams({}, { replace: true });
    setDraft({ date: local.date, time: arg.allDay ? "10:00" : local.time });
  };

  if (!workspace) {
    return (
      <PageSkeleton>
        <TableSkeleton rows={6} height={60} />
      </PageSkeleton>
    );
  }
  const unscheduled = shown.filter((p) => !p.scheduledAt);
  return (
    <Stack gap="md">
      <PageHeader title={t("calendar.title")} intro={t("calendar.intro", { zone })} />
      <Group justify="space-between">
        <Group gap="xs">
          {canEdit && (
            <Button onClick={() => { setParams({}, { replace: true }); setDraft({ date: "", time: "10:00" }); }}>
              {t("posts.new")}
            </Button>
          )}
          <Button variant="default" onClick={() => setDialog("accounts")}>
            {t("connections.title")}
          </Button>
          {canEdit && (
            <Button variant="default" onClick={() => setDialog("import")}>
              {t("import.title")}
            </Button>
          )}
          <Button variant="default" component="a" href={`/api/workspaces/${current.workspaceId}/posts/export`}>
            {t("calendar.export")}
          </Button>
          <Button variant="default" onClick={() => setDialog("feed")}>
            {t("feed.title")}
          </Button>
        </Group>
      </Group>
      {strategy.data && channels.length === 0 && <AddChannelBanner workspaceId={workspace.id} canEdit={canEdit} />}
      <Group gap="sm" align="end">
        <MultiSelect label={t("calendar.channels")} data={channels.map((c) => ({ value: c.id, label: c.label }))} value={filters.channels} onChange={(v) => setFilters((x) => ({ ...x, channels: v }))} clearable w={220} />
        <MultiSelect label={t("calendar.status")} data={POST_STATUSES.map((s) => ({ value: s, label: t(`posts.status_${s}`) }))} value={filters.statuses} onChange={(v) => setFilters((x) => ({ ...x, statuses: v }))} clearable w={220} />
        <Select label={t("posts.campaign")} data={campaigns} value={filters.campaign} onChange={(v) => setFilters((x) => ({ ...x, campaign: v }))} clearable w={180} />
        <Select label={t("posts.goal")} data={goals.map((g) => ({ value: g.id, label: entryTitle(g) || t("strategy.untitled") }))} value={filters.goal} onChange={(v) => setFilters((x) => ({ ...x, goal: v }))} clearable w={200} />
      </Group>
      <Card withBorder padding="sm" data-testid="calendar">
        <FullCalendar
          plugins={PLUGINS}
          initialView="dayGridMonth"
          headerToolbar={TOOLBAR}
          timeZone={zone}
          locales={LOCALES}
          locale={i18n.language === "ko" ? "ko" : "en"}
          firstDay={workspace.weekStart % 7}
          height="auto"
          events={events}
          editable={canEdit}
          eventDurationEditable={false}
          eventDrop={(arg) => void onDrop(arg)}
          dateClick={onDateClick}
          eventClick={(arg) => {
            const id = arg.event.extendedProps.postId as string | undefined;
            if (id) openPost(id);
          }}
          datesSet={(arg) => {
            const next = { start: arg.start.toISOString(), end: arg.end.toISOString() };
            // FullCalendar reports its range after every render; only a new range is news.
            setRange((r) => (r && r.start === next.start && r.end === next.end ? r : next));
          }}
          dayMaxEvents={4}
          eventDisplay="block"
          nowIndicator
          eventTimeFormat={TIME_FORMAT}
        />
      </Card>
      {cadence && cadence.rows.length > 0 && (
        <Card withBorder padding="md">
          <Title order={2} size="h5" mb="xs">
            {t("calendar.cadence")}
          </Title>
          <Table withTableBorder={false} data-testid="cadence">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("calendar.channel")}</Table.Th>
                <Table.Th>{t("calendar.target")}</Table.Th>
                {cadence.weeks.map((w) => (
                  <Table.Th key={w}>{t("calendar.weekOf", { date: w.slice(5) })}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cadence.rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.label}</Table.Td>
                  <Table.Td>{r.target}</Table.Td>
                  {r.counts.map((n, i) => (
                    <Table.Td key={i}>
                      <Badge variant="light" color={n < r.target ? "red" : n > r.target ? "orange" : "teal"} title={n < r.target ? t("calendar.below") : n > r.target ? t("calendar.above") : t("calendar.onTarget")}>
                        {n}/{r.target}
                      </Badge>
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <Card withBorder padding="md">
        <Title order={2} size="h5" mb="xs">
          {t("calendar.unscheduled")}
        </Title>
        {unscheduled.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("calendar.noUnscheduled")}
          </Text>
        ) : (
          <Stack gap={4}>
            {unscheduled.map((p) => (
              <Group key={p.id} gap="xs" style={{ cursor: "pointer" }} onClick={() => openPost(p.id)}>
                <StatusBadge status={p.status} />
                <Text size="sm">{p.title || t("posts.untitled")}</Text>
              </Group>
            ))}
          </Stack>
        )}
      </Card>
      {(open || draft) && (
        <PostEditor
          key={open?.id ?? "new"}
          workspace={workspace}
          post={open}
          start={draft}
          entries={strategy.data}
          canEdit={canEdit}
          canApprove={current.can("admin")}
          onClose={() => {
            setDraft(null);
            openPost(null);
          }}
        />
      )}
      {dialog === "accounts" && <ConnectionsPanel workspace={workspace} channels={channels} canManage={current.can("admin")} onClose={() => setDialog(null)} />}
      {dialog === "import" && <ImportDialog workspaceId={workspace.id} zone={zone} channels={channels} onClose={() => setDialog(null)} />}
      {dialog === "feed" && <FeedDialog workspaceId={workspace.id} canManage={current.can("admin")} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
