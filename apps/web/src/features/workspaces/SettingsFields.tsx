import { NumberInput, Select, SimpleGrid, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

export interface SettingsValues {
  name: string;
  timezone: string;
  currency: string;
  locale: "en" | "ko";
  weekStart: number;
  periodStart: string;
  periodMonths: number;
}

/** Time zones, currencies (with their names in the reader's language) and the strategy period. */
export function SettingsFields({ form, disabled }: { form: UseFormReturnType<SettingsValues>; disabled?: boolean }) {
  const { t, i18n } = useTranslation();
  const current = form.values.timezone;
  // Browsers list canonical zones only; keep UTC and whatever the workspace already uses selectable.
  const timezones = useMemo(() => [...new Set(["UTC", ...(current ? [current] : []), ...Intl.supportedValuesOf("timeZone")])], [current]);
  const currencies = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: "currency" });
    return Intl.supportedValuesOf("currency").map((c) => ({ value: c, label: `${c} — ${names.of(c) ?? c}` }));
  }, [i18n.language]);
  const weekdays = useMemo(() => {
    const fmt = new Intl.DateTimeFormat(i18n.language, { weekday: "long", timeZone: "UTC" });
    // 2024-01-01 was a Monday (ISO weekday 1).
    return [1, 6, 7].map((d) => ({ value: String(d), label: fmt.format(new Date(Date.UTC(2024, 0, d))) }));
  }, [i18n.language]);

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput label={t("fields.workspaceName")} disabled={disabled} {...form.getInputProps("name")} />
      <Select
        label={t("fields.language")}
        description={t("settings.languageHelp")}
        allowDeselect={false}
        disabled={disabled}
        data={[
          { value: "en", label: "English" },
          { value: "ko", label: "한국어" },
        ]}
        {...form.getInputProps("locale")}
      />
      <Select label={t("fields.timezone")} searchable allowDeselect={false} disabled={disabled} data={timezones} {...form.getInputProps("timezone")} />
      <Select
        label={t("fields.currency")}
        description={t("settings.currencyHelp")}
        searchable
        allowDeselect={false}
        disabled={disabled}
        data={currencies}
        {...form.getInputProps("currency")}
      />
      <Select
        label={t("fields.weekStart")}
        allowDeselect={false}
        disabled={disabled}
        data={weekdays}
        value={String(form.values.weekStart)}
        onChange={(v) => form.setFieldValue("weekStart", Number(v ?? 1))}
        error={form.errors.weekStart}
      />
      <TextInput
        label={t("fields.periodStart")}
        description={t("settings.periodStartHelp")}
        type="month"
        disabled={disabled}
        {...form.getInputProps("periodStart")}
      />
      <NumberInput
        label={t("fields.periodMonths")}
        description={t("settings.periodMonthsHelp")}
        min={1}
        max={36}
        allowDecimal={false}
        disabled={disabled}
        {...form.getInputProps("periodMonths")}
      />
    </SimpleGrid>
  );
}
