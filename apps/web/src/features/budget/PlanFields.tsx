import { Group, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { formatMoney, minorUnitDigits, periodMonths, spreadPlan } from "@socialplan/domain";
import { decimalMarkOf, moneyProblemMessage, parseMoney, type Budget, type BudgetPlan, type Locale } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";

/** What the dialog's "planned amount" part holds while typed: the amount as text, in the user's way of writing. */
export interface PlanForm {
  kind: BudgetPlan["kind"];
  amount: string;
  from: string;
  to: string;
}

/** An empty plan from the current month (or the period's first month, when it lies outside) to the period's end. */
export function emptyPlan(budget: Budget, currentMonth: string): PlanForm {
  const months = periodMonths(budget.period);
  return { kind: "monthly", amount: "", from: months.includes(currentMonth) ? currentMonth : months[0]!, to: months.at(-1)! };
}

/** The plan to send, null when no amount is typed, or the reason the amount is not one (in the user's language). */
export function readPlan(form: PlanForm, currency: string, intl: string, language: Locale): { plan: BudgetPlan | null; error?: string } {
  if (!form.amount.trim()) return { plan: null };
  const reading = parseMoney(form.amount, { currency, decimal: decimalMarkOf(intl) });
  if (!reading.ok) return { plan: null, error: moneyProblemMessage(language, form.amount, reading) };
  return { plan: { kind: form.kind, amount: reading.minor, from: form.from, to: form.to } };
}

/** Where the currency's sign goes in this language: "€300.00" (before) or "300,00 €" (after). */
function signOf(currency: string, intl: string): { sign: string; before: boolean } {
  const parts = new Intl.NumberFormat(intl, { style: "currency", currency }).formatToParts(1);
  const at = parts.findIndex((p) => p.type === "currency");
  return { sign: parts[at]?.value ?? currency, before: at < parts.findIndex((p) => p.type === "integer") };
}

/**
 * "Amount per month from … to …" or "a yearly amount spread over the months", in one step: the amount in the
 * workspace's currency (its sign, decimals and an example written the user's way), the months, and what the line
 * will hold, computed with the same spreadPlan as the server.
 */
export function PlanFields({ budget, form, onChange, errors }: { budget: Budget; form: PlanForm; onChange: (next: PlanForm) => void; errors: Record<string, string | undefined> }) {
  const { t, i18n } = useTranslation();
  const intl = t("intlLocale");
  const f = useFormat();
  const currency = budget.currency;
  const digits = minorUnitDigits(currency);
  const months = periodMonths(budget.period);
  const { sign, before } = signOf(currency, intl);
  const perMonth = digits === 0 ? 300_000 : 300;
  const example = new Intl.NumberFormat(intl, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(form.kind === "monthly" ? perMonth : perMonth * 12);
  const currencyName = new Intl.DisplayNames([intl], { type: "currency" }).of(currency) ?? currency;
  const money = (minor: number) => formatMoney({ amount: minor, currency }, intl);
  const { plan, error } = readPlan(form, currency, intl, i18n.language === "ko" ? "ko" : "en");
  const chosen = months.filter((m) => m >= form.from && m <= form.to);

  let preview: string | null = null;
  if (plan && chosen.length) {
    const parts = Object.values(spreadPlan({ kind: plan.kind, amount: plan.amount, months: chosen }));
    const total = parts.reduce((a, b) => a + b, 0);
    const high = parts[0]!;
    const extra = parts.filter((p) => p === high).length;
    preview =
      extra === parts.length
        ? t("budget.plan.previewEven", { count: parts.length, amount: money(high), total: money(total) })
        : t("budget.plan.previewUneven", { extra, high: money(high), rest: parts.length - extra, low: money(parts.at(-1)!), total: money(total) });
  }
  const monthOptions = months.map((m) => ({ value: m, label: f.month(m) }));
  const section = <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>{sign}</Text>;

  return (
    <Stack gap="xs" data-testid="line-plan">
      <SegmentedControl
        value={form.kind}
        onChange={(v) => onChange({ ...form, kind: v as PlanForm["kind"] })}
        data={[
          { value: "monthly", label: t("budget.plan.monthly") },
          { value: "spread", label: t("budget.plan.spread") },
        ]}
        fullWidth
      />
      <TextInput
        label={form.kind === "monthly" ? t("budget.plan.amountMonthly") : t("budget.plan.amountSpread")}
        description={t("budget.plan.amountHelp", { currency: currencyName, example })}
        placeholder={example}
        inputMode="decimal"
        value={form.amount}
        onChange={(e) => onChange({ ...form, amount: e.currentTarget.value })}
        {...(before ? { leftSection: section } : { rightSection: section })}
        error={(form.amount.trim() && error) || errors["plan.amount"]}
        data-testid="plan-amount"
      />
      <Group grow align="flex-start">
        <Select label={t("budget.plan.from")} data={monthOptions} value={form.from} onChange={(v) => v && onChange({ ...form, from: v, to: form.to < v ? v : form.to })} allowDeselect={false} error={errors["plan.from"]} data-testid="plan-from" />
        <Select label={t("budget.plan.to")} data={monthOptions.filter((o) => o.value >= form.from)} value={form.to} onChange={(v) => v && onChange({ ...form, to: v })} allowDeselect={false} error={errors["plan.to"]} data-testid="plan-to" />
      </Group>
      <Text size="sm" fw={preview ? 600 : 400} c={preview ? undefined : "dimmed"} data-testid="plan-preview">
        {preview ?? t("budget.plan.none")}
      </Text>
    </Stack>
  );
}
