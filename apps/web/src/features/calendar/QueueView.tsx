import { Badge, Button, Card, Drawer, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import type { Post } from "@socialplan/schema";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { queueByChannel } from "./calendar-logic.ts";
import { NetworkMark } from "./NetworkMark.tsx";
import { usePlanningApi, useQueue } from "./planning.ts";
import type { ChannelOption } from "./PostEditor.tsx";
import { StatusIcon } from "./StatusBadge.tsx";
import { notifyChange } from "./undo.tsx";

/** "Add to next free slot" for a post without a date: it takes the earliest free slot of its first channel. */
export function NextSlotButton({ workspaceId, zone, post, size = "compact-xs" }: { workspaceId: string; zone: string; post: Post; size?: string }) {
  const { t } = useTranslation();
  const f = useFormat(zone);
  const api = usePlanningApi(workspaceId);
  const [busy, setBusy] = useState(false);
  if (!post.variants.length) return null;
  return (
    <Button
      size={size}
      variant="light"
      loading={busy}
      data-testid="next-slot"
      onClick={async (e) => {
        e.stopPropagation();
        setBusy(true);
        try {
          const res = await api.nextSlot(post.id);
          notifyChange(t("calendar.queue.added", { when: res.post.scheduledAt ? f.dateTime(res.post.scheduledAt) : "" }), () => api.undo(res.undoId));
        } catch (err) {
          notifyError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      {t("calendar.queue.addNext")}
    </Button>
  );
}

/**
 * The queue: the next posting slots of each channel with the post that takes each, free ones marked; posts
 * without a date go into the next free slot from here.
 */
export function QueueView({ workspaceId, zone, channels, posts, onOpen, onSlots, onClose }: {
  workspaceId: string;
  zone: string;
  channels: ChannelOption[];
  posts: Post[];
  onOpen: (postId: string) => void;
  onSlots: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat(zone);
  const queue = useQueue(workspaceId, undefined, 100);
  const grouped = useMemo(() => queueByChannel(queue.data ?? []), [queue.data]);
  const byId = useMemo(() => new Map(posts.map((p) => [p.id, p])), [posts]);
  const unscheduled = posts.filter((p) => !p.scheduledAt && p.variants.length > 0);
  return (
    <Drawer opened onClose={onClose} position="right" size="md" title={t("calendar.queue.title")}>
      <Stack gap="md" data-testid="queue">
        <Text size="sm" c="dimmed">
          {t("calendar.queue.intro")}
        </Text>
        {queue.isSuccess && grouped.size === 0 && (
          <Card withBorder padding="sm">
            <Text size="sm">{t("calendar.queue.empty")}</Text>
            <Button size="xs" mt="xs" onClick={onSlots}>
              {t("calendar.slots.title")}
            </Button>
          </Card>
        )}
        {unscheduled.length > 0 && grouped.size > 0 && (
          <Card withBorder padding="sm">
            <Text fw={600} size="sm" mb={6}>
              {t("calendar.unscheduled")}
            </Text>
            <Stack gap={6}>
              {unscheduled.map((p) => (
                <Group key={p.id} gap="xs" justify="space-between" wrap="nowrap">
                  <Text size="sm" truncate>
                    {p.title || p.body.slice(0, 60) || t("posts.untitled")}
                  </Text>
                  <NextSlotButton workspaceId={workspaceId} zone={zone} post={p} />
                </Group>
              ))}
            </Stack>
          </Card>
        )}
        {[...grouped.entries()].map(([channelId, items]) => {
          const c = channels.find((x) => x.id === channelId);
          return (
            <Card key={channelId} withBorder padding="sm" data-testid="queue-channel">
              <Group gap={6} mb={6}>
                <NetworkMark network={c?.network ?? "other"} label={c?.label} size={18} />
                <Text fw={600}>{c?.label ?? t("posts.removedChannel")}</Text>
              </Group>
              <Stack gap={4}>
                {items.slice(0, 10).map((item) => {
                  const p = item.postId ? byId.get(item.postId) : undefined;
                  return (
                    <Group key={item.at} gap="xs" wrap="nowrap" justify="space-between">
                      <Text size="sm" style={{ fontVariantNumeric: "tabular-nums" }}>
                        {f.dateTime(item.at)}
                      </Text>
                      {item.postId ? (
                        <UnstyledButton onClick={() => onOpen(item.postId!)} style={{ minWidth: 0 }}>
                          <Group gap={4} wrap="nowrap">
                            {p && <StatusIcon status={p.status} label={t(`posts.status_${p.status}`)} />}
                            <Text size="sm" truncate maw={180}>
                              {p ? p.title || p.body.slice(0, 40) || t("posts.untitled") : t("calendar.queue.taken")}
                            </Text>
                          </Group>
                        </UnstyledButton>
                      ) : (
                        <Badge variant="outline" color="green" data-testid="queue-free">
                          {t("calendar.queue.free")}
                        </Badge>
                      )}
                    </Group>
                  );
                })}
              </Stack>
            </Card>
          );
        })}
      </Stack>
    </Drawer>
  );
}
