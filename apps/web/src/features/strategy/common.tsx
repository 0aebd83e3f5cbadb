import { Anchor, Badge, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { completeness } from "@socialplan/domain";
import { PAGE_TITLES, strategyStatus, type PageKey } from "@socialplan/schema";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useStrategyContext } from "./context.ts";
import { useFocusFromUrl } from "./focus-field.ts";
import { useLang } from "./fields.tsx";
import { pagePath } from "./paths.ts";

export function useCompleteness() {
  const { entries, uncoveredHats } = useStrategyContext();
  return completeness(strategyStatus(entries, uncoveredHats));
}

// The navigation needs the paths without this file's editors: they live on their own.
export { pagePath } from "./paths.ts";

export function usePageTitle() {
  const lang = useLang();
  return (page: PageKey) => PAGE_TITLES[page][lang];
}

/** A strategy page's title with its guide section, how complete it is, and what it is for. */
export function StrategyHeader({ page, aside }: { page: PageKey; aside?: ReactNode }) {
  const { t } = useTranslation();
  const title = usePageTitle();
  const c = useCompleteness();
  useFocusFromUrl();
  // The outline shows the one overall figure beside its title instead (OutlinePage), never two figures side by side.
  const section = page === "outline" ? undefined : c.sections.find((s) => s.section === page);
  return (
    <Stack gap={6}>
      <Group justify="space-between" align="start">
        <Group gap="sm">
          <Title order={1} size="h2">
            {title(page)}
          </Title>
          <Badge variant="light" color="gray">
            {t("strategy.guideSection", { section: PAGE_TITLES[page].guide })}
          </Badge>
          {section && (
            <Badge variant="light" color={section.percent === 100 ? "teal" : "yellow"} data-testid="section-completeness">
              {t("strategy.percentDone", { percent: section.percent })}
            </Badge>
          )}
        </Group>
        {aside}
      </Group>
      <Text c="dimmed" maw={820}>
        {t(`strategy.intro.${page}`)}
      </Text>
    </Stack>
  );
}

export function PageProgress({ page }: { page: PageKey }) {
  const { workspace } = useStrategyContext();
  const title = usePageTitle();
  const c = useCompleteness();
  const s = c.sections.find((x) => x.section === page);
  if (!s) return null;
  return (
    <Stack gap={2}>
      <Group justify="space-between">
        <Anchor component={Link} to={pagePath(workspace.id, page)} size="sm">
          {PAGE_TITLES[page].guide}. {title(page)}
        </Anchor>
        <Text size="xs" c="dimmed">
          {s.answered}/{s.total}
        </Text>
      </Group>
      <Progress value={s.percent} color={s.percent === 100 ? "teal" : "yellow"} size="sm" aria-label={title(page)} />
    </Stack>
  );
}
