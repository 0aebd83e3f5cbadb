import { closestCorners, DndContext, DragOverlay, KeyboardSensor, PointerSensor, useDroppable, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Badge, Box, Button, Card as MCard, Collapse, Group, Image, Modal, SegmentedControl, Select, Stack, Switch, Text, TextInput, Textarea, Title, UnstyledButton } from "@mantine/core";
import { assetThumbnailUrl, dayInZone, HATS, periodDates, STAGES, type Card, type GoalData, type Post, type Stage } from "@socialplan/schema";
import { useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifyError } from "../../lib/notify.ts";
import { useMe } from "../auth/session.ts";
import { usePeople } from "../people/people.ts";
import { useStrategy } from "../strategy/strategy.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { useFormat } from "../../lib/format.ts";
import { NETWORK_COLORS } from "../calendar/network-colors.ts";
import { channelsOf } from "../review/review.ts";
import { postLabel, type ChannelInfo } from "../review/preview.ts";
import { useBoard, useBoardApi, useLiveBoard, useReviewPosts } from "./board.ts";
import classes from "./board.module.css";
import { CardDialog } from "./CardDialog.tsx";
import { TrelloImport } from "./TrelloImport.tsx";
import { usePhone } from "../../components/use-phone.ts";

type View = "all" | "mine" | "hat";

/** The guide's task board (§13): six stages, drag and drop, "My tasks" and a board per hat, live for everyone. */
export function BoardPage() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  const me = useMe();
  const people = usePeople(current.workspaceId);
  const board = useBoard(current.workspaceId);
  const apiBoard = useBoardApi(current.workspaceId);
  useLiveBoard(current.workspaceId);
  const [view, setView] = useState<View>("all");
  const [hat, setHat] = useState<string>(HATS[0]);
  const [label, setLabel] = useState<string | null>(null);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [goal, setGoal] = useState<string | null>(null);
  const [thisPeriod, setThisPeriod] = useState(false);
  const strategy = useStrategy(current.workspaceId);
  // A card can be opened by link (?card=…), e.g. from the asset library's "used in" list.
  const [params, setParams] = useSearchParams();
  const [open, setOpenState] = useState<string | null>(params.get("card"));
  const setOpen = (id: string | null) => {
    setOpenState(id);
    if (!id && params.has("card")) setParams({}, { replace: true });
  };
  const [dragging, setDragging] = useState<Card | null>(null);
  const [hold, setHold] = useState<{ card: Card; move: { stage: Stage; afterId: string | null; beforeId: string | null } } | null>(null);
  const [reason, setReason] = useState("");
  const [newTitle, setNewTitle] = useState("");
  const canEdit = current.can("editor");
  // On a phone the filters fold away behind one button, so the columns start near the top of the screen.
  const phone = usePhone();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = [view !== "all", label, assignee, goal, thisPeriod].filter(Boolean).length;
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates, keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] } }),
  );

  const myMemberId = people.data?.members.find((m) => m.userId === me.data?.id)?.id;
  const period = current.data ? periodDates({ start: current.data.periodStart, months: current.data.periodMonths }) : { first: "", last: "" };
  const goals = (strategy.data ?? []).filter((e) => e.kind === "goal");
  const all = board.data ?? [];
  const labels = [...new Set(all.flatMap((c) => c.labels))].sort();
  const visible = useMemo(
    () =>
      all.filter(
        (c) =>
          (view !== "mine" || (myMemberId !== undefined && c.assigneeIds.includes(myMemberId))) &&
          (view !== "hat" || c.hat === hat) &&
          (!label || c.labels.includes(label)) &&
          (!assignee || c.assigneeIds.includes(assignee)) &&
          (!goal || c.goalId === goal) &&
          (!thisPeriod || !c.dueDate || (c.dueDate >= period.first && c.dueDate <= period.last)),
      ),
    [all, view, hat, label, assignee, goal, thisPeriod, myMemberId, period.first, period.last],
  );
  const column = (stage: Stage) => visible.filter((c) => c.stage === stage);
  // Posts in review sit above the Review column's cards (the post itself, not a copy); the filters that apply to a
  // post (whose it is, its goal) apply to them; labels do not, and of the hats only the boss's, who approves.
  const reviewPosts = useReviewPosts(current.workspaceId);
  const waitingPosts = (reviewPosts.data ?? []).toSorted(bySoonest).filter(
    (p) =>
      (view !== "mine" || (myMemberId !== undefined && p.assigneeMemberId === myMemberId)) &&
      (view !== "hat" || hat === "people.boss") &&
      !label &&
      (!assignee || p.assigneeMemberId === assignee) &&
      (!goal || p.goalId === goal),
  );
  const channels = useMemo(() => channelsOf(strategy.data), [strategy.data]);

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      notifyError(e);
      await apiBoard.reload();
    }
  };

  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const card = all.find((c) => c.id === event.active.id);
    const overId = event.over?.id;
    if (!card || overId === undefined) return;
    const overCard = all.find((c) => c.id === overId);
    const stage = (overCard ? overCard.stage : String(overId).replace("column:", "")) as Stage;
    const target = column(stage).filter((c) => c.id !== card.id);
    let index = overCard ? target.findIndex((c) => c.id === overCard.id) : target.length;
    if (overCard && card.stage === stage && column(stage).findIndex((c) => c.id === card.id) < column(stage).findIndex((c) => c.id === overCard.id)) index += 1;
    if (index < 0) index = target.length;
    const move = { stage, afterId: target[index - 1]?.id ?? null, beforeId: target[index]?.id ?? null };
    if (card.stage === stage && move.afterId === (column(stage)[column(stage).indexOf(card) - 1]?.id ?? null)) return;
    if (stage === "on_hold" && card.stage !== "on_hold") {
      setReason("");
      setHold({ card, move });
      return;
    }
    const reordered = all.filter((c) => c.id !== card.id);
    const at = move.beforeId ? reordered.findIndex((c) => c.id === move.beforeId) : reordered.length;
    apiBoard.optimistic([...reordered.slice(0, at), { ...card, stage }, ...reordered.slice(at)]);
    void run(() => apiBoard.move(card.id, move));
  };

  const memberName = (id: string) => people.data?.members.find((m) => m.id === id)?.name ?? "";
  const openCard = all.find((c) => c.id === open) ?? null;

  return (
    <Stack gap="md">
      <PageHeader title={t("board.title")} intro={t("board.intro")} />
      <Group justify="space-between" wrap="wrap">
        {phone && (
          <Button variant="default" size="sm" onClick={() => setFiltersOpen((o) => !o)} aria-expanded={filtersOpen} aria-controls="board-filters" data-testid="board-filters-toggle">
            {activeFilters ? t("board.filtersOn", { count: activeFilters }) : t("board.filters")}
          </Button>
        )}
        <Collapse expanded={!phone || filtersOpen} id="board-filters" w={phone ? "100%" : undefined}>
        <Group gap="sm">
          <SegmentedControl value={view} onChange={(v) => setView(v as View)} data={(["all", "mine", "hat"] as const).map((v) => ({ value: v, label: t(`board.views.${v}`) }))} />
          {view === "hat" && (
            <Select aria-label={t("board.hat")} data={HATS.map((h) => ({ value: h, label: t(`hats.${h}.name`) }))} value={hat} onChange={(v) => v && setHat(v)} allowDeselect={false} w={200} />
          )}
          <Select aria-label={t("board.label")} placeholder={t("board.allLabels")} data={labels} value={label} onChange={setLabel} clearable w={160} />
          {view === "all" && (
            <Select aria-label={t("board.assignee")} placeholder={t("board.allAssignees")} data={(people.data?.members ?? []).map((m) => ({ value: m.id, label: m.name }))} value={assignee} onChange={setAssignee} clearable w={160} />
          )}
          <Select aria-label={t("board.goal")} placeholder={t("board.allGoals")} data={goals.map((g) => ({ value: g.id, label: (g.data as GoalData).title || (g.data as GoalData).specific || "—" }))} value={goal} onChange={setGoal} clearable w={200} />
          <Switch label={t("board.thisPeriod")} checked={thisPeriod} onChange={(e) => setThisPeriod(e.currentTarget.checked)} />
        </Group>
        </Collapse>
        {canEdit && (
          <Group gap="xs" w={phone ? "100%" : undefined}>
            {current.can("admin") && <TrelloImport workspaceId={current.workspaceId} />}
            <TextInput aria-label={t("board.newCard")} placeholder={t("board.newCard")} value={newTitle} onChange={(e) => setNewTitle(e.currentTarget.value)} w={{ base: "auto", sm: 260 }} style={{ flex: phone ? 1 : undefined }}
              onKeyDown={(e) => {
                if (e.key === "Enter" && newTitle.trim()) {
                  void run(() => apiBoard.create({ title: newTitle.trim(), ...(view === "hat" ? { hat: hat as Card["hat"] } : {}), ...(view === "mine" && myMemberId ? { assigneeIds: [myMemberId] } : {}) }));
                  setNewTitle("");
                }
              }}
            />
            <Button disabled={!newTitle.trim()} onClick={() => {
              void run(() => apiBoard.create({ title: newTitle.trim(), ...(view === "hat" ? { hat: hat as Card["hat"] } : {}), ...(view === "mine" && myMemberId ? { assigneeIds: [myMemberId] } : {}) }));
              setNewTitle("");
            }}>
              {t("board.add")}
            </Button>
          </Group>
        )}
      </Group>
      <DndContext sensors={sensors} collisionDetection={closestCorners} onDragStart={(e: DragStartEvent) => setDragging(all.find((c) => c.id === e.active.id) ?? null)} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
        {/* Six columns share the width (all of them fit at 1366 px); below that the row scrolls, with its scrollbar shown. */}
        <div className={classes.columns} data-testid="board-columns">
          {STAGES.map((stage) => (
            <Column key={stage} stage={stage} cards={column(stage)} canEdit={canEdit} onOpen={setOpen} memberName={memberName}
              posts={stage === "review" ? <ReviewPosts workspaceId={current.workspaceId} timeZone={current.data?.timezone} posts={waitingPosts} channels={channels} /> : null}
              extra={stage === "review" ? waitingPosts.length : 0}
            />
          ))}
        </div>
        <DragOverlay>{dragging ? <CardTile card={dragging} memberName={memberName} onOpen={() => undefined} /> : null}</DragOverlay>
      </DndContext>
      {openCard && <CardDialog card={openCard} workspaceId={current.workspaceId} members={people.data?.members ?? []} canEdit={canEdit} onClose={() => setOpen(null)} />}
      <Modal opened={hold !== null} onClose={() => setHold(null)} title={t("board.holdTitle")}>
        <Stack>
          <Textarea label={t("board.holdReason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setHold(null)}>
              {t("common.cancel")}
            </Button>
            <Button disabled={!reason.trim()} onClick={() => {
              const h = hold!;
              setHold(null);
              void run(() => apiBoard.move(h.card.id, { ...h.move, holdReason: reason.trim() }));
            }}>
              {t("board.holdConfirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function Column({ stage, cards, canEdit, onOpen, memberName, posts, extra }: { stage: Stage; cards: Card[]; canEdit: boolean; onOpen: (id: string) => void; memberName: (id: string) => string; posts: ReactNode; extra: number }) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: `column:${stage}`, disabled: !canEdit });
  return (
    <MCard withBorder padding="xs" miw={0} bg={isOver ? "teal.0" : "gray.0"} data-testid={`stage-${stage}`}>
      <Group justify="space-between" mb={4} wrap="nowrap" gap={4}>
        <Title order={2} size="h6">
          {t(`board.stages.${stage}`)}
        </Title>
        <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
          {cards.length + extra}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t(`board.stageHelp.${stage}`)}
      </Text>
      {posts}
      <SortableContext id={stage} items={cards.map((c) => c.id)} strategy={verticalListSortingStrategy} disabled={!canEdit}>
        <Stack ref={setNodeRef} gap="xs" mih={80}>
          {cards.map((c) => (
            <SortableCard key={c.id} card={c} onOpen={onOpen} memberName={memberName} />
          ))}
        </Stack>
      </SortableContext>
    </MCard>
  );
}

function SortableCard({ card, onOpen, memberName }: { card: Card; onOpen: (id: string) => void; memberName: (id: string) => string }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: card.id });
  // Space picks the card up (then the arrow keys move it); Enter opens it, as a click does.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Enter" && !isDragging) onOpen(card.id);
    else listeners?.onKeyDown?.(e);
  };
  return (
    <div ref={setNodeRef} style={{ transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }} {...attributes} {...listeners} onKeyDown={onKeyDown}>
      <CardTile card={card} onOpen={() => onOpen(card.id)} memberName={memberName} />
    </div>
  );
}

function CardTile({ card, onOpen, memberName }: { card: Card; onOpen: () => void; memberName: (id: string) => string }) {
  const { t } = useTranslation();
  const done = card.checklist.filter((i) => i.done).length;
  const zone = useCurrentWorkspace().data?.timezone;
  const f = useFormat(zone);
  // "Overdue" by the workspace's calendar, not UTC's (in Seoul, UTC's date is yesterday until 9 in the morning).
  const overdue = card.dueDate && card.stage !== "done" && card.dueDate < dayInZone(new Date(), zone ?? "UTC");
  return (
    <MCard withBorder padding="xs" radius="sm" shadow="xs" onClick={onOpen} style={{ cursor: "pointer" }} data-testid="card" data-card-title={card.title}>
      <Text size="sm" fw={600}>
        {card.title}
      </Text>
      <Group gap={4} mt={4}>
        {card.priority && (
          <Badge size="xs" color={card.priority === "urgent" ? "red" : card.priority === "high" ? "orange" : "gray"} variant="light">
            {t(`board.priorities.${card.priority}`)}
          </Badge>
        )}
        {card.hat && (
          <Badge size="xs" variant="outline">
            {t(`hats.${card.hat}.name`)}
          </Badge>
        )}
        {card.labels.map((l) => (
          <Badge key={l} size="xs" color="grape" variant="light">
            {l}
          </Badge>
        ))}
      </Group>
      <Group gap={8} mt={4}>
        {card.dueDate && (
          <Text size="xs" c={overdue ? "red" : "dimmed"} component="time" dateTime={card.dueDate}>
            {t(overdue ? "board.dueOverdue" : "board.due", { date: f.day(card.dueDate) })}
          </Text>
        )}
        {card.checklist.length > 0 && (
          <Text size="xs" c="dimmed">
            ☑ {done}/{card.checklist.length}
          </Text>
        )}
        {card.attachmentIds.length > 0 && (
          <Group gap={2} c="dimmed" aria-label={t("board.attachmentCount", { count: card.attachmentIds.length })} data-testid="attachment-count">
            <svg width="12" height="12" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
              <path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
            </svg>
            <Text size="xs" c="dimmed">
              {card.attachmentIds.length}
            </Text>
          </Group>
        )}
        {card.assigneeIds.length > 0 && (
          <Text size="xs" c="dimmed">
            {card.assigneeIds.map(memberName).join(", ")}
          </Text>
        )}
      </Group>
      {card.stage === "on_hold" && card.holdReason && (
        <Text size="xs" c="orange" mt={4}>
          {card.holdReason}
        </Text>
      )}
      {card.stage === "done" && card.approvedAt && (
        <Text size="xs" c="teal" mt={4}>
          {t("board.approved")}
        </Text>
      )}
    </MCard>
  );
}

/** The post going out soonest first; posts without a time last. */
const bySoonest = (a: Post, b: Post) => (a.scheduledAt ?? "~").localeCompare(b.scheduledAt ?? "~");

/**
 * The posts waiting for review, as compact tiles above the Review column's cards: picture, title, channels and time.
 * Each opens the review screen; they are not dragged (a decision is taken there, not by moving a card).
 */
function ReviewPosts({ workspaceId, timeZone, posts, channels }: { workspaceId: string; timeZone: string | undefined; posts: Post[]; channels: ChannelInfo[] }) {
  const { t } = useTranslation();
  const f = useFormat(timeZone);
  if (posts.length === 0) return null;
  return (
    <Stack gap={6} mb="xs" data-testid="review-posts" aria-label={t("board.reviewPosts")} component="section">
      <Text size="xs" fw={700} c="yellow.9" tt="uppercase">
        {t("board.reviewPosts")}
      </Text>
      {posts.map((p) => {
        const networks = [...new Set(p.variants.map((v) => channels.find((c) => c.id === v.channelId)?.network ?? "other"))];
        return (
          <UnstyledButton key={p.id} component={Link} to={`/w/${workspaceId}/review/${p.id}`} className={classes.postTile} data-testid="review-post-tile" aria-label={t("board.openReview", { title: postLabel(p, t("posts.untitled")) })}>
            {p.media[0] && <Image src={assetThumbnailUrl(workspaceId, p.media[0].assetId)} alt="" h={64} fit="cover" radius={4} mb={4} />}
            <Text size="sm" fw={600} lineClamp={2}>
              {postLabel(p, t("posts.untitled"))}
            </Text>
            <Group gap={4} mt={4}>
              {networks.map((n) => (
                <Box key={n} component="span" className={classes.network} style={{ background: NETWORK_COLORS[n] }}>
                  {t(`networks.${n}`)}
                </Box>
              ))}
            </Group>
            <Text size="xs" c="dimmed" mt={2}>
              {p.scheduledAt ? f.dateTime(p.scheduledAt) : t("approvals.noTime")}
            </Text>
          </UnstyledButton>
        );
      })}
    </Stack>
  );
}
