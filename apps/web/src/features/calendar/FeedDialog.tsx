import { Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, post } from "../../api/client.ts";
import { notifyError } from "../../lib/notify.ts";

/** The private iCalendar address Google or Apple Calendar subscribes to; shown once, replaced or turned off here. */
export function FeedDialog({ workspaceId, canManage, onClose }: { workspaceId: string; canManage: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [off, setOff] = useState(false);
  const run = async (work: () => Promise<{ url: string | null }>) => {
    try {
      const r = await work();
      setUrl(r.url);
      setOff(r.url === null);
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t("feed.title")}>
      <Stack>
        <Text size="sm">{t("feed.intro")}</Text>
        {url && (
          <Group gap="xs" align="end">
            <TextInput readOnly value={url} style={{ flex: 1 }} aria-label={t("feed.address")} data-testid="feed-url" />
            <CopyButton value={url}>{({ copied, copy }) => <Button onClick={copy}>{copied ? t("common.copied") : t("common.copy")}</Button>}</CopyButton>
          </Group>
        )}
        {off && <Text size="sm" c="dimmed">{t("feed.revoked")}</Text>}
        {canManage ? (
          <Group>
            <Button onClick={() => void run(() => post(`/workspaces/${workspaceId}/calendar-feed`))}>{t("feed.create")}</Button>
            <Button variant="subtle" color="red" onClick={() => void run(() => api("DELETE", `/workspaces/${workspaceId}/calendar-feed`))}>
              {t("feed.revoke")}
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">{t("feed.adminsOnly")}</Text>
        )}
      </Stack>
    </Modal>
  );
}
