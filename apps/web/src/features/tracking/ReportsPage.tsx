import { Anchor, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, TextInput, Title } from "@mantine/core";
import { addDays, lastWholePeriod } from "@socialplan/domain";
import { DateTime } from "luxon";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { EmptyState, TableSkeleton } from "../../components/Skeletons.tsx";
import { cellLabel, stackedTable } from "../../components/StackedTable.tsx";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { useReportApi, useReports } from "./tracking.ts";

type Kind = "week" | "month" | "custom";

/** The period a new report covers by default: the last whole week or month, in the workspace's zone. */
function defaultPeriod(kind: Kind, zone: string, weekStart: number) {
  const today = DateTime.now().setZone(zone).toISODate()!;
  return kind === "custom" ? { from: addDays(today, -29), to: today } : lastWholePeriod(kind, today, weekStart);
}

/** Reports (guide §13 `exec.report`): a list of the saved ones and a form for a new one. */
export function ReportsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { workspaceId, data: workspace, can } = useCurrentWorkspace();
  const reports = useReports(workspaceId);
  const api = useReportApi(workspaceId);
  const [kind, setKind] = useState<Kind>("month");
  const f = useFormat(workspace?.timezone);
  const [range, setRange] = useState(() => defaultPeriod("month", workspace?.timezone ?? "UTC", workspace?.weekStart ?? 1));
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    try {
      const r = await api.create({ periodKind: kind, from: range.from, to: range.to, ...(title.trim() ? { title: title.trim() } : {}) });
      void navigate(`/w/${workspaceId}/reports/${r.id}`);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="lg">
      <PageHeader title={t("reports.title")} intro={t("reports.intro")} />
      {can("editor") && (
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb="sm">
            {t("reports.new")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <Select
              label={t("reports.period")}
              data={(["week", "month", "custom"] as const).map((k) => ({ value: k, label: t(`reports.kinds.${k}`) }))}
              value={kind}
              allowDeselect={false}
              onChange={(v) => {
                const k = (v ?? "month") as Kind;
                setKind(k);
                setRange(defaultPeriod(k, workspace?.timezone ?? "UTC", workspace?.weekStart ?? 1));
              }}
              data-testid="report-kind"
            />
            <TextInput type="date" label={t("reports.from")} value={range.from} onChange={(e) => setRange({ ...range, from: e.currentTarget.value })} />
            <TextInput type="date" label={t("reports.to")} value={range.to} onChange={(e) => setRange({ ...range, to: e.currentTarget.value })} />
            <TextInput label={t("reports.titleLabel")} placeholder={t("reports.titlePlaceholder")} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          </SimpleGrid>
          <Group justify="flex-end" mt="md">
            <Button onClick={() => void create()} loading={busy} data-testid="create-report">
              {t("reports.create")}
            </Button>
          </Group>
        </Card>
      )}
      {!reports.data ? (
        <TableSkeleton rows={4} />
      ) : reports.data.length === 0 ? (
        <EmptyState title={t("reports.empty.title")} body={t(can("editor") ? "reports.empty.body" : "reports.empty.readOnly")} testId="reports-empty">
          {can("editor") && (
            <Button onClick={() => void create()} loading={busy}>
              {t("reports.empty.create", { from: f.day(range.from), to: f.day(range.to) })}
            </Button>
          )}
        </EmptyState>
      ) : (
        <Table striped data-testid="reports" className={stackedTable.table}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("reports.titleLabel")}</Table.Th>
              <Table.Th>{t("reports.period")}</Table.Th>
              <Table.Th>{t("reports.answered")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reports.data.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/w/${workspaceId}/reports/${r.id}`}>
                    {r.title}
                  </Anchor>
                </Table.Td>
                <Table.Td {...cellLabel(t("reports.period"))}>
                  {f.dayRange(r.from, r.to)} <Badge variant="light">{t(`reports.kinds.${r.periodKind}`)}</Badge>
                </Table.Td>
                <Table.Td {...cellLabel(t("reports.answered"))}>{t("reports.answeredOf", { count: r.answered })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
