import { ActionIcon, Badge, Button, Card, CopyButton, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { useForm } from "@mantine/form";
import { modals } from "./confirm.ts";
import { ROLES, createInvitationSchema, type Invitation, type Member, type People, type Role } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { del, get, patch, post } from "../../api/client.ts";
import { cellLabel, stackedTable } from "../../components/StackedTable.tsx";
import { FormAlert } from "../../components/FormAlert.tsx";
import { useFormat } from "../../lib/format.ts";
import { useFormSubmit, validateWith } from "../../lib/forms.ts";
import { useMe } from "../auth/session.ts";
import { peopleKey, usePeople } from "../people/people.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { notifyError } from "../../lib/notify.ts";


/** Members and their permission roles; invitations by link for admins. */
export function MembersPage() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  return (
    <Stack>
      <PageHeader title={t("members.title")} intro={t("members.rolesHelp")} />
      <MemberTable />
      {current.can("admin") && <Invitations />}
    </Stack>
  );
}

function MemberTable() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  const format = useFormat(current.data?.timezone);
  const me = useMe();
  const client = useQueryClient();
  const key = peopleKey(current.workspaceId);
  const people = usePeople(current.workspaceId);
  const isOwner = current.data?.role === "owner";
  const roleOptions = (m: Member) =>
    ROLES.filter((r) => isOwner || (r !== "owner" && m.role !== "owner")).map((r) => ({ value: r, label: t(`roles.${r}`) }));

  const changeRole = async (m: Member, role: Role) => {
    try {
      client.setQueryData(key, await patch<People>(`/workspaces/${current.workspaceId}/members/${m.id}`, { role }));
    } catch (e) {
      notifyError(e);
    }
  };
  const remove = (m: Member) =>
    modals.confirm(t("members.removeConfirm", { name: m.name }), async () => {
      try {
        await del(`/workspaces/${current.workspaceId}/members/${m.id}`);
        await client.invalidateQueries({ queryKey: key });
      } catch (e) {
        notifyError(e);
      }
    });

  return (
    <Card withBorder p={0}>
      <Table.ScrollContainer minWidth={640} className={stackedTable.container}>
        <Table verticalSpacing="sm" className={stackedTable.table}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("fields.name")}</Table.Th>
              <Table.Th>{t("fields.email")}</Table.Th>
              <Table.Th>{t("fields.role")}</Table.Th>
              <Table.Th>{t("members.twoFactor")}</Table.Th>
              <Table.Th>{t("members.joined")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {people.data?.members.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td fw={600}>
                  {m.name} {m.userId === me.data?.id && <Badge size="xs" variant="light">{t("members.you")}</Badge>}
                </Table.Td>
                <Table.Td {...cellLabel(t("fields.email"))}>{m.email}</Table.Td>
                <Table.Td {...cellLabel(t("fields.role"))}>
                  {current.can("admin") && (isOwner || m.role !== "owner") ? (
                    <Select
                      size="xs"
                      w={130}
                      aria-label={t("fields.role")}
                      allowDeselect={false}
                      value={m.role}
                      data={roleOptions(m)}
                      onChange={(v) => v && v !== m.role && void changeRole(m, v as Role)}
                    />
                  ) : (
                    t(`roles.${m.role}`)
                  )}
                </Table.Td>
                <Table.Td {...cellLabel(t("members.twoFactor"))}>
                  <Badge color={m.twoFactorEnabled ? "teal" : "gray"} variant="light">
                    {m.twoFactorEnabled ? t("twoFactor.on") : t("twoFactor.off")}
                  </Badge>
                </Table.Td>
                <Table.Td {...cellLabel(t("members.joined"))}>{format.date(m.joinedAt)}</Table.Td>
                <Table.Td>
                  {current.can("admin") && m.userId !== me.data?.id && (isOwner || m.role !== "owner") && (
                    <Button size="xs" variant="subtle" color="red" onClick={() => remove(m)}>
                      {t("members.remove")}
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

function Invitations() {
  const { t, i18n } = useTranslation();
  const current = useCurrentWorkspace();
  const format = useFormat(current.data?.timezone);
  const client = useQueryClient();
  const key = ["invitations", current.workspaceId];
  const invitations = useQuery({ queryKey: key, queryFn: () => get<Invitation[]>(`/workspaces/${current.workspaceId}/invitations`) });
  const [link, setLink] = useState<{ url: string; emailedTo: string | null } | null>(null);
  const form = useForm({
    initialValues: { role: "editor", email: "", expiresInDays: 7 },
    validate: (v) => validateWith(createInvitationSchema, i18n.language)({ ...v, email: v.email || undefined }),
  });
  const { error, onSubmit: submit } = useFormSubmit(form, async (values) => {
    const created = await post<{ url: string; emailed: boolean }>(`/workspaces/${current.workspaceId}/invitations`, {
      ...values,
      email: values.email || undefined,
    });
    setLink({ url: created.url, emailedTo: created.emailed ? values.email : null });
    form.reset();
    await client.invalidateQueries({ queryKey: key });
  });
  const revoke = async (id: string) => {
    try {
      await del(`/workspaces/${current.workspaceId}/invitations/${id}`);
      await client.invalidateQueries({ queryKey: key });
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t("invite.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t("invite.help")}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={error} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t("fields.role")}
              allowDeselect={false}
              data={ROLES.filter((r) => r !== "owner").map((r) => ({ value: r, label: t(`roles.${r}`) }))}
              {...form.getInputProps("role")}
            />
            <TextInput label={t("invite.emailOptional")} type="email" {...form.getInputProps("email")} />
            <NumberInput label={t("fields.expiresInDays")} min={1} max={30} allowDecimal={false} {...form.getInputProps("expiresInDays")} />
          </SimpleGrid>
          <Button type="submit" w="fit-content" loading={form.submitting}>
            {t("invite.create")}
          </Button>
        </Stack>
      </form>
      {link && (
        <Card withBorder bg="teal.0" mt="md">
          <Text size="sm" fw={600} mb={4}>
            {t("invite.linkReady")}
          </Text>
          <Group wrap="nowrap">
            <TextInput readOnly value={link.url} style={{ flex: 1 }} data-testid="invite-link" aria-label={t("invite.link")} />
            <CopyButton value={link.url}>
              {({ copied, copy }) => <Button onClick={copy}>{copied ? t("common.copied") : t("common.copy")}</Button>}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {link.emailedTo ? t("invite.emailed", { email: link.emailedTo }) : t("invite.linkOnce")}
          </Text>
        </Card>
      )}
      {!!invitations.data?.length && (
        <Table mt="md" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("fields.role")}</Table.Th>
              <Table.Th>{t("fields.email")}</Table.Th>
              <Table.Th>{t("invite.expires")}</Table.Th>
              <Table.Th>{t("invite.status")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.data.map((inv) => (
              <Table.Tr key={inv.id}>
                <Table.Td>{t(`roles.${inv.role}`)}</Table.Td>
                <Table.Td>{inv.email ?? t("invite.anyone")}</Table.Td>
                <Table.Td>{format.dateTime(inv.expiresAt)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={{ pending: "blue", accepted: "teal", expired: "gray", revoked: "red" }[inv.status]}>
                    {t(`invite.statuses.${inv.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {inv.status === "pending" && (
                    <Tooltip label={t("invite.revoke")}>
                      <ActionIcon variant="subtle" color="red" aria-label={t("invite.revoke")} onClick={() => void revoke(inv.id)}>
                        ×
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
