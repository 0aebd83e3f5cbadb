import { Badge, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";

export interface Cadence {
  /** Each week's first day, "YYYY-MM-DD". */
  weeks: string[];
  rows: { id: string; label: string; target: number; counts: number[] }[];
}

function CountBadge({ n, target }: { n: number; target: number }) {
  const { t } = useTranslation();
  const state = n < target ? "below" : n > target ? "above" : "onTarget";
  return (
    <Badge variant="light" color={state === "below" ? "red" : state === "above" ? "orange" : "teal"} title={t(`calendar.${state}`)}>
      {state === "below" ? "↓ " : state === "above" ? "↑ " : "✓ "}
      {n}/{target}
    </Badge>
  );
}

/** Posts per week on each channel with a target, for the weeks shown; on a phone a list per channel. */
export function CadenceTable({ cadence, zone, phone }: { cadence: Cadence; zone: string; phone: boolean }) {
  const { t } = useTranslation();
  const f = useFormat(zone);
  // A week's first day as a date (noon UTC keeps it on that day in any zone).
  const week = (w: string) => t("calendar.weekOf", { date: f.date(`${w}T12:00:00Z`) });
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="xs">
        {t("calendar.cadence")}
      </Title>
      {phone ? (
        <Stack gap="sm" data-testid="cadence">
          {cadence.rows.map((r) => (
            <div key={r.id}>
              <Text size="sm" fw={600}>
                {r.label} · {t("calendar.target")} {r.target}
              </Text>
              <Group gap={6} mt={4}>
                {r.counts.map((n, i) => (
                  <Group key={i} gap={4} wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      {f.date(`${cadence.weeks[i]}T12:00:00Z`)}
                    </Text>
                    <CountBadge n={n} target={r.target} />
                  </Group>
                ))}
              </Group>
            </div>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={500}>
          <Table withTableBorder={false} data-testid="cadence">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("calendar.channel")}</Table.Th>
                <Table.Th>{t("calendar.target")}</Table.Th>
                {cadence.weeks.map((w) => (
                  <Table.Th key={w}>{week(w)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cadence.rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.label}</Table.Td>
                  <Table.Td>{r.target}</Table.Td>
                  {r.counts.map((n, i) => (
                    <Table.Td key={i}>
                      <CountBadge n={n} target={r.target} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
