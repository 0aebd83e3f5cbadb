import { Anchor, Button, Card, Collapse, Divider, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { entryTitle, type Entry, type GoalData, type Post } from "@socialplan/schema";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { notifyError } from "../../lib/notify.ts";
import { SplitButton } from "../board/SplitButton.tsx";
import { usePosts } from "../calendar/posts.ts";
import { GoalProgressView, todayIn, VerdictBadge, type GoalMeasure } from "../tracking/GoalProgressView.tsx";
import { useGoalProgress } from "../tracking/tracking.ts";
import { StrategyHeader } from "./common.tsx";
import { useStrategyContext } from "./context.ts";
import { CollectionList, RecordEditor } from "./editors.tsx";
import { useOpenFromUrl } from "./focus-field.ts";
import { postsOfGoal } from "./goal-logic.ts";

export const sortByPosition = (a: Entry, b: Entry) => a.position - b.position || a.createdAt.localeCompare(b.createdAt);
export const goalTitle = (e: Entry) => (e.data as GoalData).title || (e.data as GoalData).specific || "";

/** The initiatives of one goal, addable in place. */
export function GoalInitiatives({ goal }: { goal: Entry }) {
  const { t } = useTranslation();
  const { entries, workspace, canEdit } = useStrategyContext();
  const items = entries.filter((e) => e.kind === "initiative" && e.parentId === goal.id).sort(sortByPosition);
  return (
    <CollectionList
      kind="initiative"
      page="initiatives"
      items={items}
      titleOf={(e) => entryTitle(e)}
      parentId={goal.id}
      newData={() => ({ status: "planned" })}
      addLabel={t("strategy.addRecord.initiative")}
      {...(canEdit ? { childrenOf: (e: Entry) => <SplitButton workspaceId={workspace.id} initiativeId={e.id} /> } : {})}
    />
  );
}

/**
 * SMART goals (§7–8), each a card: its KPI with progress, the checkpoint due and the next, the forecast and verdict,
 * the initiatives and posts that work for it; the goal's editor (with its initiatives) opens in the card.
 */
export function GoalsPage() {
  const { t } = useTranslation();
  const { entries, api, canEdit, workspace } = useStrategyContext();
  const goals = entries.filter((e) => e.kind === "goal").sort(sortByPosition);
  // Measured again whenever a goal is saved, so the card follows its editor.
  const progress = useGoalProgress(workspace.id, goals.map((g) => `${g.id}:${g.version}`).join(","));
  const posts = usePosts(workspace.id);
  const linked = useOpenFromUrl();
  const [open, setOpen] = useState<string[]>(() => (linked ? [linked] : []));
  // A link to another goal's field (`?open=`) while the page is open opens that goal too.
  useEffect(() => {
    if (linked) setOpen((o) => (o.includes(linked) ? o : [...o, linked]));
  }, [linked]);
  const toggle = (id: string) => setOpen((o) => (o.includes(id) ? o.filter((x) => x !== id) : [...o, id]));
  const add = async () => {
    try {
      const created = await api.create("goal", { measurable: { direction: "increase" }, timebound: { cadence: "monthly", growth: "linear" } });
      setOpen((o) => [...o, created.id]);
    } catch (e) {
      notifyError(e);
    }
  };
  const hasChannels = entries.some((e) => e.kind === "channel");
  return (
    <Stack gap="lg">
      <StrategyHeader page="goals" />
      {goals.length === 0 ? (
        <Card withBorder padding="xl" data-testid="goals-empty">
          <Stack gap="sm" align="flex-start">
            <Title order={2} size="h4">
              {t("strategy.goalCard.emptyTitle")}
            </Title>
            <Text c="dimmed" maw={640}>
              {t("strategy.goalCard.emptyBody")}
            </Text>
            {!hasChannels && (
              <Text size="sm">
                {t("strategy.goalCard.channelFirst")}{" "}
                <Anchor component={Link} to={`/w/${workspace.id}/strategy/channels`}>
                  {t("strategy.addRecord.channel")}
                </Anchor>
              </Text>
            )}
            {canEdit && <Button onClick={() => void add()}>{t("strategy.addRecord.goal")}</Button>}
          </Stack>
        </Card>
      ) : (
        <>
          {goals.map((g) => (
            <GoalCard
              key={g.id}
              goal={g}
              measure={progress.data?.find((p) => p.goalId === g.id)}
              posts={posts.data}
              opened={open.includes(g.id)}
              onToggle={() => toggle(g.id)}
            />
          ))}
          {canEdit && (
            <Group>
              <Button variant="light" onClick={() => void add()}>
                {t("strategy.addRecord.goal")}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}

function GoalCard({ goal, measure, posts, opened, onToggle }: { goal: Entry; measure: GoalMeasure | undefined; posts: Post[] | undefined; opened: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  const { entries, workspace, canEdit } = useStrategyContext();
  const data = goal.data as GoalData;
  const initiatives = entries.filter((e) => e.kind === "initiative" && e.parentId === goal.id);
  const linkedPosts = posts ? postsOfGoal(posts, goal.id, initiatives.map((i) => i.id)) : null;
  const title = data.title || data.specific || t("strategy.untitled");
  return (
    <Card withBorder padding="lg" data-testid="record-goal" data-record={goal.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {data.title && data.specific && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {data.specific}
            </Text>
          )}
        </Stack>
        {measure ? <VerdictBadge verdict={measure.verdict} /> : <Skeleton h={20} w={90} radius="xl" />}
      </Group>
      {measure ? (
        <GoalProgressView
          g={measure}
          {...(data.timebound?.checkpoints ? { checkpoints: data.timebound.checkpoints } : {})}
          {...(data.measurable?.direction ? { direction: data.measurable.direction } : {})}
          today={todayIn(workspace.timezone)}
          workspaceId={workspace.id}
          currency={workspace.currency}
          hasChannels={entries.some((e) => e.kind === "channel")}
        />
      ) : (
        <Stack gap={8} aria-hidden>
          <Skeleton h={14} w="60%" />
          <Skeleton h={8} />
          <Skeleton h={14} w="40%" />
        </Stack>
      )}
      <Group gap="xs" mt="md" justify="space-between">
        <Group gap="xs">
          <Button component={Link} to={`/w/${workspace.id}/strategy/initiatives`} variant="default" size="compact-sm" data-testid="goal-initiatives">
            {t("strategy.goalCard.initiatives", { count: initiatives.length })}
          </Button>
          <Button component={Link} to={`/w/${workspace.id}/calendar?goal=${goal.id}`} variant="default" size="compact-sm" data-testid="goal-posts">
            {linkedPosts ? t("strategy.goalCard.posts", { count: linkedPosts.length }) : t("strategy.goalCard.postsLoading")}
          </Button>
        </Group>
        <Button variant={opened ? "subtle" : "light"} size="compact-sm" onClick={onToggle} aria-expanded={opened} data-testid="goal-edit">
          {opened ? t("strategy.goalCard.close") : canEdit ? t("strategy.goalCard.edit") : t("strategy.goalCard.details")}
        </Button>
      </Group>
      <Collapse expanded={opened}>
        <Divider my="md" />
        <RecordEditor entry={goal} page="goals">
          <Card withBorder bg="gray.0" padding="md">
            <Title order={3} size="h5" mb="xs">
              {t("strategy.initiativesOf")}
            </Title>
            <GoalInitiatives goal={goal} />
          </Card>
        </RecordEditor>
      </Collapse>
    </Card>
  );
}
