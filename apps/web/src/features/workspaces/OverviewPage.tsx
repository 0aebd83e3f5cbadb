import { Alert, Anchor, Badge, Card, List, SimpleGrid, Stack, Text } from "@mantine/core";
import { periodEnd } from "@socialplan/domain";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../lib/format.ts";
import { useMe } from "../auth/session.ts";
import { usePeople } from "../people/people.ts";
import { useCurrentWorkspace } from "./workspace.ts";
import { PageHeader } from "../../components/PageHeader.tsx";

/** The workspace at a glance: its period and settings, the team, and what still needs doing. */
export function OverviewPage() {
  const { t } = useTranslation();
  const me = useMe();
  const current = useCurrentWorkspace();
  const format = useFormat(current.data?.timezone);
  const people = usePeople(current.workspaceId);
  const w = current.data;
  if (!w) return null;
  const end = periodEnd({ start: w.periodStart, months: w.periodMonths });
  const moneyExample = new Intl.NumberFormat(t("intlLocale"), { style: "currency", currency: w.currency }).format(1234.5);
  const todo = [
    !me.data?.twoFactorEnabled && { to: "/account", label: t("overview.todo2fa") },
    (people.data?.members.length ?? 0) < 2 && current.can("admin") && { to: `/w/${w.id}/members`, label: t("overview.todoInvite") },
    !!people.data?.uncoveredHats.length && { to: `/w/${w.id}/people`, label: t("overview.todoHats", { count: people.data.uncoveredHats.length }) },
  ].filter((x): x is { to: string; label: string } => !!x);

  return (
    <Stack>
      <PageHeader title={w.name} aside={<Badge variant="light">{t(`roles.${w.role}`)}</Badge>} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t("overview.period")}
          </Text>
          <Text fw={600} size="lg">
            {format.month(w.periodStart)} – {format.month(end)}
          </Text>
          <Text size="sm" c="dimmed">
            {t("overview.months", { count: w.periodMonths })}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t("overview.team")}
          </Text>
          <Text fw={600} size="lg">
            {t("overview.memberCount", { count: people.data?.members.length ?? 0 })}
          </Text>
          <Anchor component={Link} to={`/w/${w.id}/people`} size="sm">
            {t("overview.seeHats")}
          </Anchor>
        </Card>
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t("overview.localSettings")}
          </Text>
          <Text fw={600} size="lg">
            {w.timezone}
          </Text>
          <Text size="sm" c="dimmed">
            {t("overview.moneyAs", { example: moneyExample })}
          </Text>
        </Card>
      </SimpleGrid>
      {todo.length > 0 ? (
        <Alert color="teal" variant="light" title={t("overview.nextSteps")}>
          <List spacing={4} size="sm">
            {todo.map((item) => (
              <List.Item key={item.to}>
                <Anchor component={Link} to={item.to}>
                  {item.label}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Alert color="teal" variant="light">
          {t("overview.allSet")}
        </Alert>
      )}
    </Stack>
  );
}
