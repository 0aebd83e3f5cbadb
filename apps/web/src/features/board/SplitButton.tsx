import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { notifyError } from "../../lib/notify.ts";
import { useBoardApi } from "./board.ts";

/** Splits an initiative into board cards in one step: one task per line. */
export function SplitButton({ workspaceId, initiativeId }: { workspaceId: string; initiativeId: string }) {
  const { t } = useTranslation();
  const api = useBoardApi(workspaceId);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const titles = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const create = async () => {
    try {
      await api.split(initiativeId, titles);
      notifications.show({ color: "teal", message: t("board.split.done", { count: titles.length }) });
      setOpen(false);
      setText("");
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)} w="fit-content">
        {t("board.split.button")}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("board.split.title")}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t("board.split.help")}
          </Text>
          <Textarea value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={4} data-autofocus aria-label={t("board.split.title")} />
          <Group justify="flex-end">
            <Button onClick={() => void create()} disabled={titles.length === 0}>
              {t("board.split.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
