import { BarChart } from "@mantine/charts";
import { minorUnitDigits } from "@socialplan/domain";
import type { Budget } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { ChartFrame } from "../../components/ChartFrame.tsx";
import { useFormat } from "../../lib/format.ts";
import { figuresOf } from "./budget.ts";

/**
 * Planned, actual and available per month as separate bars. Actual and available are drawn only up to the current
 * month: a future month has nothing spent yet, and its "available" would only add up the rollover of months not
 * lived yet, so future months show the plan alone. The CSV download holds exactly these numbers (blank where no bar).
 */
export function BudgetChart({ budget, currentMonth }: { budget: Budget; currentMonth: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const intl = t("intlLocale");
  const digits = minorUnitDigits(budget.currency);
  const { months, sheet } = figuresOf(budget);
  const major = (minor: number) => minor / 10 ** digits;
  const points = months.map((m, k) => {
    const x = sheet.months[k]!;
    const lived = m <= currentMonth;
    return { month: m, label: f.monthShort(m), planned: major(x.planned), actual: lived ? major(x.actual) : null, available: lived ? major(x.available) : null };
  });
  const names = { planned: t("budget.modes.planned"), actual: t("budget.modes.actual"), available: t("budget.modes.available") };
  const inCurrency = (name: string) => `${name} (${budget.currency})`;
  return (
    <ChartFrame
      title={t("budget.chart")}
      subtitle={t("budget.chartHelp")}
      file={`budget-${months[0]}`}
      testId="budget-chart"
      table={{
        columns: [t("charts.month"), inCurrency(names.planned), inCurrency(names.actual), inCurrency(names.available)],
        rows: points.map((p) => [p.month, p.planned, p.actual, p.available]),
      }}
    >
      <BarChart
        h={260}
        data={points}
        dataKey="label"
        series={[
          { name: "planned", label: names.planned, color: "gray.5" },
          { name: "actual", label: names.actual, color: "orange.6" },
          { name: "available", label: names.available, color: "teal.6" },
        ]}
        withLegend
        yAxisProps={{ width: 80 }}
        valueFormatter={(v) => new Intl.NumberFormat(intl, { maximumFractionDigits: digits }).format(v)}
      />
    </ChartFrame>
  );
}
