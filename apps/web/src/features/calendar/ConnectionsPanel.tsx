import { Alert, Anchor, Badge, Button, Card, Drawer, Group, List, PasswordInput, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import type { Workspace } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { isOauthKind, oauthKindsFor, pastedKindsFor } from "../connections/oauth.ts";
import { NetworkMark } from "./NetworkMark.tsx";
import { OauthConnectButtons, OauthConnectionDetails } from "./OauthConnect.tsx";
import { StatusIcon } from "./StatusBadge.tsx";
import type { ChannelOption } from "./PostEditor.tsx";
import { useConnectionApi, useConnections } from "./posts.ts";

interface Form {
  kind: "webhook" | "bluesky" | "wordpress" | "mastodon" | "telegram";
  url: string;
  /** Telegram: the channel's @username or chat id. */
  chat: string;
  service: string;
  handle: string;
  username: string;
  secret: string;
}
const EMPTY: Omit<Form, "kind"> = { url: "", chat: "", service: "https://bsky.social", handle: "", username: "", secret: "" };
const SECRET_FIELD: Record<string, string> = { webhook: "signingSecret", bluesky: "appPassword", wordpress: "applicationPassword", mastodon: "accessToken", telegram: "botToken" };
/** A list of steps (an array in the messages; while the messages load, nothing). */
const TELEGRAM_STEPS = "connections.telegramSteps";
const NEW_SECRET_LABEL: Record<string, string> = { webhook: "connections.newSecret", telegram: "connections.newBotToken" };

/**
 * How each channel publishes: through a connected account (signed in with Instagram, Facebook or Threads; Bluesky,
 * Mastodon, a WordPress site, or a webhook to the owner's own automation), or by reminder (the responsible member is told at the time and confirms with the post's
 * link). Each channel is offered only the connections that fit its network; networks with none say plainly that
 * they publish by reminder. Admins connect accounts; a paused account is resumed or given new credentials here.
 */
export function ConnectionsPanel({ workspace, channels, canManage, onClose }: { workspace: Workspace; channels: ChannelOption[]; canManage: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const connections = useConnections(workspace.id);
  const api = useConnectionApi(workspace.id);
  const [forms, setForms] = useState<Record<string, Form>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The server's answer by field (`config.chat`, `secret.botToken`), shown on the field it names.
  const [fieldErrors, setFieldErrors] = useState<Record<string, Record<string, string>>>({});
  const [advanced, setAdvanced] = useState<Record<string, boolean>>({});
  const run = async (key: string, work: () => Promise<void>) => {
    setErrors((e) => ({ ...e, [key]: "" }));
    setFieldErrors((e) => ({ ...e, [key]: {} }));
    try {
      await work();
      setForms((f) => ({ ...f, [key]: { ...EMPTY, kind: f[key]?.kind ?? "webhook" } }));
    } catch (e) {
      const fields = e instanceof ApiError ? Object.fromEntries(e.fields.map((x) => [x.field.replace(/^body\./, ""), x.message])) : {};
      setFieldErrors((x) => ({ ...x, [key]: fields }));
      const named = forms[key]?.kind === "telegram" && (fields["config.chat"] || fields["secret.botToken"]);
      setErrors((x) => ({ ...x, [key]: named ? "" : e instanceof ApiError ? (e.fields[0]?.message ?? e.message) : String(e) }));
    }
  };
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={t("connections.title")}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("connections.intro")}
        </Text>
        {channels.length === 0 && <Text c="dimmed">{t("posts.noChannels")}</Text>}
        {channels.map((c) => {
          const conn = connections.data?.find((x) => x.channelId === c.id);
          const kinds = pastedKindsFor(c.network);
          const signIns = oauthKindsFor(c.network);
          // Webhooks to the owner's own automation (Zapier, Make, n8n) fit any network, offered apart where it has none of its own.
          const offered = kinds.length ? kinds : advanced[c.id] ? (["webhook"] as const) : [];
          const form = forms[c.id] ?? { ...EMPTY, kind: kinds[0] ?? "webhook" };
          const setForm = (patch: Partial<Form>) => setForms((f) => ({ ...f, [c.id]: { ...form, ...patch } }));
          return (
            <Card key={c.id} withBorder padding="sm" data-testid="connection">
              <Group justify="space-between" mb={4}>
                <Group gap={6} wrap="nowrap">
                  <NetworkMark network={c.network} label={c.label} size={18} />
                  <Text fw={600}>{c.label}</Text>
                </Group>
                {conn ? (
                  <Badge color={conn.status === "active" ? "teal" : "orange"} data-testid="publish-mode" leftSection={<StatusIcon status={conn.status === "active" ? "approved" : "needs_attention"} size={12} />}>
                    {t(`connections.status_${conn.status}`)}
                  </Badge>
                ) : (
                  <Badge color="grape" variant="light" data-testid="publish-mode" leftSection={<StatusIcon status="scheduled" size={12} />}>
                    {t("connections.reminder")}
                  </Badge>
                )}
              </Group>
              {conn && isOauthKind(conn.kind) ? (
                <OauthConnectionDetails workspace={workspace} conn={{ ...conn, kind: conn.kind }} canManage={canManage} />
              ) : conn ? (
                <Stack gap={6}>
                  <Text size="sm">{t("connections.via", { kind: t(`connections.kind_${conn.kind}`), label: conn.label })}</Text>
                  {conn.status === "paused" && (
                    <Alert color="orange" title={t("connections.pausedTitle")}>
                      {conn.statusReason}
                    </Alert>
                  )}
                  {canManage && (
                    <Group gap="xs" align="end">
                      {conn.status === "paused" && (
                        <Button size="xs" onClick={() => void run(c.id, () => api.resume(conn.id))}>
                          {t("connections.resume")}
                        </Button>
                      )}
                      <PasswordInput size="xs" placeholder={t(NEW_SECRET_LABEL[conn.kind] ?? "connections.newAppPassword")} aria-label={t(NEW_SECRET_LABEL[conn.kind] ?? "connections.newAppPassword")} data-testid="connection-new-secret" value={form.secret} onChange={(e) => setForm({ secret: e.currentTarget.value })} />
                      <Button size="xs" variant="light" disabled={!form.secret} onClick={() => void run(c.id, () => api.reconnect(conn.id, { [SECRET_FIELD[conn.kind] ?? "signingSecret"]: form.secret }))}>
                        {t("connections.reconnect")}
                      </Button>
                      <Button size="xs" variant="subtle" color="red" onClick={() => void run(c.id, () => api.remove(conn.id))}>
                        {t("connections.disconnect")}
                      </Button>
                    </Group>
                  )}
                </Stack>
              ) : signIns.length ? (
                <Stack gap={6}>
                  <Text size="sm" c="dimmed" data-testid="reminder-help">
                    {t(canManage ? "oauth.reminderUntil" : "oauth.reminderUntilAskAdmin", { network: t(`networks.${c.network}`) })}
                  </Text>
                  {canManage && <OauthConnectButtons workspaceId={workspace.id} channelId={c.id} kinds={signIns} />}
                </Stack>
              ) : (
                <Stack gap={6}>
                  <Text size="sm" c="dimmed" data-testid="reminder-help">
                    {kinds.length ? t("connections.reminderCanConnect", { options: kinds.map((k) => t(`connections.kind_${k}`)).join(" / ") }) : t("connections.reminderOnly", { network: t(`networks.${c.network}`) })}
                  </Text>
                  {canManage && !kinds.length && (
                    <Anchor component="button" type="button" size="xs" ta="left" onClick={() => setAdvanced((a) => ({ ...a, [c.id]: !a[c.id] }))} aria-expanded={!!advanced[c.id]}>
                      {t("connections.ownAutomation")}
                    </Anchor>
                  )}
                  {canManage && offered.length > 0 && (
                    <>
                      {offered.length > 1 && <SegmentedControl size="xs" value={form.kind} onChange={(v) => setForm({ kind: v as Form["kind"] })} data={offered.map((k) => ({ value: k, label: t(`connections.kind_${k}`) }))} />}
                      {form.kind === "telegram" && <TelegramForm form={form} setForm={setForm} errors={fieldErrors[c.id] ?? {}} onConnect={() => void run(c.id, () => api.create({ kind: "telegram", channelId: c.id, config: { chat: form.chat.trim() }, secret: { botToken: form.secret.trim() } }))} />}
                      {form.kind === "mastodon" && (
                        <>
                          <TextInput size="xs" label={t("connections.instance")} placeholder="https://mastodon.social" value={form.url} onChange={(e) => setForm({ url: e.currentTarget.value })} />
                          <PasswordInput size="xs" label={t("connections.accessToken")} description={t("connections.accessTokenHint")} value={form.secret} onChange={(e) => setForm({ secret: e.currentTarget.value })} />
                          <Button size="xs" w="fit-content" disabled={!form.url || !form.secret} onClick={() => void run(c.id, () => api.create({ kind: "mastodon", channelId: c.id, config: { instance: form.url.trim() }, secret: { accessToken: form.secret } }))}>
                            {t("connections.connectMastodon")}
                          </Button>
                        </>
                      )}
                      {form.kind === "wordpress" && (
                        <>
                          <TextInput size="xs" label={t("connections.siteUrl")} placeholder="https://blog.example.com" value={form.url} onChange={(e) => setForm({ url: e.currentTarget.value })} />
                          <TextInput size="xs" label={t("connections.username")} value={form.username} onChange={(e) => setForm({ username: e.currentTarget.value })} />
                          <PasswordInput size="xs" label={t("connections.applicationPassword")} description={t("connections.applicationPasswordHint")} value={form.secret} onChange={(e) => setForm({ secret: e.currentTarget.value })} />
                          <Button size="xs" w="fit-content" disabled={!form.url || !form.username || !form.secret} onClick={() => void run(c.id, () => api.create({ kind: "wordpress", channelId: c.id, config: { siteUrl: form.url.trim(), username: form.username.trim() }, secret: { applicationPassword: form.secret } }))}>
                            {t("connections.connectWordpress")}
                          </Button>
                        </>
                      )}
                      {form.kind === "webhook" ? (
                        <>
                          <TextInput size="xs" label={t("connections.webhookUrl")} placeholder="https://hooks.zapier.com/…" value={form.url} onChange={(e) => setForm({ url: e.currentTarget.value })} />
                          <PasswordInput size="xs" label={t("connections.signingSecret")} description={t("connections.signingSecretHint")} value={form.secret} onChange={(e) => setForm({ secret: e.currentTarget.value })} />
                          <Button size="xs" w="fit-content" disabled={!form.url || !form.secret} onClick={() => void run(c.id, () => api.create({ kind: "webhook", channelId: c.id, config: { url: form.url.trim() }, secret: { signingSecret: form.secret } }))}>
                            {t("connections.connectWebhook")}
                          </Button>
                        </>
                      ) : form.kind === "bluesky" ? (
                        <>
                          <TextInput size="xs" label={t("connections.service")} description={t("connections.serviceHint")} value={form.service} onChange={(e) => setForm({ service: e.currentTarget.value })} />
                          <TextInput size="xs" label={t("connections.handle")} placeholder="yourshop.bsky.social" value={form.handle} onChange={(e) => setForm({ handle: e.currentTarget.value })} />
                          <PasswordInput size="xs" label={t("connections.appPassword")} description={t("connections.appPasswordHint")} value={form.secret} onChange={(e) => setForm({ secret: e.currentTarget.value })} />
                          <Button size="xs" w="fit-content" disabled={!form.service || !form.handle || !form.secret} onClick={() => void run(c.id, () => api.create({ kind: "bluesky", channelId: c.id, config: { service: form.service.trim(), handle: form.handle.trim().replace(/^@/, "") }, secret: { appPassword: form.secret } }))}>
                            {t("connections.connectBluesky")}
                          </Button>
                        </>
                      ) : null}
                    </>
                  )}
                </Stack>
              )}
              {errors[c.id] && (
                <Text size="sm" c="red" mt={4}>
                  {errors[c.id]}
                </Text>
              )}
            </Card>
          );
        })}
      </Stack>
    </Drawer>
  );
}

/**
 * A Telegram channel, posted to by the owner's own bot: the bot token from @BotFather and the channel, with the
 * three steps in plain words (make a bot, make it an admin of the channel allowed to post, paste both here).
 */
function TelegramForm({ form, setForm, errors, onConnect }: { form: Form; setForm: (patch: Partial<Form>) => void; errors: Record<string, string>; onConnect: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} data-testid="telegram-form">
      <List type="ordered" size="xs" spacing={2} data-testid="telegram-help">
        {[t(TELEGRAM_STEPS, { returnObjects: true })].flat().filter((x): x is string => typeof x === "string" && x !== TELEGRAM_STEPS).map((step, i) => (
          <List.Item key={i}>{step}</List.Item>
        ))}
      </List>
      <PasswordInput size="xs" label={t("connections.telegramToken")} description={t("connections.telegramTokenHint")} placeholder="123456789:AA…" value={form.secret} error={errors["secret.botToken"] ?? errors["secret"]} onChange={(e) => setForm({ secret: e.currentTarget.value })} autoComplete="off" data-testid="telegram-token" />
      <TextInput size="xs" label={t("connections.telegramChat")} description={t("connections.telegramChatHint")} placeholder="@yourshop" value={form.chat} error={errors["config.chat"] ?? errors["config"]} onChange={(e) => setForm({ chat: e.currentTarget.value })} data-testid="telegram-chat" />
      <Button size="xs" w="fit-content" disabled={!form.chat.trim() || !form.secret.trim()} onClick={onConnect} data-testid="telegram-connect">
        {t("connections.connectTelegram")}
      </Button>
    </Stack>
  );
}
