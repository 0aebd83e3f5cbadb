import { PinInput, Stack, Text } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useTranslation } from "react-i18next";

/** The six boxes for a code from an authenticator app, with its label and error, bound to a form's `code`. */
export function CodeInput({ form, label, autoFocus }: { form: UseFormReturnType<{ code: string } & Record<string, unknown>>; label: string; autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <PinInput length={6} type="number" oneTimeCode autoFocus={autoFocus} aria-label={t("fields.code")} {...form.getInputProps("code")} />
      {form.errors.code && (
        <Text c="red" size="sm">
          {form.errors.code}
        </Text>
      )}
    </Stack>
  );
}
