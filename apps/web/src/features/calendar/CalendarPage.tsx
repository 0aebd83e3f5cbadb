import type { DayCellMountArg, EventContentArg, EventDropArg, EventInput } from "@fullcalendar/core";
import koLocale from "@fullcalendar/core/locales/ko";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin, { type DateClickArg, type DropArg } from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import luxonPlugin from "@fullcalendar/luxon3";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { Button, Card, Checkbox, Group, Menu, SegmentedControl, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { utcToZoned, zonedWeekStart } from "@socialplan/domain";
import type { Asset, ChannelData } from "@socialplan/schema";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageSkeleton, TableSkeleton } from "../../components/Skeletons.tsx";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { useStrategy } from "../strategy/strategy.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { AddChannelBanner } from "./AddChannelBanner.tsx";
import { AssetShelf } from "./AssetShelf.tsx";
import { BulkBar } from "./BulkBar.tsx";
import { CadenceTable, type Cadence } from "./CadenceTable.tsx";
import classes from "./calendar.module.css";
import { dayForKey, isMovable, isoWeekday, isTyping, timesOf, toggle, type Filters, type Range } from "./calendar-logic.ts";
import { CalendarFilters } from "./CalendarFilters.tsx";
import { ConnectionsPanel } from "./ConnectionsPanel.tsx";
import { QuotaNotice } from "./QuotaNotice.tsx";
import { DuplicateDialog } from "./DuplicateDialog.tsx";
import { FeedDialog } from "./FeedDialog.tsx";
import { ImportDialog } from "./ImportDialog.tsx";
import { useSlots } from "./planning.ts";
import { PostChip, STATUS_TINT, type ChipLayout } from "./PostChip.tsx";
import { channelOptions, PostEditor } from "./PostEditor.tsx";
import { usePostApi, usePosts } from "./posts.ts";
import { NextSlotButton, QueueView } from "./QueueView.tsx";
import { SlotsDialog } from "./SlotsDialog.tsx";
import { StatusBadge, STATUS_FILL } from "./StatusBadge.tsx";
import { notifyChange } from "./undo.tsx";

const PLUGINS = [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin, luxonPlugin];
const VIEWS = ["dayGridMonth", "timeGridWeek", "listMonth"] as const;
type View = (typeof VIEWS)[number];
const TOOLBAR = { left: "prev,next today", center: "title", right: VIEWS.join(",") };
// On a phone the views move to a control of their own above the calendar (the toolbar has no room for six buttons).
const PHONE_TOOLBAR = { left: "title", right: "today prev,next" };
// On a phone: hours as "08" and narrow weekday headers, so seven columns keep room for the chips.
const PHONE_HOURS = { hour: "2-digit", hour12: false } as const;
const PHONE_DAY_HEADER = { weekday: "narrow", day: "numeric", omitCommas: true } as const;
const PHONE_MONTH_HEADER = { weekday: "narrow" } as const;
const LOCALES = [koLocale];
const TIME_FORMAT = { hour: "2-digit", minute: "2-digit", hour12: false } as const;
/** The editor on the calendar page opens the duplicate dialog with this window event (detail: the post's id). */
export const DUPLICATE_EVENT = "socialplan:duplicate-post";

/**
 * The content calendar (guide §13 `exec.calendar`): month, week and list views in the workspace's time zone; each
 * post a chip with its status, time, channels and first image, previewed on hover or focus; filtered by channel,
 * status, campaign and goal; posts dragged to another day or time, selected and changed together, duplicated, put
 * into posting slots, or started by dragging an image onto a day; every change can be undone; the target market's
 * holidays are shown; each channel's weekly cadence is checked against the strategy.
 */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentWorkspace();
  const workspace = current.data;
  const posts = usePosts(current.workspaceId);
  const strategy = useStrategy(current.workspaceId);
  const slots = useSlots(current.workspaceId);
  const apiPosts = usePostApi(current.workspaceId);
  const phone = useMediaQuery("(max-width: 40em)") ?? false;
  const [params, setParams] = useSearchParams();
  const [range, setRange] = useState<Range | null>(null);
  const [view, setView] = useState<View>("dayGridMonth");
  // A goal's card links here with `?goal=`: the calendar opens filtered on that goal's posts.
  const [filters, setFilters] = useState<Filters>(() => ({ channels: [], statuses: [], campaign: null, goal: params.get("goal") }));
  const [draft, setDraft] = useState<{ date: string; time: string } | null>(null);
  const [dialog, setDialog] = useState<"accounts" | "import" | "feed" | "slots" | "queue" | null>(() => (params.get("accounts") ? "accounts" : null));
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const calendar = useRef<FullCalendar>(null);
  const grid = useRef<HTMLDivElement>(null);
  const focusDay = useRef<string | null>(null);
  const canEdit = current.can("editor");
  const zone = workspace?.timezone ?? "UTC";
  const f = useFormat(zone);
  const channels = useMemo(() => channelOptions(strategy.data, t), [strategy.data, t]);
  const channelById = useMemo(() => new Map(channels.map((c) => [c.id, c])), [channels]);
  const postById = useMemo(() => new Map((posts.data ?? []).map((p) => [p.id, p])), [posts.data]);
  const openId = params.get("post");
  const open = openId ? (postById.get(openId) ?? null) : null;

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
      const movable = canEdit && isMovable(p);
      for (const at of timesOf(p, zone, range)) {
        out.push({
          id: p.recurrence ? `${p.id}@${at}` : p.id,
          title: p.title || p.body.split("\n")[0] || t("posts.untitled"),
          start: at,
          allDay: false,
          backgroundColor: STATUS_TINT[p.status],
          borderColor: STATUS_FILL[p.status],
          textColor: "#212529",
          startEditable: movable,
          extendedProps: { postId: p.id, at },
          classNames: [`post-${p.status}`],
        });
      }
    }
    // The target market's holidays and shopping days (strategy §9), yearly ones in every year shown.
    const geo = (strategy.data ?? []).find((e) => e.kind === "geo");
    const holidays = (geo?.data as { holidays?: { name: string; date: string; yearly?: boolean }[] } | undefined)?.holidays ?? [];
    const years = [Number(range.start.slice(0, 4)), Number(range.end.slice(0, 4))];
    for (const h of holidays) {
      const dates = h.yearly ? [...new Set(years)].map((y) => `${y}${h.date.slice(4)}`) : [h.date];
      for (const date of dates) out.push({ id: `holiday-${h.name}-${date}`, title: `★ ${h.name}`, start: date, allDay: true, display: "block", backgroundColor: "#fff3bf", borderColor: "#fab005", textColor: "#5c3c00", editable: false, extendedProps: { holiday: true } });
    }
    return out;
  }, [range, shown, canEdit, zone, strategy.data, t]);

  // Cadence: posts per week on each channel with a target, for the weeks shown.
  const cadence = useMemo((): Cadence | null => {
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

  const openPost = useCallback(
    (id: string | null) => {
      setDraft(null);
      setParams(id ? { post: id } : {}, { replace: true });
    },
    [setParams],
  );
  const startPost = useCallback(
    (date: string, time: string) => {
      if (!canEdit) return;
      setParams({}, { replace: true });
      setDraft({ date, time });
    },
    [canEdit, setParams],
  );
  // A new post on a day starts at the first posting slot of that weekday, else at 10:00.
  const slotTime = (date: string) => {
    const weekday = isoWeekday(date);
    return (slots.data ?? []).flatMap((c) => c.slots).filter((s) => s.weekday === weekday).map((s) => s.time).sort()[0] ?? "10:00";
  };

  const onDrop = async (arg: EventDropArg) => {
    const id = arg.event.extendedProps.postId as string | undefined;
    const before = arg.oldEvent.start?.toISOString();
    if (!id || !arg.event.start || !before) return arg.revert();
    try {
      const moved = await apiPosts.move(id, arg.event.start.toISOString());
      notifyChange(t("calendar.moved", { when: f.dateTime(moved.scheduledAt ?? arg.event.start.toISOString()) }), async () => {
        await apiPosts.move(id, before);
      });
    } catch (e) {
      arg.revert();
      notifyError(e);
    }
  };

  // An image from the shelf: a draft with it, on the day (and time, in the week view) it was dropped, or undated.
  const startWithAsset = async (asset: { id: string; alt: string }, when: { date: string; time: string } | null) => {
    try {
      const created = await apiPosts.create({ status: "draft", media: [{ assetId: asset.id, alt: asset.alt }], ...(when ? { scheduledLocal: { dateTime: `${when.date}T${when.time}` } } : {}) });
      openPost(created.id);
      notifyChange(when ? t("calendar.shelf.started", { when: f.dateTime(created.scheduledAt ?? "") }) : t("calendar.shelf.startedUndated"), () => apiPosts.remove(created.id));
    } catch (e) {
      notifyError(e);
    }
  };
  const onExternalDrop = (arg: DropArg) => {
    const id = arg.draggedEl.getAttribute("data-asset-id");
    if (!id || !canEdit) return;
    const local = utcToZoned(arg.date, zone);
    void startWithAsset({ id, alt: arg.draggedEl.getAttribute("data-asset-alt") ?? "" }, { date: local.date, time: arg.allDay ? slotTime(local.date) : local.time });
  };

  const onDateClick = (arg: DateClickArg) => {
    const local = utcToZoned(arg.date, zone);
    startPost(local.date, arg.allDay ? slotTime(local.date) : local.time);
  };

  // `n` starts a post (not while typing, nor over another dialog); the editor's "Duplicate" asks for the dialog.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "n" || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target as HTMLElement | null)) return;
      if (!canEdit || document.querySelector("[role=dialog]")) return;
      e.preventDefault();
      setParams({}, { replace: true });
      setDraft({ date: "", time: "10:00" });
    };
    const onDuplicate = (e: Event) => setDuplicateOf((e as CustomEvent<string>).detail);
    window.addEventListener("keydown", onKey);
    window.addEventListener(DUPLICATE_EVENT, onDuplicate);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener(DUPLICATE_EVENT, onDuplicate);
    };
  }, [canEdit, setParams]);

  // The month grid: one day is in the tab order (the focused one, else today, else the month's first); arrows move.
  const placeDayFocus = useCallback(() => {
    const root = grid.current;
    if (!root) return;
    const cells = [...root.querySelectorAll<HTMLElement>("td.fc-daygrid-day[data-date]")];
    if (!cells.length) return;
    const pick = cells.find((c) => c.dataset.date === focusDay.current) ?? cells.find((c) => c.classList.contains("fc-day-today")) ?? cells.find((c) => !c.classList.contains("fc-day-other")) ?? cells[0]!;
    for (const c of cells) c.tabIndex = c === pick ? 0 : -1;
  }, []);
  // FullCalendar draws the toolbar's chevrons as role="img" without a name, whenever it draws the toolbar; their buttons
  // carry the name ("Previous month"), so the icons are taken out of the accessibility tree.
  const hasGrid = !!workspace;
  useEffect(() => {
    const root = grid.current;
    if (!root) return;
    const hide = () =>
      root.querySelectorAll(".fc-icon[role=img]").forEach((el) => {
        el.removeAttribute("role");
        el.setAttribute("aria-hidden", "true");
      });
    hide();
    const observer = new MutationObserver(hide);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [hasGrid]);
  const onDayMount = (arg: DayCellMountArg) => {
    if (arg.view.type !== "dayGridMonth") return;
    arg.el.tabIndex = -1;
    // A calendar day, not an instant: read as a day, so no zone (east of +12 or west of -12) moves it.
    arg.el.setAttribute("aria-label", f.day(arg.el.dataset.date!, "full"));
  };
  const onGridKey = (e: React.KeyboardEvent) => {
    const cell = e.target as HTMLElement;
    if (!cell.matches?.("td.fc-daygrid-day[data-date]")) return;
    const date = cell.dataset.date!;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      startPost(date, slotTime(date));
      return;
    }
    const next = dayForKey(date, e.key, ((workspace?.weekStart ?? 1) + 6) % 7 + 1);
    if (!next) return;
    e.preventDefault();
    focusDay.current = next;
    const focus = () => {
      placeDayFocus();
      grid.current?.querySelector<HTMLElement>(`td.fc-daygrid-day[data-date="${next}"]`)?.focus();
    };
    if (grid.current?.querySelector(`td.fc-daygrid-day[data-date="${next}"]`)) return focus();
    // Beyond the grid: show that month, then focus the day once it is drawn.
    calendar.current?.getApi().gotoDate(next);
    requestAnimationFrame(focus);
  };
  useEffect(() => {
    placeDayFocus();
  }, [range, view, events, placeDayFocus]);
  // The week opens at working hours (its height is set once the view is known, so scroll after that).
  useEffect(() => {
    if (view === "timeGridWeek") requestAnimationFrame(() => calendar.current?.getApi().scrollToTime("08:00:00"));
  }, [view, range]);

  const layout: ChipLayout = view === "listMonth" ? "list" : phone ? "compact" : "grid";
  const renderEvent = (arg: EventContentArg) => {
    const postId = arg.event.extendedProps.postId as string | undefined;
    const p = postId ? postById.get(postId) : undefined;
    if (!p) return <span className={classes.title}>{arg.event.title}</span>;
    return <PostChip post={p} at={(arg.event.extendedProps.at as string) ?? p.scheduledAt!} zone={zone} workspaceId={current.workspaceId} channels={channelById} layout={layout} selecting={selecting} selected={selected.has(p.id)} mirror={arg.isMirror} />;
  };

  if (!workspace) {
    return (
      <PageSkeleton>
        <TableSkeleton rows={6} height={60} />
      </PageSkeleton>
    );
  }
  const unscheduled = shown.filter((p) => !p.scheduledAt);
  const duplicating = duplicateOf ? postById.get(duplicateOf) : undefined;
  const stopSelecting = () => {
    setSelecting(false);
    setSelected(new Set());
  };
  // Less frequent actions share one menu, so the toolbar stays one line on a laptop and fits a phone.
  const more = [
    ...(phone ? [{ key: "accounts", label: t("connections.title"), onClick: () => setDialog("accounts") }] : []),
    ...(canEdit ? [{ key: "import", label: t("import.title"), onClick: () => setDialog("import") }] : []),
    { key: "export", label: t("calendar.export"), href: `/api/workspaces/${current.workspaceId}/posts/export` },
    { key: "feed", label: t("feed.title"), onClick: () => setDialog("feed") },
  ];
  return (
    <Stack gap="md">
      <PageHeader title={t("calendar.title")} intro={t("calendar.intro", { zone })} />
      <Group gap="xs" wrap="wrap">
        {canEdit && (
          <Button onClick={() => startPost("", "10:00")} title={t("calendar.keys.newHint")}>
            {t("posts.new")}
          </Button>
        )}
        {canEdit && (
          <Button variant={selecting ? "filled" : "default"} color={selecting ? "blue" : undefined} onClick={() => (selecting ? stopSelecting() : setSelecting(true))} aria-pressed={selecting} data-testid="select-mode">
            {selecting ? t("calendar.select.done") : t("calendar.select.start")}
          </Button>
        )}
        {canEdit && (
          <Button variant="default" onClick={() => setDialog("slots")}>
            {t("calendar.slots.title")}
          </Button>
        )}
        <Button variant="default" onClick={() => setDialog("queue")}>
          {t("calendar.queue.title")}
        </Button>
        {!phone && (
          <Button variant="default" onClick={() => setDialog("accounts")}>
            {t("connections.title")}
          </Button>
        )}
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default">{t("calendar.moreActions")}</Button>
          </Menu.Target>
          <Menu.Dropdown>
            {more.map((m) =>
              m.href ? (
                <Menu.Item key={m.key} component="a" href={m.href}>
                  {m.label}
                </Menu.Item>
              ) : (
                <Menu.Item key={m.key} onClick={m.onClick}>
                  {m.label}
                </Menu.Item>
              ),
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
      <QuotaNotice workspaceId={workspace.id} zone={zone} channels={channels} onOpen={() => setDialog("accounts")} />
      {strategy.data && channels.length === 0 && <AddChannelBanner workspaceId={workspace.id} canEdit={canEdit} />}
      <CalendarFilters filters={filters} onChange={setFilters} channels={channels} posts={posts.data ?? []} entries={strategy.data ?? []} phone={phone} />
      {canEdit && <AssetShelf workspaceId={workspace.id} onStart={(a: Asset) => void startWithAsset({ id: a.id, alt: a.altText }, null)} />}
      {selecting && (
        <Text size="sm" c="dimmed" aria-live="polite">
          {t("calendar.select.hint")}
        </Text>
      )}
      <Card withBorder padding={phone ? 4 : "sm"} data-testid="calendar" className={`${classes.calendar} ${phone ? classes.phone : ""}`} ref={grid} onKeyDown={onGridKey}>
        {phone && (
          <SegmentedControl
            fullWidth
            size="xs"
            mb={6}
            value={view}
            onChange={(v) => calendar.current?.getApi().changeView(v)}
            data={VIEWS.map((v) => ({ value: v, label: t(`calendar.view_${v}`) }))}
            aria-label={t("calendar.viewLabel")}
          />
        )}
        <FullCalendar
          ref={calendar}
          plugins={PLUGINS}
          initialView="dayGridMonth"
          headerToolbar={phone ? PHONE_TOOLBAR : TOOLBAR}
          timeZone={zone}
          locales={LOCALES}
          locale={i18n.language === "ko" ? "ko" : "en"}
          firstDay={workspace.weekStart % 7}
          height={view === "timeGridWeek" ? (phone ? 600 : 680) : "auto"}
          scrollTime="08:00:00"
          events={events}
          editable={canEdit && !selecting}
          eventDurationEditable={false}
          droppable={canEdit}
          drop={onExternalDrop}
          eventDrop={(arg) => void onDrop(arg)}
          dateClick={onDateClick}
          eventClick={(arg) => {
            const id = arg.event.extendedProps.postId as string | undefined;
            if (!id) return;
            arg.jsEvent.preventDefault();
            if (selecting) setSelected((s) => toggle(s, id));
            else openPost(id);
          }}
          eventContent={renderEvent}
          moreLinkContent={(arg) => t("calendar.more", { count: arg.num })}
          dayCellDidMount={onDayMount}
          datesSet={(arg) => {
            const next = { start: arg.start.toISOString(), end: arg.end.toISOString() };
            // FullCalendar reports its range after every render; only a new range is news.
            setRange((r) => (r && r.start === next.start && r.end === next.end ? r : next));
            setView(arg.view.type as View);
          }}
          dayMaxEvents={phone ? 2 : 3}
          {...(phone ? { slotLabelFormat: PHONE_HOURS, views: { timeGridWeek: { dayHeaderFormat: PHONE_DAY_HEADER }, dayGridMonth: { dayHeaderFormat: PHONE_MONTH_HEADER } } } : {})}
          eventDisplay="block"
          nowIndicator
          eventTimeFormat={TIME_FORMAT}
        />
      </Card>
      {selecting && selected.size > 0 && <BulkBar workspaceId={workspace.id} selected={[...selected]} onClear={() => setSelected(new Set())} onDuplicate={setDuplicateOf} />}
      {cadence && cadence.rows.length > 0 && <CadenceTable cadence={cadence} zone={zone} phone={phone} />}
      <Card withBorder padding="md" data-testid="unscheduled">
        <Title order={2} size="h5" mb="xs">
          {t("calendar.unscheduled")}
        </Title>
        {unscheduled.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("calendar.noUnscheduled")}
          </Text>
        ) : (
          <Stack gap={6}>
            {unscheduled.map((p) => (
              <Group key={p.id} gap="xs" wrap="nowrap" data-testid="unscheduled-post">
                {selecting && <Checkbox aria-label={p.title || p.body.slice(0, 60) || t("posts.untitled")} checked={selected.has(p.id)} onChange={() => setSelected((s) => toggle(s, p.id))} />}
                <UnstyledButton onClick={() => (selecting ? setSelected((s) => toggle(s, p.id)) : openPost(p.id))} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap="xs" wrap="nowrap">
                    <StatusBadge status={p.status} />
                    <Text size="sm" truncate>
                      {p.title || p.body.split("\n")[0] || t("posts.untitled")}
                    </Text>
                  </Group>
                </UnstyledButton>
                {canEdit && !selecting && <NextSlotButton workspaceId={workspace.id} zone={zone} post={p} />}
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
          onConnect={() => setDialog("accounts")}
          onClose={() => {
            setDraft(null);
            openPost(null);
          }}
        />
      )}
      {duplicating && <DuplicateDialog workspaceId={workspace.id} zone={zone} post={duplicating} channels={channels} onClose={() => setDuplicateOf(null)} onDone={open ? (copy) => openPost(copy.id) : undefined} />}
      {dialog === "accounts" && <ConnectionsPanel workspace={workspace} channels={channels} canManage={current.can("admin")} onClose={() => setDialog(null)} />}
      {dialog === "import" && <ImportDialog workspaceId={workspace.id} zone={zone} channels={channels} onClose={() => setDialog(null)} />}
      {dialog === "feed" && <FeedDialog workspaceId={workspace.id} canManage={current.can("admin")} onClose={() => setDialog(null)} />}
      {dialog === "slots" && <SlotsDialog workspaceId={workspace.id} zone={zone} channels={channels} onClose={() => setDialog(null)} />}
      {dialog === "queue" && <QueueView workspaceId={workspace.id} zone={zone} channels={channels} posts={posts.data ?? []} onOpen={(id) => { setDialog(null); openPost(id); }} onSlots={() => setDialog("slots")} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
