import { Alert, Anchor, Badge, Button, Card, Group, Select, Stack, Switch, Table, Text, TextInput } from "@mantine/core";
import { minorUnitDigits } from "@socialplan/domain";
import { annualPlanAdvice, dayInZone, TOOL_PLANS, type SaveTool, type Tool } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { cellLabel, stackedTable } from "../../components/StackedTable.tsx";
import { api, get, post, put } from "../../api/client.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TableSkeleton } from "../../components/Skeletons.tsx";
import { notifyError } from "../../lib/notify.ts";
import { budgetKey } from "../budget/budget.ts";
import { MoneyField } from "../strategy/fields.tsx";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { safeHref } from "../../lib/safe-href.ts";

/** The guide's recommended tools (§14) and the business's own: used or not, plan, cost — costs flow into the budget. */
export function ToolsPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentWorkspace();
  const client = useQueryClient();
  const key = ["tools", current.workspaceId, i18n.language];
  const tools = useQuery({ queryKey: key, queryFn: () => get<Tool[]>(`/workspaces/${current.workspaceId}/tools`) });
  const [name, setName] = useState("");
  const canEdit = current.can("editor");
  const currency = current.data?.currency ?? "USD";
  const today = dayInZone(new Date(), current.data?.timezone ?? "UTC");
  const base = `/workspaces/${current.workspaceId}/tools`;

  const save = async (tool: Tool, patch: SaveTool) => {
    try {
      const next = tool.key ? await put<Tool[]>(`${base}/recommended/${tool.key}`, patch) : await api<Tool[]>("PATCH", `${base}/${tool.id}`, patch);
      client.setQueryData(key, next);
      await client.invalidateQueries({ queryKey: budgetKey(current.workspaceId) });
    } catch (e) {
      notifyError(e);
    }
  };
  const add = async () => {
    try {
      client.setQueryData(key, await post<Tool[]>(base, { name: name.trim() }));
      setName("");
    } catch (e) {
      notifyError(e);
    }
  };
  const remove = async (tool: Tool) => {
    try {
      client.setQueryData(key, await api<Tool[]>("DELETE", `${base}/${tool.id}`));
      await client.invalidateQueries({ queryKey: budgetKey(current.workspaceId) });
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Stack gap="lg">
      <PageHeader title={t("tools.title")} intro={t("tools.intro")} />
      {!tools.data ? (
        <TableSkeleton rows={8} height={20} />
      ) : (
        <Card withBorder p={0}>
          <Table.ScrollContainer minWidth={980} className={stackedTable.container}>
            <Table verticalSpacing="sm" data-testid="tools-table" className={stackedTable.table}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("tools.tool")}</Table.Th>
                  <Table.Th w={110}>{t("tools.used")}</Table.Th>
                  <Table.Th w={150}>{t("tools.plan")}</Table.Th>
                  <Table.Th w={170}>{t("tools.cost")}</Table.Th>
                  <Table.Th w={160}>{t("tools.tryingSince")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(tools.data ?? []).map((tool) => (
                  <Table.Tr key={tool.key ?? tool.id}>
                    <Table.Td>
                      <Group gap={6}>
                        {tool.url ? (
                          <Anchor href={safeHref(tool.url)} target="_blank" rel="noreferrer" fw={600}>
                            {tool.name}
                          </Anchor>
                        ) : (
                          <Text fw={600}>{tool.name}</Text>
                        )}
                        {tool.key && (
                          <Badge size="xs" variant="light">
                            {t("tools.recommended")}
                          </Badge>
                        )}
                        {tool.budgetLineId && (
                          <Anchor component={Link} to={`/w/${current.workspaceId}/budget`} size="xs">
                            {t("tools.inBudget")}
                          </Anchor>
                        )}
                        {!tool.key && canEdit && (
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(tool)}>
                            {t("tools.remove")}
                          </Button>
                        )}
                      </Group>
                      <Text size="sm" c="dimmed">
                        {tool.purpose}
                      </Text>
                      {tool.used && annualPlanAdvice(tool, today) && (
                        <Alert color="orange" p="xs" mt={6} data-testid="annual-advice">
                          {t("tools.annualAdvice")}
                        </Alert>
                      )}
                    </Table.Td>
                    <Table.Td {...cellLabel(t("tools.used"))}>
                      <Switch aria-label={t("tools.usedNamed", { name: tool.name })} checked={tool.used} disabled={!canEdit} onChange={(e) => void save(tool, { used: e.currentTarget.checked })} />
                    </Table.Td>
                    <Table.Td {...cellLabel(t("tools.plan"))}>
                      <Select
                        aria-label={t("tools.plan")}
                        data={TOOL_PLANS.map((p) => ({ value: p, label: t(`tools.plans.${p}`) }))}
                        value={tool.plan}
                        disabled={!canEdit}
                        allowDeselect={false}
                        onChange={(v) => v && void save(tool, { plan: v as Tool["plan"] })}
                      />
                    </Table.Td>
                    <Table.Td {...cellLabel(t("tools.cost"))}>
                      <CostInput tool={tool} currency={currency} disabled={!canEdit || tool.plan === "free"} onSave={(cost) => void save(tool, { cost })} />
                    </Table.Td>
                    <Table.Td {...cellLabel(t("tools.tryingSince"))}>
                      <TextInput type="date" aria-label={t("tools.tryingSince")} value={tool.tryingSince ?? ""} disabled={!canEdit} onChange={(e) => void save(tool, { tryingSince: e.currentTarget.value || null })} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {canEdit && (
        <Group align="end">
          <TextInput label={t("tools.addLabel")} value={name} onChange={(e) => setName(e.currentTarget.value)} w={320} />
          <Button variant="light" disabled={!name.trim()} onClick={() => void add()}>
            {t("tools.add")}
          </Button>
        </Group>
      )}
      <Text size="xs" c="dimmed">
        {t("tools.costHelp", { digits: minorUnitDigits(currency) })}
      </Text>
    </Stack>
  );
}

/** The cost is saved when the field is left, not on every keystroke (each save rewrites the budget line). */
function CostInput({ tool, currency, disabled, onSave }: { tool: Tool; currency: string; disabled: boolean; onSave: (cost: number) => void }) {
  const [value, setValue] = useState<number | undefined>(tool.cost || undefined);
  return (
    <div onBlur={() => value !== (tool.cost || undefined) && onSave(value ?? 0)}>
      <MoneyField frame={{ label: null }} value={disabled ? undefined : value} currency={currency} onChange={setValue} />
    </div>
  );
}
