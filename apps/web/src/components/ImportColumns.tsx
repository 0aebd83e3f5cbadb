import { Stack, Text } from "@mantine/core";
import type { ImportColumn } from "@socialplan/schema";
import { useTranslation } from "react-i18next";

/**
 * What each column of an imported file was read as and, plainly, the columns that were not used: nothing in a file
 * is left out without the user seeing it. `prefix` is the dialog's message group (with columnsRead, columnsUnused
 * and unnamedColumn); `label` names a field.
 */
export function ImportColumns({ columns, prefix, label }: { columns: readonly ImportColumn[]; prefix: "tracking.import" | "import"; label: (field: string) => string }) {
  const { t } = useTranslation();
  if (!columns.length) return null;
  const name = (c: ImportColumn, i: number) => c.header || t(`${prefix}.unnamedColumn`, { n: i + 1 });
  const read = columns.flatMap((c, i) => (c.field ? [`${name(c, i)} → ${label(c.field)}`] : []));
  const unused = columns.flatMap((c, i) => (c.field ? [] : [name(c, i)]));
  return (
    <Stack gap={2} data-testid="import-columns">
      {read.length > 0 && (
        <Text size="xs" c="dimmed">
          {t(`${prefix}.columnsRead`, { columns: read.join(" · ") })}
        </Text>
      )}
      {unused.length > 0 && (
        <Text size="sm" data-testid="import-unused">
          {t(`${prefix}.columnsUnused`, { columns: unused.join(", ") })}
        </Text>
      )}
    </Stack>
  );
}
