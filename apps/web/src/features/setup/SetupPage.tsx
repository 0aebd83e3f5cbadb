import { ActionIcon, Button, Card, Checkbox, Group, Progress, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import type { ChannelData, Setup } from "@socialplan/schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, get, post, put } from "../../api/client.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { CardsSkeleton, EmptyState } from "../../components/Skeletons.tsx";
import { useFormat } from "../../lib/format.ts";
import { notifyError } from "../../lib/notify.ts";
import { useStrategy } from "../strategy/strategy.ts";
import { useCurrentWorkspace } from "../workspaces/workspace.ts";

const share = (items: { done: boolean }[]) => (items.length ? Math.round((items.filter((i) => i.done).length / items.length) * 100) : 0);

/** The guide's profile and tool setup checklist, per channel of the strategy, with progress and who did what. */
export function SetupPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentWorkspace();
  const f = useFormat(current.data?.timezone);
  const client = useQueryClient();
  const key = ["setup", current.workspaceId, i18n.language];
  const setup = useQuery({ queryKey: key, queryFn: () => get<Setup>(`/workspaces/${current.workspaceId}/setup`) });
  const strategy = useStrategy(current.workspaceId);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const canEdit = current.can("editor");
  const base = `/workspaces/${current.workspaceId}/setup`;
  const run = async (work: () => Promise<Setup>) => {
    try {
      client.setQueryData(key, await work());
    } catch (e) {
      notifyError(e);
    }
  };
  const channels = setup.data?.channels ?? [];
  const all = channels.flatMap((c) => c.items);
  const channelName = (id: string) => {
    const d = strategy.data?.find((e) => e.id === id)?.data as ChannelData | undefined;
    return [d?.network ? t(`networks.${d.network}`) : "", d?.handle ?? ""].filter(Boolean).join(" ");
  };
  return (
    <Stack gap="lg">
      <PageHeader title={t("setup.title")} intro={t("setup.intro")} />
      {!setup.data ? (
        <CardsSkeleton count={2} lines={6} />
      ) : channels.length === 0 ? (
        <EmptyState title={t("setup.empty.title")} body={t("setup.empty.body")} testId="setup-empty">
          <Button component={Link} to={`/w/${current.workspaceId}/strategy/channels`}>
            {t("strategy.addRecord.channel")}
          </Button>
        </EmptyState>
      ) : (
        <Card withBorder padding="md">
          <Group justify="space-between" mb={6}>
            <Text fw={600}>{t("setup.overall")}</Text>
            <Text fw={700} data-testid="setup-overall">
              {share(all)}%
            </Text>
          </Group>
          <Progress value={share(all)} color={share(all) === 100 ? "teal" : "yellow"} aria-label={t("setup.overall")} />
        </Card>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        {channels.map((c) => (
          <Card key={c.channelId} withBorder padding="lg" data-testid="setup-channel">
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4">
                {channelName(c.channelId) || t("strategy.untitled")}
              </Title>
              <Text size="sm" c="dimmed">
                {c.items.filter((i) => i.done).length}/{c.items.length}
              </Text>
            </Group>
            <Progress value={share(c.items)} size="sm" mb="md" color={share(c.items) === 100 ? "teal" : "yellow"} aria-label={channelName(c.channelId)} />
            <Stack gap="sm">
              {c.items.map((item) => (
                <Group key={item.key ?? item.id} justify="space-between" wrap="nowrap" align="start">
                  <Checkbox
                    checked={item.done}
                    disabled={!canEdit}
                    label={item.label}
                    description={[item.reason, item.done && item.doneAt ? t("setup.doneBy", { name: item.doneBy ?? "—", date: f.date(item.doneAt) }) : ""].filter(Boolean).join(" · ")}
                    onChange={(e) => {
                      const done = e.currentTarget.checked;
                      void run(() => (item.key ? put<Setup>(`${base}/${c.channelId}/standard/${item.key}`, { done }) : api<Setup>("PATCH", `${base}/items/${item.id}`, { done })));
                    }}
                  />
                  {!item.key && canEdit && (
                    <ActionIcon variant="subtle" color="red" aria-label={t("setup.remove")} onClick={() => void run(() => api<Setup>("DELETE", `${base}/items/${item.id}`))}>
                      ×
                    </ActionIcon>
                  )}
                </Group>
              ))}
            </Stack>
            {canEdit && (
              <Group mt="md" gap="xs">
                <TextInput aria-label={t("setup.addLabel")} placeholder={t("setup.addLabel")} value={drafts[c.channelId] ?? ""} onChange={(e) => setDrafts({ ...drafts, [c.channelId]: e.currentTarget.value })} style={{ flex: 1 }} />
                <Button
                  variant="light"
                  disabled={!(drafts[c.channelId] ?? "").trim()}
                  onClick={() => {
                    const label = drafts[c.channelId]!.trim();
                    setDrafts({ ...drafts, [c.channelId]: "" });
                    void run(() => post<Setup>(`${base}/${c.channelId}/items`, { label }));
                  }}
                >
                  {t("setup.add")}
                </Button>
              </Group>
            )}
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
