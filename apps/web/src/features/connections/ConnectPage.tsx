import { Alert, Avatar, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { CardsSkeleton } from "../../components/Skeletons.tsx";
import { NetworkMark } from "../calendar/NetworkMark.tsx";
import { useSignIn } from "../calendar/OauthConnect.tsx";
import { channelOptions } from "../calendar/PostEditor.tsx";
import { useConnections } from "../calendar/posts.ts";
import { useStrategy } from "../strategy/strategy.ts";
import { accountLine, accountsPath, keyText, networkOfKind, useOauthApi, usePending, type OauthPending } from "./oauth.ts";

/**
 * Where the network's sign-in lands (`/w/<workspace>/connect/<id>`): the member picks which Page or Instagram account
 * the channel posts to, or sees the account connected (when the sign-in gave only one), or why it did not work and
 * what to do. Each ends with the way back to the calendar's accounts panel, where they started.
 */
export function ConnectPage() {
  const { t } = useTranslation();
  const { workspaceId = "", pendingId = "" } = useParams();
  const pending = usePending(workspaceId, pendingId);
  const strategy = useStrategy(workspaceId);
  const connections = useConnections(workspaceId);
  const oauth = useOauthApi(workspaceId);
  const [picking, setPicking] = useState<string | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const p = pending.data;
  const channel = p ? channelOptions(strategy.data, t).find((c) => c.id === p.channelId) : undefined;
  const network = p ? networkOfKind(p.kind) : null;
  const networkName = network ? t(`networks.${network}`) : "";
  const connected = p?.connectionId ? (connections.data?.find((c) => c.id === p.connectionId) ?? null) : null;

  const pick = async (accountId: string) => {
    if (!p) return;
    setPicking(accountId);
    setPickError(null);
    try {
      await oauth.pick(p.id, accountId);
    } catch (e) {
      setPickError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setPicking(null);
    }
  };

  const back = (
    <Button component={Link} to={accountsPath(workspaceId)} variant={connected ? "filled" : "default"} data-testid="connect-back">
      {t("connect.back")}
    </Button>
  );

  let body;
  if (pending.isPending) body = <CardsSkeleton count={2} cols={1} lines={2} />;
  else if (pending.error || !p) body = <Problem title={t("connect.goneTitle")} text={pending.error instanceof ApiError && pending.error.status !== 404 && pending.error.status !== 400 ? pending.error.message : t("connect.gone")} action={back} />;
  else if (connected || p.connectionId) {
    const config = (connected?.config ?? {}) as { username?: string; name?: string; pictureUrl?: string };
    // A handle where the network has one; a Business Profile location or a LinkedIn profile by its name.
    const line = accountLine(p.kind, { id: "", username: config.username ?? null });
    const who = p.kind !== "google_business" && p.kind !== "linkedin" && line.sub ? line.sub : (config.name ?? connected?.label ?? "");
    body = (
      <Card withBorder padding="lg" data-testid="connect-done">
        <Stack gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Avatar alt="" radius="xl" size={48}>
              {who.replace(/^@/, "").slice(0, 1).toUpperCase()}
            </Avatar>
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Title order={2} size="h4">
                <Text span c="teal.9" aria-hidden>
                  ✓{" "}
                </Text>
                {t("connect.connectedAs", { who })}
              </Title>
              {config.name && config.username && (
                <Text size="sm" c="dimmed" truncate>
                  {p.kind === "google_business" || p.kind === "linkedin" ? line.sub : config.name}
                </Text>
              )}
            </Stack>
          </Group>
          <Text size="sm">{t("connect.doneBody", { network: networkName, channel: channel?.label ?? networkName })}</Text>
          <Group>{back}</Group>
        </Stack>
      </Card>
    );
  } else if (p.error) {
    body = <Problem title={t("connect.errorTitle", { network: networkName })} text={keyText(t, "oauthErrors", p.error, "connect.errorGeneric")} action={<Group>{back}<Retry workspaceId={workspaceId} pending={p} /></Group>} />;
  } else if (new Date(p.expiresAt).getTime() < Date.now()) {
    body = <Problem title={t("connect.goneTitle")} text={t("connect.expired")} action={<Group>{back}<Retry workspaceId={workspaceId} pending={p} /></Group>} />;
  } else if (!p.accounts.length) {
    body = <Problem title={t("connect.noAccountsTitle")} text={t(`connect.noAccounts_${p.kind}`)} action={<Group>{back}<Retry workspaceId={workspaceId} pending={p} /></Group>} />;
  } else {
    body = (
      <Stack gap="sm" data-testid="connect-pick">
        <Title order={2} size="h4">
          {t(`connect.pickTitle_${p.kind}`)}
        </Title>
        <Text size="sm" c="dimmed">
          {t("connect.pickHint", { channel: channel?.label ?? networkName })}
        </Text>
        {p.accounts.map((a) => {
          const line = accountLine(p.kind, a);
          return (
          <Card key={a.id} withBorder padding="sm" data-testid="connect-account" data-role={line.role ?? undefined}>
            <Group justify="space-between" gap="sm">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: "1 1 12rem" }}>
                <Avatar alt="" radius="xl" size={40}>
                  {a.name.slice(0, 1).toUpperCase()}
                </Avatar>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                    <Text fw={600} truncate>
                      {a.name}
                    </Text>
                    {line.role && (
                      <Badge size="xs" variant="light" color={line.role === "page" ? "blue" : "gray"} style={{ flex: "none" }}>
                        {t(`connect.role_${line.role}`)}
                      </Badge>
                    )}
                  </Group>
                  {line.sub && (
                    <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }} lineClamp={2}>
                      {line.sub}
                    </Text>
                  )}
                </Stack>
              </Group>
              <Button size="xs" loading={picking === a.id} disabled={!!picking && picking !== a.id} onClick={() => void pick(a.id)} aria-label={t("connect.use", { name: line.sub ? `${a.name} (${line.sub})` : a.name })} style={{ flex: "none" }} data-testid="connect-use">
                {t("connect.useShort")}
              </Button>
            </Group>
          </Card>
          );
        })}
        {pickError && (
          <Alert color="red" data-testid="connect-pick-error">
            {pickError}
          </Alert>
        )}
        <Group>{back}</Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md" maw={640}>
      <PageHeader title={network ? t("connect.title", { network: networkName }) : t("connect.titleAny")} aside={network && channel ? <NetworkMark network={network} label={channel.label} size={22} /> : undefined} />
      {body}
    </Stack>
  );
}

function Problem({ title, text, action }: { title: string; text: string; action: ReactNode }) {
  return (
    <Alert color="orange" title={title} data-testid="connect-problem">
      <Stack gap="sm">
        <Text size="sm">{text}</Text>
        {action}
      </Stack>
    </Alert>
  );
}

/** Starts the same sign-in again (same channel, same way of signing in). */
function Retry({ workspaceId, pending }: { workspaceId: string; pending: OauthPending }) {
  const { t } = useTranslation();
  const signIn = useSignIn(workspaceId);
  return (
    <Stack gap={4}>
      <Button loading={!!signIn.busy} onClick={() => void signIn.go("retry", { kind: pending.kind, channelId: pending.channelId })}>
        {t("connect.retry")}
      </Button>
      {signIn.error && (
        <Text size="sm" c="red">
          {signIn.error.message}
        </Text>
      )}
    </Stack>
  );
}
