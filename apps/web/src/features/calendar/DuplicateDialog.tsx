import { Button, Checkbox, Group, Modal, Radio, Stack, Text, TextInput } from "@mantine/core";
import { utcToZoned } from "@socialplan/domain";
import type { DuplicatePost, Post } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { addDays, nextFree } from "./calendar-logic.ts";
import { NetworkMark } from "./NetworkMark.tsx";
import { usePlanningApi, useQueue } from "./planning.ts";
import type { ChannelOption } from "./PostEditor.tsx";
import { notifyChange } from "./undo.tsx";

type When = "slot" | "day" | "same";

/**
 * A copy of a post as a draft: into the next free posting slot of its (first) channel, on another day and time, or
 * at the same time on other channels. The copy can be undone from the notice.
 */
export function DuplicateDialog({ workspaceId, zone, post, channels, onClose, onDone }: {
  workspaceId: string;
  zone: string;
  post: Post;
  channels: ChannelOption[];
  onClose: () => void;
  onDone?: (copy: Post) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat(zone);
  const api = usePlanningApi(workspaceId);
  const queue = useQueue(workspaceId, undefined, 100);
  const original = post.variants.map((v) => v.channelId);
  const [chosen, setChosen] = useState<string[]>(original);
  const local = post.scheduledAt ? utcToZoned(post.scheduledAt, zone) : null;
  const [date, setDate] = useState(local ? addDays(local.date, 7) : "");
  const [time, setTime] = useState(local?.time ?? "09:00");
  const first = chosen[0];
  const slot = first ? nextFree(queue.data ?? [], first) : null;
  const [picked, setWhen] = useState<When | null>(null);
  const when: When = picked ?? (slot ? "slot" : "day");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const sameChannels = chosen.length === original.length && chosen.every((c) => original.includes(c));
  const ready = chosen.length > 0 && (when === "slot" ? !!slot : when === "day" ? /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time) : !sameChannels || !!post.scheduledAt);

  const submit = async () => {
    const body: DuplicatePost = {
      ...(when === "slot" && slot ? { scheduledAt: slot.at } : when === "day" ? { scheduledLocal: { dateTime: `${date}T${time}` } } : {}),
      ...(sameChannels ? {} : { channelIds: chosen }),
    };
    setBusy(true);
    setError("");
    try {
      const res = await api.duplicate(post.id, body);
      const at = res.post.scheduledAt;
      notifyChange(at ? t("calendar.duplicate.done", { when: f.dateTime(at) }) : t("calendar.duplicate.doneUnscheduled"), () => api.undo(res.undoId));
      onDone?.(res.post);
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields[0]?.message ?? e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t("calendar.duplicate.title")} size="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t("calendar.duplicate.intro", { title: post.title || post.body.slice(0, 60) || t("posts.untitled") })}
          </Text>
          <Checkbox.Group label={t("calendar.duplicate.channels")} value={chosen} onChange={setChosen}>
            <Stack gap={6} mt={6}>
              {channels.map((c) => (
                <Checkbox key={c.id} value={c.id} label={<Group gap={6} wrap="nowrap"><NetworkMark network={c.network} label={c.label} /><span>{c.label}</span></Group>} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Radio.Group label={t("calendar.duplicate.when")} value={when} onChange={(v) => setWhen(v as When)}>
            <Stack gap={8} mt={6}>
              <Radio
                value="slot"
                disabled={!slot}
                label={slot ? t("calendar.duplicate.nextSlot", { when: f.dateTime(slot.at) }) : t("calendar.duplicate.noSlot")}
                data-testid="duplicate-next-slot"
              />
              <Radio value="day" label={t("calendar.duplicate.onDay")} />
              {when === "day" && (
                <Group gap="xs" pl={28} wrap="wrap">
                  <TextInput type="date" label={t("posts.date")} value={date} onChange={(e) => setDate(e.currentTarget.value)} w={160} />
                  <TextInput type="time" label={t("posts.time")} value={time} onChange={(e) => setTime(e.currentTarget.value)} w={120} />
                </Group>
              )}
              <Radio value="same" label={post.scheduledAt ? t("calendar.duplicate.same", { when: f.dateTime(post.scheduledAt) }) : t("calendar.duplicate.sameUnscheduled")} />
            </Stack>
          </Radio.Group>
          {error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={busy} disabled={!ready}>
              {t("calendar.duplicate.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
