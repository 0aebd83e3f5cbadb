import { Alert, Anchor, Badge, Card, List, SimpleGrid, Stack, Text } from "@mantine/core";
import { periodEnd } from "@socialplan/domain";
import type { ReactNode } from "react";
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
        <StatCard label={t("overview.period")} value={`${format.month(w.periodStart)} – ${format.month(end)}`}>
          <Text size="sm" c="dimmed">
            {t("overview.months", { count: w.periodMonths })}
          </Text>
        </StatCard>
        <StatCard label={t("overview.team")} value={t("overview.memberCount", { count: people.data?.members.length ?? 0 })}>
          <Anchor component={Link} to={`/w/${w.id}/people`} size="sm">
            {t("overview.seeHats")}
          </Anchor>
        </StatCard>
        <StatCard label={t("overview.localSettings")} value={w.timezone}>
          <Text size="sm" c="dimmed">
            {t("overview.moneyAs", { example: moneyExample })}
          </Text>
        </StatCard>
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

/** One figure of the overview: what it is, its value, and a line under it. */
function StatCard({ label, value, children }: { label: string; value: string; children: ReactNode }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg">
        {value}
      </Text>
      {children}
    </Card>
  );
}
