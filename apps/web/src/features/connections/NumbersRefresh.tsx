import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client.ts";
import { useFormat } from "../../lib/format.ts";
import { useConnections } from "../calendar/posts.ts";
import { isOauthKind, keyText, useOauthApi, type NumbersSync } from "./oauth.ts";

/**
 * On the dashboard, for workspaces with an account signed in with Instagram, Facebook or Threads: when their numbers
 * were last read (a daily job reads them), and "Refresh now", which reads them at once and says what it read:
 * accounts, posts, posts made outside Socialplan that were imported, and the accounts that could not be read and why.
 */
export function NumbersRefresh({ workspaceId, zone, canRefresh }: { workspaceId: string; zone: string; canRefresh: boolean }) {
  const { t } = useTranslation();
  const f = useFormat(zone);
  const connections = useConnections(workspaceId);
  const oauth = useOauthApi(workspaceId);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<NumbersSync | null>(null);
  const [error, setError] = useState<string | null>(null);
  const signedIn = (connections.data ?? []).filter((c) => isOauthKind(c.kind));
  if (!signedIn.length) return null;
  const last = signedIn
    .map((c) => c.numbersSyncedAt)
    .filter((x): x is string => !!x)
    .sort()
    .at(-1);
  const labelOf = (id: string) => signedIn.find((c) => c.id === id)?.label ?? "";
  const refresh = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await oauth.refreshNumbers());
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={6} data-testid="numbers-refresh">
      <Group gap="sm">
        <Text size="sm" c="dimmed" data-testid="numbers-last-read" title={last ? f.exact(last) : undefined}>
          {last ? t("oauth.numbersLastRead", { when: f.relative(last) }) : t("oauth.numbersNeverRead")}
        </Text>
        {canRefresh && (
          <Button size="xs" variant="default" loading={busy} onClick={() => void refresh()} data-testid="numbers-refresh-now">
            {t("oauth.refreshNow")}
          </Button>
        )}
      </Group>
      {result && (
        <Alert color={result.failed.length ? "orange" : "teal"} p="xs" role="status" data-testid="numbers-refresh-result">
          <Text size="sm">
            {t("oauth.refreshRead", { count: result.accounts })} {t("oauth.refreshPosts", { count: result.posts })} {t("oauth.refreshImported", { count: result.imported })}
          </Text>
          {result.failed.map((x) => (
            <Text key={x.connectionId} size="sm">
              <span aria-hidden>⚠ </span>
              {t("oauth.refreshFailed", { label: labelOf(x.connectionId), reason: keyText(t, "oauthErrors", x.code, "oauth.refreshFailedUnknown") })}
            </Text>
          ))}
        </Alert>
      )}
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}
