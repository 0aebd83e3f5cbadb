import { Alert, Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { NETWORKS, periodDates, type ChannelData, type Entry, type Network } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../components/FormAlert.tsx";
import { useStrategy, useStrategyApi } from "../strategy/strategy.ts";
import type { StepProps } from "./FirstRunDialog.tsx";
import { dateIn, GOAL_METRICS, goalData } from "./home-logic.ts";
import { useStepSubmit } from "./step-submit.ts";

const required = (message: string) => (v: unknown) => (typeof v === "string" ? v.trim() : v) ? null : message;

/** The channels of the strategy, as "Instagram @shop". */
export function useChannels(workspaceId: string) {
  const { t } = useTranslation();
  const strategy = useStrategy(workspaceId);
  const channels = (strategy.data ?? [])
    .filter((e) => e.kind === "channel")
    .map((e: Entry) => {
      const d = e.data as ChannelData;
      return { value: e.id, label: [d.network ? t(`networks.${d.network}`) : "", d.handle ?? ""].filter(Boolean).join(" ") || t("strategy.untitled") };
    });
  return { channels, loading: strategy.isPending, entries: strategy.data };
}

/** Business basics: the company section's name, place and story (the rest waits in the strategy). */
export function BasicsStep({ workspace, done, close }: StepProps) {
  const { t } = useTranslation();
  const strategy = useStrategy(workspace.id);
  const api = useStrategyApi(workspace.id);
  if (!strategy.data) return <Text size="sm">{t("firstRun.loading")}</Text>;
  const company = strategy.data.find((e) => e.kind === "company");
  return <BasicsForm company={company} workspaceName={workspace.name} save={(data) => api.saveSection("company", company?.version ?? 0, { ...company?.data, ...data })} done={done} close={close} />;
}

function BasicsForm({ company, workspaceName, save, done, close }: { company: Entry | undefined; workspaceName: string; save: (data: Record<string, string>) => Promise<Entry>; done: StepProps["done"]; close: () => void }) {
  const { t } = useTranslation();
  const d = (company?.data ?? {}) as Record<string, string | undefined>;
  const form = useForm({
    initialValues: { name: d.name ?? workspaceName, hq: d.hq ?? "", story: d.story ?? "" },
    validate: { name: required(t("firstRun.basics.name")) },
  });
  const { error, onSubmit } = useStepSubmit(form, { "data.name": "name", "data.hq": "hq", "data.story": "story" }, async (v) => {
    await save({ name: v.name.trim(), hq: v.hq.trim(), story: v.story.trim() });
    await done(t("firstRun.basics.saved"), "strategy");
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("firstRun.basics.intro")}
        </Text>
        <FormAlert message={error} />
        <TextInput label={t("firstRun.basics.name")} required data-autofocus {...form.getInputProps("name")} />
        <TextInput label={t("firstRun.basics.hq")} placeholder={t("firstRun.basics.hqPlaceholder")} {...form.getInputProps("hq")} />
        <Textarea label={t("firstRun.basics.story")} placeholder={t("firstRun.basics.storyPlaceholder")} autosize minRows={3} maxRows={8} {...form.getInputProps("story")} />
        <Actions submitting={form.submitting} close={close} />
      </Stack>
    </form>
  );
}

/** A channel: the network and the account's name (and, if known, what the profile is for). */
export function ChannelStep({ workspace, done, close }: StepProps) {
  const { t } = useTranslation();
  const api = useStrategyApi(workspace.id);
  const form = useForm<{ network: Network | null; handle: string; purpose: string }>({
    initialValues: { network: "instagram", handle: "", purpose: "" },
    validate: { network: required(t("firstRun.channel.network")), handle: required(t("firstRun.channel.handle")) },
  });
  const { error, onSubmit } = useStepSubmit(form, { "data.network": "network", "data.handle": "handle", "data.purpose": "purpose" }, async (v) => {
    await api.create("channel", { network: v.network, handle: v.handle.trim(), ...(v.purpose.trim() ? { purpose: v.purpose.trim() } : {}) });
    await done(t("firstRun.channel.saved"), "strategy");
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("firstRun.channel.intro")}
        </Text>
        <FormAlert message={error} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select label={t("firstRun.channel.network")} required allowDeselect={false} data={NETWORKS.map((n) => ({ value: n, label: t(`networks.${n}`) }))} {...form.getInputProps("network")} />
          <TextInput label={t("firstRun.channel.handle")} placeholder={t("firstRun.channel.handlePlaceholder")} required data-autofocus {...form.getInputProps("handle")} />
        </SimpleGrid>
        <Textarea label={t("firstRun.channel.purpose")} placeholder={t("firstRun.channel.purposePlaceholder")} autosize minRows={2} {...form.getInputProps("purpose")} />
        <Actions submitting={form.submitting} close={close} />
      </Stack>
    </form>
  );
}

/** A SMART goal in six answers: what, which number, on which channel, from where, to where, by when. */
export function GoalStep(props: StepProps) {
  const { t } = useTranslation();
  const { channels, loading } = useChannels(props.workspace.id);
  if (loading) return <Text size="sm">{t("firstRun.loading")}</Text>;
  if (!channels.length) return <NeedChannel text={t("firstRun.goal.needChannel")} switchTo={props.switchTo} />;
  return <GoalForm {...props} channels={channels} />;
}

function GoalForm({ workspace, done, close, channels }: StepProps & { channels: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const api = useStrategyApi(workspace.id);
  const period = periodDates({ start: workspace.periodStart, months: workspace.periodMonths });
  const today = dateIn(new Date(), workspace.timezone);
  const start = today > period.first ? today : period.first;
  const form = useForm<{ title: string; metric: string | null; channels: string[]; baseline: number | string; target: number | string; deadline: string }>({
    initialValues: { title: "", metric: "followers", channels: channels.slice(0, 1).map((c) => c.value), baseline: "", target: "", deadline: period.last },
    validate: {
      title: required(t("firstRun.goal.name")),
      metric: required(t("firstRun.goal.metric")),
      channels: (v) => (v.length ? null : t("firstRun.goal.channels")),
      baseline: (v) => (v === "" ? t("firstRun.goal.baseline") : null),
      target: (v) => (v === "" ? t("firstRun.goal.target") : null),
      deadline: required(t("firstRun.goal.deadline")),
    },
  });
  const { error, onSubmit } = useStepSubmit(form, { "data.title": "title", "data.measurable.metric": "metric", "data.measurable.channels": "channels", "data.measurable.baseline": "baseline", "data.measurable.target": "target", "data.timebound.deadline": "deadline" }, async (v) => {
    const data = goalData({ title: v.title, metricLabel: t(`metrics.${v.metric}`), channels: v.channels, baseline: Number(v.baseline), target: Number(v.target), start, deadline: v.deadline });
    await api.create("goal", data);
    await done(t("firstRun.goal.saved"), "strategy", "goals");
  });
  if (start > period.last) return <Alert color="orange">{t("firstRun.goal.periodOver")}</Alert>;
  const f = (d: string) => new Intl.DateTimeFormat(t("intlLocale"), { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`));
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("firstRun.goal.intro")}
        </Text>
        <FormAlert message={error} />
        <TextInput label={t("firstRun.goal.name")} placeholder={t("firstRun.goal.namePlaceholder")} required data-autofocus {...form.getInputProps("title")} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select label={t("firstRun.goal.metric")} required allowDeselect={false} data={GOAL_METRICS.map((m) => ({ value: m, label: t(`metrics.${m}`) }))} {...form.getInputProps("metric")} />
          <MultiSelect label={t("firstRun.goal.channels")} required data={channels} {...form.getInputProps("channels")} />
          <NumberInput label={t("firstRun.goal.baseline")} required thousandSeparator="," {...form.getInputProps("baseline")} />
          <NumberInput label={t("firstRun.goal.target")} required thousandSeparator="," {...form.getInputProps("target")} />
        </SimpleGrid>
        <TextInput
          type="date"
          label={t("firstRun.goal.deadline")}
          required
          min={start}
          max={period.last}
          description={t("firstRun.goal.periodHint", { first: f(start), last: f(period.last) })}
          {...form.getInputProps("deadline")}
        />
        <Actions submitting={form.submitting} close={close} />
      </Stack>
    </form>
  );
}

/** Goals and posts need a channel: say so and offer the channel step in place. */
export function NeedChannel({ text, switchTo }: { text: string; switchTo: StepProps["switchTo"] }) {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start">
      <Text size="sm">{text}</Text>
      <Button onClick={() => switchTo("channel")}>{t("firstRun.goal.addChannel")}</Button>
    </Stack>
  );
}

export function Actions({ submitting, close, label }: { submitting: boolean; close: () => void; label?: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" mt="xs">
      <Button variant="default" onClick={close}>
        {t("common.cancel")}
      </Button>
      <Button type="submit" loading={submitting}>
        {label ?? t("firstRun.save")}
      </Button>
    </Group>
  );
}
