import { Alert, Badge, Button, Card, Checkbox, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { HATS, type Hat, type Member, type People } from "@socialplan/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { cellLabel, stackedTable } from "../../components/StackedTable.tsx";
import { patch } from "../../api/client.ts";
import { useMe } from "../auth/session.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { peopleKey, usePeople } from "./people.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TableSkeleton } from "../../components/Skeletons.tsx";
import { notifyError } from "../../lib/notify.ts";

/** The guide's roles ("hats"): who wears which, and which nobody wears. */
export function PeoplePage() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  const me = useMe();
  const client = useQueryClient();
  const key = peopleKey(current.workspaceId);
  const people = usePeople(current.workspaceId);

  const toggle = async (member: Member, hat: Hat, on: boolean) => {
    const hats = on ? [...member.hats, hat] : member.hats.filter((h) => h !== hat);
    try {
      client.setQueryData(key, await patch<People>(`/workspaces/${current.workspaceId}/members/${member.id}`, { hats }));
    } catch (e) {
      notifyError(e);
    }
  };
  const editable = (m: Member) => current.can("admin") || (current.can("editor") && m.userId === me.data?.id);

  return (
    <Stack>
      <PageHeader title={t("people.title")} intro={t("people.intro")} />
      {people.data && people.data.uncoveredHats.length > 0 && (
        <Alert color="orange" title={t("people.uncoveredTitle")} data-testid="uncovered-hats">
          <Group gap={6}>
            {people.data.uncoveredHats.map((h) => (
              <Badge key={h} color="orange" variant="light">
                {t(`hats.${h}.name`)}
              </Badge>
            ))}
          </Group>
          <Text size="sm" mt="xs">
            {t("people.uncoveredHelp")}
          </Text>
        </Alert>
      )}
      {!people.data ? (
        <TableSkeleton rows={3} height={28} />
      ) : (
        <Card withBorder p={0}>
          <Table.ScrollContainer minWidth={900} className={stackedTable.container}>
            <Table striped highlightOnHover verticalSpacing="sm" className={stackedTable.table}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("people.member")}</Table.Th>
                  {HATS.map((hat) => (
                    <Table.Th key={hat} ta="center">
                      <Tooltip label={t(`hats.${hat}.question`)} multiline w={220} withArrow>
                        <Text size="xs" fw={700} style={{ cursor: "help" }}>
                          {t(`hats.${hat}.name`)}
                        </Text>
                      </Tooltip>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {people.data?.members.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {m.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`roles.${m.role}`)}
                      </Text>
                    </Table.Td>
                    {HATS.map((hat) => (
                      <Table.Td key={hat} ta="center" {...cellLabel(t(`hats.${hat}.name`))}>
                        <Checkbox
                          aria-label={`${m.name}: ${t(`hats.${hat}.name`)}`}
                          checked={m.hats.includes(hat)}
                          disabled={!editable(m)}
                          onChange={(e) => void toggle(m, hat, e.currentTarget.checked)}
                          styles={{ body: { justifyContent: "center" } }}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {people.data && people.data.members.length < 2 && current.can("admin") && (
        <Group gap="sm" data-testid="people-invite">
          <Text size="sm" c="dimmed">
            {t("people.alone")}
          </Text>
          <Button component={Link} to={`/w/${current.workspaceId}/members`} size="xs" variant="light">
            {t("people.invite")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
