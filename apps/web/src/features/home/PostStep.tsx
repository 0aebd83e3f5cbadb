import { Alert, Checkbox, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import type { Post } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, post } from "../../api/client.ts";
import { FormAlert } from "../../components/FormAlert.tsx";
import type { StepProps } from "./FirstRunDialog.tsx";
import { suggestedTime } from "./home-logic.ts";
import { useStepSubmit } from "./step-submit.ts";
import { Actions, NeedChannel, useChannels } from "./StrategySteps.tsx";

/** The first post: text, channels and a time in the workspace's zone; then scheduled, or sent to review when approval is required. */
export function PostStep(props: StepProps) {
  const { t } = useTranslation();
  const { channels, loading } = useChannels(props.workspace.id);
  if (loading) return <Text size="sm">{t("firstRun.loading")}</Text>;
  if (!channels.length) return <NeedChannel text={t("firstRun.post.needChannel")} switchTo={props.switchTo} />;
  return <PostForm {...props} channels={channels} />;
}

/** A post's title for lists: its first line, cut at a word near 60 characters. */
export function titleOf(text: string): string {
  const line = text.trim().split("\n")[0]!.trim();
  if (line.length <= 60) return line;
  const cut = line.slice(0, 60);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 30 ? cut.lastIndexOf(" ") : 60)}…`;
}

function PostForm({ workspace, home, done, close, channels }: StepProps & { channels: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const zone = workspace.timezone;
  const approval = home.approvalRequired;
  const base = `/workspaces/${workspace.id}/posts`;
  // A post created on an earlier try (its scheduling refused, e.g. a time in the past) is changed, not made again.
  const [created, setCreated] = useState<string | null>(null);
  const form = useForm({
    initialValues: { text: "", channels: channels.map((c) => c.value).slice(0, 1), ...suggestedTime(new Date(), zone) },
    validate: {
      text: (v) => (v.trim() ? null : t("firstRun.post.required")),
      channels: (v) => (v.length ? null : t("firstRun.post.chooseChannel")),
      date: (v) => (v ? null : t("firstRun.post.dateRequired")),
      time: (v) => (v ? null : t("firstRun.post.dateRequired")),
    },
  });
  const { error, onSubmit } = useStepSubmit(form, { body: "text", title: "text", variants: "channels", scheduledLocal: "date", scheduledAt: "date" }, async (v) => {
    const body = {
      title: titleOf(v.text),
      body: v.text,
      variants: v.channels.map((channelId) => ({ channelId, text: null })),
      scheduledLocal: { dateTime: `${v.date}T${v.time}`, timeZone: zone },
    };
    let id = created;
    if (id) await api("PATCH", `${base}/${id}`, body);
    else {
      id = (await post<{ post: Post }>(base, body)).post.id;
      setCreated(id);
    }
    if (approval) {
      await post(`${base}/${id}/review`);
      await done(t("firstRun.post.sentToReview"), "posts", "review");
      return;
    }
    const scheduled = (await post<{ post: Post }>(`${base}/${id}/schedule`, {})).post;
    const when = new Intl.DateTimeFormat(t("intlLocale"), { dateStyle: "full", timeStyle: "short", timeZone: zone }).format(new Date(scheduled.scheduledAt!));
    await done(t("firstRun.post.scheduled", { when }), "posts");
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("firstRun.post.intro")}
        </Text>
        {approval && (
          <Alert color="yellow" variant="light" data-testid="post-needs-approval">
            {t("firstRun.post.approvalNote")}
          </Alert>
        )}
        <FormAlert message={error} />
        <Textarea label={t("firstRun.post.text")} placeholder={t("firstRun.post.textPlaceholder")} required autosize minRows={4} maxRows={12} data-autofocus {...form.getInputProps("text")} />
        <Checkbox.Group label={t("firstRun.post.channels")} required {...form.getInputProps("channels")}>
          <Group mt={6} gap="md">
            {channels.map((c) => (
              <Checkbox key={c.value} value={c.value} label={c.label} />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={2}>
          <TextInput type="date" label={t("firstRun.post.date")} required {...form.getInputProps("date")} />
          <TextInput type="time" label={t("firstRun.post.time")} required {...form.getInputProps("time")} />
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt={-8}>
          {t("firstRun.post.zone", { zone })}
        </Text>
        <Actions submitting={form.submitting} close={close} label={approval ? t("firstRun.post.sendToReview") : t("firstRun.post.schedule")} />
      </Stack>
    </form>
  );
}
