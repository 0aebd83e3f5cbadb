import { Badge, Button, Card, Group, Table, Text, Title } from "@mantine/core";
import type { Session } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { cellLabel, stackedTable } from "../../components/StackedTable.tsx";
import { del, get } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";

/** Where the account is logged in; any other session can be ended at once. */
export function SessionsCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: () => get<Session[]>("/auth/sessions") });
  const refresh = () => client.invalidateQueries({ queryKey: ["sessions"] });
  const others = (sessions.data ?? []).filter((s) => !s.current).length;

  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t("account.sessions")}
        </Title>
        {others > 0 && (
          <Button variant="light" color="red" size="xs" onClick={() => void del("/auth/sessions").then(refresh)}>
            {t("account.endOthers")}
          </Button>
        )}
      </Group>
      <Table.ScrollContainer minWidth={520} className={stackedTable.container}>
        <Table verticalSpacing="xs" className={stackedTable.table}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("account.device")}</Table.Th>
              <Table.Th>{t("account.address")}</Table.Th>
              <Table.Th>{t("account.lastSeen")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(sessions.data ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Text size="sm" lineClamp={1} title={s.userAgent ?? ""}>
                    {describeAgent(s.userAgent) ?? t("account.unknownDevice")}
                  </Text>
                </Table.Td>
                <Table.Td {...cellLabel(t("account.address"))}>{s.ip ?? "—"}</Table.Td>
                <Table.Td {...cellLabel(t("account.lastSeen"))}>{format.dateTime(s.lastSeenAt)}</Table.Td>
                <Table.Td>
                  {s.current ? (
                    <Badge variant="light">{t("account.thisDevice")}</Badge>
                  ) : (
                    <Button size="xs" variant="subtle" color="red" onClick={() => void del(`/auth/sessions/${s.id}`).then(refresh)}>
                      {t("account.endSession")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function describeAgent(agent: string | null): string | null {
  if (!agent) return null;
  const browser = /(Edg|Chrome|Firefox|Safari)\/[\d.]+/.exec(agent)?.[1]?.replace("Edg", "Edge");
  const os = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(agent)?.[1]?.replace("Mac OS X", "macOS");
  return browser || os ? [browser, os].filter(Boolean).join(" · ") : agent.slice(0, 60);
}
