import { Button, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { UndoResult } from "@socialplan/schema";
import i18n from "../../i18n/index.ts";
import { notifyError } from "../../lib/notify.ts";

const ID = "calendar-undo";

/**
 * Says what a change did, with "Undo" for the last change (a newer change replaces the notice, as the server keeps
 * only a member's last change to undo). Mantine's notifications are announced to screen readers (role="alert").
 */
export function notifyChange(message: string, undo: (() => Promise<UndoResult | void>) | null) {
  const t = i18n.t.bind(i18n);
  notifications.hide(ID);
  notifications.show({
    id: ID,
    color: "teal",
    autoClose: undo ? 12_000 : 5_000,
    message: (
      <Group gap="sm" justify="space-between" wrap="nowrap" data-testid="undo-notice">
        <Text size="sm">{message}</Text>
        {undo && (
          <Button
            size="compact-sm"
            variant="light"
            onClick={async () => {
              notifications.hide(ID);
              try {
                const res = await undo();
                const skipped = res?.skipped ?? [];
                notifications.show({
                  color: skipped.length ? "orange" : "teal",
                  message: skipped.length ? `${t("calendar.undo.done")} ${t("calendar.undo.skipped", { count: skipped.length })} ${skipped.map((s) => s.message).join(" ")}` : t("calendar.undo.done"),
                });
              } catch (e) {
                notifyError(e);
              }
            }}
          >
            {t("calendar.undo.button")}
          </Button>
        )}
      </Group>
    ),
  });
}
