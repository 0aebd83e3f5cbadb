import { Anchor, Button, Card, Group, Progress, Stack, Text, ThemeIcon, Title, UnstyledButton } from "@mantine/core";
import { formatMoney } from "@socialplan/domain";
import type { Home, Workspace } from "@socialplan/schema";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMe } from "../auth/session.ts";
import { usePeople } from "../people/people.ts";
import { budgetPace, calendarDay, waitingItems, type WaitingItem, type WaitingKind } from "./home-logic.ts";
import type { HomeDialog } from "./HomePage.tsx";
import { Icon, type IconName } from "./icons.tsx";
import { loadLaterScreens } from "../../later-screens.ts";

// The reminder's sheet loads when one is opened (with the whole stylesheet, as any later screen).
const ReminderSheet = lazy(async () => {
  const [, module] = await Promise.all([loadLaterScreens(), import("./ReminderSheet.tsx")]);
  return { default: module.ReminderSheet };
});

interface SideProps {
  home: Home;
  workspace: Workspace;
  canEdit: boolean;
  open: (d: HomeDialog) => void;
}

/** The right-hand column: what waits for me, the month's budget pace, the next check-in, and my account's to-dos. */
export function HomeSide(props: SideProps) {
  return (
    <Stack gap="md">
      <Waiting {...props} />
      <BudgetPace {...props} />
      <CheckIn {...props} />
      <AccountTodos workspace={props.workspace} />
    </Stack>
  );
}

const KIND_LOOK: Record<WaitingKind, { icon: IconName; color: string }> = {
  review: { icon: "eye", color: "yellow" },
  ownReview: { icon: "clock", color: "gray" },
  changes: { icon: "pencil", color: "orange" },
  failed: { icon: "failed", color: "red" },
  needs_attention: { icon: "alert", color: "orange" },
  paused: { icon: "alert", color: "orange" },
  reminder: { icon: "send", color: "blue" },
  task: { icon: "checklist", color: "teal" },
  checkIn: { icon: "compass", color: "grape" },
};
const SHOWN = 8;

function Waiting({ home, workspace }: SideProps) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const items = waitingItems(home, workspace.id);
  const shown = all ? items : items.slice(0, SHOWN);
  const [reminder, setReminder] = useState<WaitingItem | null>(null);
  return (
    <Card withBorder data-testid="home-waiting">
      <Title order={2} size="h4" mb="sm">
        {t("home.waiting.title")}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("home.waiting.nothing")}
        </Text>
      ) : (
        <Stack gap="xs">
          {shown.map((item) => (
            <WaitingLine key={item.key} item={item} zone={workspace.timezone} onOpen={item.kind === "reminder" ? () => setReminder(item) : undefined} />
          ))}
          {items.length > shown.length && (
            <Anchor component="button" type="button" size="sm" onClick={() => setAll(true)} ta="left">
              {t("home.waiting.more", { count: items.length - shown.length })}
            </Anchor>
          )}
        </Stack>
      )}
      {reminder?.reminder && (
        <Suspense fallback={null}>
          <ReminderSheet workspace={workspace} reminder={{ ...reminder.reminder, network: reminder.network, title: reminder.title }} onClose={() => setReminder(null)} />
        </Suspense>
      )}
    </Card>
  );
}

/** One thing waiting: a link to where it is done, or (a reminder) a button that opens what to do in place. */
function WaitingLine({ item, zone, onOpen }: { item: WaitingItem; zone: string; onOpen: (() => void) | undefined }) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  const day = (d: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(calendarDay(d));
  const when = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(new Date(iso));
  const network = item.network ? t(`home.network.${item.network}`) : "";
  const detail: Record<WaitingKind, () => string> = {
    review: () => [t("home.waiting.review"), item.when && t("home.waiting.inReviewAt", { when: when(item.when) })].filter(Boolean).join(" · "),
    ownReview: () => t("home.waiting.ownReview"),
    changes: () => [item.byName ? t("home.waiting.changes", { name: item.byName }) : t("home.waiting.changesNoName"), item.note && `“${item.note}”`].filter(Boolean).join(": "),
    failed: () => [t("home.waiting.failed", { network }), item.message].filter(Boolean).join(": "),
    needs_attention: () => [t("home.waiting.needs_attention", { network }), item.message].filter(Boolean).join(": "),
    paused: () => t("home.waiting.paused", { network }),
    reminder: () => t(item.overdue ? "home.waiting.reminderOverdue" : "home.waiting.reminder", { network, when: when(item.when!) }),
    task: () => t(item.overdue ? "home.waiting.taskOverdue" : "home.waiting.task", { date: day(item.when!) }),
    checkIn: () => t("home.waiting.checkInOverdue", { date: day(item.when!) }),
  };
  const look = KIND_LOOK[item.kind];
  const title = item.kind === "checkIn" ? t("home.waiting.checkIn") : item.title || t("home.waiting.untitled");
  const line = (
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={item.overdue ? "red" : look.color} size={28} radius="xl" style={{ flex: "none" }}>
          <Icon name={look.icon} size={16} />
        </ThemeIcon>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} lineClamp={1} c="teal.9">
            {title}
          </Text>
          <Text size="xs" c={item.overdue ? "red.9" : "dimmed"} lineClamp={2}>
            {detail[item.kind]()}
          </Text>
        </div>
      </Group>
  );
  const testId = `waiting-${item.kind}`;
  return onOpen ? (
    <UnstyledButton onClick={onOpen} data-testid={testId} py={4} aria-haspopup="dialog">
      {line}
    </UnstyledButton>
  ) : (
    <UnstyledButton component={Link} to={item.href} data-testid={testId} py={4}>
      {line}
    </UnstyledButton>
  );
}

const PACE_COLOR = { early: "gray", ahead: "orange", on_track: "teal", behind: "blue", none: "gray" } as const;

function BudgetPace({ home, workspace, canEdit, open }: SideProps) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  const b = home.budget;
  const budgetPath = `/w/${workspace.id}/budget`;
  return (
    <Card withBorder data-testid="home-budget">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t("home.budget.title")}
        </Title>
        <Anchor component={Link} to={budgetPath} size="sm">
          {t("home.budget.open")}
        </Anchor>
      </Group>
      {!b ? (
        <Stack gap="xs" align="flex-start">
          <Text size="sm" c="dimmed">
            {t("home.budget.none")}
          </Text>
          {canEdit && (
            <Button size="xs" variant="light" onClick={() => open("budget")}>
              {t("home.budget.set")}
            </Button>
          )}
        </Stack>
      ) : (
        <BudgetFigures budget={b} locale={locale} />
      )}
    </Card>
  );
}

function BudgetFigures({ budget: b, locale }: { budget: NonNullable<Home["budget"]>; locale: string }) {
  const { t } = useTranslation();
  const money = (minor: number) => formatMoney({ amount: minor, currency: b.currency }, locale);
  const pace = budgetPace(b);
  const color = PACE_COLOR[b.pacing.status];
  return (
    <Stack gap={6}>
      <Text size="sm">
        <b>{t("home.budget.spentOf", { spent: money(b.pacing.spent), available: money(b.pacing.available) })}</b>
      </Text>
      {/* The bar is the money spent; the mark on it is how much of the month has gone. */}
      <div style={{ position: "relative" }}>
        <Progress value={Math.min(100, pace.spent ?? 0)} color={color} size="lg" aria-label={t("home.budget.title")} />
        <div aria-hidden style={{ position: "absolute", top: -3, bottom: -3, left: `${pace.time}%`, width: 2, background: "var(--mantine-color-dark-4)" }} />
      </div>
      <Text size="sm" fw={600} c={`${color}.9`}>
        {t(`home.budget.pace.${b.pacing.status}`)}
      </Text>
      {pace.spent !== null && (
        <Text size="xs" c="dimmed">
          {t("home.budget.dayOf", { day: b.pacing.day, days: b.pacing.days, time: pace.time, spent: pace.spent })}
        </Text>
      )}
    </Stack>
  );
}

function CheckIn({ home, workspace }: SideProps) {
  const { t } = useTranslation();
  const day = (d: string) => new Intl.DateTimeFormat(t("intlLocale"), { dateStyle: "medium", timeZone: "UTC" }).format(calendarDay(d));
  const c = home.checkIn;
  return (
    <Card withBorder data-testid="home-check-in">
      <Title order={2} size="h4" mb="xs">
        {t("home.checkIn.title")}
      </Title>
      <Text size="sm" fw={600} c={c.overdue ? "red.9" : undefined}>
        {t(c.overdue ? "home.checkIn.overdue" : "home.checkIn.due", { date: day(c.due) })}
      </Text>
      <Text size="xs" c="dimmed">
        {c.lastReview ? t("home.checkIn.last", { date: day(c.lastReview) }) : t("home.checkIn.never")}
      </Text>
      <Group gap="md" mt="xs">
        <Anchor component={Link} to={`/w/${workspace.id}/strategy/reviews`} size="sm">
          {t("home.checkIn.prepare")}
        </Anchor>
        {c.lastReportId && (
          <Anchor component={Link} to={`/w/${workspace.id}/reports/${encodeURIComponent(c.lastReportId)}`} size="sm">
            {t("home.checkIn.report")}
          </Anchor>
        )}
      </Group>
    </Card>
  );
}

/** What the old overview asked of me: two-factor authentication, and responsibilities nobody holds. */
function AccountTodos({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const me = useMe();
  const people = usePeople(workspace.id);
  const hats = people.data?.uncoveredHats.length ?? 0;
  const todos = [
    me.data && !me.data.twoFactorEnabled && { to: "/account", label: t("home.account.todo2fa"), icon: "user" as const },
    hats > 0 && { to: `/w/${workspace.id}/people`, label: t("home.account.todoHats", { count: hats }), icon: "users" as const },
  ].filter((x): x is { to: string; label: string; icon: "user" | "users" } => !!x);
  if (!todos.length) return null;
  return (
    <Card withBorder data-testid="home-account">
      <Title order={2} size="h5" mb="xs">
        {t("home.account.title")}
      </Title>
      <Stack gap={6}>
        {todos.map((todo) => (
          <Anchor key={todo.to} component={Link} to={todo.to} size="sm">
            <Group gap={6} wrap="nowrap">
              <Icon name={todo.icon} size={16} />
              {todo.label}
            </Group>
          </Anchor>
        ))}
      </Stack>
    </Card>
  );
}
