import { ActionIcon, Alert, Anchor, Badge, Button, Card, Code, CopyButton, Group, List, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import type { OauthProvider } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import i18n from "../../i18n/index.ts";
import { ApiError } from "../../api/client.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ImportArchiveCard } from "../archive/ImportArchiveCard.tsx";
import { CardsSkeleton, EmptyState } from "../../components/Skeletons.tsx";
import { useFormat } from "../../lib/format.ts";
import { useMe } from "../auth/session.ts";
import { AppUrlWarningText } from "../calendar/OauthConnect.tsx";
import { useOauthAppApi, useOauthApps, type OauthApps } from "../connections/oauth.ts";

/** Where the operator makes each provider's developer app. */
const CONSOLES: Record<OauthProvider, string> = {
  meta: "https://developers.facebook.com/apps/",
  instagram: "https://developers.facebook.com/apps/",
  threads: "https://developers.facebook.com/apps/",
  linkedin: "https://www.linkedin.com/developers/apps",
  x: "https://console.x.com/",
  google: "https://console.cloud.google.com/apis/credentials",
  tiktok: "https://developers.tiktok.com/apps/",
  pinterest: "https://developers.pinterest.com/apps/",
};

/** Meta's three apps share one README section; every other provider has its own. */
const META_PROVIDERS: OauthProvider[] = ["meta", "instagram", "threads"];

/**
 * Instance settings (instance admins only): the developer app of each network Socialplan signs in with — whether it
 * is set, the redirect URL and the permissions to enter at the network, and its app ID and secret. The secret is
 * write-only: once saved it is never shown again, only replaced. Apps set by environment variables are read-only here
 * (the variables are named). Warns when APP_URL is not public, since the networks fetch every image from it.
 */
export function InstanceSettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = me.data?.instanceAdmin === true;
  const apps = useOauthApps(admin);
  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader title={t("instance.title")} intro={t("instance.intro")} />
      {!admin ? (
        <EmptyState title={t("instance.notAdminTitle")} body={t("instance.notAdminBody")} testId="instance-not-admin" />
      ) : apps.isPending ? (
        <CardsSkeleton count={3} cols={1} lines={5} />
      ) : apps.error || !apps.data ? (
        <Alert color="red">{apps.error instanceof ApiError ? apps.error.message : t("errors.unknown")}</Alert>
      ) : (
        <>
          <AppUrlCard appUrl={apps.data.appUrl} />
          <Stack gap={4}>
            <Title order={2} size="h3">
              {t("instance.appsTitle")}
            </Title>
            <Text size="sm" c="dimmed">
              {t("instance.appsIntro")}
            </Text>
          </Stack>
          {/* Eight networks make a long page: a line of them first, each with whether it is set up, to jump to. */}
          <Group gap={6} component="nav" aria-label={t("instance.appsTitle")} data-testid="oauth-app-index">
            {apps.data.apps.map((app) => (
              <Anchor key={app.provider} href={`#oauth-app-${app.provider}`} underline="never" maw="100%" aria-label={`${t(`instance.provider_${app.provider}`)}: ${app.configured ? t("instance.configured") : t("instance.notConfigured")}`}>
                <Badge variant="light" color={app.configured ? "teal" : "gray"} tt="none" size="lg" maw="100%" leftSection={<span aria-hidden>{app.configured ? "✓" : "○"}</span>} style={{ cursor: "pointer" }}>
                  {t(`instance.provider_${app.provider}`)}
                </Badge>
              </Anchor>
            ))}
          </Group>
          {apps.data.apps.map((app) => (
            <ProviderCard key={app.provider} app={app} />
          ))}
          <ImportArchiveCard />
        </>
      )}
    </Stack>
  );
}

function AppUrlCard({ appUrl }: { appUrl: OauthApps["appUrl"] }) {
  const { t } = useTranslation();
  if (appUrl.publiclyReachable)
    return (
      <Alert color="teal" title={t("instance.appUrlOkTitle")} data-testid="app-url-ok">
        <Text size="sm">{t("instance.appUrlOk", { appUrl: appUrl.appUrl })}</Text>
      </Alert>
    );
  return (
    <Alert color="orange" title={t("instance.appUrlBadTitle")} data-testid="app-url-warning">
      <AppUrlWarningText appUrl={appUrl} />
    </Alert>
  );
}

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      data-testid={testId}
      onFocus={(e) => e.currentTarget.select()}
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t("common.copied") : t("common.copy")} withArrow>
              <ActionIcon variant="subtle" color={copied ? "teal" : "gray"} onClick={copy} aria-label={t("instance.copyLabel", { label })}>
                <CopyIcon copied={copied} />
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

function ProviderCard({ app }: { app: OauthApps["apps"][number] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const api = useOauthAppApi();
  const fromEnv = app.source === "environment";
  const [clientId, setClientId] = useState(app.clientId ?? "");
  const [secret, setSecret] = useState("");
  const [replacing, setReplacing] = useState(!app.configured);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<{ clientId?: string; clientSecret?: string; form?: string }>({});
  const name = t(`instance.provider_${app.provider}`);
  const env = ENV[app.provider];
  // Each network names the two values its own way (TikTok: client key; Pinterest: app secret key).
  const idLabel = i18n.exists(`instance.clientId_${app.provider}`) ? t(`instance.clientId_${app.provider}`) : t("instance.clientId");
  const secretLabel = i18n.exists(`instance.clientSecret_${app.provider}`) ? t(`instance.clientSecret_${app.provider}`) : t("instance.clientSecret");
  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      await api.save(app.provider, { clientId: clientId.trim(), clientSecret: secret.trim() });
      setSecret("");
      setReplacing(false);
      notifications.show({ color: "teal", message: t("instance.savedToast", { provider: name }) });
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((x) => [x.field.replace(/^body\./, ""), x.message])));
      else setErrors({ form: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setSaving(false);
    }
  };
  const remove = () =>
    modals.openConfirmModal({
      title: t("instance.removeTitle", { provider: name }),
      children: <Text size="sm">{t("instance.removeBody", { provider: name })}</Text>,
      labels: { confirm: t("instance.remove"), cancel: t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () =>
        void api.remove(app.provider).then(
          () => {
            setClientId("");
            setReplacing(true);
          },
          (e: unknown) => setErrors({ form: e instanceof ApiError ? e.message : String(e) }),
        ),
    });
  return (
    <Card withBorder padding="lg" data-testid={`oauth-app-${app.provider}`} id={`oauth-app-${app.provider}`} style={{ scrollMarginTop: 72 }}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2} style={{ flex: 1, minWidth: 200 }}>
            <Title order={3} size="h4">
              {name}
            </Title>
            <Text size="sm" c="dimmed">
              {t(`instance.gives_${app.provider}`)}
            </Text>
          </Stack>
          {app.configured ? (
            <Badge color="teal" variant="light" leftSection={<span aria-hidden>✓</span>} data-testid="oauth-app-status">
              {fromEnv ? t("instance.setByEnv") : t("instance.configured")}
            </Badge>
          ) : (
            <Badge color="gray" variant="light" leftSection={<span aria-hidden>○</span>} data-testid="oauth-app-status">
              {t("instance.notConfigured")}
            </Badge>
          )}
        </Group>

        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl" verticalSpacing="md">
          <Stack gap="md">
            <List type="ordered" size="sm" spacing={4}>
              {(t(`instance.steps_${app.provider}`, { returnObjects: true }) as string[]).map((step, i) => (
                <List.Item key={i}>{step}</List.Item>
              ))}
            </List>
            <Text size="sm">
              <Anchor href={CONSOLES[app.provider]} target="_blank" rel="noreferrer" data-testid="oauth-app-console">
                {t("instance.openConsoleAt", { console: t(`instance.console_${app.provider}`) })}
              </Anchor>
              {" · "}
              {META_PROVIDERS.includes(app.provider) ? t("instance.readmeHint") : t("instance.readmeHintAny", { provider: name })}
            </Text>

            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t("instance.scopes")}
              </Text>
              <Group gap={6}>
                {app.scopes.map((s) => (
                  // Google's scopes are whole URLs: they wrap rather than widen a phone's screen.
                  <Code key={s} style={{ overflowWrap: "anywhere", maxWidth: "100%" }}>
                    {s}
                  </Code>
                ))}
              </Group>
            </Stack>
          </Stack>
          <Stack gap="md">
            <CopyField label={t("instance.redirectUrl")} value={app.redirectUrl} testId="redirect-url" />
            {fromEnv ? (
              <Alert color="blue" variant="light" data-testid="oauth-app-env">
                <Text size="sm">{t("instance.envBody", { id: env.id, secret: env.secret })}</Text>
                {app.clientId && <Text size="sm">{t("instance.envClientId", { clientId: app.clientId })}</Text>}
              </Alert>
            ) : (
              <Stack gap="sm">
                {app.configured && !replacing ? (
                  <Stack gap={6} data-testid="secret-saved">
                    <Text size="sm">
                      <Text span fw={500}>
                        {idLabel}:
                      </Text>{" "}
                      <Code style={{ overflowWrap: "anywhere" }}>{app.clientId}</Code>
                    </Text>
                    <Text size="sm">
                      <Text span fw={500}>
                        {secretLabel}:
                      </Text>{" "}
                      {app.updatedAt ? t("instance.secretSavedOn", { date: f.date(app.updatedAt) }) : t("instance.secretSaved")}
                    </Text>
                  </Stack>
                ) : (
                  <>
                    <TextInput label={idLabel} description={t(`instance.clientIdHint_${app.provider}`)} value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} error={errors.clientId} autoComplete="off" data-testid="client-id" />
                    <PasswordInput label={secretLabel} description={t("instance.clientSecretHint")} value={secret} onChange={(e) => setSecret(e.currentTarget.value)} error={errors.clientSecret} autoComplete="new-password" data-testid="client-secret" />
                  </>
                )}
                {!(app.configured && !replacing) && (
                  <Text size="xs" c="dimmed" data-testid="oauth-app-env-names">
                    {t("instance.envNames", { id: env.id, secret: env.secret })}
                  </Text>
                )}
                {errors.form && <Text size="sm" c="red">{errors.form}</Text>}
                <Group gap="sm">
                  {app.configured && !replacing ? (
                    <Button variant="default" onClick={() => setReplacing(true)} data-testid="replace-oauth-app">
                      {t("instance.replace")}
                    </Button>
                  ) : (
                    <Button onClick={() => void save()} loading={saving} disabled={!clientId.trim() || !secret.trim()} data-testid="save-oauth-app">
                      {t("common.save")}
                    </Button>
                  )}
                  {app.configured && replacing && (
                    <Button variant="subtle" onClick={() => (setReplacing(false), setSecret(""), setClientId(app.clientId ?? ""))}>
                      {t("common.cancel")}
                    </Button>
                  )}
                  {app.configured && (
                    <Button variant="subtle" color="red" onClick={remove}>
                      {t("instance.remove")}
                    </Button>
                  )}
                </Group>
              </Stack>
            )}
          </Stack>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

/** The environment variables that set each provider's app (the server's PROVIDERS[...].env). */
const ENV: Record<OauthProvider, { id: string; secret: string }> = {
  meta: { id: "META_APP_ID", secret: "META_APP_SECRET" },
  instagram: { id: "INSTAGRAM_APP_ID", secret: "INSTAGRAM_APP_SECRET" },
  threads: { id: "THREADS_APP_ID", secret: "THREADS_APP_SECRET" },
  linkedin: { id: "LINKEDIN_CLIENT_ID", secret: "LINKEDIN_CLIENT_SECRET" },
  x: { id: "X_CLIENT_ID", secret: "X_CLIENT_SECRET" },
  google: { id: "GOOGLE_CLIENT_ID", secret: "GOOGLE_CLIENT_SECRET" },
  tiktok: { id: "TIKTOK_CLIENT_KEY", secret: "TIKTOK_CLIENT_SECRET" },
  pinterest: { id: "PINTEREST_APP_ID", secret: "PINTEREST_APP_SECRET" },
};

function CopyIcon({ copied }: { copied: boolean }) {
  return (
    <svg width={16} height={16} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      {copied ? <path d="M5 12l5 5L20 7" /> : <path d="M9 9h10v10H9zM5 15V5h10" />}
    </svg>
  );
}
