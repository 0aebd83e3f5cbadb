import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { usePosts } from "../calendar/posts.ts";
import { CATALOG, isAnswered, isAvailable, PAGE_TITLES, PAGES, strategyStatus, type AssetLibrary, type PageKey, type Question, type Setup, type Tool } from "@socialplan/schema";
import { useQuery } from "@tanstack/react-query";
import { get } from "../../api/client.ts";
import { useBoard } from "../board/board.ts";
import { useBudget } from "../budget/budget.ts";
import { useGoalProgress, useReports } from "../tracking/tracking.ts";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { pagePath, usePageTitle } from "./common.tsx";
import { useStrategyContext } from "./context.ts";
import { useLang } from "./fields.tsx";

type Step = "done" | "todo" | "optional" | "unavailable";

/** The whole guide in order, every ID: done, still to do, or not available in the product yet — and where. */
export function GuideMapPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const title = usePageTitle();
  const { entries, uncoveredHats, workspace } = useStrategyContext();
  const states = new Map(strategyStatus(entries, uncoveredHats).flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
  const reviews = entries.filter((e) => e.kind === "review");
  const budget = useBudget(workspace.id);
  const board = useBoard(workspace.id);
  const setup = useQuery({ queryKey: ["setup", workspace.id, "map"], queryFn: () => get<Setup>(`/workspaces/${workspace.id}/setup`) });
  const library = useQuery({ queryKey: ["assets", workspace.id, "map"], queryFn: () => get<AssetLibrary>(`/workspaces/${workspace.id}/assets`) });
  const tools = useQuery({ queryKey: ["tools", workspace.id, "map"], queryFn: () => get<Tool[]>(`/workspaces/${workspace.id}/tools`) });
  const posts = usePosts(workspace.id);
  const goals = useGoalProgress(workspace.id);
  const reports = useReports(workspace.id);
  const stepOf = (q: Question): Step => {
    if (!isAvailable(q)) return "unavailable";
    if ("feature" in q.store && q.store.feature === "budget") return (budget.data?.lines.length ?? 0) > 0 ? "done" : "todo";
    if ("feature" in q.store && q.store.feature === "tools") return tools.data?.some((x) => x.used) ? "done" : "todo";
    if ("feature" in q.store && q.store.feature === "board") return (board.data?.length ?? 0) > 0 ? "done" : "todo";
    if ("feature" in q.store && q.store.feature === "roadmap") return entries.some((e) => e.kind === "goal" && (e.data as { timebound?: { start?: string; deadline?: string } }).timebound?.deadline) ? "done" : "todo";
    if ("feature" in q.store && q.store.feature === "storage") return (library.data?.assets.length ?? 0) > 0 ? "done" : "todo";
    if ("feature" in q.store && q.store.feature === "calendar") return posts.data?.some((p) => p.scheduledAt) ? "done" : "todo";
    // Tracking is under way once a goal is measured by numbers; reports once one is saved; adapting the strategy once
    // a review is written.
    if ("feature" in q.store && q.store.feature === "tracking") return goals.data?.some((g) => g.points > 0) ? "done" : "todo";
    if (q.id === "exec.report") return (reports.data?.length ?? 0) > 0 ? "done" : "todo";
    if (q.id === "exec.agile") return reviews.length > 0 ? "done" : "todo";
    if ("feature" in q.store && q.store.feature === "setup") {
      const items = setup.data?.channels.flatMap((c) => c.items) ?? [];
      return items.length > 0 && items.every((i) => i.done) ? "done" : "todo";
    }
    if (q.page === "reviews") return reviews.some((r) => isAnswered(q, r.data["field" in q.store ? q.store.field : ""])) ? "done" : "todo";
    const state = states.get(q.id);
    return state?.answered ? "done" : state?.optional ? "optional" : "todo";
  };
  const colors: Record<Step, string> = { done: "teal", todo: "yellow", optional: "blue", unavailable: "gray" };
  const all = CATALOG.map(stepOf);
  return (
    <Stack gap="lg">
      <PageHeader title={t("strategy.guideMap.title")} intro={t("strategy.guideMap.intro")} />
      <Group gap="xs">
        {/* "Not available yet" is shown only while some step of the guide has no feature behind it. */}
        {(["done", "todo", "optional", "unavailable"] as const).filter((s) => s !== "unavailable" || all.includes(s)).map((s) => (
          <Badge key={s} color={colors[s]} variant="light" data-testid={`guide-count-${s}`}>
            {t(`strategy.guideMap.${s}`)}: {all.filter((x) => x === s).length}
          </Badge>
        ))}
      </Group>
      {PAGES.map((page: PageKey) => {
        const questions = CATALOG.filter((q) => q.page === page);
        const available = questions.some(isAvailable);
        return (
          <Card key={page} withBorder padding="md">
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h5">
                {PAGE_TITLES[page].guide}. {title(page)}
              </Title>
              {available ? (
                <Anchor component={Link} to={pagePath(workspace.id, page)} size="sm">
                  {t("strategy.guideMap.open")}
                </Anchor>
              ) : (
                <Text size="sm" c="dimmed">
                  {t("strategy.guideMap.later")}
                </Text>
              )}
            </Group>
            <Table verticalSpacing={4}>
              <Table.Tbody>
                {questions.map((q) => {
                  const step = stepOf(q);
                  return (
                    <Table.Tr key={q.id} data-testid={`guide-${q.id}`} data-step={step}>
                      <Table.Td>
                        <Text size="sm">{q[lang].label}</Text>
                      </Table.Td>
                      <Table.Td w={170} ta="right">
                        <Badge size="sm" variant="light" color={colors[step]}>
                          {t(`strategy.guideMap.${step}`)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Card>
        );
      })}
    </Stack>
  );
}
