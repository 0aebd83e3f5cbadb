import { Alert, Button, Code, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { adBudget, addMonths, daysBetween, formatMoney, minorUnitDigits, periodMonths, type AdBudgetInput, type AdTarget } from "@socialplan/domain";
import type { Budget, Entry, GoalData } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../lib/notify.ts";

/** The guide's "ad budget that fits your business goals": from a goal to clicks, impressions and money. */
export function AdCalculator({ budget, entries, currentMonth, onClose, onAddLine }: {
  budget: Budget;
  entries: Entry[];
  currentMonth: string;
  onClose: () => void;
  onAddLine: (line: { name: string; goalId: string | null; planned: Record<string, number> }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const locale = t("intlLocale");
  const digits = minorUnitDigits(budget.currency);
  const toMinor = (v: number | string) => Math.round(Number(v || 0) * 10 ** digits);
  const money = (minor: number) => formatMoney({ amount: minor, currency: budget.currency }, locale);
  const num = (n: number) => new Intl.NumberFormat(locale).format(n);
  const goals = entries.filter((e) => e.kind === "goal");
  const months = periodMonths(budget.period);

  const [goalId, setGoalId] = useState<string | null>(null);
  const [kind, setKind] = useState<AdTarget>("revenue");
  const [target, setTarget] = useState<number | string>("");
  const [aov, setAov] = useState<number | string>("");
  const [conversion, setConversion] = useState<number | string>(2);
  const [model, setModel] = useState<"cpc" | "cpm">("cpc");
  const [cpc, setCpc] = useState<number | string>("");
  const [cpm, setCpm] = useState<number | string>("");
  const [ctr, setCtr] = useState<number | string>(1.5);
  const [span, setSpan] = useState<number | string>(6);
  const [busy, setBusy] = useState(false);

  const pickGoal = (id: string | null) => {
    setGoalId(id);
    const g = goals.find((e) => e.id === id)?.data as GoalData | undefined;
    const tf = g?.timebound;
    if (tf?.start && tf.deadline) setSpan(Math.max(1, Math.round(daysBetween(tf.start, tf.deadline) / 30.44)));
    const k = g?.measurable;
    if (k?.target !== undefined && k.baseline !== undefined && /follow|팔로/i.test(k.metric ?? "")) {
      setKind("followers");
      setTarget(Math.max(0, k.target - k.baseline));
    }
  };

  let result: ReturnType<typeof adBudget> | null = null;
  let problem: string | null = null;
  try {
    const input: AdBudgetInput = {
      targetKind: kind,
      target: kind === "revenue" ? toMinor(target) : Number(target || 0),
      ...(kind === "revenue" ? { averageOrderValue: toMinor(aov) } : {}),
      conversionRate: Number(conversion) / 100,
      pricing: model === "cpc" ? { model, costPerClick: toMinor(cpc), ...(ctr ? { clickThroughRate: Number(ctr) / 100 } : {}) } : { model, costPerMille: toMinor(cpm), clickThroughRate: Number(ctr) / 100 },
      months: Number(span) || 1,
    };
    if (Number(target) > 0) result = adBudget(input);
  } catch (e) {
    problem = e instanceof RangeError ? t("budget.calc.invalid") : String(e);
  }

  const goal = goals.find((e) => e.id === goalId);
  const goalStart = (goal?.data as GoalData | undefined)?.timebound?.start?.slice(0, 7);
  const firstMonth = goalStart && months.includes(goalStart) ? goalStart : months.includes(currentMonth) ? currentMonth : months[0]!;
  const add = async () => {
    if (!result) return;
    const planned: Record<string, number> = {};
    result.perMonth.forEach((amount, i) => {
      const m = addMonths(firstMonth, i);
      if (months.includes(m)) planned[m] = (planned[m] ?? 0) + amount;
    });
    setBusy(true);
    try {
      const goalTitle = (goal?.data as GoalData | undefined)?.title;
      await onAddLine({ name: goalTitle ? t("budget.calc.lineNameFor", { goal: goalTitle }) : t("budget.calc.lineName"), goalId, planned });
      onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t("budget.calc.title")} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          {t("budget.calc.intro")}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label={t("budget.calc.goal")} data={goals.map((g) => ({ value: g.id, label: (g.data as GoalData).title || (g.data as GoalData).specific || "—" }))} value={goalId} onChange={pickGoal} clearable />
          <Select
            label={t("budget.calc.targetKind")}
            data={(["revenue", "orders", "leads", "followers"] as const).map((k) => ({ value: k, label: t(`budget.calc.kinds.${k}`) }))}
            value={kind}
            onChange={(v) => setKind((v ?? "revenue") as AdTarget)}
            allowDeselect={false}
          />
          <NumberInput label={kind === "revenue" ? t("budget.calc.revenue", { currency: budget.currency }) : t("budget.calc.count")} value={target} onChange={setTarget} min={0} thousandSeparator="," />
          {kind === "revenue" && <NumberInput label={t("budget.calc.aov", { currency: budget.currency })} value={aov} onChange={setAov} min={0} thousandSeparator="," decimalScale={digits} />}
          <NumberInput label={t("budget.calc.conversion")} value={conversion} onChange={setConversion} min={0.01} max={100} decimalScale={2} suffix=" %" />
          <NumberInput label={t("budget.calc.months")} value={span} onChange={setSpan} min={1} max={36} />
        </SimpleGrid>
        <SegmentedControl value={model} onChange={(v) => setModel(v as "cpc" | "cpm")} data={[{ value: "cpc", label: t("budget.calc.cpcModel") }, { value: "cpm", label: t("budget.calc.cpmModel") }]} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {model === "cpc" ? (
            <NumberInput label={t("budget.calc.cpc", { currency: budget.currency })} value={cpc} onChange={setCpc} min={0} decimalScale={digits} thousandSeparator="," />
          ) : (
            <NumberInput label={t("budget.calc.cpm", { currency: budget.currency })} value={cpm} onChange={setCpm} min={0} decimalScale={digits} thousandSeparator="," />
          )}
          <NumberInput label={model === "cpc" ? t("budget.calc.ctrOptional") : t("budget.calc.ctr")} value={ctr} onChange={setCtr} min={0.01} max={100} decimalScale={2} suffix=" %" />
        </SimpleGrid>
        {problem && <Alert color="red">{problem}</Alert>}
        {result && (
          <Stack gap="xs" data-testid="ad-calc-result">
            <Table withTableBorder>
              <Table.Tbody>
                {kind === "revenue" && (
                  <Table.Tr>
                    <Table.Td>{t("budget.calc.orders")}</Table.Td>
                    <Table.Td ta="right">{num(result.conversions)}</Table.Td>
                  </Table.Tr>
                )}
                <Table.Tr>
                  <Table.Td>{t("budget.calc.clicks")}</Table.Td>
                  <Table.Td ta="right">{num(result.clicks)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{t("budget.calc.impressions")}</Table.Td>
                  <Table.Td ta="right">{result.impressions === null ? "—" : num(result.impressions)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td fw={700}>{t("budget.calc.total")}</Table.Td>
                  <Table.Td ta="right" fw={700}>
                    {money(result.total)}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{t("budget.calc.perMonth", { months: result.perMonth.length })}</Table.Td>
                  <Table.Td ta="right">{money(result.perMonth[0] ?? 0)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              {t("budget.calc.formula")}
            </Text>
            <Code block>{result.steps.join("\n")}</Code>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button onClick={() => void add()} disabled={!result} loading={busy}>
            {t("budget.calc.addLine", { month: firstMonth })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
