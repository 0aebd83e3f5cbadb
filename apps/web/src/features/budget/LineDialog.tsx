import { Button, Divider, Group, Modal, Select, SimpleGrid, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { modals } from "@mantine/modals";
import { BUDGET_CATEGORIES, periodMonths } from "@socialplan/domain";
import type { Budget, BudgetLine, BudgetPlan, ChannelData, Entry, GoalData, UpdateBudgetLine } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { emptyPlan, PlanFields, readPlan, type PlanForm } from "./PlanFields.tsx";

export interface LineForm {
  name: string;
  category: BudgetLine["category"];
  channelId: string | null;
  goalId: string | null;
  trackActuals: boolean;
  rollover: boolean;
  stoppedFrom: string | null;
  /** Planned amounts in one step (null: leave the planned cells as they are). */
  plan: BudgetPlan | null;
}

/**
 * Adds a line, or changes one: name, category, channel and goal it serves, its planned amounts in one step (per month
 * from … to …, or a yearly amount spread), actuals, rollover, stop, delete.
 */
export function LineDialog({ budget, line, entries, currentMonth, onClose, onSave, onDelete }: {
  budget: Budget;
  currentMonth: string;
  line: BudgetLine | null;
  entries: Entry[];
  onClose: () => void;
  onSave: (form: LineForm) => Promise<void>;
  onDelete?: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<Omit<LineForm, "plan">>(
    line
      ? { name: line.name, category: line.category, channelId: line.channelId, goalId: line.goalId, trackActuals: line.trackActuals, rollover: line.rollover, stoppedFrom: line.stoppedFrom }
      : { name: "", category: "ads", channelId: null, goalId: null, trackActuals: true, rollover: true, stoppedFrom: null },
  );
  const [plan, setPlan] = useState<PlanForm>(() => emptyPlan(budget, currentMonth));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof typeof form>(k: K, v: LineForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const { month: monthLabel } = useFormat();
  const phone = useMediaQuery("(max-width: 40em)");
  const channels = entries.filter((e) => e.kind === "channel");
  const goals = entries.filter((e) => e.kind === "goal");
  const save = async () => {
    const read = readPlan(plan, budget.currency, t("intlLocale"), i18n.language === "ko" ? "ko" : "en");
    if (read.error) return setErrors({ "plan.amount": read.error });
    setBusy(true);
    try {
      await onSave({ ...form, plan: read.plan });
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
      else notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={line ? t("budget.editLine") : t("budget.addLine")} size="lg" fullScreen={!!phone}>
      <Stack>
        <TextInput label={t("budget.fields.name")} value={form.name} onChange={(e) => set("name", e.currentTarget.value)} error={errors.name} data-autofocus />
        <Select
          label={t("budget.fields.category")}
          data={BUDGET_CATEGORIES.map((c) => ({ value: c, label: t(`budget.categories.${c}`) }))}
          value={form.category}
          onChange={(v) => {
            const category = (v ?? "other") as LineForm["category"];
            // Advertising rolls over by default (the guide's template); other spending does not.
            setForm((f) => ({ ...f, category, ...(line ? {} : { rollover: category === "ads" }) }));
          }}
          allowDeselect={false}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("budget.fields.channel")}
            data={channels.map((c) => ({ value: c.id, label: [t(`networks.${(c.data as ChannelData).network ?? "other"}`), (c.data as ChannelData).handle].filter(Boolean).join(" ") }))}
            value={form.channelId}
            onChange={(v) => set("channelId", v)}
            clearable
            placeholder={channels.length ? undefined : t("budget.noChannels")}
            error={errors.channelId}
          />
          <Select
            label={t("budget.fields.goal")}
            data={goals.map((g) => ({ value: g.id, label: (g.data as GoalData).title || (g.data as GoalData).specific || "—" }))}
            value={form.goalId}
            onChange={(v) => set("goalId", v)}
            clearable
            error={errors.goalId}
          />
        </SimpleGrid>
        <Divider label={line ? t("budget.plan.titleEdit") : t("budget.plan.title")} labelPosition="left" />
        {line && (
          <Text size="xs" c="dimmed" mt={-8}>
            {t("budget.plan.editHelp")}
          </Text>
        )}
        <PlanFields budget={budget} form={plan} onChange={setPlan} errors={errors} />
        <Divider />
        <Switch label={t("budget.fields.rollover")} description={t("budget.fields.rolloverHelp")} checked={form.rollover} onChange={(e) => set("rollover", e.currentTarget.checked)} />
        <Switch label={t("budget.fields.trackActuals")} description={t("budget.fields.trackActualsHelp")} checked={form.trackActuals} onChange={(e) => set("trackActuals", e.currentTarget.checked)} />
        {line && (
          <Select
            label={t("budget.fields.stoppedFrom")}
            description={t("budget.fields.stoppedFromHelp")}
            data={periodMonths(budget.period).map((m) => ({ value: m, label: monthLabel(m) }))}
            value={form.stoppedFrom}
            onChange={(v) => set("stoppedFrom", v)}
            clearable
            placeholder={t("budget.fields.running")}
            error={errors.stoppedFrom}
          />
        )}
        <Group justify="space-between">
          {line && onDelete ? (
            <Button
              color="red"
              variant="subtle"
              onClick={() =>
                modals.openConfirmModal({
                  title: t("budget.deleteLine"),
                  children: <Text size="sm">{t("budget.deleteLineBody", { name: line.name })}</Text>,
                  labels: { confirm: t("budget.deleteLine"), cancel: t("common.cancel") },
                  confirmProps: { color: "red" },
                  onConfirm: () => void onDelete().then(onClose).catch(notifyError),
                })
              }
            >
              {t("budget.deleteLine")}
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button onClick={() => void save()} loading={busy} disabled={!form.name.trim()}>
              {t("common.save")}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

export function toPatch({ plan, ...form }: LineForm): UpdateBudgetLine {
  return { ...form, name: form.name.trim(), ...(plan ? { plan } : {}) };
}
