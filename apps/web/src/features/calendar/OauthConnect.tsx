import { Alert, Anchor, Avatar, Button, Group, Stack, Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import type { Connection, OauthConnectionKind, Workspace } from "@socialplan/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { useMe } from "../auth/session.ts";
import { accountLine, expiryWarning, keyText, networkOfKind, providerOf, quotaShare, useOauthApi, useOauthApps, type AppUrlReachability } from "../connections/oauth.ts";
import { useConnectionApi } from "./posts.ts";
import { StatusIcon } from "./StatusBadge.tsx";

/**
 * Sends the member to the network's consent screen (a new connection, or `connectionId` to sign in again). When the
 * networks cannot fetch media from APP_URL, says so first and lets them choose: the sign-in works, but posts with
 * images or video would fail until the address is public.
 */
export function useSignIn(workspaceId: string) {
  const { t } = useTranslation();
  const api = useOauthApi(workspaceId);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ key: string; message: string; code: string } | null>(null);
  const go = async (key: string, body: { kind: OauthConnectionKind; channelId: string; connectionId?: string }) => {
    setBusy(key);
    setError(null);
    try {
      const res = await api.start(body);
      if (res.appUrl.publiclyReachable) {
        window.location.assign(res.authorizeUrl);
        return;
      }
      setBusy(null);
      modals.openConfirmModal({
        title: t("oauth.appUrlWarning.title", { network: t(`networks.${networkOfKind(body.kind)}`) }),
        children: <AppUrlWarningText appUrl={res.appUrl} signingIn />,
        labels: { confirm: t("oauth.appUrlWarning.continue"), cancel: t("common.cancel") },
        confirmProps: { "data-testid": "signin-anyway" } as never,
        onConfirm: () => window.location.assign(res.authorizeUrl),
      });
    } catch (e) {
      setBusy(null);
      // A refused start names its reason as a field's message key (connection.oauth_not_configured: no developer app yet).
      const field = e instanceof ApiError ? e.fields[0] : undefined;
      setError({ key, message: field?.message ?? (e instanceof ApiError ? e.message : String(e)), code: field?.code ?? (e instanceof ApiError ? e.code : "unknown") });
    }
  };
  return { go, busy, error };
}

/** Why APP_URL does not work for the networks, and what to do about it. */
export function AppUrlWarningText({ appUrl, signingIn = false }: { appUrl: AppUrlReachability; signingIn?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Text size="sm">{t("oauth.appUrlWarning.body", { appUrl: appUrl.appUrl })}</Text>
      {appUrl.reason && (
        <Text size="sm" fs="italic">
          {keyText(t, "appUrlReasons", appUrl.reason, "oauth.appUrlWarning.reasonUnknown")}
        </Text>
      )}
      <Text size="sm">{t("oauth.appUrlWarning.fix")}</Text>
      {signingIn && <Text size="sm">{t("oauth.appUrlWarning.continueNote")}</Text>}
    </Stack>
  );
}

/**
 * The sign-in buttons of an Instagram, Facebook or Threads channel, each with one line on what it is for. An instance
 * admin sees up front when the network's developer app is missing (with a link to instance settings); anyone else
 * learns it from the server's answer, which says an instance admin must add it.
 */
export function OauthConnectButtons({ workspaceId, channelId, kinds }: { workspaceId: string; channelId: string; kinds: OauthConnectionKind[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const instanceAdmin = me.data?.instanceAdmin === true;
  const apps = useOauthApps(instanceAdmin);
  const signIn = useSignIn(workspaceId);
  const missing = (kind: OauthConnectionKind) => !!apps.data && !apps.data.apps.find((a) => a.provider === providerOf(kind))?.configured;
  return (
    <Stack gap="xs" data-testid="oauth-connect">
      {kinds.map((kind) => (
        <Stack key={kind} gap={2}>
          <Button size="xs" w="fit-content" maw="100%" loading={signIn.busy === kind} disabled={missing(kind)} onClick={() => void signIn.go(kind, { kind, channelId })} data-testid={`oauth-connect-${kind}`}>
            {t(`oauth.connect_${kind}`)}
          </Button>
          <Text size="xs" c="dimmed">
            {t(`oauth.connectHint_${kind}`)}
          </Text>
          {missing(kind) && <AppMissing kind={kind} />}
          {signIn.error?.key === kind && (
            <Alert color="red" p="xs" data-testid="oauth-start-error">
              <Text size="sm">{signIn.error.message}</Text>
              {instanceAdmin && signIn.error.code.includes("not_configured") && (
                <Anchor component={Link} to="/instance" size="sm">
                  {t("oauth.openInstanceSettings")}
                </Anchor>
              )}
            </Alert>
          )}
        </Stack>
      ))}
    </Stack>
  );
}

/** Seen by instance admins only (the only ones who can read which apps are set): what is missing, and where to add it. */
function AppMissing({ kind }: { kind: OauthConnectionKind }) {
  const { t } = useTranslation();
  return (
    <Text size="xs" c="orange.9" data-testid="oauth-app-missing">
      {t("oauth.appMissing", { provider: t(`instance.provider_${providerOf(kind)}`) })}{" "}
      <Anchor component={Link} to="/instance" size="xs">
        {t("oauth.openInstanceSettings")}
      </Anchor>
    </Text>
  );
}

/**
 * An account connected by signing in with the network: who it is, whether it works (and why not), when to sign in
 * again, the network's rate-limit pause, the posting quota, when its numbers were last read; check it with a
 * harmless read, sign in again, or disconnect (which withdraws Socialplan's access at the network).
 */
export function OauthConnectionDetails({ workspace, conn, canManage }: { workspace: Workspace; conn: Connection & { kind: OauthConnectionKind }; canManage: boolean }) {
  const { t } = useTranslation();
  const f = useFormat(workspace.timezone);
  const oauth = useOauthApi(workspace.id);
  const connections = useConnectionApi(workspace.id);
  const signIn = useSignIn(workspace.id);
  const [checked, setChecked] = useState<{ ok: boolean; message: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const config = conn.config as { username?: string; name?: string; pictureUrl?: string; accountId?: string };
  const line = accountLine(conn.kind, { id: config.accountId ?? "", username: config.username ?? null });
  const network = t(`networks.${networkOfKind(conn.kind)}`);
  const now = Date.now();
  const expiry = expiryWarning(conn, now);
  const holding = conn.holdUntil && new Date(conn.holdUntil).getTime() > now ? conn.holdUntil : null;
  const sameDay = (iso: string) => f.date(iso) === f.date(new Date(now).toISOString());
  const check = async () => {
    setChecking(true);
    setChecked(null);
    try {
      const res = await oauth.check(conn.id);
      const who = res.account ? (res.account.username ? `@${res.account.username}` : res.account.name) : "";
      setChecked(res.ok ? { ok: true, message: t("oauth.checkOk", { network, who }) } : { ok: false, message: keyText(t, "oauthErrors", res.error, "oauth.checkFailed") });
    } catch (e) {
      setChecked({ ok: false, message: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setChecking(false);
    }
  };
  const disconnect = () =>
    modals.openConfirmModal({
      title: t("oauth.disconnectTitle", { label: conn.label }),
      children: <Text size="sm">{t(`oauth.disconnectBody_${providerOf(conn.kind)}`, { network })}</Text>,
      labels: { confirm: t("connections.disconnect"), cancel: t("common.cancel") },
      confirmProps: { color: "red" },
      onConfirm: () => void connections.remove(conn.id).catch((e: unknown) => setChecked({ ok: false, message: e instanceof ApiError ? e.message : String(e) })),
    });
  const reconnect = () => void signIn.go("reconnect", { kind: conn.kind, channelId: conn.channelId, connectionId: conn.id });
  return (
    <Stack gap={6} data-testid="oauth-connection">
      <Group gap="sm" wrap="nowrap">
        <Avatar alt="" radius="xl" size={36}>
          {(config.name ?? conn.label).replace(/^@/, "").slice(0, 1).toUpperCase()}
        </Avatar>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate>
            {config.name ?? conn.label}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {[line.sub, line.role ? t(`connect.role_${line.role}`) : t(`connections.kind_${conn.kind}`)].filter(Boolean).join(" · ")}
          </Text>
        </div>
      </Group>
      {conn.status === "paused" && (
        <Alert color="orange" title={t("connections.pausedTitle")} p="xs">
          <Text size="sm">{conn.statusReason ?? t("oauth.pausedNoReason")}</Text>
          {canManage && (
            <Group gap="xs" mt={6}>
              <Button size="xs" loading={signIn.busy === "reconnect"} onClick={reconnect}>
                {t("oauth.signInAgain", { network })}
              </Button>
              {/* When the cause has passed (a permission given back at the network), the same sign-in may simply go on. */}
              <Button size="xs" variant="default" onClick={() => void connections.resume(conn.id).catch((e: unknown) => setChecked({ ok: false, message: e instanceof ApiError ? e.message : String(e) }))}>
                {t("connections.resume")}
              </Button>
            </Group>
          )}
        </Alert>
      )}
      {conn.status === "active" && expiry && (
        <Alert color={expiry === "expired" ? "red" : "yellow"} p="xs" data-testid="oauth-expiry" title={expiry === "expired" ? t("oauth.expiredTitle") : t("oauth.expiresTitle", { date: f.date(conn.tokenExpiresAt!) })}>
          <Text size="sm">{t("oauth.expiresBody", { network })}</Text>
          {canManage && (
            <Button size="xs" mt={6} loading={signIn.busy === "reconnect"} onClick={reconnect}>
              {t("oauth.reconnect")}
            </Button>
          )}
        </Alert>
      )}
      {holding && (
        <Text size="sm" data-testid="oauth-hold">
          <span style={{ verticalAlign: "-2px" }}>
            <StatusIcon status="scheduled" size={14} />
          </span>{" "}
          {t("oauth.hold", { network, time: sameDay(holding) ? f.time(holding) : f.dateTime(holding) })}
        </Text>
      )}
      {conn.quota && (
        <Text size="sm" data-testid="oauth-quota" title={t("oauth.checkedAt", { time: f.exact(conn.quota.checkedAt) })}>
          {(quotaShare(conn) ?? 0) >= 0.8 && <span aria-hidden>⚠ </span>}
          {t("oauth.quota", { network, used: f.number(conn.quota.used), limit: f.number(conn.quota.limit), hours: conn.quota.windowHours })}
        </Text>
      )}
      <Text size="xs" c="dimmed" data-testid="oauth-numbers">
        {conn.numbersSyncedAt ? t("oauth.numbersRead", { when: f.relative(conn.numbersSyncedAt) }) : t("oauth.numbersNotYet")}
      </Text>
      {signIn.error && (
        <Text size="sm" c="red">
          {signIn.error.message}
        </Text>
      )}
      {checked && (
        <Text size="sm" c={checked.ok ? "teal.9" : "red"} role="status" data-testid="oauth-check-result">
          {checked.ok ? "✓ " : ""}
          {checked.message}
        </Text>
      )}
      {canManage && (
        <Group gap="xs">
          <Button size="xs" variant="default" loading={checking} onClick={() => void check()}>
            {t("oauth.check")}
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={disconnect}>
            {t("connections.disconnect")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
