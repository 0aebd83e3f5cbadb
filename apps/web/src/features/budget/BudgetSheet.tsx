import "react-datasheet-grid/dist/style.css";
import { ActionIcon, Group, Text, Tooltip } from "@mantine/core";
import { BUDGET_CATEGORIES, minorUnitDigits, type MonthFigures } from "@socialplan/domain";
import type { Budget, BudgetCell } from "@socialplan/schema";
import { useEffect, useMemo, useRef } from "react";
import { labelledColumn } from "../../components/labelled-column.tsx";
import { createTextColumn, DataSheetGrid, keyColumn, type CellProps, type Column } from "react-datasheet-grid";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
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


const NAME_WIDTH = 210;

/** What the sheet and its phone form (BudgetMonthList) show and do. */
export interface SheetProps {
  budget: Budget;
  mode: SheetMode;
  canEdit: boolean;
  /** The current month in the workspace's zone: the sheet opens at it. */
  currentMonth: string;
  onCells: (cells: BudgetCell[]) => void;
  onEditLine: (id: string) => void;
}

/**
 * The budget as a spreadsheet: one row per line and a totals row, one column per month and a total column.
 * Planned and actual amounts are typed or pasted (a block copied from Excel or Google Sheets fills the cells it
 * covers); available and difference are computed by the same domain functions as everywhere else. The line names
 * (the grid's sticky gutter) and the totals (its sticky right column) stay in view while the months scroll between
 * them, and the sheet opens scrolled to the current month (the month before it first, for comparison).
 */
export function BudgetSheet({ budget, mode, canEdit, currentMonth, onCells, onEditLine }: SheetProps) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  const f = useFormat();
  const wrapper = useRef<HTMLDivElement>(null);
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
      ...months.map(
        (m): Column<Row> => ({
          // Each cell is named by its line and month for screen readers.
          ...labelledColumn(keyColumn<Row, typeof m>(m, money as Column<Row[typeof m]>), (row) => `${row.name}, ${f.monthShort(m)}`),
          id: m,
          title: <span data-month={m}>{f.monthShort(m)}</span>,
          headerClassName: m === currentMonth ? classes.currentHeader : undefined,
          basis: 120,
          minWidth: 120,
          disabled: ({ rowData }) => !editable || rowData.total || (mode === "actual" && rowData[`${m}:tracked`] === false) || (mode === "planned" && !!rowData.stopped && m >= rowData.stopped),
          // `sheet-m-YYYY-MM` names the month's cells (the grid renders only the columns in view; tests find them by it).
          cellClassName: ({ rowData }) => [`sheet-m-${m}`, rowData.total ? classes.total : "", m === currentMonth ? classes.current : "", tone(rowData, m) ?? ""].join(" "),
        }),
      ),
    ];
  }, [months, money, mode, editable, locale, t, currentMonth]);

  // The line names: the grid's gutter, which it keeps in view on the left.
  const nameColumn = useMemo(
    () => ({
      title: <Text size="sm" fw={600} px={8}>{t("budget.line")}</Text>,
      basis: NAME_WIDTH,
      minWidth: NAME_WIDTH,
      component: ({ rowData }: CellProps<Row>) => (
        <Group gap={4} wrap="nowrap" px={8} w="100%" justify="space-between" className={rowData.total ? classes.totalName : undefined}>
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={rowData.total ? 700 : 400} fs={rowData.id.startsWith("__category:") ? "italic" : undefined} truncate title={rowData.name}>
              {rowData.name}
            </Text>
            {rowData.stopped ? (
              <Text c="dimmed" size="xs" truncate>
                {t("budget.stoppedFrom", { month: f.monthShort(rowData.stopped) })}
              </Text>
            ) : null}
          </div>
          {!rowData.total && (
            <Tooltip label={t("budget.editLine")}>
              <ActionIcon size="sm" variant="subtle" aria-label={t("budget.editLineNamed", { name: rowData.name })} onClick={() => onEditLine(rowData.id)}>
                ⋯
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ),
    }),
    [t, locale, onEditLine],
  );

  // The period's totals: the grid's sticky right column.
  const totalColumn = useMemo(
    () => ({
      title: <Text size="sm" fw={700} ta="right" w="100%" px={8}>{t("budget.total")}</Text>,
      basis: 132,
      minWidth: 132,
      component: ({ rowData }: CellProps<Row>) => (
        <Text size="sm" fw={700} ta="right" w="100%" px={10} data-testid="line-total">
          {new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(rowData.sum as number)}
        </Text>
      ),
    }),
    [t, locale, digits],
  );

  // Open at the current month: scroll the months so the one before it is the first shown.
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (scrolledTo.current === currentMonth) return;
    const container = wrapper.current?.querySelector<HTMLElement>(".dsg-container");
    const k = months.indexOf(currentMonth);
    const header = wrapper.current?.querySelector(`[data-month="${months[Math.max(0, k - 1)]}"]`)?.closest<HTMLElement>(".dsg-cell");
    if (!container || !header || k < 0) return;
    container.scrollLeft = Math.max(0, header.offsetLeft - NAME_WIDTH);
    scrolledTo.current = currentMonth;
  });

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
    <div data-testid="budget-sheet" data-mode={mode} ref={wrapper} className={classes.sheet}>
      <DataSheetGrid<Row>
        value={rows}
        onChange={onChange}
        columns={columns}
        gutterColumn={nameColumn}
        stickyRightColumn={totalColumn}
        lockRows
        rowKey="id"
        height={Math.min(720, 40 * (rows.length + 1) + 16)}
        disableContextMenu
      />
    </div>
  );
}
