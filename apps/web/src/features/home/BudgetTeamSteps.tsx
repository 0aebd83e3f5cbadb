import { Alert, Button, CopyButton, Group, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { formatMoney, monthIn, periodMonths } from "@socialplan/domain";
import { decimalMarkOf, moneyProblemMessage, parseMoney, ROLES, type Locale, type Workspace } from "@socialplan/schema";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { patch, post } from "../../api/client.ts";
import { FormAlert } from "../../components/FormAlert.tsx";
import { errorMessage } from "../../lib/forms.ts";
import { useForm } from "@mantine/form";
import { workspaceKey } from "../workspaces/workspace.ts";
import type { StepProps } from "./FirstRunDialog.tsx";
import { monthsFrom, sameEveryMonth } from "./home-logic.ts";
import { useStepSubmit } from "./step-submit.ts";
import { Actions } from "./StrategySteps.tsx";

/** "€300 a month for ads": one advertising line with the amount in every month from this one to the period's end. */
export function BudgetStep({ workspace, done, close }: StepProps) {
  const { t, i18n } = useTranslation();
  const locale = t("intlLocale");
  const currency = workspace.currency;
  const months = monthsFrom(periodMonths({ start: workspace.periodStart, months: workspace.periodMonths }), monthIn(new Date(), workspace.timezone));
  const read = (text: string) => parseMoney(text, { currency, decimal: decimalMarkOf(locale) });
  const form = useForm({
    initialValues: { amount: "" },
    validate: {
      amount: (text) => {
        const reading = read(text);
        return reading.ok ? (reading.minor > 0 ? null : t("firstRun.budget.amount", { currency })) : moneyProblemMessage(i18n.language as Locale, text, reading);
      },
    },
  });
  const { error, onSubmit } = useStepSubmit(form, { planned: "amount", name: "amount" }, async (v) => {
    const reading = read(v.amount);
    if (!reading.ok) return;
    await post(`/workspaces/${workspace.id}/budget/lines`, { name: t("firstRun.budget.lineName"), category: "ads", planned: sameEveryMonth(months, reading.minor) });
    await done(t("firstRun.budget.saved"), "budget");
  });
  if (!months.length) return <Alert color="orange">{t("firstRun.budget.periodOver")}</Alert>;
  const money = (minor: number) => formatMoney({ amount: minor, currency }, locale);
  const month = (m: string) => new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${m}-01T00:00:00Z`));
  const reading = read(form.values.amount);
  const example = currency === "KRW" || currency === "JPY" ? 300_000 : 300;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("firstRun.budget.intro")}
        </Text>
        <FormAlert message={error} />
        <TextInput
          label={t("firstRun.budget.amount", { currency })}
          placeholder={t("firstRun.budget.amountPlaceholder", { example: new Intl.NumberFormat(locale).format(example) })}
          inputMode="decimal"
          required
          data-autofocus
          maw={280}
          {...form.getInputProps("amount")}
        />
        {reading.ok && reading.minor > 0 && (
          <Text size="sm" data-testid="budget-preview">
            {t("firstRun.budget.months", { amount: money(reading.minor), from: month(months[0]!), to: month(months.at(-1)!) })}
          </Text>
        )}
        <Actions submitting={form.submitting} close={close} />
      </Stack>
    </form>
  );
}

/** An invitation by email and role; the link shows once, to copy. */
export function TeamStep({ workspace, close }: StepProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [link, setLink] = useState<{ url: string; emailedTo: string | null } | null>(null);
  const form = useForm({ initialValues: { email: "", role: "editor" as string | null } });
  const { error, onSubmit } = useStepSubmit(form, { email: "email", role: "role" }, async (v) => {
    const created = await post<{ url: string; emailed: boolean }>(`/workspaces/${workspace.id}/invitations`, { role: v.role, ...(v.email.trim() ? { email: v.email.trim() } : {}) });
    setLink({ url: created.url, emailedTo: created.emailed ? v.email.trim() : null });
    await client.invalidateQueries({ queryKey: ["invitations", workspace.id] });
  });
  if (link) {
    return (
      <Stack>
        <Text fw={600}>{t("firstRun.team.ready")}</Text>
        <Group wrap="nowrap">
          <TextInput readOnly value={link.url} style={{ flex: 1 }} aria-label={t("invite.link")} data-testid="invite-link" />
          <CopyButton value={link.url}>{({ copied, copy }) => <Button onClick={copy}>{copied ? t("common.copied") : t("common.copy")}</Button>}</CopyButton>
        </Group>
        <Text size="sm" c="dimmed">
          {link.emailedTo ? t("invite.emailed", { email: link.emailedTo }) : t("invite.linkOnce")} {t("firstRun.team.joinNote")}
        </Text>
        <Group justify="flex-end">
          <Button onClick={close}>{t("firstRun.close")}</Button>
        </Group>
      </Stack>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("firstRun.team.intro")}
        </Text>
        <FormAlert message={error} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput type="email" label={t("firstRun.team.email")} description={t("firstRun.team.emailHelp")} data-autofocus {...form.getInputProps("email")} />
          <Select
            label={t("firstRun.team.role")}
            allowDeselect={false}
            data={ROLES.filter((r) => r !== "owner").map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            {...form.getInputProps("role")}
          />
        </SimpleGrid>
        <Actions submitting={form.submitting} close={close} label={t("firstRun.team.create")} />
      </Stack>
    </form>
  );
}

/** The confirmation before approval becomes required (the same setting as Settings → Publishing). */
export function ApprovalStep({ workspace, done, close }: StepProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      client.setQueryData(workspaceKey(workspace.id), await patch<Workspace>(`/workspaces/${workspace.id}`, { requirePostApproval: true }));
      await done(t("firstRun.approval.done"));
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Stack>
      <FormAlert message={error} />
      <Text size="sm">{t("firstRun.approval.body")}</Text>
      <Text size="sm" c="dimmed">
        {t("firstRun.approval.settings")}
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={close}>
          {t("firstRun.approval.cancel")}
        </Button>
        <Button onClick={() => void confirm()} loading={busy} data-testid="confirm-approval">
          {t("firstRun.approval.confirm")}
        </Button>
      </Group>
    </Stack>
  );
}
