import { Accordion, Alert, Anchor, Badge, Button, Card, Group, MultiSelect, RingProgress, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { modals } from "@mantine/modals";
import { topMissing, type MissingAnswer } from "@socialplan/domain";
import { budgetStatus, PAGE_TITLES, questionsOf, strategyStatus, STRATEGY_PAGES, type PageKey } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { notifyError } from "../../lib/notify.ts";
import { PageProgress, pagePath, StrategyHeader, useCompleteness, usePageTitle } from "./common.tsx";
import { useStrategyContext } from "./context.ts";
import { ConflictModal, HistoryButton, SaveStatus } from "./EntryChrome.tsx";
import { useLang } from "./fields.tsx";
import { QuestionField } from "./QuestionField.tsx";
import { useAutosave } from "./useAutosave.ts";
import { useBudget } from "../budget/budget.ts";
import { missingLabel, missingTarget } from "./missing.ts";

/** The strategy's summary page: completeness, the worked example, exports, and the ten outline questions. */
export function OutlinePage() {
  const { t } = useTranslation();
  const c = useCompleteness();
  return (
    <Stack gap="lg">
      <StrategyHeader
        page="outline"
        aside={
          <Stack gap={0} align="center">
            <RingProgress
              size={92}
              thickness={9}
              roundCaps
              sections={[{ value: c.percent, color: c.percent === 100 ? "teal" : "yellow" }]}
              label={
                <Text ta="center" fw={700} data-testid="overall-completeness">
                  {c.percent}%
                </Text>
              }
              aria-label={t("strategy.overall")}
            />
            <Text size="xs" c="dimmed">
              {t("strategy.overall")}
            </Text>
          </Stack>
        }
      />
      <ExampleBanner />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <CompletenessCard />
        <ExportCard />
      </SimpleGrid>
      <OutlineCard />
    </Stack>
  );
}

function ExampleBanner() {
  const { t, i18n } = useTranslation();
  const { entries, api, canEdit } = useStrategyContext();
  const [busy, setBusy] = useState(false);
  const hasExample = entries.some((e) => e.example);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!canEdit) return null;
  if (hasExample) {
    return (
      <Alert color="grape" title={t("strategy.example.presentTitle")} data-testid="example-present">
        <Text size="sm" mb="sm">
          {t("strategy.example.presentBody")}
        </Text>
        <Button
          color="grape"
          variant="light"
          loading={busy}
          onClick={() =>
            modals.openConfirmModal({
              title: t("strategy.example.clearTitle"),
              children: <Text size="sm">{t("strategy.example.clearBody")}</Text>,
              labels: { confirm: t("strategy.example.clear"), cancel: t("common.cancel") },
              confirmProps: { color: "red" },
              onConfirm: () => void run(api.clearExample),
            })
          }
        >
          {t("strategy.example.clear")}
        </Button>
      </Alert>
    );
  }
  if (entries.length > 0) return null;
  return (
    <Alert color="teal" title={t("strategy.example.startTitle")}>
      <Text size="sm" mb="sm">
        {t("strategy.example.startBody")}
      </Text>
      <Button loading={busy} onClick={() => void run(() => api.loadExample(i18n.language))}>
        {t("strategy.example.start")}
      </Button>
    </Alert>
  );
}

/** What to answer next (the few answers that matter most, each one click away), then progress page by page. */
function CompletenessCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const { workspace, entries, uncoveredHats } = useStrategyContext();
  const title = usePageTitle();
  const c = useCompleteness();
  const budget = useBudget(workspace.id);
  const status = strategyStatus(entries, uncoveredHats);
  const top = topMissing([...status, ...(budget.data ? [budgetStatus(budget.data.lines.length)] : [])], 5);
  const open = c.sections.filter((s) => s.missing.length > 0);
  const labelOf = (q: Pick<MissingAnswer, "id" | "section" | "empty">) => {
    const label = missingLabel(q, lang);
    return label.kind === "message" ? t(label.key) : label.text;
  };
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        {t("strategy.top.title")}
      </Title>
      {top.length === 0 ? (
        <Alert color="teal" variant="light" data-testid="top-missing-done">
          {t("strategy.top.done")}
        </Alert>
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="sm">
            {t("strategy.top.intro")}
          </Text>
          <Stack gap="xs" data-testid="top-missing">
            {top.map((q, i) => (
              <Group key={`${q.section}-${q.id}`} justify="space-between" wrap="nowrap" align="center" gap="sm" data-testid="top-missing-item">
                <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
                  <ThemeIcon size={24} radius="xl" variant="light" color="teal">
                    <Text size="xs" fw={700}>
                      {i + 1}
                    </Text>
                  </ThemeIcon>
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}>
                      {labelOf(q)}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {q.section === "budget" ? t("strategy.top.budgetWhere") : title(q.section as PageKey)}
                      {q.detail ? ` · ${t("strategy.top.stillIn", { names: q.detail })}` : ""}
                    </Text>
                  </div>
                </Group>
                <Button component={Link} to={missingTarget(workspace.id, q)} size="xs" variant="light" style={{ flexShrink: 0 }}>
                  {q.empty ? t("strategy.top.add") : t("strategy.top.answer")}
                </Button>
              </Group>
            ))}
          </Stack>
        </>
      )}
      <Title order={3} size="h5" mt="lg" mb="xs">
        {t("strategy.completenessTitle")}
      </Title>
      <Stack gap="xs">
        {STRATEGY_PAGES.filter((p) => p !== "reviews").map((p) => (
          <PageProgress key={p} page={p} />
        ))}
      </Stack>
      {open.length > 0 && (
        <Accordion mt="md" variant="contained">
          <Accordion.Item value="missing">
            <Accordion.Control>
              <Text size="sm" fw={500}>
                {t("strategy.top.everything")}
              </Text>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm" data-testid="missing-list">
                {open.map((s) => (
                  <div key={s.section}>
                    <Anchor component={Link} to={pagePath(workspace.id, s.section as PageKey)} size="sm" fw={600}>
                      {title(s.section as PageKey)}
                    </Anchor>
                    {s.missing.map((q) => (
                      <Text key={q.id} size="sm" c="dimmed">
                        ·{" "}
                        <Anchor component={Link} to={missingTarget(workspace.id, { ...q, section: s.section })} size="sm" c="dimmed" underline="hover">
                          {labelOf({ ...q, section: s.section })}
                        </Anchor>
                        {q.detail ? ` (${q.detail})` : ""}
                      </Text>
                    ))}
                  </div>
                ))}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      )}
    </Card>
  );
}

function ExportCard() {
  const { t, i18n } = useTranslation();
  const { workspace } = useStrategyContext();
  const title = usePageTitle();
  const [pages, setPages] = useState<string[]>([]);
  const query = (format: string) => `/api/workspaces/${workspace.id}/strategy/export?format=${format}&locale=${i18n.language}${pages.length ? `&pages=${pages.join(",")}` : ""}`;
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="xs">
        {t("strategy.export.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("strategy.export.body")}
      </Text>
      <MultiSelect
        label={t("strategy.export.pages")}
        placeholder={pages.length ? undefined : t("strategy.export.allPages")}
        data={STRATEGY_PAGES.map((p) => ({ value: p, label: `${PAGE_TITLES[p].guide}. ${title(p)}` }))}
        value={pages}
        onChange={setPages}
        clearable
        mb="md"
      />
      <Group gap="xs">
        <Button component="a" href={query("pdf")} download data-testid="export-pdf">
          PDF
        </Button>
        <Button component="a" href={query("docx")} download variant="light">
          Word (DOCX)
        </Button>
        <Button component="a" href={query("md")} download variant="light">
          Markdown
        </Button>
        <Button component={Link} to={`/w/${workspace.id}/strategy/print${pages.length ? `?pages=${pages.join(",")}` : ""}`} variant="subtle">
          {t("strategy.export.print")}
        </Button>
      </Group>
    </Card>
  );
}

function OutlineCard() {
  const { t } = useTranslation();
  const { entries, api, workspace, canEdit } = useStrategyContext();
  const title = usePageTitle();
  const c = useCompleteness();
  const entry = entries.find((e) => e.kind === "outline");
  const form = useAutosave(entry, (version, data) => api.saveSection("outline", version, data));
  const done = (p: PageKey) => (c.sections.find((s) => s.section === p)?.answered ?? 0) > 0;
  return (
    <Card withBorder padding="lg" data-testid="section-outline">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t("strategy.outlineQuestions")}
        </Title>
        <Group gap="xs">
          <SaveStatus form={form} />
          <HistoryButton entry={entry} />
        </Group>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t("strategy.outlineHelp")}
      </Text>
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="lg">
          {questionsOf("outline").map((q) => (
            <Stack key={q.id} gap={4}>
              <QuestionField q={q} form={form} />
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  {t("strategy.answeredIn")}
                </Text>
                {(q.answeredBy ?? []).map((p) => (
                  <Badge key={p} component={Link} to={pagePath(workspace.id, p)} variant={done(p) ? "light" : "outline"} color={done(p) ? "teal" : "gray"} style={{ cursor: "pointer" }}>
                    {title(p)}
                  </Badge>
                ))}
              </Group>
            </Stack>
          ))}
        </Stack>
      </fieldset>
      <ConflictModal form={form} kind="outline" />
    </Card>
  );
}
