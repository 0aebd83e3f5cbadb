import "@mantine/charts/styles.css";
import { Alert, Badge, Button, Card, Group, Menu, SegmentedControl, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { formatMoney, monthIn } from "@socialplan/domain";
import type { BudgetCell } from "@socialplan/schema";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EmptyState, PageSkeleton, TableSkeleton } from "../../components/Skeletons.tsx";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { useStrategy } from "../strategy/strategy.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { AdCalculator } from "./AdCalculator.tsx";
import { BudgetChart } from "./BudgetChart.tsx";
import { BudgetMonthList } from "./BudgetMonthList.tsx";
import { BudgetPacing } from "./BudgetPacing.tsx";
import { figuresOf, useBudget, useBudgetApi } from "./budget.ts";
import { BudgetSheet, type SheetMode } from "./BudgetSheet.tsx";
import { ImportDialog } from "./ImportDialog.tsx";
import { LineDialog, toPatch } from "./LineDialog.tsx";

/** The guide's budget sheet (§12): planned against actual per month, rollover, totals, pacing and a chart. */
export function BudgetPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentWorkspace();
  const budget = useBudget(current.workspaceId);
  const strategy = useStrategy(current.workspaceId);
  const api = useBudgetApi(current.workspaceId);
  const [mode, setMode] = useState<SheetMode>("planned");
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [dialog, setDialog] = useState<"import" | "calc" | null>(null);
  const canEdit = current.can("editor");
  const locale = t("intlLocale");
  const f = useFormat();
  // A phone gets the budget as a list per month (no sideways scrolling); wider screens the sheet.
  const phone = useMediaQuery("(max-width: 40em)");
  const data = budget.data;
  const figures = useMemo(() => (data ? figuresOf(data) : null), [data]);
  if (!data || !figures || !current.data) {
    return (
      <PageSkeleton tiles={4}>
        <TableSkeleton rows={8} />
      </PageSkeleton>
    );
  }

  const money = (minor: number) => formatMoney({ amount: minor, currency: data.currency }, locale);
  // Pacing as the server computed it: today in the workspace's time zone, not the browser's clock and zone.
  const pace = data.figures.pacing;
  const thisMonth = pace?.month ?? monthIn(new Date(), current.data.timezone);
  const hasSample = data.lines.some((l) => l.sample);

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (e) {
      notifyError(e);
    }
  };
  const onCells = (cells: BudgetCell[]) => void act(() => api.setCells(cells));
  const exportUrl = (format: string) => `/api/workspaces/${current.workspaceId}/budget/export?format=${format}&locale=${i18n.language}`;
  const line = typeof editing === "string" && editing !== "new" ? data.lines.find((l) => l.id === editing) ?? null : null;

  return (
    <Stack gap="lg">
      <PageHeader
        title={t("budget.title")}
        intro={t("budget.intro")}
        aside={
          <Badge variant="light" color="gray">
            {t("budget.period", { months: f.monthRange(figures.months[0]!, figures.months.at(-1)!), currency: data.currency })}
          </Badge>
        }
      />
      {data.lines.length === 0 && (
        <EmptyState title={t("budget.empty.title")} body={canEdit ? t("budget.empty.body") : t("budget.empty.readOnly")} testId="budget-empty">
          {canEdit && (
            <>
              <Button onClick={() => setEditing("new")}>{t("budget.addLine")}</Button>
              <Button variant="light" onClick={() => void act(() => api.loadSample(i18n.language))}>
                {t("budget.sample.start")}
              </Button>
            </>
          )}
        </EmptyState>
      )}
      {hasSample && canEdit && (
        <Alert color="grape" title={t("budget.sample.presentTitle")} data-testid="budget-sample-present">
          <Group justify="space-between">
            <Text size="sm">{t("budget.sample.presentBody")}</Text>
            <Button
              color="grape"
              variant="light"
              onClick={() =>
                modals.openConfirmModal({
                  title: t("budget.sample.clear"),
                  children: <Text size="sm">{t("budget.sample.clearBody")}</Text>,
                  labels: { confirm: t("budget.sample.clear"), cancel: t("common.cancel") },
                  confirmProps: { color: "red" },
                  onConfirm: () => void act(api.clearSample),
                })
              }
            >
              {t("budget.sample.clear")}
            </Button>
          </Group>
        </Alert>
      )}
      {data.lines.length > 0 && (
        <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
          {(["planned", "available", "actual", "difference"] as const).map((k) => (
            <Card key={k} withBorder padding="md">
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                {t(`budget.modes.${k}`)}
              </Text>
              <Text fw={700} fz={{ base: "md", sm: "xl" }} style={{ overflowWrap: "anywhere" }} c={k === "difference" && figures.sheet.total.difference < 0 ? "red" : undefined} data-testid={`budget-total-${k}`}>
                {money(figures.sheet.total[k])}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {pace && data.lines.length > 0 && <BudgetPacing pace={pace} currency={data.currency} />}
      <Card withBorder padding="md">
        <Group justify="space-between" mb="sm" wrap="wrap">
          <SegmentedControl fullWidth={!!phone} size={phone ? "xs" : "sm"} value={mode} onChange={(v) => setMode(v as SheetMode)} data={(["planned", "actual", "available", "difference"] as const).map((k) => ({ value: k, label: t(`budget.modes.${k}`) }))} />
          <Group gap="xs">
            {canEdit && (
              <>
                <Button size="xs" onClick={() => setEditing("new")}>
                  {t("budget.addLine")}
                </Button>
                <Button size="xs" variant="light" onClick={() => setDialog("calc")}>
                  {t("budget.calc.open")}
                </Button>
                <Button size="xs" variant="light" onClick={() => setDialog("import")}>
                  {t("budget.import.open")}
                </Button>
              </>
            )}
            <Menu>
              <Menu.Target>
                <Button size="xs" variant="default">
                  {t("budget.export")}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component="a" href={exportUrl("xlsx")} download data-testid="export-xlsx">
                  Excel (.xlsx)
                </Menu.Item>
                <Menu.Item component="a" href={exportUrl("csv")} download>
                  CSV
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        <Text size="xs" c="dimmed" mb="xs">
          {t(`budget.modeHelp.${mode}`)}
        </Text>
        {phone ? (
          <BudgetMonthList budget={data} mode={mode} canEdit={canEdit} currentMonth={thisMonth} onCells={onCells} onEditLine={setEditing} />
        ) : (
          <BudgetSheet budget={data} mode={mode} canEdit={canEdit} currentMonth={thisMonth} onCells={onCells} onEditLine={setEditing} />
        )}
      </Card>
      {data.lines.length > 0 && (
        <Card withBorder padding="md">
          <BudgetChart budget={data} currentMonth={thisMonth} />
        </Card>
      )}
      {editing && (
        <LineDialog
          budget={data}
          line={line}
          currentMonth={thisMonth}
          entries={strategy.data ?? []}
          onClose={() => setEditing(null)}
          onSave={async (form) => {
            if (line) await api.changeLine(line.id, toPatch(form));
            else await api.addLine({ name: form.name.trim(), category: form.category, channelId: form.channelId, goalId: form.goalId, trackActuals: form.trackActuals, rollover: form.rollover, ...(form.plan ? { plan: form.plan } : {}) });
          }}
          {...(line ? { onDelete: async () => void (await api.removeLine(line.id)) } : {})}
        />
      )}
      {dialog === "import" && <ImportDialog onClose={() => setDialog(null)} run={api.importCsv} currency={data.currency} month={figures.months[0]!} />}
      {dialog === "calc" && (
        <AdCalculator
          budget={data}
          entries={strategy.data ?? []}
          currentMonth={thisMonth}
          onClose={() => setDialog(null)}
          onAddLine={async (l) => void (await api.addLine({ name: l.name, category: "ads", goalId: l.goalId, planned: l.planned }))}
        />
      )}
    </Stack>
  );
}
