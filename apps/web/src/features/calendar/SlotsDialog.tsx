import { Button, Card, Chip, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import type { Slot } from "@socialplan/schema";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../lib/notify.ts";
import { gridToSlots, parseTimes, slotsToGrid } from "./calendar-logic.ts";
import { NetworkMark } from "./NetworkMark.tsx";
import { usePlanningApi, useSlots } from "./planning.ts";
import type { ChannelOption } from "./PostEditor.tsx";
import { notifyChange } from "./undo.tsx";

const PRESETS: { key: string; days: number[] }[] = [
  { key: "mwf", days: [1, 3, 5] },
  { key: "tt", days: [2, 4] },
  { key: "weekdays", days: [1, 2, 3, 4, 5] },
  { key: "daily", days: [1, 2, 3, 4, 5, 6, 7] },
];

interface Row {
  weekdays: number[];
  times: string;
}

/** Short weekday names in the user's language, Monday first (1 January 2024 was a Monday). */
function weekdayNames(locale: string): string[] {
  const fmt = new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" });
  return [1, 2, 3, 4, 5, 6, 7].map((d) => fmt.format(new Date(Date.UTC(2024, 0, d))));
}

/**
 * Posting slots per channel: the weekdays and the times it posts (in the workspace's zone). "Next free slot" and
 * the queue fill them; a channel without slots has no queue.
 */
export function SlotsDialog({ workspaceId, zone, channels, onClose }: { workspaceId: string; zone: string; channels: ChannelOption[]; onClose: () => void }) {
  const { t } = useTranslation();
  const slots = useSlots(workspaceId);
  const api = usePlanningApi(workspaceId);
  const names = useMemo(() => weekdayNames(t("intlLocale")), [t]);
  const saved = useMemo(() => new Map((slots.data ?? []).map((c) => [c.channelId, c.slots])), [slots.data]);
  const [edits, setEdits] = useState<Record<string, Row>>({});
  const [busy, setBusy] = useState(false);
  const rowOf = (id: string): Row => {
    if (edits[id]) return edits[id];
    const grid = slotsToGrid(saved.get(id) ?? []);
    return { weekdays: grid.weekdays, times: grid.times.join(", ") || "09:00" };
  };
  const slotsOf = (row: Row): Slot[] | null => {
    const times = parseTimes(row.times);
    return times ? gridToSlots(row.weekdays, times) : null;
  };
  const set = (id: string, patch: Partial<Row>) => setEdits((e) => ({ ...e, [id]: { ...rowOf(id), ...patch } }));
  const invalid = Object.keys(edits).some((id) => !slotsOf(edits[id]!));

  const save = async () => {
    setBusy(true);
    try {
      let count = 0;
      for (const [id, row] of Object.entries(edits)) {
        await api.putSlots(id, slotsOf(row)!);
        count++;
      }
      if (count) notifyChange(t("calendar.slots.saved", { count }), null);
      onClose();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t("calendar.slots.title")} size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("calendar.slots.intro", { zone })}
        </Text>
        {channels.map((c) => {
          const row = rowOf(c.id);
          const parsed = slotsOf(row);
          return (
            <Card key={c.id} withBorder padding="sm" data-testid="slots-channel" data-channel={c.label}>
              <Stack gap={8}>
                <Group justify="space-between" gap="xs">
                  <Group gap={6} wrap="nowrap">
                    <NetworkMark network={c.network} label={c.label} size={18} />
                    <Text fw={600}>{c.label}</Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {parsed ? t("calendar.slots.perWeek", { count: parsed.length }) : ""}
                  </Text>
                </Group>
                <Group gap={4} wrap="wrap" role="group" aria-label={t("calendar.slots.presets", { channel: c.label })}>
                  {PRESETS.map((p) => (
                    <Button key={p.key} size="compact-xs" variant={p.days.join() === row.weekdays.join() ? "filled" : "default"} onClick={() => set(c.id, { weekdays: p.days })}>
                      {t(`calendar.slots.preset_${p.key}`)}
                    </Button>
                  ))}
                </Group>
                <Chip.Group multiple value={row.weekdays.map(String)} onChange={(v) => set(c.id, { weekdays: v.map(Number).sort((a, b) => a - b) })}>
                  <Group gap={4} wrap="wrap" role="group" aria-label={t("calendar.slots.weekdays", { channel: c.label })}>
                    {names.map((name, i) => (
                      <Chip key={i} value={String(i + 1)} size="xs">
                        {name}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
                <TextInput
                  size="xs"
                  label={t("calendar.slots.times", { channel: c.label })}
                  description={t("calendar.slots.timesHint")}
                  value={row.times}
                  onChange={(e) => set(c.id, { times: e.currentTarget.value })}
                  error={parsed ? undefined : t("calendar.slots.badTimes")}
                  maw={260}
                />
              </Stack>
            </Card>
          );
        })}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button loading={busy} disabled={invalid || Object.keys(edits).length === 0} onClick={() => void save()}>
            {t("calendar.slots.save")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
