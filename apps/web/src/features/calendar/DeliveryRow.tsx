import { Anchor, Badge, Button, CopyButton, Group, Stack, Text, TextInput } from "@mantine/core";
import { assetFileUrl, type Delivery, type Post, type Workspace } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { safeHref } from "../../lib/safe-href.ts";
import { reminderText } from "../home/reminder-text.ts";
import type { ChannelOption } from "./PostEditor.tsx";
import { usePostApi } from "./posts.ts";

/** One channel's copy: its state, its error, and what a person can do about it (copy and confirm a reminder…). */
export function DeliveryRow({ workspace, post, delivery: d, channel, canEdit, onChange }: { workspace: Workspace; post: Post; delivery: Delivery; channel: ChannelOption | undefined; canEdit: boolean; onChange: (p: Post) => void }) {
  const { t } = useTranslation();
  const f = useFormat(workspace.timezone);
  const apiPosts = usePostApi(workspace.id);
  const [permalink, setPermalink] = useState("");
  const [error, setError] = useState<string | null>(null);
  // With short links on, the copy carries the counting link the app made for this channel (the same text as Home's sheet).
  const text = reminderText(post, d, channel?.network, window.location.origin);
  const act = async (work: () => Promise<Post>) => {
    setError(null);
    try {
      onChange(await work());
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields[0]?.message ?? e.message) : String(e));
    }
  };
  const waiting = d.status === "awaiting_confirmation" || d.status === "needs_attention" || d.status === "failed";
  return (
    <Stack gap={4} p="xs" style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 6 }} data-testid="delivery">
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={600} size="sm">
            {channel?.label ?? t("posts.removedChannel")}
          </Text>
          <Badge size="sm" variant="light" color={d.mode === "auto" ? "blue" : "grape"}>
            {t(`posts.mode_${d.mode}`)}
          </Badge>
          <Badge size="sm" color={d.overdue ? "red" : undefined} variant="outline">
            {d.overdue ? t("posts.overdue") : t(`posts.delivery_${d.status}`)}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {f.dateTime(d.dueAt)}
        </Text>
      </Group>
      {d.error && (
        <Text size="sm" c={d.status === "scheduled" ? "orange" : "red"}>
          {t(`publishErrors.${d.error.code}`, { defaultValue: d.error.message })}
          {d.nextAttemptAt ? ` ${t("posts.nextAttempt", { when: f.dateTime(d.nextAttemptAt) })}` : ""}
        </Text>
      )}
      {d.permalink && (
        <Anchor href={safeHref(d.permalink)} target="_blank" rel="noreferrer" size="sm">
          {d.permalink}
        </Anchor>
      )}
      {canEdit && d.mode === "reminder" && waiting && (
        <Group gap="xs">
          <CopyButton value={text}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? t("posts.copied") : t("posts.copyText")}</Button>}</CopyButton>
          {post.media.map((m) => (
            <Button key={m.assetId} size="xs" variant="default" component="a" href={`${assetFileUrl(workspace.id, m.assetId)}?download=1`}>
              {t("posts.downloadMedia")}
            </Button>
          ))}
        </Group>
      )}
      {canEdit && waiting && (
        <Group gap="xs" align="end">
          <TextInput size="xs" placeholder="https://" aria-label={t("posts.permalink")} value={permalink} onChange={(e) => setPermalink(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button size="xs" color="teal" onClick={() => void act(() => (d.status === "awaiting_confirmation" ? apiPosts.confirm(post.id, d.id, permalink.trim() || null) : apiPosts.resolve(post.id, d.id, "published", permalink.trim() || null)))}>
            {t("posts.markPublished")}
          </Button>
          {d.status !== "awaiting_confirmation" && (
            <>
              <Button size="xs" variant="light" onClick={() => void act(() => apiPosts.resolve(post.id, d.id, "retry"))}>
                {t("posts.sendAgain")}
              </Button>
              <Button size="xs" variant="subtle" color="gray" onClick={() => void act(() => apiPosts.resolve(post.id, d.id, "cancel"))}>
                {t("posts.drop")}
              </Button>
            </>
          )}
        </Group>
      )}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
