import type { Question, Timeframe } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { ChoiceField, DateRangeField, InputFrame, FlagField, HolidaysField, ListField, MoneyField, NetworksField, NumberField, TagsField, TextField, YesNoField, useQuestionFrame } from "./fields.tsx";
import { KpiField, MarginField, StatsField, SwotGrid, TimeframeField } from "./structured.tsx";
import { useStrategyContext } from "./context.ts";
import type { Autosave } from "./useAutosave.ts";

/** Renders one catalog question as the input its type asks for, bound to a record being autosaved. */
export function QuestionField({ q, form }: { q: Question; form: Autosave }) {
  const { t } = useTranslation();
  const ctx = useStrategyContext();
  const frameOf = useQuestionFrame();
  const field = "field" in q.store ? q.store.field : "";
  const value = form.data[field];
  const frame = frameOf(q, form.errors[field]);
  const onChange = (v: unknown) => form.set(field, v);
  switch (q.input) {
    case "text":
      return <TextField frame={frame} value={value} onChange={onChange} />;
    case "long":
      return <TextField frame={frame} value={value} onChange={onChange} long />;
    case "list":
      return <ListField frame={frame} value={value} onChange={onChange} />;
    case "contentTypes":
      return <TagsField frame={frame} value={value} onChange={onChange} />;
    case "yesno":
      return <YesNoField frame={frame} value={value} onChange={onChange} />;
    case "choice":
      return <ChoiceField frame={frame} value={value} options={q.options ?? []} onChange={onChange} labelOf={(o) => t(`strategy.choices.${o}`)} />;
    case "networks":
      return <NetworksField frame={frame} value={value} onChange={onChange} />;
    case "money":
      return <MoneyField frame={frame} value={value} onChange={onChange} currency={ctx.workspace.currency} />;
    case "percent":
      return <NumberField frame={frame} value={value} onChange={onChange} min={0} max={100} suffix=" %" />;
    case "number":
      return <NumberField frame={frame} value={value} onChange={onChange} min={1} max={99} decimals={0} />;
    case "flag":
      return <FlagField frame={frame} value={value} onChange={onChange} />;
    case "holidays":
      return <HolidaysField frame={frame} value={value} onChange={onChange} />;
    case "daterange":
      return <DateRangeField frame={frame} value={value} onChange={onChange} errors={subErrors(form.errors, field)} />;
    case "kpi":
      return <KpiField frame={frame} value={value} onChange={onChange} errors={form.errors} channels={ctx.entries.filter((e) => e.kind === "channel")} />;
    case "timeframe":
      return <TimeframeField frame={frame} value={value as Timeframe} onChange={onChange} errors={form.errors} kpi={form.data.measurable as never} period={ctx.period} />;
    case "margin":
      return <MarginField frame={frame} value={value} onChange={onChange} price={form.data.price as number | undefined} currency={ctx.workspace.currency} />;
    case "stats":
      return <StatsField frame={frame} value={value} onChange={onChange} />;
    case "swot": {
      const swot = (value as Record<string, string[]> | undefined) ?? {};
      return (
        <InputFrame frame={frame}>
          <SwotGrid value={swot} onChange={(part, items) => onChange({ ...swot, [part]: items })} labelOf={(part) => ({ label: t(`strategy.swot.${part}`) })} />
        </InputFrame>
      );
    }
    default:
      return null;
  }
}

function subErrors(errors: Record<string, string>, field: string): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith(`${field}.`)).map(([k, v]) => [k.slice(field.length + 1), v]));
}
