import { Anchor, Button, Card, Group, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { NETWORKS, type Network } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { notifyError } from "../../lib/notify.ts";
import { useStrategyApi } from "../strategy/strategy.ts";

/**
 * The calendar without channels: posts go to channels, so the first one is added right here (network, account,
 * what it is for), with the channels page for everything else. Those who cannot edit are told who can.
 */
export function AddChannelBanner({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const api = useStrategyApi(workspaceId);
  const [network, setNetwork] = useState<Network>("instagram");
  const [handle, setHandle] = useState("");
  const [purpose, setPurpose] = useState("");
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    try {
      await api.create("channel", { network, ...(handle.trim() ? { handle: handle.trim() } : {}), ...(purpose.trim() ? { purpose: purpose.trim() } : {}) });
      notifications.show({ color: "teal", message: t("calendar.noChannels.added") });
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="lg" bg="teal.0" data-testid="calendar-no-channels">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {t("calendar.noChannels.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {canEdit ? t("calendar.noChannels.body") : t("calendar.noChannels.readOnly")}
          </Text>
        </div>
        {canEdit && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void add();
            }}
          >
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Select label={t("strategy.extra.network")} data={NETWORKS.map((n) => ({ value: n, label: t(`networks.${n}`) }))} value={network} onChange={(v) => v && setNetwork(v as Network)} allowDeselect={false} w={{ base: "100%", xs: 170 }} />
              <TextInput label={t("strategy.extra.handle")} placeholder={t("calendar.noChannels.handlePlaceholder")} value={handle} onChange={(e) => setHandle(e.currentTarget.value)} w={{ base: "100%", xs: 200 }} />
              <TextInput label={t("calendar.noChannels.purpose")} placeholder={t("calendar.noChannels.purposePlaceholder")} value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} style={{ flex: 1, minWidth: 200 }} />
              <Button type="submit" loading={busy} data-testid="calendar-add-channel">
                {t("strategy.addRecord.channel")}
              </Button>
            </Group>
          </form>
        )}
        <Anchor component={Link} to={`/w/${workspaceId}/strategy/channels`} size="sm">
          {t("calendar.noChannels.page")}
        </Anchor>
      </Stack>
    </Card>
  );
}
