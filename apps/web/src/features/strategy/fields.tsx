import { ActionIcon, Button, Chip, Group, NumberInput, SegmentedControl, Select, Stack, Switch, TagsInput, Text, Textarea, TextInput, type InputWrapperProps } from "@mantine/core";
import { minorUnitDigits } from "@socialplan/domain";
import { NETWORKS, YESNO, type Lang, type Question } from "@socialplan/schema";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";

/** Label, help and error of a field, shared by every input below. */
export interface FieldFrame {
  label: ReactNode;
  description?: ReactNode;
  error?: ReactNode;
}

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === "ko" ? "ko" : "en";
}

/** The catalog's wording of a question, in the reader's language. */
export function useQuestionFrame() {
  const lang = useLang();
  return (q: Question, error?: string): FieldFrame => ({ label: q[lang].label, description: q[lang].help, error });
}

export function TextField({ frame, value, onChange, long }: { frame: FieldFrame; value: unknown; onChange: (v: string) => void; long?: boolean }) {
  const v = typeof value === "string" ? value : "";
  return long ? (
    <Textarea {...frame} value={v} onChange={(e) => onChange(e.currentTarget.value)} autosize minRows={2} maxRows={12} />
  ) : (
    <TextInput {...frame} value={v} onChange={(e) => onChange(e.currentTarget.value)} />
  );
}

/** One item per line: easy to type, and a list pasted from anywhere keeps its lines. */
export function ListField({ frame, value, onChange }: { frame: FieldFrame; value: unknown; onChange: (v: string[]) => void }) {
  const items = Array.isArray(value) ? (value as string[]) : [];
  const [text, setText] = useState(items.join("\n"));
  const parse = (t: string) => t.split("\n").map((l) => l.trim()).filter(Boolean);
  useEffect(() => {
    if (parse(text).join("\n") !== items.join("\n")) setText(items.join("\n"));
  }, [items.join("\n")]);
  return (
    <Textarea
      {...frame}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        onChange(parse(e.currentTarget.value));
      }}
      autosize
      minRows={3}
      maxRows={14}
    />
  );
}

export function YesNoField({ frame, value, onChange }: { frame: FieldFrame; value: unknown; onChange: (v: { answer: string | null; note?: string } | undefined) => void }) {
  const { t } = useTranslation();
  const v = (value as { answer: string | null; note?: string } | undefined) ?? { answer: null };
  return (
    <Stack gap={4}>
      <InputFrame frame={frame}>
        <SegmentedControl
          data={YESNO.map((o) => ({ value: o, label: t(`strategy.yesno.${o}`) }))}
          value={v.answer ?? ""}
          onChange={(answer) => onChange({ ...v, answer })}
        />
      </InputFrame>
      <TextInput
        aria-label={t("strategy.note")}
        placeholder={t("strategy.notePlaceholder")}
        value={v.note ?? ""}
        onChange={(e) => onChange({ answer: v.answer ?? null, ...(e.currentTarget.value ? { note: e.currentTarget.value } : {}) })}
      />
    </Stack>
  );
}

function InputFrame({ frame, children }: { frame: FieldFrame; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <div>
        <Text size="sm" fw={600}>
          {frame.label}
        </Text>
        {frame.description && (
          <Text size="xs" c="dimmed">
            {frame.description}
          </Text>
        )}
      </div>
      {children}
      {frame.error && (
        <Text size="xs" c="red">
          {frame.error}
        </Text>
      )}
    </Stack>
  );
}
export { InputFrame };

export function ChoiceField({ frame, value, options, onChange, labelOf }: { frame: FieldFrame; value: unknown; options: readonly string[]; onChange: (v: string) => void; labelOf: (o: string) => string }) {
  return (
    <InputFrame frame={frame}>
      <SegmentedControl data={options.map((o) => ({ value: o, label: labelOf(o) }))} value={typeof value === "string" ? value : ""} onChange={onChange} />
    </InputFrame>
  );
}

export function NetworksField({ frame, value, onChange }: { frame: FieldFrame; value: unknown; onChange: (v: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <InputFrame frame={frame}>
      <Chip.Group multiple value={Array.isArray(value) ? (value as string[]) : []} onChange={onChange}>
        <Group gap={6}>
          {NETWORKS.filter((n) => n !== "website").map((n) => (
            <Chip key={n} value={n} size="sm">
              {t(`networks.${n}`)}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </InputFrame>
  );
}

/** Money is typed in the currency's units and kept in integer minor units (cents, or whole won). */
export function MoneyField({ frame, value, onChange, currency }: { frame: FieldFrame; value: unknown; onChange: (v: number | undefined) => void; currency: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const digits = minorUnitDigits(currency);
  const shown = typeof value === "number" ? value / 10 ** digits : "";
  return (
    <NumberInput
      {...frame}
      value={shown}
      min={0}
      decimalScale={digits}
      thousandSeparator=","
      placeholder={t("format.example", { value: f.priceExample(currency) })}
      rightSection={<Text size="xs" c="dimmed">{currency}</Text>}
      rightSectionWidth={48}
      onChange={(v) => onChange(v === "" || v === undefined ? undefined : Math.round(Number(v) * 10 ** digits))}
    />
  );
}

export function NumberField({ frame, value, onChange, min, max, suffix, decimals }: { frame: FieldFrame; value: unknown; onChange: (v: number | undefined) => void; min?: number; max?: number; suffix?: string; decimals?: number }) {
  return (
    <NumberInput
      {...frame}
      value={typeof value === "number" ? value : ""}
      min={min}
      max={max}
      decimalScale={decimals ?? 2}
      {...(suffix ? { suffix } : {})}
      onChange={(v) => onChange(v === "" || v === undefined ? undefined : Number(v))}
    />
  );
}

export function FlagField({ frame, value, onChange }: { frame: FieldFrame; value: unknown; onChange: (v: boolean) => void }) {
  return <Switch label={frame.label} description={frame.description} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
}

export function TagsField({ frame, value, onChange }: { frame: FieldFrame; value: unknown; onChange: (v: string[]) => void }) {
  const { t } = useTranslation();
  return <TagsInput {...frame} value={Array.isArray(value) ? (value as string[]) : []} onChange={onChange} placeholder={t("strategy.tagsPlaceholder")} clearable />;
}

export function DateField(props: { label: ReactNode; value: string | undefined; onChange: (v: string | undefined) => void; error?: ReactNode; min?: string; max?: string } & Pick<InputWrapperProps, "description">) {
  const { value, onChange, min, max, ...frame } = props;
  return <TextInput type="date" {...frame} value={value ?? ""} min={min} max={max} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
}

export function DateRangeField({ frame, value, onChange, errors }: { frame: FieldFrame; value: unknown; onChange: (v: { start?: string; end?: string }) => void; errors?: Record<string, string> }) {
  const { t } = useTranslation();
  const v = (value as { start?: string; end?: string } | undefined) ?? {};
  const set = (k: "start" | "end", x: string | undefined) => {
    const next = { ...v };
    if (x) next[k] = x;
    else delete next[k];
    onChange(next);
  };
  return (
    <InputFrame frame={frame}>
      <Group grow>
        <DateField label={t("strategy.start")} value={v.start} onChange={(x) => set("start", x)} error={errors?.start} />
        <DateField label={t("strategy.end")} value={v.end} onChange={(x) => set("end", x)} min={v.start} error={errors?.end} />
      </Group>
    </InputFrame>
  );
}

export function HolidaysField({ frame, value, onChange }: { frame: FieldFrame; value: unknown; onChange: (v: { name: string; date: string }[]) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = Array.isArray(value) ? (value as { name: string; date: string }[]) : [];
  const [draft, setDraft] = useState({ name: "", date: "" });
  return (
    <InputFrame frame={frame}>
      <Stack gap={6}>
        {rows.map((h, i) => (
          <Group key={`${h.date}-${i}`} gap="xs" wrap="nowrap">
            <Text size="sm" w={120} component="time" dateTime={h.date}>
              {f.day(h.date)}
            </Text>
            <Text size="sm" style={{ flex: 1 }}>
              {h.name}
            </Text>
            <ActionIcon variant="subtle" color="red" aria-label={t("strategy.removeRow")} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group gap="xs" align="end">
          <TextInput label={t("strategy.holidayName")} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} style={{ flex: 1 }} />
          <DateField label={t("strategy.date")} value={draft.date} onChange={(d) => setDraft({ ...draft, date: d ?? "" })} />
          <Button
            variant="light"
            disabled={!draft.name.trim() || !draft.date}
            onClick={() => {
              onChange([...rows, { name: draft.name.trim(), date: draft.date }].sort((a, b) => a.date.localeCompare(b.date)));
              setDraft({ name: "", date: "" });
            }}
          >
            {t("strategy.add")}
          </Button>
        </Group>
      </Stack>
    </InputFrame>
  );
}

export function SelectField({ frame, value, data, onChange, clearable }: { frame: FieldFrame; value: unknown; data: { value: string; label: string }[]; onChange: (v: string | undefined) => void; clearable?: boolean }) {
  return <Select {...frame} data={data} value={typeof value === "string" ? value : null} onChange={(v) => onChange(v ?? undefined)} clearable={clearable ?? false} allowDeselect={false} />;
}
