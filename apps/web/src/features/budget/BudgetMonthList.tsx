import { ActionIcon, Card, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { BUDGET_CATEGORIES, formatMoney, minorUnitDigits, type MonthFigures } from "@socialplan/domain";
import { decimalMarkOf, parseMoney } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import { figuresOf } from "./budget.ts";
import type { SheetProps } from "./BudgetSheet.tsx";

/** One amount of a line and month, typed on a phone: saved when the field is left, refused (and reset) when not an amount. */
function AmountField({ value, label, currency, onSave }: { value: number | undefined; label: string; currency: string; onSave: (minor: number | null) => void }) {
  const { t } = useTranslation();
  const intl = t("intlLocale");
  const digits = minorUnitDigits(currency);
  const shown = value === undefined ? "" : new Intl.NumberFormat(intl, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value / 10 ** digits);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState(false);
  const commit = () => {
    if (text === null || text === shown) return setText(null);
    if (!text.trim()) onSave(null);
    else {
      const reading = parseMoney(text, { currency, decimal: decimalMarkOf(intl) });
      if (!reading.ok) return setError(true);
      onSave(reading.minor);
    }
    setError(false);
    setText(null);
  };
  return (
    <TextInput
      aria-label={label}
      value={text ?? shown}
      inputMode="decimal"
      w={130}
      size="sm"
      styles={{ input: { textAlign: "right" } }}
      error={error ? t("budget.notAmount") : undefined}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
    />
  );
}

/**
 * The budget on a phone: one month at a time (the current one first), each line with its amount for the month in
 * the chosen view — typed in place where it is planned or actual — its period total, and the month's and period's
 * totals; no sideways scrolling.
 */
export function BudgetMonthList({ budget, mode, canEdit, currentMonth, onCells, onEditLine }: SheetProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const intl = t("intlLocale");
  const { months, sheet } = figuresOf(budget);
  const [month, setMonth] = useState(months.includes(currentMonth) ? currentMonth : months[0]!);
  const k = months.indexOf(month);
  const money = (minor: number) => formatMoney({ amount: minor, currency: budget.currency }, intl);
  const pick = (x: MonthFigures) => x[mode];
  const step = (by: number) => setMonth(months[Math.min(months.length - 1, Math.max(0, k + by))]!);

  return (
    <Stack gap="sm" data-testid="budget-list" data-mode={mode}>
      <Group gap="xs" wrap="nowrap">
        <ActionIcon variant="default" size="lg" onClick={() => step(-1)} disabled={k === 0} aria-label={t("budget.list.previous")}>
          ‹
        </ActionIcon>
        <Select
          aria-label={t("budget.list.month")}
          data={months.map((m) => ({ value: m, label: m === currentMonth ? `${f.monthShort(m)} · ${t("budget.list.thisMonth")}` : f.month(m) }))}
          value={month}
          onChange={(v) => v && setMonth(v)}
          allowDeselect={false}
          style={{ flex: 1 }}
          data-testid="budget-list-month"
        />
        <ActionIcon variant="default" size="lg" onClick={() => step(1)} disabled={k === months.length - 1} aria-label={t("budget.list.next")}>
          ›
        </ActionIcon>
      </Group>
      {BUDGET_CATEGORIES.map((c) => {
        const lines = budget.lines.map((l, i) => ({ l, i })).filter(({ l }) => l.category === c);
        if (!lines.length) return null;
        return (
          <Card key={c} withBorder padding="sm">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb={4}>
              {t(`budget.categories.${c}`)}
            </Text>
            <Stack gap={6}>
              {lines.map(({ l, i }) => {
                const figures = sheet.lines[i]!;
                const stored = mode === "planned" ? l.planned[month] : mode === "actual" && l.trackActuals ? l.actual[month] : undefined;
                const stopped = !!l.stoppedFrom && month >= l.stoppedFrom;
                const editable = canEdit && (mode === "planned" ? !stopped : mode === "actual" && l.trackActuals);
                return (
                  <Group key={l.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="budget-list-line" data-line={l.name}>
                    <div style={{ minWidth: 0, flex: 1 }}>
                      <Text size="sm" truncate component="button" type="button" onClick={() => onEditLine(l.id)} style={{ background: "none", border: 0, padding: 0, cursor: "pointer", textAlign: "left", maxWidth: "100%" }} aria-label={t("budget.editLineNamed", { name: l.name })}>
                        {l.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t("budget.list.periodTotal", { total: money(pick(figures.total)) })}
                      </Text>
                    </div>
                    {editable ? (
                      <AmountField value={stored} label={`${l.name} · ${f.month(month)}`} currency={budget.currency} onSave={(amount) => onCells([{ lineId: l.id, month, field: mode as "planned" | "actual", amount }])} />
                    ) : (
                      <Text size="sm" fw={500} data-testid="budget-list-amount">
                        {money(pick(figures.months[k]!))}
                      </Text>
                    )}
                  </Group>
                );
              })}
            </Stack>
          </Card>
        );
      })}
      <Card withBorder padding="sm" bg="gray.0">
        <Group justify="space-between">
          <Text size="sm" fw={700}>
            {t("budget.list.monthTotal", { month: f.monthShort(month) })}
          </Text>
          <Text size="sm" fw={700} data-testid="budget-list-month-total">
            {money(pick(sheet.months[k]!))}
          </Text>
        </Group>
        <Group justify="space-between">
          <Text size="sm">{t("budget.list.total")}</Text>
          <Text size="sm" fw={700} data-testid="budget-list-total">
            {money(pick(sheet.total))}
          </Text>
        </Group>
      </Card>
    </Stack>
  );
}
