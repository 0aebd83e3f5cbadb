import "react-datasheet-grid/dist/style.css";
import { ActionIcon, Group, Text, Tooltip } from "@mantine/core";
import { BUDGET_CATEGORIES, minorUnitDigits, type MonthFigures } from "@socialplan/domain";
import type { Budget, BudgetCell } from "@socialplan/schema";
import { useMemo } from "react";
import { createTextColumn, DataSheetGrid, keyColumn, type CellProps, type Column } from "react-datasheet-grid";
import { useTranslation } from "react-i18next";
import { parseAmountText } from "../../lib/numbers.ts";
import { figuresOf } from "./budget.ts";
import classes from "./BudgetSheet.module.css";

export type SheetMode = "planned" | "actual" | "available" | "difference";

interface Row {
  id: string;
  name: string;
  total: boolean;
  stopped: string | null;
  [month: string]: number | null | string | boolean;
}


/**
 * The budget as a spreadsheet: one row per line and a totals row, one column per month and a total column.
 * Planned and actual amounts are typed or pasted (a block copied from Excel or Google Sheets fills the cells it
 * covers); available and difference are computed by the same domain functions as everywhere else.
 */
export function BudgetSheet({ budget, mode, canEdit, onCells, onEditLine }: { budget: Budget; mode: SheetMode; canEdit: boolean; onCells: (cells: BudgetCell[]) => void; onEditLine: (id: string) => void }) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  const digits = minorUnitDigits(budget.currency);
  const unit = 10 ** digits;
  const { months, sheet } = useMemo(() => figuresOf(budget), [budget]);
  const editable = canEdit && (mode === "planned" || mode === "actual");
  const pick = (f: MonthFigures) => f[mode] / unit;

  const rows: Row[] = useMemo(() => {
    const lineRows = budget.lines.map((line, i): Row => {
      const f = sheet.lines[i]!;
      const row: Row = { id: line.id, name: line.name, total: false, stopped: line.stoppedFrom, sum: pick(f.total) };
      months.forEach((m, k) => {
        // Stored amounts are shown as typed (empty stays empty); computed ones always.
        if (mode === "planned") row[m] = line.planned[m] !== undefined ? line.planned[m]! / unit : null;
        else if (mode === "actual" && line.trackActuals) row[m] = line.actual[m] !== undefined ? line.actual[m]! / unit : null;
        else row[m] = pick(f.months[k]!);
        row[`${m}:difference`] = f.months[k]!.difference;
        row[`${m}:tracked`] = line.trackActuals;
      });
      return row;
    });
    const summary = (id: string, name: string, figures: { months: readonly MonthFigures[]; total: MonthFigures }): Row => {
      const row: Row = { id, name, total: true, stopped: null, sum: pick(figures.total) };
      months.forEach((m, k) => {
        row[m] = pick(figures.months[k]!);
        row[`${m}:difference`] = figures.months[k]!.difference;
      });
      return row;
    };
    // Lines grouped by the guide's categories, each group closed by its subtotal, then all lines.
    const grouped = BUDGET_CATEGORIES.flatMap((c) => {
      const group = lineRows.filter((_, i) => budget.lines[i]!.category === c);
      return group.length ? [...group, summary(`__category:${c}`, t(`budget.categories.${c}`), sheet.categories[c])] : [];
    });
    return [...grouped, summary("__total", t("budget.totals"), { months: sheet.months, total: sheet.total })];
  }, [budget, mode, sheet, months]);

  const money = useMemo(
    () =>
      createTextColumn<number | null>({
        alignRight: true,
        formatBlurredInput: (v) => (typeof v === "number" ? new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v) : ""),
        formatInputOnFocus: (v) => (typeof v === "number" ? String(v) : ""),
        parseUserInput: parseAmountText,
        parsePastedValue: parseAmountText,
      }),
    [locale, digits],
  );

  const columns: Column<Row>[] = useMemo(() => {
    const tone = (row: Row, m: string) => {
      if (mode !== "actual" && mode !== "difference") return undefined;
      const diff = row[`${m}:difference`] as number | undefined;
      if (diff === undefined || (mode === "actual" && row[m] === null)) return undefined;
      return diff < 0 ? classes.over : diff > 0 && mode === "difference" ? classes.under : undefined;
    };
    return [
      {
        id: "name",
        title: t("budget.line"),
        basis: 240,
        minWidth: 240,
        grow: 0,
        shrink: 0,
        disabled: true,
        component: ({ rowData }: CellProps<Row>) => (
          <Group gap={4} wrap="nowrap" px={8} w="100%" justify="space-between">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <Text size="sm" fw={rowData.total ? 700 : 400} fs={rowData.id.startsWith("__category:") ? "italic" : undefined} truncate>
                {rowData.name}
              </Text>
              {rowData.stopped ? (
                <Text c="dimmed" size="xs" style={{ whiteSpace: "nowrap" }}>
                  {t("budget.stoppedFrom", { month: rowData.stopped })}
                </Text>
              ) : null}
            </Group>
            {!rowData.total && (
              <Tooltip label={t("budget.editLine")}>
                <ActionIcon size="sm" variant="subtle" aria-label={t("budget.editLineNamed", { name: rowData.name })} onClick={() => onEditLine(rowData.id)}>
                  ⋯
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        ),
      },
      ...months.map(
        (m): Column<Row> => ({
          ...keyColumn<Row, typeof m>(m, money as Column<Row[typeof m]>),
          id: m,
          title: new Intl.DateTimeFormat(locale, { year: "2-digit", month: "short", timeZone: "UTC" }).format(new Date(`${m}-01T00:00:00Z`)),
          basis: 112,
          minWidth: 112,
          disabled: ({ rowData }) => !editable || rowData.total || (mode === "actual" && rowData[`${m}:tracked`] === false) || (mode === "planned" && !!rowData.stopped && m >= rowData.stopped),
          cellClassName: ({ rowData }) => [rowData.total ? classes.total : "", tone(rowData, m) ?? ""].join(" "),
        }),
      ),
      {
        ...keyColumn<Row, "sum">("sum", money as Column<Row["sum"]>),
        id: "sum",
        title: t("budget.total"),
        basis: 120,
        minWidth: 120,
        disabled: true,
        cellClassName: classes.total,
      },
    ];
  }, [months, money, mode, editable, locale, t, onEditLine]);

  const onChange = (next: Row[]) => {
    const cells: BudgetCell[] = [];
    next.forEach((row, i) => {
      const before = rows[i];
      if (!before || row.total || row.id !== before.id) return;
      for (const m of months) {
        if (row[m] === before[m]) continue;
        const value = row[m] as number | null;
        cells.push({ lineId: row.id, month: m, field: mode as "planned" | "actual", amount: value === null ? null : Math.max(0, Math.round(value * unit)) });
      }
    });
    if (cells.length) onCells(cells);
  };

  return (
    <div data-testid="budget-sheet" data-mode={mode}>
      <DataSheetGrid<Row> value={rows} onChange={onChange} columns={columns} lockRows rowKey="id" height={Math.min(720, 40 * (rows.length + 1) + 16)} gutterColumn={false} disableContextMenu />
    </div>
  );
}
