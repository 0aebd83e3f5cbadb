import { Alert, Anchor, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../lib/format.ts";
import { isOauthKind, nearLimit, networkOfKind } from "../connections/oauth.ts";
import type { ChannelOption } from "./PostEditor.tsx";
import { useConnections } from "./posts.ts";

/**
 * Above the calendar, when a network's posting quota is nearly used up (80 % or more of Instagram's 100 posts a day)
 * or the network asked Socialplan to wait (rate limit): which channel, and what it means for the posts planned
 * there. Said in words and with a sign, never by colour alone.
 */
export function QuotaNotice({ workspaceId, zone, channels, onOpen }: { workspaceId: string; zone: string; channels: ChannelOption[]; onOpen: () => void }) {
  const { t } = useTranslation();
  const f = useFormat(zone);
  const connections = useConnections(workspaceId);
  const now = Date.now();
  const close = (connections.data ?? []).filter((c) => isOauthKind(c.kind) && nearLimit(c, now));
  if (!close.length) return null;
  const today = f.date(new Date(now).toISOString());
  return (
    <Alert color="yellow" variant="light" icon={<span aria-hidden>⚠</span>} title={t("oauth.limitTitle")} data-testid="quota-notice">
      <Stack gap={4}>
        {close.map((c) => {
          const network = t(`networks.${isOauthKind(c.kind) ? networkOfKind(c.kind) : "other"}`);
          const channel = channels.find((x) => x.id === c.channelId)?.label ?? c.label;
          const hold = c.holdUntil && new Date(c.holdUntil).getTime() > now ? c.holdUntil : null;
          return (
            <Text key={c.id} size="sm">
              {hold
                ? t("oauth.limitHold", { channel, network, time: f.date(hold) === today ? f.time(hold) : f.dateTime(hold) })
                : t("oauth.limitQuota", { channel, network, used: f.number(c.quota!.used), limit: f.number(c.quota!.limit), hours: c.quota!.windowHours })}
            </Text>
          );
        })}
        <Anchor component="button" type="button" size="sm" ta="left" onClick={onOpen}>
          {t("oauth.limitOpen")}
        </Anchor>
      </Stack>
    </Alert>
  );
}
