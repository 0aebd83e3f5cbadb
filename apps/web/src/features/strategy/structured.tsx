import { ActionIcon, Alert, Button, Group, MultiSelect, NumberInput, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { canCompound, formatMoney, margin, suggestCheckpoints } from "@socialplan/domain";
import { NETWORKS, type ChannelData, type ChannelStat, type Entry, type Kpi, type Swot, type Timeframe } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import { useStrategyContext } from "./context.ts";
import { DateField, InputFrame, ListField, MoneyField, SelectField, type FieldFrame } from "./fields.tsx";

type Errors = Record<string, string>;

export function channelLabel(t: (k: string) => string, c: ChannelData) {
  return [c.network ? t(`networks.${c.network}`) : "", c.handle ?? ""].filter(Boolean).join(" ");
}

/** The measurable part of a SMART goal: a KPI on chosen channels, from a baseline to a target. */
export function KpiField({ frame, value, onChange, errors, channels }: { frame: FieldFrame; value: unknown; onChange: (v: Kpi) => void; errors: Errors; channels: Entry[] }) {
  const { t } = useTranslation();
  const { currency } = useStrategyContext().workspace;
  const v = (value as Kpi | undefined) ?? {};
  const set = <K extends keyof Kpi>(k: K, x: Kpi[K] | undefined) => {
    const next = { ...v };
    if (x === undefined || x === "") delete next[k];
    else next[k] = x;
    onChange(next);
  };
  const num = (x: string | number) => (x === "" ? undefined : Number(x));
  return (
    <InputFrame frame={frame}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label={t("strategy.kpi.metric")} placeholder={t("strategy.kpi.metricPlaceholder")} value={v.metric ?? ""} onChange={(e) => set("metric", e.currentTarget.value)} error={errors["measurable.metric"]} wrapperProps={{ "data-field": "measurable.metric" }} />
        <TextInput label={t("strategy.kpi.unit")} placeholder={t("strategy.kpi.unitExample", { currency })} value={v.unit ?? ""} onChange={(e) => set("unit", e.currentTarget.value)} />
        <SelectField
          frame={{ label: t("strategy.kpi.direction") }}
          value={v.direction}
          data={["increase", "decrease"].map((d) => ({ value: d, label: t(`strategy.kpi.${d}`) }))}
          onChange={(d) => set("direction", d as Kpi["direction"])}
        />
        <NumberInput label={t("strategy.kpi.baseline")} value={v.baseline ?? ""} onChange={(x) => set("baseline", num(x))} error={errors["measurable.baseline"]} thousandSeparator="," wrapperProps={{ "data-field": "measurable.baseline" }} />
        <NumberInput label={t("strategy.kpi.target")} value={v.target ?? ""} onChange={(x) => set("target", num(x))} error={errors["measurable.target"]} thousandSeparator="," wrapperProps={{ "data-field": "measurable.target" }} />
        <MultiSelect
          label={t("strategy.kpi.channels")}
          data={channels.map((c) => ({ value: c.id, label: channelLabel(t, c.data as ChannelData) || t("strategy.untitled") }))}
          value={v.channels ?? []}
          onChange={(ids) => set("channels", ids)}
          placeholder={channels.length ? undefined : t("strategy.kpi.noChannels")}
          wrapperProps={{ "data-field": "measurable.channels" }}
        />
      </SimpleGrid>
    </InputFrame>
  );
}

/** The time-bound part: start and deadline inside the period, and checkpoints suggested then editable. */
export function TimeframeField({ frame, value, onChange, errors, kpi, period }: { frame: FieldFrame; value: unknown; onChange: (v: Timeframe) => void; errors: Errors; kpi: Kpi | undefined; period: { first: string; last: string } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const v = (value as Timeframe | undefined) ?? {};
  const set = (patch: Partial<Timeframe>) => {
    const next: Timeframe = { ...v, ...patch };
    for (const k of Object.keys(next) as (keyof Timeframe)[]) if (next[k] === undefined) delete next[k];
    onChange(next);
  };
  const cadence = v.cadence ?? "monthly";
  const growth = v.growth ?? "linear";
  const canSuggest = Boolean(v.start && v.deadline && v.deadline > v.start && kpi?.baseline !== undefined && kpi?.target !== undefined);
  const suggest = () =>
    set({ cadence, growth, checkpoints: suggestCheckpoints({ start: v.start!, deadline: v.deadline!, baseline: kpi!.baseline!, target: kpi!.target!, cadence, growth }) });
  const checkpoints = v.checkpoints ?? [];
  return (
    <InputFrame frame={frame}>
      <Group grow align="start">
        <DateField label={t("strategy.start")} value={v.start} onChange={(start) => set({ start })} min={period.first} max={period.last} error={errors["timebound.start"]} />
        <div data-field="timebound.deadline">
          <DateField label={t("strategy.deadline")} value={v.deadline} onChange={(deadline) => set({ deadline })} min={v.start ?? period.first} max={period.last} error={errors["timebound.deadline"]} />
        </div>
      </Group>
      <Text size="xs" c="dimmed">
        {t("strategy.periodRange", { range: f.dayRange(period.first, period.last) })}
      </Text>
      <Group gap="md" mt="xs" wrap="wrap">
        <SegmentedControl size="xs" value={cadence} onChange={(c) => set({ cadence: c as Timeframe["cadence"] })} data={["monthly", "weekly"].map((c) => ({ value: c, label: t(`strategy.cadence.${c}`) }))} />
        <SegmentedControl
          size="xs"
          value={growth}
          onChange={(g) => set({ growth: g as Timeframe["growth"] })}
          data={["linear", "compound"].map((g) => ({ value: g, label: t(`strategy.growth.${g}`), disabled: g === "compound" && kpi?.baseline !== undefined && kpi?.target !== undefined && !canCompound(kpi.baseline, kpi.target) }))}
        />
        <Button size="xs" variant="light" onClick={suggest} disabled={!canSuggest}>
          {checkpoints.length ? t("strategy.checkpoints.resuggest") : t("strategy.checkpoints.suggest")}
        </Button>
      </Group>
      {!canSuggest && (
        <Text size="xs" c="dimmed">
          {t("strategy.checkpoints.needs")}
        </Text>
      )}
      {checkpoints.length > 0 && (
        <Table withTableBorder verticalSpacing={4} mt="xs" maw={420} data-testid="checkpoints">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("strategy.date")}</Table.Th>
              <Table.Th>{t("strategy.kpi.target")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {checkpoints.map((c, i) => (
              <Table.Tr key={`${c.date}-${i}`}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{f.day(c.date)}</Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={t("strategy.checkpoints.targetOn", { date: f.day(c.date) })}
                    value={c.target}
                    thousandSeparator=","
                    onChange={(x) => set({ checkpoints: checkpoints.map((p, j) => (j === i ? { ...p, target: Number(x) || 0 } : p)) })}
                    error={errors[`timebound.checkpoints.${i}.date`]}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={t("strategy.removeRow")} onClick={() => set({ checkpoints: checkpoints.filter((_, j) => j !== i) })}>
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </InputFrame>
  );
}

/** The margin calculator of §10.2: the unit cost beside the price gives margin, markup and profit per unit. */
export function MarginField({ frame, value, onChange, price, currency }: { frame: FieldFrame; value: unknown; onChange: (v: { unit_cost?: number }) => void; price: number | undefined; currency: string }) {
  const { t } = useTranslation();
  const cost = (value as { unit_cost?: number } | undefined)?.unit_cost;
  const intl = t("intlLocale");
  const pct = (n: number | null) => (n === null ? "—" : `${new Intl.NumberFormat(intl, { maximumFractionDigits: 2 }).format(n)} %`);
  const m = price !== undefined && cost !== undefined ? margin(price, cost) : null;
  return (
    <Stack gap={6}>
      <MoneyField frame={{ ...frame, label: t("strategy.unitCost"), description: frame.description }} value={cost} currency={currency} onChange={(c) => onChange(c === undefined ? {} : { unit_cost: c })} />
      {m ? (
        <Alert color={m.profitMinor < 0 ? "red" : "teal"} variant="light" p="xs" data-testid="margin-result">
          <Group gap="lg">
            <Text size="sm">
              {t("strategy.margin.profit")}: <b>{formatMoney({ amount: m.profitMinor, currency }, intl)}</b>
            </Text>
            <Text size="sm">
              {t("strategy.margin.margin")}: <b>{pct(m.marginPercent)}</b>
            </Text>
            <Text size="sm">
              {t("strategy.margin.markup")}: <b>{pct(m.markupPercent)}</b>
            </Text>
          </Group>
        </Alert>
      ) : (
        <Text size="xs" c="dimmed">
          {t("strategy.margin.needs")}
        </Text>
      )}
    </Stack>
  );
}

/** A competitor's channel statistics over time: one row per date and channel. */
export function StatsField({ frame, value, onChange }: { frame: FieldFrame; value: unknown; onChange: (v: ChannelStat[]) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = Array.isArray(value) ? (value as ChannelStat[]) : [];
  const empty = { date: "", channel: "instagram" as ChannelStat["channel"], followers: undefined as number | undefined, avg_likes: undefined as number | undefined, shares: undefined as number | undefined, comments: undefined as number | undefined };
  const [draft, setDraft] = useState(empty);
  const numbers = ["followers", "avg_likes", "shares", "comments"] as const;
  const add = () => {
    const row: ChannelStat = { date: draft.date, channel: draft.channel };
    for (const k of numbers) if (draft[k] !== undefined) row[k] = draft[k];
    onChange([...rows, row].sort((a, b) => a.date.localeCompare(b.date) || a.channel.localeCompare(b.channel)));
    setDraft({ ...empty, channel: draft.channel });
  };
  return (
    <InputFrame frame={frame}>
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder verticalSpacing={4} data-testid="channel-stats">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("strategy.date")}</Table.Th>
              <Table.Th>{t("strategy.channel")}</Table.Th>
              {numbers.map((k) => (
                <Table.Th key={k}>{t(`strategy.stats.${k}`)}</Table.Th>
              ))}
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={`${r.date}-${r.channel}-${i}`}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{f.day(r.date)}</Table.Td>
                <Table.Td>{t(`networks.${r.channel}`)}</Table.Td>
                {numbers.map((k) => (
                  <Table.Td key={k}>{r[k] === undefined ? "" : f.number(r[k]!)}</Table.Td>
                ))}
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={t("strategy.removeRow")} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>
                <DateField label={null} value={draft.date} onChange={(d) => setDraft({ ...draft, date: d ?? "" })} />
              </Table.Td>
              <Table.Td>
                <SelectField
                  frame={{ label: null }}
                  value={draft.channel}
                  data={NETWORKS.filter((n) => n !== "website").map((n) => ({ value: n, label: t(`networks.${n}`) }))}
                  onChange={(c) => setDraft({ ...draft, channel: (c ?? "instagram") as ChannelStat["channel"] })}
                />
              </Table.Td>
              {numbers.map((k) => (
                <Table.Td key={k}>
                  <NumberInput aria-label={t(`strategy.stats.${k}`)} min={0} value={draft[k] ?? ""} onChange={(x) => setDraft({ ...draft, [k]: x === "" ? undefined : Number(x) })} thousandSeparator="," />
                </Table.Td>
              ))}
              <Table.Td>
                <Button size="xs" variant="light" onClick={add} disabled={!draft.date}>
                  {t("strategy.add")}
                </Button>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </InputFrame>
  );
}

export const SWOT_PARTS = ["strengths", "weaknesses", "opportunities", "threats"] as const;

/** Four lists in the classic grid; used for the brand's own SWOT and for each competitor's. */
export function SwotGrid({ value, onChange, labelOf }: { value: Swot; onChange: (part: (typeof SWOT_PARTS)[number], items: string[]) => void; labelOf: (part: (typeof SWOT_PARTS)[number]) => FieldFrame }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {SWOT_PARTS.map((part) => (
        <ListField key={part} frame={labelOf(part)} value={value[part]} onChange={(items) => onChange(part, items)} />
      ))}
    </SimpleGrid>
  );
}
