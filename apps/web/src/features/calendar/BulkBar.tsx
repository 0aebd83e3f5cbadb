import { Button, CloseButton, Group, Menu, NumberInput, Paper, Text, TextInput } from "@mantine/core";
import type { BulkAction, BulkResult } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../lib/notify.ts";
import classes from "./calendar.module.css";
import { usePlanningApi } from "./planning.ts";
import { notifyChange } from "./undo.tsx";

/**
 * What to do with the posts selected on the calendar: move them by some days, put them on one day (each keeps its
 * time), change their status, duplicate one, or delete them; each change can be undone from its notice.
 */
export function BulkBar({ workspaceId, selected, onClear, onDuplicate }: { workspaceId: string; selected: string[]; onClear: () => void; onDuplicate: (postId: string) => void }) {
  const { t } = useTranslation();
  const api = usePlanningApi(workspaceId);
  const [days, setDays] = useState<number | string>(1);
  const [date, setDate] = useState("");
  const [busy, setBusy] = useState(false);
  const run = async (action: BulkAction, done: string) => {
    setBusy(true);
    try {
      const res: BulkResult = await api.bulk({ postIds: selected, action });
      const skipped = res.skipped.length ? ` ${t("calendar.bulk.skipped", { count: res.skipped.length })} ${res.skipped.map((s) => s.message).join(" ")}` : "";
      notifyChange(`${t(done, { count: res.changed.length })}${skipped}`, res.undoId ? () => api.undo(res.undoId!) : null);
      if (action.kind === "delete") onClear();
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  const shift = typeof days === "number" ? days : Number(days);
  return (
    <Paper withBorder shadow="md" p="sm" className={classes.bulkBar} data-testid="bulk-bar" role="region" aria-label={t("calendar.bulk.region")}>
      <Group gap="sm" align="end" wrap="wrap">
        <Group gap={4} wrap="nowrap" mr="auto">
          <CloseButton aria-label={t("calendar.select.clear")} onClick={onClear} />
          <Text fw={600} size="sm" aria-live="polite">
            {t("calendar.select.count", { count: selected.length })}
          </Text>
        </Group>
        <Group gap={4} align="end" wrap="nowrap">
          <NumberInput size="xs" w={88} label={t("calendar.bulk.days")} value={days} onChange={setDays} allowDecimal={false} min={-366} max={366} />
          <Button size="xs" variant="light" loading={busy} disabled={!shift} onClick={() => void run({ kind: "shift", days: shift }, "calendar.bulk.moved")}>
            {t("calendar.bulk.move")}
          </Button>
        </Group>
        <Group gap={4} align="end" wrap="nowrap">
          <TextInput size="xs" type="date" w={150} label={t("calendar.bulk.toDate")} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
          <Button size="xs" variant="light" loading={busy} disabled={!/^\d{4}-\d{2}-\d{2}$/.test(date)} onClick={() => void run({ kind: "reschedule", date }, "calendar.bulk.rescheduled")}>
            {t("calendar.bulk.reschedule")}
          </Button>
        </Group>
        <Menu position="top">
          <Menu.Target>
            <Button size="xs" variant="default" loading={busy}>
              {t("calendar.bulk.status")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(["idea", "draft", "scheduled"] as const).map((s) => (
              <Menu.Item key={s} onClick={() => void run({ kind: "status", status: s }, "calendar.bulk.statusChanged")}>
                {t(`calendar.bulk.status_${s}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        {selected.length === 1 && (
          <Button size="xs" variant="default" onClick={() => onDuplicate(selected[0]!)}>
            {t("calendar.duplicate.button")}
          </Button>
        )}
        <Button size="xs" color="red" variant="light" loading={busy} onClick={() => void run({ kind: "delete" }, "calendar.bulk.deleted")}>
          {t("calendar.bulk.delete")}
        </Button>
      </Group>
    </Paper>
  );
}
