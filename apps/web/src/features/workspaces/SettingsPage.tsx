import { Alert, Button, Card, Group, List, Modal, MultiSelect, NumberInput, Select, Stack, Switch, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { updateWorkspaceSchema, type Workspace } from "@socialplan/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { patch } from "../../api/client.ts";
import { FormAlert } from "../../components/FormAlert.tsx";
import { errorMessage, useFormSubmit, validateWith } from "../../lib/forms.ts";
import { useMe, workspacesKey } from "../auth/session.ts";
import { usePeople } from "../people/people.ts";
import { SettingsFields, type SettingsValues } from "./SettingsFields.tsx";
import { useCurrentWorkspace, workspaceKey } from "./workspace.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { DownloadArchiveCard } from "../archive/DownloadArchiveCard.tsx";
import { useFullScreenDialog } from "../../components/use-phone.ts";

export function SettingsPage() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  if (!current.data) return null;
  return (
    <Stack maw={760}>
      <PageHeader title={t("settings.title")} />
      {!current.can("admin") && <Alert color="gray">{t("settings.readOnly")}</Alert>}
      <GeneralSettings workspace={current.data} editable={current.can("admin")} />
      <SecuritySettings workspace={current.data} />
      <PublishingSettings workspace={current.data} />
      <TrackingSettings workspace={current.data} />
      {current.data.role === "owner" && <DownloadArchiveCard workspaceId={current.data.id} />}
    </Stack>
  );
}

function GeneralSettings({ workspace, editable }: { workspace: Workspace; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const form = useForm<SettingsValues>({ initialValues: pickSettings(workspace), validate: (v) => validateWith(updateWorkspaceSchema, i18n.language)(v) });
  useEffect(() => {
    form.setInitialValues(pickSettings(workspace));
    // Only when the saved workspace changes: the form object itself changes on every render.
  }, [workspace]);

  const { error, onSubmit: submit } = useFormSubmit(form, async (values) => {
    const saved = await patch<Workspace>(`/workspaces/${workspace.id}`, values);
    client.setQueryData(workspaceKey(workspace.id), saved);
    await client.invalidateQueries({ queryKey: workspacesKey });
    notifications.show({ color: "teal", message: t("common.saved") });
  });

  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormAlert message={error} />
          <SettingsFields form={form} disabled={!editable} />
          {editable && (
            <Button type="submit" w="fit-content" loading={form.submitting}>
              {t("common.save")}
            </Button>
          )}
        </Stack>
      </form>
    </Card>
  );
}

/** Only an owner who uses 2FA can require it of everyone. */
function SecuritySettings({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const isOwner = workspace.role === "owner";
  const toggle = async (on: boolean) => {
    setError(null);
    try {
      client.setQueryData(workspaceKey(workspace.id), await patch<Workspace>(`/workspaces/${workspace.id}`, { requireTwoFactor: on }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t("settings.security")}
      </Title>
      <Stack>
        <FormAlert message={error} />
        <Switch
          label={t("fields.requireTwoFactor")}
          description={t("settings.requireTwoFactorHelp")}
          checked={workspace.requireTwoFactor}
          disabled={!isOwner}
          onChange={(e) => void toggle(e.currentTarget.checked)}
        />
        {isOwner && !me.data?.twoFactorEnabled && (
          <Text size="sm" c="orange.9">
            {t("settings.ownerNeeds2fa")}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** Approval before publishing, and how late a post may still go out on its own after the app was down. */
/** Saves one setting as soon as it changes (owners and admins), keeping the shown workspace up to date. */
function useSettingPatch(workspace: Workspace) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const save = async (body: Partial<Workspace>) => {
    setError(null);
    try {
      client.setQueryData(workspaceKey(workspace.id), await patch<Workspace>(`/workspaces/${workspace.id}`, body));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return { error, save, canChange: workspace.role === "owner" || workspace.role === "admin" };
}

function PublishingSettings({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState<number | string>(workspace.missedPostMinutes);
  const { error, save, canChange } = useSettingPatch(workspace);
  // Turning approval on or off changes how every post gets scheduled: it is confirmed first (true: turning it on).
  const [asking, setAsking] = useState<boolean | null>(null);
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t("settings.publishing")}
      </Title>
      <Stack>
        <FormAlert message={error} />
        <Switch
          label={t("fields.requirePostApproval")}
          description={t("settings.requirePostApprovalHelp")}
          checked={workspace.requirePostApproval}
          disabled={!canChange}
          onChange={(e) => setAsking(e.currentTarget.checked)}
        />
        {asking !== null && (
          <ApprovalConfirm
            workspace={workspace}
            on={asking}
            onCancel={() => setAsking(null)}
            onConfirm={async () => {
              await save({ requirePostApproval: asking });
              setAsking(null);
            }}
          />
        )}
        <Switch
          label={t("fields.shortLinks")}
          description={t("settings.shortLinksHelp")}
          checked={workspace.shortLinks}
          disabled={!canChange}
          onChange={(e) => void save({ shortLinks: e.currentTarget.checked })}
        />
        <NumberInput
          label={t("fields.missedPostMinutes")}
          description={t("settings.missedPostMinutesHelp")}
          min={1}
          max={10080}
          w={260}
          value={minutes}
          disabled={!canChange}
          onChange={setMinutes}
          onBlur={() => typeof minutes === "number" && minutes !== workspace.missedPostMinutes && void save({ missedPostMinutes: minutes })}
        />
      </Stack>
    </Card>
  );
}

/** Says what requiring approval changes, and who can approve, before the switch is turned. */
function ApprovalConfirm({ workspace, on, onCancel, onConfirm }: { workspace: Workspace; on: boolean; onCancel: () => void; onConfirm: () => Promise<void> }) {
  const { t } = useTranslation();
  const fullScreen = useFullScreenDialog();
  const people = usePeople(workspace.id);
  const [busy, setBusy] = useState(false);
  const approvers = (people.data?.members ?? []).filter((m) => m.role === "owner" || m.role === "admin" || m.hats.includes("people.boss")).map((m) => m.name || m.email);
  return (
    <Modal opened onClose={onCancel} title={t(on ? "settings.approvalOnTitle" : "settings.approvalOffTitle")} size="lg" fullScreen={fullScreen}>
      <Stack>
        {on ? (
          <List spacing={6} size="sm">
            <List.Item>{t("settings.approvalOnSchedule")}</List.Item>
            <List.Item>{t("settings.approvalOnWho")}</List.Item>
            <List.Item>{t("settings.approvalOnEdit")}</List.Item>
            <List.Item>{t("settings.approvalOnScheduled")}</List.Item>
          </List>
        ) : (
          <List spacing={6} size="sm">
            <List.Item>{t("settings.approvalOffSchedule")}</List.Item>
            <List.Item>{t("settings.approvalOffReview")}</List.Item>
          </List>
        )}
        {on && (
          <Text size="sm" fw={600}>
            {approvers.length ? t("settings.approversNow", { names: approvers.join(", ") }) : t("settings.approversNone")}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
          <Button
            loading={busy}
            color={on ? undefined : "orange"}
            onClick={async () => {
              setBusy(true);
              await onConfirm();
              setBusy(false);
            }}
          >
            {t(on ? "settings.approvalOnConfirm" : "settings.approvalOffConfirm")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** How often strategy reviews are due (a reminder goes out), and which report is emailed to whom. */
function TrackingSettings({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number | string>(workspace.reviewCadenceDays);
  const { error, save, canChange } = useSettingPatch(workspace);
  const people = usePeople(workspace.id);
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t("settings.tracking")}
      </Title>
      <Stack>
        <FormAlert message={error} />
        <NumberInput
          label={t("fields.reviewCadenceDays")}
          description={t("settings.reviewCadenceHelp")}
          min={0}
          max={365}
          w={260}
          value={days}
          disabled={!canChange}
          onChange={setDays}
          onBlur={() => typeof days === "number" && days !== workspace.reviewCadenceDays && void save({ reviewCadenceDays: days })}
        />
        <Select
          label={t("fields.reportSchedule")}
          description={t("settings.reportScheduleHelp")}
          w={260}
          data={(["off", "weekly", "monthly"] as const).map((v) => ({ value: v, label: t(`settings.reportSchedules.${v}`) }))}
          value={workspace.reportSchedule}
          allowDeselect={false}
          disabled={!canChange}
          onChange={(v) => v && void save({ reportSchedule: v as Workspace["reportSchedule"] })}
        />
        <MultiSelect
          label={t("fields.reportRecipients")}
          data={(people.data?.members ?? []).map((m) => ({ value: m.id, label: `${m.name} <${m.email}>` }))}
          value={workspace.reportRecipients}
          disabled={!canChange || workspace.reportSchedule === "off"}
          onChange={(v) => void save({ reportRecipients: v })}
        />
      </Stack>
    </Card>
  );
}

const pickSettings = (w: Workspace): SettingsValues => ({
  name: w.name,
  timezone: w.timezone,
  currency: w.currency,
  locale: w.locale,
  weekStart: w.weekStart,
  periodStart: w.periodStart,
  periodMonths: w.periodMonths,
});
